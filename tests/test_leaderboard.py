"""The leaderboard: utilisation per person for one period, highest first, with the fair-disclosure footnote."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, dumps
from tokencomp.leaderboard import FOOTNOTE, leaderboard_for, leaderboard_text, parse_period
from tokencomp.usage import RejectedRecord, UsageRecord

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
