"""How figures are said in text: grouped and localised money, ranges said once when their ends meet, "an hour"."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tokencomp import Money
from tokencomp.wording import format_amount, format_money, format_rate, money_span, per, span


class TestWording:
    """The few functions every text of the package says its figures through."""

    def test_per(self) -> None:
        """ "an" before a vowel sound, "a" otherwise."""
        assert ["an hour", "a week", "a month", "a year"] == [per(p) for p in ("hour", "week", "month", "year")]

    def test_span(self) -> None:
        """Equal ends (also written differently) are one figure; others a range."""
        assert "$10.00" == money_span(Money("10", "USD"), Money("10.000", "USD"))
        assert "10,00 € to 12,50 €" == money_span(Money("10", "EUR"), Money("12.5", "EUR"), "de_DE").replace(
            "\xa0", " "
        )
        assert "1,000 to 2,000" == span(1000, 2000, format_amount)

    def test_rates_and_amounts_for_a_locale(self) -> None:
        """Grouping and decimal marks follow the locale; a rate shows at most six decimals."""
        assert ("1.234.567,5", "0,750651") == (
            format_amount(Decimal("1234567.5"), "de_DE"),
            format_rate(Decimal("0.75065058"), "de_DE"),
        )

    @given(st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False, allow_infinity=False))
    def test_money_keeps_every_digit(self, amount: Decimal) -> None:
        """Grouped en_US money reads back as the exact amount: nothing is lost or re-rounded."""
        text = format_money(amount, "USD")
        assert text.startswith("$")
        assert amount == Decimal(text.removeprefix("$").replace(",", ""))

    @given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
    def test_more_digits_than_the_currency_has_are_kept(self, amount: Decimal) -> None:
        """A blended price of $4.375 stays $4.375: babel does not quantize to the currency's digits."""
        assert amount == Decimal(format_money(amount, "USD").removeprefix("$").replace(",", ""))
