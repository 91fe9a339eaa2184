"""Usage import: CSV and LiteLLM spend logs, each bad record reported by line or index and kept out."""

from __future__ import annotations

import csv
import datetime
import importlib.resources
import io
import json
import re
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokencomp import Money, RuleViolation, SourceError
from tokencomp.budget.usage import UsageRecord, read_litellm_spend, read_usage, read_usage_csv
from tokencomp.codec.sources import RejectedRecord, shown
from tokencomp.reference.request_price import price_request

EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"

CSV = """date,person,model,input_tokens,output_tokens,cached_input_tokens,cost,currency
2026-01-20,ada,gpt-4o,1000,200,,0.0045,USD
2026-01-21,ada,gpt-4o,1000,two hundred,,,
2026-01-22,bo,claude-sonnet-4-5,500,100,300,,
2026-01-23,ada,gpt-4o,10,10,,1.00,EUR
"""

ENTRIES = [
    {"request_id": "r0", "startTime": "2026-02-01T09:00:00.000Z", "model": "gpt-4o", "user": "ada",
     "prompt_tokens": 1200, "completion_tokens": 300, "spend": "SPEND0"},
    {"request_id": "r1", "startTime": "2026-02-01T10:00:00Z", "model": "gpt-4o", "user": "ada",
     "prompt_tokens": 100, "completion_tokens": 10, "spend": "not a number"},
    {"request_id": "r2", "startTime": "2026-02-02T10:00:00+01:00", "model": "gpt-4o", "end_user": "bo",
     "prompt_tokens": 1000, "completion_tokens": 0, "cache_read_input_tokens": 800, "spend": 0},
]  # fmt: skip


def litellm_array() -> str:
    # 0.1 + 0.2 written as LiteLLM writes it, a JSON number; read through a float it would not be exact.
    return json.dumps(ENTRIES).replace('"SPEND0"', "0.30000000000000004441")


def records(items: list[UsageRecord | RejectedRecord]) -> tuple[list[UsageRecord], list[RejectedRecord]]:
    return [r for r in items if isinstance(r, UsageRecord)], [r for r in items if isinstance(r, RejectedRecord)]


class TestCsv:
    """A CSV with a header, one record a row."""

    def test_one_malformed_row(self) -> None:
        """Line 3 is reported with its reason; lines 2, 4 and 5 are records."""
        good, bad = records(list(read_usage_csv(CSV.splitlines(), "usage.csv")))
        assert [2, 4, 5] == [r.line for r in good]
        assert [("usage.csv: line 3", "/output_tokens", "bad-tokens")] == [
            (r.where, r.problems[0].pointer, r.problems[0].code) for r in bad
        ]

    def test_fields(self) -> None:
        """Cost in its currency, from the text; cached tokens when given; no cost when none."""
        good, _ = records(list(read_usage_csv(CSV.splitlines())))
        assert Money("0.0045", "USD") == good[0].cost
        assert (300, None) == (good[1].cached_input_tokens, good[1].cost)
        assert Money("1.00", "EUR") == good[2].cost

    @pytest.mark.parametrize(
        ("row", "code"),
        [
            ("2026-13-01,ada,m,1,1,,,", "bad-date"),
            ("2026-01-01,,m,1,1,,,", "empty-string"),
            ("2026-01-01,ada,m,-1,1,,,", "bad-tokens"),
            ("2026-01-01,ada,m,1,1,,1.00,", "missing-field"),
            ("2026-01-01,ada,m,1,1,,,USD", "missing-field"),
            ("2026-01-01,ada,m,1,1,,1.00,usd", "unknown-currency"),
            ("2026-01-01,ada,m,1,1,,-1,USD", "negative-amount"),
            ("2026-01-01,ada,m,1,1,,1e400x,USD", "bad-cost"),
        ],
    )
    def test_each_bad_field(self, row: str, code: str) -> None:
        """Every kind of bad field is a rejection with its code, never an exception."""
        header = "date,person,model,input_tokens,output_tokens,cached_input_tokens,cost,currency"
        (rejected,) = read_usage_csv([header, row])
        assert isinstance(rejected, RejectedRecord)
        assert code in [p.code for p in rejected.problems]

    def test_not_a_usage_csv(self) -> None:
        """A header without the columns is not a usage file at all."""
        with pytest.raises(SourceError, match="not a usage CSV: its header has no person, input_tokens"):
            list(read_usage_csv(["date,who,model,in,output_tokens"], "x.csv"))


class TestLiteLLM:
    """LiteLLM's /spend/logs: a JSON array or JSON Lines."""

    def test_array_with_one_malformed_entry(self) -> None:
        """Index 1 is reported; indexes 0 and 2 are records."""
        good, bad = records(list(read_litellm_spend(litellm_array().encode())))
        assert ([0, 2], [("index 1", "/spend")]) == (
            [r.index for r in good], [(r.where, r.problems[0].pointer) for r in bad]
        )  # fmt: skip

    def test_spend_from_its_decimal_text(self) -> None:
        """The spend is the JSON number's text, exactly, in US dollars."""
        good, _ = records(list(read_litellm_spend(litellm_array())))
        assert Money(Decimal("0.30000000000000004441"), "USD") == good[0].cost
        assert datetime.date(2026, 2, 1) == good[0].date

    def test_cached_tokens_priced_once(self) -> None:
        """prompt_tokens include the cached ones: 1,000 prompt with 800 cached is 200 input and 800 cached."""
        good, _ = records(list(read_litellm_spend(litellm_array())))
        assert ("bo", 200, 800) == (good[1].person, good[1].input_tokens, good[1].cached_input_tokens)

    def test_zero_spend_is_no_cost(self) -> None:
        """LiteLLM logs 0 when it has no price: the record has no cost, to be priced, not free."""
        good, _ = records(list(read_litellm_spend(litellm_array())))
        assert good[1].cost is None

    def test_json_lines(self) -> None:
        """JSON Lines: a broken line is reported by its line; blank lines are skipped; the rest count."""
        lines = [json.dumps(ENTRIES[0]).replace('"SPEND0"', "0.5"), "", "{not json", json.dumps(ENTRIES[2])]
        good, bad = records(list(read_usage(io.BytesIO("\n".join(lines).encode()), "spend.jsonl")))
        assert ([1, 4], [("spend.jsonl: line 3", "invalid-json")]) == (
            [r.line for r in good], [(r.where, r.problems[0].code) for r in bad]
        )  # fmt: skip

    def test_broken_array(self) -> None:
        """A JSON array broken mid-way keeps what came before, rejects the broken entry and says the file ends first."""
        entry = {"startTime": "2026-02-01", "model": "m", "user": "a", "prompt_tokens": 1, "completion_tokens": 1}
        text = "[" + json.dumps(entry) + ', {"x": ]'
        good, bad = records(list(read_litellm_spend(text)))
        assert ([0], [1, 2]) == ([r.index for r in good], [r.index for r in bad])
        assert "the file ends first" in bad[1].problems[0].message

    @pytest.mark.parametrize("data", ["[]", "  \n", "[\n]\n"])
    def test_empty(self, data: str) -> None:
        """An empty log holds no records."""
        assert [] == list(read_usage(data))


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "litellm"


class TestLiteLLMAsItWrites:
    """Spend-log rows as LiteLLM writes them (tests/fixtures/litellm): cache reads in the row's metadata."""

    def test_cache_reads_from_the_metadata(self) -> None:
        """100,000 prompt tokens of which metadata says 80,000 were cache reads: 20,000 input and 80,000 cached."""
        first, second = read_usage((FIXTURES / "spend-logs.json").read_bytes(), "spend-logs.json")
        assert ("ada", 20_000, 80_000, 800) == (
            first.person, first.input_tokens, first.cached_input_tokens, first.output_tokens
        )  # fmt: skip
        # The second row's metadata is the JSON text a database export writes.
        assert (176, 1024) == (second.input_tokens, second.cached_input_tokens)

    def test_cached_tokens_valued_at_the_cached_price(self) -> None:
        """The row costs 0.096 at Claude Sonnet 4.5's prices, its 80,000 cache reads at 0.30 a million, not 3.00."""
        first, _ = read_usage((FIXTURES / "spend-logs.json").read_bytes())
        assert isinstance(first, UsageRecord)
        request = price_request(first.model, input_tokens=first.input_tokens, output_tokens=first.output_tokens,
                                cached_input_tokens=first.cached_input_tokens)  # fmt: skip
        assert (Money("0.096", "USD"), Decimal("0.3")) == (request.cost, request.prices.cached_input_per_million)
        assert first.cost is not None
        assert first.cost.amount == request.cost.amount  # what LiteLLM charged

    @pytest.mark.parametrize("part", ["additional_usage_values", "usage_object"])
    def test_either_place(self, part: str) -> None:
        """additional_usage_values first; the provider's usage_object when that lacks the count."""
        entry = {"startTime": "2026-06-02", "model": "m", "user": "ada", "prompt_tokens": 10, "completion_tokens": 1,
                 "metadata": {part: {"cache_read_input_tokens": 7}}}  # fmt: skip
        (record,) = read_litellm_spend(json.dumps([entry]))
        assert (3, 7) == (record.input_tokens, record.cached_input_tokens)

    def test_more_cache_reads_than_prompt(self) -> None:
        """More cache reads than prompt tokens is rejected, its pointer into the metadata."""
        entry = {"startTime": "2026-06-02", "model": "m", "user": "ada", "prompt_tokens": 10, "completion_tokens": 1,
                 "metadata": {"additional_usage_values": {"cache_read_input_tokens": 11}}}  # fmt: skip
        (record,) = read_litellm_spend(json.dumps([entry]))
        assert isinstance(record, RejectedRecord)
        assert "/metadata/additional_usage_values/cache_read_input_tokens" == record.problems[0].pointer

    def test_daily_summary_said_so(self) -> None:
        """/spend/logs' daily totals (its default for a date range) are recognised, and the message says what to ask."""
        with pytest.raises(
            RuleViolation, match=r"spend\.json is LiteLLM's daily spend summary .* summarize=false"
        ) as raised:
            list(read_usage((FIXTURES / "spend-logs-daily-summary.json").read_bytes(), "spend.json"))
        assert ["spend-daily-summary"] == [problem.code for problem in raised.value.problems]


class TestStreaming:
    """Large files are read a chunk at a time, in bounded memory."""

    def test_bounded_memory(self) -> None:
        """20,000 entries (about 3.6 MB) of JSON array are read holding far less than the file in memory."""
        entry = json.dumps(ENTRIES[0]).replace('"SPEND0"', "0.25")
        data = ("[" + ",\n".join([entry] * 20_000) + "]").encode()
        tracemalloc.start()
        count = sum(1 for _ in read_usage(io.BytesIO(data), "big.json"))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert (20_000, True) == (count, peak < len(data) / 4)


# The same usage in every format a usage file comes in: CSV, a JSON array, JSON Lines.
OFFER_START = datetime.date(2026, 1, 1)
AS_OF = datetime.date(2026, 6, 30)


def usage_row(day: int, person: str = "ada", tokens: int = 1000, cost: str | None = "0.0125") -> dict[str, str]:
    """One record, as a CSV writes its cells."""
    return {"date": f"2026-{1 + day % 5:02d}-{1 + day % 28:02d}", "person": person, "model": "gpt-4o",
            "input_tokens": str(tokens), "output_tokens": str(tokens // 4), "cached_input_tokens": str(tokens // 10),
            "cost": cost or "", "currency": "USD" if cost else ""}  # fmt: skip


#: Bad records, each as its cells: a value no reader may crash on, and each must be rejected alone.
BAD_CELLS = [
    {"input_tokens": "9" * 5000},
    {"input_tokens": str(10**30)},
    {"cost": "1e308"},
    {"cost": "1e-999999"},
    {"date": "9999-12-31"},
    {"date": "1899-12-31"},
    {"person": "ada\x1b[2J"},
    {"model": "gpt\u0007"},
    {"input_tokens": "many"},
    {"input_tokens": "\u0661\u0662"},
    {"person": "x" * 1001},
]


def _json_value(text: str) -> object:
    """A cell as a spend log writes it: a number when it is one, else a string."""
    return text if not text or not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", text) else RawNumber(text)


class RawNumber(str):
    """A JSON number written from its text, exactly (json.dumps would write a float's or an int's)."""


def _entry(row: dict[str, str]) -> str:
    """One spend log entry: prompt_tokens hold the cached tokens, spend is US dollars."""
    digits = row["input_tokens"].isascii() and row["input_tokens"].isdigit() and len(row["input_tokens"]) < 20
    prompt = str(int(row["input_tokens"]) + int(row["cached_input_tokens"] or 0)) if digits else row["input_tokens"]
    fields: dict[str, object] = {
        "request_id": "r", "startTime": row["date"] + "T10:00:00Z", "model": row["model"], "user": row["person"],
        "prompt_tokens": _json_value(prompt), "completion_tokens": _json_value(row["output_tokens"]),
        "cache_read_input_tokens": _json_value(row["cached_input_tokens"]),
    }  # fmt: skip
    if row["cost"]:
        fields["spend"] = _json_value(row["cost"])
    parts = [f"{json.dumps(k)}: {v if isinstance(v, RawNumber) else json.dumps(v)}" for k, v in fields.items()]
    return "{" + ", ".join(parts) + "}"


def as_file(rows: list[dict[str, str]], form: str) -> bytes:
    if form == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(usage_row(0)), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode()
    entries = [_entry(row) for row in rows]
    return ("[" + ",\n ".join(entries) + "]" if form == "json" else "\n".join(entries) + "\n").encode()


class Trickle(io.RawIOBase):
    """*data* served at most *size* bytes a read: chunk boundaries fall anywhere."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        piece, self.data = self.data[: self.size], self.data[self.size :]
        return piece  # never more than *size*, however much was asked for


def figures(items: list[UsageRecord | RejectedRecord]) -> tuple[list[tuple[object, ...]], int]:
    """What a reading counts, whatever the format: each record's fields, and how many were rejected."""
    good, bad = records(items)
    fields = [(r.date, r.person, r.model, r.input_tokens, r.output_tokens, r.cached_input_tokens, r.cost) for r in good]
    return fields, len(bad)


FORMS = ["csv", "json", "jsonl"]
ROWS = [
    usage_row(n, person=("ada", "bo")[n % 2], tokens=100 * (n + 1), cost=None if n % 3 else "0.5") for n in range(11)
]


class TestEveryRecordAccountedFor:
    """Each record counted or rejected, with the same figures in every format and at every chunk boundary (#32)."""

    @pytest.mark.parametrize("form", FORMS)
    @pytest.mark.parametrize("bad", BAD_CELLS, ids=lambda cells: shown(cells))
    def test_counted_plus_rejected_is_records(self, form: str, bad: dict[str, str]) -> None:
        """Eleven good records and one bad: 11 counted, 1 rejected, in every format."""
        rows = [*ROWS[:5], usage_row(99) | bad, *ROWS[5:]]
        counted, rejected = figures(list(read_usage(as_file(rows, form))))
        assert (11, 1) == (len(counted), rejected)
        assert figures(list(read_usage(as_file(ROWS, "csv"))))[0] == counted

    @settings(max_examples=60, deadline=None)
    @given(form=st.sampled_from(FORMS), size=st.integers(1, 300), bad=st.sampled_from(BAD_CELLS))
    def test_wherever_the_chunks_fall(self, form: str, size: int, bad: dict[str, str]) -> None:
        """Read a few bytes at a time, a file gives what it gives read whole."""
        data = as_file([*ROWS[:3], usage_row(99) | bad, *ROWS[3:]], form)
        assert figures(list(read_usage(data))) == figures(list(read_usage(Trickle(data, size))))


class TestOneBadRecord:
    """A file with one bad record gives the same ledger as the file without it, and lists the record once (#27)."""

    @settings(max_examples=80, deadline=None)
    @given(
        form=st.sampled_from(FORMS),
        count=st.integers(1, 12),
        where=st.integers(0, 12),
        bad=st.sampled_from(BAD_CELLS),
        size=st.sampled_from([1, 7, 64, 1 << 16]),
    )
    def test_same_ledger(self, form: str, count: int, where: int, bad: dict[str, str], size: int) -> None:
        """The ledger of the file with the bad record inserted anywhere equals the ledger of the file without it."""
        from tokencomp import BudgetPeriod, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, ledger_for

        budget = TokenBudget(rollover=Rollover.FULL, allowance=Money("100.00", "USD"), period=BudgetPeriod.MONTH)
        offer = Offer("ada", OFFER_START, "USD", Salary(Money("1.00", "USD"), SalaryPeriod.YEAR), token_budget=budget)
        rows = [usage_row(n, tokens=10 * (n + 1)) for n in range(count)]
        spoiled = [*rows[:where], usage_row(50) | bad, *rows[where:]]

        def ledger(data: bytes) -> Any:
            return ledger_for(offer, read_usage(Trickle(data, size)), as_of=AS_OF)

        clean, dirty = ledger(as_file(rows, form)), ledger(as_file(spoiled, form))
        assert clean.periods == dirty.periods
        assert (0, 1) == (len(clean.rejected), len(dirty.rejected))


def usage_lines(rows: list[str]) -> bytes:
    return ("date,person,model,input_tokens,output_tokens\n" + "\n".join(rows) + "\n").encode()


class TestReproducers:
    """Each reproducer of issues #27, #32 and #28 (items 4 and 5), as the issues describe it."""

    def test_5000_digit_token_count(self) -> None:
        """A usage CSV line with a 5,000-digit token count is rejected with a plain message; the rest count."""
        items = list(read_usage(usage_lines(["2026-01-02,ada,m,1,1", "2026-01-03,ada,m," + "7" * 5000 + ",1"])))
        good, (bad,) = records(items)
        assert (1, "above-maximum", "line 3") == (len(good), bad.problems[0].code, bad.where)
        assert "int_max_str_digits" not in bad.problems[0].message

    def test_spend_1e308_and_10e30_tokens(self) -> None:
        """spend 1e308 and 10^30 prompt tokens: that record rejected for both, the next read."""
        entry = '{"startTime": "2026-01-02", "user": "ada", "model": "m", "completion_tokens": 1, '
        data = f'[{entry}"prompt_tokens": {10**30}, "spend": 1e308}}, {entry}"prompt_tokens": 5, "spend": 0.1}}]'
        bad, good = read_usage(data)
        assert (UsageRecord, RejectedRecord) == (type(good), type(bad))
        assert ["above-maximum", "too-many-digits"] == sorted(p.code for p in bad.problems)

    def test_9999_12_31(self) -> None:
        """A line dated 9999-12-31 is rejected (the contract's dates end in 2199): the ledger stays small."""
        from tokencomp import ledger_for, loads

        (bad,) = read_usage(usage_lines(["9999-12-31,example-p75,m,1,1"]))
        assert ["date-out-of-range"] == [p.code for p in bad.problems]
        offer = loads((EXAMPLES / "p75-engineer.json").read_bytes())
        day = datetime.date(2199, 12, 31)
        ledger = ledger_for(offer, [UsageRecord(day, "example-p75", "m", cost=Money("1", "USD"))])
        assert (["not-yet-usage"], 1) == ([p.code for r in ledger.rejected for p in r.problems], len(ledger.periods))

    def test_5000_digit_number_in_an_array(self) -> None:
        """A JSON array with one entry holding a 5,000-digit number: 11 counted, 1 rejected, as in JSON Lines."""
        rows = [*ROWS[:4], usage_row(9) | {"output_tokens": "5" * 5000}, *ROWS[4:]]
        assert (11, 1) == tuple(map(len, records(list(read_usage(as_file(rows, "json"))))))
        assert figures(list(read_usage(as_file(rows, "json")))) == figures(list(read_usage(as_file(rows, "jsonl"))))

    def test_number_across_the_chunk_boundary(self) -> None:
        """An entry's number that straddles the reader's 64 KiB chunk boundary loses nothing after it."""
        for offset in range(-3, 4):
            head = '[{"request_id": "' + "p" * (65536 - 60 + offset) + '", "startTime": "2026-01-02", "user": "ada",'
            data = head + ' "model": "m", "prompt_tokens": 123456789, "completion_tokens": 1}, ' + _entry(ROWS[0])
            assert (2, 0) == (len(records(list(read_usage(io.BytesIO((data + "]").encode()))))[0]), 0)

    def test_stray_quote(self) -> None:
        """One stray quote spoils its own line only: the 50 after it are records."""
        lines = ['2026-01-02,ada,"gpt-4o,1,1'] + [f"2026-01-03,ada,m,{n},1" for n in range(50)]
        good, bad = records(list(read_usage(usage_lines(lines))))
        assert (50, [2]) == (len(good), [r.line for r in bad])

    def test_cr_only_line_endings(self) -> None:
        """A usage CSV with CR-only line endings reads as one a line, from the API and on any chunk boundary."""
        data = b"date,person,model,input_tokens,output_tokens\r2026-01-02,ada,m,1,1\r2026-01-03,ada,m,2,1\r"
        assert [2, 3] == [r.line for r in read_usage(data)]
        assert [2, 3] == [r.line for r in read_usage(Trickle(data, 1))]

    def test_utf16_named(self) -> None:
        """A UTF-16 usage file is refused as UTF-16; a Latin-1 byte rejects its own line."""
        with pytest.raises(SourceError, match="UTF-16"):
            list(read_usage(usage_lines(["2026-01-02,ada,m,1,1"]).decode().encode("utf-16")))
        good, bad = records(list(read_usage(usage_lines(["2026-01-02,caf\xe9,m,1,1", "2026-01-02,ada,m,1,1"])
                                              .replace(b"\xc3\xa9", b"\xe9"))))  # fmt: skip
        assert ([3], ["invalid-utf8"]) == ([r.line for r in good], [p.code for r in bad for p in r.problems])

    def test_deep_nesting(self) -> None:
        """JSON nested 100,000 levels: refused as no spend log when first, rejected alone when not."""
        deep = "[" * 100_000 + "]" * 100_000
        with pytest.raises(SourceError, match="nests more than 32 levels"):
            list(read_usage(deep))
        good, bad = records(list(read_usage(as_file(ROWS[:2], "jsonl") + deep.encode() + b"\n")))
        assert (2, ["too-deep"]) == (len(good), [p.code for r in bad for p in r.problems])

    def test_repeated_key_in_an_entry(self) -> None:
        """An entry with a key given twice is rejected, as the offer reader refuses it."""
        entry = _entry(ROWS[0])
        twice = entry[:-1] + ', "user": "bo"}'
        good, bad = records(list(read_usage((entry + "\n" + twice + "\n").encode())))
        assert (1, ["duplicate-key"]) == (len(good), [p.code for r in bad for p in r.problems])

    @pytest.mark.parametrize(
        ("data", "words"),
        [
            ((EXAMPLES / "p75-engineer.json").read_bytes(), "this is not a LiteLLM spend log: its first line"),
            (b"[" + (EXAMPLES / "p75-engineer.json").read_bytes() + b"]", "first entry (line 1) is an offer document"),
            (b"id,salary.rate.amount\ne1,100\n", "this is not a usage CSV: its header has no date, person"),
            (b'{"a": 1}\n', "has none of its keys"),
        ],
    )
    def test_a_wrong_file(self, data: bytes, words: str) -> None:
        """An offer (pretty-printed or in an array) or a CSV of offers is no usage file: SourceError, one message."""
        with pytest.raises(SourceError, match=re.escape(words)):
            list(read_usage(data, "x"))


class TestTextThatReachesPeople:
    """Names and models from usage files are checked as offer strings; what quotes them is neutralised (#27)."""

    def test_control_characters_rejected(self) -> None:
        """A person or model with an escape sequence is a rejected record, not a name on a terminal."""
        rows = ["2026-01-02,ada\x1b]0;pwned\x07,m,1,1", "2026-01-02,ada,gpt\x1b[31m,1,1", "2026-01-02,ada,m,1,1",
                "2026-01-02,ada,gpt\x9b31m,1,1"]  # fmt: skip
        good, bad = records(list(read_usage(usage_lines(rows))))
        assert (1, ["/person", "/model", "/model"]) == (len(good), [r.problems[0].pointer for r in bad])

    def test_quoted_values_neutralised_in_the_ledger(self) -> None:
        """A rejected value is quoted short and escaped: the text, the SVG and the JSON carry no control character."""
        from tokencomp import dumps, ledger_for, loads
        from tokencomp.reports.texts import ledger_svg, ledger_text

        offer = loads((EXAMPLES / "p75-engineer.json").read_bytes())
        rows = ["2026-03-02,example-p75,m,\x1b[2J" + "9" * 300 + ",1", "2026-03-03,<script>,m,1,1"]
        ledger = ledger_for(offer, read_usage(usage_lines(rows)), as_of=datetime.date(2026, 3, 31))
        text, svg, document = ledger_text(ledger), ledger_svg(ledger), dumps(ledger)
        assert [] == [c for c in text + svg + document if ord(c) < 32 and c != "\n"]
        assert "<script>" not in svg
        assert max(len(line) for line in text.splitlines()) < 400
