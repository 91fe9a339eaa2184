"""The embedded price snapshot, rebuilt from both published maps: LiteLLM's (tests/data's excerpt) and genai-prices'.

Run by `tox -e gateways`, which installs genai-prices (the `gateways`
dependency group); its data is read from the installed package, never
fetched.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import importlib.util
import json
from types import ModuleType

import pytest

from tokencomp.codec.converter import unstructure
from tokencomp.model.prices import ServiceTier

from .reference import LITELLM, load_script

pytestmark = pytest.mark.gateways


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """scripts/snapshot_prices.py, which needs genai-prices: the gateways env installs it; it fails elsewhere."""
    if importlib.util.find_spec("genai_prices") is None:
        pytest.fail("genai-prices is needed here: pip install --group gateways")
    return load_script("snapshot_prices")


class TestRebuilt:
    """The script, run on the published maps, gives the shipped snapshot byte for byte."""

    def test_the_shipped_snapshot(self, script: ModuleType) -> None:
        """Prices, tiers and notes are what the two maps give, and nothing else."""
        shipped = json.loads((importlib.resources.files("tokencomp") / "data" / "prices-litellm.json").read_bytes())
        assert shipped == json.loads(json.dumps(unstructure(script.build(LITELLM.excerpt.read_bytes()))))

    def test_the_genai_prices_version_is_the_one_cited(self, script: ModuleType) -> None:
        """The snapshot names the genai-prices it was built from; the installed one is it."""
        shipped = json.loads((importlib.resources.files("tokencomp") / "data" / "prices-litellm.json").read_bytes())
        assert f"genai-prices {importlib.metadata.version('genai-prices')} (PyPI)" in shipped["source"]


class TestComparison:
    """Every difference between the maps is listed; a disagreement names both figures and the one kept."""

    def test_a_disagreement_is_listed(self, script: ModuleType) -> None:
        """Both give a cell, differently: the note names both figures and keeps LiteLLM's."""
        cell = (ServiceTier.BATCH, 0, "cached_input_per_million")
        notes = script.compare("m", {cell: script.Decimal("0.015")}, {cell: script.Decimal("0.02")}, "0.2.5")
        assert ["m batch: cache read LiteLLM 0.015, genai-prices 0.2.5 0.02; LiteLLM's kept"] == notes

    def test_what_one_alone_gives_is_listed(self, script: ModuleType) -> None:
        """A cell only one map gives is listed under that map, by tier and threshold."""
        above = (ServiceTier.STANDARD, 200_000, "input_per_million")
        notes = script.compare("m", {}, {above: script.Decimal("6")}, "0.2.5")
        assert ["m standard above 200,000: only genai-prices gives input 6"] == notes

    def test_flex_derived_only_where_flex_and_batch_agree(self, script: ModuleType) -> None:
        """Flex above a threshold is derived from batch only when the two agree from the first token."""
        decimal = script.Decimal
        cells = {
            (ServiceTier.BATCH, 0, "input_per_million"): decimal("1"),
            (ServiceTier.FLEX, 0, "input_per_million"): decimal("1"),
            (ServiceTier.BATCH, 200_000, "input_per_million"): decimal("2"),
        }
        derived, notes = script._derived_flex("m", cells)
        assert ({(ServiceTier.FLEX, 200_000, "input_per_million"): decimal("2")}, 1) == (derived, len(notes))
        cells[(ServiceTier.FLEX, 0, "input_per_million")] = decimal("0.9")
        assert ({}, []) == script._derived_flex("m", cells)
