"""Write the pay-gap report's two charts, as the HTML report draws them, for the docs: docs/_static/pay-gap-*.svg.

The workforce is the test suite's small one (tests/data/workforce/small.jsonl: a category for a joint pay
assessment and a suppressed one), reported in EUR on 2026-12-31 as docs/pay-transparency.md shows it:

    python scripts/pay_gap_charts.py

tests/test_pay_gap_html.py checks that the committed pictures are what this script writes today.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
try:
    from tokencomp import pay_gap
    from tokencomp.transparency.charts import category_gaps_svg, quartile_bands_svg
except ImportError:  # run from a clone without installing: the source tree's package
    sys.path.insert(0, str(REPO / "src"))
    from tokencomp import pay_gap
    from tokencomp.transparency.charts import category_gaps_svg, quartile_bands_svg

WORKFORCE = REPO / "tests" / "data" / "workforce" / "small.jsonl"
STATIC = REPO / "docs" / "_static"


def charts() -> dict[str, str]:
    """Each picture's file name and its SVG text, for the small workforce in English."""
    report = pay_gap(WORKFORCE, currency="EUR", reference_date="2026-12-31")
    return {
        "pay-gap-quartiles.svg": quartile_bands_svg(report.quartiles) + "\n",
        "pay-gap-categories.svg": category_gaps_svg(report.categories, report.min_group) + "\n",
    }


def main() -> None:
    STATIC.mkdir(exist_ok=True)
    for name, svg in charts().items():
        (STATIC / name).write_text(svg, encoding="utf-8")
        print(f"wrote docs/_static/{name}")


if __name__ == "__main__":
    main()
