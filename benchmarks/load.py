"""Documents a second, bytes to a validated model: tokencomp against pydantic v2 and msgspec.

Usage: tox builds the package and installs the benchmark-only peers of the
``bench`` dependency group, with any pip:

    python -m tox -e bench [-- --documents 5000 --rounds 5]

or, in an environment of your own (``--group`` needs pip 25.1 or later;
``python -m pip install -U pip`` first if yours is older):

    python -m pip install . --group bench
    python benchmarks/load.py [--documents 5000] [--rounds 5]

The same corpus of offers (the bundled examples, varied) goes through each
loader in turn, round after round (interleaved, so that machine noise hits
all alike); the best round counts. The peers' models state the same shape
as offer-v1 (patterns, enums, unknown keys refused) but none of its
cross-field rules, so they do less work than tokencomp.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from pydantic import BaseModel, ConfigDict, StringConstraints

import tokencomp
from tokencomp.codec import parse_json
from tokencomp.validation import _validate_offer_fully, structure_offer

DECIMAL = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
EXAMPLES = Path(tokencomp.__file__).parent / "data" / "examples"


def corpus(count: int) -> list[bytes]:
    rnd = random.Random(2026)
    bases = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    documents = []
    for index in range(count):
        document = copy.deepcopy(bases[index % len(bases)])
        document["id"] = f"offer-{index}"
        document["salary"]["rate"]["amount"] = f"{rnd.randint(50, 500000)}.{rnd.randint(0, 99):02d}"
        documents.append(json.dumps(document).encode())
    return documents


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


def jsonschema_and_cattrs(data: bytes) -> object:
    return _validate_offer_fully(data, 1 << 20).document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    documents = corpus(args.documents)
    loaders: dict[str, Callable[[bytes], object]] = {
        "tokencomp load_offer": tokencomp.load_offer,
        "pydantic v2 model_validate_json": POffer.model_validate_json,
        "msgspec decode": msgspec.json.Decoder(MOffer).decode,
        "tokencomp parse + structure only": lambda d: structure_offer(parse_json(d)),
    }
    slow = {"jsonschema + cattrs (both layers)": jsonschema_and_cattrs}
    best = dict.fromkeys([*loaders, *slow], float("inf"))
    for _ in range(args.rounds):
        for name, load in loaders.items():
            start = time.perf_counter()
            for document in documents:
                load(document)
            best[name] = min(best[name], (time.perf_counter() - start) / len(documents))
        for name, load in slow.items():  # a tenth of the corpus: it is slow
            start = time.perf_counter()
            for document in documents[: len(documents) // 10]:
                load(document)
            best[name] = min(best[name], (time.perf_counter() - start) / (len(documents) // 10))
    pydantic = best["pydantic v2 model_validate_json"]
    average = sum(map(len, documents)) / len(documents)
    print(f"{len(documents)} documents of {average:.0f} bytes on average, best of {args.rounds} interleaved rounds")
    for name, seconds in best.items():
        print(f"{name:38s} {seconds * 1e6:9.1f} µs/document  {seconds / pydantic:6.2f}× pydantic")


if __name__ == "__main__":
    main()
