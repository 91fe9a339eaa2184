"""Pay-transparency postings: the document, its schema, and schema.org JSON-LD."""

from __future__ import annotations

import importlib.resources
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pyld import jsonld as pyld

from tokencomp import jsonld, jsonld_text, load_posting, validate_posting
from tokencomp.cli import main
from tokencomp.reports.render import posting_text

EXAMPLE = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
SCHEMA_ORG = "https://schema.org/"
# Google's job-posting guidelines: the properties a JobPosting must have.
GOOGLE_REQUIRED = ("title", "description", "datePosted", "hiringOrganization", "jobLocation")


def example(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLE.read_text())
    document.update(changes)
    return document


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context, reduced to its vocabulary: nothing is fetched in tests."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA_ORG}}}


@pytest.fixture
def document() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(jsonld_text(load_posting(EXAMPLE.read_bytes())), parse_float=Decimal)
    return result


class TestJsonLd:
    def test_expands_as_json_ld(self, document: dict[str, Any]) -> None:
        """pyld expands the output into a schema.org JobPosting with Google's required properties."""
        text = json.dumps(json.loads(jsonld_text(load_posting(EXAMPLE.read_bytes()))))
        expanded = pyld.expand(json.loads(text), {"documentLoader": offline_loader})
        assert 1 == len(expanded)
        node = expanded[0]
        assert [f"{SCHEMA_ORG}JobPosting"] == node["@type"]
        for name in GOOGLE_REQUIRED:
            assert f"{SCHEMA_ORG}{name}" in node, name

    def test_base_salary_is_exact_and_only_salary(self, document: dict[str, Any]) -> None:
        """baseSalary holds the salary range as exact numbers with unitText, and no token amount."""
        salary = document["baseSalary"]
        assert ("MonetaryAmount", "USD", "QuantitativeValue", "YEAR") == (
            salary["@type"], salary["currency"], salary["value"]["@type"], salary["value"]["unitText"],
        )  # fmt: skip
        assert (Decimal("350000.00"), Decimal("400000.00")) == (
            salary["value"]["minValue"],
            salary["value"]["maxValue"],
        )
        flat = json.dumps(salary, default=str).lower()
        assert "token" not in flat
        assert "50000.00" not in flat.replace("350000.00", "")
        assert "100000.00" not in flat

    def test_token_budget_is_a_benefit_in_plain_words(self, document: dict[str, Any]) -> None:
        """The budget is in jobBenefits, saying it does not vest, is not transferable and is forfeited."""
        benefits = document["jobBenefits"]
        for words in ("does not vest", "not transferable", "forfeited on leaving", "$50,000.00 to $100,000.00 a year"):
            assert words in benefits
        assert "Target bonus of 10 to 15 %" in document["incentiveCompensation"]
        assert "Equity worth $100,000.00 to $150,000.00 a year" in document["incentiveCompensation"]

    def test_remote_and_hourly(self) -> None:
        """A remote posting says TELECOMMUTE with the country; an hourly range says HOUR."""
        data = example(location={"country": "GB", "remote": True}, salary_period="hour")
        document = json.loads(jsonld_text(load_posting(json.dumps(data))))
        assert ("TELECOMMUTE", "GB", "HOUR") == (
            document["jobLocationType"],
            document["applicantLocationRequirements"]["name"],
            document["baseSalary"]["value"]["unitText"],
        )

    def test_budget_in_tokens(self) -> None:
        """A token range names its price snapshot in jobBenefits."""
        budget = {
            "tokens_per_year_min": 10_000_000_000,
            "tokens_per_year_max": 20_000_000_000,
            "pricing": {"provider": "openai", "model": "gpt-4o", "currency": "USD", "input_per_million": "2.50",
                        "output_per_million": "10.00", "as_of": "2026-11-01"},
            "usage_mix": {"input": "0.75", "output": "0.25"},
        }  # fmt: skip
        document = json.loads(jsonld_text(load_posting(json.dumps(example(token_budget=budget)))))
        assert (
            "10,000,000,000 to 20,000,000,000 tokens a year (openai gpt-4o, prices as of 2026-11-01)"
            in (document["jobBenefits"])
        )


class TestPostingDocument:
    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"salary": {"min": {"amount": "2", "currency": "USD"}, "max": {"amount": "1", "currency": "USD"}}},
             [("/salary/max/amount", "range-reversed")]),
            ({"token_budget": {"tokens_per_year_min": 1, "tokens_per_year_max": 2}},
             [("/token_budget/pricing", "tokens-without-pricing")]),
            ({"location": {"country": "XX"}}, [("/location/country", "unknown-country")]),
            ({"valid_through": "2026-01-01"}, [("/valid_through", "date-order")]),
            ({"title": ""}, [("/title", "empty-string")]),
            ({"salary_period": "fortnight"}, [("/salary_period", "not-allowed")]),
            ({"extra": 1}, [("/extra", "unknown-key")]),
        ],
    )  # fmt: skip
    def test_problems(self, changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
        """Each broken posting gets its pointer and code."""
        report = validate_posting(json.dumps(example(**changes)))
        assert expected == [(p.pointer, p.code) for p in report.problems]

    def test_built_from_the_package_names_alone(self) -> None:
        """The posting's building blocks are exported from tokencomp, and build the example posting."""
        import datetime

        import tokencomp as tc

        usd = "USD"
        posting = tc.JobPosting(
            id="staff-eng-2026-11",
            title="Staff Software Engineer",
            organization="Example Labs",
            description="Design and build the systems that run our AI products.",
            location=tc.Location("US", "San Francisco", "CA", remote=True),
            date_posted=datetime.date(2026, 11, 1),
            salary=tc.MoneyRange(tc.Money("350000.00", usd), tc.Money("400000.00", usd)),
            salary_period=tc.SalaryPeriod.YEAR,
            employment_type=tc.EmploymentType.FULL_TIME,
            bonus_target_percent=tc.PercentRange(Decimal("10"), Decimal("15")),
            token_budget=tc.TokenBudgetRange(tc.MoneyRange(tc.Money("50000.00", usd), tc.Money("100000.00", usd))),
        )
        assert posting == validate_posting(tc.dumps(posting)).document

    def test_example_round_trips(self) -> None:
        """The example posting is valid and comes back as it was."""
        from tokencomp import dumps

        assert json.loads(EXAMPLE.read_text()) == json.loads(dumps(load_posting(EXAMPLE.read_bytes())))


class TestText:
    """The posting in words: amounts grouped, a range with equal ends said once, "an hour"."""

    def test_text(self) -> None:
        """The example posting: each range with grouped amounts."""
        assert [
            "Staff Software Engineer at Example Robotics, Inc. (San Francisco)",
            "Salary: $350,000.00 to $400,000.00 a year",
            "Target bonus: 10 to 15 %",
            "Equity: $100,000.00 to $150,000.00 a year",
        ] == posting_text(load_posting(EXAMPLE.read_bytes())).splitlines()[:4]

    def test_equal_ends_and_an_hour(self) -> None:
        """A fixed hourly rate, a fixed bonus and a fixed budget are one figure each."""
        fixed = {"min": {"amount": "85.00", "currency": "USD"}, "max": {"amount": "85.00", "currency": "USD"}}
        budget = {"min": {"amount": "60000", "currency": "USD"}, "max": {"amount": "60000.00", "currency": "USD"}}
        data = example(salary=fixed, salary_period="hour", bonus_target_percent={"min": "10", "max": "10.0"},
                       token_budget={"allowance_per_year": budget})  # fmt: skip
        posting = load_posting(json.dumps(data))
        text = posting_text(posting, "de_DE")
        assert "Salary: 85,00\xa0$ an hour" in text
        assert "Target bonus: 10 %" in text
        assert "worth 60.000,00\xa0$ a year" in text
        assert "worth $60,000.00 a year" in jsonld(posting)["jobBenefits"]
        assert "Target bonus of 10 % of base salary" in jsonld(posting)["incentiveCompensation"]


class TestCli:
    def test_jsonld_and_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """tokencomp posting prints JSON-LD by default, or text."""
        assert 0 == main(["posting", str(EXAMPLE)])
        assert "JobPosting" == json.loads(capsys.readouterr().out)["@type"]
        assert 0 == main(["posting", str(EXAMPLE), "--format", "text"])
        assert "Token budget: An AI inference token budget" in capsys.readouterr().out

    def test_invalid(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An invalid posting is one line and exit 1; a missing file exit 2."""
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(example(title="")))
        assert 1 == main(["posting", str(bad)])
        err = capsys.readouterr().err
        assert "/title" in err
        assert 1 == len(err.strip().splitlines())
        assert 2 == main(["posting", str(tmp_path / "missing.json")])


class TestGoogleFields:
    """directApply, an HTML description, validThrough and the organization's sameAs and logo."""

    def test_given_fields_are_written(self) -> None:
        """Each optional field of the posting becomes its JobPosting property."""
        posting = load_posting(
            json.dumps(
                example(
                    direct_apply=True,
                    organization_url="https://robotics.example/",
                    organization_logo="https://robotics.example/logo.png",
                )
            )
        )
        document = jsonld(posting)
        assert (True, "2027-01-31") == (document["directApply"], document["validThrough"])
        assert {
            "@type": "Organization",
            "name": "Example Robotics, Inc.",
            "sameAs": "https://robotics.example/",
            "logo": "https://robotics.example/logo.png",
        } == document["hiringOrganization"]

    def test_absent_fields_are_left_out(self) -> None:
        """A posting that does not say leaves directApply, sameAs and logo out; false is written as false."""
        document = jsonld(load_posting(EXAMPLE.read_bytes()))
        assert ({"@type", "name"}, False) == (set(document["hiringOrganization"]), "directApply" in document)
        assert False is jsonld(load_posting(json.dumps(example(direct_apply=False))))["directApply"]

    def test_description_is_escaped_html(self) -> None:
        """The text becomes HTML paragraphs; markup in it is escaped, never passed through."""
        text = "Build the platform.\n\nYou will <script>alert(1)</script> & more.\nRemote."
        document = jsonld(load_posting(json.dumps(example(description=text))))
        assert (
            "<p>Build the platform.</p><p>You will &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.<br>Remote.</p>"
            == document["description"]
        )

    @pytest.mark.parametrize(
        ("expected", "text"),
        [
            ([], "Paragraph one.\r\n\r\nParagraph two.\nLine two."),
            ([("/description", "control-character")], "Tab\tseparated"),
            ([("/description", "too-long")], "x" * 20_001),
        ],
    )
    def test_the_description_is_prose(self, expected: list[tuple[str, str]], text: str) -> None:
        """A description may break lines and run to 20,000 characters; other control characters are refused."""
        problems = validate_posting(json.dumps(example(description=text))).problems
        assert expected == [(p.pointer, p.code) for p in problems]

    @pytest.mark.parametrize("url", ["robotics.example", "javascript:alert(1)", "https://a b", "ftp://x.example/"])
    def test_an_organization_url_is_a_web_address(self, url: str) -> None:
        """Only http(s) addresses: the model and the schema refuse anything else."""
        report = validate_posting(json.dumps(example(organization_url=url, organization_logo=url)))
        assert [("/organization_logo", "not-a-url"), ("/organization_url", "not-a-url")] == [
            (p.pointer, p.code) for p in report.problems
        ]
        schema = json.loads((Path(__file__).parent.parent / "schemas" / "job-posting-v1.json").read_text())
        assert not Draft202012Validator(schema).is_valid(example(organization_url=url))
