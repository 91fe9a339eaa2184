"""Exact money: :class:`Money`, the ISO 4217 currency table, rounding and allocation.

Amounts are :class:`decimal.Decimal` from end to end; a :class:`float` is
refused wherever it could sneak in. Minor units come from ISO's own table
(the ``iso4217`` package), not from CLDR, which differs for dozens of codes.
"""

from __future__ import annotations

import decimal
import functools
import threading
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import ParamSpec, TypeVar

import attrs
from iso4217 import Currency

from ..errors import CurrencyMismatchError, FloatMoneyError, Problem, RuleViolation, UnknownCurrencyError
from .historical import withdrawn_currencies

__all__ = [
    "CONTEXT",
    "FUND_CODES",
    "PRECISION",
    "RATIO_PLACES",
    "Money",
    "currency_codes",
    "minor_unit",
    "ratio",
    "round_half_up",
    "to_decimal",
]

#: Significant digits of :data:`CONTEXT`. A document within offer-v1's limits
#: has figures of at most 27 digits (15 before the point, 12 after) and whole
#: numbers of at most 16 (10^15 units or tokens). The longest product a
#: summary forms is a bonus or a token budget as a percentage of an hourly
#: salary: rate (27) × hours (27) × 52 (2) × percent (27) = 83 digits, and a
#: budget in tokens is tokens (16) × 12 × share (13) × price (27) = 58 digits.
#: 100 digits hold every such product exactly, with room for an exchange
#: rate's published leg; quotients (a duration, a rate's leg, a share of a
#: period) are taken once, last, or exactly as fractions before the one rounding.
PRECISION = 100

#: The arithmetic context of every computation in tokencomp (:data:`PRECISION`
#: digits), so that figures keep "full precision" until they are rounded,
#: once, to their currency's minor unit. Code never uses it directly: each
#: computation runs in a copy of it (the ``in_context`` decorator of every
#: public entry point), so neither the
#: application's own decimal context (its precision, its traps) nor other
#: threads can change a figure, and no flags pile up on this shared object.
CONTEXT = decimal.Context(
    prec=PRECISION,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_Parameters = ParamSpec("_Parameters")
_Result = TypeVar("_Result")


def in_context(function: Callable[_Parameters, _Result]) -> Callable[_Parameters, _Result]:
    """Run *function* in a fresh copy of :data:`CONTEXT`, whatever the caller's decimal context.

    Every public computation and rendering of tokencomp is wrapped in it, so
    an application that sets ``decimal.getcontext().prec = 6`` or traps
    :class:`decimal.Inexact` gets the same figures as one that does not.
    The copy is the calling thread's own (``decimal.localcontext``).
    A generator is not covered past its first step: wrap what it yields
    into, not the generator.

    >>> with decimal.localcontext(decimal.Context(prec=3)):
    ...     in_context(lambda: Decimal("123456.789") * 2)()
    Decimal('246913.578')
    """

    @functools.wraps(function)
    def in_tokencomp_context(*args: _Parameters.args, **kwargs: _Parameters.kwargs) -> _Result:
        inside = _INSIDE.__dict__
        if inside.get("context") is decimal.getcontext():
            # Called from a computation already in its own copy of CONTEXT (a summary's salary,
            # bonus, ...): that copy serves, and a new one for every step would cost more than the step.
            return function(*args, **kwargs)
        with decimal.localcontext(CONTEXT) as context:
            outer, inside["context"] = inside.get("context"), context
            try:
                return function(*args, **kwargs)
            finally:
                inside["context"] = outer

    return in_tokencomp_context


# The copy of CONTEXT the current thread's outermost in_context call runs in.
_INSIDE = threading.local()


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """Return the exact *value* rounded once, half up (away from zero), to *places* decimal places.

    Exact whatever its size: the rounding is done on whole numbers, so a
    quotient such as ``grant × 12 / duration`` can be kept as a fraction and
    rounded here, once.

    >>> round_half_up(Fraction(3 * 77852135, 3000), 2), round_half_up(Fraction(-5, 2), 0)
    (Decimal('77852.14'), Decimal('-3'))
    """
    if type(value) is Decimal and value.is_finite():
        # A Decimal rounds in one C call (a summary rounds a dozen figures); quantize gives what the whole-number
        # steps below give, but for a negative amount that rounds to zero: -0.00, written as 0.00 here too.
        rounded = value.quantize(_QUANTA.get(places) or Decimal((0, (1,), -places)), context=_HALF_UP)
        return rounded if rounded else rounded.copy_abs()
    numerator, denominator = value.as_integer_ratio()
    return rounded_quotient(numerator, denominator, places)


# 10^-places for the few places a currency or a ratio has, made once.
_QUANTA = {places: Decimal((0, (1,), -places)) for places in range(8)}
# Rounding to a quantum is exact with any number of digits, never traps, and this context's flags are never read,
# so one context serves every thread (as _SCALING below).
_HALF_UP = decimal.Context(
    prec=decimal.MAX_PREC, rounding=ROUND_HALF_UP, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)


def rounded_quotient(numerator: int, denominator: int, places: int) -> Decimal:
    """*numerator* / *denominator* (denominator above zero) rounded half up to *places*, on whole numbers only.

    :func:`round_half_up` of a quotient kept as two whole numbers, without making a Fraction.

    >>> rounded_quotient(3 * 77852135, 3000, 2)
    Decimal('77852.14')
    """
    # The same steps as on a Fraction, without building one: a summary rounds a dozen figures.
    whole, rest = divmod(abs(numerator) * 10**places, denominator)
    if 2 * rest >= denominator:
        whole += 1
    return _scaled(-whole if numerator < 0 else whole, places)


def _scaled(units: int, places: int) -> Decimal:
    """*units* × 10^-*places*, exactly, for an int of any length (no trip through a str)."""
    whole = Decimal(units)
    if -_SMALL < units < _SMALL:
        return whole.scaleb(-places, _SCALING)  # fits PRECISION digits: exact in the shared context
    holding = CONTEXT.copy()  # a copy of its own: no flags collect on CONTEXT
    holding.prec = max(PRECISION, whole.adjusted() + 1)
    return holding.scaleb(whole, -places)


_SMALL = 10**PRECISION
# scaleb of a whole number of at most PRECISION digits is exact and raises no trapped signal, so
# one context serves every thread (its flags are never read).
_SCALING = decimal.Context(prec=PRECISION, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[])


def _exactly(operation: Callable[[Decimal, Decimal], Decimal], left: Decimal, right: Decimal) -> Decimal:
    try:
        return operation(left, right)
    except decimal.Inexact:
        message = (
            f"an amount has more than {PRECISION} significant digits and cannot be computed exactly; "
            "offer-v1 allows 15 digits before the point and 12 after"
        )
        raise RuleViolation([Problem("/amount", "amount-too-long", message)]) from None


_EXACT = threading.local()


def exact_product(left: Decimal, right: Decimal) -> Decimal:
    """*left* × *right*, exact whatever the caller's context, or ``amount-too-long``: a Money product without the Money.

    >>> exact_product(Decimal("77852.135"), Decimal(3))
    Decimal('233556.405')
    """
    return _exactly(_exact().multiply, left, right)


def _exact() -> decimal.Context:
    """This thread's own copy of :data:`CONTEXT` trapping Inexact: Money's sums and products, exact or refused."""
    try:
        context: decimal.Context = _EXACT.context
    except AttributeError:
        context = _EXACT.context = CONTEXT.copy()
        context.traps[decimal.Inexact] = True
    return context


#: Ratios between money figures are rounded to four places, half up (offer-v1).
RATIO_PLACES = Decimal("0.0001")
_RATIO_DIGITS = 4
# Never traps, and its flags are never read: one context serves every thread (as _SCALING). 24 digits are plenty
# for a ratio of a summary (a larger one is worked out on whole numbers) and divide faster than PRECISION's.
_STICKY = decimal.Context(prec=24, rounding=decimal.ROUND_05UP, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[])
# A quotient below 10^_STICKY_ROOM keeps at least two of _STICKY's digits past the fourth place.
_STICKY_ROOM = _STICKY.prec - _RATIO_DIGITS - 3


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """Return *part* / *whole* rounded half up to four places; ``None`` when *whole* is zero.

    >>> ratio(Decimal("100000.00"), Decimal("475000.00")), ratio(Decimal(1), Decimal(0))
    (Decimal('0.2105'), None)
    """
    if whole == 0:
        return None
    if type(part) is Decimal and type(whole) is Decimal and part.is_finite() and whole.is_finite():
        # Divided in C towards zero, but ending in 0 or 5 only when exact (ROUND_05UP): with digits to spare past
        # the fourth place, that quotient rounds half up to what the exact one does (and a summary asks for many).
        quotient = _STICKY.divide(part, whole)
        if quotient.adjusted() < _STICKY_ROOM:
            rounded = quotient.quantize(RATIO_PLACES, context=_HALF_UP)
            return rounded if rounded else rounded.copy_abs()
    part_numerator, part_denominator = part.as_integer_ratio()
    whole_numerator, whole_denominator = whole.as_integer_ratio()
    numerator, denominator = part_numerator * whole_denominator, part_denominator * whole_numerator
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    return rounded_quotient(numerator, denominator, _RATIO_DIGITS)


#: The codes ISO 4217 lists as funds, units of account and settlement (Chile's Unidad de Fomento,
#: the US dollar's next-day funds, ...), not money anyone is paid in; no amount may be in them.
FUND_CODES = frozenset({"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"})


@functools.cache
def _minor_units() -> dict[str, int]:
    # Withdrawn codes too (BGN, HRK, ...): amounts of past documents are real money; whether a document
    # may still use one is the rule of its date (tokencomp.model.historical.check_currency_on).
    withdrawn = {code: currency.minor_unit for code, currency in withdrawn_currencies().items()}
    active = {c.code: c.exponent for c in Currency if c.exponent is not None and c.code not in FUND_CODES}
    return withdrawn | active


def currency_codes() -> frozenset[str]:
    """Return every currency code :class:`Money` accepts: ISO 4217 codes with a minor unit, active or withdrawn.

    >>> {"USD", "BGN", "HRK"} <= currency_codes(), "XAU" in currency_codes()
    (True, False)
    """
    return frozenset(_minor_units())


def minor_unit(currency: str) -> int:
    """Return the number of decimal places of *currency*'s minor unit (ISO 4217).

    Raises:
        UnknownCurrencyError: *currency* is not an active or withdrawn code with a
            minor unit (metals such as ``XAU`` have none), or is a fund code
            (:data:`FUND_CODES`, such as ``USN`` or ``CLF``), which is no
            money pay is made in.

    >>> from tokencomp import minor_unit
    >>> minor_unit("USD"), minor_unit("JPY"), minor_unit("BHD"), minor_unit("BGN")
    (2, 0, 3, 2)
    """
    try:
        return _minor_units()[currency]
    except (KeyError, TypeError):
        if isinstance(currency, str) and currency in FUND_CODES:
            raise UnknownCurrencyError(currency, fund=Currency(currency).currency_name) from None
        upper = currency.upper() if isinstance(currency, str) else None
        raise UnknownCurrencyError(currency, upper if upper in _minor_units() else None) from None


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Turn *value* into a finite :class:`~decimal.Decimal`, refusing floats.

    Raises:
        FloatMoneyError: *value* is a float.
        RuleViolation: *value* is not a finite decimal number (``not-a-decimal``),
            or not a str, int or Decimal (``wrong-type``); a ValueError.

    >>> to_decimal("120000.50")
    Decimal('120000.50')
    >>> to_decimal("120,000.50")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.RuleViolation: /: '120,000.50' is not a decimal number: write it with a point and digits only, ...
    """
    if isinstance(value, float):
        raise FloatMoneyError(value)
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        message = f'expected a decimal string such as "120000.50", an int or a Decimal, got {type(value).__name__}'
        raise RuleViolation([Problem("", "wrong-type", message)])
    try:
        result = Decimal(value)
    except decimal.InvalidOperation:
        result = None
    if result is None or not result.is_finite():
        message = f'{value!r} is not a decimal number: write it with a point and digits only, such as "120000.50"'
        raise RuleViolation([Problem("", "not-a-decimal", message)])
    return result


def _amount(value: Decimal | int | str) -> Decimal:
    """:func:`to_decimal`, its problem put at the Money's ``/amount``."""
    try:
        return to_decimal(value)
    except RuleViolation as exc:
        raise RuleViolation([problem.under("/amount") for problem in exc.problems]) from None


def _check_currency(instance: Money, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        minor_unit(value)
    except UnknownCurrencyError as exc:
        raise RuleViolation([Problem("/currency", "unknown-currency", str(exc))]) from None


@attrs.frozen
class Money:
    """An exact amount in one currency.

    Arithmetic works only between amounts of the same currency; amounts keep
    every digit they are given until :meth:`rounded` is asked for. A sum or
    product is exact, whatever the caller's decimal context; one of more
    than :data:`PRECISION` significant digits is a
    :class:`~tokencomp.errors.RuleViolation` (``amount-too-long``), never
    rounded silently.

    Attributes:
        amount: The amount, exact. Built from a Decimal, an int or a decimal
            string; a float raises :class:`~tokencomp.errors.FloatMoneyError`.
        currency: An ISO 4217 code with a minor unit, such as ``"USD"``; a withdrawn
            code such as ``"BGN"`` too (a document's date decides whether it may use one).

    >>> from tokencomp import Money
    >>> Money("375000.00", "USD") + Money("100000", "USD")
    Money(amount=Decimal('475000.00'), currency='USD')

    ``sum()`` adds amounts of one currency; give it a start, such as
    ``Money.zero("USD")``, when the amounts may be none:

    >>> sum([Money("375000.00", "USD"), Money("100000.00", "USD")], Money.zero("USD"))
    Money(amount=Decimal('475000.00'), currency='USD')
    """

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(validator=_check_currency)
    #: offer-v1's schema states the currency rule (its enum): the trusted route
    #: (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in *currency*, written to its minor unit.

        >>> from tokencomp import Money
        >>> Money.zero("JPY")
        Money(amount=Decimal('0'), currency='JPY')
        """
        return cls(_scaled(0, minor_unit(currency)), currency)

    def __str__(self) -> str:
        """The amount and its code, every digit kept, for logs and messages.

        :func:`~tokencomp.reports.wording.format_money` writes it for a locale.

        >>> from tokencomp import Money
        >>> str(Money("1234567.5", "USD")), str(Money("-3", "JPY"))
        ('USD 1,234,567.5', 'JPY -3')
        """
        return f"{self.currency} {self.amount:,f}"

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(_exactly(_exact().add, self.amount, other.amount), self.currency)

    def __radd__(self, other: int) -> Money:
        """Let ``sum()`` add amounts: its start, the int 0, is the only non-Money addend taken.

        An empty list sums to that int 0; give a start, such as
        ``Money.zero("USD")``, to get Money back whatever the list.

        >>> from tokencomp import Money
        >>> sum([Money("0.10", "USD"), Money("0.20", "USD")])
        Money(amount=Decimal('0.30'), currency='USD')
        >>> sum([], Money.zero("USD"))
        Money(amount=Decimal('0.00'), currency='USD')
        """
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(_exactly(_exact().subtract, self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return Money(self.amount.copy_negate(), self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise FloatMoneyError(factor)
        if not isinstance(factor, Decimal | int) or isinstance(factor, bool):
            return NotImplemented
        return Money(exact_product(self.amount, Decimal(factor)), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def rounded(self, rounding: str = ROUND_HALF_UP) -> Money:
        """Return the amount rounded to the currency's minor unit.

        Args:
            rounding: A :mod:`decimal` rounding mode; half up by default.

        >>> import decimal
        >>> from tokencomp import Money
        >>> Money("0.125", "USD").rounded()
        Money(amount=Decimal('0.13'), currency='USD')
        >>> Money("0.125", "USD").rounded(decimal.ROUND_HALF_EVEN)
        Money(amount=Decimal('0.12'), currency='USD')
        >>> Money("1.5", "JPY").rounded().amount, Money("1.0005", "BHD").rounded().amount
        (Decimal('2'), Decimal('1.001'))
        """
        digits = minor_unit(self.currency)
        # Precision for every digit the rounded amount has, however large: rounding never fails or rounds twice.
        exact = CONTEXT.copy()
        exact.prec = max(PRECISION, self.amount.adjusted() + digits + 2)
        quantum = Decimal(f"1E-{digits}")
        return Money(self.amount.quantize(quantum, rounding=rounding, context=exact), self.currency)

    def allocate(self, parts: int | Sequence[Decimal | int]) -> tuple[Money, ...]:
        """Split the amount into parts that add up to it exactly.

        Each part is a whole number of minor units. The remainder left by
        rounding every share down goes one minor unit at a time to the parts
        with the largest remainders; ties go to the earlier part.

        Args:
            parts: How many equal parts, or a sequence of non-negative ratios.

        Raises:
            ValueError: The amount has more decimals than its minor unit (round
                it first, so that nothing is rounded silently), or the parts
                are empty, negative or all zero.

        >>> from tokencomp import Money
        >>> [m.amount for m in Money("100.00", "USD").allocate(3)]
        [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
        >>> [m.amount for m in Money("10", "JPY").allocate([1, 2])]
        [Decimal('3'), Decimal('7')]
        """
        ratios = [Fraction(1)] * parts if isinstance(parts, int) else [Fraction(to_decimal(r)) for r in parts]
        if not ratios or any(r < 0 for r in ratios) or sum(ratios) == 0:
            msg = "allocate needs at least one part and non-negative ratios that are not all zero"
            raise ValueError(msg)
        digits = minor_unit(self.currency)
        units = Fraction(self.amount) * 10**digits
        if units.denominator != 1:
            msg = f"{self.amount} {self.currency} has more decimals than the currency's {digits}; call .rounded() first"
            raise ValueError(msg)
        total_units = int(units)
        sign = -1 if total_units < 0 else 1
        total = sum(ratios)
        exact = [abs(total_units) * r / total for r in ratios]  # exact fractions: remainders compare exactly
        shares = [int(e) for e in exact]
        left = abs(total_units) - sum(shares)
        by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
        for i in by_remainder[:left]:
            shares[i] += 1
        return tuple(Money(_scaled(sign * s, digits), self.currency) for s in shares)
