"""Usage import: CSV and LiteLLM spend logs, each bad record reported by line or index and kept out."""

from __future__ import annotations

import datetime
import io
import json
import tracemalloc
from decimal import Decimal

import pytest

from tokencomp import Money, SourceError
from tokencomp.usage import RejectedRecord, UsageRecord, read_litellm_spend, read_usage, read_usage_csv

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
