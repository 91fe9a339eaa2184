"""The offers every benchmark measures: the bundled examples, varied; imports neither pydantic nor Spark.

:func:`offers` makes valid documents with every *invalid_every*-th made
invalid (a float amount: explained by both the schema and the model);
:func:`mostly_invalid` makes documents of which nine in ten break the
contract in one of several ways.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import tokencomp

EXAMPLES = Path(tokencomp.__file__).parent / "data" / "examples"


def _bases() -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(EXAMPLES.glob("*.json"))]


def offers(count: int, invalid_every: int = 0, seed: int = 2026) -> list[str]:
    """*count* offers as JSON text: the bundled examples with a new id and salary; every *invalid_every*-th invalid."""
    rnd = random.Random(seed)
    bases = _bases()
    texts = []
    for index in range(count):
        document = copy.deepcopy(bases[index % len(bases)])
        document["id"] = f"offer-{index}"
        document["salary"]["rate"]["amount"] = f"{rnd.randint(50, 500000)}.{rnd.randint(0, 99):02d}"
        if invalid_every and index % invalid_every == invalid_every - 1:
            document["salary"]["rate"]["amount"] = 120000.5  # a float: invalid, explained by both layers
        texts.append(json.dumps(document))
    return texts


def write_lines(path: Path, count: int, invalid_every: int = 20) -> None:
    """Write *count* offers (:func:`offers`, every *invalid_every*-th invalid) to *path* as JSON Lines, in batches."""
    with path.open("w") as handle:
        for start in range(0, count, 10_000):
            texts = offers(min(10_000, count - start), invalid_every=invalid_every, seed=start)
            handle.write("".join(text + "\n" for text in texts))


def _break(document: dict[str, Any], how: int) -> None:
    """Break *document* in way *how* (0 to 4): a float, a bad period, a missing key, an unknown key, a bad date."""
    if how == 0:
        document["salary"]["rate"]["amount"] = 120000.5
    elif how == 1:
        document["salary"]["period"] = "fortnight"
    elif how == 2:
        del document["currency"]
    elif how == 3:
        document["salary"]["bonus"] = "10"
    else:
        document["effective_date"] = "2026-02-30x"


def mostly_invalid(count: int, seed: int = 2026) -> list[str]:
    """*count* offers as JSON text, nine in ten invalid in one of five ways."""
    rnd = random.Random(seed)
    texts = []
    for index, text in enumerate(offers(count, seed=seed)):
        if index % 10 != 9:
            document = json.loads(text)
            _break(document, rnd.randrange(5))
            text = json.dumps(document)
        texts.append(text)
    return texts


_GENDERS = ("female", "male") * 24 + ("non_binary", "undisclosed")
_HOURS = ("40", "40", "38.5", "37.5", "32", "20")


def write_workforce(path: Path, count: int, bad_every: int = 50_000, seed: int = 2026) -> None:
    """Write a workforce file (workforce-v1) of *count* workers to *path*, a line each, every *bad_every*-th bad.

    Each worker holds a bundled example with a new id and salary (in its own
    currency: USD and GBP workers are converted), in one of 40 categories,
    with hours from 20 to 40; a bad line has an unknown gender.
    """
    rnd = random.Random(seed)
    bases = _bases()
    with path.open("w") as handle:
        batch = []
        for index in range(count):
            base = bases[index % len(bases)]
            document = dict(base, id=f"offer-{index}")
            currency = base["salary"]["rate"]["currency"]
            amount = f"{rnd.randint(20_000, 400_000)}.{rnd.randint(0, 99):02d}"
            document["salary"] = {"rate": {"amount": amount, "currency": currency}, "period": "year"}
            gender = "unknown" if bad_every and index % bad_every == bad_every - 1 else rnd.choice(_GENDERS)
            worker = {
                "schema_version": "1",
                "employee_id": f"w{index:07d}",
                "gender": gender,
                "category": f"job-{rnd.randrange(40):02d}",
                "hours_per_week": rnd.choice(_HOURS),
                "offer": document,
            }
            batch.append(json.dumps(worker) + "\n")
            if len(batch) == 10_000:
                handle.write("".join(batch))
                batch = []
        handle.write("".join(batch))
