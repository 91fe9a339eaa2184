"""Offer comparison: every summary figure side by side, in one currency.

The plain-language verdict keeps apart what compounds and goes with the
person (total compensation) from what only the employer spends (the fully
loaded cost, token budget included).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

import attrs
from babel import Locale

from .._internal.escaping import isolated, plain
from .._internal.translations import N_, translations
from ..model.arguments import check_argument
from ..model.money import in_context
from ..model.offer import Offer
from ..reference.fx import RateTable
from .advisories import AdvisoryPolicy, advisory_text
from .summary import Summary, summarize
from .wording import format_amount, format_money, format_rate, pad, rate_dates, text_width

__all__ = ["Comparison", "compare", "comparison_text"]

ANNUAL_FIGURES = (
    "salary",
    "bonus",
    "commission",
    "target_total_cash",
    "allowances",
    "equity",
    "benefits",
    "token_budget",
    "cash",
    "total_compensation",
    "total_rewards",
    "fully_loaded_cost",
)
#: Rows shown only when either offer has the figure (the last: when either has the first), so that two
#: offers without them compare as they always did.
_SHOWN_WHEN = {
    "commission": "commission",
    "target_total_cash": "commission",
    "allowances": "allowances",
    "benefits": "benefits",
    "total_rewards": "benefits",
    "token_budget": "token_budget",
}
#: The row label of each figure, for the catalogs.
_LABELS = {
    "salary": N_("Salary"),
    "bonus": N_("Bonus"),
    "commission": N_("Commission (target)"),
    "target_total_cash": N_("Target total cash"),
    "allowances": N_("Allowances"),
    "benefits": N_("Benefits"),
    "total_rewards": N_("Total rewards"),
    "equity": N_("Equity"),
    "token_budget": N_("Token budget"),
    "cash": N_("Cash"),
    "total_compensation": N_("Total compensation"),
    "fully_loaded_cost": N_("Fully loaded cost"),
}
FIRST_YEAR_FIGURES = (
    "salary",
    "bonus",
    "commission",
    "allowances",
    "one_time",
    "sign_on",
    "equity",
    "benefits",
    "token_budget",
    "cash",
    "total_compensation",
    "total_rewards",
    "fully_loaded_cost",
)


@attrs.frozen
class Comparison:
    """Two offers summarized in one currency, and B's figures less A's.

    Attributes:
        currency: The currency of every figure.
        a: The summary of offer A, with the rates it used.
        b: The summary of offer B, with the rates it used.
        annual_difference: For each annual money figure, B's less A's.
        first_year_difference: For each first-year money figure, B's less A's.
        verdict: Sentences that separate the pay that compounds from the spend that does not.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod, compare
    >>> def offer(salary: str) -> Offer:
    ...     return Offer("x", datetime.date(2026, 3, 1), "USD", Salary(Money(salary, "USD"), SalaryPeriod.YEAR))
    >>> compare(offer("100000.00"), offer("110000.00")).annual_difference["salary"]
    Decimal('10000.00')
    """

    currency: str
    a: Summary
    b: Summary
    annual_difference: dict[str, Decimal]
    first_year_difference: dict[str, Decimal]
    verdict: tuple[str, ...]


def _money(amount: Decimal, currency: str, locale: Locale | str) -> str:
    return format_money(abs(amount), currency, locale)


def _verdict(cost: Decimal, pay: Decimal, currency: str, locale: Locale | str) -> tuple[str, ...]:
    _ = translations(locale).gettext
    if cost == 0 and pay == 0:
        return (_("A and B cost the employer the same and pay the same in compensation that compounds."),)
    if cost == 0:
        spends = _("costs the employer the same as A")
    elif cost > 0:
        spends = _("costs the employer {amount} more a year").format(amount=_money(cost, currency, locale))
    else:
        spends = _("costs the employer {amount} less a year").format(amount=_money(cost, currency, locale))
    if pay == 0:
        pays = _("pays the same in compensation that compounds and goes with the person")
    elif pay > 0:
        pays = _("pays {amount} a year more in compensation that compounds and goes with the person").format(
            amount=_money(pay, currency, locale)
        )
    else:
        pays = _("pays {amount} a year less in compensation that compounds and goes with the person").format(
            amount=_money(pay, currency, locale)
        )
    contrast = (cost > 0) != (pay > 0) and cost != 0 and pay != 0
    lines = [
        (_("B {spends}, but {pays}.") if contrast else _("B {spends}, and {pays}.")).format(spends=spends, pays=pays)
    ]
    token_gap = cost - pay  # the fully loaded cost is total compensation plus the token budget
    if token_gap:
        gap = _money(token_gap, currency, locale)
        lines.append(
            (
                _(
                    "B has {amount} a year more token budget, which does not vest, does not move with the person "
                    "and is forfeited on leaving."
                )
                if token_gap > 0
                else _(
                    "B has {amount} a year less token budget, which does not vest, does not move with the person "
                    "and is forfeited on leaving."
                )
            ).format(amount=gap)
        )
    return tuple(lines)


@in_context
def compare(
    a: Offer,
    b: Offer,
    currency: str | None = None,
    as_of: datetime.date | str | None = None,
    rates: RateTable | None = None,
    *,
    locale: Locale | str = "en_US",
    policy: AdvisoryPolicy | None = None,
    max_age_days: int | None = None,
    share_price_multiples: Sequence[Decimal | int | str] = (),
) -> Comparison:
    """Compare offer *b* with offer *a*, in *currency* (A's by default).

    Each offer is summarized with the rates of *as_of* (a date or an ISO
    8601 string; by default, its own effective date), and every rate used is
    recorded in its summary. *policy*, *max_age_days* and
    *share_price_multiples* (each summary's scenarios, side by side in the
    text) are passed to :func:`~tokencomp.summarize`.

    Raises:
        RuleViolation: *a* or *b* is not an :class:`~tokencomp.model.offer.Offer`
            (at ``/a`` or ``/b``), or *as_of* is not a date.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, compare
    >>> day = datetime.date(2026, 3, 1)
    >>> a = Offer("a", day, "USD", Salary(Money("400000.00", "USD"), SalaryPeriod.YEAR))
    >>> b = Offer("b", day, "USD", Salary(Money("375000.00", "USD"), SalaryPeriod.YEAR),
    ...           token_budget=TokenBudget(rollover=Rollover.NONE, allowance=Money("100000.00", "USD"),
    ...                                    period=BudgetPeriod.YEAR))
    >>> result = compare(a, b)
    >>> result.annual_difference["fully_loaded_cost"], result.annual_difference["total_compensation"]
    (Decimal('75000.00'), Decimal('-25000.00'))
    >>> print(result.verdict[0][:71])
    B costs the employer $75,000.00 more a year, but pays $25,000.00 a year
    >>> print(result.verdict[0][71:])
     less in compensation that compounds and goes with the person.
    >>> print(result.verdict[1][:42])
    B has $100,000.00 a year more token budget
    """
    a, b = check_argument("a", a, Offer), check_argument("b", b, Offer)
    target = currency or a.currency
    first, second = (
        summarize(
            offer,
            currency=target,
            as_of=as_of,
            rates=rates,
            policy=policy,
            max_age_days=max_age_days,
            share_price_multiples=share_price_multiples,
        )
        for offer in (a, b)
    )
    annual = {name: getattr(second.annual, name) - getattr(first.annual, name) for name in ANNUAL_FIGURES}
    first_year = {
        name: getattr(second.first_year, name) - getattr(first.first_year, name) for name in FIRST_YEAR_FIGURES
    }
    verdict = _verdict(annual["fully_loaded_cost"], annual["total_compensation"], target, locale)
    return Comparison(target, first, second, annual, first_year, verdict)


@in_context
def comparison_text(result: Comparison, locale: Locale | str = "en_US") -> str:
    """Return *result* as a plain-text table, B less A, the verdict and the rates used, for *locale*.

    The token-budget row is left out when neither offer has a budget.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod
    >>> def offer(salary: str) -> Offer:
    ...     return Offer("x", datetime.date(2026, 3, 1), "USD", Salary(Money(salary, "USD"), SalaryPeriod.YEAR))
    >>> text = comparison_text(compare(offer("100000.00"), offer("110000.00")))
    >>> print(text.splitlines()[3])
    Salary                       $100,000.00       $110,000.00        $10,000.00
    >>> "Token budget" in text
    False
    """
    _ = translations(locale).gettext
    currency = result.currency

    def cell(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    lines = [
        _("A: {a}   B: {b}   (annual figures in {currency})").format(
            a=isolated(result.a.offer_id), b=isolated(result.b.offer_id), currency=currency
        )
    ]
    if result.a.fx or result.b.fx:
        dates = [rate_dates(summary.fx, summary.as_of, locale) for summary in (result.a, result.b)]
        lines.append(
            _("A and B: {rates}").format(rates=dates[0])
            if dates[0] == dates[1]
            else _("A: {a}; B: {b}").format(a=dates[0], b=dates[1])
        )
    lines.append("")
    shown = [
        name
        for name in ANNUAL_FIGURES
        if name not in _SHOWN_WHEN
        or getattr(result.a.annual, _SHOWN_WHEN[name])
        or getattr(result.b.annual, _SHOWN_WHEN[name])
    ]
    width = max(22, *(text_width(_(_LABELS[name])) + 2 for name in shown))  # a longer translated label widens it
    lines.append(pad("", width) + "".join(pad(head, 18, ">") for head in ("A", "B", _("B - A"))))
    for name in shown:
        a, b = getattr(result.a.annual, name), getattr(result.b.annual, name)
        lines.append(pad(_(_LABELS[name]), width) + "".join(pad(cell(v), 18, ">") for v in (a, b, b - a)))
    for ours, theirs in zip(result.a.scenarios or (), result.b.scenarios or (), strict=True):
        label = _("Total compensation ×{multiple}").format(multiple=format_amount(ours.multiple, locale))
        a, b = ours.annual.total_compensation, theirs.annual.total_compensation
        lines.append(pad(label, width) + "".join(pad(cell(v), 18, ">") for v in (a, b, b - a)))
    lines += ["", *result.verdict]
    stale = {
        advisory_text(a, summary.as_of, locale)
        for summary in (result.a, result.b)
        for a in summary.advisories
        if a.code == "fx-stale"
    }
    lines += [f"[fx-stale] {plain(message)}" for message in sorted(stale)]
    rates_used = {(r.from_currency, r.to_currency, r.date): r for r in (*result.a.fx, *result.b.fx)}
    if rates_used:
        lines += ["", _("Exchange rates used:")]
        lines += [
            "  "
            + _("1 {source_currency} = {rate} {target_currency} on {date}").format(
                source_currency=r.from_currency,
                rate=format_rate(r.rate, locale),
                target_currency=r.to_currency,
                date=r.date,
            )
            for r in rates_used.values()
        ]
    return "\n".join(lines)
