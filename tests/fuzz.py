"""A seeded mutation fuzzer over the example corpus, and the checks every document must pass.

Each document is made from one of the example offers or postings (the
contract's examples and the bundled ones) by one to three mutations: keys
dropped or added, values of a wrong type, numbers and dates at and beyond the
contract's limits, surrogates, control characters, deep nesting, many grants
or metadata keys, long strings; and sometimes a change to the bytes (UTF-16,
Latin-1, CESU-8, a truncation, a repeated key). Document *index* of run
*seed* is always the same bytes, so a finding is reproduced from the two
numbers alone.

Every document goes through the public entry points and must get one verdict
from all of them, raise nothing but :class:`~tokencomp.errors.TokencompError`,
and finish each call within a time bound; every valid one must summarize,
render (text and HTML, in en_US and de_DE) and come back from
:func:`~tokencomp.dumps` as the same offer and the same bytes.

``tests/test_fuzz.py`` runs a few thousand documents in the normal test run.
The long run (see "Fuzzing" in docs/schema.md)::

    PYTHONPATH=src python -m tests.fuzz --documents 1000000 --seed 16 --jobs 2

and one document, to look at or to minimise::

    PYTHONPATH=src python -m tests.fuzz --seed 16 --show 4711 > case.json
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import multiprocessing
import random
import re
import signal
import sys
import tempfile
import threading
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tokencomp
from tokencomp import (
    TokencompError,
    compare,
    dumps,
    jsonld,
    jsonld_text,
    load_offer,
    load_posting,
    summarize,
    validate,
    validate_posting,
)
from tokencomp.cli import main as cli_main
from tokencomp.codec.schema import SCHEMAS
from tokencomp.codec.validation import DEFAULT_MAX_BYTES, _fast_offer, _validate_offer_fully
from tokencomp.reports.render import posting_text, statement_html, statement_text, summary_text

ROOT = Path(__file__).resolve().parent.parent
SPEC_EXAMPLES = ROOT / "tests" / "data" / "spec-examples"
BUNDLED = ROOT / "src" / "tokencomp" / "data"

#: A call that takes longer than this is a finding: time must stay bounded, whatever the document.
TIME_BOUND = 2.0
#: A call still running after this is interrupted and reported as a hang.
HANG_LIMIT = 20.0
LOCALES = ("en_US", "de_DE")


def _corpus() -> list[tuple[str, str, Any]]:
    """The seed documents: (kind, name, parsed), offers valid and invalid, and the bundled postings."""
    offers = [
        *sorted((SPEC_EXAMPLES / "valid").glob("*.json")),
        *sorted((SPEC_EXAMPLES / "invalid").glob("*.json")),
        *sorted((BUNDLED / "examples").glob("*.json")),
    ]
    found = [
        ("offer", path.stem, path.read_text())
        for path in offers
        if not path.name.endswith((".summary.json", ".expected.json"))
    ]
    found += [("posting", path.stem, path.read_text()) for path in sorted((BUNDLED / "postings").glob("*.json"))]
    return found


CORPUS = _corpus()
OFFERS = [entry for entry in CORPUS if entry[0] == "offer"]
POSTINGS = [entry for entry in CORPUS if entry[0] == "posting"]
GRANT = next(grant for _, _, text in OFFERS for grant in json.loads(text).get("equity", ()))


def _schema_keys() -> list[str]:
    """Every property name the schemas know: added in the wrong place, they make near-miss documents."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for make in SCHEMAS.values():
        walk(make())
    return sorted(names)


SCHEMA_KEYS = _schema_keys()


# Values, by the kind of place they go. Each list holds values on both sides of a limit of the contract.
DECIMALS = [
    "0", "0.00", "-0", "-0.00", "0.01", "1", "12.5", "77852.135", "999999999999999", "1000000000000000",
    "999999999999999.999999999999", "1.000000000000", "0.000000000001", "0.0000000000001", "1.0000000000001",
    "123456789012345.123456789012", "1234567890123456.1", "1" + "0" * 30, "9" * 47, "9" * 4299, "1" * 4299 + ".5",
    "0." + "0" * 4297 + "1", "0.0000001", "1E+2", "1e5", "1E-7", " 1", "1.", ".5", "+1", "-1", "0x10", "١٢٣",
]  # fmt: skip
WHOLE_NUMBERS = [
    0, 1, 2, 3, 11, 12, 13, 24, 36, 48, 599, 600, 601, 1000, 10**5, 10**9, 10**15 - 1, 10**15, 10**15 + 1,
    10**18, 10**30, 10**4298, -1, -(10**15),
]  # fmt: skip
DATES = [
    "1899-12-31", "1900-01-01", "1999-01-04", "2026-02-29", "2028-02-29", "2026-02-30", "2026-12-31", "2199-12-31",
    "2200-01-01", "9999-12-31", "0001-01-01", "0000-01-01", "10000-01-01", "2026-1-1", "2026-13-01", "20260101",
    "2026-01-01T00:00:00", "2026-W01-1",
]  # fmt: skip
SHARES = [
    "0", "1", "0.5", "0.50000000000000000000000000001", "0.499999999999", "0.500000000001", "1.000000000001",
    "0.333333333333", "0.666666666667", "-0.5", "2",
]  # fmt: skip
PERCENTS = ["0", "1", "10", "50", "100", "100.01", "101", "1000", "0.000000000001", "9" * 20]
STRINGS = [
    "", " ", "x", "a" * 1000, "a" * 1001, "a" * 100_000, "\ud800", "\udfff", "a\ud800b", "\ud83d\ude00", "😀",
    "\x00", "id\x00", "\x1b[31mred\x1b[0m", "\x07", "\x7f", "\x9b", "\u202eevil", "\u2028", "\ufeff", "é",
    "\x80", "\x85", "p75\x9b31m", "\x9f", "\xa0", "\u2029", "\u2069\u202e", "\u2067open", "\u202bדנה כהן\u202c",
    "\u200fمحمد", "a\u2068b\u2069c",
    "</script><script>alert(1)</script>", "<!--", "<script", "&amp;", "\\", '"', "a/b~c", "USD", "XYZ", "usd", "USN",
    "CHE", "CLF", "BHD", "JPY", "EUR", "GBP", "year", "month", "capped", "none", "rsu", "option", "forfeit",
]  # fmt: skip
ODD = [None, True, False, 0, -1, 1, 1.5, 10**30, "", "0", [], {}, [1], {"a": 1}, [None], {"": None}]
RAW_NUMBERS = [
    "1e400", "-1e400", "1E+2", "1e-7", "-0", "0.1", "1.0", "100.00", "12", "NaN", "Infinity", "-Infinity",
    "1" + "0" * 4299, "1" * 5000, "9007199254740993", "0.30000000000000004",
]  # fmt: skip
DEPTHS = [31, 32, 33, 34, 100, 1000, 100_000]

KEY_VALUES: dict[str, list[Any]] = {
    "units": WHOLE_NUMBERS,
    "tokens": WHOLE_NUMBERS,
    "duration_months": WHOLE_NUMBERS,
    "cliff_months": WHOLE_NUMBERS,
    "sign_on_clawback_months": WHOLE_NUMBERS,
    "target_percent": PERCENTS,
    "percent_of_salary": PERCENTS,
    "input": SHARES,
    "output": SHARES,
    "cached_input": SHARES,
    "hours_per_week": ["0", "1", "40", "168", "168.000000000001", "169", "0.000000000001", "1" * 20],
}


@dataclass(frozen=True)
class Case:
    """One fuzzed document.

    Attributes:
        seed: The run's seed.
        index: The document's number in the run.
        kind: ``"offer"`` or ``"posting"``.
        origin: The example it was made from.
        mutations: What was done to it, in order.
        data: The bytes that are checked.
    """

    seed: int
    index: int
    kind: str
    origin: str
    mutations: tuple[str, ...]
    data: bytes


@dataclass(frozen=True)
class Finding:
    """Something a document made the library do that it must not.

    Attributes:
        kind: ``crash`` (an exception not the library's), ``hang`` (a call
            interrupted), ``slow`` (over the time bound), ``disagreement``
            (two paths, two verdicts), ``round-trip``, or ``output`` (a
            control or bidi character in text for people, markup in JSON-LD).
        call: The call, such as ``summarize`` or ``cli summarize``.
        detail: What happened.
    """

    kind: str
    call: str
    detail: str

    def signature(self) -> str:
        """The finding without its figures, to count findings of one cause once."""
        return re.sub(r"\d+", "N", f"{self.kind} {self.call}: {self.detail}")[:160]


_RAWS: list[str] = []


def _raw(text: str) -> str:
    """A placeholder for *text*, written into the JSON text as it is (``1e400``, ``-0``, deep nesting).

    json.dumps cannot write such numbers, and would recurse as deep as the
    nesting; the placeholder is a string it writes, swapped for *text* after.
    """
    _RAWS.append(text)
    return f"\x00raw{len(_RAWS) - 1}\x00"


def _places(document: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in *document*, as a tuple of keys and indexes; iterative, as documents may nest deep."""
    stack = [(prefix, document)]
    while stack:
        where, value = stack.pop()
        yield where
        if isinstance(value, dict):
            stack += [((*where, key), item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [((*where, index), item) for index, item in enumerate(value)]


def _parent(document: Any, place: tuple[Any, ...]) -> Any:
    for step in place[:-1]:
        document = document[step]
    return document


def _values_for(rng: random.Random, key: Any, current: Any) -> Any:
    """A value for the place *key* holding *current*: of its own kind and near a limit, mostly."""
    if rng.random() < 0.15:
        return copy.deepcopy(rng.choice(ODD))
    if rng.random() < 0.05:
        return _raw(rng.choice(RAW_NUMBERS))
    if key in KEY_VALUES:
        return rng.choice(KEY_VALUES[key])
    if isinstance(current, bool):
        return rng.choice([True, False, "true", 1, None])
    if isinstance(current, int):
        return rng.choice(WHOLE_NUMBERS)
    if isinstance(current, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", current):
        return rng.choice(DATES)
    if isinstance(current, str) and re.fullmatch(r"-?\d+(\.\d+)?", current):
        return rng.choice(DECIMALS)
    if isinstance(current, str):
        return rng.choice(STRINGS)
    return copy.deepcopy(rng.choice(ODD))


def _nested(rng: random.Random, depth: int) -> str:
    """A value *depth* arrays or objects deep, written as text: json.dumps would recurse as deep."""
    inner = rng.choice(["1", '"x"', "null", "{}", "[]"])
    if rng.random() < 0.5:
        return _raw("[" * depth + inner + "]" * depth)
    return _raw('{"a": ' * depth + inner + "}" * depth)


def _mutate(rng: random.Random, document: Any) -> tuple[Any, str]:
    """Apply one structural mutation to *document*; return it (perhaps a new object) and what was done."""
    places = [place for place in _places(document) if place]
    if not places:
        return rng.choice([{}, [], None, "x", 1]), "replaced the whole document"
    place = rng.choice(places)
    parent = _parent(document, place)
    key = place[-1]
    action = rng.choices(
        ["drop", "add", "replace", "targeted", "grants", "metadata", "nest", "long", "raw", "mix", "root"],
        weights=[12, 10, 18, 30, 3, 3, 3, 3, 4, 3, 3],
    )[0]
    if action == "drop" and isinstance(parent, dict):
        del parent[key]
        return document, f"dropped {place}"
    if action == "add" and isinstance(parent, dict):
        name = rng.choice([*SCHEMA_KEYS, "extra", "", "\x00", "a/b~c", "\ud800", "id "])
        parent[name] = _values_for(rng, name, None)
        return document, f"added {name!r} at {place[:-1]}"
    if action == "targeted" and isinstance(document, dict):
        targets = [p for p in places if p[-1] in KEY_VALUES or _is_amount_or_date(_parent(document, p)[p[-1]])]
        if targets:
            place = rng.choice(targets)
            parent = _parent(document, place)
            current = parent[place[-1]]
            parent[place[-1]] = (
                _values_for(rng, place[-1], current) if rng.random() < 0.2 else _near(rng, place[-1], current)
            )
            return document, f"set {place} to a boundary value"
    if action == "grants" and isinstance(document, dict):
        count = rng.choice([0, 1, 2, 3, 99, 100, 101, 101, 1000, 10_000, 349_000])
        if count > 101:
            # Written as text: a list this long would make every later mutation walk it.
            grant = "{}" if count > 10_000 or rng.random() < 0.5 else _dump(GRANT, ensure_ascii=True)
            document["equity"] = _raw("[" + ", ".join([grant] * count) + "]")
        else:
            document["equity"] = [_grant(rng) for _ in range(count)]
        return document, f"set {count} grants"
    if action == "metadata" and isinstance(document, dict):
        count = rng.choice([0, 1, 100, 101, 1000, 10_000])
        length = rng.choice([1, 1000, 1001])
        metadata = {f"k{i}": "v" * length for i in range(count)}
        document["metadata"] = _raw(_dump(metadata, ensure_ascii=True)) if count > 101 else metadata
        return document, f"set metadata of {count} keys of {length} characters"
    if action == "nest":
        depth = rng.choice(DEPTHS)
        parent[key] = _nested(rng, depth)
        return document, f"nested {depth} deep at {place}"
    if action == "long" and isinstance(parent[key], str):
        length = rng.choice([1000, 1001, 100_000])
        parent[key] = rng.choice(["a", "é", "😀", "\x00", "\ud800"]) * length
        return document, f"made {place} {length} characters long"
    if action == "raw":
        parent[key] = _raw(rng.choice(RAW_NUMBERS))
        return document, f"wrote a raw number at {place}"
    if action == "mix" and isinstance(document, dict) and isinstance(document.get("token_budget"), dict):
        first = rng.choice(SHARES)
        document["token_budget"]["usage_mix"] = {"input": first, "output": rng.choice([*SHARES, "0.5"])}
        return document, "set the usage mix"
    if action == "root":
        return rng.choice([[document], "x", 1, None, [], copy.deepcopy(document)]), "wrapped or replaced the root"
    parent[key] = _values_for(rng, key, parent[key])
    return document, f"replaced {place}"


def _is_amount_or_date(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?|\d{4}-\d\d-\d\d", value) is not None


def _near(rng: random.Random, key: Any, current: Any) -> Any:
    """A value on a limit that keeps the document valid as often as not."""
    if key in KEY_VALUES:
        return rng.choice(KEY_VALUES[key])
    if isinstance(current, int) and not isinstance(current, bool):
        return rng.choice(WHOLE_NUMBERS)
    if isinstance(current, str) and "-" in current[1:]:
        return rng.choice(DATES)
    return rng.choice(DECIMALS)


_GRANT_TEXT = json.dumps(GRANT)


def _grant(rng: random.Random) -> dict[str, Any]:
    grant: dict[str, Any] = json.loads(_GRANT_TEXT)
    vesting = grant["vesting"]
    vesting["duration_months"] = rng.choice([1, 12, 36, 48, 600, 601, 10**9])
    vesting["cliff_months"] = rng.choice([0, 12, 600])
    grant["units"] = rng.choice([1, 3, 10**15, 10**15 + 1])
    return grant


def _dump(document: Any, ensure_ascii: bool) -> str:
    text = json.dumps(document, ensure_ascii=ensure_ascii)
    if "raw" in text:
        text = re.sub(r'"\\u0000raw(\d+)\\u0000"', lambda match: _RAWS[int(match[1])], text)
    return text


def _mutate_bytes(rng: random.Random, text: str) -> tuple[bytes, str]:
    """Write *text* in another encoding, or change its bytes: what only the bytes can show."""
    data = text.encode("utf-8", "surrogatepass")
    action = rng.choice(
        ["utf-16-le", "utf-16-be", "utf-16", "utf-32", "bom-utf-16", "latin-1", "cesu-8", "lone-surrogate", "bom",
         "control", "truncate", "duplicate", "invalid-utf8", "overlong", "trailing", "whitespace"]
    )  # fmt: skip
    if action in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        return text.encode(action, "surrogatepass"), action
    if action == "bom-utf-16":
        encoding = rng.choice(["utf-16-le", "utf-16-be"])
        bom = "\ufeff".encode(encoding)
        return bom + text.encode(encoding, "surrogatepass"), f"{encoding} with a byte order mark"
    if action == "latin-1":
        return text.replace('"', '"é', 2).encode("latin-1", "replace"), "latin-1 with an accented letter"
    if action in ("cesu-8", "lone-surrogate", "control", "invalid-utf8", "overlong"):
        inserted = {
            "cesu-8": b"\xed\xa0\xbd\xed\xb8\x80",  # U+1F600 as two encoded surrogates
            "lone-surrogate": rng.choice([b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\\ud800", b"\\udc00x"]),
            "control": rng.choice([*(bytes([c]) for c in (0, 7, 8, 9, 10, 13, 27, 31, 127)), b"\xc2\x85", b"\xc2\x9b"]),
            "invalid-utf8": rng.choice([b"\xff", b"\xc3", b"\x80", b"\xf4\x90\x80\x80"]),
            "overlong": rng.choice([b"\xc0\xaf", b"\xe0\x80\xaf", b"\xc1\x81"]),
        }[action]
        quotes = [match.end() for match in re.finditer(rb'": "', data)]
        at = rng.choice(quotes) if quotes else rng.randrange(len(data) + 1)
        return data[:at] + inserted + data[at:], f"{action} bytes in a string"
    if action == "bom":
        return b"\xef\xbb\xbf" * rng.choice([1, 2]) + data, "a UTF-8 byte order mark"
    if action == "truncate":
        return data[: rng.randrange(len(data) + 1)], "truncated"
    if action == "duplicate" and data.startswith(b"{"):
        return b'{"id": "again", ' + data[1:], "a repeated key"
    if action == "trailing":
        return data + rng.choice([b"\x00", b"x", b"{}", b"\n{}", b" "]), "bytes after the document"
    return b" \t\r\n" * rng.choice([1, 1000]) + data, "whitespace before the document"


def generate(seed: int, index: int) -> Case:
    """Document *index* of the run with *seed*: the same bytes on every machine and every run."""
    rng = random.Random(f"{seed}/{index}")
    _RAWS.clear()
    kind, origin, seedling = rng.choice(OFFERS if rng.random() < 0.85 else POSTINGS)
    document = json.loads(seedling)
    done = []
    for _ in range(rng.choices([0, 1, 2, 3], weights=[1, 10, 6, 3])[0]):
        document, what = _mutate(rng, document)
        done.append(what)
    text = _dump(document, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.12:
        data, what = _mutate_bytes(rng, text)
        done.append(what)
    else:
        data = text.encode("utf-8", "surrogatepass")
    return Case(seed, index, kind, origin, tuple(done), data)


class _Hang(BaseException):
    """Raised in a call that runs past HANG_LIMIT; a BaseException, so that no ``except Exception`` swallows it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Hang


_FAILED = object()
# What text for people must not carry: control characters but the line break, the line and paragraph
# separators; the bidi controls only inside an isolate (unconfined()).
_UNSHOWABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_BIDI_CONTROL = re.compile('[\u202a-\u202e\u2066-\u2069]|<bdi dir="auto">')
_ISOLATING = re.compile('<bdi dir="auto">|</bdi>|.', re.DOTALL)
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})


def unconfined(text: str, *, letters: bool = False) -> str | None:
    """What in *text* could reorder what is printed around it, or ``None``: a bidi control (with *letters*,
    also a right-to-left letter or mark) outside every isolate, an isolate closed that was not opened, or
    one still open at the end of a line (a paragraph's end, where the bidirectional algorithm ends it).

    An isolate is U+2066, U+2067 or U+2068 … U+2069, or in HTML a ``<bdi dir="auto">`` element.

    >>> unconfined("a \u2068\u202eb\u2069 100"), unconfined("\u202eb 100"), unconfined("x \u2069\u202e")
    (None, "'\\\\u202e' outside an isolate", "'\\\\u2069' closes no isolate")
    """
    if not letters and not _BIDI_CONTROL.search(text):
        return None
    depth = 0
    for match in _ISOLATING.finditer(text):
        token = match.group()
        if token in ('<bdi dir="auto">', "\u2066", "\u2067", "\u2068"):
            depth += 1
        elif token in ("</bdi>", "\u2069"):
            if not depth:
                return f"{token!r} closes no isolate"
            depth -= 1
        elif token == "\n" and depth:
            return "an isolate open at the end of a line"
        elif not depth and (
            "\u202a" <= token <= "\u202e"
            or (letters and (token == "\u200e" or unicodedata.bidirectional(token) in _RIGHT_TO_LEFT))
        ):
            return f"{token!r} outside an isolate"
    return "an isolate open at the end" if depth else None


# What JSON meant for <script type="application/ld+json"> must write as escapes.
_NOT_IN_SCRIPT = re.compile("[<>&]")


class Calls:
    """Calls an entry point under the time bound and the hang alarm; what goes wrong becomes a finding.

    Attributes:
        bound: The time bound of one call, in seconds.
        counts: What was checked, by kind.
    """

    def __init__(self, *, bound: float = TIME_BOUND) -> None:
        self.bound = bound
        self.counts: Counter[str] = Counter()
        self._alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        self._found: list[Finding] = []

    def _call(self, name: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call *function*; a library error is returned, anything else becomes a finding and returns _FAILED."""
        if self._alarm:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, HANG_LIMIT)
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                return function(*args, **kwargs)
        except TokencompError as exc:
            return exc
        except _Hang:
            self._found.append(Finding("hang", name, f"still running after {HANG_LIMIT:.0f} s"))
            return _FAILED
        except Exception as exc:
            self._found.append(Finding("crash", name, f"{type(exc).__name__}: {str(exc)[:200]}"))
            return _FAILED
        finally:
            elapsed = time.perf_counter() - start
            if self._alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            if self.bound < elapsed < HANG_LIMIT:
                self._slow(name, elapsed, function, *args, **kwargs)

    def _slow(self, name: str, elapsed: float, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """A call was over the bound: time it again, so that a busy machine's pause is not taken for slowness."""
        start = time.perf_counter()
        with contextlib.suppress(Exception), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            function(*args, **kwargs)
        again = time.perf_counter() - start
        if again > self.bound:
            self._found.append(
                Finding("slow", name, f"{elapsed:.1f} s and {again:.1f} s, over the bound of {self.bound} s")
            )
        else:
            self.counts["slow once, not when timed again"] += 1


class Checker(Calls):
    """Runs every entry point on documents and collects what went wrong.

    Attributes:
        bound: The time bound of one call, in seconds.
        cli_every: Run the command line on one document in this many (0: never).
        sample: Cross-check validate() against the full validation and
            load_offer() on one invalid document in this many (every valid
            one is checked on every path).
        findings: What went wrong, as (case, finding).
        counts: Documents checked, valid, refused by summarize, ...
    """

    def __init__(self, *, bound: float = TIME_BOUND, cli_every: int = 40, sample: int = 8) -> None:
        super().__init__(bound=bound)
        self.cli_every = cli_every
        self.sample = sample
        self.findings: list[tuple[Case, Finding]] = []
        self._compare_with = load_offer((SPEC_EXAMPLES / "valid" / "tunguz-p75.json").read_bytes())
        # Load the embedded rates, prices and locales, and let cattrs generate its hooks for every
        # class, once: no document pays for a first call.
        for kind, _, text in CORPUS:
            self.check_bytes(text.encode(), kind)
        self.findings.clear()
        self.counts.clear()

    def _shown(self, name: str, function: Callable[..., Any], *args: Any) -> None:
        """Call a renderer: what it writes for people carries no control or bidi character from the data."""
        text = self._call(name, function, *args)
        if isinstance(text, str) and _UNSHOWABLE.search(text):
            found = _UNSHOWABLE.search(text)[0]  # type: ignore[index]
            self._found.append(Finding("output", name, f"{found!r} in the output"))
        elif isinstance(text, str) and unconfined(text):
            self._found.append(Finding("output", name, f"{unconfined(text)} in the output"))

    def _disagree(self, call: str, detail: str) -> None:
        self._found.append(Finding("disagreement", call, detail))

    def check(self, case: Case) -> list[Finding]:
        """Check one document; return (and keep) its findings."""
        self._found = []
        self.counts["documents"] += 1
        if case.kind == "offer":
            self._check_offer(case.data, case.index)
        else:
            self._check_posting(case.data, case.index)
        if self.cli_every and case.index % self.cli_every == 0:
            self._check_cli(case)
        self.findings += [(case, finding) for finding in self._found]
        return self._found

    def check_bytes(self, data: bytes, kind: str = "offer") -> list[Finding]:
        """Check one document given as bytes (a Hypothesis example, a kept reproducer)."""
        return self.check(Case(0, 0, kind, "bytes", (), data))

    def _check_offer(self, data: bytes, index: int) -> None:
        fast = self._call("fast path", _fast_offer, data, DEFAULT_MAX_BYTES)
        report = self._call("validate", validate, data)
        if _FAILED in (fast, report):
            return
        if isinstance(report, TokencompError):
            self._found.append(Finding("crash", "validate", f"raised {report!r} instead of reporting"))
            return
        if (fast is not None) != report.valid:
            self._disagree("fast path", f"fast path {'accepts' if fast else 'refuses'}; validate: {_codes(report)}")
        # validate() trusts the fast path when it accepts: the reference (both layers, the schema's
        # by jsonschema itself) must agree. When the fast path refuses, validate() explains on the
        # compiled core; a sample checks its problems are the reference's, one by one.
        if fast is not None or index % self.sample == 0:
            full = self._call("full validation", _validate_offer_fully, data, DEFAULT_MAX_BYTES, reference=True)
            if full is not _FAILED and not isinstance(full, TokencompError) and report.problems != full.problems:
                self._disagree("full validation", f"validate: {_codes(report)}; full: {_codes(full)}")
        if report.valid or index % self.sample == 0:
            self._loads_alike("load_offer", load_offer, data, report)
        if hasattr(tokencomp, "loads"):
            self._loads_alike("loads", tokencomp.loads, data, report)
        if not report.valid:
            return
        self.counts["valid"] += 1
        offer = report.document
        summary = self._call("summarize", summarize, offer)
        if isinstance(summary, TokencompError):
            self.counts["valid, no rate to summarize"] += 1
        elif summary is not _FAILED:
            for locale in LOCALES:
                self._shown(f"summary_text {locale}", summary_text, summary, locale)
                self._shown(f"statement_text {locale}", statement_text, offer, summary, locale)
                self._shown(f"statement_html {locale}", statement_html, offer, summary, locale)
            compared = self._call("compare", compare, self._compare_with, offer, currency="USD")
            if isinstance(compared, TokencompError):
                self.counts["valid, no rate to compare"] += 1
        self._round_trip("offer", offer, load_offer)

    def _loads_alike(self, name: str, load: Callable[[bytes], Any], data: bytes, report: Any) -> None:
        """*load* refuses what *report* refuses, and builds the same document from what it accepts."""
        loaded = self._call(name, load, data)
        if loaded is _FAILED:
            return
        if isinstance(loaded, TokencompError) == report.valid:
            self._disagree(name, f"{name} {'refuses' if report.valid else 'accepts'}; validate: {_codes(report)}")
        elif report.valid and loaded != report.document:
            self._disagree(name, f"{name} builds another document than validate")

    def _round_trip(self, what: str, document: Any, load: Callable[[bytes], Any]) -> None:
        text = self._call("dumps", dumps, document)
        if text is _FAILED or isinstance(text, TokencompError):
            return
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            self._found.append(Finding("round-trip", "dumps", f"wrote text that is not UTF-8: {exc}"))
            return
        back = self._call(f"load_{what}(dumps)", load, data)
        if isinstance(back, TokencompError):
            problems = getattr(back, "problems", ())
            self._found.append(Finding("round-trip", "dumps", f"refused: {[(p.pointer, p.code) for p in problems]}"))
        elif back is not _FAILED and back != document:
            self._found.append(Finding("round-trip", "dumps", "came back as another " + what))
        elif back is not _FAILED and self._call("dumps", dumps, back) != text:
            self._found.append(Finding("round-trip", "dumps", "written again as other text"))

    def _check_posting(self, data: bytes, index: int) -> None:
        report = self._call("validate_posting", validate_posting, data)
        if report is _FAILED or isinstance(report, TokencompError):
            return
        if report.valid or index % self.sample == 0:
            self._loads_alike("load_posting", load_posting, data, report)
        if not report.valid:
            return
        self.counts["valid"] += 1
        posting = report.document
        for locale in LOCALES:
            self._shown(f"posting_text {locale}", posting_text, posting, locale)
        self._call("jsonld", jsonld, posting)
        embedded = self._call("jsonld_text", jsonld_text, posting)
        if isinstance(embedded, str) and _NOT_IN_SCRIPT.search(embedded):
            found = _NOT_IN_SCRIPT.search(embedded)[0]  # type: ignore[index]
            self._found.append(Finding("output", "jsonld_text", f"{found!r} in text meant for a script element"))
        self._round_trip("posting", posting, load_posting)

    def _check_cli(self, case: Case) -> None:
        """Run the command line in-process on the document: exit 0, 1 or 2, one verdict, never a traceback."""
        self.counts["through the command line"] += 1
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "document.json"
            path.write_bytes(case.data)
            valid = self._cli(["validate", str(path)] + (["--posting"] if case.kind == "posting" else []))
            if case.kind == "posting":
                shown = self._cli(["posting", str(path)])
                self._cli(["posting", str(path), "--format", "text"])
                commands = [shown]
            else:
                commands = [
                    self._cli(["summarize", str(path), "--format", "json"]),
                    self._cli(["statement", str(path), "--format", "html", "--locale", "de_DE"]),
                    self._cli(["export-csv", str(path)]),
                ]
        if valid is None:
            return
        for status in commands:
            if status is not None and valid == 1 and status == 0:
                self._disagree("cli", f"validate exits 1 but another command exits {status}")
            if status is not None and valid == 0 and status == 2:
                self._disagree("cli", "validate exits 0 but another command calls it a usage error")

    def _cli(self, argv: list[str]) -> int | None:
        out, err = io.StringIO(), io.StringIO()
        name = "cli " + argv[0]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = self._call(name, cli_main, argv)
        if status is _FAILED:
            return None
        if isinstance(status, BaseException) or status not in (0, 1, 2):
            self._found.append(Finding("crash", name, f"exit status {status!r}"))
            return None
        if "Traceback" in err.getvalue():
            self._found.append(Finding("crash", name, "printed a traceback"))
        printed = (out.getvalue() + err.getvalue()).replace("\r\n", "\n")  # a CSV's rows end in CR LF
        found = _UNSHOWABLE.search(printed)
        if found or unconfined(printed):
            self._found.append(Finding("output", name, f"{found[0] if found else unconfined(printed)!r} printed"))
        return int(status)


def _codes(report: Any) -> str:
    return ", ".join(f"{p.pointer or '/'} {p.code}" for p in report.problems[:5]) or "valid"


# The long run: several processes, each taking every jobs-th document.


@dataclass
class Totals:
    """What a run did: documents, valid ones, findings, time."""

    documents: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    findings: list[tuple[int, Finding]] = field(default_factory=list)
    seconds: float = 0.0
    stopped: bool = False

    def by_kind(self) -> Counter[str]:
        """Findings counted by kind, each kind present (zero when none)."""
        kinds = Counter(dict.fromkeys(("crash", "hang", "slow", "disagreement", "round-trip", "output"), 0))
        kinds.update(finding.kind for _, finding in self.findings)
        return kinds


def _worker(seed: int, start: int, stop: int, step: int, at: Any, queue: Any, bound: float, cli_every: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the run through the parent, which reports
    checker = Checker(bound=bound, cli_every=cli_every)
    for index in range(start, stop, step):
        at.value = index
        for finding in checker.check(generate(seed, index)):
            queue.put(("finding", index, finding))
        if checker.counts["documents"] % 50 == 0:
            queue.put(("counts", checker.counts - Counter(), None))
            checker.counts.clear()
    queue.put(("counts", checker.counts, None))
    queue.put(("done", start, None))


def run(
    documents: int,
    seed: int,
    jobs: int = 1,
    *,
    first: int = 0,
    bound: float = TIME_BOUND,
    cli_every: int = 40,
    report: Callable[[str], None] = print,
    kill_after: float = 120.0,
    minutes: float | None = None,
) -> Totals:
    """Check documents *first* to *first* + *documents* of run *seed* in *jobs* processes; return the totals.

    A process that makes no progress for *kill_after* seconds (a hang the alarm
    could not interrupt, inside C code) is killed, its document reported as
    a hang, and a new process goes on after it. With *minutes*, the run stops
    then (or at Ctrl-C), and the totals say how far it got.
    """
    totals = Totals()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    stop = first + documents
    workers: dict[int, tuple[Any, Any, float, int]] = {}

    def start(job: int, index: int) -> None:
        at = context.Value("q", index)
        process = context.Process(target=_worker, args=(seed, index, stop, jobs, at, queue, bound, cli_every))
        process.start()
        workers[job] = (process, at, time.monotonic(), index)

    began = time.monotonic()
    for job in range(min(jobs, documents)):
        start(job, first + job)
    deadline = began + minutes * 60 if minutes else float("inf")
    try:
        _watch(workers, start, totals, report, began, deadline, kill_after, jobs, stop, queue)
    except KeyboardInterrupt:
        totals.stopped = True
    for process, *_ in workers.values():
        process.kill()
        process.join()
    # The last counts may still be in the queue.
    with contextlib.suppress(Exception):
        while True:
            message, value, finding = queue.get(timeout=0.5)
            if message == "counts":
                totals.counts.update(value)
            elif message == "finding":
                totals.findings.append((value, finding))
    totals.documents = totals.counts["documents"]
    totals.seconds = time.monotonic() - began
    return totals


def _watch(
    workers: dict[int, tuple[Any, Any, float, int]],
    start: Callable[[int, int], None],
    totals: Totals,
    report: Callable[[str], None],
    began: float,
    deadline: float,
    kill_after: float,
    jobs: int,
    stop: int,
    queue: Any,
) -> None:
    """Collect what the workers send, replace the dead and the stuck, until all are done or time is up."""
    last_report = began
    while workers:
        with contextlib.suppress(Exception):
            while True:
                message, value, finding = queue.get(timeout=1.0)
                if message == "finding":
                    totals.findings.append((value, finding))
                    report(f"  document {value}: {finding.kind} in {finding.call}: {finding.detail[:150]}")
                elif message == "counts":
                    totals.counts.update(value)
        now = time.monotonic()
        for job, (process, at, since, seen) in list(workers.items()):
            if not process.is_alive():
                process.join()
                if process.exitcode != 0:
                    totals.findings.append((at.value, Finding("crash", "process", f"exit code {process.exitcode}")))
                    report(f"  document {at.value}: the process died with exit code {process.exitcode}")
                    del workers[job]
                    if at.value + jobs < stop:
                        start(job, at.value + jobs)
                else:
                    del workers[job]
            elif at.value != seen:
                workers[job] = (process, at, now, at.value)
            elif now - since > kill_after:
                process.kill()
                process.join()
                totals.findings.append((at.value, Finding("hang", "process", f"no progress for {kill_after:.0f} s")))
                report(f"  document {at.value}: killed after {kill_after:.0f} s without progress")
                del workers[job]
                if at.value + jobs < stop:
                    start(job, at.value + jobs)
        if now - last_report > 30:
            last_report = now
            done = totals.counts["documents"]
            report(f"{done:,} documents, {done / (now - began):,.0f}/s, {len(totals.findings)} findings")
        if now > deadline:
            totals.stopped = True
            return


def summary_lines(totals: Totals, seed: int) -> list[str]:
    """The run in a few lines: rate, counts by kind, and each distinct finding once with its first document."""
    rate = totals.documents / totals.seconds if totals.seconds else 0.0
    kinds = totals.by_kind()
    stopped = " (stopped early: time limit or Ctrl-C)" if totals.stopped else ""
    lines = [
        f"seed {seed}: {totals.documents:,} documents in {totals.seconds:,.1f} s ({rate:,.0f} documents/s){stopped}",
        "  " + ", ".join(f"{name} {count:,}" for name, count in sorted(totals.counts.items()) if name != "documents"),
        "  findings: " + ", ".join(f"{kind} {count}" for kind, count in kinds.items()),
    ]
    first: dict[str, tuple[int, int]] = {}
    for index, finding in totals.findings:
        signature = finding.signature()
        seen, count = first.get(signature, (index, 0))
        first[signature] = (min(seen, index), count + 1)
    for signature, (index, count) in sorted(first.items(), key=lambda item: -item[1][1]):
        lines.append(f"  {count:>6} x {signature}  (first: --seed {seed} --show {index})")
    return lines


def shrink(data: bytes, still_fails: Callable[[bytes], bool]) -> bytes:
    """The smallest document found that still fails, by dropping keys and items and shortening strings and lists.

    Works on documents that parse as JSON; others are returned as they are, to minimise by hand.
    """
    try:
        document = json.loads(data)
    except ValueError:
        return data
    ensure_ascii = data.isascii()

    def encode(value: Any) -> bytes:
        return _dump(value, ensure_ascii).encode("utf-8", "surrogatepass")

    best = document
    improved = True
    while improved:
        improved = False
        for place in sorted((p for p in _places(best) if p), key=len):
            candidates = []
            parent = _parent(best, place)
            value = parent[place[-1]]
            candidates.append(("drop", None))
            if isinstance(value, list | str) and len(value) > 1:
                candidates.append(("halve", value[: len(value) // 2]))
            for how, replacement in candidates:
                trial = copy.deepcopy(best)
                trial_parent = _parent(trial, place)
                if how == "drop":
                    del trial_parent[place[-1]]
                else:
                    trial_parent[place[-1]] = replacement
                if still_fails(encode(trial)):
                    best, improved = trial, True
                    break
            if improved:
                break
    return encode(best)


def _write_findings(folder: Path, totals: Totals, seed: int) -> None:
    """Each finding as a line of findings.jsonl, and the first document of each signature as a file."""
    folder.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    with (folder / "findings.jsonl").open("w") as lines:
        for index, finding in sorted(totals.findings, key=lambda item: item[0]):
            record = {"seed": seed, "index": index, "kind": finding.kind, "call": finding.call}
            lines.write(json.dumps({**record, "detail": finding.detail}) + "\n")
            if finding.signature() not in written:
                written.add(finding.signature())
                case = generate(seed, index)
                (folder / f"{seed}-{index}.{case.kind}.json").write_bytes(case.data)


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer from the command line; exit 1 if anything was found."""
    global HANG_LIMIT  # set before the worker processes are forked
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000, help="how many documents (default 10,000)")
    parser.add_argument("--seed", type=int, default=16, help="the run's seed (default 16)")
    parser.add_argument("--first", type=int, default=0, help="the first document's index (default 0)")
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--bound", type=float, default=TIME_BOUND, help="seconds a call may take (default 2)")
    parser.add_argument("--cli-every", type=int, default=40, help="run the CLI on one document in N (default 40)")
    parser.add_argument("--minutes", type=float, help="stop after this long, and report how far the run got")
    parser.add_argument("--hang", type=float, default=HANG_LIMIT, help="seconds before a call is interrupted (20)")
    parser.add_argument("--out", type=Path, help="write findings.jsonl and each finding's first document here")
    parser.add_argument("--show", type=int, metavar="INDEX", help="print document INDEX's bytes and exit")
    parser.add_argument("--check", type=int, metavar="INDEX", help="check document INDEX alone and print findings")
    args = parser.parse_args(argv)
    if args.show is not None:
        case = generate(args.seed, args.show)
        print(f"{case.origin}: {'; '.join(case.mutations)}", file=sys.stderr)
        sys.stdout.buffer.write(case.data)
        return 0
    if args.check is not None:
        case = generate(args.seed, args.check)
        print(f"{case.kind} from {case.origin}: {'; '.join(case.mutations)}")
        findings = Checker(bound=args.bound, cli_every=1).check(case)
        for finding in findings:
            print(f"{finding.kind} in {finding.call}: {finding.detail}")
        return 1 if findings else 0
    HANG_LIMIT = args.hang
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # kill PID stops the run as Ctrl-C does, with a report
    totals = run(
        args.documents,
        args.seed,
        args.jobs,
        first=args.first,
        bound=args.bound,
        cli_every=args.cli_every,
        minutes=args.minutes,
    )
    print("\n".join(summary_lines(totals, args.seed)))
    if args.out:
        _write_findings(args.out, totals, args.seed)
    return 1 if totals.findings else 0


if __name__ == "__main__":
    sys.exit(main())
