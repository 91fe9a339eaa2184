"""What leaving on a given day costs: equity kept and forfeited, repayments owed, the token budget forfeited.

The contract's "Leaving" (offer-v1, version 1.1): each grant's units vested on
or before the leaving day are kept and the rest forfeited, each valued at its
unit value (an option at its spread) in the offer's currency at the rates of
its effective date, rounded once; each repayment owed by the contract's rule
(:func:`~tokencomp.model.cash.repayment_owed`), in the payment's own currency; the
token budget's remaining allowance forfeited by the ledger's rules. The budget
forfeited is an allowance of compute that ends with the job, not pay lost.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any

import attrs
from babel import Locale

from .._internal.escaping import html_text, isolated
from ..budget.ledger import ledger_for
from ..budget.usage import UsageRecord
from ..codec.sources import RejectedRecord
from ..model.arguments import check_argument
from ..model.cash import Repayment, repayment_owed
from ..model.money import Money, in_context, minor_unit, round_half_up
from ..model.offer import Offer
from ..reference.fx import RateTable
from ..reference.rate_files import default_rates
from .wording import format_money, parse_locale

__all__ = ["GrantOnLeaving", "Leaving", "RepaymentOwed", "leave", "leaving_html", "leaving_json", "leaving_text"]

#: What the output says of version 1's clawback, whose proration the contract does not state.
VERSION_1_CLAWBACK = (
    "version 1's sign_on_clawback_months does not state proration: the whole sign-on is owed until it ends"
)


@attrs.frozen
class GrantOnLeaving:
    """One grant on the leaving day.

    Attributes:
        index: The grant's place in the offer's ``equity``.
        kept_units: Units vested on or before the leaving day.
        forfeited_units: Units that would vest after it.
        kept_value: What the kept units are worth, in the offer's currency.
        forfeited_value: What the forfeited units are worth, in the offer's currency.
        exercise_by: An option's last day to exercise: the leaving day plus its post-termination exercise
            months, not after its expiration date; ``None`` when it states neither or is not an option.

    >>> import datetime
    >>> import importlib.resources
    >>> from tokencomp import leave, loads
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> grant = leave(offer, on=datetime.date(2028, 6, 30)).grants[0]
    >>> grant.kept_units + grant.forfeited_units == offer.grants[0].units
    True
    """

    index: int
    kept_units: int
    forfeited_units: int
    kept_value: Money
    forfeited_value: Money
    exercise_by: datetime.date | None = None


@attrs.frozen
class RepaymentOwed:
    """One repayment on the leaving day.

    Attributes:
        pointer: Where the payment is in the offer (``/one_time/0``, or ``/bonus/sign_on`` for version 1's).
        owed: What is paid back, in the payment's currency, to its minor unit; interest never added.
        note: What the figure rests on, when the contract leaves it open (version 1's proration).

    >>> from tokencomp import Money, RepaymentOwed
    >>> RepaymentOwed("/one_time/0", Money("4005.47", "EUR")).owed.amount
    Decimal('4005.47')
    """

    pointer: str
    owed: Money
    note: str | None = None


@attrs.frozen
class Leaving:
    """What leaving an offer's job on day *on* keeps, forfeits and owes.

    Attributes:
        offer_id: The offer's id.
        on: The leaving day (the last day of employment).
        currency: The offer's currency, of the equity values.
        grants: Each grant's units and values kept and forfeited.
        repayments: Each repayment, owed or not.
        token_budget_forfeited: The token budget's allowance left unused and forfeited (an allowance, not
            pay); ``None`` without a budget.

    >>> import datetime
    >>> import importlib.resources
    >>> from tokencomp import leave, loads
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> leaving = leave(offer, on=datetime.date(2026, 9, 30))
    >>> [r.owed.amount for r in leaving.repayments]
    [Decimal('20000.00')]
    """

    offer_id: str
    on: datetime.date
    currency: str
    grants: tuple[GrantOnLeaving, ...]
    repayments: tuple[RepaymentOwed, ...]
    token_budget_forfeited: Money | None


_TAKES_DAY = datetime.date


@in_context
def leave(
    offer: Offer,
    on: datetime.date | str,
    *,
    usage: Iterable[UsageRecord | RejectedRecord] = (),
    rates: RateTable | None = None,
) -> Leaving:
    """Work out what leaving *offer*'s job on day *on* keeps, forfeits and owes.

    Args:
        offer: The offer.
        on: The leaving day: a date, or an ISO 8601 string such as ``"2027-03-31"``.
        usage: Usage records of the token budget; without them, none was used.
        rates: The exchange rates of the equity values (at the effective date); the embedded ECB snapshot by default.

    Raises:
        RuleViolation: *offer* or *on* is of a wrong type.
        RateNotFoundError: A grant's currency has no rate on the effective date.

    >>> import datetime
    >>> from tokencomp import Money, Offer, OneTimePayment, Repayment, Salary, SalaryPeriod, leave
    >>> relocation = OneTimePayment(kind="relocation", amount=Money("8000.00", "EUR"),
    ...     repayment=Repayment(months=24, prorated=True, separate_agreement=True))
    >>> offer = Offer("x", datetime.date(2026, 7, 1), "EUR", Salary(Money("85000.00", "EUR"), SalaryPeriod.YEAR),
    ...     schema_version="1.1", one_time=[relocation])
    >>> leave(offer, on="2027-07-01").repayments[0].owed
    Money(amount=Decimal('4005.47'), currency='EUR')
    """
    offer = check_argument("offer", offer, Offer)
    day: datetime.date = check_argument("on", on, _TAKES_DAY)
    table = rates or default_rates()
    digits = minor_unit(offer.currency)

    def value(units: int, worth: Money) -> Money:
        exact = Fraction(worth.amount) * units
        if worth.currency != offer.currency:
            exact *= table.rate(worth.currency, offer.currency, offer.effective_date).exact_rate
        return Money(round_half_up(exact, digits), offer.currency)

    grants = []
    for index, grant in enumerate(offer.grants):
        kept = grant.vesting.vested_on(grant.units, day)
        worth = grant.unit_worth()
        grants.append(
            GrantOnLeaving(
                index,
                kept,
                grant.units - kept,
                value(kept, worth),
                value(grant.units - kept, worth),
                grant.exercise_deadline(day),
            )
        )
    repayments = []
    bonus = offer.bonus
    if bonus is not None and bonus.sign_on is not None and bonus.sign_on_clawback_months:
        terms = Repayment(months=bonus.sign_on_clawback_months, prorated=False, separate_agreement=False)
        owed = repayment_owed(bonus.sign_on, offer.effective_date, terms, day)
        repayments.append(RepaymentOwed("/bonus/sign_on", owed, VERSION_1_CLAWBACK))
    for index, payment in enumerate(offer.payments):
        if payment.repayment is not None:
            repayments.append(RepaymentOwed(f"/one_time/{index}", payment.owed(offer.effective_date, day)))
    forfeited = None
    if offer.token_budget is not None and day >= offer.effective_date:
        ledger = ledger_for(offer, usage, terminated=day, rates=table)
        forfeited = ledger.periods[-1].forfeited if ledger.periods else Money(0, ledger.currency).rounded()
    return Leaving(offer.id, day, offer.currency, tuple(grants), tuple(repayments), forfeited)


def leaving_json(leaving: Leaving) -> dict[str, Any]:
    """*leaving* as the JSON the command line writes: money as decimal strings.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod, leave, leaving_json
    >>> offer = Offer("x", datetime.date(2026, 7, 1), "EUR", Salary(Money("85000.00", "EUR"), SalaryPeriod.YEAR))
    >>> leaving_json(leave(offer, on="2027-01-31"))
    {'offer_id': 'x', 'on': '2027-01-31', 'currency': 'EUR', 'grants': [], 'repayments': [], 'token_budget': None}
    """

    def repayment(owed: RepaymentOwed) -> dict[str, Any]:
        entry = {"pointer": owed.pointer, "owed": format(owed.owed.amount, "f"), "currency": owed.owed.currency}
        return entry | ({"note": owed.note} if owed.note else {})

    budget = leaving.token_budget_forfeited
    return {
        "offer_id": leaving.offer_id,
        "on": leaving.on.isoformat(),
        "currency": leaving.currency,
        "grants": [
            {
                "index": grant.index,
                "kept_units": grant.kept_units,
                "forfeited_units": grant.forfeited_units,
                "kept_value": format(grant.kept_value.amount, "f"),
                "forfeited_value": format(grant.forfeited_value.amount, "f"),
            }
            | ({"exercise_by": grant.exercise_by.isoformat()} if grant.exercise_by is not None else {})
            for grant in leaving.grants
        ],
        "repayments": [repayment(owed) for owed in leaving.repayments],
        "token_budget": None
        if budget is None
        else {"forfeited": format(budget.amount, "f"), "currency": budget.currency},
    }


def _lines(leaving: Leaving, money: Callable[[Money], str]) -> list[str]:
    """The text's lines, each already formatted; *money* formats a Money."""
    lines = [f"Offer {isolated(leaving.offer_id)}: leaving on {leaving.on.isoformat()}", ""]
    for grant in leaving.grants:
        lines.append(
            f"Grant {grant.index + 1}: keeps {grant.kept_units:,} units ({money(grant.kept_value)}), "
            f"forfeits {grant.forfeited_units:,} units ({money(grant.forfeited_value)})"
            + (f"; exercise by {grant.exercise_by.isoformat()}" if grant.exercise_by is not None else "")
        )
    for owed in leaving.repayments:
        note = f" ({owed.note})" if owed.note else ""
        lines.append(f"Repayment {owed.pointer}: owes {money(owed.owed)}{note}")
    if leaving.token_budget_forfeited is not None:
        lines.append(
            f"Token budget: {money(leaving.token_budget_forfeited)} of allowance left unused ends with the job. "
            "It is an allowance of AI compute, not pay: nothing earned is lost."
        )
    if len(lines) == 2:
        lines.append("Nothing is kept, forfeited or owed.")
    return lines


def leaving_text(leaving: Leaving, locale: Locale | str = "en_US") -> str:
    """*leaving* as plain text, its money formatted for *locale*.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod, leave, leaving_text
    >>> offer = Offer("x", datetime.date(2026, 7, 1), "EUR", Salary(Money("85000.00", "EUR"), SalaryPeriod.YEAR))
    >>> print(leaving_text(leave(offer, on="2027-01-31")).splitlines()[-1])
    Nothing is kept, forfeited or owed.
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale

    def money(amount: Money) -> str:
        return format_money(amount, locale)

    return "\n".join(_lines(leaving, money))


def leaving_html(leaving: Leaving, locale: Locale | str = "en_US") -> str:
    """*leaving* as a small HTML document, every text escaped.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod, leave, leaving_html
    >>> offer = Offer("<b>", datetime.date(2026, 7, 1), "EUR", Salary(Money("1.00", "EUR"), SalaryPeriod.YEAR))
    >>> "&lt;b&gt;" in leaving_html(leave(offer, on="2027-01-31"))
    True
    """
    lines = leaving_text(leaving, locale).splitlines()
    body = "\n".join(f"<p>{html_text(line)}</p>" for line in lines if line)
    head = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Leaving</title></head>\n'
    return f"{head}<body>\n{body}\n</body></html>\n"
