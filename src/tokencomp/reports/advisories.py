"""Advisories: plain warnings about a package (mostly its token budget), with the figures behind them.

Each advisory has a stable code, the figure that triggered it, the threshold
it crossed and a sentence. Thresholds live in an :class:`AdvisoryPolicy` the
caller can change. Comparisons are exact: a share "over a fifth" is tested
as ``5 × token_budget > fully_loaded_cost`` on the summary's rounded
figures, never on a ratio that was itself rounded.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

import attrs
from babel import Locale

from .._internal.translations import translations
from ..errors import CurrencyMismatchError, Problem, RuleViolation
from ..model.money import Money, in_context, ratio, round_half_up
from ..model.offer import Offer
from ..reference.datadir import DATA_DIR_VARIABLE
from ..reference.fx import FxRate
from .wording import format_amount, format_ratio

__all__ = [
    "ADVISORY_CODES",
    "Advisory",
    "AdvisoryPolicy",
    "AnnualAmounts",
    "ReturnOnSpend",
    "advise",
    "advise_rates",
    "advisory_text",
    "return_on_spend",
]


class AnnualAmounts(Protocol):
    """The annual figures advisories compare, in one currency: a summary's ``annual`` has them.

    Advisories take figures, not the summary that asks for them, so this module
    does not import :mod:`tokencomp.reports.summary`. Any object with the three figures will do:

    >>> import importlib.resources
    >>> from types import SimpleNamespace
    >>> from tokencomp import loads
    >>> offer = loads((importlib.resources.files("tokencomp") / "data" / "examples" / "p75-engineer.json").read_bytes())
    >>> amounts = SimpleNamespace(salary=Decimal(300000), token_budget=Decimal(4000), fully_loaded_cost=Decimal(500000))
    >>> [a.code for a in advise(offer, amounts, offer.effective_date)]
    ['no-usage-mix']
    """

    @property
    def salary(self) -> Decimal:
        """Annual salary."""

    @property
    def token_budget(self) -> Decimal:
        """The token budget's value for a year."""

    @property
    def fully_loaded_cost(self) -> Decimal:
        """Total compensation plus the token budget."""


#: The code of every advisory, each with its sentence in every catalog (:func:`advisory_text`).
ADVISORY_CODES = (
    "token-share-high",
    "token-budget-half-salary",
    "token-budget-above-salary",
    "token-prices-stale",
    "no-usage-mix",
    "token-price-zero",
    "bonus-target-above-salary",
    "fx-stale",
    "stay-or-pay",
    "repayment-interest",
)

#: California AB 692 (Labor Code § 926, in force 2026-01-01): what a repayment on leaving may ask of a new hire
#: in California. ``stay-or-pay``'s figure is the sum of the flags of the conditions not met, its threshold the
#: most months a retention period may last.
STAY_OR_PAY_MONTHS = 24
OVER_24_MONTHS, NOT_PRORATED, CHARGES_INTEREST, NO_SEPARATE_AGREEMENT, PRORATION_NOT_STATED = 1, 2, 4, 8, 16


@attrs.frozen
class AdvisoryPolicy:
    """The thresholds advisories fire at.

    Attributes:
        max_token_share: ``token-share-high`` fires when the token budget is
            *more than* this share of the fully loaded cost (a fifth by default).
        half_salary: ``token-budget-half-salary`` fires when the budget is *at
            or above* this multiple of salary.
        above_salary: ``token-budget-above-salary`` fires when the budget is
            *more than* this multiple of salary.
        max_price_age_days: ``token-prices-stale`` fires when a budget in
            tokens is priced with a snapshot *more than* this many days older
            than the summary's as-of date.
        max_rate_age_days: ``fx-stale`` fires when an exchange rate used was
            published *more than* this many days before the as-of date asked for.
        max_bonus_percent: ``bonus-target-above-salary`` fires when a bonus
            target is *more than* this percent of salary: legitimate (sales
            plans pay 150 %), so a warning, not an error, but worth a look
            in case a share such as ``"1.5"`` was meant.

    >>> from decimal import Decimal
    >>> from tokencomp import AdvisoryPolicy
    >>> AdvisoryPolicy(max_token_share=Decimal("0.25")).max_token_share
    Decimal('0.25')
    """

    max_token_share: Decimal = Decimal("0.2")
    half_salary: Decimal = Decimal("0.5")
    above_salary: Decimal = Decimal("1")
    max_price_age_days: int = 180
    max_rate_age_days: int = 7
    max_bonus_percent: Decimal = Decimal(100)


_DEFAULT_POLICY = AdvisoryPolicy()  # frozen: one serves every call


@attrs.frozen
class Advisory:
    """One advisory about a package.

    Attributes:
        code: A stable, machine-readable name, such as ``"token-share-high"``.
        figure: The figure that triggered it (a ratio to four places, or days);
            absent for advisories about something missing.
        threshold: The threshold the figure crossed.
        message: A sentence for people, in English; :func:`advisory_text`
            says it in the reader's language.

    >>> from decimal import Decimal
    >>> from tokencomp import Advisory
    >>> Advisory("token-share-high", Decimal("0.2105"), Decimal("0.2"), "...").code
    'token-share-high'
    """

    code: str
    figure: Decimal | int | None
    threshold: Decimal | int | None
    message: str


@in_context
def advise(
    offer: Offer, annual: AnnualAmounts, as_of: datetime.date, policy: AdvisoryPolicy | None = None
) -> tuple[Advisory, ...]:
    """Return the advisories the offer's annual figures trigger under *policy*.

    >>> import importlib.resources
    >>> from tokencomp import advise, loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "p75-engineer.json").read_bytes())
    >>> [a.code for a in advise(offer, summarize(offer).annual, offer.effective_date)]
    ['token-share-high', 'no-usage-mix']
    """
    policy = policy or _DEFAULT_POLICY
    found = []
    percent = offer.bonus.target_percent if offer.bonus else None
    if percent is not None and percent > policy.max_bonus_percent:
        found.append(_advisory("bonus-target-above-salary", percent, policy.max_bonus_percent, as_of))
    found += _repayment_advisories(offer)
    budget = offer.token_budget
    if budget is None:
        return tuple(found)
    tokens, cost, salary = annual.token_budget, annual.fully_loaded_cost, annual.salary
    # Under the default policy an advisory of the budget's size depends on its figure alone: made once a figure.
    size = _default_size_advisory if policy is _DEFAULT_POLICY else functools.partial(_size_advisory, policy=policy)
    if cost and tokens > policy.max_token_share * cost:
        found.append(size("token-share-high", ratio(tokens, cost)))
    if salary and tokens > policy.above_salary * salary:
        found.append(size("token-budget-above-salary", ratio(tokens, salary)))
    elif salary and tokens >= policy.half_salary * salary:
        found.append(size("token-budget-half-salary", ratio(tokens, salary)))
    if budget.tokens is not None and budget.pricing is not None:
        age = (as_of - budget.pricing.as_of).days
        if age > policy.max_price_age_days:
            found.append(_advisory("token-prices-stale", age, policy.max_price_age_days, as_of))
    if budget.usage_mix is None:
        found.append(_NO_USAGE_MIX)
    elif budget.pricing is not None and budget.pricing.blended_amount(budget.usage_mix) == 0:
        found.append(_TOKEN_PRICE_ZERO)
    return tuple(found)


def _repayment_advisories(offer: Offer) -> list[Advisory]:
    """``stay-or-pay`` for each repayment of a role in California that AB 692 would not allow, and
    ``repayment-interest`` for each that charges interest."""
    found = []
    in_california = offer.role is not None and offer.role.region == "US-CA"
    bonus = offer.bonus
    if in_california and bonus is not None and bonus.sign_on is not None and bonus.sign_on_clawback_months:
        # Version 1 states neither proration nor the agreement: proration is named as not stated.
        flags = PRORATION_NOT_STATED | (OVER_24_MONTHS if bonus.sign_on_clawback_months > STAY_OR_PAY_MONTHS else 0)
        found.append(_advisory("stay-or-pay", flags, STAY_OR_PAY_MONTHS))
    for payment in offer.payments:
        terms = payment.repayment
        if terms is None:
            continue
        flags = (
            (OVER_24_MONTHS if terms.months > STAY_OR_PAY_MONTHS else 0)
            | (0 if terms.prorated else NOT_PRORATED)
            | (CHARGES_INTEREST if terms.charges_interest else 0)
            | (0 if terms.separate_agreement else NO_SEPARATE_AGREEMENT)
        )
        if in_california and flags:
            found.append(_advisory("stay-or-pay", flags, STAY_OR_PAY_MONTHS))
        if terms.interest_percent:
            found.append(_advisory("repayment-interest", terms.interest_percent, Decimal(0)))
    return found


def _size_advisory(code: str, figure: Decimal | None, policy: AdvisoryPolicy) -> Advisory:
    """The advisory *code* about the budget's size (a share of the cost, or a multiple of salary), with its figure."""
    threshold = {
        "token-share-high": policy.max_token_share,
        "token-budget-above-salary": policy.above_salary,
    }.get(code, policy.half_salary)
    return _advisory(code, figure, threshold)


@functools.lru_cache(maxsize=4096)
def _default_size_advisory(code: str, figure: Decimal | None) -> Advisory:
    # A figure is a ratio to four places (one written form a value), an Advisory is frozen: shared safely.
    return _size_advisory(code, figure, _DEFAULT_POLICY)


def _advisory(
    code: str, figure: Decimal | int | None, threshold: Decimal | int | None, as_of: datetime.date | None = None
) -> Advisory:
    """The advisory *code*, its message the English of :func:`advisory_text`."""
    return Advisory(code, figure, threshold, _sentence(code, figure, threshold, as_of, "en_US"))


def advisory_text(advisory: Advisory, as_of: datetime.date, locale: Locale | str = "en_US") -> str:
    """Return *advisory*'s sentence in *locale*'s language, its figures in *locale*'s formats.

    *as_of* is the date of the summary that carries it (:attr:`~tokencomp.reports.summary.Summary.as_of`):
    the dates an advisory about age names are counted back from it by its figure, in days.
    :attr:`Advisory.message` is this sentence in English.

    >>> from tokencomp import loads, summarize
    >>> import importlib.resources
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> summary = summarize(loads((examples / "p75-engineer.json").read_bytes()))
    >>> advisory_text(summary.advisories[0], summary.as_of, "de_DE").split(":")[0]
    'Das Token-Budget beträgt 21,05\\xa0% der Vollkosten, mehr als 20\\xa0%'
    >>> advisory_text(summary.advisories[0], summary.as_of) == summary.advisories[0].message
    True
    """
    return _sentence(advisory.code, advisory.figure, advisory.threshold, as_of, locale)


def _sentence(
    code: str,
    figure: Decimal | int | None,
    threshold: Decimal | int | None,
    as_of: datetime.date | None,
    locale: Locale | str,
) -> str:
    """The sentence of the advisory *code* in *locale*: each code's words are here, once, for the catalogs."""
    catalog = translations(locale)
    _, ngettext = catalog.gettext, catalog.ngettext

    def share(value: object) -> str:
        return format_ratio(Decimal(str(value)), locale)

    def limit(value: object) -> str:
        return format_ratio(Decimal(str(value)), locale, every_digit=True)

    def days_before(days: object) -> tuple[int, str]:
        count = int(str(days))
        return count, format_amount(count, locale)

    if code == "bonus-target-above-salary":
        return _(
            "The bonus target is {percent} of salary, more than {threshold}: usual for sales plans, but check "
            "that a percentage, not a share, was meant."
        ).format(percent=limit(Decimal(str(figure)).scaleb(-2)), threshold=limit(Decimal(str(threshold)).scaleb(-2)))
    if code == "token-share-high":
        return _(
            "The token budget is {share} of the fully loaded cost, more than {threshold}: much of this package "
            "is compute the person cannot keep."
        ).format(share=share(figure), threshold=limit(threshold))
    if code == "token-budget-above-salary":
        return _(
            "The token budget is larger than the salary; it does not vest, move with the person or count in "
            "their next offer."
        )
    if code == "token-budget-half-salary":
        return _(
            "The token budget is at least {threshold} of the salary; compare offers on total compensation, "
            "which leaves it out."
        ).format(threshold=limit(threshold))
    if code == "token-prices-stale" and as_of is not None:
        count, days = days_before(figure)
        return ngettext(
            "The budget is in tokens priced as of {priced}, {days} day before {as_of}; token prices change "
            "quickly, so its money value may be out of date.",
            "The budget is in tokens priced as of {priced}, {days} days before {as_of}; token prices change "
            "quickly, so its money value may be out of date.",
            count,
        ).format(priced=as_of - datetime.timedelta(days=count), days=days, as_of=as_of)
    if code == "token-price-zero":
        return _(
            "The token price is zero at this usage mix: a budget in money buys any number of tokens (none is "
            "given), and one in tokens is worth nothing. Check the pricing."
        )
    if code == "stay-or-pay":
        flags = int(str(figure))
        conditions = [
            text
            for flag, text in (
                (OVER_24_MONTHS, _("it lasts more than {months} months").format(months=threshold)),
                (NOT_PRORATED, _("it is not prorated")),
                (CHARGES_INTEREST, _("it charges interest")),
                (NO_SEPARATE_AGREEMENT, _("it is not in a separate agreement")),
                (PRORATION_NOT_STATED, _("version 1 does not state that it is prorated")),
            )
            if flags & flag
        ]
        return _(
            "A repayment on leaving for a role in California: {conditions}. Since 2026-01-01 California AB 692 "
            "allows one only in a separate agreement, prorated, without interest and for at most {months} months."
        ).format(conditions="; ".join(conditions), months=threshold)
    if code == "repayment-interest":
        return _("A repayment on leaving charges interest ({percent} %); the figures owed never include it.").format(
            percent=format_amount(Decimal(str(figure)), locale)
        )
    if code == "no-usage-mix":
        return _("The token budget has no usage mix, so how many tokens it buys cannot be worked out.")
    if code == "fx-stale" and as_of is not None:
        count, days = days_before(figure)
        return ngettext(
            "The exchange rates used are of {rates_date}, {days} day before {as_of}, the date asked for; "
            "converted figures may be off. Newer ECB files can go in the folder named by {variable} "
            "(`tokencomp data` shows the data in use).",
            "The exchange rates used are of {rates_date}, {days} days before {as_of}, the date asked for; "
            "converted figures may be off. Newer ECB files can go in the folder named by {variable} "
            "(`tokencomp data` shows the data in use).",
            count,
        ).format(rates_date=as_of - datetime.timedelta(days=count), days=days, as_of=as_of, variable=DATA_DIR_VARIABLE)
    if code == "option-at-strike":
        return _(
            "An option's unit value does not exceed its strike, so it is worth 0 at that value; ask for "
            "scenarios (share-price multiples) to see it at other share prices."
        )
    msg = f"no sentence for the advisory {code!r} (of the summary of {as_of})"
    raise RuleViolation([Problem("/code", "unknown-advisory", msg)])


# Frozen and the same every time: one serves every summary.
_TOKEN_PRICE_ZERO = _advisory("token-price-zero", None, None)
_NO_USAGE_MIX = _advisory("no-usage-mix", None, None)
#: An option worth 0 at its stated value (version 1.1): the summary adds it, pointing to scenarios.
OPTION_AT_STRIKE = _advisory("option-at-strike", None, None)


@in_context
def advise_rates(
    rates_used: Iterable[FxRate], as_of: datetime.date, policy: AdvisoryPolicy | None = None
) -> tuple[Advisory, ...]:
    """Return ``fx-stale`` when a rate used is older than *policy* allows, measured from *as_of*.

    The figure is the age in days of the oldest rate used; weekends and
    holidays make a rate a few days old routinely, hence the week's leeway.

    >>> import datetime
    >>> from tokencomp import advise_rates, default_rates
    >>> used = default_rates().rate("USD", "GBP", "2026-07-01")
    >>> [(a.code, a.figure, a.threshold) for a in advise_rates([used], datetime.date(2026, 7, 1))]
    [('fx-stale', 79, 7)]
    """
    policy = policy or _DEFAULT_POLICY
    oldest = min(rates_used, key=lambda rate: rate.date, default=None)
    if oldest is None or (as_of - oldest.date).days <= policy.max_rate_age_days:
        return ()
    return (_advisory("fx-stale", (as_of - oldest.date).days, policy.max_rate_age_days, as_of),)


@attrs.frozen
class ReturnOnSpend:
    """What a token budget implies against a baseline inference spend.

    Attributes:
        baseline: The annual spend the output is measured against.
        budget: The annual token budget.
        multiple: budget / baseline, to two places: the output the budget
            must produce, as a multiple of the baseline's, to pay its way.

    >>> from tokencomp import Money, return_on_spend
    >>> return_on_spend(Money("100000.00", "USD"), Money("12000", "USD")).multiple
    Decimal('8.33')
    """

    baseline: Money
    budget: Money
    multiple: Decimal


@in_context
def return_on_spend(budget: Money, baseline: Money) -> ReturnOnSpend:
    """Return the productivity multiple *budget* implies against *baseline* (same currency).

    Raises:
        ValueError: The baseline is not above zero.
        CurrencyMismatchError: The two are in different currencies.

    >>> from tokencomp import Money, return_on_spend
    >>> str(return_on_spend(Money("250000.00", "USD"), Money("12000.00", "USD")).multiple) + "×"
    '20.83×'
    """
    if baseline.amount <= 0:
        msg = f"the baseline spend must be above zero, not {baseline.amount}"
        raise ValueError(msg)
    if budget.currency != baseline.currency:
        raise CurrencyMismatchError(budget.currency, baseline.currency)
    multiple = round_half_up(Fraction(budget.amount) / Fraction(baseline.amount), 2)
    return ReturnOnSpend(baseline, budget, multiple)
