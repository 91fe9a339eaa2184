"""Write the equity charts shown on docs/equity.md: the statement's equity by year and its scenarios.

Run from the repository's root: ``python scripts/equity_pictures.py``. The offer is the contract's
example ``sde-backweighted-v1.1`` (a copy is in tests/data/spec-examples); the pictures are what
``tokencomp statement --format html --share-price-multiples 0.5,1,2,5`` draws for it.
"""

from __future__ import annotations

from pathlib import Path

from tokencomp import loads, summarize
from tokencomp.reports.equity_charts import equity_by_year_svg, scenarios_svg

ROOT = Path(__file__).resolve().parent.parent
OFFER = ROOT / "tests" / "data" / "spec-examples" / "valid" / "sde-backweighted-v1.1.json"


def main() -> None:
    summary = summarize(loads(OFFER.read_bytes()), share_price_multiples=["0.5", "1", "2", "5"])
    static = ROOT / "docs" / "_static"
    static.mkdir(exist_ok=True)
    (static / "equity-by-year.svg").write_text(equity_by_year_svg(summary) + "\n", encoding="utf-8")
    (static / "equity-scenarios.svg").write_text(scenarios_svg(summary) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
