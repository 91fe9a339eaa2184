"""tokencomp: typed four-component compensation offers with exact money.

Salary, bonus, equity and a budget of AI inference tokens, in one typed
model with exact money, dated exchange rates and token prices, JSON in and
out, and summaries that always add up.
"""

from .codec import dumps, loads, make_converter, parse_json, structure_offer, unstructure
from .components import (
    Bonus,
    BudgetPeriod,
    EquityGrant,
    Instrument,
    OnTermination,
    PayFrequency,
    Rollover,
    Salary,
    SalaryPeriod,
    TokenBudget,
    Vesting,
    VestingEvent,
    VestingFrequency,
)
from .errors import (
    CurrencyMismatchError,
    FloatMoneyError,
    InvalidOfferError,
    Problem,
    RateNotFoundError,
    RuleViolation,
    TokencompError,
    UnknownCurrencyError,
)
from .fx import FxRate, RateTable, default_rates, read_ecb_csv
from .money import Money, minor_unit
from .offer import SCHEMA_VERSION, Offer, Role
from .pricing import TokenPrice, UsageMix
from .schema import schema_json, write_schemas
from .summary import AnnualFigures, FirstYearFigures, Summary, summarize
from .validation import ValidationReport, load_offer, validate

__version__ = "0.1.0.dev0"

__all__ = [
    "AnnualFigures",
    "Bonus",
    "BudgetPeriod",
    "CurrencyMismatchError",
    "EquityGrant",
    "FirstYearFigures",
    "FloatMoneyError",
    "FxRate",
    "Instrument",
    "InvalidOfferError",
    "Money",
    "Offer",
    "OnTermination",
    "PayFrequency",
    "Problem",
    "RateNotFoundError",
    "RateTable",
    "Role",
    "Rollover",
    "RuleViolation",
    "SCHEMA_VERSION",
    "Salary",
    "SalaryPeriod",
    "Summary",
    "TokenBudget",
    "TokenPrice",
    "TokencompError",
    "UnknownCurrencyError",
    "UsageMix",
    "ValidationReport",
    "Vesting",
    "VestingEvent",
    "VestingFrequency",
    "__version__",
    "default_rates",
    "dumps",
    "load_offer",
    "loads",
    "make_converter",
    "minor_unit",
    "parse_json",
    "read_ecb_csv",
    "schema_json",
    "structure_offer",
    "summarize",
    "unstructure",
    "validate",
    "write_schemas",
]
