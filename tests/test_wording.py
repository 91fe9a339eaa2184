"""How figures are said in text: grouped and localised money, ranges said once when their ends meet, "an hour"."""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import Money, loads, summarize
from tokencomp.errors import FloatMoneyError, RuleViolation, TokencompError, UnknownLocaleError
from tokencomp.model.money import currency_codes, minor_unit
from tokencomp.reports import render
from tokencomp.reports.render import summary_text
from tokencomp.reports.wording import (
    format_amount,
    format_money,
    format_rate,
    format_ratio,
    money_span,
    pad,
    per,
    span,
    text_width,
)

NBSP, NNBSP, RLM = "\xa0", "\u202f", "\u200f"

#: Codes whose CLDR digits have not been ISO 4217's minor unit in some babel release, with ISO's (the model
#: rounds to ISO's): 13 in babel 2.18 (RSD among them), 15 in 2.19 (RSD no longer; COP, HUF and IDR now).
#: Each is shown by its letters in en_US, so the no-break space after them is checked too.
CLDR_DIFFERS_FROM_ISO = {
    "AFN": 2, "ALL": 2, "COP": 2, "HUF": 2, "IDR": 2, "IQD": 3, "IRR": 2, "KPW": 2,
    "LAK": 2, "LBP": 2, "MGA": 2, "MMK": 2, "RSD": 2, "SOS": 2, "SYP": 2, "YER": 2,
}  # fmt: skip


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


class TestWrongArguments:
    """The public formatting functions take a Money (or a figure and its currency), or raise the library's error."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda: format_money(Money("1", "EUR"), "de_DE"),
            lambda: format_money(Money("1", "EUR"), locale="de_DE"),
            lambda: format_money(Decimal("1"), "EUR", "de_DE"),
            lambda: render.format_money(Money("1", "EUR"), "de_DE"),  # type: ignore[attr-defined]
        ],
    )
    def test_money_or_its_figure(self, call: Callable[[], str]) -> None:
        """A Money says its own currency; a figure is given with its currency: the same text."""
        assert "1,00\xa0€" == call()

    @pytest.mark.parametrize(
        ("call", "error"),
        [
            (lambda: format_money(1.5, "EUR"), FloatMoneyError),  # type: ignore[call-overload]
            (lambda: format_money("1", "EUR"), RuleViolation),  # type: ignore[call-overload]
            (lambda: format_money(Decimal("1")), RuleViolation),  # type: ignore[call-overload]
            (lambda: format_money(Decimal("NaN"), "EUR"), RuleViolation),
            (lambda: format_money(Money("1", "EUR"), "USD", "de_DE"), RuleViolation),  # type: ignore[call-overload]
            (lambda: format_money(Decimal("1"), "EUR", "xx_YY"), UnknownLocaleError),
            (lambda: format_money(Decimal("1"), "EUR", 7), UnknownLocaleError),  # type: ignore[call-overload]
            (lambda: format_amount(0.1), FloatMoneyError),  # type: ignore[arg-type]
            (lambda: format_amount(Money("1", "EUR")), RuleViolation),  # type: ignore[arg-type]
            (lambda: format_amount(Decimal("1"), "xx_YY"), UnknownLocaleError),
            (lambda: format_ratio("0.5"), RuleViolation),  # type: ignore[arg-type]
            (lambda: format_rate(None), RuleViolation),  # type: ignore[arg-type]
        ],
    )
    def test_anything_else_is_the_librarys_error(self, call: Callable[[], str], error: type[Exception]) -> None:
        """A float, a string, no currency, a wrong locale: a TokencompError that says which, never a bare TypeError."""
        with pytest.raises(error) as info:
            call()
        assert isinstance(info.value, TokencompError)


class TestIsoMinorUnits:
    """Every amount shows exactly its currency's ISO 4217 decimals, not CLDR's, and a lettered symbol is spaced."""

    @pytest.mark.parametrize("code", sorted(currency_codes()))
    def test_every_code_shows_iso_decimals(self, code: str) -> None:
        """1,234.5 and 0 of every code show its ISO 4217 decimals (every digit of 1,234.5 kept where it has none).

        Whatever the installed babel's CLDR says: which codes it gives other digits changes with its releases.
        """
        places = minor_unit(code)
        amount, zero = format_money(Decimal("1234.5"), code), format_money(Decimal("0"), code)
        if places:
            assert (True, True) == (amount.endswith(f"1,234.5{'0' * (places - 1)}"), zero.endswith(f"0.{'0' * places}"))
        else:
            assert (True, True, False) == (amount.endswith("1,234.5"), zero.endswith("0"), zero.endswith(".0"))

    @pytest.mark.parametrize(("code", "places"), sorted(CLDR_DIFFERS_FROM_ISO.items()))
    def test_amounts_and_zero_show_iso_decimals(self, code: str, places: int) -> None:
        """1,234.5 and 0 of each code show ISO's decimals, the code kept apart from the digits by a no-break space."""
        assert (f"{code}{NBSP}1,234.5{'0' * (places - 1)}", f"{code}{NBSP}0.{'0' * places}") == (
            format_money(Decimal("1234.5"), code),
            format_money(Decimal("0"), code),
        )

    def test_the_issues_figures(self) -> None:
        """RSD 3,456,789.50 (not RSD3,456,789.5), IQD with three decimals, RSD 0.00 (not RSD0)."""
        assert [f"RSD{NBSP}3,456,789.50", f"IQD{NBSP}98,765,432.100", f"RSD{NBSP}0.00", f"-RSD{NBSP}12.50"] == [
            format_money(Decimal("3456789.5"), "RSD"),
            format_money(Decimal("98765432.1"), "IQD"),
            format_money(Decimal("0"), "RSD"),
            format_money(Decimal("-12.5"), "RSD"),
        ]

    def test_symbols_that_are_signs_are_not_spaced(self) -> None:
        """$ and € touch the digits in en_US, as CLDR says; the yen has no decimals."""
        assert ["$0.00", "€1.50", "¥1,000"] == [
            format_money(Decimal("0"), "USD"),
            format_money(Decimal("1.5"), "EUR"),
            format_money(Decimal("1000"), "JPY"),
        ]


class TestLocalePatterns:
    """Each locale's own currency and percent patterns, spacing included."""

    @pytest.mark.parametrize(
        ("locale", "euros", "dinars", "share"),
        [
            ("en_US", "€3,456,789.50", f"RSD{NBSP}3,456,789.50", "15.84%"),
            ("de_DE", f"3.456.789,50{NBSP}€", f"3.456.789,50{NBSP}RSD", f"15,84{NBSP}%"),
            ("fr_FR", f"3{NNBSP}456{NNBSP}789,50{NBSP}€", f"3{NNBSP}456{NNBSP}789,50{NBSP}RSD", f"15,84{NBSP}%"),
            ("es_ES", f"3.456.789,50{NBSP}€", f"3.456.789,50{NBSP}RSD", f"15,84{NBSP}%"),
            ("ja_JP", "€3,456,789.50", f"RSD{NBSP}3,456,789.50", "15.84%"),
            ("ar_EG", f"{RLM}3,456,789.50{NBSP}€", f"{RLM}3,456,789.50{NBSP}RSD", "15.84%"),
        ],
    )
    def test_currency_and_percent(self, locale: str, euros: str, dinars: str, share: str) -> None:
        """The same figures in six locales: German and French percentages take CLDR's no-break space."""
        assert (euros, dinars, share) == (
            format_money(Decimal("3456789.5"), "EUR", locale),
            format_money(Decimal("3456789.5"), "RSD", locale),
            format_ratio(Decimal("0.158421"), locale),
        )


class TestColumns:
    """Tables pad by display width and isolate right-to-left cells, so columns stay apart in any script."""

    def test_width(self) -> None:
        """Wide characters take two columns; marks and bidi controls none."""
        assert [6, 4, 10] == [text_width("Salary"), text_width("給与"), text_width(f"{RLM}1,000.00{NBSP}£")]

    def test_right_to_left_cells_are_isolated(self) -> None:
        """An Arabic amount is wrapped in FSI…PDI; a Latin one is left alone."""
        assert [f"  \u2068{RLM}1.00{NBSP}£\u2069", "  1.00"] == [pad(f"{RLM}1.00{NBSP}£", 8, ">"), pad("1.00", 6, ">")]

    def test_ar_eg_summary_columns_line_up(self) -> None:
        """Every row of the ar_EG summary table is as wide as its header and each amount is isolated."""
        examples = importlib.resources.files("tokencomp") / "data" / "examples"
        offer = loads((examples / "london-staff-engineer.json").read_bytes())
        table = summary_text(summarize(offer), "ar_EG").split("\n\n")[1].splitlines()
        assert [text_width(table[0])] * len(table) == [text_width(line) for line in table]
        assert all(line.count("\u2068") == line.count("\u2069") >= 1 for line in table[1:])
