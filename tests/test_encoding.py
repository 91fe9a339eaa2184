"""The fast writer: generated unstructure functions and orjson, held to cattrs and the standard library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import tokencomp
from tokencomp import Offer, dumps, load_offer, summarize, unstructure
from tokencomp._internal.escaping import escape_json
from tokencomp.codec.converter import make_converter
from tokencomp.codec.encoding import encode

from .reference import version_1
from .strategies import offers

EXAMPLES = Path(tokencomp.__file__).parent / "data" / "examples"
SPEC_VALID = Path(__file__).parent / "data" / "spec-examples" / "valid"
DOCUMENTS = sorted(EXAMPLES.glob("*.json")) + version_1(
    sorted(p for p in SPEC_VALID.glob("*.json") if "summary" not in p.name)
)


def reference_text(value: Any, indent: int | None = None) -> str:
    """What dumps wrote before the fast writer: cattrs' data through the standard library (compact), escaped."""
    data = make_converter().unstructure(value)
    separators = (",", ":") if indent is None else (",", ": ")
    return escape_json(json.dumps(data, indent=indent, separators=separators, ensure_ascii=False))


def models(path: Path) -> list[Any]:
    """The offer of *path* and its summaries in its own currency and in USD, EUR and JPY."""
    offer = load_offer(path.read_bytes())
    return [offer, summarize(offer), *(summarize(offer, currency=c) for c in ("USD", "EUR", "JPY"))]


class TestDumps:
    """dumps gives, byte for byte, cattrs' data written by the standard library."""

    @pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
    def test_examples_and_their_summaries(self, path: Path) -> None:
        """Every bundled and spec example, and its summaries, compact and indented by 2 and 4."""
        for value in models(path):
            assert reference_text(value) == dumps(value)
            assert reference_text(value, 2) == dumps(value, indent=2)
            assert reference_text(value, 4) == dumps(value, indent=4)

    @given(offers)
    def test_generated_offers(self, offer: Offer) -> None:
        """Generated offers and their summaries are written as before, keys in cattrs' order."""
        for value in (offer, summarize(offer)):
            assert reference_text(value) == dumps(value)
            assert list(make_converter().unstructure(value)) == list(unstructure(value))

    def test_what_orjson_cannot_write_is_written_by_the_standard_library(self) -> None:
        """A lone surrogate and an integer beyond 64 bits are written as the standard library writes them."""
        data = {"id": "\ud800", "tokens": 2**70}
        assert '{"id":"\\ud800","tokens":1180591620717411303424}' == encode(data)

    def test_control_and_bidi_characters_are_escaped(self) -> None:
        """What json_text escapes, the fast writer escapes too: the same data, nothing a terminal acts on."""
        data = {"id": "p75\x1b[2J\u202egnp\n\x85", "title": "Zürich"}
        assert '{"id":"p75\\u001b[2J\\u202egnp\\n\\u0085","title":"Zürich"}' == encode(data)
        assert data == json.loads(encode(data))


class TestUnstructure:
    """The generated functions give the data cattrs gives, for every model the examples reach."""

    @pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
    def test_same_data_as_cattrs(self, path: Path) -> None:
        """Same keys, same order, same values."""
        for value in models(path):
            expected = make_converter().unstructure(value)
            assert expected == unstructure(value)
            assert json.dumps(expected) == json.dumps(unstructure(value))

    def test_functions_found_in_a_bounded_table(self) -> None:
        """Each class's function is kept for the next call, in a table that does not grow past its bound."""
        from tokencomp.codec import encoding

        offer = load_offer((EXAMPLES / "p75-engineer.json").read_bytes())
        converters = [make_converter() for _ in range(encoding._CACHE_SIZE + 5)]
        for converter in converters:
            assert make_converter().unstructure(offer) == encoding.unstructure_with(offer, converter)
        assert len(encoding._FUNCTIONS) <= encoding._CACHE_SIZE
        assert (Offer, converters[0]) in encoding._FUNCTIONS or len(encoding._FUNCTIONS) == encoding._CACHE_SIZE

    def test_a_custom_converter_is_used_as_given(self) -> None:
        """With a converter of one's own, its hooks decide, not the generated functions."""
        converter = make_converter()
        converter.register_unstructure_hook(Offer, lambda offer: {"id": offer.id})
        offer = load_offer((EXAMPLES / "p75-engineer.json").read_bytes())
        assert {"id": offer.id} == unstructure(offer, converter)
