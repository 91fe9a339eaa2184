"""Pay transparency (issue #25, workforce-v1): the figures by hand, in every format, and their invariants."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    EU_POLICY,
    PAY_COMPONENTS,
    Gender,
    InvalidPolicyError,
    PayClass,
    RejectedRecord,
    RuleViolation,
    SourceError,
    Worker,
    classify_pay,
    loads,
    parse_json,
    pay_gap,
    pay_gap_csv,
    pay_gap_of,
    pay_gap_text,
    pay_info,
    read_policy,
    read_workforce,
    summarize,
    worker_pay,
)
from tokencomp._internal.translations import translations
from tokencomp.reports.wording import parse_locale
from tokencomp.transparency.figures import _gap
from tokencomp.transparency.text import REASONS

from .test_cli import run

SMALL = Path(__file__).parent / "data" / "workforce" / "small.jsonl"
ON = datetime.date(2026, 12, 31)

# The small workforce (tests/data/workforce/small.jsonl), made by hand. Hours are 40 a week (2,080 a year) but
# for F3 (part-time, 20 a week: 1,040 a year). Hourly pay = annual / (hours × 52):
#
#   id  gender  category     annual basic        annual complementary                     basic/h  compl./h  total/h
#   F1  female  Engineering  41,600              bonus 10 %: 4,160                         20       2         22
#   F2  female  Engineering  52,000              none (no complementary pay)               25       0         25
#   F3  female  Engineering  26,000 (20 h)       bonus 10 %: 2,600                         25       2.5       27.5
#   F4  female  Engineering  62,400              token budget for personal use: 2,080     30       1         31
#   F5  female  Engineering  41,600              bonus 5 %: 2,080                          20       1         21
#   M1  male    Engineering  52,000              bonus 10 %: 5,200                         25       2.5       27.5
#   M2  male    Engineering  62,400              bonus 10 %: 6,240                         30       3         33
#   M3  male    Engineering  41,600              token budget, a work tool: left out       20       0         20
#   M4  male    Engineering  72,800              bonus 20 %: 14,560                        35       7         42
#   M5  male    Engineering  52,000              commission target 4,160                   25       2         27
#   F6  female  Sales        45,760              bonus 10 %: 4,576                         22       2.2       24.2
#   F7  female  Sales        paid: 39,520        paid: 0 (the package's bonus is replaced) 19       0         19
#   M6  male    Sales        49,920              bonus 10 %: 4,992                         24       2.4       26.4
#   M7  male    Sales        43,680              none                                      21       0         21
#   M8  male    Sales        58,240              allowance 2,080                           28       1         29
#   X1  non_binary, Engineering; X2 undisclosed, Sales: counted as "other", outside (a)-(g).
#
# (a) women's totals sum to 169.7 over 7, men's to 225.9 over 8:
#     1 - (169.7/7) / (225.9/8) = 1 - 135,760/158,130 = 22,370/158,130 = 0.141466... -> 14.15
# (c) women sorted 19 21 22 [24.2] 25 27.5 31: 24.2; men 20 21 26.4 [27 27.5] 29 33 42: 27.25;
#     (27.25 - 24.2) / 27.25 = 3.05/27.25 = 0.111926... -> 11.19
# (b) receivers: women F1 F3 F4 F5 F6: 2 + 2.5 + 1 + 1 + 2.2 = 8.7 / 5 = 1.74; men M1 M2 M4 M5 M6 M8:
#     2.5 + 3 + 7 + 2 + 2.4 + 1 = 17.9 / 6 = 179/60; (179/60 - 87/50) / (179/60) = 373/895 = 0.416759... -> 41.68
# (d) women 1 1 [2] 2.2 2.5: 2; men 1 2 [2.4 2.5] 3 7: 2.45; 0.45 / 2.45 = 0.183673... -> 18.37
# (e) 5 of 7 women: 71.428... -> 71.43; 6 of 8 men: 75.00
# (f) 15 workers by total, then id: F7 19, M3 20, F5 21, M7 21 (the tie broken by id), F1 22, F6 24.2, F2 25,
#     M6 26.4, M5 27, F3 27.5, M1 27.5, M8 29, F4 31, M2 33, M4 42. Bands: positions 0-2 (15·0/4 = 0 to
#     15/4 = 3, less 1), 3-6, 7-10, 11-14:
#     1: F7 M3 F5 -> 66.67 / 33.33;  2: M7 F1 F6 F2 -> 75.00 / 25.00;
#     3: M6 M5 F3 M1 -> 25.00 / 75.00;  4: M8 F4 M2 M4 -> 25.00 / 75.00
# (g) Engineering, 5 women and 5 men: women total 126.5/5 = 25.3, basic 120/5 = 24, complementary 6.5/5 = 1.3;
#     men total 149.5/5 = 29.9, basic 135/5 = 27, complementary 14.5/5 = 2.9.
#     total 4.6/29.9 = 0.153846... -> 15.38 (5.00 or more: joint assessment); basic 3/27 = 0.1111... -> 11.11;
#     complementary 1.6/2.9 = 0.551724... -> 55.17.
#     Sales: 2 women, 3 men: fewer than 5 -> suppressed.
HAND: dict[str, Any] = {
    "currency": "EUR",
    "reference_date": "2026-12-31",
    "policy": {"name": "EU Directive 2023/970, Art. 3", "source": "tokencomp built-in: workforce contract v1"},
    "workers": {"female": 7, "male": 8, "other": 2},
    "left_out": 0,
    "mean_gap": "14.15",
    "median_gap": "11.19",
    "complementary_mean_gap": "41.68",
    "complementary_median_gap": "18.37",
    "female_receiving_complementary": "71.43",
    "male_receiving_complementary": "75.00",
    "quartiles": [
        {"quartile": 1, "female": "66.67", "male": "33.33"},
        {"quartile": 2, "female": "75.00", "male": "25.00"},
        {"quartile": 3, "female": "25.00", "male": "75.00"},
        {"quartile": 4, "female": "25.00", "male": "75.00"},
    ],
    "categories": [
        {
            "category": "Engineering",
            "female": 5,
            "male": 5,
            "mean_gap": "15.38",
            "basic_mean_gap": "11.11",
            "complementary_mean_gap": "55.17",
            "joint_assessment": True,
        },
        {"category": "Sales", "female": 2, "male": 3, "suppressed": True},
    ],
}


def small_lines() -> list[str]:
    return SMALL.read_text(encoding="utf-8").splitlines()


def report_of(lines: list[str], **options: Any) -> dict[str, Any]:
    result: dict[str, Any] = pay_gap(
        read_workforce("\n".join(lines)), currency="EUR", reference_date=ON, **options
    ).to_json()
    return result


class TestHandWorkedFigures:
    """Figures (a)-(g) of the small workforce, worked out by hand above, to the last digit in every format."""

    def test_the_api_and_json(self) -> None:
        """pay_gap(...).to_json() is the hand-worked report, key for key."""
        assert HAND == report_of(small_lines())

    def test_the_command_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """pay-gap --format json prints the same report."""
        status, out, err = run(
            capsys, "pay-gap", str(SMALL), "--currency", "EUR", "--reference-date", "2026-12-31", "--format", "json"
        )
        assert (0, HAND, "") == (status, json.loads(out), err)

    def test_the_command_as_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """pay-gap --format csv has one row a figure, each value the hand-worked one."""
        status, out, _ = run(
            capsys, "pay-gap", str(SMALL), "--currency", "EUR", "--reference-date", "2026-12-31", "--format", "csv"
        )
        rows = {(r["scope"], r["name"], r["figure"]): r["value"] for r in csv.DictReader(io.StringIO(out))}
        assert 0 == status
        for key in ("mean_gap", "median_gap", "complementary_mean_gap", "complementary_median_gap"):
            assert HAND[key] == rows["report", "", key]
        assert ("71.43", "75.00") == (
            rows["report", "", "female_receiving_complementary"],
            rows["report", "", "male_receiving_complementary"],
        )
        assert ("7", "8", "2", "0") == tuple(
            rows["report", "", name] for name in ("workers_female", "workers_male", "workers_other", "left_out")
        )
        for band in HAND["quartiles"]:
            assert (band["female"], band["male"]) == (
                rows["quartile", str(band["quartile"]), "female"],
                rows["quartile", str(band["quartile"]), "male"],
            )
        assert ("15.38", "11.11", "55.17", "true") == tuple(
            rows["category", "Engineering", figure]
            for figure in ("mean_gap", "basic_mean_gap", "complementary_mean_gap", "joint_assessment")
        )
        assert ("2", "3", "true") == tuple(rows["category", "Sales", f] for f in ("female", "male", "suppressed"))
        assert ("category", "Sales", "mean_gap") not in rows  # suppressed: its counts alone
        assert ("EU Directive 2023/970, Art. 3", "tokencomp built-in: workforce contract v1") == (
            rows["report", "", "policy"], rows["report", "", "policy_source"],
        )  # fmt: skip

    def test_the_command_as_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text says each hand-worked figure, the policy and the counts."""
        status, out, _ = run(capsys, "pay-gap", str(SMALL), "--currency", "EUR", "--reference-date", "2026-12-31")
        assert 0 == status
        lines = out.splitlines()

        def figure(label: str) -> str:
            return next(line for line in lines if line.startswith(label)).split()[-1]

        assert "14.15%" == figure("(a) Mean gap")
        assert "41.68%" == figure("(b) Mean gap")
        assert "11.19%" == figure("(c) Median gap")
        assert "18.37%" == figure("(d) Median gap")
        assert "71.43%" == figure("(e) Women")
        assert "75.00%" == figure("    Men receiving")
        assert "Pay classified by: EU Directive 2023/970, Art. 3 (tokencomp built-in: workforce contract v1)" in lines
        assert "Workers: 7 women, 8 men, 2 others (counted, outside the figures); 0 lines left out" in lines
        bands = [line.split() for line in lines if line.startswith("    ") and line.split()[0] in "1234"]
        assert [["1", "3", "66.67%", "33.33%"], ["2", "4", "75.00%", "25.00%"], ["3", "4", "25.00%", "75.00%"],
                ["4", "4", "25.00%", "75.00%"]] == bands  # fmt: skip
        assert ["Engineering", "5", "5", "15.38%", "11.11%", "55.17%", "yes"] == figure_row(lines, "Engineering")
        assert ["Sales", "2", "3", "suppressed"] == figure_row(lines, "Sales")

    def test_a_path_and_parsed_lines_give_the_same_report(self) -> None:
        """pay_gap takes the file's path, or its lines parsed as dicts (a repeated id rejected as in a file)."""
        assert HAND == pay_gap(SMALL, currency="EUR", reference_date=ON).to_json()
        parsed = [parse_json(line) for line in small_lines()]
        report = pay_gap([*parsed, parsed[0]], currency="EUR", reference_date=ON)
        assert ({**HAND, "left_out": 1}, 18) == (report.to_json(), report.left_out[0].line)
        assert "duplicate-employee-id" == report.left_out[0].problems[0].code
        info = pay_info(SMALL, "F3", currency="EUR", reference_date=ON)
        assert Decimal("27.50") == info.pay.hourly_total

    def test_the_api_text_and_csv_say_the_report(self) -> None:
        """pay_gap_text and pay_gap_csv of one report carry its figures (the command prints these)."""
        report = pay_gap(read_workforce(SMALL.read_bytes()), currency="EUR", reference_date=ON)
        assert "(a) Mean gap, total hourly pay" in pay_gap_text(report)
        assert "report,,mean_gap,14.15," in pay_gap_csv(report).splitlines()


def figure_row(lines: list[str], category: str) -> list[str]:
    return next(line.split() for line in lines if line.strip().startswith(category))


class TestWorkerPay:
    """A worker's pay: classes by the policy, conversion as a summary converts, hours, paid overriding."""

    def test_part_time_hourly_pay(self) -> None:
        """F3 works 20 hours: 28,600 a year is 27.50 an hour, as 57,200 at 40 hours."""
        (worker,) = [w for w in read_workforce(SMALL.read_bytes()) if isinstance(w, Worker) and w.employee_id == "F3"]
        pay = worker_pay(worker, currency="EUR", reference_date=ON)
        assert (Decimal("26000.00"), Decimal("2600.00"), 27.5) == (pay.basic, pay.complementary, 27.5)
        assert Decimal("27.5") == Decimal(pay.hourly(pay.total).numerator) / pay.hourly(pay.total).denominator

    def test_converted_as_a_summary_converts(self) -> None:
        """A worker's pay in USD is the sum of the summary's USD figures at the reference date."""
        worker = next(w for w in read_workforce(SMALL.read_bytes()) if isinstance(w, Worker) and w.employee_id == "M4")
        summary = summarize(worker.offer, "USD", datetime.date(2026, 4, 1))
        pay = worker_pay(worker, currency="USD", reference_date=datetime.date(2026, 4, 1))
        assert (summary.annual.salary, summary.annual.bonus) == (pay.basic, pay.complementary)

    def test_the_report_names_its_exchange_rates(self, capsys: pytest.CaptureFixture[str]) -> None:
        """In USD, every worker is converted at the ECB's rate of the reference date, which each format names."""
        args = ["pay-gap", str(SMALL), "--currency", "USD", "--reference-date", "2026-04-01"]
        report = json.loads(run(capsys, *args, "--format", "json")[1])
        assert [("EUR", "USD", "1.1605", "2026-04-01")] == [
            (r["from"], r["to"], r["rate"], r["date"]) for r in report["fx"]
        ]
        assert "exchange rates of 2026-04-01" in run(capsys, *args)[1].splitlines()
        assert "fx,EUR/USD,rate,1.1605," in run(capsys, *args, "--format", "csv")[1]
        # Without conversion the JSON has no fx key, and the text says none was needed.
        assert "fx" not in report_of(small_lines())
        assert "as of 2026-12-31, no exchange rates needed" in pay_gap_text(
            pay_gap(read_workforce(SMALL.read_bytes()), currency="EUR", reference_date=ON)
        )

    def test_personal_use_decides_the_token_budget(self) -> None:
        """The same budget is left out as a work tool and complementary pay when personal use is allowed."""
        offer = loads(
            '{"schema_version": "1.1", "id": "t", "effective_date": "2026-01-01", "currency": "EUR", "salary": '
            '{"rate": {"amount": "50000.00", "currency": "EUR"}, "period": "year"}, "token_budget": {"allowance": '
            '{"amount": "3000.00", "currency": "EUR"}, "period": "year", "rollover": "none", "vests": false, '
            '"portable": false}}'
        )
        figures = {personal: classify_pay(summarize(offer), personal_use=personal) for personal in (False, True)}
        assert ("token_budget", PayClass.LEFT_OUT) == (figures[False][6].component, figures[False][6].pay_class)
        assert ("token_budget_personal_use", PayClass.COMPLEMENTARY, Decimal("3000.00")) == (
            figures[True][6].component,
            figures[True][6].pay_class,
            figures[True][6].amount,
        )


class TestPolicy:
    """The classification policy: the EU default, a file, its problems at their pointers."""

    def test_the_default_is_the_contract_table(self) -> None:
        """Salary basic; the others complementary; a work-tool budget and one-time payments left out."""
        assert {
            "salary": "basic", "bonus": "complementary", "commission": "complementary",
            "allowances": "complementary", "equity": "complementary", "benefits": "complementary",
            "token_budget": "left_out", "token_budget_personal_use": "complementary", "one_time": "left_out",
        } == {c: EU_POLICY.class_of(c).value for c in PAY_COMPONENTS}  # fmt: skip

    def test_a_policy_file_changes_the_figures_and_is_stated(self) -> None:
        """Counting the work-tool budget as pay gives M3 10,000 of complementary pay, and the report names it."""
        policy = read_policy(
            '{"policy_version": "1", "name": "Tools are pay", "classes": {"token_budget": "complementary"}}',
            source="tools.json",
        )
        report = report_of(small_lines(), policy=policy)
        assert {"name": "Tools are pay", "source": "tools.json"} == report["policy"]
        # M3 now receives complementary pay: 7 of 8 men.
        assert "87.50" == report["male_receiving_complementary"]
        assert HAND["female_receiving_complementary"] == report["female_receiving_complementary"]

    def test_every_problem_at_its_pointer(self) -> None:
        """An unknown component, an unknown class, a missing name: all reported, each at its pointer."""
        with pytest.raises(InvalidPolicyError) as caught:
            read_policy('{"policy_version": "1", "classes": {"salaries": "basic", "bonus": "variable"}}')
        assert [("/classes/bonus", "unknown-pay-class"), ("/classes/salaries", "unknown-key"),
                ("/name", "missing-key")] == [(p.pointer, p.code) for p in caught.value.problems]  # fmt: skip
        assert "did you mean 'salary'?" in caught.value.problems[1].message

    def test_not_json(self) -> None:
        """Text that is not JSON is an invalid policy too."""
        with pytest.raises(InvalidPolicyError):
            read_policy("{nope")

    def test_a_bad_policy_file_is_exit_2(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The command says the file and the pointer on one line, exit status 2."""
        policy = tmp_path / "policy.json"
        policy.write_text('{"policy_version": "1", "name": "x", "classes": {"salary": 1}}')
        status, out, err = run(capsys, "pay-gap", str(SMALL), "--currency", "EUR", "--reference-date",
                               "2026-12-31", "--policy", str(policy))  # fmt: skip
        assert (2, "") == (status, out)
        assert f"tokencomp: error: {policy}: invalid pay policy: /classes/salary: not a string" in err
        assert 1 == len(err.splitlines())


class TestReader:
    """The workforce reader: a bad line reported by its number and left out, never fatal."""

    def test_bad_lines_are_reported_by_number(self) -> None:
        """Not JSON, an unknown gender, an invalid offer, a repeated id: each rejected with its line."""
        lines = small_lines()
        bad = [
            "{not json",
            lines[0].replace('"female"', '"woman"').replace('"F1"', '"B1"'),
            lines[1].replace('"52000.00"', '"-1"').replace('"F2"', '"B2"'),
            lines[2],  # F3 again
        ]
        found = list(read_workforce("\n".join([*lines, "", *bad])))
        rejected = [r for r in found if isinstance(r, RejectedRecord)]
        assert [19, 20, 21, 22] == [r.line for r in rejected]  # line 18 is blank: passed over
        assert ["invalid-json", "unknown-gender", "duplicate-employee-id"] == [
            rejected[0].problems[0].code, rejected[1].problems[0].code, rejected[3].problems[0].code,
        ]  # fmt: skip
        assert rejected[2].problems[0].pointer.startswith("/offer/salary/rate/amount")
        assert "'F3' is the employee_id of an earlier line too" in rejected[3].reason
        assert 17 == sum(isinstance(w, Worker) for w in found)

    def test_left_out_lines_in_the_report(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The report counts them; the text lists each with its line; stderr says how many."""
        path = tmp_path / "workforce.jsonl"
        path.write_text("\n".join([*small_lines(), "[]"]) + "\n")
        status, out, err = run(capsys, "pay-gap", str(path), "--currency", "EUR", "--reference-date", "2026-12-31")
        assert 0 == status
        assert "    line 18: a workforce line is a JSON object, one worker" in out.splitlines()
        assert f"tokencomp: {path}: 1 line left out of every figure\n" == err

    def test_left_out_lines_are_listed_then_counted(self) -> None:
        """Past the first MAX_LISTED_REJECTED, bad lines are counted, not kept: memory stays bounded."""
        from tokencomp.budget.ledger import MAX_LISTED_REJECTED

        report = pay_gap(
            read_workforce("\n".join([*small_lines(), *["{"] * (MAX_LISTED_REJECTED + 2)])),
            currency="EUR", reference_date=ON,
        )  # fmt: skip
        assert (MAX_LISTED_REJECTED, 2, MAX_LISTED_REJECTED + 2) == (
            len(report.left_out), report.more_left_out, report.to_json()["left_out"],
        )  # fmt: skip
        assert HAND["mean_gap"] == report.to_json()["mean_gap"]

    def test_utf16_is_refused_whole(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A file in UTF-16 is not read at all: exit 2, naming the encoding."""
        path = tmp_path / "workforce.jsonl"
        path.write_bytes(SMALL.read_text(encoding="utf-8").encode("utf-16"))
        with pytest.raises(SourceError):
            list(read_workforce(path.read_bytes()))
        status, _, err = run(capsys, "pay-gap", str(path), "--currency", "EUR", "--reference-date", "2026-12-31")
        assert 2 == status
        assert "UTF-16" in err

    def test_an_unknown_key(self) -> None:
        """A key the contract does not have is a bad line, with a suggestion."""
        (rejected,) = read_workforce(small_lines()[0].replace('"category"', '"categry"'))
        assert isinstance(rejected, RejectedRecord)
        assert {("/categry", "unknown-key"), ("/category", "missing-key")} == {
            (p.pointer, p.code) for p in rejected.problems
        }


class TestReaderNeverFails:
    """Whatever a line holds, the reader gives a worker or a rejected line, never an exception."""

    @given(st.lists(st.text(max_size=80), max_size=5))
    def test_any_text(self, lines: list[str]) -> None:
        """Arbitrary text lines: each non-blank one is rejected with its line number (or, rarely, read)."""
        found = list(read_workforce("\n".join(lines)))
        assert all(isinstance(item, Worker | RejectedRecord) for item in found)
        assert all(item.line is not None for item in found)

    @given(st.sampled_from(range(40)), st.text(max_size=3))
    def test_a_line_cut_or_spliced(self, cut: int, splice: str) -> None:
        """A good line cut short or with text spliced in is one rejected line, the others still read."""
        lines = small_lines()
        spoilt = lines[0][:cut] + splice + lines[0][cut + 5 :]
        found = list(read_workforce("\n".join([spoilt, *lines[1:]])))
        assert 16 == sum(isinstance(item, Worker) and item.line != 1 for item in found)


class TestNullFigures:
    """A figure that cannot be computed is null, with its reason."""

    def test_no_men(self) -> None:
        """Women alone: every gap is null, saying there are no men; the women's share is still given."""
        women = [line for line in small_lines() if '"female"' in line]
        report = report_of(women)
        assert (None, None, "71.43", None) == (
            report["mean_gap"], report["median_gap"], report["female_receiving_complementary"],
            report["male_receiving_complementary"],
        )  # fmt: skip
        assert "no men among the workers" == report["reasons"]["mean_gap"]

    def test_reasons_in_the_readers_language(self) -> None:
        """The text report says why a figure is none in its locale's words, as the HTML report does."""
        women = [line for line in small_lines() if '"female"' in line]
        report = pay_gap(read_workforce("\n".join(women)), currency="EUR", reference_date=ON, min_group=1)
        english, german = pay_gap_text(report), pay_gap_text(report, "de_DE")
        assert "none: no men among the workers" in english
        said = translations(parse_locale("de_DE")).gettext
        assert said("no men among the workers") != "no men among the workers"
        assert said("no men among the workers") in german
        assert "no men" not in german

    def test_every_reason_is_translated(self) -> None:
        """Every reason pay_gap can give is one the reports translate (a new one must join REASONS)."""
        given_reasons = {
            reason
            for who in ("among the workers", "in the category", "receiving complementary pay")
            for men, women in ((None, Fraction(1)), (Fraction(1), None), (Fraction(0), Fraction(1)))
            # those receiving complementary pay receive some: their pay is never zero
            if (reason := _gap(men, women, who)[1]) is not None and not (men == 0 and who.startswith("receiving"))
        }
        assert given_reasons <= REASONS

    def test_arguments(self) -> None:
        """A min_group below 1 and an unknown currency are refused."""
        with pytest.raises(RuleViolation):
            pay_gap([], currency="EUR", reference_date=ON, min_group=0)
        with pytest.raises(LookupError):
            pay_gap([], currency="XXX", reference_date=ON)

    def test_min_group_shows_a_small_category(self) -> None:
        """With min_group 2, Sales shows its figures: women 24.2 and 19 (mean 21.6), men 26.4, 21 and 29."""
        (sales,) = [c for c in report_of(small_lines(), min_group=2)["categories"] if c["category"] == "Sales"]
        # Men: 76.4 / 3 = 382/15; 1 - 21.6 / (382/15) = 1 - 324/382 = 58/382 = 0.151832... -> 15.18
        assert ("15.18", True) == (sales["mean_gap"], sales["joint_assessment"])


class TestPayInfo:
    """A worker's request (Art. 7): their pay and the means of women and men in their category."""

    def test_figures(self) -> None:
        """F3: 26,000 + 2,600 a year, 25.00 + 2.50 an hour; Engineering's women 25.30, men 29.90 an hour."""
        info = pay_info(read_workforce(SMALL.read_bytes()), "F3", currency="EUR", reference_date=ON)
        data = info.to_json()
        assert {"basic": "26000.00", "complementary": "2600.00", "total": "28600.00"} == data["pay"]["annual"]
        assert {"basic": "25.00", "complementary": "2.50", "total": "27.50"} == data["pay"]["hourly"]
        # Women's annual basic: 41,600 + 52,000 + 26,000 + 62,400 + 41,600 = 223,600 / 5 = 44,720.
        assert {"basic": "44720.00", "complementary": "2184.00", "total": "46904.00"} == data["female_mean"]["annual"]
        assert {"basic": "24.00", "complementary": "1.30", "total": "25.30"} == data["female_mean"]["hourly"]
        assert {"basic": "27.00", "complementary": "2.90", "total": "29.90"} == data["male_mean"]["hourly"]

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text says the same figures, as money of the currency, and the policy."""
        status, out, _ = run(capsys, "pay-info", str(SMALL), "--employee", "F3", "--currency", "EUR",
                             "--reference-date", "2026-12-31")  # fmt: skip
        lines = out.splitlines()
        assert 0 == status
        assert "    Annual  €26,000.00      €2,600.00  €28,600.00" in lines
        assert "    Hourly      €25.00          €2.50      €27.50" in lines
        assert ["€24.00", "€1.30", "€25.30"] == lines[lines.index("Mean pay of women in the category") + 3].split()[1:]
        assert ["€27.00", "€2.90", "€29.90"] == lines[lines.index("Mean pay of men in the category") + 3].split()[1:]
        assert "Pay classified by: EU Directive 2023/970, Art. 3 (tokencomp built-in: workforce contract v1)" in lines

    def test_suppressed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """M7 in Sales (2 women, 3 men): their own pay, the counts, no means."""
        status, out, _ = run(capsys, "pay-info", str(SMALL), "--employee", "M7", "--currency", "EUR",
                             "--reference-date", "2026-12-31", "--format", "json")  # fmt: skip
        data = json.loads(out)
        assert (0, "21.00", {"female": 2, "male": 3}, True, None, None) == (
            status, data["pay"]["hourly"]["total"], data["workers"], data["suppressed"], data["female_mean"],
            data["male_mean"],
        )  # fmt: skip

    def test_unknown_worker_is_exit_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No such employee_id: one line, exit 1."""
        status, _, err = run(capsys, "pay-info", str(SMALL), "--employee", "Z9", "--currency", "EUR",
                             "--reference-date", "2026-12-31")  # fmt: skip
        assert (1, "tokencomp: error: /employee_id: no worker has the employee_id 'Z9'\n") == (status, err)


# Hypothesis: workforces of a few workers in two categories, each line a valid workforce-v1 line.
_PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(["female", "male", "female", "male", "non_binary"]),
        st.sampled_from(["A", "B"]),
        st.sampled_from(["40", "20", "37.5"]),
        st.integers(1_000_00, 200_000_00),  # salary in cents
        st.sampled_from([None, "5", "10", "12.5"]),
    ),
    min_size=1,
    max_size=12,
)


def workforce_lines(people: list[tuple[str, str, str, int, str | None]]) -> list[str]:
    lines = []
    for number, (gender, category, hours, cents, bonus) in enumerate(people):
        offer: dict[str, Any] = {
            "schema_version": "1", "id": f"o{number}", "effective_date": "2026-01-01", "currency": "EUR",
            "salary": {"rate": {"amount": f"{cents // 100}.{cents % 100:02d}", "currency": "EUR"}, "period": "year"},
        }  # fmt: skip
        if bonus is not None:
            offer["bonus"] = {"target_percent": bonus}
        lines.append(json.dumps({"schema_version": "1", "employee_id": f"e{number:03d}", "gender": gender,
                                 "category": category, "hours_per_week": hours, "offer": offer}))  # fmt: skip
    return lines


def _sign(value: str) -> int:
    number = Decimal(value)
    return (number > 0) - (number < 0)


class TestInvariants:
    """What holds for every workforce (Hypothesis)."""

    @given(_PEOPLE, st.randoms(use_true_random=False))
    def test_invariant_to_line_order(self, people: list[Any], random: Any) -> None:
        """Shuffling the lines changes no figure."""
        lines = workforce_lines(people)
        shuffled = lines[:]
        random.shuffle(shuffled)
        assert report_of(lines, min_group=1) == report_of(shuffled, min_group=1)

    @given(_PEOPLE)
    def test_swapping_genders_flips_the_gaps(self, people: list[Any]) -> None:
        """Women made men and men women: (a)-(d) change sign (a gap that rounds to 0.00 may meet one of 0.01)."""
        swap = {"female": "male", "male": "female", "non_binary": "non_binary"}
        before = report_of(workforce_lines(people))
        after = report_of(workforce_lines([(swap[p[0]], *p[1:]) for p in people]))
        for key in ("mean_gap", "median_gap", "complementary_mean_gap", "complementary_median_gap"):
            assert (before[key] is None) == (after[key] is None)
            if before[key] is None:
                continue
            if Decimal(before[key]) and Decimal(after[key]):
                assert -_sign(before[key]) == _sign(after[key])
            else:  # rounded to zero on one side: the other is at most one step away
                assert abs(Decimal(before[key])) + abs(Decimal(after[key])) <= Decimal("0.01")

    @given(_PEOPLE)
    def test_quartile_bands_partition_the_workers(self, people: list[Any]) -> None:
        """The four bands hold every woman and man once, in sizes a quarter apart by at most one."""
        report = pay_gap(read_workforce("\n".join(workforce_lines(people))), currency="EUR", reference_date=ON)
        sizes = [band.workers for band in report.quartiles]
        women = sum(
            int(band.female * band.workers / 100 + Decimal("0.5"))
            for band in report.quartiles
            if band.female is not None
        )
        assert report.female + report.male == sum(sizes)
        assert max(sizes) - min(sizes) <= 1
        assert report.female == women

    @given(_PEOPLE, st.integers(0, 12), st.sampled_from(["{", '{"schema_version": "1"}', "[1]", '"x"']))
    def test_one_bad_line_changes_no_figure(self, people: list[Any], where: int, bad: str) -> None:
        """A file with one bad line gives the figures of the file without it; left_out says 1."""
        lines = workforce_lines(people)
        with_bad = [*lines[:where], bad, *lines[where:]]
        clean, spoilt = report_of(lines, min_group=1), report_of(with_bad, min_group=1)
        assert (0, 1) == (clean.pop("left_out"), spoilt.pop("left_out"))
        assert clean == spoilt


# Salaries from a short list, so that equal hourly pay (ties, 26,000 at 20 hours and 52,000 at 40) is common.
_TIED = st.lists(
    st.tuples(
        st.sampled_from(["female", "male"]),
        st.sampled_from(["A", "B"]),
        st.sampled_from(["40", "20", "37.5"]),
        st.sampled_from([26_000_00, 52_000_00, 39_000_00, 48_750_00]),
        st.sampled_from([None, "10"]),
    ),
    min_size=1,
    max_size=16,
)


def _rounded(value: Fraction) -> str:
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _literal_gap(men: list[Fraction], women: list[Fraction], median: bool = False) -> str | None:
    def middle(values: list[Fraction]) -> Fraction:
        ordered, half = sorted(values), len(values) // 2
        return ordered[half] if len(values) % 2 else (ordered[half - 1] + ordered[half]) / 2

    if not men or not women:
        return None
    m, w = (middle(men), middle(women)) if median else (sum(men) / len(men), sum(women) / len(women))
    return None if m == 0 else _rounded((m - w) / m * 100)


def literal_report(lines: list[str]) -> dict[str, Any]:
    """The contract's figures read literally: Fractions of every worker, sorted lists, no cleverness."""
    pays = [worker_pay(w, currency="EUR", reference_date=ON) for w in read_workforce("\n".join(lines))
            if isinstance(w, Worker)]  # fmt: skip

    def hourly(pay: Any, amount: Decimal) -> Fraction:
        return Fraction(amount) / (Fraction(pay.hours_per_week) * 52)

    def of(gender: str, part: str = "total", receivers: bool = False) -> list[Fraction]:
        values = [hourly(p, getattr(p, part)) for p in pays if p.gender == gender]
        return [v for v in values if v > 0] if receivers else values

    ranked = sorted((hourly(p, p.total), p.employee_id, p.gender) for p in pays)
    n = len(ranked)
    quartiles = []
    for q in range(1, 5):
        band = ranked[n * (q - 1) // 4 : n * q // 4]
        women = sum(1 for entry in band if entry[2] == "female")
        quartiles.append(
            {"quartile": q, "female": _rounded(Fraction(100 * women, len(band))) if band else None,
             "male": _rounded(Fraction(100 * (len(band) - women), len(band))) if band else None}
        )  # fmt: skip
    categories = []
    for name in sorted({p.category for p in pays}):

        def mean_of(gender: str, part: str, name: str = name) -> list[Fraction]:
            return [hourly(p, getattr(p, part)) for p in pays if p.gender == gender and p.category == name]

        counts = {"category": name, "female": len(mean_of("female", "total")), "male": len(mean_of("male", "total"))}
        gaps = {key: _literal_gap(mean_of("male", part), mean_of("female", part))
                for key, part in (("mean_gap", "total"), ("basic_mean_gap", "basic"),
                                  ("complementary_mean_gap", "complementary"))}  # fmt: skip
        if counts["female"] and counts["male"] and gaps["mean_gap"] is not None:
            categories.append({**counts, **gaps, "joint_assessment": abs(Decimal(gaps["mean_gap"])) >= 5})
    return {
        "mean_gap": _literal_gap(of("male"), of("female")),
        "median_gap": _literal_gap(of("male"), of("female"), median=True),
        "complementary_mean_gap": _literal_gap(of("male", "complementary", True), of("female", "complementary", True)),
        "complementary_median_gap": _literal_gap(
            of("male", "complementary", True), of("female", "complementary", True), median=True
        ),
        "quartiles": quartiles,
        "categories": categories,
    }


class TestAgainstTheContractReadLiterally:
    """The report's whole-number arithmetic gives the figures of the contract read literally, with Fractions."""

    @given(_TIED)
    def test_same_figures(self, people: list[Any]) -> None:
        """Means, medians, bands (ties by employee_id) and categories: equal to the last digit."""
        lines = workforce_lines(people)
        report = report_of(lines, min_group=1)
        expected = literal_report(lines)
        got = {key: report[key] for key in expected if key != "categories"}
        got["categories"] = [
            {key: value for key, value in category.items() if key != "reasons"}
            for category in report["categories"]
            if category["female"] and category["male"] and category["mean_gap"] is not None
        ]
        assert expected == got


class TestInParts:
    """pay_gap_of: the figures from workers' pay worked out elsewhere (a Spark job's executors)."""

    @given(_TIED, st.randoms(use_true_random=False))
    def test_same_report_in_any_order(self, people: list[Any], random: Any) -> None:
        """Each worker's pay worked out alone, gathered in any order, gives pay_gap's report."""
        lines = workforce_lines(people)
        pays = [worker_pay(w, currency="EUR", reference_date=ON) for w in read_workforce("\n".join(lines))
                if isinstance(w, Worker)]  # fmt: skip
        random.shuffle(pays)
        expected = report_of(lines, min_group=1)
        assert expected == pay_gap_of(pays, currency="EUR", reference_date=ON, min_group=1).to_json()


class TestGender:
    """The genders of the file."""

    def test_only_women_and_men_enter_the_figures(self) -> None:
        """Non-binary and undisclosed workers are counted as other and change no figure."""
        others = [line for line in small_lines() if '"non_binary"' in line or '"undisclosed"' in line]
        without = report_of([line for line in small_lines() if line not in others])
        with_them = report_of(small_lines())
        assert (0, 2) == (without["workers"].pop("other"), with_them["workers"].pop("other"))
        assert without == with_them
        assert [g.value for g in Gender][2:] == ["non_binary", "undisclosed"]
