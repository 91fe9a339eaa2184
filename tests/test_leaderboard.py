"""The leaderboard: utilisation per person for one period, highest first, with the fair-disclosure footnote."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from tokencomp import BudgetPeriod, Money, Offer, Rollover, RuleViolation, Salary, SalaryPeriod, TokenBudget, dumps
from tokencomp.budget.leaderboard import FOOTNOTE, leaderboard_for, parse_period
from tokencomp.budget.ledger import MAX_LISTED_REJECTED, ledger_for
from tokencomp.budget.usage import UsageRecord
from tokencomp.codec.sources import RejectedRecord
from tokencomp.reports.texts import leaderboard_text, ledger_text

D = datetime.date
SALARY = Salary(Money("150000.00", "USD"), SalaryPeriod.YEAR)


JANUARY = D(2026, 1, 1)


def offer(person: str, amount: str, start: D = JANUARY, rollover: Rollover = Rollover.FULL) -> Offer:
    budget = TokenBudget(rollover=rollover, allowance=Money(amount, "USD"), period=BudgetPeriod.MONTH)
    return Offer(person, start, "USD", SALARY, token_budget=budget)


def spent(day: D, person: str, amount: str) -> UsageRecord:
    return UsageRecord(day, person, "gpt-4o", cost=Money(amount, "USD"))


OFFERS = [
    offer("ada", "100.00"),
    offer("bo", "200.00", rollover=Rollover.NONE),
    offer("cy", "50.00", start=D(2026, 4, 1)),
]
USAGE = [
    spent(D(2026, 1, 10), "ada", "40.00"),  # 60.00 rolls into February
    spent(D(2026, 2, 3), "ada", "80.00"),
    spent(D(2026, 2, 4), "bo", "190.00"),
    spent(D(2026, 3, 1), "bo", "10.00"),
    RejectedRecord(()),
]


class TestLeaderboard:
    """Rows sorted by utilisation, highest first."""

    def test_a_month(self) -> None:
        """February: bo used 190 of 200 (0.95), ada 80 of 160 with January's rollover (0.5); cy had not started."""
        board = leaderboard_for(OFFERS, USAGE, "2026-02")
        assert [("bo", "190.00", "200.00", "0.9500"), ("ada", "80.00", "160.00", "0.5000")] == [
            (r.person, str(r.used.amount), str(r.available.amount), str(r.utilisation)) for r in board.rows
        ]
        assert (FOOTNOTE, 1) == (board.footnote, len(board.rejected))

    def test_a_year(self) -> None:
        """2026 so far adds the months: ada 120 of 1,200; bo 200 of 2,400; cy 0 of 450."""
        board = leaderboard_for(OFFERS, iter(USAGE), "2026")
        assert [("ada", "0.1000"), ("bo", "0.0833"), ("cy", "0.0000")] == [
            (r.person, str(r.utilisation)) for r in board.rows
        ]

    def test_json_and_text(self) -> None:
        """The JSON has the period and rows; the text carries the footnote."""
        board = leaderboard_for(OFFERS, USAGE, "2026-02")
        document = json.loads(dumps(board))
        assert ("2026-02", {"person", "used", "available", "utilisation"}) == (
            document["period"], set(document["rows"][0])
        )  # fmt: skip
        assert FOOTNOTE in leaderboard_text(board)
        assert "95.00%" in leaderboard_text(board)

    @pytest.mark.parametrize("text", ["2026-13", "26", "2026-1", "March"])
    def test_bad_period(self, text: str) -> None:
        """A period is YYYY-MM or YYYY."""
        with pytest.raises(ValueError, match="is not a period"):
            parse_period(text)

    def test_utilisation_without_allowance(self) -> None:
        """Nothing available: utilisation is not a number, and the row goes last."""
        board = leaderboard_for([offer("ada", "0.00"), offer("bo", "10.00")], [], "2026-01")
        assert [("bo", Decimal("0.0000")), ("ada", None)] == [(r.person, r.utilisation) for r in board.rows]


PROMOTION = D(2026, 2, 15)


class TestOnePersonOneRow:
    """Two offers naming one person (a promotion beside the old offer): one row, each record counted once."""

    def promoted(self, start: D = PROMOTION, currency: str = "USD") -> Offer:
        budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("280.00", currency), period=BudgetPeriod.MONTH)
        salary = Salary(Money("180000.00", currency), SalaryPeriod.YEAR)
        return Offer("ada-promoted", start, currency, salary, token_budget=budget, metadata={"person": "ada"})

    def old(self) -> Offer:
        budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("140.00", "USD"), period=BudgetPeriod.MONTH)
        return Offer("ada-2025", D(2026, 1, 1), "USD", SALARY, token_budget=budget, metadata={"person": "ada"})

    def test_the_offer_in_force(self) -> None:
        """February: 14 days of the old offer (70.00) and 14 of the new (140.00); both records once, one row."""
        usage = [spent(D(2026, 2, 3), "ada", "21.00"), spent(D(2026, 2, 20), "ada", "42.00")]
        board = leaderboard_for([self.promoted(), self.old()], usage, "2026-02")
        assert [("ada", "63.00", "210.00", "0.3000")] == [
            (r.person, str(r.used.amount), str(r.available.amount), str(r.utilisation)) for r in board.rows
        ]
        assert () == board.rejected

    def test_a_record_before_every_offer_is_still_rejected(self) -> None:
        """A record before the first offer's start is reported once, as before employment."""
        board = leaderboard_for([self.old(), self.promoted()], [spent(D(2025, 12, 31), "ada", "1.00")], "2026-02")
        assert [["before-employment"]] == [[p.code for p in r.problems] for r in board.rejected]

    @pytest.mark.parametrize(
        ("other", "code"), [({"start": D(2026, 1, 1)}, "two-offers-one-day"), ({"currency": "EUR"}, "two-currencies")]
    )
    def test_a_clear_refusal(self, other: dict[str, object], code: str) -> None:
        """Two offers from one day, or in two currencies: refused, naming both offers."""
        with pytest.raises(RuleViolation) as refused:
            leaderboard_for([self.old(), self.promoted(**other)], [], "2026-02")  # type: ignore[arg-type]
        assert [code] == [p.code for p in refused.value.problems]
        assert "'ada-2025' and 'ada-promoted'" in str(refused.value)


class TestBoundedRejections:
    """Rejected records past the first MAX_LISTED_REJECTED are counted, not kept."""

    def test_counted_beyond_the_listed(self) -> None:
        """2,500 rejected records: 1,000 listed, 1,500 counted, in the ledger and on the board."""
        board = leaderboard_for(OFFERS, [RejectedRecord((), line=n) for n in range(2500)], "2026-02")
        assert (MAX_LISTED_REJECTED, 2500 - MAX_LISTED_REJECTED) == (len(board.rejected), board.more_rejected)
        ledger = ledger_for(OFFERS[0], (RejectedRecord((), line=n) for n in range(2500)), as_of=D(2026, 2, 1))
        assert (MAX_LISTED_REJECTED, 2500 - MAX_LISTED_REJECTED) == (len(ledger.rejected), ledger.more_rejected)
        assert "2,500 record(s) left out of every total:" in ledger_text(ledger)
        assert ledger_text(ledger).endswith("… +1,500")
