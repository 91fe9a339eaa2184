"""Exceptions raised by tokencomp, and the :class:`Problem` they carry.

Every exception derives from :class:`TokencompError` *and* from the standard
exception a caller would expect (:class:`ValueError`, :class:`LookupError`,
:class:`TypeError`), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable

import attrs


@attrs.frozen
class Problem:
    """One thing wrong with a document or a value.

    Attributes:
        pointer: Where, as a JSON Pointer (RFC 6901); ``""`` is the whole document.
        code: A stable, machine-readable name for the kind of problem,
            such as ``"unknown-currency"``.
        message: What is wrong and how to fix it, for people.

    >>> from tokencomp import Problem
    >>> Problem("/salary/rate/currency", "unknown-currency", "no such currency")
    Problem(pointer='/salary/rate/currency', code='unknown-currency', message='no such currency')
    """

    pointer: str
    code: str
    message: str

    def under(self, prefix: str) -> Problem:
        """Return this problem with *prefix* (a JSON Pointer) put in front of its pointer.

        >>> from tokencomp import Problem
        >>> Problem("/currency", "c", "m").under("/salary/rate").pointer
        '/salary/rate/currency'
        """
        return attrs.evolve(self, pointer=prefix + self.pointer)


def escape_pointer_token(token: str | int) -> str:
    """Escape one reference token of a JSON Pointer (RFC 6901, section 3).

    >>> escape_pointer_token("a/b~c")
    'a~1b~0c'
    """
    return str(token).replace("~", "~0").replace("/", "~1")


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to *n* of *choices* that look like *word*, closest first, ignoring case.

    For the "did you mean" of a misspelt name: a key, a model, a currency.

    >>> close_matches("vest", ["vests", "portable", "allowance"])
    ['vests']
    >>> close_matches("usd", ["EUR", "USD"])
    ['USD']
    """
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    matches = difflib.get_close_matches(word.casefold(), by_folded, n=n, cutoff=0.6)
    return [by_folded[match] for match in matches]


class TokencompError(Exception):
    """The root of every exception tokencomp raises on purpose.

    >>> from tokencomp import Money, TokencompError
    >>> try:
    ...     Money("1", "USD") + Money("1", "EUR")
    ... except TokencompError as exc:
    ...     print(type(exc).__name__)
    CurrencyMismatchError
    """


class RuleViolation(TokencompError, ValueError):
    """A value breaks one or more rules of the model.

    Raised when a model object is built with values the offer contract
    forbids. Pointers are relative to the object that was being built.

    Attributes:
        problems: Every rule the value breaks, not just the first.

    >>> from tokencomp import Money, RuleViolation
    >>> try:
    ...     Money("1", "XYZ")
    ... except RuleViolation as exc:
    ...     print(exc.problems[0].pointer, exc.problems[0].code)
    /currency unknown-currency
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.pointer or '/'}: {p.message}" for p in self.problems))

    @classmethod
    def raise_for(cls, problems: Iterable[Problem]) -> None:
        """Raise a RuleViolation carrying *problems*, if there are any.

        >>> from tokencomp import Problem, RuleViolation
        >>> RuleViolation.raise_for([])
        >>> RuleViolation.raise_for([Problem("/x", "c", "wrong")])
        Traceback (most recent call last):
        ...
        tokencomp.errors.RuleViolation: /x: wrong
        """
        problems = tuple(problems)
        if problems:
            raise cls(problems)


class InvalidDocumentError(TokencompError, ValueError):
    """A document is not valid: the base of each kind's error (an offer's, a posting's).

    Catch this to handle any document; catch :class:`InvalidOfferError` or
    :class:`InvalidPostingError` for one kind.

    Attributes:
        problems: Every problem found, each with its JSON Pointer.

    >>> from tokencomp import InvalidDocumentError, load_offer, load_posting
    >>> for load in (load_offer, load_posting):
    ...     try:
    ...         load('{"schema_version": "1"}')
    ...     except InvalidDocumentError as exc:
    ...         print(type(exc).__name__, str(exc).partition(":")[0])
    InvalidOfferError invalid offer
    InvalidPostingError invalid posting
    """

    #: What the document is called in the message.
    kind = "document"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        first = self.problems[0] if self.problems else None
        summary = f"{first.pointer or '/'}: {first.message}" if first else "invalid"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"invalid {self.kind}: {summary}{more}")


class InvalidOfferError(InvalidDocumentError):
    """A document is not a valid offer.

    Attributes:
        problems: Every problem found, each with its JSON Pointer.

    >>> from tokencomp import InvalidOfferError, load_offer
    >>> try:
    ...     load_offer('{"schema_version": "1"}')
    ... except InvalidOfferError as exc:
    ...     print([p.pointer for p in exc.problems])
    ['/currency', '/effective_date', '/id', '/salary']
    """

    kind = "offer"


class InvalidPostingError(InvalidDocumentError):
    """A document is not a valid job posting.

    Attributes:
        problems: Every problem found, each with its JSON Pointer.

    >>> from tokencomp import InvalidPostingError, load_posting
    >>> try:
    ...     load_posting('{"schema_version": "1"}')
    ... except InvalidPostingError as exc:
    ...     print(exc.problems[0].pointer, exc.problems[0].code)
    /date_posted missing-key
    """

    kind = "posting"


class InvalidPolicyError(InvalidDocumentError):
    """A classification policy file is not valid: every problem, each with its JSON Pointer.

    >>> from tokencomp import InvalidPolicyError, read_policy
    >>> try:
    ...     read_policy(b'{"policy_version": "1", "name": "x", "classes": {"salary": "bonus"}}')
    ... except InvalidPolicyError as exc:
    ...     print(exc)
    invalid pay policy: /classes/salary: 'bonus' is not a pay class: basic, complementary or left_out
    """

    kind = "pay policy"


class CurrencyMismatchError(TokencompError, ValueError):
    """Arithmetic or comparison between amounts in two different currencies.

    Attributes:
        left: The currency of the left-hand amount.
        right: The currency of the right-hand amount.

    >>> from tokencomp import Money
    >>> Money("1", "USD") + Money("1", "EUR")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.CurrencyMismatchError: cannot combine USD with EUR: convert one of them first ...
    """

    def __init__(self, left: str, right: str) -> None:
        self.left = left
        self.right = right
        super().__init__(
            f"cannot combine {left} with {right}: convert one of them first (tokencomp.reference.fx.RateTable.convert)"
        )


class FloatMoneyError(TokencompError, TypeError):
    """A binary float was offered where money or a decimal figure belongs.

    >>> from tokencomp import Money
    >>> Money(0.1, "USD")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.FloatMoneyError: 0.1 is a float, which cannot hold decimal money exactly; pass ... "0.1" ...
    """

    def __init__(self, value: float) -> None:
        self.value = value
        super().__init__(
            f"{value!r} is a float, which cannot hold decimal money exactly; "
            f'pass a decimal string such as "{value}" or a decimal.Decimal'
        )


class UnknownCurrencyError(TokencompError, LookupError):
    """A currency code that is not an ISO 4217 code with a minor unit, active or withdrawn.

    Attributes:
        code: The code that was asked for.
        suggestion: The code meant, when *code* is one in other letter case.

    >>> from tokencomp import minor_unit
    >>> minor_unit("XAU")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.UnknownCurrencyError: 'XAU' is not an ISO 4217 currency code with a minor unit, active or ...
    """

    def __init__(self, code: str, suggestion: str | None = None, *, fund: str | None = None) -> None:
        self.code = code
        self.suggestion = suggestion
        hint = f"did you mean {suggestion!r}? " if suggestion else ""
        if fund is not None:
            message = (
                f"{code!r} is an ISO 4217 fund code ({fund}), a unit of account, not a currency pay is "
                "made in: give the amount in the currency it is paid in, such as 'USD'"
            )
        else:
            message = (
                f"{code!r} is not an ISO 4217 currency code with a minor unit, active or withdrawn "
                f"({hint}use three capital letters, such as 'USD')"
            )
        super().__init__(message)


class WithdrawnCurrencyError(UnknownCurrencyError):
    """A currency code ISO 4217 withdrew on or before the date of the document that uses it.

    Attributes:
        code: The withdrawn code.
        name: Its name.
        withdrawn: The first day a document may no longer use it, the day
            after the last day of ISO 4217 list three's withdrawal month.
        replaced_by: The code that replaced it.
        on: The date it was used on.

    >>> from datetime import date
    >>> from tokencomp import WithdrawnCurrencyError
    >>> raise WithdrawnCurrencyError("HRK", "Croatian kuna", date(2023, 2, 1), "EUR", date(2023, 5, 1))
    Traceback (most recent call last):
    ...
    tokencomp.errors.WithdrawnCurrencyError: 'HRK' (Croatian kuna) was withdrawn in 2023-01 (ISO 4217 list three), \
usable through 2023-01-31, and replaced by EUR: a document dated 2023-05-01 cannot use it; state its amounts in EUR
    """

    def __init__(self, code: str, name: str, withdrawn: datetime.date, replaced_by: str, on: datetime.date) -> None:
        self.code = code
        self.suggestion = None
        self.name = name
        self.withdrawn = withdrawn
        self.replaced_by = replaced_by
        self.on = on
        last = withdrawn - datetime.timedelta(days=1)
        LookupError.__init__(
            self,
            f"{code!r} ({name}) was withdrawn in {last:%Y-%m} (ISO 4217 list three), usable through {last}, "
            f"and replaced by {replaced_by}: "
            f"a document dated {on} cannot use it; state its amounts in {replaced_by}",
        )


class RateNotFoundError(TokencompError, LookupError):
    """No exchange rate can be given for a currency on a date.

    Attributes:
        currency: The currency that has no rate; ``None`` when no currency has one.
        on: The as-of date asked for.
        reason: Why there is none, and what to do.

    >>> from tokencomp import default_rates
    >>> default_rates().rate("USD", "GBP", "2014-12-31")
    Traceback (most recent call last):
    ...
    tokencomp.errors.RateNotFoundError: no exchange rates on 2014-12-31: the table starts on 2015-01-02
    """

    def __init__(self, currency: str | None, on: object, reason: str) -> None:
        self.currency = currency
        self.on = on
        self.reason = reason
        subject = f"exchange rate for {currency}" if currency else "exchange rates"
        super().__init__(f"no {subject} on {on}: {reason}")


class UnknownModelError(TokencompError, LookupError):
    """A model that a price catalog does not list.

    Attributes:
        model: The name asked for.
        suggestions: The closest names the catalog does list.

    >>> from tokencomp import default_prices
    >>> default_prices().price("gpt-4")
    Traceback (most recent call last):
    ...
    tokencomp.errors.UnknownModelError: no prices for model 'gpt-4'; did you mean gpt-4o, gpt-5.4, gpt-4.1?
    """

    def __init__(self, model: str, suggestions: Iterable[str]) -> None:
        self.model = model
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no prices for model {model!r}{hint}")


class PriceNotFoundError(TokencompError, LookupError):
    """A model the catalog lists has no price for what a request needs (a service tier, a threshold, cache writes).

    Attributes:
        model: The model.
        reason: What has no price, and what to do.

    >>> from tokencomp import PriceNotFoundError
    >>> raise PriceNotFoundError("gemini-2.5-pro", "no price for cache writes at the standard tier")
    Traceback (most recent call last):
    ...
    tokencomp.errors.PriceNotFoundError: gemini-2.5-pro: no price for cache writes at the standard tier
    """

    def __init__(self, model: str, reason: str) -> None:
        self.model = model
        self.reason = reason
        super().__init__(f"{model}: {reason}")


class DataFileError(TokencompError, ValueError):
    """A file of the user's data folder (``TOKENCOMP_DATA_DIR``) cannot be used.

    Attributes:
        path: The file (or folder) that cannot be used.
        reason: Why not.

    >>> from tokencomp import DataFileError
    >>> raise DataFileError("/data/eurofxref.csv", "line 2: 'abc' is not a rate")
    Traceback (most recent call last):
    ...
    tokencomp.errors.DataFileError: cannot use /data/eurofxref.csv (from TOKENCOMP_DATA_DIR): line 2: ...
    """

    def __init__(self, path: object, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot use {path} (from TOKENCOMP_DATA_DIR): {reason}")


class UnsafeWriteError(TokencompError, OSError):
    """A file is not written where writing could overwrite something else: a symbolic link, or no name at all.

    Attributes:
        path: The path that was refused.
        reason: Why, and what to give instead.

    >>> from tokencomp import UnsafeWriteError
    >>> raise UnsafeWriteError("schemas/offer-v1.json", "it is a symbolic link; remove it or give another folder")
    Traceback (most recent call last):
    ...
    tokencomp.errors.UnsafeWriteError: not writing schemas/offer-v1.json: it is a symbolic link; remove it or ...
    """

    def __init__(self, path: object, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"not writing {path}: {reason}")


class ExtraNotInstalledError(TokencompError, ImportError):
    """A part of tokencomp needs an optional extra that is not installed.

    Attributes:
        extra: The extra to install, such as ``"spark"``.
        module: The module the extra provides, such as ``"pyspark"``.

    >>> from tokencomp import ExtraNotInstalledError
    >>> raise ExtraNotInstalledError("spark", "pyspark", "tokencomp.spark")
    Traceback (most recent call last):
    ...
    tokencomp.errors.ExtraNotInstalledError: tokencomp.spark needs pyspark, which is not installed: ...
    """

    def __init__(self, extra: str, module: str, needed_by: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(
            f"{needed_by} needs {module}, which is not installed: install the {extra!r} extra "
            f"(python -m pip install 'tokencomp[{extra}]', or '.[{extra}]' from a clone)",
            name=module,
        )


class ColumnError(TokencompError, ValueError):
    """A DataFrame column that cannot be used as asked: missing, of the wrong type, or already there.

    Attributes:
        column: The column's name.

    >>> from tokencomp import ColumnError
    >>> raise ColumnError("offer", "there is no column 'offer'; the columns are: id, text")
    Traceback (most recent call last):
    ...
    tokencomp.errors.ColumnError: there is no column 'offer'; the columns are: id, text
    """

    def __init__(self, column: str, reason: str) -> None:
        self.column = column
        super().__init__(reason)


class SourceError(TokencompError, ValueError):
    """A file given to an importer cannot be read as that source at all.

    Not one record but the whole file: text that is not JSON, JSON of
    another shape (no ``results`` or ``responses`` array), a CSV column the
    contract does not have. A record that can be read but not imported is
    a :class:`~tokencomp.codec.sources.RejectedRecord` record instead.

    Attributes:
        reason: What is wrong and how to fix it.

    >>> from tokencomp import SourceError
    >>> raise SourceError("no 'results' array: give a Merge list page or an array of Employment objects")
    Traceback (most recent call last):
    ...
    tokencomp.errors.SourceError: no 'results' array: give a Merge list page or an array of Employment objects
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class RecordRejectedError(TokencompError, ValueError):
    """One record of an HR system cannot become an offer, and why (an importer rejects it, not guesses).

    Attributes:
        reason: Why the record is not imported, naming the source's field.

    >>> from tokencomp import RecordRejectedError
    >>> raise RecordRejectedError("pay_rate is null: a record without a pay rate is not imported")
    Traceback (most recent call last):
    ...
    tokencomp.errors.RecordRejectedError: pay_rate is null: a record without a pay rate is not imported
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class UnknownLocaleError(TokencompError, ValueError):
    """A locale name that babel does not know, such as ``"xx"``.

    Attributes:
        name: The name given.

    >>> from tokencomp import UnknownLocaleError
    >>> raise UnknownLocaleError("xx")
    Traceback (most recent call last):
    ...
    tokencomp.errors.UnknownLocaleError: unknown locale 'xx'; use a name such as en_US or de_DE
    """

    def __init__(self, name: object) -> None:
        self.name = name
        super().__init__(f"unknown locale {name!r}; use a name such as en_US or de_DE")
