"""Pay-transparency job postings with a token budget: a range for each component.

:mod:`tokencomp.reports.jsonld` writes a posting as schema.org ``JobPosting`` JSON-LD
(the token budget in ``jobBenefits``, never in ``baseSalary``: it is not pay).
"""

from __future__ import annotations

import datetime
import enum
import re
from decimal import Decimal
from typing import ClassVar

import attrs

from ..errors import InvalidDocumentError, InvalidPostingError, Problem, RuleViolation
from .arguments import ROUTE, check_arguments
from .components import SalaryPeriod
from .historical import withdrawn_currency_problems
from .limits import MAX_COUNT, count_problems
from .money import Money
from .offer import country_codes
from .prices import TokenPrice, UsageMix

__all__ = [
    "POSTING_SCHEMA_VERSION",
    "EmploymentType",
    "JobPosting",
    "Location",
    "MoneyRange",
    "PercentRange",
    "TokenBudgetRange",
    "URL_PATTERN",
]

#: The version of the job-posting document this package reads and writes.
POSTING_SCHEMA_VERSION = "1"

#: A web address, http or https, a host, and no spaces or control characters.
URL_PATTERN = re.compile(r"https?://[^\s/?#]+[^\s]*")


class EmploymentType(enum.StrEnum):
    """schema.org's employment types, as Google's job-posting guidelines list them.

    >>> from tokencomp import EmploymentType
    >>> EmploymentType("FULL_TIME")
    <EmploymentType.FULL_TIME: 'FULL_TIME'>
    """

    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACTOR = "CONTRACTOR"
    TEMPORARY = "TEMPORARY"
    INTERN = "INTERN"
    VOLUNTEER = "VOLUNTEER"
    PER_DIEM = "PER_DIEM"
    OTHER = "OTHER"


@attrs.frozen
class MoneyRange:
    """A range of money, from *min* to *max*, in one currency.

    Attributes:
        min: The lowest amount; zero or more.
        max: The highest amount; at least *min*, in the same currency.

    >>> from tokencomp import Money, MoneyRange
    >>> MoneyRange(Money("350000", "USD"), Money("400000", "USD")).max.amount
    Decimal('400000')
    """

    min: Money
    max: Money

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        if self.min.amount.is_signed():
            problems.append(Problem("/min/amount", "negative-amount", "min must not be negative"))
        if self.min.currency != self.max.currency:
            problems.append(Problem("/max/currency", "range-currency", "min and max must be in one currency"))
        elif self.max.amount < self.min.amount:
            problems.append(Problem("/max/amount", "range-reversed", "max must be at least min"))
        RuleViolation.raise_for(problems)


@attrs.frozen
class PercentRange:
    """A range of percentages, such as a target bonus of 10 to 15 % of salary.

    Attributes:
        min: The lowest percentage; zero or more.
        max: The highest percentage; at least *min*.

    >>> from decimal import Decimal
    >>> from tokencomp import PercentRange
    >>> PercentRange(Decimal("10"), Decimal("15")).max
    Decimal('15')
    """

    min: Decimal
    max: Decimal

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        if self.min.is_signed():
            problems.append(Problem("/min", "negative-percent", "min must not be negative"))
        if self.max < self.min:
            problems.append(Problem("/max", "range-reversed", "max must be at least min"))
        RuleViolation.raise_for(problems)


@attrs.frozen
class TokenBudgetRange:
    """The token budget a role comes with: money a year, or tokens a year with their prices.

    Attributes:
        allowance_per_year: The budget's money value a year, as a range.
        tokens_per_year_min: The fewest tokens a year, with *pricing*.
        tokens_per_year_max: The most tokens a year, with *pricing*.
        pricing: The dated price snapshot that values tokens; required with tokens.
        usage_mix: How the tokens split; required with *pricing*.

    >>> from tokencomp import Money, MoneyRange, TokenBudgetRange
    >>> budget = TokenBudgetRange(MoneyRange(Money("50000", "USD"), Money("100000", "USD")))
    >>> budget.allowance_per_year.max
    Money(amount=Decimal('100000'), currency='USD')
    """

    allowance_per_year: MoneyRange | None = None
    tokens_per_year_min: int | None = None
    tokens_per_year_max: int | None = None
    pricing: TokenPrice | None = None
    usage_mix: UsageMix | None = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        in_tokens = self.tokens_per_year_min is not None or self.tokens_per_year_max is not None
        if (self.allowance_per_year is None) == (not in_tokens):
            problems.append(
                Problem("", "budget-size-count", "give allowance_per_year, or tokens_per_year_min and _max")
            )
        if in_tokens:
            low, high = self.tokens_per_year_min, self.tokens_per_year_max
            if low is None or high is None:
                missing = "/tokens_per_year_min" if low is None else "/tokens_per_year_max"
                problems.append(Problem(missing, "missing-key", "give both ends of the token range"))
            elif low < 0 or high < low:
                problems.append(Problem("/tokens_per_year_max", "range-reversed", "need 0 <= min <= max"))
            for name, end in (("tokens_per_year_min", low), ("tokens_per_year_max", high)):
                problems += [p.under(f"/{name}") for p in count_problems(end, MAX_COUNT)] if end is not None else []
            if self.pricing is None:
                problems.append(Problem("/pricing", "tokens-without-pricing", "a budget in tokens needs pricing"))
        if self.pricing is not None and self.usage_mix is None:
            problems.append(Problem("/usage_mix", "pricing-without-mix", "pricing needs a usage_mix"))
        RuleViolation.raise_for(problems)


@attrs.frozen
class Location:
    """Where the job is.

    Attributes:
        country: ISO 3166-1 alpha-2 code, such as ``"US"``.
        locality: The city, such as ``"San Francisco"``.
        region: The state or region, such as ``"CA"``.
        remote: Whether the job can be done from anywhere in *country*.

    >>> from tokencomp import Location
    >>> Location("US", "San Francisco", "CA").country
    'US'
    """

    country: str
    locality: str | None = None
    region: str | None = None
    remote: bool | None = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        if self.country not in country_codes():
            RuleViolation.raise_for(
                [Problem("/country", "unknown-country", f"{self.country!r} is not an ISO 3166-1 code")]
            )


@attrs.frozen
class JobPosting:
    """A pay-transparency job posting with ranges for all four components.

    Attributes:
        id: The posting's id; not empty.
        title: The job title.
        organization: Who is hiring.
        description: What the job is (Google requires one).
        location: Where the job is.
        date_posted: When the posting was published.
        salary: The base salary range.
        salary_period: What the salary range is quoted per.
        schema_version: Always ``"1"``.
        valid_through: The last day the posting is open.
        employment_type: Full time, part time, ...
        bonus_target_percent: The target bonus, as a range of percentages of salary.
        equity_per_year: The equity vesting a year, as a range of money.
        token_budget: The token budget, as a range.
        direct_apply: Whether the posting's page lets people apply on it
            directly, without further steps (Google's ``directApply``).
        organization_url: The hiring organization's own website, an
            ``https://`` or ``http://`` URL (``hiringOrganization.sameAs``).
        organization_logo: The URL of the hiring organization's logo
            (``hiringOrganization.logo``).
        commission: The on-target commission a year, as a range of money (California asks for a
            commission range); JSON-LD ``incentiveCompensation``.
        benefits_description: A general description of the benefits and other compensation (Colorado
            and Washington ask for one); JSON-LD ``jobBenefits``, the token budget said apart.

    >>> import importlib.resources
    >>> from tokencomp import load_posting
    >>> data = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
    >>> posting = load_posting(data.read_bytes())
    >>> posting.salary.min.amount, posting.token_budget.allowance_per_year.max.amount
    (Decimal('350000.00'), Decimal('100000.00'))
    """

    #: The error a document of this kind raises with its problems (the codec reads it here).
    DOCUMENT_ERROR: ClassVar[type[InvalidDocumentError]] = InvalidPostingError

    id: str
    title: str
    organization: str
    # Prose: paragraphs with line breaks, up to limits.MAX_PROSE_LENGTH characters.
    description: str = attrs.field(metadata={"prose": True})
    location: Location
    date_posted: datetime.date
    salary: MoneyRange
    salary_period: SalaryPeriod
    schema_version: str = POSTING_SCHEMA_VERSION
    valid_through: datetime.date | None = None
    employment_type: EmploymentType | None = None
    bonus_target_percent: PercentRange | None = None
    equity_per_year: MoneyRange | None = None
    token_budget: TokenBudgetRange | None = None
    direct_apply: bool | None = None
    organization_url: str | None = None
    organization_logo: str | None = None
    commission: MoneyRange | None = None
    benefits_description: str | None = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = [
            Problem(f"/{name}", "empty-string", f"{name} must not be empty")
            for name in ("id", "title", "organization", "description")
            if not getattr(self, name).strip()
        ]
        problems += [
            Problem(f"/{name}", "not-a-url", f"{name} must be a web address such as https://example.com/")
            for name in ("organization_url", "organization_logo")
            if getattr(self, name) is not None and not URL_PATTERN.fullmatch(getattr(self, name))
        ]
        if self.schema_version != POSTING_SCHEMA_VERSION:
            problems.append(
                Problem("/schema_version", "unsupported-version", f'schema_version must be "{POSTING_SCHEMA_VERSION}"')
            )
        if self.valid_through is not None and self.valid_through < self.date_posted:
            problems.append(Problem("/valid_through", "date-order", "valid_through must not be before date_posted"))
        problems.extend(withdrawn_currency_problems(self, self.date_posted))
        RuleViolation.raise_for(problems)
