"""The ledger drives the gateway: each person's limit set to what the gateway counted plus what the period allows."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokencomp import Money, Offer, Rollover, RuleViolation, Salary, SalaryPeriod, TokenBudget, loads, read_usage
from tokencomp.budget.gateways import Gateway, exact_json
from tokencomp.budget.ledger import ledger_for
from tokencomp.budget.reconcile import GatewayUpdate, read_gateway_accounts, reconcile
from tokencomp.budget.usage import UsageRecord
from tokencomp.cli import main
from tokencomp.model.components import BudgetPeriod
from tokencomp.model.prices import TokenPrice, UsageMix
from tokencomp.reports.reconcile_text import reconcile_text

D = datetime.date

# The history of the budget page (docs/ledger.md): Ada joins 15 January 2026, 1,000.00 USD a month, up to
# 250.00 rolls over; March overspends; April has a EUR record; she leaves on 12 June.
OFFER = b"""{"schema_version": "1", "id": "offer-2026-017", "effective_date": "2026-01-15",
  "currency": "USD", "metadata": {"person": "ada"},
  "salary": {"rate": {"amount": "190000.00", "currency": "USD"}, "period": "year"},
  "token_budget": {"allowance": {"amount": "1000.00", "currency": "USD"}, "period": "month",
    "rollover": "capped", "rollover_cap": {"amount": "250.00", "currency": "USD"},
    "vests": false, "portable": false}}"""
USAGE = b"""date,person,model,input_tokens,output_tokens,cost,currency
2026-01-20,ada,claude-sonnet-4-5,40000000,4000000,180.00,USD
2026-02-03,ada,claude-sonnet-4-5,90000000,9000000,405.00,USD
2026-02-17,ada,gpt-4o,60000000,6000000,,
2026-03-02,ada,gpt-4o,lots,1000,,
2026-03-09,ada,claude-sonnet-4-5,300000000,30000000,1350.00,USD
2026-04-13,ada,claude-sonnet-4-5,100000000,10000000,400.00,EUR
2026-05-05,ada,claude-sonnet-4-5,180000000,18000000,810.00,USD
2026-05-06,bo,gpt-4o,1000,100,0.01,USD
2026-06-03,ada,claude-sonnet-4-5,20000000,2000000,90.00,USD
"""
TERMINATED = D(2026, 6, 12)

# Each month's end, by hand. counted: the recorded usage so far (Jan 180.00; Feb 405.00 + gpt-4o priced
# at 60 M × 2.50 + 6 M × 10.00 a million = 210.00; Mar 1,350.00; Apr 400.00 EUR at the ECB rate of
# 13 April = 467.36; May 810.00; Jun 90.00). allowed: the period's remaining. Alerts: the count at the
# period's start + 50 / 80 / 100 % of its available amount, at most max_budget.
MONTHS = [
    # as of, counted, allowed, max_budget, alerts (50, 80, 100 %), blocked
    (D(2026, 1, 31), "180.00", "368.39", "548.39", ("274.19", "438.71", "548.39"), False),  # 548.39 prorated, 17 of 31
    (D(2026, 2, 28), "795.00", "635.00", "1430.00", ("805.00", "1180.00", "1430.00"), False),  # 1000 + 250 rolled
    (D(2026, 3, 31), "2145.00", "0.00", "2145.00", ("1420.00", "1795.00", "2045.00"), False),  # 100.00 overspent
    (D(2026, 4, 30), "2612.36", "532.64", "3145.00", ("2645.00", "2945.00", "3145.00"), False),  # nothing rolled
    (D(2026, 5, 31), "3422.36", "440.00", "3862.36", ("3237.36", "3612.36", "3862.36"), False),  # 250 rolled
    (D(2026, 6, 30), "3512.36", "0.00", "3512.36", ("3512.36", "3512.36", "3512.36"), True),  # terminated 12 June
]

# What the gateway itself counted by each month's end: it priced April's EUR record at 465.00, not 467.36.
GATEWAY_SPEND = ["180.00", "795.00", "2145.00", "2610.00", "3420.00", "3510.00"]
# So each limit is the gateway's count + what the period allows (as MONTHS), by hand.
WITH_KEYS = ["548.39", "1430.00", "2145.00", "3142.64", "3860.00", "3510.00"]


def offer() -> Offer:
    return loads(OFFER)


def run_month(as_of: datetime.date, gateway: Gateway = Gateway.LITELLM, **options: Any) -> tuple[GatewayUpdate, ...]:
    terminated = TERMINATED if as_of >= TERMINATED else None
    return reconcile([options.pop("offer", offer())], read_usage(USAGE), as_of=as_of, gateway=gateway,
                     terminated=terminated, **options)  # fmt: skip


def users_list(spend: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """LiteLLM's /user/list as the gateway answers it, with ada's spend and (once applied) the body's values."""
    user = {"user_id": "ada", "spend": Decimal(spend), "max_budget": None, "budget_duration": None, "metadata": {}}
    user.update({name: value for name, value in (body or {}).items() if name != "user_id"})
    return {"users": [user], "total": 1, "page": 1}


class TestSixMonths:
    """Each month's body, by hand, equals the output; the reasons name rollover, proration, forfeiture, termination."""

    @pytest.mark.parametrize(("as_of", "counted", "allowed", "max_budget", "alerts", "blocked"), MONTHS)
    def test_litellm_user_body(
        self, as_of: datetime.date, counted: str, allowed: str, max_budget: str, alerts: tuple[str, ...], blocked: bool
    ) -> None:
        """/user/update by the person: max_budget = counted + allowed, no budget_duration, blocked on termination."""
        (update,) = run_month(as_of)
        expected: dict[str, Any] = {"user_id": "ada", "max_budget": Decimal(max_budget)}
        if blocked:
            expected["blocked"] = True
        assert expected == {name: value for name, value in update.body.items() if name != "metadata"}
        assert (Decimal(counted), Decimal(allowed)) == (update.counted.amount, update.allowed.amount)
        figures = update.body["metadata"]["tokencomp"]
        assert dict(zip(("0.5", "0.8", "1"), alerts, strict=True)) == figures["alerts_usd"]
        assert ("offer-2026-017", counted) == (figures["offer"], figures["counted_usd"])
        assert "budget_duration" not in update.body

    @pytest.mark.parametrize(("as_of", "counted", "allowed", "max_budget", "alerts", "blocked"), MONTHS)
    def test_openrouter_body(
        self, as_of: datetime.date, counted: str, allowed: str, max_budget: str, alerts: tuple[str, ...], blocked: bool
    ) -> None:
        """OpenRouter: the key's limit, limit_reset null (the ledger resets, not the gateway), disabled on leaving."""
        (update,) = run_month(as_of, Gateway.OPENROUTER)
        expected: dict[str, Any] = {"name": "ada", "limit": Decimal(max_budget), "limit_reset": None}
        if blocked:
            expected["disabled"] = True
        assert expected == update.body

    def test_key_by_metadata(self) -> None:
        """metadata.gateway_key names the key: /key/update with key and the soft budget at the 80 % alert."""
        named = attrs.evolve(offer(), metadata={"person": "ada", "gateway_key": "ada-token-budget"})
        (update,) = run_month(D(2026, 2, 28), offer=named)
        assert ("/key/update", "ada-token-budget", Decimal("1180.00"), Decimal("1430.00")) == (
            update.endpoint, update.body["key"], update.body["soft_budget"], update.body["max_budget"]
        )  # fmt: skip
        (openrouter,) = run_month(D(2026, 2, 28), Gateway.OPENROUTER, offer=named)
        assert ("PATCH /api/v1/keys/ada-token-budget", {"limit": Decimal("1430.00"), "limit_reset": None}) == (
            openrouter.endpoint, openrouter.body
        )  # fmt: skip

    def test_reasons(self) -> None:
        """Why, in the ledger's words: proration in January, rollover and forfeiture, overspend, termination."""
        said = [" | ".join(run_month(month[0])[0].reasons) for month in MONTHS]
        assert "proration: allowance 548.39 of 1000.00 USD for 17 days" in said[0]
        assert "rollover: 250.00 USD carried in" in said[1]
        assert "forfeiture: 118.39 USD of the period before expired" in said[1]
        assert "overspend: 100.00 USD" in said[2]
        assert "termination on 2026-06-12: 560.00 USD forfeited" in said[5]

    def test_twice_the_same(self) -> None:
        """Reconciling twice gives the same bodies, to the JSON text."""
        for month in MONTHS:
            assert [u.json() for u in run_month(month[0])] == [u.json() for u in run_month(month[0])]


def priced() -> Offer:
    """The history's offer with a price snapshot of claude-sonnet-4-5 and a usage mix."""
    snapshot = TokenPrice("anthropic", "claude-sonnet-4-5", "USD", Decimal("3.00"), Decimal("15.00"), D(2026, 1, 1))
    budget = offer().token_budget
    assert budget is not None
    budget = attrs.evolve(budget, pricing=snapshot, usage_mix=UsageMix(Decimal("0.8"), Decimal("0.2")))
    return attrs.evolve(offer(), token_budget=budget)


class TestModelCaps:
    """A cap on the model the offer's price snapshot (with its usage mix) names: its own count + what is allowed."""

    @pytest.mark.parametrize(
        ("as_of", "cap"),
        [
            (D(2026, 2, 28), "1220.00"),  # claude 180.00 + 405.00 (gpt-4o's 210.00 is not its) + 635.00 allowed
            (D(2026, 5, 31), "3652.36"),  # 180.00 + 405.00 + 1,350.00 + 467.36 + 810.00 + 440.00 allowed
            (D(2026, 6, 30), "3302.36"),  # + June's 90.00, terminated: nothing more
        ],
    )
    def test_cap(self, as_of: datetime.date, cap: str) -> None:
        """model_max_budget names the model with its cap; OpenRouter has none."""
        (update,) = run_month(as_of, offer=priced())
        assert {"claude-sonnet-4-5": {"max_budget": Decimal(cap)}} == update.body["model_max_budget"]
        (openrouter,) = run_month(as_of, Gateway.OPENROUTER, offer=priced())
        assert "model_max_budget" not in openrouter.body

    def test_gateway_model_spend(self) -> None:
        """With the gateway's list, its model_spend is the model's count; a cap already set is not written again."""
        listed = users_list("795.00", {"model_spend": {"claude-sonnet-4-5": Decimal("580.00")}})
        (update,) = run_month(D(2026, 2, 28), offer=priced(), accounts=read_gateway_accounts(
            update_list_text(listed)))  # fmt: skip
        assert Decimal("1215.00") == update.body["model_max_budget"]["claude-sonnet-4-5"]["max_budget"]
        listed["users"][0]["model_max_budget"] = {"claude-sonnet-4-5": {"max_budget": Decimal("1215.00")}}
        (again,) = run_month(D(2026, 2, 28), offer=priced(), accounts=read_gateway_accounts(
            update_list_text(listed)))  # fmt: skip
        assert "model_max_budget" not in [c.field for c in again.changes]


class TestWithKeys:
    """The gateway's own count from its list; only what changes is written."""

    @pytest.mark.parametrize("month", range(6))
    def test_gateway_count(self, month: int) -> None:
        """max_budget = the gateway's spend + what the period allows; the change says the limit before."""
        before = None if month == 0 else WITH_KEYS[month - 1]
        body = None if before is None else {"max_budget": Decimal(before)}
        accounts = read_gateway_accounts(update_list_text(users_list(GATEWAY_SPEND[month], body)))
        (update,) = run_month(MONTHS[month][0], accounts=accounts)
        assert Decimal(WITH_KEYS[month]) == update.body["max_budget"]
        (change,) = [c for c in update.changes if c.field == "max_budget"]
        assert (None if before is None else Decimal(before), Decimal(WITH_KEYS[month])) == (change.before, change.after)

    @pytest.mark.parametrize("month", range(6))
    def test_applied_then_nothing(self, month: int) -> None:
        """Once the bodies are applied, the gateway's list gives no update: reconciling again writes nothing."""
        accounts = read_gateway_accounts(update_list_text(users_list(GATEWAY_SPEND[month])))
        (update,) = run_month(MONTHS[month][0], accounts=accounts)
        applied = json.loads(update.json(), parse_float=Decimal)
        again = read_gateway_accounts(update_list_text(users_list(GATEWAY_SPEND[month], applied)))
        assert () == run_month(MONTHS[month][0], accounts=again)
        assert "Nothing to change" in reconcile_text(())

    def test_only_the_limit(self) -> None:
        """When only the count moved, the body changes only max_budget (and the ledger's figures)."""
        accounts = read_gateway_accounts(update_list_text(users_list("795.00")))
        (update,) = run_month(D(2026, 2, 28), accounts=accounts)
        applied = json.loads(update.json(), parse_float=Decimal)
        moved = read_gateway_accounts(update_list_text(users_list("800.00", applied)))
        (later,) = run_month(D(2026, 2, 28), accounts=moved)
        assert ["max_budget", "metadata.tokencomp"] == [c.field for c in later.changes]
        assert Decimal("1435.00") == later.body["max_budget"]
        assert {"user_id", "max_budget", "metadata"} == set(later.body)
        text = reconcile_text([later])
        assert "max_budget: 1430.00 → 1435.00" in text
        assert "why: rollover: 250.00 USD carried in from the period before" in text

    def test_gateway_reset_said(self) -> None:
        """A gateway that still resets on its own (a first export's 1mo) is told to stop."""
        listed = users_list("795.00", {"budget_duration": "1mo"})
        (update,) = run_month(D(2026, 2, 28), accounts=read_gateway_accounts(update_list_text(listed)))
        assert any("budget_duration 1mo" in reason for reason in update.reasons)

    def test_openrouter_list(self) -> None:
        """OpenRouter's GET /api/v1/keys: its usage is the count, found by the key's name; only the limit is written."""
        listed = {"data": [{"name": "ada", "hash": "abc", "usage": 2600, "limit": 2145, "limit_reset": None}]}
        (update,) = run_month(D(2026, 4, 30), Gateway.OPENROUTER, accounts=read_gateway_accounts(json.dumps(listed)))
        assert ({"name": "ada", "limit": Decimal("3132.64")}, ["limit"]) == (
            update.body, [c.field for c in update.changes]
        )  # fmt: skip

    def test_bad_list(self) -> None:
        """A list that is not one, or an entry without spend, is a rule violation naming where."""
        with pytest.raises(RuleViolation, match="entry 0 has no identifier or no spend"):
            read_gateway_accounts('{"users": [{"user_id": "ada"}]}')
        with pytest.raises(RuleViolation, match="no list of keys"):
            read_gateway_accounts('{"nothing": 1}')
        with pytest.raises(RuleViolation, match=r"keys\.json"):
            read_gateway_accounts("not json", "keys.json")


def update_list_text(listed: dict[str, Any]) -> str:
    """The list as the gateway writes it: numbers as JSON numbers."""
    return exact_json(listed)


class TestTeam:
    """People of one metadata.team: each member's budget in the team, and the team's total."""

    def test_members_and_total(self) -> None:
        """/team/member_update for each member, /team/update with the sum of their limits."""
        ada = attrs.evolve(offer(), metadata={"person": "ada", "team": "platform"})
        bo = attrs.evolve(offer(), id="o-bo", metadata={"person": "bo", "team": "platform"})
        updates = reconcile([ada, bo], read_usage(USAGE), as_of=D(2026, 2, 28), gateway=Gateway.LITELLM)
        by_endpoint = {(u.endpoint, u.person): u.body for u in updates}
        # bo used 0.00 by February's end of 1,250.00 available (0.01 is in May).
        assert Decimal("1250.00") == by_endpoint["/team/member_update", "bo"]["max_budget_in_team"]
        assert Decimal("1430.00") + Decimal("1250.00") == by_endpoint["/team/update", "platform"]["max_budget"]


class TestOtherCurrency:
    """A budget in pounds: the limit in US dollars at the as-of date's ECB rate, what is allowed rounded down."""

    def test_rounded_down(self) -> None:
        """1,900.00 GBP allowed at 1.1605 / 0.87113 is 2,531.1377… USD: 2,531.13, never 2,531.14."""
        budget = TokenBudget(rollover=Rollover.FULL, allowance=Money("1000.00", "GBP"), period=BudgetPeriod.MONTH)
        made = Offer("o-gb", D(2026, 3, 1), "GBP", Salary(Money("90000.00", "GBP"), SalaryPeriod.YEAR),
                     token_budget=budget, metadata={"person": "ada"})  # fmt: skip
        used = [UsageRecord(D(2026, 3, 10), "ada", "m", 1, 1, cost=Money("100.00", "GBP"))]
        (update,) = reconcile([made], used, as_of=D(2026, 4, 1), gateway=Gateway.LITELLM)
        # counted: 100.00 GBP = 133.2177… USD, half up 133.22; allowed: March's 900.00 rolled + April's 1,000.00.
        assert (Decimal("133.22"), Decimal("2531.13"), Decimal("2664.35")) == (
            update.counted.amount, update.allowed.amount, update.body["max_budget"]
        )  # fmt: skip
        assert "1.332177746146" == update.body["metadata"]["tokencomp"]["fx"]["rate"]


class TestRefusals:
    """Shares out of range, and OpenRouter with a yearly budget, are refused."""

    def test_share(self) -> None:
        """An alert share of 0 or above 1 is out of range."""
        with pytest.raises(RuleViolation, match=r"alert share 1\.5"):
            run_month(D(2026, 2, 28), alert_shares=[Decimal("1.5")])

    def test_openrouter_yearly(self) -> None:
        """OpenRouter has no yearly reset to reconcile against."""
        yearly = attrs.evolve(offer(), token_budget=TokenBudget(rollover=Rollover.NONE,
                              allowance=Money("12000.00", "USD"), period=BudgetPeriod.YEAR))  # fmt: skip
        with pytest.raises(RuleViolation, match="yearly"):
            run_month(D(2026, 2, 28), Gateway.OPENROUTER, offer=yearly)


@st.composite
def histories(draw: st.DrawFn) -> tuple[Offer, list[UsageRecord], datetime.date, datetime.date | None, Decimal | None]:
    start = D(2026, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 200)))
    rollover = draw(st.sampled_from(list(Rollover)))
    cap = Money(draw(st.decimals(0, 2000, places=2)), "USD") if rollover is Rollover.CAPPED else None
    allowance = Money(draw(st.decimals(Decimal("0.01"), 5000, places=2)), "USD")
    budget = TokenBudget(rollover=rollover, allowance=allowance, period=BudgetPeriod.MONTH, rollover_cap=cap)
    made = Offer("o", start, "USD", Salary(Money("1.00", "USD"), SalaryPeriod.YEAR), token_budget=budget,
                 metadata={"person": "ada"})  # fmt: skip
    as_of = start + datetime.timedelta(days=draw(st.integers(0, 250)))
    records = [
        UsageRecord(start + datetime.timedelta(days=day), "ada", "m", 1, 1, cost=Money(cost, "USD"))
        for day, cost in draw(st.lists(st.tuples(st.integers(0, 250), st.decimals(0, 3000, places=4)), max_size=12))
    ]
    terminated = draw(st.none() | st.integers(0, 250).map(lambda d: start + datetime.timedelta(days=d)))
    spend = draw(st.none() | st.decimals(0, 50000, places=2))
    return made, records, as_of, terminated, spend


class TestNeverMoreThanTheLedger:
    """Whatever the history, a body lets no one spend more in the period than the ledger still allows."""

    @settings(deadline=None)
    @given(histories())
    def test_limit_less_count_within_remaining(
        self, history: tuple[Offer, list[UsageRecord], datetime.date, datetime.date | None, Decimal | None]
    ) -> None:
        """max_budget − the gateway's count = the period's remaining (0 when terminated), never below 0."""
        made, records, as_of, terminated, spend = history
        accounts = None
        if spend is not None:
            accounts = read_gateway_accounts(exact_json({"users": [{"user_id": "ada", "spend": spend}]}))
        (update,) = reconcile([made], records, as_of=as_of, gateway=Gateway.LITELLM, terminated=terminated,
                              accounts=accounts) or (None,)  # fmt: skip
        ledger = ledger_for(made, records, as_of=as_of, terminated=terminated)
        period = ledger.periods[-1]
        closed = terminated is not None and terminated <= as_of
        if update is None:  # the gateway's list already holds it: nothing to write
            return
        headroom = update.body["max_budget"] - update.counted.amount
        assert Decimal(0) <= headroom <= (Decimal(0) if closed else period.remaining.amount)
        assert headroom <= max(period.available.amount - period.used.amount, Decimal(0))
        assert update.body.get("blocked", False) is closed
        if spend is None:
            assert sum((p.used.amount for p in ledger.periods), Decimal(0)) == update.counted.amount


class TestCommand:
    """tokencomp reconcile: JSON bodies with their endpoints, text with the changes; misuse is exit 2."""

    @pytest.fixture
    def files(self, tmp_path: Any) -> dict[str, str]:
        (tmp_path / "offer.json").write_bytes(OFFER)
        (tmp_path / "usage.csv").write_bytes(USAGE)
        (tmp_path / "keys.json").write_text(update_list_text(users_list("3510.00")))
        return {name: str(tmp_path / name) for name in ("offer.json", "usage.csv", "keys.json")}

    def test_json(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """The terminated month: a limit of what is spent, blocked, as JSON numbers."""
        status = main(["reconcile", files["offer.json"], "--usage", files["usage.csv"], "--as-of", "2026-06-30",
                       "--terminated", "2026-06-12", "--gateway", "litellm", "--keys", files["keys.json"]])  # fmt: skip
        out = json.loads(capsys.readouterr().out, parse_float=Decimal)
        (update,) = out["updates"]
        assert (0, "/user/update", Decimal("3510.00"), True) == (
            status, update["endpoint"], update["body"]["max_budget"], update["body"]["blocked"]
        )  # fmt: skip

    def test_text_and_alerts(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """--format text shows each change and why; --alert-at sets the shares."""
        status = main(["reconcile", files["offer.json"], "--usage", files["usage.csv"], "--as-of", "2026-02-28",
                       "--gateway", "litellm", "--format", "text", "--alert-at", "0.9"])  # fmt: skip
        out = capsys.readouterr().out
        assert 0 == status
        assert "max_budget: (not known) → 1430.00" in out
        assert "why: forfeiture: 118.39 USD of the period before expired, not carried" in out

    def test_misuse(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """A termination before the start is misuse (2); a bad --keys file is invalid input (1), one line each."""
        assert 2 == main(["reconcile", files["offer.json"], "--usage", files["usage.csv"], "--as-of", "2026-02-28",
                          "--terminated", "2025-12-31", "--gateway", "litellm"])  # fmt: skip
        bad = files["usage.csv"]
        assert 1 == main(["reconcile", files["offer.json"], "--usage", files["usage.csv"], "--as-of", "2026-02-28",
                          "--gateway", "litellm", "--keys", bad])  # fmt: skip
        err = capsys.readouterr().err
        assert 2 == len(err.strip().splitlines())
