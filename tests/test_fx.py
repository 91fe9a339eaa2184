"""Exchange rates: the ECB readers, the date policy and provenance."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    Money,
    RateNotFoundError,
    RateTable,
    UnknownCurrencyError,
    default_rates,
    read_ecb,
    read_ecb_csv,
    read_ecb_xml,
)
from tokencomp.cli import main
from tokencomp.model.money import round_half_up
from tokencomp.reference.fx import RATE_PLACES

from .reference import ECB_DAILY, ECB_HISTORY, VARIANTS, reference_file

D = Decimal


@pytest.fixture(scope="module", params=VARIANTS)
def history(request: pytest.FixtureRequest) -> RateTable:
    """The ECB history: tests/data's excerpt, and the whole published file when it is at hand."""
    return read_ecb_csv(reference_file(request, ECB_HISTORY).read_text(), source="hist")


def daily() -> RateTable:
    """The ECB daily file (tests/data holds it whole)."""
    return read_ecb_csv(ECB_DAILY.excerpt.read_text(), source="daily")


class TestReaders:
    def test_daily_file_as_published(self) -> None:
        """The daily file's '30 October 2026' date and ', ' separators are read exactly."""
        table = daily()
        assert datetime.date(2026, 10, 30) == table.last_date == table.first_date
        assert D("0.83380") == table.rates[table.last_date]["GBP"]
        assert "0.83380" == str(table.rates[table.last_date]["GBP"])

    def test_history_file_as_published(self, history: RateTable) -> None:
        """The history from 1999 is read, N/A cells left out, figures exact."""
        assert datetime.date(1999, 1, 4) == history.first_date
        assert datetime.date(2026, 4, 13) == history.last_date
        assert D("1.1605") == history.rates[datetime.date(2026, 4, 1)]["USD"]
        assert "BGN" not in history.rates[datetime.date(2026, 4, 1)]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "header"),
            ("Currency, USD\n", "Date"),
            ("Date,USD\n2026-01-01,abc\n", "line 2"),
            ("Date,USD\n2026-13-01,1\n", "line 2"),
            ("Date,USD\n2026-01-01,-1\n", "positive"),
        ],
    )
    def test_malformed_files(self, text: str, message: str) -> None:
        """A malformed file is refused, naming the line."""
        with pytest.raises(ValueError, match=message):
            read_ecb_csv(text, source="x")


class TestDatePolicy:
    def test_weekend_uses_friday(self, history: RateTable) -> None:
        """Saturday 2026-04-04 and Easter Monday use Thursday 2026-04-02's rates."""
        assert datetime.date(2026, 4, 2) == history.rate("EUR", "USD", "2026-04-04").date
        assert datetime.date(2026, 4, 2) == history.rate("EUR", "USD", "2026-04-06").date

    def test_before_the_table_is_an_error(self, history: RateTable) -> None:
        """There are no rates before 1999-01-04."""
        with pytest.raises(RateNotFoundError, match="starts on 1999-01-04"):
            history.rate("USD", "GBP", "1998-12-31")

    def test_discontinued_currency_is_an_error(self, history: RateTable) -> None:
        """BGN has no rate after 2025-12-31: an error, never an older figure."""
        assert D("1.9558") == history.rate("EUR", "BGN", "2026-01-01").rate
        with pytest.raises(RateNotFoundError, match="BGN"):
            history.rate("EUR", "BGN", "2026-01-05")

    def test_unknown_currency(self, history: RateTable) -> None:
        """A code that is not ISO 4217 is its own error."""
        with pytest.raises(UnknownCurrencyError):
            history.rate("EUR", "XYZ", "2026-01-05")


class TestConversion:
    @pytest.mark.parametrize(
        ("expected", "amount", "source", "target", "on"),
        [
            # 25,000 USD / 1.1605 × 0.87113 = 18,766.2645… GBP (2026-04-01)
            ("18766.26", "25000", "USD", "GBP", "2026-04-01"),
            # 1,000,000 JPY / 184.16 on Sunday 2026-03-29 uses Friday 2026-03-27
            ("5430.06", "1000000", "JPY", "EUR", "2026-03-29"),
            # EUR to JPY: zero decimals
            ("186750", "1000", "EUR", "JPY", "2026-04-13"),
        ],
    )
    def test_against_hand_computation(
        self, history: RateTable, expected: str, amount: str, source: str, target: str, on: str
    ) -> None:
        """Converted, then rounded once, the figures match a Decimal hand computation."""
        converted, used = history.convert(Money(amount, source), target, on)
        assert Money(expected, target) == converted.rounded()
        legs = history.rates[used.date]
        by_hand = D(amount) / legs.get(source, D(1)) * legs.get(target, D(1))
        assert Money(by_hand, target).rounded() == converted.rounded()

    def test_zero_and_three_digit_currencies(self, history: RateTable) -> None:
        """ISK (0 digits) from the ECB on a Sunday, and BHD (3 digits) from a table of our own, to the minor unit."""
        converted, used = history.convert(Money("1234.56", "EUR"), "ISK", "2026-03-29")
        assert (datetime.date(2026, 3, 27), 0) == (used.date, -converted.rounded().amount.as_tuple().exponent)
        by_hand = (D("1234.56") * history.rates[used.date]["ISK"]).quantize(D(1), rounding="ROUND_HALF_UP")
        assert by_hand == converted.rounded().amount
        table = RateTable("EUR", {datetime.date(2026, 1, 2): {"BHD": D("0.44215"), "USD": D("1.1729")}}, "own")
        bhd, _ = table.convert(Money("1000.00", "USD"), "BHD", "2026-01-04")
        assert D("376.972") == bhd.rounded().amount  # 1000 / 1.1729 × 0.44215 = 376.9716…

    def test_provenance(self, history: RateTable) -> None:
        """The rate used records its date, source and published legs, and reproduces the figure."""
        converted, used = history.convert(Money("25000", "USD"), "GBP", "2026-04-01")
        assert (datetime.date(2026, 4, 1), "hist", "EUR") == (used.date, used.source, used.base)
        assert (D("1.1605"), D("0.87113")) == (used.from_per_base, used.to_per_base)
        exact = Fraction(25000) * Fraction(used.to_per_base) / Fraction(used.from_per_base)
        assert (exact, used) == history.convert_exact(Money("25000", "USD"), "GBP", "2026-04-01")
        assert Money(round_half_up(exact, 2), "GBP") == converted

    def test_converted_money_is_rounded_to_the_minor_unit(self, history: RateTable) -> None:
        """convert rounds once, half up, to the target's minor unit: no JPY amount with 90 decimals (issue #29)."""
        for target, places in (("JPY", 0), ("GBP", 2), ("ISK", 0)):
            converted, _ = history.convert(Money("10.00", "USD"), target, "2026-04-01")
            assert -places == converted.amount.as_tuple().exponent

    def test_merge_refuses_disagreement(self) -> None:
        """Two tables that publish different figures for one day cannot be merged."""
        day = datetime.date(2026, 1, 2)
        a = RateTable("EUR", {day: {"USD": D("1.1")}}, "a")
        with pytest.raises(ValueError, match="USD"):
            a.merge(RateTable("EUR", {day: {"USD": D("1.2")}}, "b"))
        with pytest.raises(ValueError, match="base"):
            a.merge(RateTable("USD", {day: {"EUR": D("0.9")}}, "b"))


class TestEmbeddedSnapshot:
    def test_matches_the_published_files(self, history: RateTable) -> None:
        """The embedded snapshot holds the published figures from 2015 on, plus the daily file."""
        embedded = default_rates()
        assert default_rates() is embedded
        assert datetime.date(2015, 1, 2) == embedded.first_date
        assert datetime.date(2026, 10, 30) == embedded.last_date
        for day in (datetime.date(2015, 1, 2), datetime.date(2020, 3, 16), datetime.date(2026, 4, 13)):
            assert history.rates[day] == embedded.rates[day]
        assert daily().rates[embedded.last_date] == embedded.rates[embedded.last_date]
        assert "European Central Bank" in embedded.source

    def test_every_day_matches_the_published_history(self, published: Path) -> None:
        """Every day of the embedded snapshot is the published history's from 2015 on, or the daily file's."""
        history = read_ecb_csv((published / ECB_HISTORY.published).read_text(), source="hist")
        since_2015 = {day: rates for day, rates in history.rates.items() if day >= datetime.date(2015, 1, 1)}
        embedded = default_rates().rates
        assert 2887 == len(embedded) == len(since_2015) + 1
        assert since_2015 == {day: rates for day, rates in embedded.items() if day <= history.last_date}
        assert daily().rates == {day: rates for day, rates in embedded.items() if day > history.last_date}


def ecb_xml(table: RateTable) -> str:
    """The ECB's XML for *table*'s figures, as the ECB lays it out (newest day first)."""
    days = "".join(
        f"<Cube time='{day}'>" + "".join(f"<Cube currency='{c}' rate='{r}'/>" for c, r in rates.items()) + "</Cube>"
        for day, rates in sorted(table.rates.items(), reverse=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"'
        ' xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><gesmes:subject>Reference rates</gesmes:subject>'
        "<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>"
        f"<Cube>{days}</Cube></gesmes:Envelope>"
    )


class TestXml:
    def test_xml_and_csv_give_identical_tables(self, history: RateTable) -> None:
        """The history and daily files as XML read to exactly the tables their CSVs give."""
        for table in (history, daily()):
            from_xml = read_ecb_xml(ecb_xml(table).encode(), source=table.source)
            assert table.rates == from_xml.rates
            assert table == from_xml
        assert history == read_ecb(ecb_xml(history).encode(), source="hist")

    @pytest.mark.parametrize(
        ("xml", "message"),
        [
            ("<a/>", "gesmes:Envelope"),
            ("<Envelope", "not XML"),
            ('<e:Envelope xmlns:e="x"/>', "no dated rates"),
            (
                '<e:Envelope xmlns:e="x" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">'
                '<Cube><Cube time="2026-01-02"><Cube currency="USD" rate="abc"/></Cube></Cube></e:Envelope>',
                "2026-01-02",
            ),
        ],
    )
    def test_malformed_xml(self, xml: str, message: str) -> None:
        """XML that is not the ECB's envelope is refused with a reason."""
        with pytest.raises(ValueError, match=message):
            read_ecb_xml(xml, source="x")


class TestRateAge:
    def test_max_age(self) -> None:
        """Rates 49 days older than the as-of date are refused when at most 30 are allowed."""
        table = default_rates()
        assert datetime.date(2026, 4, 13) == table.rate("EUR", "USD", "2026-06-01").date
        with pytest.raises(RateNotFoundError, match="49 days before"):
            table.rate("EUR", "USD", "2026-06-01", max_age_days=30)
        assert D("1.1172") == table.rate("EUR", "USD", "2026-11-01", max_age_days=30).rate

    def test_snapshot_is_dated(self) -> None:
        """The embedded snapshot says when it was retrieved."""
        assert datetime.date(2026, 11, 22) == default_rates().retrieved


class TestFirstAndLastDates:
    def test_a_currency_before_its_first_rate(self) -> None:
        """A date before a currency's first published rate says which date that is."""
        with pytest.raises(RateNotFoundError, match="its rates start on 2018-02-01"):
            default_rates().rate("USD", "ISK", "2015-01-05")

    def test_a_currency_after_its_last_rate(self) -> None:
        """The ECB suspended RUB on 2022-03-02: a later date names the last rate's date."""
        with pytest.raises(RateNotFoundError, match="its last rate is of 2022-03-01"):
            default_rates().rate("USD", "RUB", "2023-01-05")

    def test_a_date_before_the_table(self) -> None:
        """A date before all the data names the first date."""
        with pytest.raises(RateNotFoundError, match="the table starts on 2015-01-02"):
            default_rates().rate("USD", "GBP", "2014-12-31")


class TestPublishedRate:
    """A rate is published to at most RATE_PLACES decimals, beside its exact ECB legs; figures use the legs."""

    @given(
        st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=5),
        st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=5),
    )
    def test_at_most_twelve_places_and_half_a_unit_off(self, from_leg: Decimal, to_leg: Decimal) -> None:
        """Rounded half up to 12 places, or exact when it has fewer; the legs kept as published."""
        table = RateTable("EUR", {datetime.date(2026, 4, 1): {"AAA": from_leg, "BBB": to_leg}}, "t")
        used = table.rate("AAA", "BBB", datetime.date(2026, 4, 1))
        exponent = used.rate.as_tuple().exponent
        assert isinstance(exponent, int)
        assert (True, from_leg, to_leg) == (-exponent <= RATE_PLACES, used.from_per_base, used.to_per_base)
        exact = Fraction(to_leg) / Fraction(from_leg)
        assert round_half_up(exact, RATE_PLACES) == used.rate
        assert abs(Fraction(used.rate) - exact) <= Fraction(1, 2 * 10**RATE_PLACES)

    def test_the_summary_json_rate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """summarize --currency EUR --format json: a 12-place rate (not 100 digits), the legs, the figures as before."""
        assert 0 == main(["summarize", "--example", "p75-engineer", "--currency", "EUR", "--format", "json"])
        summary = json.loads(capsys.readouterr().out)
        (used,) = summary["fx"]
        assert ("0.847098686997", "1.1805", "1") == (used["rate"], used["from_per_base"], used["to_per_base"])
        assert "317662.01" == summary["annual"]["salary"]  # 375,000.00 × 1 / 1.1805, rounded once
