"""tokencomp: typed four-component compensation offers with exact money.

Salary, bonus, equity and a budget of AI inference tokens, in one typed
model with exact money, dated exchange rates and token prices, JSON in and
out, and summaries that always add up.
"""

from .budget.gateways import Gateway, GatewayLimits, gateway_limits
from .budget.leaderboard import Leaderboard, LeaderboardRow, leaderboard_for
from .budget.ledger import Ledger, LedgerPeriod, ValueAt, budget_per_period, ledger_for, ledgers_for, person_of
from .budget.reconcile import GatewayAccount, GatewayUpdate, LimitChange, read_gateway_accounts, reconcile
from .budget.usage import UsageRecord, read_litellm_spend, read_usage, read_usage_csv
from .codec.bulk import validate_many
from .codec.converter import dumps, make_converter, parse_json, structure_as, unstructure
from .codec.openapi import openapi_json
from .codec.schema import schema_json, write_schemas
from .codec.sources import RejectedRecord
from .codec.validation import (
    ValidationReport,
    load_offer,
    load_posting,
    loads,
    structure_offer,
    validate,
    validate_posting,
)
from .errors import (
    ColumnError,
    CurrencyMismatchError,
    DataFileError,
    ExtraNotInstalledError,
    FloatMoneyError,
    InvalidDocumentError,
    InvalidOfferError,
    InvalidPostingError,
    PriceNotFoundError,
    Problem,
    RateNotFoundError,
    RecordRejectedError,
    RuleViolation,
    SourceError,
    TokencompError,
    UnknownCurrencyError,
    UnknownLocaleError,
    UnknownModelError,
    UnsafeWriteError,
    WithdrawnCurrencyError,
)
from .importers import ImportResult
from .importers.csv import csv_columns, read_csv, write_csv
from .importers.finch import read_finch
from .importers.merge import read_merge
from .model.cash import (
    Allowance,
    Benefit,
    BenefitKind,
    Commission,
    CommissionPaid,
    OneTimeKind,
    OneTimePayment,
    Repayment,
    repayment_owed,
)
from .model.components import (
    Bonus,
    BudgetPeriod,
    OnTermination,
    PayFrequency,
    Rollover,
    Salary,
    SalaryPeriod,
    TokenBudget,
)
from .model.equity import EquityGrant, GrantKind, GrantValue, Instrument, ValueBasis
from .model.historical import WithdrawnCurrency, check_currency_on, withdrawn_currencies
from .model.money import Money, minor_unit
from .model.offer import SCHEMA_VERSION, Offer, Role
from .model.posting import EmploymentType, JobPosting, Location, MoneyRange, PercentRange, TokenBudgetRange
from .model.prices import PriceTier, ServiceTier, TokenPrice, UsageMix
from .model.vesting import Allocation, Tranche, Vesting, VestingEvent, VestingFrequency, VestingSegment
from .ocf import OcfGrants, OcfHolder, OcfIssuer, OcfPackage, ocf_package, read_ocf, write_ocf
from .reference.datadir import DataSource
from .reference.fx import FxRate, RateTable
from .reference.pricing import (
    LiteLLMImport,
    PriceCatalog,
    TokenQuote,
    cost_of_tokens,
    default_prices,
    price_sources,
    read_litellm,
    tokens_for_budget,
)
from .reference.rate_files import default_rates, rate_sources, read_ecb, read_ecb_csv, read_ecb_xml, read_rates_csv
from .reference.request_price import RequestPrice, price_request
from .reports.advisories import Advisory, AdvisoryPolicy, ReturnOnSpend, advise, advise_rates, return_on_spend
from .reports.compare import Comparison, compare
from .reports.estimates import Estimate, budget_days, tokens_for_words, tokens_per_working_day, words_for_tokens
from .reports.jsonld import jsonld, jsonld_text
from .reports.leaving import GrantOnLeaving, Leaving, RepaymentOwed, leave, leaving_html, leaving_json, leaving_text
from .reports.summary import AnnualFigures, FirstYearFigures, Summary, summarize

__version__ = "0.1.0.dev0"

__all__ = [
    "Advisory",
    "AdvisoryPolicy",
    "Allocation",
    "Allowance",
    "AnnualFigures",
    "Benefit",
    "BenefitKind",
    "Bonus",
    "BudgetPeriod",
    "ColumnError",
    "Commission",
    "CommissionPaid",
    "Comparison",
    "CurrencyMismatchError",
    "DataFileError",
    "DataSource",
    "EmploymentType",
    "EquityGrant",
    "Estimate",
    "ExtraNotInstalledError",
    "FirstYearFigures",
    "FloatMoneyError",
    "FxRate",
    "Gateway",
    "GatewayAccount",
    "GatewayLimits",
    "GatewayUpdate",
    "GrantKind",
    "GrantOnLeaving",
    "GrantValue",
    "ImportResult",
    "Instrument",
    "InvalidDocumentError",
    "InvalidOfferError",
    "InvalidPostingError",
    "JobPosting",
    "Leaderboard",
    "LeaderboardRow",
    "Leaving",
    "Ledger",
    "LedgerPeriod",
    "LimitChange",
    "LiteLLMImport",
    "Location",
    "Money",
    "MoneyRange",
    "OcfGrants",
    "OcfHolder",
    "OcfIssuer",
    "OcfPackage",
    "Offer",
    "OnTermination",
    "OneTimeKind",
    "OneTimePayment",
    "PayFrequency",
    "PercentRange",
    "PriceCatalog",
    "PriceNotFoundError",
    "PriceTier",
    "Problem",
    "RateNotFoundError",
    "RateTable",
    "RecordRejectedError",
    "RejectedRecord",
    "Repayment",
    "RepaymentOwed",
    "RequestPrice",
    "ReturnOnSpend",
    "Role",
    "Rollover",
    "RuleViolation",
    "SCHEMA_VERSION",
    "Salary",
    "SalaryPeriod",
    "ServiceTier",
    "SourceError",
    "Summary",
    "TokenBudget",
    "TokenBudgetRange",
    "TokenPrice",
    "TokenQuote",
    "TokencompError",
    "Tranche",
    "UnknownCurrencyError",
    "UnknownLocaleError",
    "UnknownModelError",
    "UnsafeWriteError",
    "UsageMix",
    "UsageRecord",
    "ValidationReport",
    "ValueAt",
    "ValueBasis",
    "Vesting",
    "VestingEvent",
    "VestingFrequency",
    "VestingSegment",
    "WithdrawnCurrency",
    "WithdrawnCurrencyError",
    "__version__",
    "advise",
    "advise_rates",
    "budget_days",
    "budget_per_period",
    "check_currency_on",
    "compare",
    "cost_of_tokens",
    "csv_columns",
    "default_prices",
    "default_rates",
    "dumps",
    "gateway_limits",
    "jsonld",
    "jsonld_text",
    "leaderboard_for",
    "leave",
    "leaving_html",
    "leaving_json",
    "leaving_text",
    "ledger_for",
    "ledgers_for",
    "load_offer",
    "load_posting",
    "loads",
    "make_converter",
    "minor_unit",
    "ocf_package",
    "openapi_json",
    "parse_json",
    "person_of",
    "price_request",
    "price_sources",
    "rate_sources",
    "read_csv",
    "read_ecb",
    "read_ecb_csv",
    "read_ecb_xml",
    "read_finch",
    "read_gateway_accounts",
    "read_litellm",
    "read_litellm_spend",
    "read_merge",
    "read_ocf",
    "read_rates_csv",
    "read_usage",
    "read_usage_csv",
    "reconcile",
    "repayment_owed",
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
    "validate_many",
    "validate_posting",
    "withdrawn_currencies",
    "words_for_tokens",
    "write_csv",
    "write_ocf",
    "write_schemas",
]
