"""A job posting as schema.org ``JobPosting`` JSON-LD, for the page that advertises it.

The salary goes in ``baseSalary``; bonus and equity in
``incentiveCompensation``; and the token budget in ``jobBenefits``, in words
that say it does not vest, is not transferable and is forfeited on leaving —
never in ``baseSalary``, because it is not pay.
"""

from __future__ import annotations

import html
import re
import secrets
from decimal import Decimal
from typing import Any

from babel import Locale

from .._internal.escaping import json_text, plain
from ..model.money import in_context
from ..model.posting import JobPosting, TokenBudgetRange
from .wording import format_amount, money_span, span

__all__ = ["describe_token_budget", "description_html", "jsonld", "jsonld_text"]


def description_html(text: str) -> str:
    """Return a posting's plain-text description as the HTML Google asks ``description`` to be.

    Every character is escaped (``<``, ``>``, ``&``, quotes), so the text can
    carry no markup of its own; a blank line starts a paragraph, a line break
    is a ``<br>``.

    >>> description_html("Build the platform.\\n\\nPay: <b>$1 & up</b>\\nRemote.")
    '<p>Build the platform.</p><p>Pay: &lt;b&gt;$1 &amp; up&lt;/b&gt;<br>Remote.</p>'
    """
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in part.split("\n")) + "</p>" for part in paragraphs
    )


@in_context
def describe_token_budget(budget: TokenBudgetRange, locale: Locale | str = "en_US") -> str:
    """A posting's token budget in words for ``jobBenefits``: what it is worth, and what it is not.

    Amounts are formatted for *locale*; a range whose ends are equal is one figure.

    >>> from tokencomp import Money, MoneyRange, TokenBudgetRange
    >>> from tokencomp.reports.jsonld import describe_token_budget
    >>> budget = TokenBudgetRange(MoneyRange(Money("50000", "USD"), Money("100000", "USD")))
    >>> print(describe_token_budget(budget).partition(":")[0])
    An AI inference token budget worth $50,000.00 to $100,000.00 a year
    """
    if budget.allowance_per_year is not None:
        size = f"worth {money_span(budget.allowance_per_year.min, budget.allowance_per_year.max, locale)} a year"
    else:
        # the constructor guarantees pricing and both ends with tokens
        assert budget.pricing is not None
        assert budget.tokens_per_year_min is not None
        assert budget.tokens_per_year_max is not None
        price = budget.pricing
        tokens = span(budget.tokens_per_year_min, budget.tokens_per_year_max, lambda n: format_amount(n, locale))
        model = plain(f"{price.provider} {price.model}")
        size = f"of {tokens} tokens a year ({model}, prices as of {price.as_of})"
    return (
        f"An AI inference token budget {size}: an allowance for work compute, not pay. It does not vest, "
        "is not transferable, cannot be cashed out and is forfeited on leaving."
    )


# JSON-LD numbers are written from Decimal text, never through a float: each
# Decimal goes out as a string marked with a mark made for this one call (so no
# title can forge one), and the marks are taken off the JSON text.
def _marked(value: Any, mark: str) -> Any:
    if isinstance(value, Decimal):
        return f"{mark}{value:f}"  # fixed point: the number pattern below has no exponent
    if isinstance(value, dict):
        return {key: _marked(item, mark) for key, item in value.items()}
    return value


@in_context
def jsonld(posting: JobPosting) -> dict[str, Any]:
    """Return *posting* as a schema.org ``JobPosting`` (JSON-LD), amounts as exact Decimals.

    :func:`jsonld_text` writes it as JSON text with the amounts as exact JSON
    numbers.

    >>> import importlib.resources
    >>> from tokencomp import jsonld
    >>> data = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
    >>> from tokencomp import load_posting
    >>> document = jsonld(load_posting(data.read_bytes()))
    >>> document["baseSalary"]["value"]["maxValue"], "jobBenefits" in document
    (Decimal('400000.00'), True)
    """
    location = posting.location
    address = {"@type": "PostalAddress", "addressCountry": location.country}
    if location.locality:
        address["addressLocality"] = location.locality
    if location.region:
        address["addressRegion"] = location.region
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": posting.organization, "value": posting.id},
        "title": posting.title,
        "description": description_html(posting.description),
        "datePosted": posting.date_posted.isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": posting.organization},
        "jobLocation": {"@type": "Place", "address": address},
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": posting.salary.min.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": posting.salary.min.amount,
                "maxValue": posting.salary.max.amount,
                "unitText": posting.salary_period.value.upper(),  # HOUR, WEEK, MONTH, YEAR
            },
        },
        "salaryCurrency": posting.salary.min.currency,
    }
    if location.remote:
        document["jobLocationType"] = "TELECOMMUTE"
        document["applicantLocationRequirements"] = {"@type": "Country", "name": location.country}
    if posting.organization_url:
        document["hiringOrganization"]["sameAs"] = posting.organization_url
    if posting.organization_logo:
        document["hiringOrganization"]["logo"] = posting.organization_logo
    if posting.direct_apply is not None:
        document["directApply"] = posting.direct_apply
    if posting.valid_through:
        document["validThrough"] = posting.valid_through.isoformat()
    if posting.employment_type:
        document["employmentType"] = posting.employment_type.value
    incentives = []
    if posting.bonus_target_percent:
        bonus = posting.bonus_target_percent
        incentives.append(f"Target bonus of {span(bonus.min, bonus.max, format_amount)} % of base salary a year.")
    if posting.equity_per_year:
        equity = posting.equity_per_year
        incentives.append(f"Equity worth {money_span(equity.min, equity.max)} a year as it vests.")
    if posting.commission:
        commission = posting.commission
        incentives.append(f"On-target commission of {money_span(commission.min, commission.max)} a year.")
    if incentives:
        document["incentiveCompensation"] = " ".join(incentives)
    # The benefits in the employer's words, then the token budget apart: a tool for the work, not a benefit of pay.
    benefits = [posting.benefits_description] if posting.benefits_description else []
    if posting.token_budget:
        benefits.append(describe_token_budget(posting.token_budget))
    if benefits:
        document["jobBenefits"] = " ".join(benefits)
    return document


@in_context
def jsonld_text(posting: JobPosting, *, indent: int | None = 2) -> str:
    """Return the JSON-LD of *posting* as JSON text, amounts as exact JSON numbers, safe to embed in HTML.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and
    ``\\u0026`` (and control and bidi characters as ``\\uXXXX`` too): the
    same JSON data, which no value can use to end or change the
    ``<script type="application/ld+json">`` element a job page puts it in.

    >>> import importlib.resources
    >>> from tokencomp import jsonld_text
    >>> data = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
    >>> from tokencomp import load_posting
    >>> posting = load_posting(data.read_bytes())
    >>> print(jsonld_text(posting, indent=None)[:60])
    {"@context": "https://schema.org", "@type": "JobPosting", "i
    >>> '"minValue": 350000.00' in jsonld_text(posting)
    True
    """
    mark = f"number-{secrets.token_hex(16)}:"
    text = json_text(_marked(jsonld(posting), mark), indent=indent, embeddable=True)
    return re.sub(f'"{mark}(-?[0-9.]+)"', r"\1", text)
