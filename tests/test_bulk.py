"""validate_many: every line of JSON Lines, across processes, with the verdicts and problems of validate."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest

import tokencomp
from tokencomp import SourceError, validate, validate_many, validate_posting

EXAMPLES = Path(tokencomp.__file__).parent / "data"
OFFER = json.loads((EXAMPLES / "examples" / "p75-engineer.json").read_bytes())
POSTING = next((EXAMPLES / "postings").glob("*.json")).read_bytes()
MAX_BYTES = 4000


def sixty_thousand_lines() -> bytes:
    """60,000 lines: valid and invalid offers, blank lines, text that is not JSON, bad UTF-8, oversized lines."""
    pick = random.Random(22)
    lines = []
    for number in range(60_000):
        roll = pick.random()
        if roll < 0.70:
            lines.append(json.dumps({**OFFER, "id": f"offer-{number}"}).encode())
        elif roll < 0.85:
            lines.append(json.dumps({**OFFER, "id": f"offer-{number}", "currency": "XYZ", "salary": {}}).encode())
        elif roll < 0.92:
            lines.append(pick.choice([b"", b"   ", b"\t"]))
        elif roll < 0.96:
            lines.append(pick.choice([b"{broken", b"not json", b"[]", b"\xff\xfe{}", b'{"a": 1e400}']))
        else:
            lines.append(json.dumps({**OFFER, "id": "x" * (MAX_BYTES + 10)}).encode())
    return b"\n".join(lines) + b"\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[int, bool, Any]]]:
    """The file, and what validate says of each line that is not blank, line by line."""
    data = sixty_thousand_lines()
    path = tmp_path_factory.mktemp("bulk") / "offers.jsonl"
    path.write_bytes(data)
    expected = []
    for number, line in enumerate(data.split(b"\n")[:-1], 1):
        if not line.strip():
            continue
        if len(line) > MAX_BYTES:
            expected.append((number, False, ("too-large",)))
            continue
        report = validate(line, max_bytes=MAX_BYTES)
        expected.append((number, report.valid, report.problems))
    return path, expected


def seen(reports: Any) -> list[tuple[int, bool, Any]]:
    return [
        (number, report.valid, report.problems if report.problems[:1] == () or report.problems[0].code != "too-large"
         else ("too-large",))
        for number, report in reports
    ]  # fmt: skip


class TestAsValidateLineByLine:
    @pytest.mark.parametrize("jobs", [1, 2])
    def test_from_a_path(self, corpus: tuple[Path, list[Any]], jobs: int) -> None:
        """From a path: the same line numbers, verdicts and problems, in the file's order."""
        path, expected = corpus
        assert expected == seen(validate_many(path, jobs=jobs, max_bytes=MAX_BYTES))
        assert expected == seen(validate_many(str(path), jobs=jobs, max_bytes=MAX_BYTES))

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_from_a_stream(self, corpus: tuple[Path, list[Any]], jobs: int) -> None:
        """From a binary stream (read here, sent to the workers in chunks): the same."""
        path, expected = corpus
        with path.open("rb") as stream:
            assert expected == seen(validate_many(stream, jobs=jobs, max_bytes=MAX_BYTES))

    def test_the_corpus_has_every_kind_of_line(self, corpus: tuple[Path, list[Any]]) -> None:
        """Valid, invalid, unreadable and oversized lines are all there to be compared."""
        _, expected = corpus
        assert 35_000 < sum(valid for _, valid, _ in expected) < 50_000
        codes = {
            problems[0] if isinstance(problems[0], str) else problems[0].code for _, v, problems in expected if not v
        }
        assert {"too-large", "invalid-json", "unknown-key"} <= codes


class TestApi:
    def test_postings(self) -> None:
        """kind="posting" checks each line as a job posting."""
        lines = io.BytesIO(POSTING.replace(b"\n", b"") + b"\n" + b"{}\n")
        assert [(1, True), (2, False)] == [(n, r.valid) for n, r in validate_many(lines, kind="posting", jobs=1)]
        _, report = next(iter(validate_many(io.BytesIO(b"{}\n"), kind="posting")))
        assert validate_posting(b"{}").problems == report.problems

    def test_no_documents(self) -> None:
        """A report carries the verdict and problems, not the document, whatever the number of processes."""
        reports = list(validate_many(io.BytesIO(json.dumps(OFFER).encode() + b"\n"), jobs=1))
        assert [(1, True, None)] == [(n, r.valid, r.document) for n, r in reports]

    def test_a_path_that_cannot_be_read(self, tmp_path: Path) -> None:
        """The library's SourceError, naming the path."""
        with pytest.raises(SourceError, match=r"cannot read .*missing\.jsonl"):
            list(validate_many(tmp_path / "missing.jsonl"))

    def test_all_cores_by_default(self) -> None:
        """jobs=None uses every core; a small input starts no process and gives the same answers."""
        lines = b"\n".join(json.dumps({**OFFER, "id": str(n)}).encode() for n in range(5)) + b"\n"
        assert [(n, True) for n in range(1, 6)] == [(n, r.valid) for n, r in validate_many(io.BytesIO(lines))]
