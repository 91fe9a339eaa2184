"""Output encoding: data cannot act on a terminal, an HTML page or the script element JSON-LD goes in."""

from __future__ import annotations

import datetime
import html
import html.parser
import importlib.resources
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    JobPosting,
    Leaderboard,
    LeaderboardRow,
    Money,
    Offer,
    compare,
    dumps,
    jsonld,
    jsonld_text,
    ledger_for,
    load_offer,
    load_posting,
    summarize,
)
from tokencomp._internal.escaping import REPLACEMENT, balanced, html_text, isolated, json_text, plain, unisolated
from tokencomp.cli import main
from tokencomp.model.arguments import trusted
from tokencomp.reports.compare import comparison_text
from tokencomp.reports.render import posting_text, statement_html, statement_text, summary_text
from tokencomp.reports.texts import leaderboard_text, ledger_svg, ledger_text

from .fuzz import unconfined

DATA = importlib.resources.files("tokencomp") / "data"
# Every character output must not carry raw: C0, DEL, C1, bidi controls, line separators, surrogates.
_FORBIDDEN_RANGES = "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
FORBIDDEN = re.compile(f"[{_FORBIDDEN_RANGES}]")  # a line break is output's own; every other one is data's
# What text for people never carries raw; the bidi controls it carries only inside isolates (unconfined()).
UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_BIDI = (0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
FORBIDDEN_CHARACTERS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *_BIDI, 0x2028, 0x2029, 0xD800, 0xDFFF)]
HOSTILE = [
    "\x1b[2J\x1b]0;owned\x07",
    "p75\x00\x9b31m",
    "\u202egnp.exe",
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "x\u2028y\u2029z",
    "lone \ud800 surrogate",
    "&amp; \u2066isolated\u2069",
    "next\x85line",
    "\u2069\u202e 0.00 closes early",
    "\u2067never closed",
]
# Right-to-left names as their authors write them: letters, marks, an embedding.
RIGHT_TO_LEFT = ["דנה כהן", "\u200fמשה\u200f", "\u202bדנה כהן (CTO)\u202c", "محمد\u061c 2", "\u2067سارة\u2069"]  # noqa: RUF001 - Arabic


def assert_shown_safely(output: str) -> None:
    """Nothing in *output* acts on a terminal, breaks a line, or reorders what is printed around it."""
    assert UNPRINTABLE.search(output.replace("\n", " ")) is None, output
    assert unconfined(output, letters=True) is None, output
    output.encode("utf-8")


def hostile_offer(text: str, name: str = "london-staff-engineer") -> Offer:
    """A bundled example with *text* as its id, role title and person, built as code may build it.

    On the trusted route: the constructors refuse control characters and lone surrogates (#16 limits), and
    the renderers must hold even for an object that got past them.
    """
    offer = load_offer((DATA / "examples" / f"{name}.json").read_bytes())

    def build() -> Offer:
        role = attrs.evolve(offer.role, title=text) if offer.role else None
        return attrs.evolve(offer, id=text, role=role, metadata={"person": text})

    return trusted(build)


def hostile_posting(text: str) -> JobPosting:
    posting = load_posting((DATA / "postings" / "staff-engineer.json").read_bytes())

    def build() -> JobPosting:
        location = attrs.evolve(posting.location, locality=text)
        return attrs.evolve(posting, id=text, title=text, organization=text, description=text, location=location)

    return trusted(build)


class _Page(html.parser.HTMLParser):
    """The tags, attributes, text and script contents of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


class TestPlain:
    """plain() replaces what could act on a terminal or reorder text, and nothing else."""

    @pytest.mark.parametrize("character", [*FORBIDDEN_CHARACTERS, "\n", "\t"])
    def test_each_forbidden_character_is_replaced(self, character: str) -> None:
        """Every control, bidi control, separator and lone surrogate becomes U+FFFD."""
        assert f"a{REPLACEMENT}b" == plain(f"a{character}b")

    @given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))))
    def test_ordinary_text_is_kept(self, text: str) -> None:
        """Letters, marks, spaces, symbols and emoji pass unchanged."""
        assert text == plain(text)

    @given(st.text())
    def test_result_is_always_writable(self, text: str) -> None:
        """Whatever comes in, the result has no forbidden character and encodes as UTF-8."""
        result = plain(text)
        assert FORBIDDEN.search(result) is None
        assert len(text) == len(result)
        result.encode("utf-8")


class TestIsolated:
    """isolated() keeps a value's characters from acting and from reordering what is around it."""

    @pytest.mark.parametrize("character", [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xD800)])
    def test_each_unprintable_character_is_replaced(self, character: str) -> None:
        """Every control (C1 among them), separator and lone surrogate becomes U+FFFD; nothing is isolated."""
        assert f"a{REPLACEMENT}b" == isolated(f"a{character}b")

    @pytest.mark.parametrize("name", RIGHT_TO_LEFT)
    def test_right_to_left_names_keep_their_marks(self, name: str) -> None:
        """A right-to-left name is shown as written, in one first-strong isolate."""
        assert f"\u2068{name}\u2069" == isolated(name)

    @pytest.mark.parametrize("override", [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))])
    def test_no_override_reaches_a_figure(self, override: str) -> None:
        """Whatever the value's bidi controls, the figure printed after it is outside every isolate."""
        line = f"Offer {isolated(f'{override}ab{override}')}: 100.00 USD"
        assert unconfined(line, letters=True) is None
        assert line.endswith("\u2069: 100.00 USD")

    @given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
    def test_any_value(self, text: str) -> None:
        """Any value: nothing unprintable, every bidi control and right-to-left letter confined; a value with
        balanced isolates and nothing unprintable reads back from its isolate as it was."""
        shown = isolated(text)
        assert UNPRINTABLE.search(shown) is None
        assert unconfined(f"x {shown} 1", letters=True) is None
        if not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", text) and balanced(text) == text:
            assert text == unisolated(shown)

    @given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"), max_codepoint=0x58F)))
    def test_left_to_right_text_is_kept(self, text: str) -> None:
        """Latin, Greek, Cyrillic and Armenian letters, marks, spaces and symbols pass unchanged."""
        assert text == isolated(text)

    def test_html(self) -> None:
        """In a page, each isolate is a <bdi dir="auto"> element; a stray closing one is U+FFFD."""
        assert '<bdi dir="auto">\u202bדנה &lt;b&gt;\u202c</bdi>: 1' == html_text(
            isolated("\u202bדנה <b>\u202c") + ": 1"
        )
        assert f'{REPLACEMENT} <bdi dir="auto">a\u2067b\u2069</bdi>' == html_text("\u2069 \u2068a\u2067b")


class TestJsonText:
    """json_text() is the same JSON data, with nothing raw that acts on a terminal or a script element."""

    @given(st.recursive(st.text() | st.integers() | st.booleans() | st.none(),
                        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=10))  # fmt: skip
    def test_same_data_nothing_raw(self, value: Any) -> None:
        """Any JSON data, hostile strings included, reads back equal, encodes as UTF-8, and embeds."""
        for embeddable in (False, True):
            text = json_text(value, indent=2, embeddable=embeddable)
            assert value == json.loads(text)
            assert FORBIDDEN.search(text.replace("\n", " ")) is None
            text.encode("utf-8")
        assert not set("<>&") & set(json_text(value, embeddable=True))

    def test_escapes_as_json_writes_them(self) -> None:
        """The HTML-significant three are written as \\u003c, \\u003e and \\u0026."""
        assert '"\\u003c/script\\u003e \\u0026 \\u2028"' == json_text("</script> & \u2028", embeddable=True)


class TestDumps:
    """dumps() of objects built in code never crashes on a lone surrogate and writes no control character."""

    @pytest.mark.parametrize("text", HOSTILE)
    def test_offer_and_summary(self, text: str) -> None:
        """The id reads back the same; the text is UTF-8 and carries no raw control or bidi character."""
        offer = hostile_offer(text)
        for value in (offer, summarize(offer)):
            written = dumps(value, indent=2)
            written.encode("utf-8")
            assert FORBIDDEN.search(written.replace("\n", " ")) is None
        assert text == json.loads(dumps(offer))["id"]


class TestJsonLdEmbedding:
    """The JSON-LD of a posting, put in a page's script element as docs/disclosure.md shows, stays data."""

    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_fields_round_trip_inside_the_page(self, text: str) -> None:
        """The page has one script element, nothing else executable, and its text is the same JSON data."""
        posting = hostile_posting(text)
        page = (
            '<!DOCTYPE html><html><head><script type="application/ld+json">\n'
            f"{jsonld_text(posting)}\n</script></head><body><p>job</p></body></html>"
        )
        parsed = _Page()
        parsed.feed(page)
        parsed.close()
        assert ["html", "head", "script", "body", "p"] == parsed.tags
        assert jsonld(posting) == json.loads(parsed.scripts[0], parse_float=Decimal)
        assert text == json.loads(parsed.scripts[0])["title"]
        for opening in ("<!--", "<script", "</script"):
            assert opening not in parsed.scripts[0].lower()

    def test_a_title_cannot_forge_a_number(self) -> None:
        """A value that looks like the writer's own number mark stays a string."""
        posting = hostile_posting("\x00number:5")
        assert "\x00number:5" == json.loads(jsonld_text(posting))["title"]


class TestStatementHtml:
    """The HTML statement shows hostile ids and titles as text: no element, no control character."""

    @pytest.mark.parametrize("text", HOSTILE)
    def test_nothing_executable(self, text: str) -> None:
        """Only the page's own tags; no script, no event attribute; no forbidden character anywhere."""
        offer = hostile_offer(text, "p75-engineer")
        page = statement_html(offer, summarize(offer), ledger=ledger_for(offer, []))
        parsed = _Page()
        parsed.feed(page)
        assert "script" not in parsed.tags
        assert "!--" not in parsed.tags
        assert not [name for name in parsed.attributes if name.startswith("on")]
        assert_shown_safely(page)
        shown = unisolated(isolated(text))
        assert f"statement: {shown} ({shown})" in "".join(parsed.text)

    @pytest.mark.parametrize("name", RIGHT_TO_LEFT)
    def test_right_to_left_names(self, name: str) -> None:
        """A right-to-left title is in a <bdi dir="auto"> element, as written; the page's <title> isolates it."""
        offer = hostile_offer(name, "p75-engineer")
        page = statement_html(offer, summarize(offer))
        assert f'<h1>Total rewards statement: <bdi dir="auto">{html_text(name)}</bdi> (<bdi dir="auto">' in page
        assert f"<title>Total rewards statement: \u2068{html.escape(name)}\u2069 (" in page
        assert_shown_safely(page)


def rendered(text: str) -> dict[str, str]:
    """What each text renderer makes of the p75 example with *text* as its id, title and person."""
    offer = hostile_offer(text, "p75-engineer")
    summary = summarize(offer)
    ledger = ledger_for(offer, [], as_of=datetime.date(2026, 4, 1))
    row = LeaderboardRow(text, Money("1.00", "USD"), Money("2.00", "USD"), Decimal("0.5"))
    return {
        "summary": summary_text(summary),
        "statement": statement_text(offer, summary, ledger=ledger),
        "compare": comparison_text(compare(offer, offer)),
        "ledger": ledger_text(ledger),
        "svg": ledger_svg(ledger),
        "leaderboard": leaderboard_text(Leaderboard("2026-01", (row,))),
        "posting": posting_text(hostile_posting(text)),
    }


class TestTextRenderers:
    """Every text renderer shows data with its controls replaced, and their text is always UTF-8."""

    @pytest.mark.parametrize("text", HOSTILE)
    def test_offers(self, text: str) -> None:
        """Summary, statement, comparison, ledger (text and SVG), leaderboard and posting of a hostile offer."""
        outputs = rendered(text)
        for output in outputs.values():
            assert_shown_safely(output)
        assert isolated(text) in outputs["summary"]
        assert html.escape(isolated(text)) in outputs["svg"]  # SVG: its text is escaped

    @pytest.mark.parametrize("name", RIGHT_TO_LEFT)
    def test_right_to_left_names(self, name: str) -> None:
        """A right-to-left name and title print as written, each in its isolate, the figures after them in place."""
        outputs = rendered(name)
        for output in outputs.values():
            assert_shown_safely(output)
        assert f"Offer \u2068{name}\u2069: summary in USD" in outputs["summary"]
        assert f"statement: \u2068{name}\u2069 (\u2068{name}\u2069), from" in outputs["statement"]
        assert f"A: \u2068{name}\u2069   B: \u2068{name}\u2069   (annual" in outputs["compare"]
        assert f"ledger of \u2068{name}\u2069, in USD" in outputs["ledger"]
        line = outputs["leaderboard"].splitlines()[3]
        assert line.startswith("1  \u2068")  # pad() isolates the cell again: the name's isolate is inside it
        assert f"\u2068{name}\u2069" in line
        assert line.endswith("$1.00        $2.00")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


class TestCommandLine:
    """What the commands print never carries a control or bidi character from the documents they read."""

    @pytest.mark.parametrize("text", HOSTILE[:3] + HOSTILE[6:])
    @pytest.mark.parametrize(
        "command",
        [["summarize"], ["statement"], ["statement", "--format", "html"], ["validate"], ["compare", "FILE"],
         ["summarize", "--format", "json"], ["validate", "--format", "json"]],
    )  # fmt: skip
    def test_hostile_documents(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str], text: str
    ) -> None:
        """Valid or not, the output and the error say the document's text with its controls neutralised."""
        document = json.loads((DATA / "examples" / "p75-engineer.json").read_text())
        document["id"] = text
        document["metadata"] = {text: text}
        path = tmp_path / "hostile.json"
        path.write_text(json.dumps(document), encoding="utf-8")  # \u escapes: the file is ASCII
        args = [arg.replace("FILE", str(path)) for arg in command]
        status, out, err = run(capsys, *args[:1], str(path), *args[1:])
        assert status in (0, 1)
        assert_shown_safely(out + err)
        assert "Traceback" not in err

    @pytest.mark.parametrize("character", ["\x85", "\x9b", "\u2028", "\u202e"])
    def test_issue_31(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, character: str) -> None:
        """U+0085, U+009B, U+2028 or U+202E in the id, the title, a metadata value and a usage file's person and
        model: summarize, statement (text and HTML), compare, ledger, leaderboard and export-csv print none of them
        raw. C1 makes the offer invalid (exit 1); the others are valid and shown, U+202E only in an isolate."""
        text = f"ab{character}1.00"
        document = json.loads((DATA / "examples" / "p75-engineer.json").read_text())
        document["id"] = document["role"]["title"] = text
        document["metadata"] = {"person": text, "team": text}
        offer = tmp_path / "offer.json"
        offer.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        usage = tmp_path / "usage.csv"
        usage.write_text(f"date,person,model,input_tokens,output_tokens\n2026-03-05,{text},{text},1000,200\n",
                         encoding="utf-8")  # fmt: skip
        commands = [
            ["summarize", str(offer)],
            ["statement", str(offer)],
            ["statement", str(offer), "--format", "html", "--usage", str(usage)],
            ["compare", str(offer), str(offer)],
            ["ledger", str(offer), "--usage", str(usage), "--as-of", "2026-04-01"],
            ["leaderboard", str(offer), "--usage", str(usage), "--period", "2026-03"],
            ["export-csv", str(offer)],
        ]
        valid = character not in "\x85\x9b"
        for command in commands:
            status, out, err = run(capsys, *command)
            said = command[0] == "export-csv" and character == "\u2028"  # CSV shows it as U+FFFD, and says so
            assert (0 if valid and not said else 1) == status, (command, err)
            assert "Traceback" not in err
            assert_shown_safely((out + err).replace("\r\n", "\n"))  # a CSV's rows end in CR LF
            if valid:
                assert isolated(text) in out or html_text(isolated(text)) in out, command
            if said:
                assert "(/id, /role/title, /metadata/person, /metadata/team): it reads back changed" in err

    def test_error_lines_quote_data_neutralised(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A file named with an escape sequence is said with U+FFFD in its place."""
        status, _, err = run(capsys, "summarize", str(tmp_path / "x\x1b[2J\u202e.json"))
        assert (2, f"x{REPLACEMENT}[2J{REPLACEMENT}.json") == (status, err.split("/")[-1].split(":")[0])
