"""Money: exactness, currencies, rounding and allocation."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import CurrencyMismatchError, FloatMoneyError, Money, RuleViolation, UnknownCurrencyError, minor_unit


class TestCurrencies:
    def test_minor_units_come_from_iso_4217(self) -> None:
        """JPY has 0 digits, USD 2, BHD 3, and IQD 3 as ISO says (CLDR says 0)."""
        assert (0, 2, 3, 3) == (minor_unit("JPY"), minor_unit("USD"), minor_unit("BHD"), minor_unit("IQD"))

    @pytest.mark.parametrize("code", ["XYZ", "usd", "XAU", ""])
    def test_unknown_or_unitless_codes_are_refused(self, code: str) -> None:
        """Unknown codes, lower case and codes without a minor unit (gold) are refused."""
        with pytest.raises(UnknownCurrencyError):
            minor_unit(code)
        with pytest.raises(RuleViolation) as info:
            Money("1", code)
        assert ["/currency"] == [p.pointer for p in info.value.problems]


class TestConstruction:
    def test_float_never_enters(self) -> None:
        """A float is refused with a message that says what to pass instead."""
        with pytest.raises(FloatMoneyError, match="decimal string"):
            Money(0.1, "USD")  # type: ignore[arg-type]
        with pytest.raises(FloatMoneyError):
            Money("1", "USD") * 1.5  # type: ignore[operator]

    def test_strings_and_ints_are_exact(self) -> None:
        """Decimal strings keep every digit they are given."""
        assert Decimal("0.10") == Money("0.10", "USD").amount
        assert Decimal(7) == Money(7, "JPY").amount

    @pytest.mark.parametrize("bad", ["NaN", "Infinity", "abc", "1,00"])
    def test_not_numbers_are_refused(self, bad: str) -> None:
        """NaN, infinities and text are not amounts."""
        with pytest.raises(ValueError, match="number"):
            Money(bad, "USD")


class TestArithmetic:
    def test_same_currency_adds(self) -> None:
        """Amounts of one currency add and subtract exactly."""
        assert Money("475000.00", "USD") == Money("375000.00", "USD") + Money("100000.00", "USD")
        assert Money("0.3", "USD") == Money("0.1", "USD") + Money("0.2", "USD")
        assert Money("-1", "USD") == -Money("1", "USD")

    def test_mixing_currencies_is_an_error(self) -> None:
        """Adding or comparing USD and EUR raises, naming both currencies."""
        with pytest.raises(CurrencyMismatchError, match="USD with EUR"):
            Money("1", "USD") + Money("1", "EUR")
        with pytest.raises(CurrencyMismatchError):
            assert Money("1", "USD") < Money("2", "EUR")

    def test_sum_adds_amounts_of_one_currency(self) -> None:
        """sum() of Money is Money; with a start it works for an empty list too."""
        amounts = Money("375000.00", "USD").allocate(26)
        assert Money("375000.00", "USD") == sum(amounts)
        assert Money.zero("USD") == sum([], Money.zero("USD"))

    def test_sum_refuses_mixed_currencies_and_other_starts(self) -> None:
        """Summing USD and EUR is the library's currency error; only the int 0 may start a sum."""
        with pytest.raises(CurrencyMismatchError, match="USD with EUR"):
            sum([Money("1", "USD"), Money("1", "EUR")])
        for start in (1, Decimal(0), False, 0.0):
            with pytest.raises(TypeError):
                sum([Money("1", "USD")], start)  # type: ignore[call-overload]

    @given(st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**9, min_value=-(10**9))))
    def test_sum_is_exact(self, amounts: list[Decimal]) -> None:
        """sum() of Money equals the exact sum of the amounts."""
        assert sum(amounts, Decimal(0)) == sum((Money(a, "EUR") for a in amounts), Money.zero("EUR")).amount

    def test_comparisons(self) -> None:
        """Amounts in one currency compare by value."""
        assert Money("1.00", "USD") < Money("1.01", "USD") <= Money("1.01", "USD")
        assert Money("2", "USD") > Money("1", "USD") >= Money("1.00", "USD")


class TestRounding:
    @pytest.mark.parametrize(
        ("expected", "amount", "currency"),
        [
            ("2", "1.5", "JPY"),
            ("3", "2.5", "JPY"),
            ("0.13", "0.125", "USD"),
            ("-0.13", "-0.125", "USD"),
            ("1.001", "1.0005", "BHD"),
            ("1.000", "1.00049", "BHD"),
        ],
    )
    def test_half_up_to_the_minor_unit(self, expected: str, amount: str, currency: str) -> None:
        """Rounding is half up (away from zero on a tie) to the currency's digits."""
        rounded = Money(amount, currency).rounded()
        assert Decimal(expected) == rounded.amount
        assert str(rounded.amount) == expected

    def test_mode_is_a_parameter(self) -> None:
        """Any decimal rounding mode can be asked for."""
        assert Decimal("0.12") == Money("0.125", "USD").rounded(decimal.ROUND_HALF_EVEN).amount
        assert Decimal("0.12") == Money("0.129", "USD").rounded(decimal.ROUND_DOWN).amount

    def test_zero_is_written_to_the_minor_unit(self) -> None:
        """Zero in USD reads 0.00, in JPY 0, in BHD 0.000."""
        assert ["0.00", "0", "0.000"] == [str(Money.zero(c).amount) for c in ("USD", "JPY", "BHD")]


class TestAllocate:
    def test_biweekly_payroll(self) -> None:
        """$375,000 into 26 biweekly payments: earlier payments take the leftover cents."""
        payments = Money("375000.00", "USD").allocate(26)
        assert Money("375000.00", "USD") == sum(payments, Money.zero("USD"))
        # 37,500,000 cents / 26 = 1,442,307 rem 18: the first 18 payments get a cent more.
        assert [Decimal("14423.08")] * 18 + [Decimal("14423.07")] * 8 == [p.amount for p in payments]

    def test_by_ratios(self) -> None:
        """Ratios share the amount; the largest remainders get the extra units."""
        assert [Decimal("0.67"), Decimal("0.33")] == [m.amount for m in Money("1.00", "USD").allocate([2, 1])]
        assert [Decimal("0"), Decimal("5")] == [m.amount for m in Money("5", "JPY").allocate([0, 1])]

    def test_unrounded_amounts_are_refused(self) -> None:
        """Allocation would round silently, so it asks for a rounded amount."""
        with pytest.raises(ValueError, match="rounded"):
            Money("1.005", "USD").allocate(2)

    @pytest.mark.parametrize("parts", [0, [], [-1, 2], [0, 0]])
    def test_bad_parts(self, parts: int | list[int]) -> None:
        """No parts, negative ratios or all-zero ratios are errors."""
        with pytest.raises(ValueError, match="ratios"):
            Money("1.00", "USD").allocate(parts)

    @given(
        st.integers(-(10**12), 10**12),
        st.sampled_from(["USD", "JPY", "BHD"]),
        st.lists(st.integers(0, 1000), min_size=1, max_size=30).filter(any),
    )
    def test_parts_always_sum_to_the_total(self, units: int, currency: str, ratios: list[int]) -> None:
        """Whatever the amount and ratios, the parts add up exactly and differ from the ideal by under a unit."""
        total = Money(Decimal(units).scaleb(-minor_unit(currency)), currency)
        parts = total.allocate(ratios)
        assert total.amount == sum(p.amount for p in parts)
        unit = Decimal(1).scaleb(-minor_unit(currency))
        for part, ratio in zip(parts, ratios, strict=True):
            ideal = total.amount * ratio / sum(ratios)
            assert abs(part.amount - ideal) < unit
            assert part.amount == part.rounded().amount
