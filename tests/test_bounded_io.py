"""Bounded reading and safe writing: memory follows the limits, not the input; files are never written through links."""

from __future__ import annotations

import importlib.resources
import io
import json
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from tokencomp import UnsafeWriteError, read_usage, write_schemas
from tokencomp._internal.files import write_text
from tokencomp.budget.usage import MAX_RECORD_CHARACTERS
from tokencomp.cli import main
from tokencomp.codec.sources import RejectedRecord

EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
P75 = (EXAMPLES / "p75-engineer.json").read_bytes()
ONE_LINE = json.dumps(json.loads(P75)).encode()
MIB = 1024 * 1024


class Endless(io.RawIOBase):
    """A stream of *fill* bytes that never ends (until *most*, so a test that reads it all stops), counting reads."""

    def __init__(self, fill: bytes = b"0", most: int = 64 * MIB) -> None:
        self.fill, self.most, self.served = fill, most, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), self.most - self.served)
        buffer[:size] = self.fill * size
        self.served += size
        return size


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def stdin_of(monkeypatch: pytest.MonkeyPatch, raw: io.RawIOBase) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(raw)))


def peak(call: Callable[[], object]) -> int:
    """The most memory *call* held at once, in bytes (tracemalloc)."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class TestEndlessInput:
    """An input that never ends (/dev/zero, a pipe) is read to its limit + 1 and refused in one line."""

    @pytest.mark.parametrize(
        ("args", "status", "said"),
        [
            (["summarize", "-"], 1, "-: invalid offer, the document is more than 1,048,576 bytes"),
            (["statement", "-"], 1, "-: invalid offer, the document is more than 1,048,576 bytes"),
            (["posting", "-"], 1, "-: invalid posting, the document is more than 1,048,576 bytes"),
            (["compare", "-", "--example", "p75-engineer"], 1, "-: invalid offer, the document is more than"),
            (["summarize", "--example", "p75-engineer", "--rates", "-"], 2, "is more than 33,554,432 bytes"),
        ],
    )
    def test_standard_input(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        args: list[str],
        status: int,
        said: str,
    ) -> None:
        """The command stops after the limit, with its exit status and a line that says the limit."""
        endless = Endless()
        stdin_of(monkeypatch, endless)
        actual, out, err = run(capsys, *args)
        assert (status, "") == (actual, out)
        assert said in err
        assert 1 == err.count("\n")
        assert endless.served <= 33 * MIB

    def test_validate_reports_too_large(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """validate - says too-large for the document, as it does for a large file, having read limit + 1 bytes."""
        endless = Endless()
        stdin_of(monkeypatch, endless)
        status, out, _ = run(capsys, "validate", "--format", "json", "--max-bytes", "1000", "-")
        assert (1, "too-large") == (status, json.loads(out)["errors"][0]["code"])
        assert endless.served < 64 * 1024  # one buffer of the reader, not the stream

    @pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
    def test_dev_zero(self, capsys: pytest.CaptureFixture[str]) -> None:
        """/dev/zero as a FILE is an invalid offer, not a MemoryError; as --rates it is misuse."""
        status, _, err = run(capsys, "summarize", "/dev/zero")
        assert (1, "tokencomp: /dev/zero: invalid offer, the document is more than 1,048,576 bytes") == (
            status, err.split(";")[0]
        )  # fmt: skip
        assert 2 == run(capsys, "summarize", "--example", "p75-engineer", "--rates", "/dev/zero")[0]


class TestJsonLines:
    """A JSON Lines line longer than the limit is a too-large document; the lines around it are read."""

    def test_a_long_line_is_passed_over(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Line 1 is 20 MB without a break until its end, line 2 a valid offer: too-large, then valid."""
        stream = io.BytesIO(b"x" * (20 * MIB) + b"\n" + ONE_LINE + b"\n")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
        outcome: list[tuple[int, str, str]] = []
        held = peak(lambda: outcome.append(run(capsys, "validate", "--lines", "--format", "json", "-")))
        status, out, _ = outcome[0]
        reports = [json.loads(line) for line in out.splitlines()]
        assert [(1, False, "too-large"), (2, True, None)] == [
            (r["line"], r["valid"], r["errors"][0]["code"] if r["errors"] else None) for r in reports
        ]
        assert 1 == status
        assert held < 8 * MIB  # the line is 20 MB: before, it was held whole (and twice)

    def test_endless_line(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """A line that never ends is read a limit at a time and reported once at the end."""
        endless = Endless(b"x", most=16 * MIB)
        stdin_of(monkeypatch, endless)
        held: list[int] = []
        held.append(peak(lambda: run(capsys, "validate", "--lines", "--quiet", "--max-bytes", "1000", "-")))
        assert held[0] < 2 * MIB
        assert 16 * MIB == endless.served

    def test_line_of_exactly_the_limit(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A line of exactly --max-bytes, with a CRLF break, is read and validated; one byte more is too large."""
        path = tmp_path / "edge.jsonl"
        path.write_bytes(ONE_LINE + b"\r\n" + ONE_LINE + b" \r\n")
        status, out, _ = run(capsys, "validate", "--format", "json", "--max-bytes", str(len(ONE_LINE)), str(path))
        codes = [[e["code"] for e in json.loads(line)["errors"]] for line in out.splitlines()]
        assert (1, [[], ["too-large"]]) == (status, codes)


class TestFlatMemory:
    """validate of a JSON Lines stream holds one line at a time: ten times the stream, the same memory."""

    def test_ten_times_the_lines(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The peak for 2,000 documents is within a quarter of the peak for 200 (a whole read would be 10x)."""
        peaks, outputs = [], []
        for count in (200, 2000):
            path = tmp_path / f"{count}.jsonl"
            path.write_bytes(b"".join(ONE_LINE.replace(b'"id": "', b'"id": "%d-' % n) + b"\n" for n in range(count)))
            peaks.append(peak(lambda path=path: outputs.append(run(capsys, "validate", "--quiet", str(path)))))
        assert [
            (0, "200 documents: 200 valid, 0 invalid\n", ""),
            (0, "2000 documents: 2000 valid, 0 invalid\n", ""),
        ] == outputs
        assert peaks[1] < peaks[0] * 1.25 + 256 * 1024, peaks


class TestUsageFiles:
    """A usage file's line or entry longer than any record is rejected alone, without being held whole."""

    SPEND = b'{"startTime": "2026-02-01", "model": "gpt-4o", "user": "ada", "prompt_tokens": 1, "completion_tokens": 1}'

    @pytest.mark.parametrize("head", [b"date,person,model,input_tokens,output_tokens\n", SPEND + b"\n"])
    def test_endless_line(self, head: bytes) -> None:
        """CSV and JSON Lines: a 16 MiB line is one too-large rejection, passed over in bounded memory."""
        endless = Endless(b"x", most=16 * MIB)
        data = io.BufferedReader(_Chain(head + b"", endless))
        tracemalloc.start()
        records = list(read_usage(data, "usage"))
        held = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert ["too-large"] == [p.code for r in records if isinstance(r, RejectedRecord) for p in r.problems]
        assert held < 4 * MIB

    def test_endless_array_entry(self) -> None:
        """A JSON array entry of 16 MiB is rejected, passed over whole in bounded memory; the file's end is said."""
        endless = Endless(b" ", most=16 * MIB)
        data = io.BufferedReader(_Chain(b"[" + self.SPEND + b', {"user": "ada", "x": "', endless))
        tracemalloc.start()
        _, *rejected = list(read_usage(data, "spend.json"))
        held = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert ["too-large", "invalid-json"] == [r.problems[0].code for r in rejected]
        assert held < 4 * MIB

    def test_long_quoted_csv_field(self) -> None:
        """A quoted field longer than the csv module reads is that line's rejection, not csv.Error; the rest count."""
        text = (
            "date,person,model,input_tokens,output_tokens\n" + '2026-01-01,"' + "x" * 200_000 + '",m,1,1\n'
            "2026-01-02,ada,m,1,1\n"
        )
        bad, good = list(read_usage(text.encode(), "u.csv"))
        assert ("u.csv: line 2", "not-csv", 3) == (bad.where, bad.problems[0].code, good.line)

    def test_ledger_command(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """ledger --usage with a 3 MB line: the line is listed as left out, the ledger computed, no traceback."""
        usage = tmp_path / "usage.csv"
        usage.write_bytes(b"date,person,model,input_tokens,output_tokens\n" + b"y" * (3 * MIB) + b"\n")
        status, out, err = run(
            capsys, "ledger", str(EXAMPLES / "p75-engineer.json"), "--as-of", "2026-06-30", "--usage", str(usage)
        )
        assert (0, "") == (status, err)
        assert f"{usage}: line 2: /: line 2 is more than {MAX_RECORD_CHARACTERS:,} characters" in out


class TestImportFiles:
    """tokencomp import reads a record at most its limit: an endless value or line is refused in one line."""

    @pytest.mark.parametrize(("source", "head"), [("merge", b'{"results": [{"a": "'), ("csv", b"id,salary.period\n")])
    def test_a_huge_record(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, source: str, head: bytes) -> None:
        """A 16 MB record stops the import with exit 2 and one line, holding a few MiB, not the record."""
        path = tmp_path / "huge"
        path.write_bytes(head + b"x" * (16 * MIB))
        outcome: list[tuple[int, str, str]] = []
        held = peak(lambda: outcome.append(run(capsys, "import", str(path), "--from", source)))
        status, _, err = outcome[0]
        assert 2 == status
        assert "more than 1,048,576 characters" in err
        assert held < 12 * MIB


class _Chain(io.RawIOBase):
    """*head*, then everything *tail* gives."""

    def __init__(self, head: bytes, tail: io.RawIOBase) -> None:
        self.head, self.tail = head, tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size], self.head = self.head[:size], self.head[size:]
            return size
        return self.tail.readinto(buffer)


class TestSafeWriting:
    """schema --out writes through a temporary file and refuses links and empty paths."""

    def test_refuses_a_symbolic_link(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A NAME.json that links elsewhere is left alone, and so is what it points to: exit 2."""
        target = tmp_path / "precious.txt"
        target.write_text("keep me")
        out = tmp_path / "schemas"
        out.mkdir()
        (out / "offer-v1.json").symlink_to(target)
        status, stdout, err = run(capsys, "schema", "offer-v1", "--out", str(out))
        assert (2, "", "keep me") == (status, stdout, target.read_text())
        assert "symbolic link" in err
        assert 1 == err.count("\n")
        assert (out / "offer-v1.json").is_symlink()

    def test_refuses_an_empty_path(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """--out '' names no folder: exit 2, nothing written in the current one."""
        monkeypatch.chdir(tmp_path)
        status, _, err = run(capsys, "schema", "--out", "")
        assert (2, []) == (status, list(tmp_path.iterdir()))
        assert "--out needs a folder" in err

    def test_replaces_whole_and_leaves_no_temporary(self, tmp_path: Path) -> None:
        """An existing file is replaced by the new text; only the schema files are left in the folder."""
        (tmp_path / "offer-v1.json").write_text("old")
        written = write_schemas(tmp_path, ["offer-v1"])
        assert ["offer-v1.json"] == sorted(p.name for p in tmp_path.iterdir())
        assert "offer-v1" in json.loads(written[0].read_text())["$id"]

    def test_openapi_refuses_a_link(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """schema --openapi --out refuses a link as schema --out does, and leaves its target alone."""
        target = tmp_path / "precious.txt"
        target.write_text("keep me")
        (tmp_path / "openapi.json").symlink_to(target)
        status, _, err = run(capsys, "schema", "--openapi", "--out", str(tmp_path))
        assert (2, "keep me") == (status, target.read_text())
        assert "symbolic link" in err
        assert 2 == run(capsys, "schema", "--openapi", "--out", "")[0]

    def test_library_errors(self, tmp_path: Path) -> None:
        """write_text refuses a link and an empty path with UnsafeWriteError, an OSError too."""
        link = tmp_path / "link"
        link.symlink_to(tmp_path / "elsewhere")
        for path in (link, Path("")):
            with pytest.raises(UnsafeWriteError) as caught:
                write_text(path, "x")
            assert isinstance(caught.value, OSError)
        assert not (tmp_path / "elsewhere").exists()
