"""JSON Schema (draft 2020-12) generated from the model.

The shape comes from the attrs classes: their fields, types and defaults; the
descriptions from their ``Attributes:`` docstrings. The contract's rules that
tie fields together (exactly one budget size, strike prices for options, ...)
are the conditional rules below. Nothing here is written by hand beside the
model, and ``schemas/`` holds the files this module generates.
"""

from __future__ import annotations

import datetime
import enum
import functools
import importlib.resources
import inspect
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .._internal.files import write_text
from ..model.cash import Commission, Repayment
from ..model.components import Bonus, Salary, TokenBudget
from ..model.equity import GRANT_1_1_KEYS, VESTING_1_1_KEYS, EquityGrant, GrantValue
from ..model.limits import (
    DIGITS_LOOKAHEAD,
    FORBIDDEN_CHARACTERS,
    FORBIDDEN_IN_PROSE,
    MAX_COUNT,
    MAX_KEYS,
    MAX_MONTHS,
    MAX_PROSE_LENGTH,
    MAX_STRING_LENGTH,
    YEAR_PATTERN,
)
from ..model.money import Money, currency_codes
from ..model.offer import REGION_PATTERN, SCHEMA_VERSION, SCHEMA_VERSIONS, VERSION_1_1_KEYS, Offer, Role, country_codes
from ..model.posting import POSTING_SCHEMA_VERSION, URL_PATTERN, JobPosting, PercentRange, TokenBudgetRange
from ..model.prices import PriceTier, TokenPrice, UsageMix
from ..model.vesting import Tranche, Vesting, VestingSegment
from ..reference.pricing import PriceCatalog
from .converter import BOUNDED_ITEMS, DECIMAL_PATTERN

__all__ = ["SCHEMAS", "schema_json", "write_schemas"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_URI = "https://tokencomp.dev/schemas/"


def _bounded(pattern: str) -> str:
    """*pattern* (``^...``) limited to the contract's digits: 15 before the point, 12 after."""
    return "^" + DIGITS_LOOKAHEAD + pattern.removeprefix("^")


#: Decimal strings within the contract's limits.
BOUNDED_DECIMAL_PATTERN = _bounded(DECIMAL_PATTERN)
#: Decimal strings that cannot be negative, and shares from 0 to 1.
NON_NEGATIVE_PATTERN = _bounded(DECIMAL_PATTERN.replace("^-?", "^"))
SHARE_PATTERN = _bounded(r"^(0(\.[0-9]+)?|1(\.0+)?)$")
#: Decimal strings above zero: a salary rate ("0", "0.00" and "-0" are refused).
POSITIVE_PATTERN = _bounded(r"^(0\.0*[1-9][0-9]*|[1-9][0-9]*(\.[0-9]+)?)$")
#: Hours a week: above 0 and at most 168, the hours a week has.
HOURS_PATTERN = _bounded(r"^(0\.0*[1-9][0-9]*|([1-9]|[1-9][0-9]|1[0-5][0-9]|16[0-7])(\.[0-9]+)?|168(\.0+)?)$")
#: An ISO 8601 calendar date from 1900-01-01 to 2199-12-31 (that it exists is the ``format``'s to say).
DATE_RANGE_PATTERN = f"^{YEAR_PATTERN}-[0-9]{{2}}-[0-9]{{2}}$"
#: A commission's cap: a percent of 100 or more.
#: Its whole part's bound is spelled out (3 to 15 digits): tokencomp.codec.compiled drops the lookahead of a pattern
#: whose runs are all bounded.
CAP_PERCENT_PATTERN = _bounded(r"^[1-9][0-9]{2,14}(\.[0-9]+)?$")
#: A share of nothing: the cached-input share when the pricing has no cached price.
ZERO_SHARE_PATTERN = r"^0(\.0+)?$"

_DIGITS_SENTENCE = " At most 15 digits before the point and 12 after."
_DEFS: dict[str, dict[str, Any]] = {
    "Decimal": {
        "type": "string",
        "pattern": BOUNDED_DECIMAL_PATTERN,
        "description": 'A decimal number written as a string, such as "120000.50": never a JSON number, '
        "which many systems read as a binary float and lose cents." + _DIGITS_SENTENCE,
        "examples": ["120000.50", "10", "0.75"],
    },
    "NonNegativeDecimal": {
        "type": "string",
        "pattern": NON_NEGATIVE_PATTERN,
        "description": 'A decimal string that is zero or more, such as "15".',
        "examples": ["15", "0.30"],
    },
    "Share": {
        "type": "string",
        "pattern": SHARE_PATTERN,
        "description": 'A share from 0 to 1 as a decimal string, such as "0.6".',
        "examples": ["0.6", "1"],
    },
    "PositiveDecimal": {
        "type": "string",
        "pattern": POSITIVE_PATTERN,
        "description": 'A decimal string above zero, such as "100.00": zero is refused.',
        "examples": ["100.00", "0.50"],
    },
    "HoursPerWeek": {
        "type": "string",
        "pattern": HOURS_PATTERN,
        "description": 'Hours worked a week as a decimal string, above 0 and at most 168, such as "37.5".',
        "examples": ["40", "37.5"],
    },
    "CapPercent": {
        "type": "string",
        "pattern": CAP_PERCENT_PATTERN,
        "description": 'A percent of 100 or more as a decimal string, such as "200".',
        "examples": ["200", "150"],
    },
    "Date": {
        "type": "string",
        "format": "date",
        "pattern": DATE_RANGE_PATTERN,
        "description": 'An ISO 8601 calendar date that exists, such as "2026-04-01", from 1900-01-01 to 2199-12-31.',
        "examples": ["2026-04-01"],
    },
    "Text": {
        "type": "string",
        "maxLength": MAX_STRING_LENGTH,
        "not": {"type": "string", "pattern": FORBIDDEN_CHARACTERS},
        "description": "A string of at most 1,000 characters with no control characters (U+0000 to U+001F, "
        "U+007F to U+009F) and no unpaired surrogates.",
    },
}

# Fields whose decimal strings may not be negative, and share fields.
_NON_NEGATIVE = {
    (Bonus, "target_percent"),
    (TokenBudget, "percent_of_salary"),
    (TokenPrice, "input_per_million"),
    (TokenPrice, "output_per_million"),
    (TokenPrice, "cached_input_per_million"),
    (PriceTier, "input_per_million"),
    (PriceTier, "output_per_million"),
    (PriceTier, "cached_input_per_million"),
    (PriceTier, "cache_write_per_million"),
    (Repayment, "interest_percent"),
    (PercentRange, "min"),
    (PercentRange, "max"),
}
_SHARES = {(UsageMix, "input"), (UsageMix, "output"), (UsageMix, "cached_input")}
# Decimal fields with a definition of their own.
_DECIMAL_DEFS: dict[tuple[type, str], str] = {
    (VestingSegment, "percent"): "PositiveDecimal",
    (Salary, "hours_per_week"): "HoursPerWeek",
    (Commission, "cap_percent"): "CapPercent",
}
# Money inside a component is never negative, a salary rate is above zero; only a Money of its own may be negative.
_MONEY_NON_NEGATIVE = "NonNegativeMoney"
_MONEY_POSITIVE = {(Salary, "rate"), (GrantValue, "conversion_price")}
# Integers with an upper bound (offer-v1 limits).
_MAXIMUM = {
    (EquityGrant, "units"): MAX_COUNT,
    (EquityGrant, "max_units"): MAX_COUNT,
    (EquityGrant, "post_termination_exercise_months"): MAX_MONTHS,
    (Tranche, "units"): MAX_COUNT,
    (VestingSegment, "months"): MAX_MONTHS,
    (VestingSegment, "cliff_months"): MAX_MONTHS,
    (TokenBudget, "tokens"): MAX_COUNT,
    (TokenBudgetRange, "tokens_per_year_min"): MAX_COUNT,
    (TokenBudgetRange, "tokens_per_year_max"): MAX_COUNT,
    (Vesting, "duration_months"): MAX_MONTHS,
    (Vesting, "cliff_months"): MAX_MONTHS,
    (Bonus, "sign_on_clawback_months"): MAX_MONTHS,
    (Repayment, "months"): MAX_MONTHS,
}
# Integers with a lower bound.
_MINIMUM = {
    (EquityGrant, "units"): 1,
    (EquityGrant, "max_units"): 1,
    (EquityGrant, "post_termination_exercise_months"): 0,
    (Tranche, "units"): 1,
    (VestingSegment, "months"): 1,
    (VestingSegment, "cliff_months"): 0,
    (Vesting, "duration_months"): 1,
    (Vesting, "cliff_months"): 0,
    (Bonus, "sign_on_clawback_months"): 0,
    (Repayment, "months"): 1,
    (TokenBudget, "tokens"): 0,
    (PriceTier, "above_input_tokens"): 0,
    (TokenBudgetRange, "tokens_per_year_min"): 0,
    (TokenBudgetRange, "tokens_per_year_max"): 0,
}
# Arrays of at least one item.
_NOT_EMPTY_LISTS = {(Vesting, "segments"), (Vesting, "tranches")}
# Web addresses, as the model checks them.
_URLS = {(JobPosting, "organization_url"), (JobPosting, "organization_logo")}
_NON_EMPTY = {
    (Offer, "id"),
    (TokenPrice, "provider"),
    (TokenPrice, "model"),
    (PriceTier, "model"),
    (JobPosting, "id"),
    (JobPosting, "title"),
    (JobPosting, "organization"),
    (JobPosting, "description"),
}


#: A key that may not be given: "not anything" rather than the schema ``false``, whose errors jsonschema
#: reports at the object instead of the key.
FORBIDDEN: dict[str, Any] = {"not": {}}


def _present(name: str) -> dict[str, Any]:
    # ajv's strict mode wants every required name declared in the same schema object.
    return {"properties": {name: True}, "required": [name]}


#: A version 1.1 key in a "1" document: never valid, and read back as ``needs-version-1.1``
#: (``tokencomp.codec.validation``) by the marker in its ``not``.
NEEDS_VERSION_1_1: dict[str, Any] = {"not": {"$comment": "needs-version-1.1"}}


def _version_1_1_rules() -> list[dict[str, Any]]:
    """The rules that a "1" document gives no version 1.1 key: one for the root's, one for each object's below.

    A rule about keys of an object below holds only where that object is one (its type is in the
    condition, as ajv's strict mode wants), so a wrong type is reported once, elsewhere.
    """
    version_1 = {"schema_version": {"const": "1"}}
    nested: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for pointer in VERSION_1_1_KEYS:
        parent, _, key = pointer.strip("/").rpartition("/")
        (nested.setdefault(parent, {}) if parent else top)[key] = NEEDS_VERSION_1_1
    rules = [{"if": {"properties": version_1, "required": ["schema_version"]}, "then": {"properties": top}}]
    for parent, keys in nested.items():
        rules.append(
            {
                "if": {"properties": version_1 | {parent: {"type": "object"}}, "required": ["schema_version", parent]},
                "then": {"properties": {parent: {"type": "object", "properties": keys}}},
            }
        )
    rules.append(_grant_version_rule(version_1))
    return rules


def _needs_1_1_value(value: str) -> dict[str, Any]:
    """A value version 1.1 adds to an enum (``psu``, ``semiannually``): in a "1" document, ``needs-version-1.1``."""
    return {"not": {"const": value, "$comment": NEEDS_VERSION_1_1["not"]["$comment"]}}


def _grant_version_rule(version_1: dict[str, Any]) -> dict[str, Any]:
    """The rule that a "1" document's grants give no version 1.1 key or value, nor their vesting.

    Each holds only where the grant (and its vesting) is an object, as in :func:`_version_1_1_rules`.
    """
    vesting = dict.fromkeys(VESTING_1_1_KEYS, NEEDS_VERSION_1_1) | {"frequency": _needs_1_1_value("semiannually")}
    grant = dict.fromkeys(GRANT_1_1_KEYS, NEEDS_VERSION_1_1) | {
        "instrument": _needs_1_1_value("psu"),
        "vesting": {"if": {"type": "object"}, "then": {"type": "object", "properties": vesting}},
    }
    return {
        "if": {"properties": version_1 | {"equity": {"type": "array"}}, "required": ["schema_version", "equity"]},
        "then": {
            "properties": {
                "equity": {
                    "type": "array",
                    "items": {"if": {"type": "object"}, "then": {"type": "object", "properties": grant}},
                }
            }
        },
    }


#: The contract's rules that tie fields of one object together.
_RULES: dict[type, dict[str, Any]] = {
    Offer: {
        "allOf": [
            *_version_1_1_rules(),
            {
                # A sign-on in bonus.sign_on and one of the one-time payments is given twice (sign-on-twice).
                "if": {
                    "properties": {
                        "bonus": {"type": "object"} | _present("sign_on"),
                        "one_time": {"type": "array", "items": {"type": "object"}},
                    },
                    "required": ["bonus", "one_time"],
                },
                "then": {
                    "properties": {
                        "one_time": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"kind": {"type": "string", "not": {"const": "sign_on"}}},
                            },
                        }
                    }
                },
            },
        ]
    },
    Bonus: {
        "oneOf": [_present("target_percent"), _present("target")],
        "dependentRequired": {"sign_on_clawback_months": ["sign_on"]},
    },
    EquityGrant: {
        "oneOf": [_present("units"), _present("grant_value")],
        "allOf": [
            {
                # Units (RSU, PSU) have no strike and no exercise; options need a strike.
                "if": {"properties": {"instrument": {"enum": ["rsu", "psu"]}}},
                "then": {
                    "properties": {
                        "strike_price": FORBIDDEN,
                        "expiration_date": FORBIDDEN,
                        "post_termination_exercise_months": FORBIDDEN,
                    }
                },
                "else": _present("strike_price"),
            },
            {
                # A maximum above the target is a PSU's.
                "if": {"properties": {"instrument": {"not": {"const": "psu"}}}},
                "then": {"properties": {"max_units": FORBIDDEN}},
            },
        ],
    },
    Vesting: {
        "oneOf": [_present("duration_months"), _present("segments"), _present("tranches")],
        "dependentRequired": {key: list(names) for key, names in Vesting.REQUIRED_WITH.items()},
        "allOf": [
            {
                # A segment holds its own cliff and frequency; explicit tranches need neither.
                "if": {"not": _present("duration_months")},
                "then": {"properties": {"cliff_months": FORBIDDEN, "frequency": FORBIDDEN}},
            },
            {
                # Explicit tranches state how the units fall: no allocation rule.
                "if": _present("tranches"),
                "then": {"properties": {"allocation": FORBIDDEN}},
            },
        ],
    },
    TokenBudgetRange: {
        "oneOf": [_present("allowance_per_year"), _present("tokens_per_year_min")],
        "dependentRequired": {
            "tokens_per_year_min": ["tokens_per_year_max", "pricing"],
            "tokens_per_year_max": ["tokens_per_year_min"],
            "pricing": ["usage_mix"],
        },
    },
    TokenBudget: {
        "oneOf": [
            _present("allowance"),
            _present("tokens"),
            _present("percent_of_salary"),
        ],
        "dependentRequired": {
            "allowance": ["period"],
            "tokens": ["period", "pricing"],
            "pricing": ["usage_mix"],
        },
        "allOf": [
            {
                "if": {"properties": {"rollover": {"const": "capped"}}, "required": ["rollover"]},
                "then": _present("rollover_cap"),
            },
            {
                # A cap on what rolls over contradicts "none" and "full".
                "if": {"properties": {"rollover": {"not": {"const": "capped"}}}, "required": ["rollover"]},
                "then": {"properties": {"rollover_cap": FORBIDDEN}},
            },
            {
                "if": _present("percent_of_salary"),
                "then": {"properties": {"period": {"const": "year"}}},
            },
            {
                # A cached-input share needs a cached price: without one, the share must be zero. The types
                # are in the condition (ajv's strict mode wants them), so a wrong type is reported once, elsewhere.
                "if": {
                    "properties": {
                        "pricing": {"type": "object", "not": _present("cached_input_per_million")},
                        "usage_mix": {"type": "object", "properties": {"cached_input": {"type": "string"}}},
                    },
                    "required": ["pricing", "usage_mix"],
                },
                "then": {
                    "properties": {
                        "usage_mix": {
                            "type": "object",
                            "properties": {"cached_input": {"type": "string", "pattern": ZERO_SHARE_PATTERN}},
                        }
                    }
                },
            },
        ],
    },
}

#: Fields the contract requires in JSON although the model has a default.
_REQUIRED_IN_JSON = {
    (EquityGrant, "unit_value"),
    (EquityGrant, "vesting"),
    (TokenBudget, "vests"),
    (TokenBudget, "portable"),
    (Offer, "schema_version"),
    (JobPosting, "schema_version"),
}
#: Facts that are always false.
_ALWAYS_FALSE = {
    (TokenBudget, "vests"),
    (TokenBudget, "portable"),
    (TokenBudget, "appreciates"),
    (TokenBudget, "cash_convertible"),
}


@functools.cache
def _field_docs(cls: type) -> dict[str, str]:
    """Read ``name: text`` entries of the ``Attributes:`` section of *cls*'s docstring."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    section = doc.partition("Attributes:\n")[2]
    docs: dict[str, str] = {}
    name = None
    for line in section.splitlines():
        if line and not line.startswith(" "):
            break  # the section ends at the first line that is not indented
        entry = re.match(r"^    (\w+): (.*)$", line)
        if entry:
            name = entry.group(1)
            docs[name] = entry.group(2)
        elif name and line.strip():
            docs[name] += " " + line.strip()
    # A cross-reference reads as its name alone: :class:`~tokencomp.model.prices.PriceTier` is "PriceTier".
    references = re.compile(r":\w+:`~?(?:[\w.]+\.)?([\w]+)`")
    return {key: re.sub(r"[*`]|:\w+:", "", references.sub(r"\1", text)) for key, text in docs.items()}


class _Builder:
    """Builds one schema document, collecting the definitions it refers to."""

    def __init__(self, *, bounded_digits: bool = True) -> None:
        self.defs: dict[str, Any] = {}
        self.bounded_digits = bounded_digits

    def definition(self, name: str) -> dict[str, Any]:
        """A reference to the shared definition *name*, its digits bounded unless the document keeps its source's."""
        definition = dict(_DEFS[name])
        if not self.bounded_digits and DIGITS_LOOKAHEAD in definition.get("pattern", ""):
            # Named apart: the OpenAPI document holds every schema's definitions side by side.
            name = f"Source{name}"
            definition["pattern"] = definition["pattern"].replace(DIGITS_LOOKAHEAD, "")
            definition["description"] = definition["description"].replace(_DIGITS_SENTENCE, "")
        return self.ref(name, lambda: definition)

    def ref(self, name: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name first: definitions may refer to each other
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def of_type(self, hint: Any, owner: type, name: str) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            return self.of_type(inner, owner, name)
        if origin is tuple:
            item = typing.get_args(hint)[0]
            most = BOUNDED_ITEMS.get(item)
            bound = {"maxItems": most} if most is not None else {}
            if (owner, name) in _NOT_EMPTY_LISTS:
                bound = {"minItems": 1} | bound
            return {"type": "array", "items": self.of_type(item, owner, name)} | bound
        if origin is dict:
            text = self.definition("Text")
            return {"type": "object", "maxProperties": MAX_KEYS, "propertyNames": text, "additionalProperties": text}
        if hint is Money:
            if (owner, name) in _MONEY_POSITIVE:
                return self.ref("PositiveMoney", lambda: self.money("PositiveDecimal"))
            if owner is Money:
                return self.ref("Money", lambda: self.money("Decimal"))
            return self.ref(_MONEY_NON_NEGATIVE, lambda: self.money("NonNegativeDecimal"))
        if attrs.has(hint):
            # A catalog's price is not an offer's (its figures keep their source's digits): named apart.
            name = hint.__name__ if self.bounded_digits else f"Source{hint.__name__}"
            return self.ref(name, lambda: self.object(hint))
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return {"type": "string", "enum": [member.value for member in hint]}
        if hint is Decimal:
            if (owner, name) in _SHARES:
                return self.definition("Share")
            if (owner, name) in _DECIMAL_DEFS:
                definition = _DECIMAL_DEFS[owner, name]
                return self.definition(definition)
            if (owner, name) in _NON_NEGATIVE:
                return self.definition("NonNegativeDecimal")
            return self.definition("Decimal")
        if hint is datetime.date:
            return self.definition("Date")
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            minimum, maximum = _MINIMUM.get((owner, name)), _MAXIMUM.get((owner, name))
            return (
                {"type": "integer"}
                | ({"minimum": minimum} if minimum is not None else {})
                | ({"maximum": maximum} if maximum is not None else {})
            )
        if hint is str:
            if name == "currency":
                return self.ref("Currency", self.currency)
            if name == "country":
                return {"type": "string", "enum": sorted(country_codes())}
            if (owner, name) == (Role, "region"):
                return {"type": "string", "pattern": f"^{REGION_PATTERN.pattern}$"}
            if (owner, name) in _URLS:  # control characters are the model's to report (control-character)
                return {"type": "string", "maxLength": MAX_STRING_LENGTH, "pattern": f"^{URL_PATTERN.pattern}$"}
            if attrs.fields_dict(owner)[name].metadata.get("prose"):
                return {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_PROSE_LENGTH,
                    "not": {"type": "string", "pattern": FORBIDDEN_IN_PROSE},
                    "description": "Prose: paragraphs with line breaks (LF, CR), at most 20,000 characters, no "
                    "other control characters and no unpaired surrogates.",
                }
            text = self.definition("Text")
            # ajv's strict mode wants the type beside minLength, although the definition says it.
            return text | ({"type": "string", "minLength": 1} if (owner, name) in _NON_EMPTY else {})
        msg = f"no JSON Schema for {hint!r} ({owner.__name__}.{name})"
        raise TypeError(msg)

    def currency(self) -> dict[str, Any]:
        return {
            "type": "string",
            "enum": sorted(currency_codes()),
            "description": 'An ISO 4217 currency code with a minor unit, such as "USD": an active code, or a '
            'withdrawn one (such as "BGN", "HRK") that a document dated before its withdrawal may use.',
            "examples": ["USD", "GBP", "JPY"],
        }

    def money(self, amount: str) -> dict[str, Any]:
        """A Money object whose amount is the decimal definition *amount*."""
        bound = {"Decimal": ".", "NonNegativeDecimal": " that is zero or more.", "PositiveDecimal": " above zero."}
        return {
            "type": "object",
            "description": f"An exact amount of money{bound[amount]} "
            "The amount is a decimal string, never a JSON number.",
            "properties": {
                "amount": self.definition(amount) | {"description": "The amount, as a decimal string."},
                "currency": self.ref("Currency", self.currency) | {"description": "An ISO 4217 code."},
            },
            "required": ["amount", "currency"],
            "additionalProperties": False,
            "examples": [{"amount": "375000.00", "currency": "USD"}],
        }

    def object(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        docs = _field_docs(cls)
        properties: dict[str, Any] = {}
        required = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            key = field.metadata.get("json", field.name)
            schema = self.of_type(hints[field.name], cls, field.name)
            if (cls, field.name) in _ALWAYS_FALSE:
                schema = {"const": False}
            if field.name == "schema_version" and cls is Offer:
                schema = {"type": "string", "enum": list(SCHEMA_VERSIONS)}
            elif field.name == "schema_version":
                schema = {"const": field.default}
            if field.name in docs:
                schema = schema | {"description": docs[field.name]}
            properties[key] = schema
            if field.default is attrs.NOTHING or (cls, field.name) in _REQUIRED_IN_JSON:
                required.append(key)
        summary = inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].replace("\n", " ")
        result: dict[str, Any] = {"type": "object", "title": cls.__name__, "description": summary}
        result |= {"properties": properties, "required": required, "additionalProperties": False}
        return result | _RULES.get(cls, {})


def _document(root: type, name: str, version: str, description: str, examples: list[Any]) -> dict[str, Any]:
    # A price catalog's prices keep the digits of their source (binary floats, read exactly).
    builder = _Builder(bounded_digits=not getattr(root, "SOURCE_DIGITS", False))
    body = builder.object(root)
    document = {"$schema": DIALECT, "$id": f"{BASE_URI}{name}-v{version}.json", "title": body.pop("title")}
    document |= body | {"description": description, "examples": examples}
    return document | {"$defs": dict(sorted(builder.defs.items()))}


def _example(*path: str) -> Any:
    """A document shipped in tokencomp/data, as the schema's example."""
    return json.loads(importlib.resources.files("tokencomp").joinpath("data", *path).read_text(encoding="utf-8"))


def _offer_schema() -> dict[str, Any]:
    return _document(
        Offer,
        "offer",
        SCHEMA_VERSION,
        "An offer of a compensation package: salary, bonus, equity and a budget of AI inference "
        "tokens (offer-v1). Money amounts are decimal strings.",
        [_example("examples", "p75-engineer.json")],
    )


def _price_catalog_schema() -> dict[str, Any]:
    example = _example("prices-litellm.json")
    example["prices"] = example["prices"][:1]
    example["notes"] = example.get("notes", [])[:1]
    return _document(
        PriceCatalog,
        "price-catalog",
        "1",
        "Token prices for many models from one dated source: the form of tokencomp's embedded price "
        "snapshot. Prices are per million tokens, as decimal strings.",
        [example],
    )


def _posting_schema() -> dict[str, Any]:
    return _document(
        JobPosting,
        "job-posting",
        POSTING_SCHEMA_VERSION,
        "A pay-transparency job posting with a range for each of the four components: salary, bonus, "
        "equity and the AI inference token budget. Money amounts are decimal strings.",
        [_example("postings", "staff-engineer.json")],
    )


#: The schemas this package publishes, by name, each a function that builds it.
SCHEMAS: Mapping[str, Callable[[], dict[str, Any]]] = {
    "offer-v1": _offer_schema,
    "job-posting-v1": _posting_schema,
    "price-catalog-v1": _price_catalog_schema,
}


def schema_json(name: str) -> str:
    """Return the schema called *name* as JSON text, as written to ``schemas/``.

    Raises:
        KeyError: There is no schema of that name.

    >>> import json
    >>> from tokencomp import schema_json
    >>> json.loads(schema_json("offer-v1"))["$id"]
    'https://tokencomp.dev/schemas/offer-v1.json'
    """
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Write the schemas called *names* (all by default) into *folder* as ``NAME.json``; return the paths.

    Each file is written whole through a temporary name and never through a
    symbolic link (:func:`~tokencomp._internal.files.write_text`).

    Raises:
        UnsafeWriteError: A ``NAME.json`` in *folder* is a symbolic link.
        OSError: *folder* cannot be made or written.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from tokencomp import write_schemas
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in write_schemas(Path(folder))]
    ['offer-v1.json', 'job-posting-v1.json', 'price-catalog-v1.json']
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS if names is None else names:
        path = folder / f"{name}.json"
        written.append(write_text(path, schema_json(name)))
    return written
