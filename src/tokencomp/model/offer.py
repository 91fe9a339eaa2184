"""The offer document: the root of the interchange contract, version 1."""

from __future__ import annotations

import datetime
import functools
import re
from typing import TYPE_CHECKING, ClassVar

import attrs
from babel import Locale

from ..errors import InvalidDocumentError, InvalidOfferError, Problem, RuleViolation
from .arguments import ROUTE, check_arguments, takes_date
from .cash import Allowance, Benefit, Commission, OneTimeKind, OneTimePayment
from .components import Bonus, Salary, TokenBudget
from .equity import EquityGrant
from .historical import withdrawn_currency_problems
from .limits import LIST_LIMITS, MAX_ITEMS
from .money import minor_unit

__all__ = ["SCHEMA_VERSION", "SCHEMA_VERSIONS", "Offer", "Role"]

#: The version of the offer contract this package reads and writes.
SCHEMA_VERSION = "1"
#: The versions of the contract this package reads; a "1" document means exactly what it meant.
SCHEMA_VERSIONS = ("1", "1.1")
#: The pointers of the keys version 1.1 adds; in a "1" document each is a problem ``needs-version-1.1``.
VERSION_1_1_KEYS = (
    "/role/region",
    "/commission",
    "/one_time",
    "/allowances",
    "/benefits",
    "/token_budget/personal_use",
)

# CLDR lists some two-letter regions that ISO 3166-1 does not assign.
#: An ISO 3166-2 subdivision code: a country, a hyphen, one to three letters or digits.
REGION_PATTERN = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")

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
        region: The subdivision where the work is, as an ISO 3166-2 code such as ``"US-CA"`` (version 1.1);
            its country part is *country* when both are given.

    >>> from tokencomp import Role
    >>> Role("Staff Engineer", "L6", "GB")
    Role(title='Staff Engineer', level='L6', country='GB', region=None)
    """

    title: str | None = None
    level: str | None = None
    country: str | None = None
    region: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        if self.country is not None and self.country not in country_codes():
            problems.append(
                Problem(
                    "/country",
                    "unknown-country",
                    f"{self.country!r} is not an ISO 3166-1 alpha-2 country code (such as 'GB')",
                )
            )
        if self.region is not None and not REGION_PATTERN.fullmatch(self.region):
            message = f"{self.region!r} is not an ISO 3166-2 subdivision code (such as 'US-CA')"
            problems.append(Problem("/region", "unknown-region", message))
        RuleViolation.raise_for(problems + self._beyond_schema())

    def _beyond_schema(self) -> list[Problem]:
        """The rule offer-v1's schema cannot state: a region's country part is the role's country."""
        if self.region is None or not REGION_PATTERN.fullmatch(self.region):
            return []
        country = self.region.partition("-")[0]
        if country not in country_codes():
            return [Problem("/region", "unknown-region", f"{country!r} in {self.region!r} is not a country code")]
        if self.country is not None and country != self.country:
            message = f"region {self.region!r} is not in country {self.country!r}"
            return [Problem("/region", "region-not-in-country", message)]
        return []


if TYPE_CHECKING:
    # The grants also come as a list: what Offer takes, for type checkers only (tokencomp.model.arguments says why
    # this converter is None at run time).
    def _takes_grants(
        value: list[EquityGrant] | tuple[EquityGrant, ...] | None,
    ) -> tuple[EquityGrant, ...] | None: ...
    def _takes_one_time(
        value: list[OneTimePayment] | tuple[OneTimePayment, ...] | None,
    ) -> tuple[OneTimePayment, ...] | None: ...
    def _takes_allowances(value: list[Allowance] | tuple[Allowance, ...] | None) -> tuple[Allowance, ...] | None: ...
    def _takes_benefits(value: list[Benefit] | tuple[Benefit, ...] | None) -> tuple[Benefit, ...] | None: ...
else:
    _takes_grants = _takes_one_time = _takes_allowances = _takes_benefits = None


@attrs.frozen
class Offer:
    """An offer of a compensation package with up to four components.

    Attributes:
        id: The offer's id; not empty.
        effective_date: The date the package starts.
        currency: The currency the package is summarized in.
        salary: Component 1.
        schema_version: ``"1"`` or ``"1.1"``; the keys version 1.1 adds need ``"1.1"``.
        role: The role, if given.
        bonus: Component 2, if any.
        equity: Component 3: the grants, possibly none.
        token_budget: Component 4, if any.
        metadata: The vendor's own strings, passed through untouched.
        commission: On-target commission (version 1.1).
        one_time: One-time payments: sign-on, relocation, retention (version 1.1).
        allowances: Allowances paid through payroll (version 1.1).
        benefits: Benefits the employer pays for (version 1.1).

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
    commission: Commission | None = attrs.field(default=None, kw_only=True)
    one_time: tuple[OneTimePayment, ...] | None = attrs.field(default=None, kw_only=True, converter=_takes_one_time)
    allowances: tuple[Allowance, ...] | None = attrs.field(default=None, kw_only=True, converter=_takes_allowances)
    benefits: tuple[Benefit, ...] | None = attrs.field(default=None, kw_only=True, converter=_takes_benefits)

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        if self.schema_version not in SCHEMA_VERSIONS:
            problems.append(
                Problem(
                    "/schema_version",
                    "unsupported-version",
                    f'schema_version must be "1" or "1.1", not {self.schema_version!r}',
                )
            )
        if self.schema_version == "1":
            problems += [
                Problem(pointer, "needs-version-1.1", f'{pointer} is a version 1.1 key: say schema_version "1.1"')
                for pointer in self.version_1_1_keys()
            ]
        for name in ("one_time", "allowances", "benefits"):
            items = getattr(self, name) or ()
            if len(items) > LIST_LIMITS[name]:
                message = f"{len(items):,} {name}; an offer has at most {LIST_LIMITS[name]}"
                problems.append(Problem(f"/{name}", "too-many-items", message))
        if self.bonus is not None and self.bonus.sign_on is not None:
            problems += [
                Problem(f"/one_time/{index}/kind", "sign-on-twice", "a sign-on is given in bonus.sign_on already")
                for index, payment in enumerate(self.payments)
                if payment.kind is OneTimeKind.SIGN_ON
            ]
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
    # route's gate states: it refuses every withdrawn code (tokencomp.codec.compiled.gate_validator).
    _beyond_schema = None

    def version_1_1_keys(self) -> list[str]:
        """The pointers of the keys version 1.1 adds that this offer gives."""
        given = {
            "/role/region": self.role is not None and self.role.region is not None,
            "/commission": self.commission is not None,
            "/one_time": self.one_time is not None,
            "/allowances": self.allowances is not None,
            "/benefits": self.benefits is not None,
            "/token_budget/personal_use": self.token_budget is not None and self.token_budget.personal_use is not None,
        }
        found = [pointer for pointer in VERSION_1_1_KEYS if given[pointer]]
        grants = enumerate(self.grants)
        return found + [f"/equity/{index}{key}" for index, grant in grants for key in grant.version_1_1_keys()]

    @property
    def payments(self) -> tuple[OneTimePayment, ...]:
        """The one-time payments, empty when there are none."""
        return self.one_time or ()

    @property
    def grants(self) -> tuple[EquityGrant, ...]:
        """The equity grants, empty when there are none."""
        return self.equity or ()
