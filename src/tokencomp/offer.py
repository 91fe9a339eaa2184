"""The offer document: the root of the interchange contract, version 1."""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, ClassVar

import attrs
from babel import Locale

from .arguments import ROUTE, check_arguments, takes_date
from .components import Bonus, EquityGrant, Salary, TokenBudget
from .errors import InvalidDocumentError, InvalidOfferError, Problem, RuleViolation
from .historical import withdrawn_currency_problems
from .limits import MAX_ITEMS
from .money import minor_unit

__all__ = ["SCHEMA_VERSION", "Offer", "Role"]

#: The version of the offer contract this package reads and writes.
SCHEMA_VERSION = "1"

# CLDR lists some two-letter regions that ISO 3166-1 does not assign.
_NOT_ISO_3166 = frozenset({"EA", "EU", "EZ", "IC", "QO", "UN", "XA", "XB", "ZZ"})


@functools.cache
def country_codes() -> frozenset[str]:
    """Return the ISO 3166-1 alpha-2 codes a role's country may have (CLDR's regions, less non-ISO ones)."""
    regions = Locale("en").territories
    return frozenset(c for c in map(str, regions) if len(c) == 2 and c.isalpha() and c not in _NOT_ISO_3166)


@attrs.frozen
class Role:
    """The role an offer is for.

    Attributes:
        title: Job title, such as ``"Staff Engineer"``.
        level: The employer's level, such as ``"L6"``.
        country: Where the work is, as an ISO 3166-1 alpha-2 code, such as ``"GB"``.

    >>> from tokencomp import Role
    >>> Role("Staff Engineer", "L6", "GB")
    Role(title='Staff Engineer', level='L6', country='GB')
    """

    title: str | None = None
    level: str | None = None
    country: str | None = None

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        if self.country is not None and self.country not in country_codes():
            raise RuleViolation(
                [
                    Problem(
                        "/country",
                        "unknown-country",
                        f"{self.country!r} is not an ISO 3166-1 alpha-2 country code (such as 'GB')",
                    )
                ]
            )


if TYPE_CHECKING:
    # The grants also come as a list: what Offer takes, for type checkers only (tokencomp.arguments says why
    # this converter is None at run time).
    def _takes_grants(
        value: list[EquityGrant] | tuple[EquityGrant, ...] | None,
    ) -> tuple[EquityGrant, ...] | None: ...
else:
    _takes_grants = None


@attrs.frozen
class Offer:
    """An offer of a compensation package with up to four components.

    Attributes:
        id: The offer's id; not empty.
        effective_date: The date the package starts.
        currency: The currency the package is summarized in.
        salary: Component 1.
        schema_version: Always ``"1"``.
        role: The role, if given.
        bonus: Component 2, if any.
        equity: Component 3: the grants, possibly none.
        token_budget: Component 4, if any.
        metadata: The vendor's own strings, passed through untouched.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod
    >>> offer = Offer("p75", datetime.date(2026, 3, 1), "USD", Salary(Money("375000.00", "USD"), SalaryPeriod.YEAR))
    >>> offer.salary.annual().amount, offer.grants
    (Decimal('375000.00'), ())
    """

    #: The error a document of this kind raises with its problems (the codec reads it here).
    DOCUMENT_ERROR: ClassVar[type[InvalidDocumentError]] = InvalidOfferError

    id: str
    effective_date: datetime.date = attrs.field(converter=takes_date)
    currency: str
    salary: Salary
    schema_version: str = SCHEMA_VERSION
    role: Role | None = None
    bonus: Bonus | None = None
    equity: tuple[EquityGrant, ...] | None = attrs.field(default=None, converter=_takes_grants)
    token_budget: TokenBudget | None = None
    metadata: dict[str, str] | None = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        if self.schema_version != SCHEMA_VERSION:
            problems.append(
                Problem(
                    "/schema_version",
                    "unsupported-version",
                    f'schema_version must be "{SCHEMA_VERSION}", not {self.schema_version!r}',
                )
            )
        if not self.id:
            problems.append(Problem("/id", "empty-string", "id must not be empty"))
        if len(self.grants) > MAX_ITEMS:
            problems.append(
                Problem("/equity", "too-many-items", f"{len(self.grants):,} grants; an offer has at most {MAX_ITEMS}")
            )
        try:
            minor_unit(self.currency)
        except LookupError as exc:
            problems.append(Problem("/currency", "unknown-currency", str(exc)))
        RuleViolation.raise_for(problems + list(withdrawn_currency_problems(self, self.effective_date)))

    # The one rule offer-v1's schema cannot state here, no currency withdrawn by effective_date, the trusted
    # route's gate states: it refuses every withdrawn code (tokencomp.compiled.gate_validator).
    _beyond_schema = None

    @property
    def grants(self) -> tuple[EquityGrant, ...]:
        """The equity grants, empty when there are none."""
        return self.equity or ()
