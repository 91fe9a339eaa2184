"""A token budget as the limits an AI gateway enforces: LiteLLM and OpenRouter, as JSON ready to send.

Gateway budgets are US dollar numbers: a budget in another currency is
converted at the ECB rate of the date asked for, and the export says which.
Neither gateway can express rollover or proration: give the ledger's open
period (:class:`~tokencomp.budget.ledger.LedgerPeriod`) and its *available* amount
(allowance + carried in) is exported instead, so that the gateway enforces
the ledger. For the periods after a first export, :func:`tokencomp.budget.reconcile.reconcile`
sets each limit from what the gateway has counted and what the ledger allows.

- LiteLLM (``/user/new``, ``/user/update``): ``user_id``, ``max_budget``
  and ``budget_duration``: ``"1mo"`` for a monthly budget; for a yearly one
  the days of the year it starts (``"365d"``, ``"366d"`` when that year holds
  a 29 February), since LiteLLM's durations have no unit of a year and its
  ``/user/new`` refuses any month count but one (``"12mo"`` is an HTTP 400).
  LiteLLM's user models have no ``soft_budget`` (and LiteLLM drops unknown
  fields silently): the soft budget, a share of ``max_budget`` (0.8 by
  default), is set on the person's key instead, whose models have one:
  :attr:`GatewayLimits.key_limits`, a ``/key/generate`` or ``/key/update``
  body.
- OpenRouter key limits (``PATCH /api/v1/keys/{hash}``): ``limit`` and
  ``limit_reset`` (``"monthly"``). OpenRouter resets daily, weekly or
  monthly only: a yearly budget is exported as its monthly equivalent (a
  twelfth, said in the notes), and refused with a ledger period, whose
  available amount a monthly reset would grant twelve times.
"""

from __future__ import annotations

import datetime
import enum
import re
import secrets
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs

from .._internal.escaping import json_text
from ..codec.converter import unstructure
from ..errors import Problem, RuleViolation
from ..model.components import BudgetPeriod
from ..model.money import Money, in_context, minor_unit, round_half_up
from ..model.offer import Offer
from ..reference.fx import FxRate, RateTable
from ..reference.rate_files import default_rates
from .ledger import LedgerPeriod, budget_per_period, person_of

__all__ = ["DEFAULT_SOFT_SHARE", "Gateway", "GatewayLimits", "exact_json", "gateway_limits"]

#: The share of ``max_budget`` at which LiteLLM warns (a key's ``soft_budget``), unless told otherwise.
DEFAULT_SOFT_SHARE = Decimal("0.8")

_GATEWAY_CURRENCY = "USD"


class Gateway(enum.StrEnum):
    """The gateways a budget can be exported to.

    >>> from tokencomp import Gateway
    >>> [g.value for g in Gateway]
    ['litellm', 'openrouter']
    """

    LITELLM = "litellm"
    OPENROUTER = "openrouter"


@attrs.frozen
class GatewayLimits:
    """A budget as one gateway's limits, with what it was made from.

    Attributes:
        gateway: The gateway.
        limits: The request body, money as exact decimals; :meth:`json` writes it.
        amount: The budget exported, in US dollars, rounded to the cent.
        source: The budget before conversion: the allowance a period, or the
            ledger period's available amount.
        fx: The exchange rate used, when the budget is not in US dollars.
        notes: What the gateway cannot express, and what was done instead.
        key_limits: For LiteLLM, the body that sets the soft budget where
            LiteLLM has one, on the person's key (``/key/generate``,
            ``/key/update``): ``key_alias`` (the person's id and
            ``-token-budget``, which names the key to update), ``user_id``,
            ``max_budget``, ``budget_duration`` and ``soft_budget``; ``None``
            for OpenRouter.

    >>> import importlib.resources
    >>> from tokencomp import Gateway, gateway_limits, loads
    >>> offer = loads((importlib.resources.files("tokencomp") / "data" / "examples" / "p75-engineer.json").read_bytes())
    >>> print(gateway_limits(offer, Gateway.OPENROUTER).json())
    {"name": "example-p75", "limit": 8333.33, "limit_reset": "monthly"}
    """

    gateway: Gateway
    limits: Mapping[str, Any]
    amount: Money
    source: Money
    fx: FxRate | None = None
    notes: tuple[str, ...] = ()
    key_limits: Mapping[str, Any] | None = None

    @in_context
    def json(self, *, indent: int | None = None, with_notes: bool = False) -> str:
        """Return :attr:`limits` as JSON, money as JSON numbers written from their exact decimal text.

        Args:
            indent: As ``json.dumps`` takes it.
            with_notes: Wrap the limits in an object with the gateway, the
                notes, the exchange rate used and (LiteLLM) the key body
                with the soft budget, for people and logs rather than for
                the gateway.

        >>> from decimal import Decimal
        >>> from tokencomp import Gateway, GatewayLimits, Money
        >>> GatewayLimits(Gateway.OPENROUTER, {"limit": Decimal("0.10")}, Money("0.10", "USD"),
        ...               Money("0.10", "USD")).json()
        '{"limit": 0.10}'
        """
        document: dict[str, Any] = dict(self.limits)
        if with_notes:
            fx = None if self.fx is None else unstructure(self.fx)
            document = {"gateway": self.gateway.value, "limits": self.limits, "notes": list(self.notes), "fx": fx}
            if self.key_limits is not None:
                document["key_limits"] = self.key_limits
        return exact_json(document, indent=indent)


@in_context
def exact_json(document: Any, *, indent: int | None = None) -> str:
    """Return *document* as JSON, each Decimal a JSON number written from its exact decimal text.

    >>> from decimal import Decimal
    >>> exact_json({"max_budget": Decimal("1250.00")})
    '{"max_budget": 1250.00}'
    """
    marker = f"decimal-{secrets.token_hex(16)}:"  # made for this call: no person id can forge it
    text = json_text(
        document,
        indent=indent,
        default=lambda value: marker + format(value, "f") if isinstance(value, Decimal) else str(value),
    )
    return re.sub(f'"{marker}(-?[0-9.]+)"', r"\1", text)


@in_context
def gateway_limits(
    offer: Offer,
    gateway: Gateway,
    *,
    soft_share: Decimal = DEFAULT_SOFT_SHARE,
    period: LedgerPeriod | None = None,
    on: datetime.date | None = None,
    rates: RateTable | None = None,
) -> GatewayLimits:
    """Return *offer*'s token budget as *gateway*'s limits.

    Args:
        offer: The offer; its budget a period (:func:`~tokencomp.budget.ledger.budget_per_period`)
            and its person (:func:`~tokencomp.budget.ledger.person_of`).
        gateway: LiteLLM or OpenRouter.
        soft_share: LiteLLM's ``soft_budget`` (on the person's key) as a share of ``max_budget``, from 0 to 1.
        period: A ledger's open period: export its available amount instead of the allowance.
        on: The date of the exchange rate; the period's as-of date, else the offer's effective date.
        rates: The exchange rates; the embedded ECB snapshot by default.

    Raises:
        RuleViolation: *soft_share* is not between 0 and 1, or OpenRouter is
            asked to enforce a yearly ledger period.
        RateNotFoundError: No rate to US dollars on that date.

    >>> import importlib.resources
    >>> from tokencomp import Gateway, gateway_limits, loads
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> limits = gateway_limits(loads((examples / "london-staff-engineer.json").read_bytes()), Gateway.LITELLM)
    >>> limits.limits["max_budget"], limits.key_limits["soft_budget"], limits.limits["budget_duration"]
    (Decimal('4000.00'), Decimal('3200.00'), '1mo')
    """
    problems = []
    if not 0 <= soft_share <= 1:
        problems.append(Problem("/soft_share", "share-out-of-range", f"soft share {soft_share} must be 0 to 1"))
    per_period, budget_period = budget_per_period(offer)
    notes: list[str] = []
    source = per_period.rounded(ROUND_HALF_UP)
    if period is not None:
        source = period.available
        notes.append(
            f"the available amount of the period {period.start} to {period.end} (allowance + carried in): "
            "the gateway cannot roll over or prorate: for the periods after this first export, "
            "run tokencomp reconcile, which sets the limit from what the gateway has counted"
        )
    yearly = budget_period is BudgetPeriod.YEAR
    if gateway is Gateway.OPENROUTER and yearly:
        if period is not None:
            problems.append(Problem("/token_budget/period", "gateway-cannot-express",
                                    "OpenRouter resets limits daily, weekly or monthly, not yearly: a yearly "
                                    "ledger period cannot be enforced there; use LiteLLM, or no --usage"))  # fmt: skip
        else:
            twelfth = Fraction(per_period.amount) / 12  # exact, rounded once
            source = Money(round_half_up(twelfth, minor_unit(per_period.currency)), per_period.currency)
            notes.append("OpenRouter cannot reset a limit yearly: the limit is the monthly equivalent, a twelfth")
    RuleViolation.raise_for(problems)
    day = on or (period.as_of if period is not None and period.as_of else None) or offer.effective_date
    amount, fx = source, None
    if source.currency != _GATEWAY_CURRENCY:
        amount, fx = (rates or default_rates()).convert(source, _GATEWAY_CURRENCY, day)
        notes.append(f"converted from {source.currency} at 1 {fx.from_currency} = {fx.rate} USD, "
                     f"ECB rate of {fx.date} ({fx.source})")  # fmt: skip
    limits: dict[str, Any]
    key_limits = None
    if gateway is Gateway.LITELLM:
        duration = _litellm_duration(yearly, period.start if period is not None else offer.effective_date)
        soft = Money(amount.amount * soft_share, amount.currency).rounded(ROUND_HALF_UP)
        limits = {"user_id": person_of(offer), "max_budget": amount.amount, "budget_duration": duration}
        # The alias names the key for /key/update as well, which finds a key by its key or its alias.
        key_limits = {"key_alias": f"{person_of(offer)}-token-budget", **limits, "soft_budget": soft.amount}
    else:
        limits = {"name": person_of(offer), "limit": amount.amount, "limit_reset": "monthly"}
    return GatewayLimits(gateway, limits, amount, source, fx, tuple(notes), key_limits)


def _litellm_duration(yearly: bool, start: datetime.date) -> str:
    """LiteLLM's ``budget_duration`` of a budget period starting on *start*.

    LiteLLM's parser takes seconds, minutes, hours, days, weeks and months,
    but its user and key endpoints refuse any count of months but one: a
    year is counted in days, those of the year from *start*.

    >>> _litellm_duration(True, datetime.date(2027, 3, 1)), _litellm_duration(True, datetime.date(2027, 2, 1))
    ('366d', '365d')
    """
    if not yearly:
        return "1mo"
    try:
        next_start = start.replace(year=start.year + 1)
    except ValueError:  # 29 February: the year ends on 28 February
        next_start = datetime.date(start.year + 1, 3, 1)
    return f"{(next_start - start).days}d"
