"""What data may put into output: text for people neutralised, JSON text escaped.

Ids, titles, model names, metadata, usage records and the messages that quote
them come from documents other systems send. Output must not let them act:

- In text and HTML for people, :func:`plain` replaces every control character
  (C0, DEL, C1: a terminal's escape sequences, bells, NUL), every bidi
  control (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069: text
  that reads in another order than it is stored), the line and paragraph
  separators U+2028 and U+2029, and every lone surrogate (which no UTF-8
  output can carry) with U+FFFD, the replacement character: visibly there,
  one column wide, doing nothing. Every renderer passes the data it shows
  through it; the figures babel formats (whose bidi marks some locales need)
  are not data and are left as they are.
- In JSON text, :func:`json_text` writes the same characters as ``\\uXXXX``
  escapes: the same JSON data, nothing a terminal acts on. With
  ``embeddable=True`` it also writes ``<``, ``>`` and ``&`` so, for a
  ``<script type="application/ld+json">`` element that ``</script>``,
  ``<!--`` or ``<script`` in a value cannot end or change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

__all__ = ["REPLACEMENT", "escape_json", "json_text", "plain"]

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
