"""A real client check: ajv (JavaScript, strict mode) compiles our schemas and agrees with us.

Run by `tox -e schema-ajv`, which installs ajv and ajv-formats from tests/ajv/package-lock.json.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from tokencomp import validate, write_schemas
from tokencomp.codec.converter import parse_json
from tokencomp.codec.schema import SCHEMAS

from .reference import SPEC_EXAMPLES
from .schema_strategy import from_schema
from .test_validation import HOSTILE

pytestmark = pytest.mark.ajv

AJV = Path(__file__).resolve().parent / "ajv"
OFFER = SCHEMAS["offer-v1"]()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schemas as `tokencomp schema --out DIR` writes them."""
    folder = tmp_path_factory.mktemp("schemas")
    write_schemas(folder)
    return folder


def ajv_verdicts(folder: Path, documents: list[Any], schema_id: str = OFFER["$id"]) -> list[bool]:
    node = shutil.which("node")
    assert node, "node is needed for the ajv check"
    assert (AJV / "node_modules" / "ajv").is_dir(), "run `npm ci --prefix tests/ajv` first (tox -e schema-ajv does)"
    pairs = json.dumps([[schema_id, document] for document in documents])
    result = subprocess.run(
        [node, str(AJV / "check.mjs"), str(folder)], input=pairs, capture_output=True, text=True, check=False
    )
    assert 0 == result.returncode, result.stderr
    verdicts: list[bool] = json.loads(result.stdout)
    return verdicts


def spec_and_bundled_examples() -> list[Path]:
    paths = sorted(SPEC_EXAMPLES.excerpt.glob("*/*.json"))
    paths = [p for p in paths if not p.name.endswith((".summary.json", ".expected.json"))]
    bundled = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples"
    return paths + sorted(bundled.glob("*.json"))


def test_examples_agree(exported: Path) -> None:
    """ajv accepts and rejects every example exactly as tokencomp validate does."""
    paths = spec_and_bundled_examples()
    documents = [json.loads(path.read_text()) for path in paths]
    ours = [validate(path.read_bytes()).valid for path in paths]
    assert ours == ajv_verdicts(exported, documents)
    assert 4 <= ours.count(False)


def test_hostile_documents_agree(exported: Path) -> None:
    """On the hostile inputs that are strict JSON, ajv and tokencomp validate give one verdict."""
    documents = []
    for _, data, _ in HOSTILE:
        try:
            document = json.loads(data.decode("utf-8-sig"))
            json.dumps(document, allow_nan=False)
        except (ValueError, RecursionError):
            continue  # not strict JSON (NaN, Infinity, bad UTF-8, ...): no client gets as far as a schema
        documents.append(document)
    # Python's jsonschema lets "$" match before a final newline ("375000.00\n"), JavaScript does not;
    # tokencomp's domain layer matches whole strings, so its verdict is the one ajv must agree with.
    assert [validate(json.dumps(d)).valid for d in documents] == ajv_verdicts(exported, documents)
    assert len(documents) >= 15


def test_generated_documents_agree(exported: Path) -> None:
    """On 300 schema-shaped documents, ajv's verdict equals the schema layer's, and never accepts what the
    domain rules reject for a reason the schema states."""
    documents: list[Any] = []

    @given(from_schema(OFFER))
    @settings(max_examples=300, database=None, suppress_health_check=list(HealthCheck))
    def collect(document: Any) -> None:
        documents.append(document)

    collect()
    checker = Draft202012Validator(OFFER, format_checker=Draft202012Validator.FORMAT_CHECKER)
    ajv = ajv_verdicts(exported, documents)
    assert [checker.is_valid(d) for d in documents] == ajv
    for document, accepted in zip(documents, ajv, strict=True):
        if not accepted:
            assert not validate(parse_json(json.dumps(document))).valid


def test_price_catalog(exported: Path) -> None:
    """The embedded price snapshot passes its own exported schema under ajv; a broken one does not."""
    snapshot = json.loads(
        (Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "prices-litellm.json").read_text()
    )
    broken = json.loads(json.dumps(snapshot))
    broken["prices"][0]["input_per_million"] = 2.5
    schema_id = SCHEMAS["price-catalog-v1"]()["$id"]
    assert [True, False] == ajv_verdicts(exported, [snapshot, broken], schema_id)


def test_job_posting(exported: Path) -> None:
    """ajv agrees with tokencomp on the example posting and on broken ones."""
    from tokencomp import validate_posting

    folder = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "postings"
    posting = json.loads((folder / "staff-engineer.json").read_text())
    broken = [
        {**posting, "salary_period": "fortnight"},
        {**posting, "token_budget": {"tokens_per_year_min": 1, "tokens_per_year_max": 2}},
        {k: v for k, v in posting.items() if k != "description"},
        {**posting, "salary": {"min": {"amount": 1, "currency": "USD"}, "max": posting["salary"]["max"]}},
    ]
    documents = [posting, *broken]
    ours = [validate_posting(json.dumps(d)).valid for d in documents]
    assert [True, False, False, False, False] == ours
    assert ours == ajv_verdicts(exported, documents, SCHEMAS["job-posting-v1"]()["$id"])


def test_limits_agree(exported: Path) -> None:
    """ajv enforces the contract's limits as tokencomp does: digits, maxima, dates, strings, counts.

    String length is in characters for both: ajv counts code points (its `unicode` option, on by default),
    so 1,000 emoji pass and 1,001 do not, as in Python.
    """
    from .test_limits import LONDON, changed, set_at

    grant = LONDON["equity"][0]
    documents = [
        changed(change)
        for change in [
            set_at("/salary/rate/amount", "999999999999999.999999999999"),
            set_at("/salary/rate/amount", "1000000000000000"),
            set_at("/salary/rate/amount", "1.0000000000001"),
            set_at("/equity/0/units", 10**15),
            set_at("/equity/0/units", 10**15 + 1),
            set_at("/equity/0/vesting/duration_months", 601),
            set_at("/equity/0/vesting/start_date", "1899-12-31"),
            set_at("/equity/0/vesting/start_date", "2199-12-31"),
            set_at("/role/title", "\U0001f600" * 1000),
            set_at("/role/title", "\U0001f600" * 1001),
            set_at("/role/title", "a\x1bb"),
            set_at("/role/title", "\ud800"),
            set_at("/metadata", {f"k{i}": "v" for i in range(101)}),
            set_at("/metadata", {"k\x00": "v"}),
            set_at("/equity", [grant] * 100),
            set_at("/equity", [grant] * 101),
            set_at("/token_budget/rollover", "none"),  # keeps its rollover_cap: contradictory
        ]
    ]
    documents[-1]["token_budget"]["rollover_cap"] = {"amount": "1.00", "currency": "USD"}
    ours = [validate(json.dumps(document)).valid for document in documents]
    assert [
        True,
        False,
        False,
        True,
        False,
        False,
        False,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
        True,
        False,
        False,
    ] == ours
    assert ours == ajv_verdicts(exported, documents)
