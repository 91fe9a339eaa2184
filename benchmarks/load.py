"""Documents a second, bytes to a validated model: tokencomp against pydantic v2 and msgspec.

Usage: tox builds the package and installs the benchmark-only peers of the
``bench`` dependency group, with any pip:

    python -m tox -e bench [-- --documents 5000 --rounds 5]

or, in an environment of your own (``--group`` needs pip 25.1 or later;
``python -m pip install -U pip`` first if yours is older):

    python -m pip install . --group bench
    python -m benchmarks.load [--documents 5000] [--rounds 5]

``python -m benchmarks`` runs every benchmark, this one among them.

The same corpus of offers (the bundled examples, varied) goes through each
loader in turn, round after round (interleaved, so that machine noise hits
all alike); the best round counts. The peers' models state the same shape
as offer-v1 (patterns, enums, unknown keys refused) but none of its
cross-field rules, so they do less work than tokencomp.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import msgspec

import tokencomp
from benchmarks.corpus import offers
from benchmarks.peers import MOffer, POffer
from tokencomp.codec.converter import parse_json
from tokencomp.codec.validation import _validate_offer_fully, structure_offer


def corpus(count: int) -> list[bytes]:
    """*count* valid offers as UTF-8 bytes."""
    return [text.encode() for text in offers(count)]


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
