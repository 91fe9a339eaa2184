"""The bodies we write for LiteLLM and the spend logs we read, checked against LiteLLM's own code.

Run by `tox -e gateways`, which installs LiteLLM (the `gateways` dependency
group): its request models (`NewUserRequest`, `UpdateUserRequest`,
`GenerateKeyRequest`, `UpdateKeyRequest`, and for reconcile's bodies
`UpdateTeamRequest`, `TeamMemberUpdateRequest`), the check its endpoints run on a
`budget_duration` (`budget_duration_error`, which answers HTTP 400), its
spend-log row (`LiteLLM_SpendLogs`, `SpendLogsMetadata`) and the maker of
its daily spend summary (`_daily_summary_item`).
"""

from __future__ import annotations

import ast
import datetime
import importlib
import importlib.resources
import importlib.util
import json
import os
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, loads
from tokencomp.budget.gateways import Gateway, gateway_limits
from tokencomp.budget.ledger import ledger_for
from tokencomp.budget.usage import UsageRecord

from .test_reconcile import MONTHS, priced, run_month
from .test_reconcile import offer as history_offer

pytestmark = pytest.mark.gateways

# LiteLLM fetches its price map from GitHub when imported, unless told to use the copy it ships.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "litellm"


def litellm(name: str) -> ModuleType:
    """A module of LiteLLM; the gateways env installs it, and a missing LiteLLM fails there rather than skips."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:  # pragma: no cover - the message is the point
        pytest.fail(f"LiteLLM is needed here: pip install --group gateways ({exc})")


def offers() -> list[Offer]:
    """Every bundled example with a token budget, and monthly and yearly budgets starting in and out of leap years."""
    found = [loads(path.read_bytes()) for path in sorted(EXAMPLES.iterdir()) if path.name.endswith(".json")]
    made = []
    for period in BudgetPeriod:
        for day in (datetime.date(2026, 1, 1), datetime.date(2027, 3, 1), datetime.date(2028, 2, 29)):
            budget = TokenBudget(rollover=Rollover.FULL, allowance=Money("1200.00", "EUR"), period=period)
            salary = Salary(Money("90000.00", "EUR"), SalaryPeriod.YEAR)
            made.append(Offer("o", day, "EUR", salary, token_budget=budget, metadata={"person": "ada"}))
    return [offer for offer in found if offer.token_budget is not None] + made


def bodies(offer: Offer) -> list[dict[str, Any]]:
    """What export-budget prints for LiteLLM (--format json), for the allowance and for a ledger period, as sent."""
    usage = [UsageRecord(offer.effective_date, "ada", "gpt-4o", 10, 10, cost=Money("1.00", "USD"))]
    period = ledger_for(attrs.evolve(offer, metadata={"person": "ada"}), usage, as_of=offer.effective_date).periods[-1]
    return [
        json.loads(gateway_limits(offer, Gateway.LITELLM, period=chosen, on=offer.effective_date).json(with_notes=True))
        for chosen in (None, period)
    ]


CASES = [pytest.param(body, id=f"{offer.id}-{offer.effective_date}-{i}") for offer in offers()
         for i, body in enumerate(bodies(offer))]  # fmt: skip


class TestUserBodies:
    """The user body (/user/new, /user/update): every field one of LiteLLM's user models has, each value accepted."""

    @pytest.mark.parametrize("body", CASES)
    def test_request_models_take_it(self, body: dict[str, Any]) -> None:
        """Both user request models validate the body, and lack none of its fields (LiteLLM drops unknown ones)."""
        models = litellm("litellm.types.proxy.management_endpoints.user_requests")
        for model in (models.NewUserRequest, models.UpdateUserRequest):
            assert set() == set(body["limits"]) - set(model.model_fields)
            parsed = model.model_validate(body["limits"])
            assert (body["limits"]["max_budget"], body["limits"]["budget_duration"]) == (
                parsed.max_budget, parsed.budget_duration
            )  # fmt: skip

    @pytest.mark.parametrize("body", CASES)
    def test_duration_accepted(self, body: dict[str, Any]) -> None:
        """The duration passes the check /user/new and /user/update answer with HTTP 400, and parses to a span."""
        timezone_utils = litellm("litellm.proxy.common_utils.timezone_utils")
        durations = litellm("litellm.litellm_core_utils.duration_parser")
        duration = body["limits"]["budget_duration"]
        assert timezone_utils.budget_duration_error(duration) is None
        assert durations.duration_in_seconds(duration) >= 28 * 86_400

    def test_the_references_own_refusals(self) -> None:
        """What the bodies avoid, as LiteLLM says it: '12mo' is refused, and no user model has a soft_budget."""
        timezone_utils = litellm("litellm.proxy.common_utils.timezone_utils")
        models = litellm("litellm.types.proxy.management_endpoints.user_requests")
        assert "Invalid budget_duration '12mo'" in (timezone_utils.budget_duration_error("12mo") or "")
        assert (False, False) == (
            "soft_budget" in models.NewUserRequest.model_fields, "soft_budget" in models.UpdateUserRequest.model_fields
        )  # fmt: skip

    @pytest.mark.parametrize(
        ("effective", "days"), [(datetime.date(2026, 1, 1), 365), (datetime.date(2027, 3, 1), 366)]
    )
    def test_a_year_in_days(self, effective: datetime.date, days: int) -> None:
        """A yearly budget lasts the days of the year it starts, as LiteLLM counts them."""
        durations = litellm("litellm.litellm_core_utils.duration_parser")
        yearly = TokenBudget(rollover=Rollover.FULL, allowance=Money("12000.00", "USD"), period=BudgetPeriod.YEAR)
        offer = Offer("o", effective, "USD", Salary(Money("1.00", "USD"), SalaryPeriod.YEAR), token_budget=yearly,
                      metadata={"person": "ada"})  # fmt: skip
        duration = gateway_limits(offer, Gateway.LITELLM).limits["budget_duration"]
        assert days * 86_400 == durations.duration_in_seconds(duration)


class TestKeyBodies:
    """The soft budget, on the person's key (/key/generate, /key/update), where LiteLLM has one."""

    @pytest.mark.parametrize("body", CASES)
    def test_request_models_take_it(self, body: dict[str, Any]) -> None:
        """Both key request models validate the body, keep its soft budget, and lack none of its fields."""
        models = litellm("litellm.types.proxy.management_endpoints.key_requests")
        timezone_utils = litellm("litellm.proxy.common_utils.timezone_utils")
        key = body["key_limits"]
        for model in (models.GenerateKeyRequest, models.UpdateKeyRequest):
            assert set() == set(key) - set(model.model_fields)
            assert Decimal(str(key["soft_budget"])) == Decimal(str(model.model_validate(key).soft_budget))
        assert timezone_utils.budget_duration_error(key["budget_duration"]) is None


class TestSpendLogFixtures:
    """tests/fixtures/litellm is shaped as LiteLLM writes spend logs."""

    def test_rows_are_litellm_spend_logs(self) -> None:
        """Each row validates as LiteLLM's spend-log row (its JSON columns as text); metadata keys are LiteLLM's."""
        spend_logs = litellm("litellm.models.spend_logs")
        types = litellm("litellm.proxy._types")
        allowed = types.SpendLogsMetadata.__required_keys__ | types.SpendLogsMetadata.__optional_keys__
        for row in json.loads((FIXTURES / "spend-logs.json").read_text(encoding="utf-8")):
            as_text = {name: row[name] if isinstance(row[name], str) else json.dumps(row[name])
                       for name in ("metadata", "request_tags")}  # fmt: skip
            parsed = spend_logs.LiteLLM_SpendLogs.model_validate({**row, **as_text})
            assert set() == set(parsed.metadata) - allowed
            assert "cache_read_input_tokens" in parsed.metadata["additional_usage_values"]
            assert "cache_read_input_tokens" not in row

    def test_daily_summary_as_litellm_makes_it(self) -> None:
        """Each day of the summary has the keys LiteLLM's _daily_summary_item writes, beside each API key's spend.

        Its module needs LiteLLM's proxy extra (FastAPI and more), too heavy to
        install for this: its source is read, not run.
        """
        spec = importlib.util.find_spec("litellm.proxy.spend_tracking.spend_management_endpoints")
        assert spec is not None
        assert spec.origin is not None
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        (function,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_daily_summary_item"]
        (returned,) = [n.value for n in ast.walk(function) if isinstance(n, ast.Return)]
        assert isinstance(returned, ast.Dict)
        written = {key.value for key in returned.keys if isinstance(key, ast.Constant)}
        rows = json.loads((FIXTURES / "spend-logs.json").read_text(encoding="utf-8"))
        keys = {row["api_key"] for row in rows}
        summary = json.loads((FIXTURES / "spend-logs-daily-summary.json").read_text(encoding="utf-8"))
        assert {"startTime", "spend", "users", "models"} == written
        assert [written, written] == [set(day) - keys for day in summary]


def reconciled() -> list[Any]:
    """Every body reconcile writes for the budget page's six months, by user, by key and for a team."""
    found: list[Any] = []
    for as_of, *_ in MONTHS:
        for made in (history_offer(), priced()):  # priced: with a cap on the snapshot's model
            for metadata in ({"person": "ada"}, {"person": "ada", "gateway_key": "ada-token-budget", "team": "t"}):
                found += run_month(as_of, offer=attrs.evolve(made, metadata=metadata))
    return found


RECONCILED = {
    "/user/update": ("litellm.types.proxy.management_endpoints.user_requests", "UpdateUserRequest"),
    "/key/update": ("litellm.types.proxy.management_endpoints.key_requests", "UpdateKeyRequest"),
    "/team/update": ("litellm.proxy._types", "UpdateTeamRequest"),
    "/team/member_update": ("litellm.proxy._types", "TeamMemberUpdateRequest"),
}


class TestReconciledBodies:
    """tokencomp reconcile's bodies: each validates as the request model of its endpoint, and sets no reset."""

    def test_request_models_take_them(self) -> None:
        """Every field is the model's (LiteLLM drops unknown ones), every value parses, none has a budget_duration."""
        bodies = reconciled()
        assert set(RECONCILED) == {update.endpoint for update in bodies}
        for update in bodies:
            module, name = RECONCILED[update.endpoint]
            model = getattr(litellm(module), name)
            body = json.loads(update.json())  # as sent: numbers as JSON numbers
            assert set() == set(body) - set(model.model_fields)
            parsed = model.model_validate(body)
            assert parsed.budget_duration is None
            for field in ("max_budget", "soft_budget", "max_budget_in_team"):
                if field in body:
                    assert Decimal(str(body[field])) == Decimal(str(getattr(parsed, field)))
            for model, cap in body.get("model_max_budget", {}).items():
                assert Decimal(str(cap["max_budget"])) == Decimal(str(parsed.model_max_budget[model]["max_budget"]))
            if "blocked" in body:
                assert parsed.blocked is True
