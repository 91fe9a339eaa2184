"""Contract version 1.1's equity: the tranche rule, grants by value, PSUs, options' expiry, the version rule."""

from __future__ import annotations

import copy
import datetime
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    Allocation,
    EquityGrant,
    GrantValue,
    Instrument,
    Money,
    RuleViolation,
    Tranche,
    Vesting,
    VestingFrequency,
    VestingSegment,
    compare,
    leave,
    loads,
    summarize,
    validate,
)
from tokencomp.reports.compare import comparison_text

from .strategies import dates, segment_lists

SDE = Path(__file__).parent / "data" / "spec-examples" / "valid" / "sde-backweighted-v1.1.json"
START = datetime.date(2026, 1, 1)
BACK_WEIGHTED = [
    VestingSegment(12, Decimal(5), VestingFrequency.ANNUALLY),
    VestingSegment(12, Decimal(15), VestingFrequency.ANNUALLY),
    VestingSegment(24, Decimal(80), VestingFrequency.SEMIANNUALLY),
]


class TestGoldenTranches:
    """The contract's tables, to the unit."""

    @pytest.mark.parametrize(
        ("allocation", "expected"),
        [
            (Allocation.CUMULATIVE_ROUND_DOWN, [4, 5, 4, 5]),
            (Allocation.CUMULATIVE_ROUNDING, [5, 4, 5, 4]),
            (Allocation.FRONT_LOADED, [5, 5, 4, 4]),
            (Allocation.BACK_LOADED, [4, 4, 5, 5]),
            (Allocation.FRONT_LOADED_TO_SINGLE_TRANCHE, [6, 4, 4, 4]),
            (Allocation.BACK_LOADED_TO_SINGLE_TRANCHE, [4, 4, 4, 6]),
        ],
    )
    def test_eighteen_units_in_four_tranches(self, allocation: Allocation, expected: list[int]) -> None:
        """18 units in 4 equal tranches, each allocation as the contract lists it; events, table and vested_on agree."""
        vesting = Vesting(START, 48, 0, VestingFrequency.ANNUALLY, allocation=allocation)
        assert expected == [event.units for event in vesting.events(18)]
        assert expected == [units for _, units in vesting.tranche_units(18)]
        cumulative = [sum(expected[: i + 1]) for i in range(4)]
        assert cumulative == [vesting.vested_on(18, datetime.date(2027 + i, 1, 1)) for i in range(4)]
        assert [0, *cumulative[:3]] == [vesting.vested_on(18, datetime.date(2026 + i, 12, 31)) for i in range(4)]

    def test_back_weighted_on_a_thousand_units(self) -> None:
        """5/15/40/40 with the last two years half-yearly: 50, 150, then 200 each half year."""
        vesting = Vesting(START, segments=BACK_WEIGHTED)
        events = [(e.date.isoformat(), e.units, e.cumulative) for e in vesting.events(1000)]
        assert [
            ("2027-01-01", 50, 50),
            ("2028-01-01", 150, 200),
            ("2028-07-01", 200, 400),
            ("2029-01-01", 200, 600),
            ("2029-07-01", 200, 800),
            ("2030-01-01", 200, 1000),
        ] == events
        assert 48 == vesting.months

    def test_segment_cliff(self) -> None:
        """A segment's cliff holds back its own first steps, as version 1's cliff does the schedule's."""
        vesting = Vesting(START, segments=[VestingSegment(24, Decimal(100), VestingFrequency.QUARTERLY, 12)])
        assert [(12, 50), (15, 12), (18, 13), (21, 12), (24, 13)] == vesting.tranche_units(100)

    def test_sde_example_psu(self) -> None:
        """The spec example's PSU: 90 units, front-loaded, 31 at the cliff and 8, 8, 8, then 7s."""
        offer = loads(SDE.read_bytes())
        psu = offer.grants[1]
        assert [31, 8, 8, 8, 7, 7, 7, 7, 7] == [e.units for e in psu.vesting.events(psu.units)]

    def test_explicit_tranches(self) -> None:
        """Explicit tranches vest as stated; their months are whole calendar months to the last date."""
        vesting = Vesting(START, tranches=[Tranche("2026-01-01", 10), Tranche("2027-06-15", 30)])
        assert [10, 30] == [event.units for event in vesting.events(40)]
        assert 10 == vesting.vested_on(40, START)
        assert 17 == vesting.months


class TestTrancheProperties:
    """Tranches sum exactly to the units under every allocation, in date order, for any segments."""

    @given(segment_lists(max_size=20), st.sampled_from(Allocation), st.integers(1, 10**15), dates)
    def test_sum_and_order(
        self, segments: list[VestingSegment], allocation: Allocation, units: int, start: Any
    ) -> None:
        """Events sum to the units, dates strictly ascend, cumulative counts match vested_on and the table."""
        vesting = Vesting(start, segments=segments, allocation=allocation)
        events = list(vesting.events(units))
        assert units == sum(event.units for event in events)
        assert all(event.units > 0 for event in events)
        assert all(a.date < b.date for a, b in itertools.pairwise(events))
        for event in events:
            assert event.cumulative == vesting.vested_on(units, event.date)
        assert units == sum(tranche for _, tranche in vesting.tranche_units(units))

    @given(
        segment_lists(),
        st.integers(1, 10**15),
        st.sampled_from([Allocation.CUMULATIVE_ROUND_DOWN, Allocation.CUMULATIVE_ROUNDING]),
    )
    def test_one_segment_is_the_uniform_schedule(
        self, segments: list[VestingSegment], units: int, allocation: Allocation
    ) -> None:
        """One segment of 100 percent is the uniform schedule, event for event and month for month.

        The uniform schedule works out a cumulative allocation in whole numbers, a segment in fractions: the
        same rule two ways.
        """
        segment = segments[0]
        uniform = Vesting(START, segment.months, segment.cliff, segment.frequency, allocation=allocation)
        one = Vesting(
            START,
            segments=[VestingSegment(segment.months, Decimal(100), segment.frequency, segment.cliff)],
            allocation=allocation,
        )
        assert list(uniform.events(units)) == list(one.events(units))
        months = range(-1, segment.months + 2)
        assert [one.vested_after_months(units, m) for m in months] == [
            uniform.vested_after_months(units, m) for m in months
        ]


class TestGrants:
    """Grants by value, PSUs and options' expiry, built in code."""

    def test_grant_value_buys_whole_units(self) -> None:
        """units = floor(amount / conversion_price); the rest is not granted."""
        value = GrantValue(Money("100000.00", "USD"), Money("187.43", "USD"))
        grant = EquityGrant(
            Instrument.RSU, None, Money("190.00", "USD"), Vesting(START, 48, 12, "quarterly"), grant_value=value
        )
        assert 533 == grant.units
        assert Money("99.81", "USD") == value.remainder()

    def test_rules(self) -> None:
        """Both units and a value, a strike on a PSU, a maximum below target: each at its pointer."""
        vesting = Vesting(START, 48, 12, "quarterly")
        value = GrantValue(Money("100.00", "USD"), Money("1.00", "USD"))
        with pytest.raises(RuleViolation) as info:
            EquityGrant("psu", 10, Money("1.00", "USD"), vesting, Money("1.00", "USD"), grant_value=value, max_units=5)
        assert {("", "exactly-one-of"), ("/strike_price", "strike-on-psu")} <= {
            (p.pointer, p.code) for p in info.value.problems
        }

    def test_exercise_deadline_on_leaving(self) -> None:
        """An option's last day: leaving day + months, never after expiry."""
        grant = EquityGrant(
            "nso", 100, Money("5.00", "USD"), Vesting(START, 12, 0, "monthly"), Money("1.00", "USD"),
            post_termination_exercise_months=3, expiration_date="2026-09-30",
        )  # fmt: skip
        assert datetime.date(2026, 8, 15) == grant.exercise_deadline(datetime.date(2026, 5, 15))
        assert datetime.date(2026, 9, 30) == grant.exercise_deadline(datetime.date(2026, 8, 1))


def _document(**grant_changes: Any) -> dict[str, Any]:
    document = json.loads(SDE.read_text())
    grant = document["equity"][0]
    for key, value in grant_changes.items():
        if value is None:
            grant.pop(key, None)
        else:
            grant[key] = value
    return document


def _problems(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(p.pointer, p.code) for p in validate(json.dumps(document).encode()).problems}


class TestValidation:
    """Documents: every problem at its pointer."""

    def test_segments_not_100(self) -> None:
        """Segments summing to 99 percent."""
        document = _document()
        document["equity"][0]["vesting"]["segments"][0]["percent"] = "4"
        assert ("/equity/0/vesting/segments", "segments-not-100") in _problems(document)

    def test_cliff_beyond_segment(self) -> None:
        """A segment's cliff beyond its months."""
        document = _document()
        document["equity"][0]["vesting"]["segments"][0]["cliff_months"] = 13
        assert ("/equity/0/vesting/segments/0/cliff_months", "cliff-out-of-range") in _problems(document)

    def test_max_below_units_and_strike_on_psu(self) -> None:
        """A PSU's maximum below its target; a strike on a PSU."""
        document = _document()
        document["equity"][1]["max_units"] = 80
        document["equity"][1]["strike_price"] = {"amount": "1.00", "currency": "USD"}
        found = _problems(document)
        assert ("/equity/1/max_units", "max-below-units") in found
        assert any(pointer == "/equity/1/strike_price" for pointer, _ in found)

    def test_units_and_grant_value(self) -> None:
        """Both units and a grant value; neither."""
        value = {
            "amount": {"amount": "1000.00", "currency": "USD"},
            "conversion_price": {"amount": "3.00", "currency": "USD"},
        }
        assert any(p == "/equity/0" for p, _ in _problems(_document(grant_value=value)))
        assert any(p == "/equity/0" for p, _ in _problems(_document(units=None)))
        assert set() == _problems(_document(units=None, grant_value=value))

    def test_tranches(self) -> None:
        """Tranches not summing to the units, out of order, before the start."""
        document = _document()
        document["equity"][0]["vesting"] = {
            "start_date": "2026-09-14",
            "tranches": [{"date": "2026-09-13", "units": 100}, {"date": "2026-09-01", "units": 100}],
        }
        found = _problems(document)
        assert {
            ("/equity/0/vesting/tranches/0/date", "tranche-before-start"),
            ("/equity/0/vesting/tranches/1/date", "tranches-not-ascending"),
        } <= found
        document["equity"][0]["vesting"]["tranches"] = [{"date": "2027-09-14", "units": 200}]
        assert {("/equity/0/vesting/tranches", "tranches-not-units")} == _problems(document)

    def test_needs_version_1_1(self) -> None:
        """A "1" document with 1.1 grant keys and values: needs-version-1.1 at each."""
        document = _document()
        document["schema_version"] = "1"
        for key in ("one_time", "role"):
            document.pop(key)
        found = {p for p, code in _problems(document) if code == "needs-version-1.1"}
        assert {
            "/equity/0/value_basis",
            "/equity/0/value_as_of",
            "/equity/0/vesting/segments",
            "/equity/1/instrument",
            "/equity/1/kind",
            "/equity/1/max_units",
            "/equity/1/vesting/allocation",
        } == found


class TestSummaryAndLeaving:
    """The example's equity figures, scenarios and leaving."""

    def test_scenarios(self) -> None:
        """At twice the share price, equity doubles and total compensation rises by the same."""
        summary = summarize(loads(SDE.read_bytes()), share_price_multiples=["1", "2"])
        assert summary.scenarios is not None
        one, two = summary.scenarios
        assert Decimal("33000.00") == one.annual.equity
        assert Decimal("66000.00") == two.annual.equity
        assert two.annual.total_compensation - one.annual.total_compensation == Decimal("33000.00")
        assert Decimal("24200.00") == two.first_year.equity

    def test_option_at_strike(self) -> None:
        """An option at its 409A is worth 0 there, and the advisory says so."""
        document = _document()
        document["equity"] = [copy.deepcopy(document["equity"][0])]
        document["equity"][0] |= {"instrument": "iso", "strike_price": {"amount": "220.00", "currency": "USD"}}
        summary = summarize(loads(json.dumps(document)), share_price_multiples=["2"])
        assert Decimal("0.00") == summary.annual.equity
        assert "option-at-strike" in [a.code for a in summary.advisories]
        assert summary.grants is not None
        assert Decimal("105600.00") == summary.grants[0].cost_to_exercise
        assert summary.scenarios is not None
        assert Decimal("26400.00") == summary.scenarios[0].annual.equity

    def test_leaving(self) -> None:
        """Kept and forfeited units of the back-weighted grant after two years."""
        leaving = leave(loads(SDE.read_bytes()), on="2028-09-14")
        assert (96, 384) == (leaving.grants[0].kept_units, leaving.grants[0].forfeited_units)


class TestCompare:
    """compare gives each offer's scenarios, side by side."""

    def test_scenarios_side_by_side(self) -> None:
        """Total compensation at each multiple for A and B, B less A, in the text; each summary's in the JSON."""
        offer = loads(SDE.read_bytes())
        result = compare(offer, offer, share_price_multiples=["2"])
        assert result.b.scenarios is not None
        assert Decimal("231000.00") == result.b.scenarios[0].annual.total_compensation
        assert "Total compensation ×2        $231,000.00       $231,000.00             $0.00" in comparison_text(result)
