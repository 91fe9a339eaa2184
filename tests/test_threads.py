"""Threads: the caches (converter, schema validators, rates, prices, currencies, countries) under concurrent use."""

from __future__ import annotations

import datetime
import importlib.resources
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tokencomp import (
    Money,
    UsageMix,
    cost_of_tokens,
    default_prices,
    default_rates,
    dumps,
    load_offer,
    summarize,
    tokens_for_budget,
    unstructure,
    validate,
)
from tokencomp.codec import converter as codec
from tokencomp.codec import validation
from tokencomp.model import arguments, money, offer
from tokencomp.reference import pricing, rate_files

EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
DOCUMENTS = sorted((f.name, f.read_bytes()) for f in EXAMPLES.iterdir() if f.name.endswith(".json"))
THREADS = 8
ROUNDS = 3
# Every cache the computations below go through: emptied so the threads race to fill them.
CACHES: list[Any] = [
    arguments._rule,
    codec._shared_converter,
    rate_files._embedded_tables,
    rate_files._folder_tables,
    rate_files._own_tables,
    rate_files._default_rates,
    money._minor_units,
    offer.country_codes,
    pricing._embedded_prices,
    pricing._folder_prices,
    validation._validator,
]


def figures() -> list[str]:
    """Everything worked out from the bundled examples, as text: one entry a result."""
    results = []
    mix = UsageMix(Decimal("0.75"), Decimal("0.25"))
    price = default_prices().price("gpt-4o")
    for name, data in DOCUMENTS:
        results.append(f"{name} {validate(data).valid}")
        document = load_offer(data)
        results.append(dumps(summarize(document)))
        results.append(dumps(summarize(document, currency="EUR")))
        results.append(dumps(tokens_for_budget(Money("100000.00", document.currency), price, mix)))
    on = datetime.date(2026, 4, 1)
    results.append(dumps(cost_of_tokens(3_000_000_000, price, mix, "GBP", on=on)))
    exact, rate = default_rates().convert(Money("1234.56", "USD"), "JPY", on)
    results.append(f"{exact.amount} {unstructure(rate)}")
    return results


def in_threads(work: Callable[[], list[str]]) -> list[list[str]]:
    """*work*'s results in each of THREADS threads started together, and every exception they raised."""
    start = threading.Barrier(THREADS)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            for _ in range(ROUNDS):
                results.append(work())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == errors
    return results


class TestConcurrentUse:
    """load_offer, validate, summarize and the conversions give the same figures from 8 threads as from one."""

    def test_cold_caches(self) -> None:
        """Every cache emptied, then 8 threads race to fill it: each thread's figures equal the serial run's."""
        serial = figures()
        for cache in CACHES:
            cache.cache_clear()
        assert [serial] * THREADS * ROUNDS == in_threads(figures)

    def test_caches_end_filled_once(self) -> None:
        """After the race each cache holds one entry a key, so every later call shares one converter and table."""
        for cache in CACHES:
            cache.cache_clear()
        in_threads(figures)
        assert codec._shared_converter() is codec._shared_converter()
        assert default_rates() is default_rates()
        assert 1 == codec._shared_converter.cache_info().currsize
