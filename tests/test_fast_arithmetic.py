"""The whole-number rounding and the shared decimal context give the figures the Fraction steps give."""

from __future__ import annotations

import decimal
import threading
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import tokencomp
from tokencomp import load_offer, summarize
from tokencomp.codec.converter import unstructure
from tokencomp.model.money import in_context, ratio, round_half_up

EXAMPLES = Path(tokencomp.__file__).parent / "data" / "examples"


def fraction_round_half_up(value: Fraction, places: int) -> Decimal:
    """The rounding as #16 wrote it, on Fractions: the reference."""
    scaled = Fraction(value) * 10**places
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if scaled < 0 else whole).scaleb(-places, decimal.Context(prec=400))


fractions = st.fractions(max_denominator=10**30) | st.decimals(allow_nan=False, allow_infinity=False).map(Fraction)


class TestRounding:
    """round_half_up and ratio on whole numbers agree with the Fraction steps."""

    @given(fractions, st.integers(0, 4))
    def test_round_half_up(self, value: Fraction, places: int) -> None:
        """Any exact value, any minor unit: the same Decimal, digits and exponent."""
        expected = fraction_round_half_up(value, places)
        actual = round_half_up(value, places)
        assert (expected, expected.as_tuple()) == (actual, actual.as_tuple())

    @given(st.decimals(allow_nan=False, allow_infinity=False), st.decimals(allow_nan=False, allow_infinity=False))
    def test_ratio(self, part: Decimal, whole: Decimal) -> None:
        """part / whole to four places, half up, as the Fraction quotient gives it; None for a zero whole."""
        expected = None if whole == 0 else fraction_round_half_up(Fraction(part) / Fraction(whole), 4)
        assert expected == ratio(part, whole)


class TestSharedContext:
    """A computation inside another runs in the outer one's copy of CONTEXT; each thread has its own."""

    def test_summaries_from_threads_match_serial(self) -> None:
        """Eight threads summarizing the examples in USD, EUR and JPY give the serial figures and provenance."""
        offers = [load_offer(path.read_bytes()) for path in sorted(EXAMPLES.glob("*.json"))]
        jobs = [(offer, currency) for offer in offers for currency in (None, "USD", "EUR", "JPY")]
        expected = [unstructure(summarize(offer, currency=currency)) for offer, currency in jobs]
        results: list[list[object]] = []

        def work() -> None:
            with decimal.localcontext(decimal.Context(prec=3, traps=[decimal.Inexact])):
                results.append([unstructure(summarize(offer, currency=currency)) for offer, currency in jobs])

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [expected] * 8 == results

    def test_the_callers_context_is_never_the_shared_one(self) -> None:
        """A caller's own context, changed after a call, is not taken for tokencomp's."""
        outer = decimal.getcontext()
        assert Decimal("246913.578") == in_context(lambda: Decimal("123456.789") * 2)()
        with decimal.localcontext(decimal.Context(prec=3)):
            assert Decimal("2.47E+5") == Decimal("123456.789") * 2
            assert Decimal("246913.578") == in_context(lambda: Decimal("123456.789") * 2)()
        assert outer is decimal.getcontext()
