"""Exact money: :class:`Money`, the ISO 4217 currency table, rounding and allocation.

Amounts are :class:`decimal.Decimal` from end to end; a :class:`float` is
refused wherever it could sneak in. Minor units come from ISO's own table
(the ``iso4217`` package), not from CLDR, which differs for dozens of codes.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs
from iso4217 import Currency

from .errors import CurrencyMismatchError, FloatMoneyError, Problem, RuleViolation, UnknownCurrencyError

__all__ = ["CONTEXT", "FUND_CODES", "RATIO_PLACES", "Money", "currency_codes", "minor_unit", "ratio", "to_decimal"]

#: The arithmetic context of every computation in tokencomp, 50 significant
#: digits, so that conversions and prices keep "full precision" until a
#: figure is rounded, once, to its currency's minor unit.
CONTEXT = decimal.Context(
    prec=50,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


#: Ratios between money figures are rounded to four places, half up (offer-v1).
RATIO_PLACES = Decimal("0.0001")


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """Return *part* / *whole* rounded half up to four places; ``None`` when *whole* is zero.

    >>> ratio(Decimal("100000.00"), Decimal("475000.00")), ratio(Decimal(1), Decimal(0))
    (Decimal('0.2105'), None)
    """
    if whole == 0:
        return None
    return CONTEXT.divide(part, whole).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


#: The codes ISO 4217 lists as funds: units of account and settlement (Chile's Unidad de Fomento,
#: the US dollar's next-day funds, ...), not money anyone is paid in, so no amount may be in them.
FUND_CODES = frozenset({"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"})


@functools.cache
def _minor_units() -> dict[str, int]:
    return {c.code: c.exponent for c in Currency if c.exponent is not None and c.code not in FUND_CODES}


def currency_codes() -> frozenset[str]:
    """Return every currency code :class:`Money` accepts: active ISO 4217 codes with a minor unit."""
    return frozenset(_minor_units())


def minor_unit(currency: str) -> int:
    """Return the number of decimal places of *currency*'s minor unit (ISO 4217).

    Raises:
        UnknownCurrencyError: *currency* is not an active code with a minor unit
            (metals such as ``XAU`` have none), or is a fund code
            (:data:`FUND_CODES`, such as ``USN`` or ``CLF``), which is no
            money pay is made in.

    >>> minor_unit("USD"), minor_unit("JPY"), minor_unit("BHD")
    (2, 0, 3)
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
        ValueError: *value* is not a finite decimal number.

    >>> to_decimal("120000.50")
    Decimal('120000.50')
    """
    if isinstance(value, float):
        raise FloatMoneyError(value)
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        msg = f"expected a decimal string, int or Decimal, got {type(value).__name__}"
        raise TypeError(msg)
    try:
        result = Decimal(value)
    except decimal.InvalidOperation:
        msg = f"{value!r} is not a decimal number"
        raise ValueError(msg) from None
    if not result.is_finite():
        msg = f"{value!r} is not a finite number"
        raise ValueError(msg)
    return result


def _check_currency(instance: Money, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        minor_unit(value)
    except UnknownCurrencyError as exc:
        raise RuleViolation([Problem("/currency", "unknown-currency", str(exc))]) from None


@attrs.frozen
class Money:
    """An exact amount in one currency.

    Arithmetic works only between amounts of the same currency; amounts keep
    every digit they are given until :meth:`rounded` is asked for.

    Attributes:
        amount: The amount, exact. Built from a Decimal, an int or a decimal
            string; a float raises :class:`~tokencomp.errors.FloatMoneyError`.
        currency: An active ISO 4217 code with a minor unit, such as ``"USD"``.

    >>> Money("375000.00", "USD") + Money("100000", "USD")
    Money(amount=Decimal('475000.00'), currency='USD')

    :func:`sum` adds amounts of one currency; give it a start, such as
    ``Money.zero("USD")``, when the amounts may be none:

    >>> sum([Money("375000.00", "USD"), Money("100000.00", "USD")], Money.zero("USD"))
    Money(amount=Decimal('475000.00'), currency='USD')
    """

    amount: Decimal = attrs.field(converter=to_decimal)
    currency: str = attrs.field(validator=_check_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in *currency*, written to its minor unit.

        >>> Money.zero("JPY")
        Money(amount=Decimal('0'), currency='JPY')
        """
        return cls(Decimal(0).scaleb(-minor_unit(currency)), currency)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(CONTEXT.add(self.amount, other.amount), self.currency)

    def __radd__(self, other: int) -> Money:
        """Let :func:`sum` add amounts: its start, the int 0, is the only non-Money addend taken.

        An empty list sums to that int 0; give a start, such as
        ``Money.zero("USD")``, to get Money back whatever the list.

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
        return Money(CONTEXT.subtract(self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise FloatMoneyError(factor)
        if not isinstance(factor, Decimal | int) or isinstance(factor, bool):
            return NotImplemented
        return Money(CONTEXT.multiply(self.amount, Decimal(factor)), self.currency)

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

        >>> Money("0.125", "USD").rounded()
        Money(amount=Decimal('0.13'), currency='USD')
        >>> Money("0.125", "USD").rounded(decimal.ROUND_HALF_EVEN)
        Money(amount=Decimal('0.12'), currency='USD')
        >>> Money("1.5", "JPY").rounded().amount, Money("1.0005", "BHD").rounded().amount
        (Decimal('2'), Decimal('1.001'))
        """
        quantum = Decimal(1).scaleb(-minor_unit(self.currency))
        return Money(self.amount.quantize(quantum, rounding=rounding, context=CONTEXT), self.currency)

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

        >>> [m.amount for m in Money("100.00", "USD").allocate(3)]
        [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
        >>> [m.amount for m in Money("10", "JPY").allocate([1, 2])]
        [Decimal('3'), Decimal('7')]
        """
        ratios = [Decimal(1)] * parts if isinstance(parts, int) else [to_decimal(r) for r in parts]
        if not ratios or any(r < 0 for r in ratios) or sum(ratios) == 0:
            msg = "allocate needs at least one part and non-negative ratios that are not all zero"
            raise ValueError(msg)
        digits = minor_unit(self.currency)
        units = self.amount.scaleb(digits)
        if units != units.to_integral_value():
            msg = f"{self.amount} {self.currency} has more decimals than the currency's {digits}; call .rounded() first"
            raise ValueError(msg)
        total_units = int(units)
        sign = -1 if total_units < 0 else 1
        total = sum(ratios)
        exact = [CONTEXT.divide(CONTEXT.multiply(abs(total_units), r), total) for r in ratios]
        shares = [int(e) for e in exact]
        left = abs(total_units) - sum(shares)
        by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
        for i in by_remainder[:left]:
            shares[i] += 1
        return tuple(Money(Decimal(sign * s).scaleb(-digits), self.currency) for s in shares)
