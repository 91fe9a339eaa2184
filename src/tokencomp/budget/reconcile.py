"""The ledger drives the gateway: the limit each person's gateway account needs now, so that it enforces the ledger.

A gateway counts spend and refuses past a limit; it cannot roll over,
prorate or forfeit. So the gateway's own reset is switched off (no
``budget_duration``, OpenRouter's ``limit_reset`` null) and the limit is
moved instead, whenever :func:`reconcile` runs:

    limit = what the gateway has counted so far + what the ledger's current period still allows

What the gateway has counted is its own figure when given (:func:`read_gateway_accounts`,
its key or user list), else the recorded usage the ledger counts. What the
period still allows is its ``remaining`` (allowance + carried in − used, at
least 0), converted to US dollars at the as-of date and rounded *down* to the
cent, so that no limit lets anyone spend more than the ledger allows. A
person terminated on or before the as-of date gets a limit of what is
already counted and is blocked.

Which account: LiteLLM ``/key/update`` by ``metadata.gateway_key`` (the key
or its alias) when the offer names one, else ``/user/update`` by the person
(:func:`~tokencomp.budget.ledger.person_of`); OpenRouter ``PATCH
/api/v1/keys/{hash}`` by ``metadata.gateway_key`` (the key's hash), else the
key named after the person. People whose offers share ``metadata.team`` also
get LiteLLM's ``/team/member_update`` bodies and one ``/team/update`` with the
team's total. An offer whose price snapshot (``token_budget.pricing``, with
its usage mix) names a model gets a LiteLLM ``model_max_budget`` for it: the
gateway's count on that model (its list's ``model_spend``, else that model's
records) + what the period allows.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..codec.converter import parse_json
from ..codec.sources import RejectedRecord
from ..errors import InvalidDocumentError, Problem, RuleViolation
from ..model.components import BudgetPeriod
from ..model.money import Money, in_context, minor_unit, round_half_up
from ..model.offer import Offer
from ..reference.fx import FxRate, RateTable
from ..reference.pricing import PriceCatalog
from ..reference.rate_files import default_rates
from .gateways import Gateway, exact_json
from .ledger import Ledger, LedgerPeriod, ValueAt, budget_per_period, ledgers_for, person_of
from .usage import UsageRecord

__all__ = [
    "DEFAULT_ALERT_SHARES",
    "GATEWAY_KEY_FIELD",
    "TEAM_FIELD",
    "GatewayAccount",
    "GatewayUpdate",
    "LimitChange",
    "read_gateway_accounts",
    "reconcile",
]

#: The shares of a period's available amount at which the gateway is to alert: 50, 80 and 100 %.
DEFAULT_ALERT_SHARES = (Decimal("0.5"), Decimal("0.8"), Decimal("1"))
#: The offer's ``metadata`` key naming the person's gateway key: LiteLLM's key or alias, OpenRouter's key hash.
GATEWAY_KEY_FIELD = "gateway_key"
#: The offer's ``metadata`` key naming the person's LiteLLM team.
TEAM_FIELD = "team"

_USD = "USD"
_CENT = Decimal("0.01")
# The fields that say which account a body is for: always written.
_IDENTIFIERS = ("user_id", "key", "name", "team_id")
# The fields a body sets that an account in the gateway's list shows, compared to say what changes.
_COMPARED = ("max_budget", "soft_budget", "blocked", "max_budget_in_team", "limit", "limit_reset", "disabled")


@attrs.frozen
class GatewayAccount:
    """One key, user or team as the gateway's own list shows it.

    Attributes:
        identifier: The user id, key, key alias, key hash or name it is found by.
        spend: What the gateway has counted on it, in US dollars, exact.
        fields: Its current values (``max_budget``, ``soft_budget``,
            ``blocked``, ``metadata``, ``limit``, ...), as listed.

    >>> from decimal import Decimal
    >>> from tokencomp import GatewayAccount
    >>> GatewayAccount("ada", Decimal("12.50"), {"max_budget": Decimal("100")}).spend
    Decimal('12.50')
    """

    identifier: str
    spend: Decimal
    fields: Mapping[str, Any]


@attrs.frozen
class LimitChange:
    """One field of a body, before (as the gateway lists it; ``None`` when not known) and after.

    Attributes:
        field: The body's field, such as ``max_budget``.
        before: Its value in the gateway's list; ``None`` when not known.
        after: Its value in the body.

    >>> from decimal import Decimal
    >>> from tokencomp import LimitChange
    >>> LimitChange("max_budget", Decimal("548.39"), Decimal("1430.00")).after
    Decimal('1430.00')
    """

    field: str
    before: Any
    after: Any


@attrs.frozen
class GatewayUpdate:
    """The update one gateway account needs now so that its limit equals the ledger's.

    Attributes:
        gateway: The gateway.
        endpoint: Where the body goes, such as ``/user/update``.
        body: The request body, money as exact decimals; :meth:`json` writes it.
        person: Whose budget it is (a team's id, for a team).
        offer: The offer's id (``None`` for a team).
        counted: What the gateway has counted, in US dollars.
        allowed: What the ledger's current period still allows, in US dollars, rounded down.
        period: The ledger's current period (``None`` for a team).
        reasons: Why the limit is what it is: proration, rollover, forfeiture, overspend, termination.
        changes: Each field set, before and after; with the gateway's list, only those that change.
        fx: The rate from the budget's currency to US dollars, when it is not in dollars.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import Gateway, GatewayUpdate, Money
    >>> update = GatewayUpdate(Gateway.OPENROUTER, "PATCH /api/v1/keys/abc", {"limit": Decimal("1430.00"),
    ...     "limit_reset": None}, "ada", "o-1", Money("795.00", "USD"), Money("635.00", "USD"), None)
    >>> update.json()
    '{"limit": 1430.00, "limit_reset": null}'
    """

    gateway: Gateway
    endpoint: str
    body: Mapping[str, Any]
    person: str
    offer: str | None
    counted: Money
    allowed: Money
    period: LedgerPeriod | None
    reasons: tuple[str, ...] = ()
    changes: tuple[LimitChange, ...] = ()
    fx: FxRate | None = None

    def json(self, *, indent: int | None = None) -> str:
        """Return :attr:`body` as JSON, money as JSON numbers from their exact decimal text."""
        return exact_json(dict(self.body), indent=indent)

    def document(self) -> dict[str, Any]:
        """The update with what it was made from, for ``exact_json``: endpoint, body, figures, changes."""
        return {
            "endpoint": self.endpoint,
            "person": self.person,
            "offer": self.offer,
            "body": dict(self.body),
            "counted": str(self.counted.amount),
            "allowed": str(self.allowed.amount),
            "reasons": list(self.reasons),
            "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in self.changes],
        }


def read_gateway_accounts(data: bytes | str, source: str = "gateway list") -> dict[str, GatewayAccount]:
    """Read the gateway's own list of keys or users: what it has counted on each, and its current limits.

    Takes LiteLLM's ``/key/list`` (with ``return_full_object=true``),
    ``/user/list`` or ``/team/list``, and OpenRouter's ``GET /api/v1/keys``: an
    object whose ``keys``, ``users``, ``teams`` or ``data`` is the list, or the
    list itself. Each entry is found by every identifier it has (``user_id``,
    ``team_id``, ``key_alias``, ``token``, ``key``, ``hash``, ``name``); its
    spend is LiteLLM's ``spend`` or OpenRouter's ``usage``, read from its
    decimal text.

    Raises:
        RuleViolation: Not JSON, no list, or an entry with no identifier or no spend.

    >>> from tokencomp import read_gateway_accounts
    >>> accounts = read_gateway_accounts('{"users": [{"user_id": "ada", "spend": 12.5, "max_budget": 100}]}')
    >>> accounts["ada"].spend, accounts["ada"].fields["max_budget"]
    (Decimal('12.5'), 100)
    """
    try:
        document = parse_json(data)
    except InvalidDocumentError as exc:  # parse_json speaks of offers: this is a gateway's list
        RuleViolation.raise_for([attrs.evolve(p, message=f"{source}: {p.message}") for p in exc.problems])
    entries = document
    if isinstance(document, dict):
        entries = next((document[name] for name in ("keys", "users", "teams", "data") if name in document), None)
    problems = []
    accounts: dict[str, GatewayAccount] = {}
    if not isinstance(entries, list):
        problems.append(Problem("", "no-account-list", f"{source}: no list of keys, users or teams"))
        entries = []
    for index, entry in enumerate(entries):
        names = [entry.get(name) for name in ("user_id", "team_id", "key_alias", "token", "key", "hash", "name")
                 if isinstance(entry, dict) and isinstance(entry.get(name), str)]  # fmt: skip
        spend = entry.get("spend", entry.get("usage")) if isinstance(entry, dict) else None
        if not names or isinstance(spend, bool) or not isinstance(spend, Decimal | int) or spend < 0:
            problems.append(
                Problem(f"/{index}", "not-an-account", f"{source}: entry {index} has no identifier or no spend")
            )
            continue
        for name in names:
            accounts.setdefault(str(name), GatewayAccount(str(name), Decimal(spend), entry))
    RuleViolation.raise_for(problems)
    return accounts


@in_context
def reconcile(
    offers: Sequence[Offer],
    records: Iterable[UsageRecord | RejectedRecord],
    *,
    as_of: datetime.date,
    gateway: Gateway,
    terminated: datetime.date | None = None,
    accounts: Mapping[str, GatewayAccount] | None = None,
    alert_shares: Sequence[Decimal] = DEFAULT_ALERT_SHARES,
    value_at: ValueAt = ValueAt.RECORDED,
    rates: RateTable | None = None,
    prices: PriceCatalog | None = None,
) -> tuple[GatewayUpdate, ...]:
    """Return, for each offer's person, the update their gateway account needs now to enforce the ledger.

    Args:
        offers: The offers; each person's ledger starts on its effective date.
        records: Usage records, streamed once.
        as_of: Today, for the ledger: the period holding it is the current one.
        gateway: LiteLLM or OpenRouter.
        terminated: The last day of employment, as :func:`~tokencomp.budget.ledger.ledger_for` takes it.
        accounts: The gateway's own list (:func:`read_gateway_accounts`):
            what it has counted, and its current values, so that only what
            changes is written. Without it, the recorded usage is the count.
        alert_shares: The shares of the period's available amount to alert
            at, each above 0 and at most 1; LiteLLM's key ``soft_budget`` is
            the highest below 1.
        value_at: How usage is valued, as the ledger takes it.
        rates: The exchange rates; the embedded ECB snapshot by default.
        prices: The price catalog, as the ledger takes it.

    Raises:
        RuleViolation: A share out of range, an offer without a token
            budget, a date before an offer's start, or OpenRouter asked to
            enforce a yearly budget.
        RateNotFoundError: No rate to US dollars on the as-of date.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Gateway, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget
    >>> from tokencomp import UsageRecord, reconcile
    >>> budget = TokenBudget(rollover=Rollover.FULL, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH)
    >>> offer = Offer("o-1", datetime.date(2026, 1, 1), "USD", Salary(Money("90000.00", "USD"), SalaryPeriod.YEAR),
    ...               token_budget=budget, metadata={"person": "ada"})
    >>> used = [UsageRecord(datetime.date(2026, 1, 9), "ada", "gpt-4o", 10, 10, cost=Money("600.00", "USD"))]
    >>> (update,) = reconcile([offer], used, as_of=datetime.date(2026, 2, 3), gateway=Gateway.LITELLM)
    >>> update.endpoint, update.body["max_budget"], update.counted.amount, update.allowed.amount
    ('/user/update', Decimal('2000.00'), Decimal('600.00'), Decimal('1400.00'))
    """
    problems = [Problem(f"/alert_shares/{i}", "share-out-of-range", f"alert share {share} must be above 0, at most 1")
                for i, share in enumerate(alert_shares) if not 0 < share <= 1]  # fmt: skip
    if gateway is Gateway.OPENROUTER:
        problems += [Problem("/token_budget/period", "gateway-cannot-express",
                             f"offer {offer.id!r}: OpenRouter keys have no yearly period to reconcile against")
                     for offer in offers if budget_per_period(offer)[1] is BudgetPeriod.YEAR]  # fmt: skip
    RuleViolation.raise_for(problems)
    table = rates or default_rates()
    # The records of a model an offer's price snapshot names are kept aside as they stream past (only those),
    # for that model's own count: its cap is that count + what the period allows.
    named = {offer.token_budget.pricing.model.casefold() for offer in offers
             if offer.token_budget is not None and offer.token_budget.pricing is not None}  # fmt: skip
    kept: list[UsageRecord] = []

    def watched() -> Iterator[UsageRecord | RejectedRecord]:
        for record in records:
            if isinstance(record, UsageRecord) and record.model.casefold() in named:
                kept.append(record)
            yield record

    options: dict[str, Any] = {"terminated": terminated, "as_of": as_of, "value_at": value_at, "rates": table,
                               "prices": prices}  # fmt: skip
    ledgers = ledgers_for(offers, watched(), **options)
    shares = sorted(set(alert_shares))
    updates = []
    for offer, ledger in zip(offers, ledgers, strict=True):
        pricing = offer.token_budget.pricing if offer.token_budget is not None else None
        model = None
        if pricing is not None and gateway is Gateway.LITELLM:
            used = [r for r in kept if r.model.casefold() == pricing.model.casefold()]
            model = (pricing.model, ledgers_for([offer], used, **options)[0])
        updates.append(_person_update(offer, ledger, gateway, as_of, accounts, shares, table, model))
    if gateway is Gateway.LITELLM:
        updates += _team_updates(offers, updates, accounts)
    if accounts is not None:
        return tuple(update for update in updates if update.changes)
    return tuple(updates)


def _person_update(
    offer: Offer,
    ledger: Ledger,
    gateway: Gateway,
    as_of: datetime.date,
    accounts: Mapping[str, GatewayAccount] | None,
    shares: Sequence[Decimal],
    rates: RateTable,
    model: tuple[str, Ledger] | None = None,
) -> GatewayUpdate:
    person = person_of(offer)
    key = (offer.metadata or {}).get(GATEWAY_KEY_FIELD)
    key = key if isinstance(key, str) and key else None
    period = ledger.periods[-1]
    closed = ledger.terminated is not None and ledger.terminated <= as_of
    fx = None
    to_usd = Fraction(1)
    if ledger.currency != _USD:
        exact, fx = rates.convert_exact(Money(1, ledger.currency), _USD, as_of)
        to_usd = exact

    def usd(amount: Money) -> Decimal:
        # Down to the cent: a limit converted from another currency never allows more than the ledger.
        return _cents_down(Fraction(amount.amount) * to_usd)

    account = accounts.get(key or person) if accounts is not None else None
    if account is not None:
        counted = account.spend
    else:
        recorded = sum((Fraction(p.used.amount) for p in ledger.periods), Fraction(0))
        counted = round_half_up(recorded * to_usd, minor_unit(_USD))
    allowed = Decimal("0.00") if closed else usd(period.remaining)
    max_budget = counted + allowed
    # The gateway's count when this period began, by the ledger: counted less the period's use.
    period_start = counted - _cents_down(Fraction(period.used.amount) * to_usd)
    thresholds = [
        min(max(period_start + share * usd(period.available), Decimal(0)), max_budget).quantize(_CENT, ROUND_FLOOR)
        for share in shares
    ]
    metadata = {
        "offer": offer.id,
        "person": person,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "as_of": as_of.isoformat(),
        "currency": ledger.currency,
        "allowance": str(period.allowance.amount),
        "carried_in": str(period.carried_in.amount),
        "used": str(period.used.amount),
        "remaining": str((Money.zero(ledger.currency) if closed else period.remaining).amount),
        "forfeited": str(period.forfeited.amount),
        "counted_usd": str(counted),
        "alerts_usd": {str(share): str(value) for share, value in zip(shares, thresholds, strict=True)},
    }
    if fx is not None:
        metadata["fx"] = {"rate": str(fx.rate), "date": fx.date.isoformat(), "source": fx.source}
    body: dict[str, Any]
    if gateway is Gateway.LITELLM:
        endpoint = "/key/update" if key else "/user/update"
        body = {"key": key} if key else {"user_id": person}
        body["max_budget"] = max_budget
        if key:  # LiteLLM's user models have no soft_budget
            below = [t for share, t in zip(shares, thresholds, strict=True) if share < 1]
            body["soft_budget"] = below[-1] if below else thresholds[-1]
        if model is not None:
            body["model_max_budget"] = {model[0]: {"max_budget": _model_count(model, account, to_usd) + allowed}}
        if closed:
            body["blocked"] = True
        body["metadata"] = {"tokencomp": metadata}
    else:
        endpoint = f"PATCH /api/v1/keys/{key}" if key else "PATCH /api/v1/keys/{hash of the key named " + person + "}"
        body = {} if key else {"name": person}
        body.update({"limit": max_budget, "limit_reset": None})
        if closed:
            body["disabled"] = True
    changes = _changes(body, account)
    if accounts is not None:  # with the gateway's list, only what changes is written
        body = _only_changed(body, changes)
    return GatewayUpdate(
        gateway=gateway,
        endpoint=endpoint,
        body=body,
        person=person,
        offer=offer.id,
        counted=Money(counted, _USD),
        allowed=Money(allowed, _USD),
        period=period,
        reasons=tuple(_reasons(offer, ledger, closed, account)),
        changes=changes,
        fx=fx,
    )


def _model_count(model: tuple[str, Ledger], account: GatewayAccount | None, to_usd: Fraction) -> Decimal:
    """What the gateway counted on *model*: its list's ``model_spend`` when it has it, else the model's records."""
    name, ledger = model
    listed = account.fields.get("model_spend") if account is not None else None
    if isinstance(listed, dict) and isinstance(listed.get(name), Decimal | int):
        return Decimal(listed[name])
    recorded = sum((Fraction(p.used.amount) for p in ledger.periods), Fraction(0))
    return round_half_up(recorded * to_usd, minor_unit(_USD))


def _cents_down(exact: Fraction) -> Decimal:
    """*exact* rounded down to the cent."""
    return Decimal(math.floor(exact * 100)).scaleb(-2).quantize(_CENT)


def _reasons(offer: Offer, ledger: Ledger, closed: bool, account: GatewayAccount | None) -> list[str]:
    """Why the limit is what it is, in the ledger's words and figures (budget currency)."""
    period, currency = ledger.periods[-1], ledger.currency
    reasons = [f"period {period.start} to {period.end}: available {period.available.amount} {currency}, "
               f"used {period.used.amount}, remaining {period.remaining.amount}"]  # fmt: skip
    full = budget_per_period(offer)[0].rounded()
    if period.allowance != full:
        reasons.append(f"proration: allowance {period.allowance.amount} of {full.amount} {currency} "
                       f"for {(period.end - period.start).days + 1} days of employment")  # fmt: skip
    if period.carried_in.amount > 0:
        reasons.append(f"rollover: {period.carried_in.amount} {currency} carried in from the period before")
    if len(ledger.periods) > 1 and ledger.periods[-2].expired.amount > 0:
        reasons.append(f"forfeiture: {ledger.periods[-2].expired.amount} {currency} of the period before "
                       "expired, not carried")  # fmt: skip
    if period.overspend.amount > 0:
        reasons.append(f"overspend: {period.overspend.amount} {currency} over the available amount, "
                       "nothing more this period")  # fmt: skip
    if closed:
        reasons.append(f"termination on {ledger.terminated}: {period.forfeited.amount} {currency} forfeited; "
                       "the limit is what is spent, and the account is blocked")  # fmt: skip
    duration = account.fields.get("budget_duration") if account is not None else None
    if duration:
        reasons.append(f"the gateway resets this account on its own (budget_duration {duration}): clear it, "
                       "or it grants the limit again when it resets")  # fmt: skip
    return reasons


def _changes(body: Mapping[str, Any], account: GatewayAccount | None) -> tuple[LimitChange, ...]:
    """Each field of *body* that the gateway's list shows otherwise, or every field set when there is no list."""
    found = []
    for name in (*_COMPARED, "model_max_budget", "metadata"):
        if name not in body:
            continue
        after = body[name]
        if name == "model_max_budget":
            listed = account.fields.get(name) if account is not None else None
            before = ({model: (cap or {}).get("max_budget") for model, cap in listed.items()}
                      if isinstance(listed, dict) else None)  # fmt: skip
            wanted = {model: cap["max_budget"] for model, cap in after.items()}
            if before is None or any(before.get(model) != cap for model, cap in wanted.items()):
                found.append(LimitChange(name, before, wanted))
            continue
        if name == "metadata":
            current = (account.fields.get("metadata") or {}) if account is not None else {}
            before = current.get("tokencomp") if isinstance(current, dict) else None
            if before != after["tokencomp"]:
                found.append(LimitChange("metadata.tokencomp", before, after["tokencomp"]))
            continue
        before = account.fields.get(name) if account is not None else None
        unchanged = account is not None and name in account.fields and before == after
        if not unchanged:
            found.append(LimitChange(name, before, after))
    return tuple(found)


def _only_changed(body: Mapping[str, Any], changes: Sequence[LimitChange]) -> dict[str, Any]:
    """*body* with its identifier and the fields that change, no others."""
    changed = {change.field.partition(".")[0] for change in changes}
    return {name: value for name, value in body.items() if name in _IDENTIFIERS or name in changed}


def _team_updates(
    offers: Sequence[Offer], updates: Sequence[GatewayUpdate], accounts: Mapping[str, GatewayAccount] | None
) -> list[GatewayUpdate]:
    """LiteLLM's ``/team/member_update`` for each member of a team, and ``/team/update`` with the team's total."""
    teams: dict[str, list[GatewayUpdate]] = {}
    for offer, update in zip(offers, updates, strict=True):
        team = (offer.metadata or {}).get(TEAM_FIELD)
        if isinstance(team, str) and team:
            teams.setdefault(team, []).append(update)
    result = []
    for team, members in sorted(teams.items()):
        for member in members:
            limit = member.counted.amount + member.allowed.amount  # max_budget, also when the body leaves it out
            body = {"team_id": team, "user_id": member.person, "max_budget_in_team": limit}
            # The member's limit in the team follows their own: it changes when theirs does.
            changes = tuple(LimitChange("max_budget_in_team", c.before, c.after) for c in member.changes
                            if c.field == "max_budget")  # fmt: skip
            result.append(attrs.evolve(member, endpoint="/team/member_update", body=body, changes=changes))
        total = sum((m.counted.amount + m.allowed.amount for m in members), Decimal(0))
        counted = sum((m.counted.amount for m in members), Decimal(0))
        allowed = sum((m.allowed.amount for m in members), Decimal(0))
        body = {
            "team_id": team,
            "max_budget": total,
            "metadata": {"tokencomp": {"members": {m.person: str(m.counted.amount + m.allowed.amount) for m in members},
                                       "counted_usd": str(counted)}},
        }  # fmt: skip
        account = accounts.get(team) if accounts is not None else None
        team_changes = _changes(body, account)
        if accounts is not None:
            body = _only_changed(body, team_changes)
        result.append(
            GatewayUpdate(
                gateway=Gateway.LITELLM,
                endpoint="/team/update",
                body=body,
                person=team,
                offer=None,
                counted=Money(counted, _USD),
                allowed=Money(allowed, _USD),
                period=None,
                reasons=(f"the team's total: {len(members)} members' limits",),
                changes=team_changes,
            )
        )
    return result
