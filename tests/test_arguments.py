"""Building the model in Python: one rule for every constructor's arguments, and the trusted route."""

from __future__ import annotations

import datetime
import json
import threading
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from tokencomp import (
    Bonus,
    EquityGrant,
    Instrument,
    Location,
    Money,
    MoneyRange,
    Offer,
    PercentRange,
    Role,
    Rollover,
    RuleViolation,
    Salary,
    SalaryPeriod,
    TokenBudget,
    TokenPrice,
    UsageMix,
    Vesting,
    VestingFrequency,
    compare,
    dumps,
    load_offer,
    loads,
    make_converter,
    structure_as,
    summarize,
    unstructure,
    validate,
)
from tokencomp.model.arguments import ROUTE, trusted

from .strategies import offers

D = Decimal
USD = Money("100.00", "USD")
SALARY = Salary(Money("120000.00", "GBP"), SalaryPeriod.YEAR)
VESTING = Vesting(datetime.date(2026, 4, 1), 48, 12, VestingFrequency.QUARTERLY)
GRANT = EquityGrant(Instrument.RSU, 2000, Money("50.00", "USD"), VESTING)
DAY = datetime.date(2026, 11, 22)


def price(**changes: Any) -> TokenPrice:
    fields: dict[str, Any] = {"provider": "openai", "model": "gpt-4o", "currency": "USD"}
    fields |= {"input_per_million": D("2.50"), "output_per_million": D(10), "as_of": DAY}
    return TokenPrice(**(fields | changes))


def pointers_and_codes(info: pytest.ExceptionInfo[RuleViolation]) -> list[tuple[str, str]]:
    return [(p.pointer, p.code) for p in info.value.problems]


# One field of each kind in each class: (build, field, JSON spelling, the value it stands for).
SPELLINGS = [
    (lambda v: Salary(USD, SalaryPeriod.HOUR, hours_per_week=v), "hours_per_week", "37.5", D("37.5")),
    (lambda v: Salary(USD, v), "period", "hour", SalaryPeriod.HOUR),
    (lambda v: Bonus(target_percent=v), "target_percent", "10", D("10")),
    (lambda v: Bonus(target_percent=v), "target_percent", 10, D("10")),
    (lambda v: Vesting(v, 48, 12, VestingFrequency.QUARTERLY), "start_date", "2026-04-01", datetime.date(2026, 4, 1)),
    (lambda v: Vesting(VESTING.start_date, 48, 12, v), "frequency", "quarterly", VestingFrequency.QUARTERLY),
    (lambda v: EquityGrant(v, 1, USD, VESTING), "instrument", "rsu", Instrument.RSU),
    (lambda v: TokenBudget(rollover="none", percent_of_salary=v), "percent_of_salary", "50", D("50")),
    (lambda v: TokenBudget(rollover=v, percent_of_salary=D(50)), "rollover", "none", Rollover.NONE),
    (lambda v: UsageMix(v, D("0.25")), "input", "0.75", D("0.75")),
    (lambda v: price(as_of=v), "as_of", "2026-11-22", DAY),
    (lambda v: Offer("x", v, "GBP", SALARY), "effective_date", "2026-04-01", datetime.date(2026, 4, 1)),
    (lambda v: Offer("x", datetime.date(2026, 4, 1), "GBP", SALARY, equity=v), "equity", [GRANT], (GRANT,)),
    (lambda v: PercentRange(v, D(15)), "min", "10", D("10")),
]  # fmt: skip


class TestSpellingsAreConverted:
    """A field also takes its JSON spelling: decimal strings and ints, ISO dates, enum values, lists."""

    @pytest.mark.parametrize(("build", "field", "given", "expected"), SPELLINGS)
    def test_each_kind(self, build: Any, field: str, given: object, expected: object) -> None:
        """The spelling becomes the field's own type, equal to the value written out."""
        value = getattr(build(given), field)
        assert (expected, type(expected)) == (value, type(value))

    def test_the_issue_offer_summarizes(self) -> None:
        """An offer built with strings and a list summarizes as its JSON twin does, as_of given as a string."""
        offer = Offer(
            "ldn",
            "2026-04-01",
            "GBP",
            Salary(Money("120000.00", "GBP"), "year"),
            bonus=Bonus(target_percent="10"),
            equity=[EquityGrant("rsu", 2000, Money("50.00", "USD"), Vesting("2026-04-01", 48, 12, "quarterly"))],
        )
        twin = loads(dumps(offer))
        assert twin == offer
        summary = summarize(offer, as_of="2026-04-01")
        assert (datetime.date(2026, 4, 1), D("12000.00")) == (summary.as_of, summary.annual.bonus)
        assert summarize(twin) == summary

    def test_compare_takes_a_string_date(self) -> None:
        """compare(..., as_of="2026-04-01") uses that day's rates, as a date would."""
        offer = Offer("a", "2026-04-01", "GBP", SALARY)
        assert compare(offer, offer, as_of=datetime.date(2026, 4, 1)) == compare(offer, offer, as_of="2026-04-01")


class TestWrongTypesAreRefused:
    """Anything else is a RuleViolation naming every wrong field, before any other rule runs."""

    @pytest.mark.parametrize(
        ("build", "pointer"),
        [
            (lambda: Bonus(target_percent=10.0), "/target_percent"),
            (lambda: Salary(USD, SalaryPeriod.HOUR, hours_per_week=37.5), "/hours_per_week"),
            (lambda: TokenBudget(rollover="none", percent_of_salary=0.5), "/percent_of_salary"),
            (lambda: UsageMix(0.75, D("0.25")), "/input"),
            (lambda: price(output_per_million=10.0), "/output_per_million"),
            (lambda: PercentRange(D(10), 15.0), "/max"),
        ],
    )  # fmt: skip
    def test_floats_everywhere(self, build: Any, pointer: str) -> None:
        """A float is refused in every decimal field, with the float message and the field's pointer."""
        with pytest.raises(RuleViolation, match="is a float, which cannot hold decimal money exactly") as info:
            build()
        assert [(pointer, "wrong-type")] == pointers_and_codes(info)

    def test_every_wrong_field_at_once(self) -> None:
        """Five wrong fields of an offer, each at its pointer; items of a list at their index."""
        with pytest.raises(RuleViolation) as info:
            Offer(5, 20260401, "GBP", {"rate": "1"}, equity=[GRANT, "x"], metadata={"hris": 1})  # type: ignore[arg-type]
        assert [
            ("/id", "wrong-type"),
            ("/effective_date", "wrong-type"),
            ("/salary", "wrong-type"),
            ("/equity/1", "wrong-type"),
            ("/metadata/hris", "wrong-type"),
        ] == pointers_and_codes(info)
        assert "expected a Salary (build it with Salary(...)" in str(info.value)

    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (lambda: Bonus(target_percent="1e3"), ("/target_percent", "bad-decimal")),
            (lambda: Bonus(target_percent=D("NaN")), ("/target_percent", "not-finite")),
            (lambda: Offer("x", "2026-02-30", "GBP", SALARY), ("/effective_date", "no-such-date")),
            (lambda: Offer("x", datetime.datetime(2026, 4, 1), "GBP", SALARY), ("/effective_date", "wrong-type")),
            (lambda: Salary(USD, "yearly"), ("/period", "not-allowed")),
            (lambda: EquityGrant(Instrument.RSU, True, USD, VESTING), ("/units", "wrong-type")),
            (lambda: EquityGrant(Instrument.RSU, "10", USD, VESTING), ("/units", "wrong-type")),
            (lambda: TokenBudget(rollover="none", percent_of_salary=D(1), vests=0), ("/vests", "wrong-type")),
            (lambda: Role(country=826), ("/country", "wrong-type")),
            (lambda: Location("US", remote="yes"), ("/remote", "wrong-type")),
            (lambda: MoneyRange(USD, "100.00"), ("/max", "wrong-type")),
        ],
    )  # fmt: skip
    def test_bad_spellings_and_types(self, build: Any, expected: tuple[str, str]) -> None:
        """What the JSON route refuses the Python route refuses, with the same code; other types too."""
        with pytest.raises(RuleViolation) as info:
            build()
        assert [expected] == pointers_and_codes(info)

    def test_function_arguments(self) -> None:
        """summarize and compare name a wrong offer or as_of as /offer, /a, /b, /as_of."""
        offer = Offer("a", "2026-04-01", "GBP", SALARY)
        cases = [
            (lambda: summarize(offer, as_of=20260401), "/as_of"),
            (lambda: summarize(json.loads(dumps(offer))), "/offer"),
            (lambda: summarize(offer, baseline_spend="12000"), "/baseline_spend"),
            (lambda: compare(offer, "b"), "/b"),
            (lambda: compare(offer, offer, as_of="1 April"), "/as_of"),
        ]
        for call, pointer in cases:
            with pytest.raises(RuleViolation) as info:
                call()
            assert [pointer] == [p.pointer for p in info.value.problems]


class TestValidateAnOffer:
    """validate() takes an Offer built in Python and checks it through its JSON form."""

    def test_a_valid_offer(self) -> None:
        """A valid offer is valid, and comes back equal; load_offer returns it too."""
        offer = Offer("a", "2026-04-01", "GBP", SALARY, equity=[GRANT])
        report = validate(offer)
        assert ((), offer) == (report.problems, report.document)
        assert offer == load_offer(offer)

    def test_through_its_json_form(self) -> None:
        """The offer is checked as dumps() writes it: the report holds the offer read back from that form."""
        offer = Offer("a", "2026-04-01", "GBP", Salary(Money("1.2E+5", "GBP"), "year"))
        report = validate(offer)
        assert (True, offer) == (report.valid, report.document)
        assert report.document is not offer
        assert "120000" == str(report.document.salary.rate.amount)

    def test_a_posting(self) -> None:
        """validate_posting takes a JobPosting the same way."""
        import importlib.resources

        from tokencomp import load_posting, validate_posting

        data = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
        posting = load_posting(data.read_bytes())
        assert ((), posting) == (validate_posting(posting).problems, validate_posting(posting).document)


class TestTrustedRoute:
    """Documents are built without the argument checks, which never refuse what the codec builds."""

    @given(offers)
    def test_checks_accept_every_valid_offer(self, offer: Offer) -> None:
        """Built again with every check on (a converter of one's own is not trusted), any offer is equal."""
        assert offer == structure_as(unstructure(offer), Offer, make_converter())

    def test_the_route_is_one_threads_own(self) -> None:
        """While one thread builds a document on the trusted route, another thread's arguments are still checked."""
        inside, done = threading.Event(), threading.Event()

        def build_slowly() -> Bonus:
            inside.set()
            done.wait(10)
            return Bonus(target_percent=D(10))

        worker = threading.Thread(target=lambda: trusted(build_slowly))
        worker.start()
        try:
            assert inside.wait(10)
            with pytest.raises(RuleViolation):
                Bonus(target_percent=0.1)
        finally:
            done.set()
            worker.join(10)

    def test_the_route_is_closed_after_a_document(self) -> None:
        """After a valid or an invalid document, constructors check again."""
        load_offer(dumps(Offer("a", "2026-04-01", "GBP", SALARY)))
        assert validate(b'{"schema_version": "1", "id": 5}').problems
        assert ROUTE.trusted is False
        with pytest.raises(RuleViolation):
            Bonus(target_percent=0.1)
