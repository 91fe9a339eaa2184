"""tokencomp: typed four-component compensation offers with exact money.

Salary, bonus, equity and a budget of AI inference tokens, in one typed
model with exact money, dated exchange rates and token prices, JSON in and
out, and summaries that always add up.
"""

from .advisories import Advisory, AdvisoryPolicy, ReturnOnSpend, advise, advise_rates, return_on_spend
from .codec import dumps, loads, make_converter, parse_json, structure_as, structure_offer, unstructure
from .compare import Comparison, compare
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
from .datadir import DataSource
from .errors import (
    ColumnError,
    CurrencyMismatchError,
    DataFileError,
    ExtraNotInstalledError,
    FloatMoneyError,
    InvalidOfferError,
    Problem,
    RateNotFoundError,
    RuleViolation,
    TokencompError,
    UnknownCurrencyError,
    UnknownModelError,
)
from .estimates import Estimate, budget_days, tokens_for_words, tokens_per_working_day, words_for_tokens
from .fx import FxRate, RateTable, default_rates, rate_sources, read_ecb, read_ecb_csv, read_ecb_xml
from .money import Money, minor_unit
from .offer import SCHEMA_VERSION, Offer, Role
from .posting import JobPosting, jsonld, jsonld_text
from .pricing import (
    LiteLLMImport,
    PriceCatalog,
    TokenPrice,
    TokenQuote,
    UsageMix,
    cost_of_tokens,
    default_prices,
    price_sources,
    read_litellm,
    tokens_for_budget,
)
from .schema import schema_json, write_schemas
from .summary import AnnualFigures, FirstYearFigures, Summary, summarize
from .validation import ValidationReport, load_offer, load_posting, validate, validate_posting

__version__ = "0.1.0.dev0"

__all__ = [
    "Advisory",
    "AdvisoryPolicy",
    "AnnualFigures",
    "Bonus",
    "BudgetPeriod",
    "ColumnError",
    "Comparison",
    "CurrencyMismatchError",
    "DataFileError",
    "DataSource",
    "EquityGrant",
    "Estimate",
    "ExtraNotInstalledError",
    "FirstYearFigures",
    "FloatMoneyError",
    "FxRate",
    "Instrument",
    "InvalidOfferError",
    "JobPosting",
    "LiteLLMImport",
    "Money",
    "Offer",
    "OnTermination",
    "PayFrequency",
    "PriceCatalog",
    "Problem",
    "RateNotFoundError",
    "RateTable",
    "ReturnOnSpend",
    "Role",
    "Rollover",
    "RuleViolation",
    "SCHEMA_VERSION",
    "Salary",
    "SalaryPeriod",
    "Summary",
    "TokenBudget",
    "TokenPrice",
    "TokenQuote",
    "TokencompError",
    "UnknownCurrencyError",
    "UnknownModelError",
    "UsageMix",
    "ValidationReport",
    "Vesting",
    "VestingEvent",
    "VestingFrequency",
    "__version__",
    "advise",
    "advise_rates",
    "budget_days",
    "compare",
    "cost_of_tokens",
    "default_prices",
    "default_rates",
    "dumps",
    "jsonld",
    "jsonld_text",
    "load_offer",
    "load_posting",
    "loads",
    "make_converter",
    "minor_unit",
    "parse_json",
    "price_sources",
    "rate_sources",
    "read_ecb",
    "read_ecb_csv",
    "read_ecb_xml",
    "read_litellm",
    "return_on_spend",
    "schema_json",
    "structure_as",
    "structure_offer",
    "summarize",
    "tokens_for_budget",
    "tokens_for_words",
    "tokens_per_working_day",
    "unstructure",
    "validate",
    "validate_posting",
    "words_for_tokens",
    "write_schemas",
]
