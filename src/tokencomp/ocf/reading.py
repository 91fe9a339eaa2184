"""An Open Cap Format package's equity compensation issuances as the contract's grants, a stakeholder at a time.

The package is found by its manifest (``Manifest.ocf.json`` in the folder, or the manifest file itself); its
vesting terms and transactions files are read as the manifest lists them, from inside the package's folder
only. Each ``TX_EQUITY_COMPENSATION_ISSUANCE`` becomes a grant (offer-v1 version 1.1):

- ``RSU`` is ``rsu``; ``OPTION_ISO``/``OPTION_NSO`` (or ``OPTION`` with ``option_grant_type`` ``ISO``/``NSO``)
  are ``iso``/``nso``, ``exercise_price`` their strike; ``quantity`` the units;
- ``vestings`` are explicit tranches, from the security's ``TX_VESTING_START`` (else the issuance's date);
- vesting terms, from the security's ``TX_VESTING_START``, are a uniform schedule or segments with the same
  vesting points (:mod:`.schedule`), with the terms' allocation; neither is vesting in full on issuance;
- an option's ``expiration_date``; its termination windows, when every one is the same whole number of months,
  are ``post_termination_exercise_months``.

What the contract cannot hold is rejected, issuance by issuance, with the reason, never approximated:
event-triggered and absolute-date conditions, periods in days, ``FRACTIONAL`` allocation, branching condition
graphs, portions of the remainder, windows that differ by reason, SARs, an RSU with an exercise price, a security
later transactions cancelled, exercised, transferred or re-vested (a grant is read as issued), ...
OCF keeps no fair value with an issuance: a grant's ``unit_value`` is the price per share of the latest 409A
valuation of its stock class (the issuance's, else its plan's one class) on or before the issuance's date, with
``value_basis`` ``fmv`` and ``value_as_of`` the valuation's date; without one the grant has no ``unit_value``
(give one before it goes into an offer).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from ..codec.converter import parse_json
from ..codec.sources import RejectedRecord
from ..codec.validation import validate
from ..errors import Problem, RecordRejectedError, SourceError, TokencompError
from ..model.limits import MAX_COUNT, MAX_MONTHS
from ..model.money import minor_unit
from .schedule import ALLOCATIONS, SAME_DAY, Run, contract_vesting, run_points, segments_of
from .writing import MANIFEST

__all__ = ["MAX_PACKAGE_FILE_BYTES", "OcfGrants", "OcfHolder", "read_ocf", "terms_vesting"]

#: The largest package file read (a cap table's transactions of many years fit many times).
MAX_PACKAGE_FILE_BYTES = 256 << 20
#: The contract's most vesting segments (offer-v1, "Version 1.1").
_MAX_SEGMENTS = 20
_NUMERIC = re.compile(r"^[+-]?[0-9]+(\.[0-9]{1,10})?$")
_ISSUANCES = frozenset({"TX_EQUITY_COMPENSATION_ISSUANCE", "TX_PLAN_SECURITY_ISSUANCE"})
_INSTRUMENT = {"RSU": "rsu", "OPTION_ISO": "iso", "OPTION_NSO": "nso"}
_OPTION_KIND = {"ISO": "iso", "NSO": "nso"}
_MONTHS_IN = {"MONTHS": 1, "YEARS": 12}


@attrs.frozen
class OcfHolder:
    """A stakeholder's grants, in the contract's JSON (offer-v1 version 1.1 grants).

    Attributes:
        stakeholder_id: The stakeholder's OCF id (an exported offer's id).
        grants: Each issuance's grant, in the package's order.

    >>> from tokencomp import OcfHolder
    >>> OcfHolder("o-1", ({"instrument": "rsu", "units": 10},)).document()["schema_version"]
    '1.1'
    """

    stakeholder_id: str
    grants: tuple[dict[str, Any], ...]

    def document(self) -> dict[str, Any]:
        """The holder as one JSON line: ``schema_version`` 1.1, ``id`` (the stakeholder's) and ``equity``."""
        return {"schema_version": "1.1", "id": self.stakeholder_id, "equity": list(self.grants)}


@attrs.frozen
class OcfGrants:
    """What :func:`read_ocf` made of a package: the grants by stakeholder, and the issuances it rejected.

    Attributes:
        holders: One a stakeholder with at least one grant, in order of their first issuance.
        rejected: Each issuance not imported, with why (its file and index in the file's ``items``).

    >>> from tokencomp import OcfGrants
    >>> OcfGrants((), ()).holders
    ()
    """

    holders: tuple[OcfHolder, ...]
    rejected: tuple[RejectedRecord, ...]


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise RecordRejectedError(f"{what} is {value!r}, not a non-empty string")
    return value


def _date(value: object, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(_text(value, what))
    except ValueError:
        raise RecordRejectedError(f"{what} {value!r} is not a date such as 2026-04-01") from None


def _number(value: object, what: str) -> Decimal:
    """OCF's Numeric (a decimal string) as an exact Decimal."""
    if not isinstance(value, str) or not _NUMERIC.match(value):
        raise RecordRejectedError(f'{what} {value!r} is not OCF\'s Numeric (a decimal string such as "12.5")')
    return Decimal(value)


def _whole(value: object, what: str, *, least: int = 1) -> int:
    number = _number(value, what)
    if number != number.to_integral_value() or not least <= number <= MAX_COUNT:
        raise RecordRejectedError(f"{what} {value} is not a whole number of units from {least} to {MAX_COUNT:,}")
    return int(number)


def _name(value: object) -> str | None:
    """*value* when it is a string (an OCF enum's value), else None: a list or an object names nothing."""
    return value if isinstance(value, str) else None


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RecordRejectedError(f"{what} is not an object")
    return value


def _same_day(day_of_month: object, start: datetime.date) -> bool:
    """Whether OCF's *day_of_month* vests on the contract's day: the start's, clamped to the month's last."""
    own = f"{start.day:02d}" if start.day <= 28 else f"{start.day}_OR_LAST_DAY_OF_MONTH"
    return isinstance(day_of_month, str) and day_of_month in {SAME_DAY, own}


def _portion(condition: dict[str, Any], quantity: int) -> Fraction:
    """The fraction of the grant a condition vests each time: its portion, or its fixed quantity of *quantity*."""
    if "portion" in condition:
        portion = _object(condition["portion"], "its portion")
        if portion.get("remainder"):
            raise RecordRejectedError(
                "a portion of the remainder (what is still unvested) depends on what vested before: the contract's "
                "schedules give portions of the grant"
            )
        denominator = _number(portion.get("denominator"), "its denominator")
        if denominator <= 0:
            raise RecordRejectedError(f"a portion's denominator {denominator} is not above zero")
        return Fraction(_number(portion.get("numerator"), "its numerator")) / Fraction(denominator)
    return Fraction(_number(condition.get("quantity"), "its quantity")) / quantity


def _condition_runs(condition: dict[str, Any], previous: str, start: datetime.date, quantity: int) -> list[Run]:
    """*condition*'s vestings as runs, when it is a relative schedule of months the contract holds."""
    name = condition.get("id")
    trigger = _object(condition.get("trigger"), f"condition {name!r}'s trigger")
    kind = trigger.get("type")
    if kind == "VESTING_EVENT":
        raise RecordRejectedError(
            f"condition {name!r} vests on an event (VESTING_EVENT, a milestone): it has no date the contract's "
            "schedules can hold"
        )
    if kind != "VESTING_SCHEDULE_RELATIVE":
        raise RecordRejectedError(f"condition {name!r} is {kind}: the contract's schedules are months from the start")
    if trigger.get("relative_to_condition_id") != previous:
        raise RecordRejectedError(f"condition {name!r} is relative to another than the one before it ({previous!r})")
    period = _object(trigger.get("period"), f"condition {name!r}'s period")
    unit, length, count = _name(period.get("type")), period.get("length"), period.get("occurrences")
    if unit not in _MONTHS_IN:
        raise RecordRejectedError(
            f"condition {name!r} counts its period in {str(unit).lower()}: days are no calendar months "
            "(the contract's schedules count months)"
        )
    if type(length) is not int or type(count) is not int or length < 1 or count < 1:
        raise RecordRejectedError(f"condition {name!r} has a period of {length!r}, {count!r} times: not a schedule")
    if not _same_day(period.get("day_of_month", SAME_DAY), start):
        raise RecordRejectedError(
            f"condition {name!r} vests on day {period.get('day_of_month')} of the month; the contract vests on the "
            f"vesting start's day ({start.day})"
        )
    every, portion = length * _MONTHS_IN[unit], _portion(condition, quantity)
    if portion <= 0:
        raise RecordRejectedError(f"condition {name!r} vests nothing: the contract's schedules hold no empty step")
    cliff = period.get("cliff_installment")
    if type(cliff) is int and cliff >= 2:
        if cliff > count:
            raise RecordRejectedError(f"condition {name!r} has its cliff at installment {cliff} of {count}")
        return [Run(every * cliff, 1, portion * cliff)] + (
            [Run(every, count - cliff, portion)] if count > cliff else []
        )
    return [Run(every, count, portion)]


def terms_vesting(terms: dict[str, Any], start: datetime.date, quantity: int) -> dict[str, Any]:
    """The contract's ``vesting`` of OCF *terms* started on *start*, for a grant of *quantity* units.

    Raises:
        RecordRejectedError: The terms say what the contract's schedules cannot hold, saying what.

    >>> terms = {"allocation_type": "CUMULATIVE_ROUNDING", "vesting_conditions": [
    ...   {"id": "s", "quantity": "0", "trigger": {"type": "VESTING_START_DATE"}, "next_condition_ids": ["y"]},
    ...   {"id": "y", "portion": {"numerator": "1", "denominator": "4"}, "next_condition_ids": ["m"],
    ...    "trigger": {"type": "VESTING_SCHEDULE_RELATIVE", "relative_to_condition_id": "s",
    ...                "period": {"length": 12, "type": "MONTHS", "occurrences": 1}}},
    ...   {"id": "m", "portion": {"numerator": "1", "denominator": "48"}, "next_condition_ids": [],
    ...    "trigger": {"type": "VESTING_SCHEDULE_RELATIVE", "relative_to_condition_id": "y",
    ...                "period": {"length": 1, "type": "MONTHS", "occurrences": 36}}}]}
    >>> terms_vesting(terms, datetime.date(2026, 4, 1), 4800)
    {'start_date': '2026-04-01', 'duration_months': 48, 'cliff_months': 12, 'frequency': 'monthly', \
'allocation': 'CUMULATIVE_ROUNDING'}
    """
    allocation = terms.get("allocation_type")
    if allocation == "FRACTIONAL":
        raise RecordRejectedError("allocation FRACTIONAL vests parts of a unit; the contract vests whole units")
    if allocation not in ALLOCATIONS:
        raise RecordRejectedError(f"allocation {allocation!r} is not one of {', '.join(ALLOCATIONS)}")
    conditions = terms.get("vesting_conditions")
    if not isinstance(conditions, list) or not all(isinstance(c, dict) for c in conditions):
        raise RecordRejectedError("the terms' vesting_conditions are not a list of conditions")
    kinds = {str(c["trigger"].get("type")) for c in conditions if isinstance(c.get("trigger"), dict)}
    if "VESTING_EVENT" in kinds:
        raise RecordRejectedError(
            "the terms vest on events (VESTING_EVENT: milestones, sales, accelerations): an event has no date the "
            "contract's schedules can hold"
        )
    if "VESTING_SCHEDULE_ABSOLUTE" in kinds:
        raise RecordRejectedError(
            "the terms have conditions on fixed dates (VESTING_SCHEDULE_ABSOLUTE): the contract's schedules count "
            "months from the start"
        )
    by_id = {c["id"]: c for c in conditions if isinstance(c.get("id"), str)}
    starts = [
        c for c in conditions if isinstance(c.get("trigger"), dict) and c["trigger"].get("type") == "VESTING_START_DATE"
    ]
    if len(starts) != 1:
        raise RecordRejectedError(f"the terms have {len(starts)} vesting start conditions; a schedule has one")
    current = starts[0]
    if _portion(current, quantity) != 0:
        raise RecordRejectedError("the terms vest at the vesting start itself; the contract's schedules vest after it")
    runs: list[Run] = []
    seen = {str(current.get("id"))}
    while True:
        following = current.get("next_condition_ids")
        if not isinstance(following, list) or len(following) > 1:
            raise RecordRejectedError(
                f"condition {current.get('id')!r} leads to {following!r}: alternatives (accelerations, milestones, "
                "deadlines) are not one schedule of months"
            )
        if not following:
            break
        name = following[0]
        if not isinstance(name, str) or name not in by_id:
            raise RecordRejectedError(f"condition {name!r}, next after {current.get('id')!r}, is not in the terms")
        if name in seen:
            raise RecordRejectedError(f"condition {name!r} is met twice: the conditions go round in a circle")
        seen.add(name)
        runs += _condition_runs(by_id[name], str(current.get("id")), start, quantity)
        current = by_id[name]
    if len(seen) != len(conditions):
        raise RecordRejectedError("some of the terms' conditions are not on the one chain from the vesting start")
    total = sum((run.portion * run.count for run in runs), Fraction(0))
    if total != 1:
        raise RecordRejectedError(
            f"the terms vest {total} of the grant in all; the contract's schedules vest all of it"
        )
    segments = segments_of(run_points(runs))
    months = sum(s.months for s in segments)
    if len(segments) > _MAX_SEGMENTS or months > MAX_MONTHS:
        raise RecordRejectedError(
            f"the schedule takes {len(segments)} segments over {months} months; the contract holds at most "
            f"{_MAX_SEGMENTS} segments and {MAX_MONTHS} months"
        )
    return contract_vesting(start.isoformat(), segments, str(allocation))


def _instrument(issuance: dict[str, Any]) -> str:
    kind, option = _name(issuance.get("compensation_type")), _name(issuance.get("option_grant_type"))
    if kind == "OPTION" and option in _OPTION_KIND:
        return _OPTION_KIND[option]
    if kind not in _INSTRUMENT:
        raise RecordRejectedError(
            f"compensation type {kind!r}"
            + (f" with option_grant_type {issuance.get('option_grant_type')!r}" if kind == "OPTION" else "")
            + ": the contract's grants are RSUs and ISO or NSO options"
        )
    return _INSTRUMENT[kind]


def _money(value: object, what: str) -> dict[str, str]:
    """OCF's Monetary as the contract's Money: the amount exactly, an ISO 4217 currency."""
    money = _object(value, what)
    amount, currency = _number(money.get("amount"), f"{what} amount"), money.get("currency")
    try:
        minor_unit(_text(currency, f"{what} currency"))
    except TokencompError as exc:
        raise RecordRejectedError(f"{what} currency: {exc}") from None
    if amount < 0:
        raise RecordRejectedError(f"{what} {amount} is below zero")
    return {"amount": format(amount, "f"), "currency": str(currency)}


def _strike(issuance: dict[str, Any], instrument: str) -> dict[str, str] | None:
    price = issuance.get("exercise_price")
    if instrument == "rsu":
        if price is not None:
            raise RecordRejectedError("an RSU with an exercise price: the contract's RSUs have none")
        return None
    return _money(price, "exercise_price")


class _Valuations:
    """The package's 409A valuations by stock class, and the stock classes of its plans."""

    def __init__(self, valuations: list[Any], plans: list[Any]) -> None:
        self.by_class: dict[str, list[tuple[datetime.date, dict[str, Any]]]] = {}
        for item in valuations:
            if (
                isinstance(item, dict)
                and isinstance(item.get("effective_date"), str)
                and _is_date(item["effective_date"])
            ):
                day = datetime.date.fromisoformat(item["effective_date"])
                self.by_class.setdefault(str(item.get("stock_class_id")), []).append((day, item))
        self.plan_classes = {
            plan["id"]: plan.get("stock_class_ids") or [plan.get("stock_class_id")]
            for plan in plans
            if isinstance(plan, dict) and isinstance(plan.get("id"), str)
        }

    def value(self, issuance: dict[str, Any], issued: datetime.date) -> dict[str, Any]:
        """The grant's unit value from the latest 409A of its stock class on or before *issued*; {} when none."""
        classes = [issuance["stock_class_id"]] if issuance.get("stock_class_id") else []
        plan = issuance.get("stock_plan_id")
        classes = classes or (self.plan_classes.get(plan, []) if isinstance(plan, str) else [])
        if not isinstance(classes, list) or len(classes) != 1:
            return {}
        known = [(day, item) for day, item in self.by_class.get(str(classes[0]), []) if day <= issued]
        if not known:
            return {}
        day, latest = max(known, key=lambda found: found[0])
        price = _money(latest.get("price_per_share"), f"the 409A valuation {latest.get('id')!r}'s price_per_share")
        return {"unit_value": price, "value_basis": "fmv", "value_as_of": day.isoformat()}


def _window_months(issuance: dict[str, Any]) -> int | None:
    """The one post-termination window of every reason, in months; None when there is none."""
    windows = issuance.get("termination_exercise_windows") or []
    if not isinstance(windows, list):
        raise RecordRejectedError("termination_exercise_windows is not a list")
    months: set[int] = set()
    for window in windows:
        window = _object(window, "a termination window")
        period, unit = window.get("period"), _name(window.get("period_type"))
        if type(period) is not int or period < 0:
            raise RecordRejectedError(f"a termination window of {period!r} is not a number of periods")
        if unit in _MONTHS_IN:
            months.add(period * _MONTHS_IN[unit])
        elif period == 0:
            months.add(0)
        else:
            raise RecordRejectedError(f"a termination window of {period} days is no whole number of months")
    if len(months) > 1:
        raise RecordRejectedError(
            f"termination windows differ by reason ({', '.join(map(str, sorted(months)))} months): the contract has "
            "one for any leaving"
        )
    return months.pop() if months else None


def _tranches(issuance: dict[str, Any], quantity: int, start: datetime.date) -> dict[str, Any]:
    dated = sorted(
        (_date(v.get("date"), "a vesting's date"), _whole(v.get("amount"), "a vesting's amount"))
        for v in (_object(vesting, "a vesting") for vesting in issuance["vestings"])
    )
    if len({day for day, _ in dated}) != len(dated):
        raise RecordRejectedError("two vestings on one date: the contract's tranches have a date each")
    if sum(units for _, units in dated) != quantity:
        raise RecordRejectedError(f"the vestings add up to {sum(u for _, u in dated)}, not the quantity {quantity}")
    if dated[0][0] < start:
        raise RecordRejectedError(f"a vesting on {dated[0][0]} is before the vesting start {start}")
    tranches = [{"date": day.isoformat(), "units": units} for day, units in dated]
    return {"start_date": start.isoformat(), "tranches": tranches}


def _grant(
    issuance: dict[str, Any],
    terms: dict[str, dict[str, Any]],
    starts: dict[str, tuple[datetime.date, str]],
    valuations: _Valuations,
) -> dict[str, Any]:
    """The contract's grant of one issuance."""
    instrument = _instrument(issuance)
    quantity = _whole(issuance.get("quantity"), "quantity")
    security = _text(issuance.get("security_id"), "security_id")
    issued = _date(issuance.get("date"), "the issuance's date")
    grant: dict[str, Any] = {"instrument": instrument, "units": quantity} | valuations.value(issuance, issued)
    strike = _strike(issuance, instrument)
    if strike is not None:
        grant["strike_price"] = strike
        if issuance.get("expiration_date") is not None:
            grant["expiration_date"] = _date(issuance["expiration_date"], "expiration_date").isoformat()
        window = _window_months(issuance)
        if window is not None:
            grant["post_termination_exercise_months"] = window
    started = starts.get(security)
    if issuance.get("vestings"):
        if not isinstance(issuance["vestings"], list):
            raise RecordRejectedError("vestings is not a list")
        grant["vesting"] = _tranches(issuance, quantity, started[0] if started else issued)
    elif issuance.get("vesting_terms_id") is not None:
        name = _text(issuance["vesting_terms_id"], "vesting_terms_id")
        if name not in terms:
            raise RecordRejectedError(f"vesting terms {name!r} are not in the package's vesting terms files")
        if started is None:
            raise RecordRejectedError(
                f"security {security!r} has no TX_VESTING_START: its vesting terms have no start to count from"
            )
        grant["vesting"] = terms_vesting(terms[name], started[0], quantity)
    else:  # OCF: neither vestings nor terms is vested in full on issuance
        grant["vesting"] = {
            "start_date": issued.isoformat(),
            "tranches": [{"date": issued.isoformat(), "units": quantity}],
        }
    return grant


class _Package:
    """A package's manifest and the files it lists, read from inside its folder."""

    def __init__(self, path: Path) -> None:
        self.manifest_path = path / MANIFEST if path.is_dir() else path
        self.folder = self.manifest_path.parent.resolve()
        self.manifest = self._read(self.manifest_path, "OCF_MANIFEST_FILE", items=False)

    def _read(self, path: Path, file_type: str, *, items: bool = True) -> dict[str, Any]:
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_PACKAGE_FILE_BYTES + 1)
        except OSError as exc:
            raise SourceError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        if len(data) > MAX_PACKAGE_FILE_BYTES:
            raise SourceError(f"{path}: more than {MAX_PACKAGE_FILE_BYTES:,} bytes, more than an OCF file is read")
        try:
            content = parse_json(data)
        except TokencompError as exc:
            raise SourceError(f"{path}: not JSON that can be read: {exc}") from None
        if not isinstance(content, dict) or content.get("file_type") != file_type:
            found = content.get("file_type") if isinstance(content, dict) else type(content).__name__
            raise SourceError(f"{path}: not an OCF {file_type} (its file_type is {found!r})")
        if items and not isinstance(content.get("items"), list):
            raise SourceError(f"{path}: its items are not a list")
        return content

    def files(self, key: str, file_type: str) -> Iterator[tuple[Path, list[Any]]]:
        """Each file the manifest lists under *key*, with its items."""
        listed = self.manifest.get(key) or []
        if not isinstance(listed, list):
            raise SourceError(f"{self.manifest_path}: its {key} is not a list")
        for entry in listed:
            relative = entry.get("filepath") if isinstance(entry, dict) else None
            if not isinstance(relative, str):
                raise SourceError(f"{self.manifest_path}: an entry of {key} has no filepath")
            path = (self.folder / relative).resolve()
            if not path.is_relative_to(self.folder):
                raise SourceError(f"{self.manifest_path}: {relative!r} is outside the package's folder: not read")
            yield path, self._read(path, file_type)["items"]


def _checked(grant: dict[str, Any]) -> dict[str, Any]:
    """*grant* when the contract's own validation finds it a valid version 1.1 grant; else rejected with why.

    The grant is checked inside a stand-in offer (its vesting start as the effective date, a stand-in salary and,
    without a 409A, a stand-in unit value), so it meets every rule a grant of an offer does: one verdict.
    """
    currency = (grant.get("strike_price") or grant.get("unit_value") or {"currency": "USD"})["currency"]
    stand_in = {"amount": "1", "currency": currency}
    document = {
        "schema_version": "1.1", "id": "ocf", "effective_date": grant["vesting"]["start_date"], "currency": currency,
        "salary": {"rate": stand_in, "period": "year"}, "equity": [{"unit_value": stand_in} | grant],
    }  # fmt: skip
    problems = [p for p in validate(document).problems if p.pointer.startswith("/equity/0")]
    if problems:
        said = "; ".join(f"{p.pointer.removeprefix('/equity/0') or '/'}: {p.message}" for p in problems)
        raise RecordRejectedError(f"not a valid grant: {said}")
    return grant


def _rejected(source: Path, index: int, issuance: dict[str, Any], reason: str) -> RejectedRecord:
    said = f"issuance {issuance.get('id')!r}: {reason}"
    return RejectedRecord((Problem(f"/items/{index}", "not-imported", said),), index=index, source=str(source),
                          reason=said)  # fmt: skip


def read_ocf(path: Path | str) -> OcfGrants:
    """Read an OCF package's equity compensation issuances into the contract's grants, by stakeholder.

    Args:
        path: The package's folder (holding ``Manifest.ocf.json``), or its manifest file.

    Raises:
        SourceError: No manifest, a file that is not JSON or not the OCF file the manifest says, a listed file
            outside the package's folder or missing.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from tokencomp import loads, ocf_package, read_ocf, write_ocf
    >>> offer = loads('''{"schema_version": "1", "id": "o-1", "effective_date": "2026-04-01", "currency": "USD",
    ...   "salary": {"rate": {"amount": "180000", "currency": "USD"}, "period": "year"},
    ...   "equity": [{"instrument": "nso", "units": 4800, "unit_value": {"amount": "3", "currency": "USD"},
    ...     "strike_price": {"amount": "1.25", "currency": "USD"},
    ...     "vesting": {"start_date": "2026-04-01", "duration_months": 48, "cliff_months": 12,
    ...                 "frequency": "monthly"}}]}''')
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = write_ocf(ocf_package([offer]), Path(folder))
    ...     result = read_ocf(folder)
    >>> result.holders[0].document()
    {'schema_version': '1.1', 'id': 'o-1', 'equity': [{'instrument': 'nso', 'units': 4800, \
'strike_price': {'amount': '1.25', 'currency': 'USD'}, 'vesting': {'start_date': '2026-04-01', \
'duration_months': 48, 'cliff_months': 12, 'frequency': 'monthly', 'allocation': 'CUMULATIVE_ROUND_DOWN'}}]}
    """
    package = _Package(Path(path))
    terms: dict[str, dict[str, Any]] = {}
    for _, items in package.files("vesting_terms_files", "OCF_VESTING_TERMS_FILE"):
        terms |= {item["id"]: item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}
    valuations = _Valuations(
        [item for _, items in package.files("valuations_files", "OCF_VALUATIONS_FILE") for item in items],
        [item for _, items in package.files("stock_plans_files", "OCF_STOCK_PLANS_FILE") for item in items],
    )
    transactions = [
        (source, index, item)
        for source, items in package.files("transactions_files", "OCF_TRANSACTIONS_FILE")
        for index, item in enumerate(items)
        if isinstance(item, dict)
    ]
    starts = {
        item["security_id"]: (datetime.date.fromisoformat(item["date"]), str(item.get("vesting_condition_id")))
        for _, _, item in transactions
        if item.get("object_type") == "TX_VESTING_START" and isinstance(item.get("security_id"), str)
        and isinstance(item.get("date"), str) and _is_date(item["date"])
    }  # fmt: skip
    changed = _changes([item for _, _, item in transactions])
    holders: dict[str, list[dict[str, Any]]] = {}
    rejected: list[RejectedRecord] = []
    for source, index, item in transactions:
        if _name(item.get("object_type")) not in _ISSUANCES:
            continue  # only issuances are grants; what changed one since is checked below
        try:
            holder = _text(item.get("stakeholder_id"), "stakeholder_id")
            grant = _checked(_grant(item, terms, starts, valuations))
            if item["security_id"] in changed:
                raise RecordRejectedError(
                    f"later transactions changed the security ({', '.join(changed[item['security_id']])}): "
                    "a grant is imported as issued, so one cancelled, exercised, transferred or re-vested since "
                    "is not"
                )
        except RecordRejectedError as exc:
            rejected.append(_rejected(source, index, item, exc.reason))
            continue
        holders.setdefault(holder, []).append(grant)
    return OcfGrants(tuple(OcfHolder(h, tuple(g)) for h, g in holders.items()), tuple(rejected))


def _changes(transactions: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each security's transactions after its issuance that change what it holds, as ``TYPE on DATE``.

    A vesting start dates the schedule and an acceptance changes nothing; every other transaction naming the
    security (a cancellation, exercise, release, transfer, retraction, repricing, vesting acceleration or event,
    ...) means the grant as issued is no longer what its holder has.
    """
    changed: dict[str, list[str]] = {}
    for item in transactions:
        kind, security = _name(item.get("object_type")), item.get("security_id")
        if kind is None or kind in _ISSUANCES or kind == "TX_VESTING_START" or kind.endswith("_ACCEPTANCE"):
            continue
        if isinstance(security, str):
            changed.setdefault(security, []).append(f"{kind} on {item.get('date')}")
    return changed


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
