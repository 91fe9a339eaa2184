"""A leaderboard of token budgets: utilisation and spend per person for one period, highest first.

Some companies rank people by how much of their token budget they use
("tokenmaxxing"). A board shown without its footnote reads as a pay table;
:data:`FOOTNOTE` goes with every rendering: an allowance used is not pay earned.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs
from babel import Locale

from .components import add_months
from .escaping import isolated
from .fx import RateTable
from .ledger import Ledger, ValueAt, ledgers_for
from .money import Money, in_context, ratio
from .offer import Offer
from .pricing import PriceCatalog
from .translations import N_, translations
from .usage import RejectedRecord, UsageRecord
from .wording import format_money, format_ratio, pad

__all__ = ["FOOTNOTE", "Leaderboard", "LeaderboardRow", "leaderboard_for", "leaderboard_text", "parse_period"]

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
        rejected: Records kept out of every total, with where and why.

    >>> from tokencomp import Leaderboard
    >>> from tokencomp.leaderboard import FOOTNOTE
    >>> Leaderboard("2026-03", ()).footnote == FOOTNOTE
    True
    """

    period: str
    rows: tuple[LeaderboardRow, ...]
    footnote: str = FOOTNOTE
    rejected: tuple[RejectedRecord, ...] = ()


def _row(ledger: Ledger, first: datetime.date, last: datetime.date) -> LeaderboardRow | None:
    periods = [p for p in ledger.periods if p.start <= last and p.end >= first]
    if not periods:
        return None
    zero = Money.zero(ledger.currency)
    used = sum((p.used for p in periods), zero)
    # Rolled-over money is available once: what the first period brought in, then each allowance.
    available = periods[0].carried_in + sum((p.allowance for p in periods), zero)
    return LeaderboardRow(ledger.person, used, available, ratio(used.amount, available.amount))


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

    Raises:
        ValueError: *period* is not ``YYYY-MM`` or ``YYYY``.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, leaderboard_for
    >>> from tokencomp.usage import UsageRecord
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
    ledgers = ledgers_for(covered, records, as_of=last, value_at=value_at, rates=rates, prices=prices)
    rows = [row for ledger in ledgers if (row := _row(ledger, first, last)) is not None]
    rows.sort(key=lambda row: (row.utilisation is None, -(row.utilisation or 0), row.person))
    # The readers' rejections reach every ledger: list each once. Records after the period are not rejected.
    rejected = {id(r): r for ledger in ledgers for r in ledger.rejected}.values()
    kept = tuple(r for r in rejected if all(p.code != "after-as-of" for p in r.problems))
    return Leaderboard(period, tuple(rows), rejected=kept)


@in_context
def leaderboard_text(board: Leaderboard, locale: Locale | str = "en_US") -> str:
    """Return the leaderboard as a text table for *locale*, the footnote under it.

    >>> print(leaderboard_text(Leaderboard("2026-01", (LeaderboardRow("bo", Money("75.00", "USD"),
    ...       Money("100.00", "USD"), Decimal("0.7500")),))).splitlines()[3])
    1  bo                     75.00%        $75.00      $100.00
    """
    _ = translations(locale).gettext
    lines = [_("Token budget leaderboard, {period}").format(period=board.period), ""]
    # The labels are looked up outside the f-string: Python 3.12's tokenizer lets babel see calls inside one,
    # 3.11's does not, and the catalogs must be the same whichever Python extracts them.
    person, utilisation, used, available = _("Person"), _("Utilisation"), _("Used"), _("Available")
    lines.append(f"{'#':<3}{pad(person, 17)}{pad(utilisation, 12, '>')}{pad(used, 14, '>')}{pad(available, 13, '>')}")
    for place, row in enumerate(board.rows, 1):
        share = _("n/a") if row.utilisation is None else format_ratio(row.utilisation, locale)
        lines.append(
            f"{place:<3}{pad(isolated(row.person), 17)}{pad(share, 12, '>')}"
            f"{pad(format_money(row.used.amount, row.used.currency, locale), 14, '>')}"
            f"{pad(format_money(row.available.amount, row.available.currency, locale), 13, '>')}"
        )
    lines += ["", f"* {_(board.footnote)}"]  # the footnote in the reader's language, unless it is a custom one
    return "\n".join(lines)
