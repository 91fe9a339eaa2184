"""Withdrawn ISO 4217 currencies: a dated fact table, and the rule of a document's date.

Archives, payroll history and audits hold amounts in currencies that were
real on their date and are gone now: the Bulgarian lev (BGN, withdrawn in
2026-01 and replaced by the euro), the Croatian kuna (HRK, 2023-01). The
``iso4217`` package knows only today's codes; this table
(``data/iso4217-withdrawn.csv``, from ISO 4217's list three, see
``data/README.md``) knows these.

One rule for every code: list three gives the month a code was withdrawn
(``WthdrwlDt``, such as ``2023-01``), and a code is usable **through the
last day of that month**; the first day of the next month is the first day
a document may no longer use it. List three gives no day, and a changeover
month is when the old notes stopped being legal tender (two weeks of dual
circulation for the kuna, the whole month for the lev): the month's last
day is the one date the published month supports for every code.

A withdrawn code is a currency :class:`~tokencomp.model.money.Money` accepts; a
document may use it only when its date is before the first day refused (an
offer's ``effective_date``, a posting's ``date_posted``) — that rule is the
domain layer's (:class:`~tokencomp.model.offer.Offer`,
:class:`~tokencomp.model.posting.JobPosting`), not the JSON Schema's, which
cannot compare a code with a date.
"""

from __future__ import annotations

import csv
import datetime
import functools
import importlib.resources
import io
import typing
from collections.abc import Iterator
from typing import Any

import attrs

from ..errors import Problem, WithdrawnCurrencyError, escape_pointer_token

__all__ = [
    "WithdrawnCurrency",
    "check_currency_on",
    "first_day_refused",
    "withdrawn_currencies",
    "withdrawn_currency_problems",
]


@attrs.frozen
class WithdrawnCurrency:
    """A currency code ISO 4217 no longer lists as active, with what replaced it.

    Attributes:
        code: The withdrawn code, such as ``"BGN"``.
        minor_unit: Decimal places of its minor unit, as it had them.
        withdrawn: The first day a document may no longer use it: the first
            day after list three's withdrawal month.
        replaced_by: The code that replaced it, such as ``"EUR"``.
        name: Its English name.

    >>> from tokencomp import withdrawn_currencies
    >>> kuna = withdrawn_currencies()["HRK"]
    >>> kuna.minor_unit, kuna.withdrawal_month, kuna.last_usable, kuna.withdrawn, kuna.replaced_by
    (2, '2023-01', datetime.date(2023, 1, 31), datetime.date(2023, 2, 1), 'EUR')
    """

    code: str
    minor_unit: int
    withdrawn: datetime.date
    replaced_by: str
    name: str

    @property
    def last_usable(self) -> datetime.date:
        """The last day a document may use the code, the last day of list three's withdrawal month."""
        return self.withdrawn - datetime.timedelta(days=1)

    @property
    def withdrawal_month(self) -> str:
        """The withdrawal month as list three publishes it, such as ``"2023-01"``."""
        return f"{self.last_usable:%Y-%m}"


def first_day_refused(withdrawal_month: str) -> datetime.date:
    """The first day after list three's withdrawal month *withdrawal_month* (``YYYY-MM``): the rule of this module.

    >>> from tokencomp.model.historical import first_day_refused
    >>> first_day_refused("2014-12"), first_day_refused("2023-01")
    (datetime.date(2015, 1, 1), datetime.date(2023, 2, 1))
    """
    year, month = (int(part) for part in withdrawal_month.split("-"))
    return datetime.date(year + month // 12, month % 12 + 1, 1)


@functools.cache
def withdrawn_currencies() -> dict[str, WithdrawnCurrency]:
    """Return the withdrawn codes tokencomp knows, by code (``data/iso4217-withdrawn.csv``).

    >>> from tokencomp import withdrawn_currencies
    >>> sorted(withdrawn_currencies())[:4]
    ['BGN', 'CYP', 'EEK', 'HRK']
    """
    text = (importlib.resources.files("tokencomp") / "data" / "iso4217-withdrawn.csv").read_text(encoding="utf-8")
    return {
        row["code"]: WithdrawnCurrency(
            row["code"],
            int(row["minor_unit"]),
            first_day_refused(row["withdrawal_month"]),
            row["replaced_by"],
            row["name"],
        )
        for row in csv.DictReader(io.StringIO(text))
    }


def check_currency_on(code: str, on: datetime.date) -> None:
    """Check that *code* was still a currency on *on*: an active code, or one usable through *on*.

    Raises:
        WithdrawnCurrencyError: *on* is after the last day of *code*'s
            withdrawal month; the error says when, and by what it was replaced.

    >>> import datetime
    >>> from tokencomp import check_currency_on
    >>> check_currency_on("BGN", datetime.date(2026, 1, 31))
    >>> check_currency_on("BGN", datetime.date(2026, 3, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.WithdrawnCurrencyError: 'BGN' (Bulgarian lev) was withdrawn in 2026-01 (ISO 4217 list three), ...
    """
    withdrawn = withdrawn_currencies().get(code)
    if withdrawn is not None and on >= withdrawn.withdrawn:
        raise WithdrawnCurrencyError(code, withdrawn.name, withdrawn.withdrawn, withdrawn.replaced_by, on)


def _model_classes(annotation: object) -> Iterator[type]:
    """The model classes an annotation names (``Money``, ``tuple[EquityGrant, ...]``, ``Bonus | None``)."""
    if isinstance(annotation, type) and attrs.has(annotation):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _model_classes(argument)


@functools.cache
def _holds_currency(kind: type) -> bool:
    """Whether an object of model class *kind* can hold a currency code, itself or in its parts."""
    return bool(_plan(kind))


@functools.cache
def _plan(kind: Any) -> tuple[tuple[str, str, bool], ...]:
    """Where an object of *kind* may hold currencies: (attribute, pointer token, is it the code itself) a field.

    Only the ``currency`` fields and those whose annotation names a model
    class that may hold one; empty for any other type. Made once a class,
    from the annotations, so the walks never look at text, numbers or dates.
    """
    if not attrs.has(kind):
        return ()
    attrs.resolve_types(kind)
    return tuple(
        (field.name, f"/{escape_pointer_token(field.metadata.get('json', field.name))}", field.name == "currency")
        for field in attrs.fields(kind)
        if field.name == "currency" or any(_holds_currency(inner) for inner in _model_classes(field.type))
    )


def _currencies(value: object, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Each currency code of a model object (every ``currency`` of it and its parts), with its JSON Pointer."""
    if type(value) is tuple:
        for index, item in enumerate(value):
            yield from _currencies(item, f"{pointer}/{index}")
        return
    kind: Any = type(value)
    for name, token, is_currency in _plan(kind):
        item = getattr(value, name)
        if is_currency and type(item) is str:
            yield pointer + token, item
        elif item is not None:
            yield from _currencies(item, pointer + token)


def _codes(document: object) -> set[str]:
    """The currency codes of *document*, without their pointers: one pass, no generators."""
    codes: set[str] = set()
    stack = [document]
    while stack:
        value = stack.pop()
        if type(value) is tuple:
            stack += value
            continue
        kind: Any = type(value)
        for name, _, is_currency in _plan(kind):
            item = getattr(value, name)
            if is_currency and type(item) is str:
                codes.add(item)
            elif item is not None:
                stack.append(item)
    return codes


def withdrawn_currency_problems(document: object, on: datetime.date) -> Iterator[Problem]:
    """Yield a ``currency-withdrawn`` problem for each currency of *document* no longer usable on *on*.

    The rule of a document's date, for the model's own checks: an offer's
    ``effective_date``, a posting's ``date_posted``.

    >>> from tokencomp import Money
    >>> [p.pointer for p in withdrawn_currency_problems(Money("1", "HRK"), datetime.date(2023, 2, 1))]
    ['/currency']
    """
    if not _codes(document) & withdrawn_currencies().keys():
        return  # the common case, found without making a pointer
    for pointer, code in _currencies(document):
        try:
            check_currency_on(code, on)
        except WithdrawnCurrencyError as exc:
            yield Problem(pointer, "currency-withdrawn", str(exc))
