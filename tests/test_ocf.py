"""The Open Cap Format bridge: export-ocf against OCF's own schemas, import --from ocf against OCF's own samples."""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from referencing import Registry
from referencing.jsonschema import DRAFT7

from tokencomp.ocf import OcfIssuer, ocf_package, read_ocf, write_ocf
from tokencomp.ocf.reading import terms_vesting
from tokencomp.ocf.schedule import (
    ALLOCATIONS,
    STEP_MONTHS,
    Run,
    Segment,
    run_points,
    runs_of,
    schedule_points,
    segments_of,
)
from tokencomp.ocf.writing import MANIFEST

from .reference import DATA
from .test_differential import paths

OCF = DATA / "ocf"
SCHEMA_BASE = "https://raw.githubusercontent.com/Open-Cap-Table-Coalition/Open-Cap-Format-OCF/main/schema/"
#: The schema of each file type the export writes.
FILE_SCHEMAS = {
    "OCF_MANIFEST_FILE": "files/OCFManifestFile",
    "OCF_STAKEHOLDERS_FILE": "files/StakeholdersFile",
    "OCF_STOCK_CLASSES_FILE": "files/StockClassesFile",
    "OCF_STOCK_PLANS_FILE": "files/StockPlansFile",
    "OCF_VESTING_TERMS_FILE": "files/VestingTermsFile",
    "OCF_TRANSACTIONS_FILE": "files/TransactionsFile",
}
ISSUER = OcfIssuer("Example Inc.", datetime.date(2020, 1, 1), "US")
MOMENT = datetime.datetime(2026, 12, 5, 14, 0, tzinfo=datetime.UTC)


@functools.cache
def registry() -> Registry[Any]:
    """OCF's vendored schemas, each under its own $id: a $ref resolves to the file beside the test, never the web."""
    resources = []
    for path in sorted((OCF / "schema").rglob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], DRAFT7.create_resource(contents)))
    return Registry().with_resources(resources)


def ocf_errors(document: dict[str, Any]) -> list[str]:
    """What OCF's schema for *document*'s file type says is wrong with it (date formats checked too)."""
    schema = registry().contents(SCHEMA_BASE + FILE_SCHEMAS[document["file_type"]] + ".schema.json")
    validator = jsonschema.Draft7Validator(
        schema, registry=registry(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}" for error in validator.iter_errors(document)
    ]


def examples_with_equity() -> list[Path]:
    """Every shared example document, of every version, that grants equity."""
    found = []
    for path in sorted((DATA / "spec-examples" / "valid").glob("*.json")):
        if not path.name.endswith(".summary.json") and json.loads(path.read_text(encoding="utf-8")).get("equity"):
            found.append(path)
    return found


def package_of(
    tmp_path: Path,
    terms: list[dict[str, Any]],
    transactions: list[dict[str, Any]],
    valuations: list[dict[str, Any]] | None = None,
) -> Path:
    """A package folder with a manifest, *terms* and *transactions* (and *valuations*, when given)."""
    files = {
        "vesting_terms_files": ("VestingTerms.ocf.json", "OCF_VESTING_TERMS_FILE", terms),
        "transactions_files": ("Transactions.ocf.json", "OCF_TRANSACTIONS_FILE", transactions),
    }
    if valuations is not None:
        files["valuations_files"] = ("Valuations.ocf.json", "OCF_VALUATIONS_FILE", valuations)
    manifest: dict[str, Any] = {"ocf_version": "1.2.1-alpha+main", "file_type": "OCF_MANIFEST_FILE"}
    for key, (name, kind, items) in files.items():
        (tmp_path / name).write_text(json.dumps({"file_type": kind, "items": items}), encoding="utf-8")
        manifest[key] = [{"filepath": f"./{name}", "md5": "0" * 32}]
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def issuance(security: str, **fields: Any) -> dict[str, Any]:
    """An RSU issuance of 1,000 units to stakeholder ``s-1``, with *fields* over it."""
    return {
        "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE", "id": f"{security}-issuance", "security_id": security,
        "custom_id": security, "date": "2026-01-31", "stakeholder_id": "s-1", "compensation_type": "RSU",
        "quantity": "1000", "security_law_exemptions": [], "expiration_date": None,
        "termination_exercise_windows": [],
    } | fields  # fmt: skip


def vesting_start(security: str, date: str = "2026-01-31") -> dict[str, Any]:
    return {"object_type": "TX_VESTING_START", "id": f"{security}-start", "security_id": security, "date": date,
            "vesting_condition_id": "vesting-start"}  # fmt: skip


def sample_terms(name: str) -> dict[str, Any]:
    items = json.loads((OCF / "samples" / "VestingTerms.ocf.json").read_text(encoding="utf-8"))["items"]
    return next(item for item in items if item["id"] == name)


def relative(name: str, previous: str, length: int, count: int, numerator: str, denominator: str,
             **period: Any) -> dict[str, Any]:  # fmt: skip
    """An OCF relative condition of *count* vestings every *length* months, each numerator/denominator."""
    return {
        "id": name, "portion": {"numerator": numerator, "denominator": denominator}, "next_condition_ids": [],
        "trigger": {"type": "VESTING_SCHEDULE_RELATIVE", "relative_to_condition_id": previous,
                    "period": {"length": length, "type": "MONTHS", "occurrences": count,
                               "day_of_month": "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"} | period},
    }  # fmt: skip


def chain(*conditions: dict[str, Any], allocation: str = "CUMULATIVE_ROUND_DOWN") -> dict[str, Any]:
    """Vesting terms: a start, then *conditions* one after the other."""
    start = {
        "id": "vesting-start",
        "quantity": "0",
        "trigger": {"type": "VESTING_START_DATE"},
        "next_condition_ids": [],
    }
    linked = [start, *conditions]
    for before, after in itertools.pairwise(linked):
        before["next_condition_ids"] = [after["id"]]
    return {"object_type": "VESTING_TERMS", "id": "t", "name": "t", "description": "t",
            "allocation_type": allocation, "vesting_conditions": linked}  # fmt: skip


class TestVendoredSchemas:
    """The schema check itself: OCF's own sample passes it, and a broken file does not."""

    def test_sample_vesting_terms_valid(self) -> None:
        """OCF's VestingTerms sample is valid by OCF's schemas, resolved from the vendored files alone."""
        sample = json.loads((OCF / "samples" / "VestingTerms.ocf.json").read_text(encoding="utf-8"))
        assert [] == ocf_errors(sample)

    def test_broken_file_seen(self) -> None:
        """A vesting terms file whose allocation OCF does not name, and a date that does not exist, fail."""
        sample = json.loads((OCF / "samples" / "VestingTerms.ocf.json").read_text(encoding="utf-8"))
        sample["items"][0]["allocation_type"] = "ROUND_SIDEWAYS"
        assert ["items/0/allocation_type"] == [e.partition(":")[0] for e in ocf_errors(sample)]


class TestSchedulePoints:
    """Segments said as OCF runs and read back have the same vesting points, exactly."""

    @given(
        st.lists(
            st.tuples(
                st.integers(1, 60), st.integers(1, 40), st.sampled_from(sorted(STEP_MONTHS.values())),
                st.integers(0, 60),
            ),
            min_size=1, max_size=6,
        )
    )  # fmt: skip
    def test_round_trip(self, drawn: list[tuple[int, int, int, int]]) -> None:
        """Any segments (months, weight, step, cliff) → runs → segments give the very same points."""
        total = sum(weight for _, weight, _, _ in drawn)
        segments = [Segment(m, Fraction(w, total), s, min(c, m)) for m, w, s, c in drawn]
        points = schedule_points(segments)
        assert points == run_points(runs_of(points))
        assert points == schedule_points(segments_of(points))

    def test_cliff_comes_back(self) -> None:
        """OCF's 12-month vesting then 36 monthly ones at the same rate are one 48-month segment, 12-month cliff."""
        assert [Segment(48, Fraction(1), 1, 12)] == segments_of(
            run_points([Run(12, 1, Fraction(1, 4)), Run(1, 36, Fraction(1, 48))])
        )

    def test_step_the_contract_lacks(self) -> None:
        """Two vestings 24 months apart: two segments, each one vesting at its end (annual step, cliff 24)."""
        assert [Segment(24, Fraction(1, 2), 12, 24)] * 2 == segments_of(run_points([Run(24, 2, Fraction(1, 2))]))


class TestOcfSamples:
    """OCF's own sample vesting terms import to the schedules their descriptions state."""

    def test_four_year_one_year_cliff(self) -> None:
        """'25% ... on the one-year anniversary ... an additional 1/48th ... each month thereafter'."""
        expected = {
            "start_date": "2026-01-31", "duration_months": 48, "cliff_months": 12, "frequency": "monthly",
            "allocation": "CUMULATIVE_ROUNDING",
        }  # fmt: skip
        assert expected == terms_vesting(sample_terms("4yr-1yr-cliff-schedule"), datetime.date(2026, 1, 31), 4800)

    def test_six_year_back_loaded(self) -> None:
        """'10% ... on the 24th month; then 1.25% for 12 months; 1.67% ...; 2.08% ...; and 2.5% for 12 months'."""
        expected = {
            "start_date": "2026-01-31",
            "segments": [
                {"months": 24, "percent": "10", "frequency": "annually", "cliff_months": 24},
                {"months": 12, "percent": "15", "frequency": "monthly"},
                {"months": 12, "percent": "20", "frequency": "monthly"},
                {"months": 12, "percent": "25", "frequency": "monthly"},
                {"months": 12, "percent": "30", "frequency": "monthly"},
            ],
            "allocation": "BACK_LOADED",
        }
        assert expected == terms_vesting(sample_terms("6-yr-option-back-loaded"), datetime.date(2026, 1, 31), 1000)

    @pytest.mark.parametrize(
        "name", ["multi-tranche-event-based", "custom-vesting-100pct-upfront", "path-dependent-milestone-vesting"]
    )
    def test_event_terms_rejected(self, name: str, tmp_path: Path) -> None:
        """Terms that vest on events are rejected, saying so, and the issuance with them is not imported."""
        package = package_of(tmp_path, [sample_terms(name)], [issuance("a", vesting_terms_id=name), vesting_start("a")])
        result = read_ocf(package)
        assert ((), 1) == (result.holders, len(result.rejected))
        assert "vest on events (VESTING_EVENT" in result.rejected[0].reason

    def test_samples_package(self) -> None:
        """OCF's sample package: every issuance in it is rejected, each with why the contract cannot hold it."""
        result = read_ocf(OCF / "samples")
        reasons = {r.reason.partition(":")[0]: r.reason.partition(": ")[2] for r in result.rejected}
        assert () == result.holders
        assert {
            "issuance 'test-plan-security-issuance-minimal'": "an RSU with an exercise price: the contract's RSUs "
            "have none",
            "issuance 'test-plan-security-issuance-minimal-with-vestings-array'": "an RSU with an exercise price: "
            "the contract's RSUs have none",
            "issuance 'test-plan-security-issuance-any-of-block-for-compensation-type-option'": "a termination "
            "window of 1 days is no whole number of months",
            "issuance 'test-plan-security-issuance-full-fields'": "an RSU with an exercise price: the contract's "
            "RSUs have none",
            "issuance 'test-equity-compensation-issuance-no-plan'": "an RSU with an exercise price: the contract's "
            "RSUs have none",
        } == reasons


class TestImport:
    """Issuances become grants exactly, or are rejected with their reason."""

    def test_option_with_window(self, tmp_path: Path) -> None:
        """An ISO: strike, expiry, one window of 3 months for every reason, vestings as tranches."""
        windows = [
            {"reason": r, "period": 3, "period_type": "MONTHS"} for r in ("VOLUNTARY_OTHER", "INVOLUNTARY_OTHER")
        ]
        option = issuance(
            "o", compensation_type="OPTION_ISO", quantity="3", exercise_price={"amount": "1.2500", "currency": "EUR"},
            expiration_date="2036-01-30", termination_exercise_windows=windows,
            vestings=[{"date": "2027-01-31", "amount": "2"}, {"date": "2026-07-31", "amount": "1"}],
        )  # fmt: skip
        result = read_ocf(package_of(tmp_path, [], [option]))
        assert [{
            "schema_version": "1.1", "id": "s-1",
            "equity": [{
                "instrument": "iso", "units": 3, "strike_price": {"amount": "1.2500", "currency": "EUR"},
                "expiration_date": "2036-01-30", "post_termination_exercise_months": 3,
                "vesting": {"start_date": "2026-01-31",
                            "tranches": [{"date": "2026-07-31", "units": 1}, {"date": "2027-01-31", "units": 2}]},
            }],
        }] == [holder.document() for holder in result.holders]  # fmt: skip

    def test_no_vesting_is_vested_on_issuance(self, tmp_path: Path) -> None:
        """OCF: neither terms nor vestings is vested in full on issuance: one tranche on the issuance's date."""
        result = read_ocf(package_of(tmp_path, [], [issuance("a")]))
        expected = {"start_date": "2026-01-31", "tranches": [{"date": "2026-01-31", "units": 1000}]}
        assert expected == result.holders[0].grants[0]["vesting"]

    def test_unit_value_from_409a(self, tmp_path: Path) -> None:
        """The latest 409A valuation of the grant's stock class on or before the issuance is its unit value."""
        valuations = [
            {"object_type": "VALUATION", "id": f"v{n}", "stock_class_id": "common", "valuation_type": "409A",
             "effective_date": day, "price_per_share": {"amount": price, "currency": "USD"}}
            for n, (day, price) in enumerate([("2025-01-01", "1.00"), ("2025-07-01", "1.50"), ("2026-06-01", "2.00")])
        ]  # fmt: skip
        result = read_ocf(package_of(tmp_path, [], [issuance("a", stock_class_id="common")], valuations))
        grant = result.holders[0].grants[0]
        expected = ({"amount": "1.50", "currency": "USD"}, "fmv", "2025-07-01")
        assert expected == (grant["unit_value"], grant["value_basis"], grant["value_as_of"])

    @pytest.mark.parametrize(
        "later",
        [
            {"object_type": "TX_EQUITY_COMPENSATION_CANCELLATION", "quantity": "400", "reason_text": "left"},
            {"object_type": "TX_EQUITY_COMPENSATION_EXERCISE", "quantity": "10", "resulting_security_ids": ["x"]},
            {"object_type": "TX_VESTING_ACCELERATION", "quantity": "250", "reason_text": "change of control"},
        ],
    )
    def test_changed_since_issued_rejected(self, later: dict[str, Any], tmp_path: Path) -> None:
        """A security cancelled, exercised or accelerated since its issuance is not imported as if untouched."""
        change = {"id": "later", "security_id": "a", "date": "2026-09-30"} | later
        accepted = {"object_type": "TX_EQUITY_COMPENSATION_ACCEPTANCE", "id": "ok", "security_id": "b",
                    "date": "2026-02-01"}  # fmt: skip
        result = read_ocf(package_of(tmp_path, [], [issuance("a"), issuance("b"), change, accepted]))
        assert [("s-1", 1)] == [(holder.stakeholder_id, len(holder.grants)) for holder in result.holders]
        assert [
            f"issuance 'a-issuance': later transactions changed the security ({later['object_type']} on "
            "2026-09-30): a grant is imported as issued, so one cancelled, exercised, transferred or re-vested "
            "since is not"
        ] == [r.reason for r in result.rejected]

    def test_cliff_installment(self, tmp_path: Path) -> None:
        """OCF's cliff_installment on a monthly condition is the contract's cliff."""
        terms = chain(relative("m", "vesting-start", 1, 36, "1", "36", cliff_installment=6))
        result = read_ocf(package_of(tmp_path, [terms], [issuance("a", vesting_terms_id="t"), vesting_start("a")]))
        vesting = result.holders[0].grants[0]["vesting"]
        assert (36, 6, "monthly") == (vesting["duration_months"], vesting["cliff_months"], vesting["frequency"])

    @pytest.mark.parametrize(
        ("terms", "reason"),
        [
            (chain(relative("d", "vesting-start", 30, 12, "1", "12") | {"trigger": {
                "type": "VESTING_SCHEDULE_RELATIVE", "relative_to_condition_id": "vesting-start",
                "period": {"length": 30, "type": "DAYS", "occurrences": 12}}}), "counts its period in days"),
            (chain(relative("m", "vesting-start", 1, 12, "1", "12"), allocation="FRACTIONAL"),
             "allocation FRACTIONAL vests parts of a unit"),
            (chain(relative("m", "vesting-start", 1, 12, "1", "24")), "vest 1/2 of the grant in all"),
            (chain(relative("m", "vesting-start", 1, 12, "1", "12") | {"portion": {
                "numerator": "1", "denominator": "12", "remainder": True}}), "a portion of the remainder"),
            (chain(relative("m", "vesting-start", 1, 12, "1", "12", day_of_month="01")), "vests on day 01"),
            (chain(relative("y", "vesting-start", 12, 1, "1", "3"), relative("m", "y", 1, 12, "1", "18")),
             "1/3 of the grant is no decimal percent"),
        ],
        ids=["days", "fractional", "half", "remainder", "day-of-month", "third"],
    )  # fmt: skip
    def test_rejected(self, terms: dict[str, Any], reason: str, tmp_path: Path) -> None:
        """What the contract cannot hold is rejected with its reason, never approximated."""
        result = read_ocf(package_of(tmp_path, [terms], [issuance("a", vesting_terms_id="t"), vesting_start("a")]))
        assert 1 == len(result.rejected)
        assert reason in result.rejected[0].reason

    def test_a_third_in_equal_years_is_whole(self, tmp_path: Path) -> None:
        """A third a year for three years is no decimal percent, but is one uniform schedule: imported."""
        terms = chain(relative("y", "vesting-start", 12, 3, "1", "3"))
        # 12 months, 3 occurrences: a third each; the runs merge to 36 months annually.
        result = read_ocf(package_of(tmp_path, [terms], [issuance("a", vesting_terms_id="t"), vesting_start("a")]))
        assert () == result.rejected

    @pytest.mark.parametrize(
        ("fields", "reason"),
        [
            ({"compensation_type": "CSAR", "base_price": {"amount": "1", "currency": "USD"}}, "'CSAR'"),
            ({"exercise_price": {"amount": "1", "currency": "USD"}}, "an RSU with an exercise price"),
            ({"quantity": "10.5"}, "not a whole number of units"),
            ({"compensation_type": "OPTION_NSO", "exercise_price": {"amount": "1", "currency": "USD"},
              "termination_exercise_windows": [
                  {"reason": "VOLUNTARY_OTHER", "period": 3, "period_type": "MONTHS"},
                  {"reason": "INVOLUNTARY_DEATH", "period": 1, "period_type": "YEARS"}]},
             "termination windows differ by reason (3, 12 months)"),
            ({"vestings": [{"date": "2027-01-31", "amount": "999"}]}, "add up to 999, not the quantity 1000"),
            ({"vesting_terms_id": "missing"}, "vesting terms 'missing' are not in the package"),
            ({"compensation_type": "OPTION_ISO", "exercise_price": {"amount": "1", "currency": "USD"},
              "expiration_date": "2025-01-01"}, "not a valid grant: /expiration_date"),
        ],
        ids=["sar", "rsu-strike", "fraction", "windows", "vestings-sum", "no-terms", "expired"],
    )  # fmt: skip
    def test_issuance_rejected(self, fields: dict[str, Any], reason: str, tmp_path: Path) -> None:
        """An issuance the contract cannot hold is rejected alone, with its reason; the others are imported."""
        result = read_ocf(package_of(tmp_path, [], [issuance("bad", **fields), issuance("good")]))
        assert (1, 1) == (len(result.holders[0].grants), len(result.rejected))
        assert reason in result.rejected[0].reason
        assert "/items/0" == result.rejected[0].problems[0].pointer


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 50)
    | st.sampled_from(["", "0", "1", "-1", "2.5", "x", "MONTHS", "DAYS"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "type", "date"]), inner, max_size=2)
    ),
    max_leaves=6,
)


class TestHostilePackages:
    """Any value anywhere in a package's terms or issuance: a rejected issuance or a grant, never another error."""

    @given(st.data())
    def test_never_a_traceback(self, data: st.DataObject) -> None:
        """One field of a valid package, replaced by any JSON value, still reads to grants or rejections."""
        import tempfile

        option = issuance(
            "b", compensation_type="OPTION_NSO", exercise_price={"amount": "1.25", "currency": "USD"},
            termination_exercise_windows=[{"reason": "VOLUNTARY_OTHER", "period": 3, "period_type": "MONTHS"}],
            vestings=[{"date": "2027-01-31", "amount": "400"}, {"date": "2028-01-31", "amount": "600"}],
        )  # fmt: skip
        documents = {
            "terms": [sample_terms("6-yr-option-back-loaded")],
            "transactions": [issuance("a", vesting_terms_id="6-yr-option-back-loaded"), vesting_start("a"), option],
        }
        where = data.draw(st.sampled_from([p for p in paths(documents) if len(p) > 2]))
        target: Any = documents
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = data.draw(JSON_VALUES)
        with tempfile.TemporaryDirectory() as folder:
            result = read_ocf(package_of(Path(folder), documents["terms"], documents["transactions"]))
        issued = [t for t in documents["transactions"] if t.get("object_type") == "TX_EQUITY_COMPENSATION_ISSUANCE"]
        assert len(issued) == sum(len(h.grants) for h in result.holders) + len(result.rejected)


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tokencomp", *arguments], capture_output=True, text=True, check=False, timeout=120
    )


class TestCommandLine:
    """tokencomp export-ocf and import --from ocf: files, lines, exit statuses, one-line errors."""

    def test_export_then_import(self, tmp_path: Path) -> None:
        """An example's grant goes out as a package and comes back as one JSON line of its stakeholder."""
        example = DATA / "spec-examples" / "valid" / "london-staff-engineer.json"
        out = tmp_path / "package"
        issuer = ["--issuer-name", "Example Inc.", "--issuer-formed", "2020-01-01", "--issuer-country", "us"]
        exported = run("export-ocf", str(example), "--out", str(out), *issuer, "--generated-at", "2026-12-05T14:00Z")
        assert (0, 6) == (exported.returncode, len(list(out.iterdir())))
        assert (
            "",
            "note: offer 'ldn-staff-0042' /equity/0: OCF has no field for unit_value: kept in the "
            "issuance's comments only",
        ) == (exported.stderr, exported.stdout.splitlines()[1])
        imported = run("import", "--from", "ocf", str(out))
        assert (0, "") == (imported.returncode, imported.stderr)
        (line,) = imported.stdout.splitlines()
        assert ("ldn-staff-0042", 2000) == (json.loads(line)["id"], json.loads(line)["equity"][0]["units"])

    @pytest.mark.parametrize("content", [None, "{not json", '{"file_type": "OCF_TRANSACTIONS_FILE", "items": []}'])
    def test_unreadable_package(self, content: str | None, tmp_path: Path) -> None:
        """No manifest, a manifest that is not JSON or not a manifest: exit 2, one line, no traceback."""
        if content is not None:
            (tmp_path / MANIFEST).write_text(content, encoding="utf-8")
        result = run("import", "--from", "ocf", str(tmp_path))
        assert (2, 1, "") == (result.returncode, len(result.stderr.splitlines()), result.stdout)
        assert "Traceback" not in result.stderr

    def test_file_outside_package_refused(self, tmp_path: Path) -> None:
        """A manifest listing a file outside its folder is refused whole (exit 2)."""
        manifest = {"file_type": "OCF_MANIFEST_FILE",
                    "transactions_files": [{"filepath": "../elsewhere.json", "md5": "0" * 32}]}  # fmt: skip
        (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        result = run("import", "--from", "ocf", str(tmp_path))
        assert 2 == result.returncode
        assert "outside the package's folder" in result.stderr

    def test_rejected_exit_one(self, tmp_path: Path) -> None:
        """A rejected issuance: exit 1, its file, index and reason on standard error, the others printed."""
        package = package_of(tmp_path, [], [issuance("a", quantity="0.5"), issuance("b")])
        result = run("import", "--from", "ocf", str(package))
        assert (1, 1) == (result.returncode, len(result.stdout.splitlines()))
        assert "Transactions.ocf.json: index 0: rejected: issuance 'a-issuance': quantity" in result.stderr


FREQUENCIES = sorted(STEP_MONTHS)


@st.composite
def vestings(draw: st.DrawFn, units: int) -> dict[str, Any]:
    """A version 1.1 vesting of *units*: uniform, segments (with cliffs) or explicit tranches, any allocation."""
    start = draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)))
    shape = draw(st.sampled_from(["uniform", "segments", "tranches"]))
    vesting: dict[str, Any] = {"start_date": start.isoformat()}
    if shape == "tranches":
        count = draw(st.integers(1, min(units, 8)))
        cuts = sorted(draw(st.sets(st.integers(1, max(units - 1, 1)), min_size=count - 1, max_size=count - 1)))
        # The first tranche on or after the start, each next on a later day.
        gaps = [draw(st.integers(0, 400)), *draw(st.lists(st.integers(1, 400), min_size=count - 1, max_size=count - 1))]
        days = list(itertools.accumulate(gaps))
        vesting["tranches"] = [
            {"date": (start + datetime.timedelta(days=day)).isoformat(), "units": b - a}
            for day, (a, b) in zip(days, itertools.pairwise([0, *cuts, units]), strict=True)
        ]
        return vesting
    if shape == "uniform":
        duration = draw(st.integers(1, 120))
        vesting |= {"duration_months": duration, "frequency": draw(st.sampled_from(FREQUENCIES))}
        vesting["cliff_months"] = draw(st.integers(0, duration))
    else:
        count = draw(st.integers(1, 5))
        cuts = sorted(draw(st.sets(st.integers(1, 199), min_size=count - 1, max_size=count - 1)))
        segments = []
        for a, b in itertools.pairwise([0, *cuts, 200]):
            months = draw(st.integers(1, 48))
            percent = format(Decimal(b - a) / 2, "f")
            segment: dict[str, Any] = {
                "months": months,
                "percent": percent,
                "frequency": draw(st.sampled_from(FREQUENCIES)),
            }
            cliff = draw(st.integers(0, months))
            if cliff:
                segment["cliff_months"] = cliff
            segments.append(segment)
        vesting["segments"] = segments
    vesting["allocation"] = draw(st.sampled_from(ALLOCATIONS))
    return vesting


@st.composite
def grants(draw: st.DrawFn, version: str) -> dict[str, Any]:
    """A grant of contract *version*: any instrument and vesting it has (version 1: rsu, iso, nso, uniform)."""
    instrument = draw(st.sampled_from(["rsu", "iso", "nso"] + (["psu"] if version == "1.1" else [])))
    units = draw(st.integers(1, 10**6))
    vesting = draw(vestings(units))
    while version == "1" and ("duration_months" not in vesting or vesting["frequency"] == "semiannually"):
        vesting = draw(vestings(units))
    if version == "1":
        del vesting["allocation"]
    grant: dict[str, Any] = {
        "instrument": instrument,
        "units": units,
        "unit_value": {"amount": "12.50", "currency": "USD"},
        "vesting": vesting,
    }
    if instrument in {"iso", "nso"}:
        grant["strike_price"] = {"amount": "3.25", "currency": "USD"}
    return grant


def round_trip(drawn: list[dict[str, Any]], version: str) -> tuple[list[Any], list[Any]]:
    """The events of *drawn* grants in an offer, and of the grants an OCF export of it imports back to."""
    import tempfile

    from tokencomp import loads

    document = {
        "schema_version": version, "id": "offer-1", "effective_date": "2026-01-01", "currency": "USD",
        "salary": {"rate": {"amount": "100000", "currency": "USD"}, "period": "year"}, "equity": drawn,
    }  # fmt: skip
    offer = loads(json.dumps(document))
    with tempfile.TemporaryDirectory() as folder:
        write_ocf(ocf_package([offer], ISSUER, generated_at=MOMENT), Path(folder))
        result = read_ocf(folder)
    assert () == result.rejected
    (holder,) = result.holders
    back = [
        grant | {"unit_value": original["unit_value"]} for grant, original in zip(holder.grants, drawn, strict=True)
    ]
    if version == "1":  # version 1's rule is the default allocation, which version 1 does not name
        for grant in back:
            assert "CUMULATIVE_ROUND_DOWN" == grant["vesting"].pop("allocation")
    again = loads(json.dumps(document | {"equity": back}))
    return [list(g.vesting.events(g.units)) for g in offer.equity or ()], [
        list(g.vesting.events(g.units)) for g in again.equity or ()
    ]


class TestRoundTrip:
    """An offer's grants exported to OCF and imported back vest the very same tranches (Vesting.events)."""

    @given(st.lists(grants("1"), min_size=1, max_size=3))
    def test_same_tranches_version_1(self, drawn: list[dict[str, Any]]) -> None:
        """Version 1 grants (uniform schedules, cliffs up to the whole duration, every frequency): same events."""
        before, after = round_trip(drawn, "1")
        assert before == after

    @given(st.lists(grants("1.1"), min_size=1, max_size=3))
    def test_same_tranches(self, drawn: list[dict[str, Any]]) -> None:
        """Version 1.1 grants: every allocation, segments with cliffs, explicit tranches, PSUs: same events."""
        before, after = round_trip(drawn, "1.1")
        assert before == after


class TestExportMapping:
    """Version 1.1 grants map field by field; what OCF has no field for is kept in comments and noted."""

    def test_fields(self) -> None:
        """A PSU by value, an NSO with expiry and window, explicit tranches: OCF's fields, exactly."""
        from tokencomp import loads

        usd = {"currency": "USD"}
        document = {
            "schema_version": "1.1", "id": "o-7", "effective_date": "2026-04-01", "currency": "USD",
            "salary": {"rate": {"amount": "100000", "currency": "USD"}, "period": "year"},
            "equity": [
                {"instrument": "psu", "kind": "refresh", "max_units": 500,
                 "grant_value": {"amount": {"amount": "10000.00"} | usd, "conversion_price": {"amount": "30.00"} | usd},
                 "unit_value": {"amount": "30.00"} | usd,
                 "vesting": {"start_date": "2026-04-01", "tranches": [{"date": "2027-04-01", "units": 333}]}},
                {"instrument": "nso", "units": 1000, "unit_value": {"amount": "2.00"} | usd,
                 "strike_price": {"amount": "1.1250"} | usd, "expiration_date": "2036-03-31",
                 "post_termination_exercise_months": 3,
                 "vesting": {"start_date": "2026-04-01", "duration_months": 12, "cliff_months": 0,
                             "frequency": "semiannually", "allocation": "BACK_LOADED"}},
            ],
        }  # fmt: skip
        package = ocf_package([loads(json.dumps(document))], ISSUER, generated_at=MOMENT)
        psu, nso, start = package.transactions
        assert ("RSU", "333", [{"date": "2027-04-01", "amount": "333"}]) == (
            psu["compensation_type"],
            psu["quantity"],
            psu["vestings"],
        )
        assert [
            "tokencomp: instrument psu", "tokencomp: kind refresh", "tokencomp: unit_value 30.00 USD",
            "tokencomp: grant_value 10000.00 USD at 30.00 USD a unit: 333 units", "tokencomp: max_units 500",
        ] == psu["comments"]  # fmt: skip
        assert ("OPTION_NSO", {"amount": "1.1250", "currency": "USD"}, "2036-03-31") == (
            nso["compensation_type"],
            nso["exercise_price"],
            nso["expiration_date"],
        )
        assert {(3, "MONTHS")} == {(w["period"], w["period_type"]) for w in nso["termination_exercise_windows"]}
        assert 7 == len(nso["termination_exercise_windows"])
        assert ("TX_VESTING_START", "2026-04-01") == (start["object_type"], start["date"])
        (terms,) = package.vesting_terms
        assert ("BACK_LOADED", [None, 2]) == (
            terms["allocation_type"],
            [c["trigger"].get("period", {}).get("occurrences") for c in terms["vesting_conditions"]],
        )
        assert (
            "offer 'o-7' /equity/0: OCF has no field for instrument psu (written as RSU), kind, unit_value, "
            "grant_value, max_units: kept in the issuance's comments only"
        ) == package.notes[0]

    def test_too_many_places_refused(self) -> None:
        """A strike of 11 decimal places is more than OCF's Numeric holds: the grant is refused, said."""
        from tokencomp import loads

        document = json.loads((DATA / "spec-examples" / "valid" / "london-staff-engineer.json").read_text())
        document["equity"][0] |= {"instrument": "iso", "strike_price": {"amount": "1.00000000001", "currency": "USD"}}
        package = ocf_package([loads(json.dumps(document))], ISSUER, generated_at=MOMENT)
        assert [
            "offer 'ldn-staff-0042' /equity/0: not exported: 1.00000000001 has more than 10 decimal places, the "
            "most OCF's Numeric holds"
        ] == list(package.refused)


class TestExportValid:
    """Every shared example with equity exports to files OCF's own schemas accept."""

    @pytest.mark.parametrize("example", examples_with_equity(), ids=lambda path: path.stem)
    def test_valid_by_ocf(self, example: Path, tmp_path: Path) -> None:
        """Each file of the package is valid by the schema of its file type, and the manifest lists them all."""
        from tokencomp import loads

        package = ocf_package([loads(example.read_text(encoding="utf-8"))], ISSUER, generated_at=MOMENT)
        written = write_ocf(package, tmp_path)
        documents = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in written}
        assert {name: [] for name in documents} == {name: ocf_errors(d) for name, d in documents.items()}
        listed = {f["filepath"] for key, files in documents[MANIFEST].items() if key.endswith("_files") for f in files}
        assert {f"./{name}" for name in documents if name != MANIFEST} == listed
        grants = len(json.loads(example.read_text(encoding="utf-8"))["equity"])
        assert grants == sum(t["object_type"] == "TX_EQUITY_COMPENSATION_ISSUANCE" for t in package.transactions)
