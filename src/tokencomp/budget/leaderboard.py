"""A leaderboard of token budgets: utilisation and spend per person for one period, highest first.

Some companies rank people by how much of their token budget they use
("tokenmaxxing"). A board shown without its footnote reads as a pay table;
:data:`FOOTNOTE` goes with every rendering: an allowance used is not pay earned.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from .._internal.translations import N_
from ..codec.sources import RejectedRecord
from ..errors import Problem, RuleViolation
from ..model.components import add_months
from ..model.money import Money, in_context, ratio
from ..model.offer import Offer
from ..reference.fx import RateTable
from ..reference.pricing import PriceCatalog
from .ledger import MAX_LISTED_REJECTED, Ledger, ValueAt, budget_per_period, ledgers_for, person_of
from .usage import UsageRecord

__all__ = ["FOOTNOTE", "Leaderboard", "LeaderboardRow", "leaderboard_for", "parse_period"]

#: The fair-disclosure footnote every leaderboard is shown with.
FOOTNOTE = N_(
    "An allowance used is not pay earned: a token budget is a tool for the work, forfeited on leaving; "
    "using more of it is not more compensation, and using less is not a saving paid to anyone."
)


def parse_period(text: str) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a period written ``YYYY-MM`` or ``YYYY``.

    Raises:
        ValueError: *text* is neither.

    >>> parse_period("2026-02"), parse_period("2026")[1]
    ((datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)), datetime.date(2026, 12, 31))
    """
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}))?", text)
    if match is None or not 1 <= int(match.group(2) or 1) <= 12:
        msg = f"{text!r} is not a period such as 2026-03 (a month) or 2026 (a year)"
        raise ValueError(msg)
    year = int(match.group(1))
    if match.group(2) is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    first = datetime.date(year, int(match.group(2)), 1)
    return first, add_months(first, 1) - datetime.timedelta(days=1)


@attrs.frozen
class LeaderboardRow:
    """One person's line: what they used of what was available, in their budget's currency.

    Attributes:
        person: Whom the budget belongs to.
        used: What they used in the period.
        available: allowance + carried in.
        utilisation: used ÷ available, four places; ``None`` when nothing was available.

    >>> from decimal import Decimal
    >>> from tokencomp import LeaderboardRow, Money
    >>> LeaderboardRow("ada", Money("800.00", "USD"), Money("1000.00", "USD"), Decimal("0.8000")).utilisation
    Decimal('0.8000')
    """

    person: str
    used: Money
    available: Money
    utilisation: Decimal | None


@attrs.frozen
class Leaderboard:
    """Utilisation per person for one period, sorted highest first, with the footnote.

    Attributes:
        period: The period, as asked: ``2026-03`` or ``2026``.
        rows: One a person whose employment covers the period, highest utilisation first.
        footnote: :data:`FOOTNOTE`.
        rejected: Records kept out of every total, with where and why (the first
            :data:`~tokencomp.budget.ledger.MAX_LISTED_REJECTED` of each kind).
        more_rejected: Rejected records beyond those listed: counted, not kept.

    >>> from tokencomp import Leaderboard
    >>> from tokencomp.budget.leaderboard import FOOTNOTE
    >>> Leaderboard("2026-03", ()).footnote == FOOTNOTE
    True
    """

    period: str
    rows: tuple[LeaderboardRow, ...]
    footnote: str = FOOTNOTE
    rejected: tuple[RejectedRecord, ...] = ()
    more_rejected: int = 0


def _row(ledgers: Sequence[Ledger], first: datetime.date, last: datetime.date) -> LeaderboardRow | None:
    """One person's row over the ledgers of their offers, each for the days it was in force."""
    periods = sorted((p for ledger in ledgers for p in ledger.periods if p.start <= last and p.end >= first),
                     key=lambda p: p.start)  # fmt: skip
    if not periods:
        return None
    ledger = ledgers[0]
    zero = Money.zero(ledger.currency)
    used = sum((p.used for p in periods), zero)
    # Rolled-over money is available once: what the first period brought in, then each allowance.
    available = periods[0].carried_in + sum((p.allowance for p in periods), zero)
    return LeaderboardRow(ledger.person, used, available, ratio(used.amount, available.amount))


def _in_force(offers: Sequence[Offer]) -> list[datetime.date | None]:
    """The last day of each offer for its person: the day before the next of theirs takes over, else none.

    Raises:
        RuleViolation: Two offers of one person take effect on one day, or budget in two currencies:
            no one offer is in force, or no one row can add them up. Both offers are named.
    """
    by_person: dict[str, list[int]] = {}
    for number, offer in enumerate(offers):
        by_person.setdefault(person_of(offer), []).append(number)
    ends: list[datetime.date | None] = [None] * len(offers)
    problems = []
    for person, numbers in by_person.items():
        numbers.sort(key=lambda n: offers[n].effective_date)
        for before, after in itertools.pairwise(numbers):
            earlier, later = offers[before], offers[after]
            both = f"offers {earlier.id!r} and {later.id!r} are both {person!r}'s"
            if earlier.effective_date == later.effective_date:
                problems.append(Problem("", "two-offers-one-day", f"{both} from {later.effective_date}: "
                                        "one person has one row, so give the offer in force"))  # fmt: skip
            elif budget_per_period(earlier)[0].currency != budget_per_period(later)[0].currency:
                problems.append(Problem("", "two-currencies", f"{both}, with budgets in two currencies: "
                                        "one row cannot add them up"))  # fmt: skip
            else:
                ends[before] = later.effective_date - datetime.timedelta(days=1)
    RuleViolation.raise_for(problems)
    return ends


class _Rejections:
    """The readers' rejected records, seen once (not once an offer): the first kept, the rest counted."""

    def __init__(self) -> None:
        self.kept: list[RejectedRecord] = []
        self.more = 0

    def usage_only(self, records: Iterable[UsageRecord | RejectedRecord]) -> Iterator[UsageRecord]:
        for record in records:
            if isinstance(record, UsageRecord):
                yield record
            elif len(self.kept) < MAX_LISTED_REJECTED:
                self.kept.append(record)
            else:
                self.more += 1


@in_context
def leaderboard_for(
    offers: Sequence[Offer],
    records: Iterable[UsageRecord | RejectedRecord],
    period: str,
    *,
    value_at: ValueAt = ValueAt.RECORDED,
    rates: RateTable | None = None,
    prices: PriceCatalog | None = None,
) -> Leaderboard:
    """Return the leaderboard of *offers* for *period* (``YYYY-MM`` or ``YYYY``), reading *records* once.

    Each offer's ledger runs to the period's last day; the row adds the
    ledger periods that fall in it (a yearly budget's row for a month is its
    year so far). Offers whose employment starts after the period are left out.

    One person has one row. When two offers name one person (``metadata.person``,
    else the id; a promotion's new offer beside the old one), each is in force
    from its effective date to the day before the next: their usage is counted
    once, under the offer in force on its date, and the row adds both offers'
    days of the period (what one offer rolled over does not pass to the next).

    Raises:
        ValueError: *period* is not ``YYYY-MM`` or ``YYYY``.
        RuleViolation: Two offers of one person take effect on the same day, or budget in two
            currencies (``two-offers-one-day``, ``two-currencies``), naming both.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, leaderboard_for
    >>> from tokencomp.budget.usage import UsageRecord
    >>> budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("100.00", "USD"), period=BudgetPeriod.MONTH)
    >>> salary = Salary(Money("150000.00", "USD"), SalaryPeriod.YEAR)
    >>> offers = [Offer(name, datetime.date(2026, 1, 1), "USD", salary, token_budget=budget) for name in ("ada", "bo")]
    >>> usage = [UsageRecord(datetime.date(2026, 1, 5), "bo", "gpt-4o", cost=Money("75", "USD")),
    ...          UsageRecord(datetime.date(2026, 1, 9), "ada", "gpt-4o", cost=Money("20", "USD"))]
    >>> [(row.person, str(row.utilisation)) for row in leaderboard_for(offers, usage, "2026-01").rows]
    [('bo', '0.7500'), ('ada', '0.2000')]
    """
    first, last = parse_period(period)
    covered = [offer for offer in offers if offer.effective_date <= last]
    ends = _in_force(covered)
    readers = _Rejections()
    ledgers = ledgers_for(covered, readers.usage_only(records), as_of=last, value_at=value_at, rates=rates,
                          prices=prices, terminations=ends)  # fmt: skip
    by_person: dict[str, list[Ledger]] = {}
    for ledger in ledgers:
        by_person.setdefault(ledger.person, []).append(ledger)
    rows = [row for mine in by_person.values() if (row := _row(mine, first, last)) is not None]
    rows.sort(key=lambda row: (row.utilisation is None, -(row.utilisation or 0), row.person))
    # Records after the period are not rejected; a record outside one offer of a person is inside the next.
    starts = {person: min(o.effective_date for o in covered if person_of(o) == person) for person in by_person}
    passed_on = ("after-as-of",)
    kept = list(readers.kept)
    for ledger, end, offer in zip(ledgers, ends, covered, strict=True):
        own = ("after-termination",) if end is not None else ()
        later = ("before-employment",) if offer.effective_date > starts[ledger.person] else ()
        kept += [r for r in ledger.rejected if all(p.code not in passed_on + own + later for p in r.problems)]
    more = readers.more + sum(ledger.more_rejected for ledger in ledgers)
    return Leaderboard(period, tuple(rows), rejected=tuple(kept), more_rejected=more)
