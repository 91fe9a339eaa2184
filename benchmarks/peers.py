"""The peers: the offer contract as pydantic v2 models and msgspec Structs, the same shape, strict.

They state the same shape as offer-v1 (patterns, enums, unknown keys
refused) but none of its cross-field rules, so they do less work than
tokencomp. Only the benchmarks import this module.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

import msgspec
from pydantic import BaseModel, ConfigDict, StringConstraints

from tokencomp.codec.converter import DECIMAL_PATTERN as DECIMAL

# pydantic v2: the same shape, strict, unknown keys forbidden.
Dec = Annotated[str, StringConstraints(pattern=DECIMAL)]


class _P(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PMoney(_P):
    amount: Dec
    currency: str


class PSalary(_P):
    rate: PMoney
    period: Literal["hour", "week", "month", "year"]
    pay_frequency: Literal["weekly", "biweekly", "semimonthly", "monthly"] | None = None
    hours_per_week: Dec | None = None


class PRole(_P):
    title: str | None = None
    level: str | None = None
    country: str | None = None


class PBonus(_P):
    target_percent: Dec | None = None
    target: PMoney | None = None
    sign_on: PMoney | None = None
    sign_on_clawback_months: int | None = None


class PVesting(_P):
    start_date: datetime.date
    duration_months: int
    cliff_months: int
    frequency: Literal["monthly", "quarterly", "annually"]


class PGrant(_P):
    instrument: Literal["rsu", "iso", "nso"]
    units: int
    unit_value: PMoney
    vesting: PVesting
    strike_price: PMoney | None = None


class PPrice(_P):
    provider: str
    model: str
    currency: str
    input_per_million: Dec
    output_per_million: Dec
    as_of: datetime.date
    cached_input_per_million: Dec | None = None
    source: str | None = None


class PMix(_P):
    input: Dec
    output: Dec
    cached_input: Dec | None = None


class PBudget(_P):
    rollover: Literal["none", "capped", "full"]
    vests: Literal[False]
    portable: Literal[False]
    allowance: PMoney | None = None
    tokens: int | None = None
    percent_of_salary: Dec | None = None
    period: Literal["month", "year"] | None = None
    pricing: PPrice | None = None
    usage_mix: PMix | None = None
    rollover_cap: PMoney | None = None
    on_termination: Literal["forfeit"] | None = None
    appreciates: Literal[False] | None = None
    cash_convertible: Literal[False] | None = None


class POffer(_P):
    schema_version: Literal["1"]
    id: str
    effective_date: datetime.date
    currency: str
    salary: PSalary
    role: PRole | None = None
    bonus: PBonus | None = None
    equity: list[PGrant] | None = None
    token_budget: PBudget | None = None
    metadata: dict[str, str] | None = None


# msgspec: the same shape as Structs.
MDec = Annotated[str, msgspec.Meta(pattern=DECIMAL)]


class _M(msgspec.Struct, forbid_unknown_fields=True):
    pass


class MMoney(_M):
    amount: MDec
    currency: str


class MSalary(_M):
    rate: MMoney
    period: Literal["hour", "week", "month", "year"]
    pay_frequency: Literal["weekly", "biweekly", "semimonthly", "monthly"] | None = None
    hours_per_week: MDec | None = None


class MRole(_M):
    title: str | None = None
    level: str | None = None
    country: str | None = None


class MBonus(_M):
    target_percent: MDec | None = None
    target: MMoney | None = None
    sign_on: MMoney | None = None
    sign_on_clawback_months: int | None = None


class MVesting(_M):
    start_date: datetime.date
    duration_months: int
    cliff_months: int
    frequency: Literal["monthly", "quarterly", "annually"]


class MGrant(_M):
    instrument: Literal["rsu", "iso", "nso"]
    units: int
    unit_value: MMoney
    vesting: MVesting
    strike_price: MMoney | None = None


class MPrice(_M):
    provider: str
    model: str
    currency: str
    input_per_million: MDec
    output_per_million: MDec
    as_of: datetime.date
    cached_input_per_million: MDec | None = None
    source: str | None = None


class MMix(_M):
    input: MDec
    output: MDec
    cached_input: MDec | None = None


class MBudget(_M):
    rollover: Literal["none", "capped", "full"]
    vests: Literal[False]
    portable: Literal[False]
    allowance: MMoney | None = None
    tokens: int | None = None
    percent_of_salary: MDec | None = None
    period: Literal["month", "year"] | None = None
    pricing: MPrice | None = None
    usage_mix: MMix | None = None
    rollover_cap: MMoney | None = None
    on_termination: Literal["forfeit"] | None = None
    appreciates: Literal[False] | None = None
    cash_convertible: Literal[False] | None = None


class MOffer(_M):
    schema_version: Literal["1"]
    id: str
    effective_date: datetime.date
    currency: str
    salary: MSalary
    role: MRole | None = None
    bonus: MBonus | None = None
    equity: list[MGrant] | None = None
    token_budget: MBudget | None = None
    metadata: dict[str, str] | None = None
