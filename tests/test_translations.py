"""Labels in the reader's language: catalogs complete, up to date and compiled; English when there is none."""

from __future__ import annotations

import datetime
import gettext
import importlib.resources
import io
import re
import string
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tokencomp import (
    AdvisoryPolicy,
    BudgetPeriod,
    Money,
    Offer,
    Rollover,
    Salary,
    SalaryPeriod,
    TokenBudget,
    loads,
    summarize,
)
from tokencomp._internal.translations import LANGUAGES, translations
from tokencomp.budget.leaderboard import Leaderboard
from tokencomp.budget.ledger import ledger_for
from tokencomp.budget.usage import UsageRecord
from tokencomp.reports.advisories import ADVISORY_CODES, Advisory, advisory_text
from tokencomp.reports.compare import compare, comparison_text
from tokencomp.reports.render import statement_html, statement_text, summary_text
from tokencomp.reports.texts import leaderboard_text, ledger_svg, ledger_text
from tokencomp.reports.wording import format_amount, format_ratio, text_width

ROOT = Path(__file__).parent.parent
CATALOGS = ROOT / "src" / "tokencomp" / "locale"


def compiled_content(compiled: Catalog) -> tuple[list[tuple[str, str]], list[tuple[object, object, object]]]:
    """A compiled catalog's headers (less ``Generated-By``) and its messages: id, context and translation."""
    headers = [(name, value) for name, value in compiled.mime_headers if name != "Generated-By"]
    messages = sorted(((m.id, m.context, m.string) for m in compiled if m.id), key=repr)
    return headers, messages


EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"

#: What the footnote must still say in each language: not pay; does not vest; is not portable; does not
#: appreciate; cannot be cashed out; is forfeited on leaving; in the fully loaded cost, not total compensation.
FOOTNOTE_MEANING = {
    "en": ("not pay", "does not vest", "is not portable", "does not appreciate", "cannot be cashed out",
           "forfeited on leaving", "not in total compensation"),
    "de": ("keine Vergütung", "nicht unverfallbar", "nicht zu einem anderen Arbeitgeber mitgenommen",
           "gewinnt nicht an Wert", "nicht ausgezahlt", "verfällt beim Ausscheiden", "nicht zur Gesamtvergütung"),
    "fr": ("pas une rémunération", "pas acquis", "pas transférable", "ne prend pas de valeur",
           "pas être converti en argent", "perdu en cas de départ", "pas dans la rémunération totale"),
    "es": ("no una retribución", "no se consolida", "no se puede llevar a otro empleador", "no se revaloriza",
           "no se puede cobrar en efectivo", "se pierde al dejar la empresa", "no de la compensación total"),
    "ja": ("報酬ではありません", "ベスティング", "持ち運べず", "価値が上がることもなく",
           "現金化できず", "退職時に失効", "総報酬には含まれず"),
}  # fmt: skip


def offer(name: str = "london-staff-engineer") -> object:
    return loads((EXAMPLES / f"{name}.json").read_bytes())


def catalog(language: str) -> Catalog:
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


class TestCatalogs:
    """The .po catalogs hold every message of the source, each translated, and the .mo files are their compilation."""

    def test_template_and_catalogs_match_the_source(self) -> None:
        """Re-extracting the messages (babel.cfg, as pybabel extract does) gives the template's and each catalog's."""
        with (ROOT / "babel.cfg").open() as config:
            method_map, options_map = parse_mapping_cfg(config)
        extracted = {message for _, _, message, *_ in extract_from_dir(ROOT / "src", method_map, options_map)}
        with (CATALOGS / "messages.pot").open("rb") as pot:
            template = {m.id for m in read_po(pot) if m.id}
        assert extracted == template
        for language in LANGUAGES:
            assert (language, extracted) == (language, {m.id for m in catalog(language) if m.id})
            assert (language, {}) == (language, dict(catalog(language).obsolete))

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_message_is_translated(self, language: str) -> None:
        """Each message has a translation, not fuzzy, with exactly the placeholders of the English."""
        messages = [m for m in catalog(language) if m.id]
        assert [] == [m.id for m in messages if not m.string or m.fuzzy]
        assert [] == [m.id for m in messages if fields(str(m.id)) != fields(str(m.string))]

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_compiled_catalogs_match_their_sources(self, language: str) -> None:
        """The committed .mo (shipped in the wheel) holds what pybabel compile makes of the .po today.

        Every message, context and translation, and every header but ``Generated-By``, which
        names the babel release that compiled it (a new release must not fail a fresh clone).
        """
        compiled = io.BytesIO()
        write_mo(compiled, catalog(language))
        compiled.seek(0)
        with (CATALOGS / language / "LC_MESSAGES" / "messages.mo").open("rb") as committed:
            assert compiled_content(read_mo(compiled)) == compiled_content(read_mo(committed))

    def test_the_installed_package_finds_its_catalogs(self) -> None:
        """The catalogs are read from the package, as installed."""
        assert ["de", "es", "fr", "ja"] == sorted(
            p.name for p in (importlib.resources.files("tokencomp") / "locale").iterdir() if p.is_dir()
        )
        assert ("Gehalt", "Salaire", "Salario", "給与") == tuple(
            translations(language).gettext("Salary") for language in ("de_DE", "fr_FR", "es_ES", "ja_JP")
        )


class TestLanguages:
    """summarize, compare and statement speak the reader's language; English when it has no catalog."""

    @pytest.mark.parametrize(
        ("locale", "salary", "share"),
        [
            ("en_US", "Salary", "Token budget share of fully loaded cost: 19.29%"),
            ("de_DE", "Gehalt", "Anteil des Token-Budgets an den Vollkosten: 19,29\xa0%"),
            ("fr_FR", "Salaire", "Part du budget de tokens dans le coût complet : 19,29\xa0%"),
            ("es_ES", "Salario", "Parte del presupuesto de tokens en el coste total: 19,29\xa0%"),
            ("ja_JP", "給与", "雇用主の総コストに占めるトークン予算の割合：19.29%"),  # noqa: RUF001 - Japanese punctuation
        ],
    )
    def test_summary(self, locale: str, salary: str, share: str) -> None:
        """The row labels and the ratios are in the reader's language, the figures in its formats."""
        text = summary_text(summarize(offer()), locale)
        assert salary == text.splitlines()[3].split()[0]
        assert share in text.splitlines()

    @pytest.mark.parametrize("language", sorted(FOOTNOTE_MEANING))
    def test_the_footnote_keeps_its_meaning(self, language: str) -> None:
        """Summary and statement both say the budget is not pay, does not vest, is not portable, and so on."""
        summary = summary_text(summarize(offer()), language)
        footnote = next(line for line in summary.splitlines() if line.startswith("* "))
        assert [] == [phrase for phrase in FOOTNOTE_MEANING[language] if phrase not in footnote]
        budget = statement_text(offer(), summarize(offer()), language).split("\n\n")[3]
        assert [] == [phrase for phrase in FOOTNOTE_MEANING[language][:3] if phrase not in budget]

    @pytest.mark.parametrize("locale", ["sw_KE", "pt_BR", "en_GB", "zh_Hans_CN"])
    def test_english_is_the_fallback(self, locale: str) -> None:
        """A language without a catalog reads English labels, with its own number formats."""
        text = summary_text(summarize(offer()), locale)
        assert ["Salary", "Bonus (target)"] == [text.splitlines()[3][:6], text.splitlines()[4][:14]]

    def test_comparison(self) -> None:
        """Labels, verdict and column heads of compare are German under de_DE."""
        a, b = offer("p75-engineer"), offer("london-staff-engineer")
        text = comparison_text(compare(a, b, locale="de_DE"), "de_DE")
        assert "Gehalt" == text.splitlines()[4].split()[0]
        assert text.splitlines()[3].endswith("B - A")
        assert "A: Stand 2026-03-01, keine Wechselkurse nötig; B: Wechselkurse vom 2026-04-01" == text.splitlines()[1]
        assert any(line.startswith("B kostet den Arbeitgeber ") for line in text.splitlines())
        assert "Verwendete Wechselkurse:" in text.splitlines()

    def test_statement_page(self) -> None:
        """The HTML page is in French, declares it, and still sets the budget's section apart."""
        page = statement_html(offer(), summarize(offer()), "fr_FR")
        assert '<html lang="fr">' in page
        assert '<section class="budget"><h2>Votre budget de tokens</h2>' in page
        assert "<h2>Ce que vous percevez</h2>" in page

    @pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "es_ES", "ja_JP"])
    def test_columns_line_up(self, locale: str) -> None:
        """Labels are padded by display width, and a long one widens its column: every row is as wide as its head."""
        for text in (
            summary_text(summarize(offer()), locale),
            comparison_text(compare(offer("p75-engineer"), offer(), locale=locale), locale),
        ):
            table = text.split("\n\n")[1].splitlines()
            assert [text_width(table[0])] * len(table) == [text_width(line) for line in table]

    def test_japanese_underlines(self) -> None:
        """A statement's section title is underlined to its display width."""
        section = statement_text(offer(), summarize(offer()), "ja_JP").split("\n\n")[1].splitlines()
        assert text_width(section[0]) == len(section[1])  # the title's underline


class TestLedgerAndLeaderboard:
    """The budget's ledger and the leaderboard speak the reader's language too, their columns kept."""

    @pytest.mark.parametrize(
        ("locale", "title", "header"),
        [
            ("en_US", "Token budget ledger of ada, in USD", ("Period", "Allowance", "Utilisation", "Records")),
            ("de_DE", "Token-Budget-Konto von ada, in USD", ("Zeitraum", "Kontingent", "Auslastung", "Einträge")),
            ("fr_FR", "Registre du budget de tokens de ada, en USD", ("Période", "Dotation", "Utilisation",
                                                                     "Enregistrements")),
            ("ja_JP", "ada のトークン予算台帳、USD 建て", ("期間", "利用枠", "使用率", "記録数")),
        ],
    )  # fmt: skip
    def test_ledger(self, locale: str, title: str, header: tuple[str, ...]) -> None:
        """Title, column heads and the termination line are translated; every row is as wide as the head."""
        budget = TokenBudget(rollover=Rollover.FULL, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH)
        ada = Offer("ada", datetime.date(2026, 1, 15), "USD", Salary(Money("200000.00", "USD"), SalaryPeriod.YEAR),
                    token_budget=budget)  # fmt: skip
        text = ledger_text(ledger_for(ada, [], terminated=datetime.date(2026, 2, 10)), locale)
        lines = text.splitlines()
        assert lines[0].startswith(title)
        assert [] == [word for word in header if word not in lines[2]]
        assert [text_width(lines[2])] * 2 == [text_width(line) for line in lines[3:5]]
        assert "2026-02-10" in lines[-1]
        assert (locale == "en_US") == lines[-1].startswith("Terminated on")

    def test_counts_are_numbers_of_the_locale(self) -> None:
        """A period's records and the records of other people are grouped as the locale groups numbers."""
        budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH)
        ada = Offer("ada", datetime.date(2026, 1, 1), "USD", Salary(Money("200000.00", "USD"), SalaryPeriod.YEAR),
                    token_budget=budget)  # fmt: skip
        day = datetime.date(2026, 1, 5)
        records = [UsageRecord(day, person, "gpt-4o", cost=Money("0.01", "USD")) for person in ("ada", "bo")
                   for _ in range(1234)]  # fmt: skip
        lines = ledger_text(ledger_for(ada, records, as_of=datetime.date(2026, 1, 31)), "de_DE").splitlines()
        assert (True, True) == (
            lines[3].endswith(" 1.234"),
            "1.234 Eintrag/Einträge anderer Personen ignoriert." in lines,
        )

    def test_leaderboard_footnote(self) -> None:
        """The fair-disclosure footnote is translated; a board's own footnote is shown as it is."""
        board = Leaderboard("2026-01", ())
        assert (
            leaderboard_text(board, "de_DE")
            .splitlines()[-1]
            .startswith("* Ein genutztes Kontingent ist kein verdientes Gehalt")
        )
        assert (
            "* Own words."
            == leaderboard_text(Leaderboard("2026-01", (), footnote="Own words."), "de_DE").split("\n")[-1]
        )

    def test_ledger_chart(self) -> None:
        """The chart's title and each bar's tooltip are in the reader's language."""
        budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH)
        ada = Offer("ada", datetime.date(2026, 1, 1), "USD", Salary(Money("200000.00", "USD"), SalaryPeriod.YEAR),
                    token_budget=budget)  # fmt: skip
        svg = ledger_svg(ledger_for(ada, [], as_of=datetime.date(2026, 1, 31)), "es_ES")
        assert "<title>Presupuesto de tokens de ada: disponible y usado, un par por periodo (USD)</title>" in svg
        assert "<title>2026-01 disponible: 1.000,00\xa0US$</title>" in svg


#: A figure and a threshold for each advisory, as a summary gives them: every code, each sentence's every figure.
ADVISORIES = {
    "token-share-high": (Decimal("0.2105"), Decimal("0.2")),
    "token-budget-half-salary": (Decimal("0.5333"), Decimal("0.5")),
    "token-budget-above-salary": (Decimal("1.25"), Decimal("1")),
    "token-prices-stale": (1159, 180),
    "no-usage-mix": (None, None),
    "token-price-zero": (None, None),
    "bonus-target-above-salary": (Decimal("150"), Decimal("100")),
    "fx-stale": (1, 0),
    "stay-or-pay": (31, 24),
    "repayment-interest": (Decimal("5"), Decimal(0)),
}
TRANSLATED = ("de_DE", "fr_FR", "es_ES", "ja_JP")
AS_OF = datetime.date(2030, 1, 1)


def english_phrases() -> set[str]:
    """Every run of three or more words of the English messages, between their placeholders: none may be shown."""
    with (CATALOGS / "messages.pot").open("rb") as pot:
        messages = [m.id for m in read_po(pot) if m.id]
    texts = [text for message in messages for text in (message if isinstance(message, tuple) else (message,))]
    pieces = [piece for text in texts for piece in re.split(r"\{[^}]*\}|[:;,.()*`]", text)]
    return {" ".join(piece.split()) for piece in pieces if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 3}


def english_left(text: str) -> list[str]:
    return sorted(phrase for phrase in english_phrases() if phrase in " ".join(text.split()))


def every_output(locale: str) -> str:
    """summarize, statement, compare and ledger of every bundled offer, with every advisory they can fire."""
    strict = AdvisoryPolicy(max_token_share=Decimal("0.01"), half_salary=Decimal("0.01"), max_bonus_percent=Decimal(1))
    texts = []
    for path in sorted(EXAMPLES.iterdir(), key=lambda p: p.name):
        document = loads(path.read_bytes())
        for currency in (None, "EUR"):
            summary = summarize(document, currency=currency, as_of=AS_OF, policy=strict)
            texts += [summary_text(summary, locale), statement_text(document, summary, locale)]
        texts.append(comparison_text(compare(document, offer(), "EUR", AS_OF, locale=locale, policy=strict), locale))
        if document.token_budget is not None:
            texts.append(ledger_text(ledger_for(document, [], as_of=document.effective_date), locale))
    return "\n".join(texts)


class TestNoEnglishLeft:
    """summarize, statement, compare and ledger say every sentence in the reader's language, advisories too."""

    @pytest.mark.parametrize("locale", TRANSLATED)
    @pytest.mark.parametrize("code", ADVISORY_CODES)
    def test_every_advisory(self, locale: str, code: str) -> None:
        """Each advisory code's sentence is translated, its figures in the locale's formats."""
        figure, threshold = ADVISORIES[code]
        advisory = Advisory(code, figure, threshold, "")
        said = advisory_text(advisory, AS_OF, locale)
        assert ([], False) == (english_left(said), said == advisory_text(advisory, AS_OF))
        shown = {
            "token-share-high": [
                format_ratio(Decimal("0.2105"), locale),
                format_ratio(Decimal("0.2"), locale, every_digit=True),
            ],
            "token-budget-half-salary": [format_ratio(Decimal("0.5"), locale, every_digit=True)],
            "bonus-target-above-salary": [format_ratio(Decimal("1.5"), locale, every_digit=True)],
            "token-prices-stale": [format_amount(1159, locale), "2026-10-30", "2030-01-01"],
            "fx-stale": ["2029-12-31", "2030-01-01"],
        }
        assert [] == [figure for figure in shown.get(code, []) if figure not in said]

    def test_the_english_is_the_message(self) -> None:
        """In English the sentence is the advisory's message, the days grouped as numbers are."""
        summary = summarize(offer("p75-engineer"), currency="EUR", as_of=AS_OF)
        assert [a.message for a in summary.advisories] == [advisory_text(a, AS_OF) for a in summary.advisories]
        assert "1,159 days before 2030-01-01" in summary.advisories[-1].message

    @pytest.mark.parametrize("locale", TRANSLATED)
    def test_every_output(self, locale: str) -> None:
        """No phrase of the English catalog is left in any of the four outputs, and every advisory fired is there."""
        text = every_output(locale)
        assert [] == english_left(text)
        fired = {code for code in ADVISORY_CODES if f"[{code}]" in text}
        assert {
            "token-share-high",
            "token-budget-half-salary",
            "token-prices-stale",
            "no-usage-mix",
            "fx-stale",
        } <= fired

    def test_no_sentence_bypasses_the_catalogs(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Under a catalog that marks every message it gives, nothing is left unmarked but figures and the data's words.

        This finds English written past the catalogs, which the phrase check cannot: a sentence the catalogs never held.
        """
        monkeypatch.setattr("tokencomp._internal.translations._load", lambda language: _Marking())
        text = every_output("de_DE")
        while (unmarked := re.sub(r"⟦[^⟦⟧]*⟧", " ", text)) != text:
            text = unmarked
        data = {*ADVISORY_CODES, "TOKENCOMP_DATA_DIR", "EUR", "USD", "GBP"}
        for path in EXAMPLES.iterdir():
            document = loads(path.read_bytes())
            data |= {document.id, document.role.title if document.role and document.role.title else ""}
            summary = summarize(document, currency="EUR", as_of=AS_OF)
            data |= {rate.source for rate in summary.fx}
            if summary.pricing is not None:
                data |= {summary.pricing.model, summary.pricing.provider}
        for word in sorted(data, key=len, reverse=True):
            text = text.replace(word, " ") if word else text
        assert [] == re.findall(r"[A-Za-z]{3,}", text)


class _Marking(gettext.NullTranslations):
    """A catalog that gives every message between ⟦ and ⟧, to find text that does not come from one."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"
