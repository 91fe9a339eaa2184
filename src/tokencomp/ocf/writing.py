"""Offers' equity grants as an Open Cap Format package: manifest, stakeholders, stock class and plan, vesting terms
and one ``TX_EQUITY_COMPENSATION_ISSUANCE`` a grant.

The mapping (docs/ocf.md has it as a table):

- each offer is a stakeholder whose id and name are the offer's id, nothing else (no person's name);
- each grant is an issuance of security ``<offer id>/equity/<n>``, dated its vesting start, under one stock plan
  of one common stock class; ``rsu`` and ``psu`` are ``RSU`` (OCF has no performance unit), ``iso``
  ``OPTION_ISO`` and ``nso`` ``OPTION_NSO``, the strike its ``exercise_price``, ``expiration_date`` as it is and
  ``post_termination_exercise_months`` a window of that many months for every reason of leaving;
- a schedule of months (uniform or segments) is a vesting terms object whose conditions vest at exactly the
  contract's points (:mod:`.schedule`), with the grant's allocation, and a ``TX_VESTING_START`` on its start date;
  explicit tranches are the issuance's ``vestings``.

What OCF has no field for (a unit's value and its basis, a grant's kind, a grant value, a PSU's maximum) is
written into the issuance's ``comments`` and said in :attr:`OcfPackage.notes`: never dropped unsaid. A figure
OCF cannot write exactly (more than 10 decimal places) keeps its grant out, said in :attr:`OcfPackage.refused`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from .._internal.files import write_text
from ..codec.converter import unstructure
from ..model.offer import Offer
from .schedule import DEFAULT_ALLOCATION, SAME_DAY, START_CONDITION, contract_segments, runs_of, schedule_points

__all__ = ["MANIFEST", "OCF_VERSION", "OcfIssuer", "OcfPackage", "ocf_package", "write_ocf"]

#: The OCF version the package says it follows, the schemas' own (commit d5226fb5 of 2026-06-28).
OCF_VERSION = "1.2.1-alpha+main"
#: The manifest's file name, as OCF's samples name it.
MANIFEST = "Manifest.ocf.json"
_STOCK_CLASS = "tokencomp-common"
_STOCK_PLAN = "tokencomp-plan"
_COMPENSATION = {"rsu": "RSU", "psu": "RSU", "iso": "OPTION_ISO", "nso": "OPTION_NSO"}
# Every reason OCF names: the contract's window holds for any leaving.
_LEAVING = ("VOLUNTARY_OTHER", "VOLUNTARY_GOOD_CAUSE", "VOLUNTARY_RETIREMENT", "INVOLUNTARY_OTHER",
            "INVOLUNTARY_DEATH", "INVOLUNTARY_DISABILITY", "INVOLUNTARY_WITH_CAUSE")  # fmt: skip
# OCF's Numeric: at most 10 decimal places.
_NUMERIC_PLACES = 10
# Grant fields OCF has no place for, kept in the issuance's comments.
_COMMENTED = ("kind", "unit_value", "value_basis", "value_as_of", "grant_value", "max_units")


class _NotNumeric(ValueError):
    """A figure OCF's Numeric cannot hold exactly."""


@attrs.frozen
class OcfIssuer:
    """The company whose cap table the package is: OCF requires it, an offer does not say it.

    Attributes:
        legal_name: The issuer's legal name; None writes ``"not stated"``.
        formation_date: When it was formed; None writes 1900-01-01.
        country: Its country of formation (ISO 3166-1 alpha-2); None writes ``ZZ`` (unknown).

    >>> from tokencomp import OcfIssuer
    >>> OcfIssuer("Example Inc.", country="US").ocf()[1]
    ["the issuer's formation date is not in an offer: written as 1900-01-01 (give --issuer-formed)"]
    """

    legal_name: str | None = None
    formation_date: datetime.date | None = None
    country: str | None = None

    def ocf(self) -> tuple[dict[str, Any], list[str]]:
        """The OCF ``ISSUER`` object, and a note for each field given a stand-in."""
        notes = [
            f"the issuer's {what} is not in an offer: written as {shown} (give {option})"
            for what, given, shown, option in (
                ("legal name", self.legal_name, "'not stated'", "--issuer-name"),
                ("formation date", self.formation_date, "1900-01-01", "--issuer-formed"),
                ("country of formation", self.country, "ZZ", "--issuer-country"),
            )
            if given is None
        ]
        issuer: dict[str, Any] = {
            "object_type": "ISSUER",
            "id": "issuer",
            "legal_name": self.legal_name or "not stated",
            "formation_date": (self.formation_date or datetime.date(1900, 1, 1)).isoformat(),
            "country_of_formation": self.country or "ZZ",
        }
        if notes:
            issuer["comments"] = [f"tokencomp: {note}" for note in notes]
        return issuer, notes


@attrs.frozen
class OcfPackage:
    """An OCF package made from offers, before it is written.

    Attributes:
        issuer: The manifest's ``ISSUER`` object.
        as_of: The package's date: the latest effective date of its offers.
        generated_at: When it was made (the manifest's ``generated_at``).
        stakeholders: One ``STAKEHOLDER`` an offer.
        vesting_terms: One ``VESTING_TERMS`` a distinct schedule.
        transactions: The issuances, and the vesting starts of those with vesting terms.
        notes: What OCF has no field for, each naming its offer and grant: kept in comments only.
        refused: The grants left out, each with why.

    >>> from tokencomp import ocf_package
    >>> sorted(ocf_package([]).files())  # an empty package: the issuer alone
    ['Manifest.ocf.json', 'Stakeholders.ocf.json', 'StockClasses.ocf.json', 'StockPlans.ocf.json', \
'Transactions.ocf.json', 'VestingTerms.ocf.json']
    """

    issuer: dict[str, Any]
    as_of: datetime.date
    generated_at: datetime.datetime
    stakeholders: tuple[dict[str, Any], ...]
    vesting_terms: tuple[dict[str, Any], ...]
    transactions: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()

    def files(self) -> dict[str, str]:
        """Each file's name and text, the manifest (with every other file's MD5) last."""
        units = sum(int(t["quantity"]) for t in self.transactions if "quantity" in t)
        stock_class = {
            "object_type": "STOCK_CLASS", "id": _STOCK_CLASS, "name": "Common", "class_type": "COMMON",
            "default_id_prefix": "CS-", "initial_shares_authorized": "UNLIMITED", "votes_per_share": "1",
            "seniority": "1",
        }  # fmt: skip
        plan = {
            "object_type": "STOCK_PLAN", "id": _STOCK_PLAN, "plan_name": "tokencomp offers",
            "initial_shares_reserved": str(units), "stock_class_ids": [_STOCK_CLASS],
            "comments": ["tokencomp: the plan reserves exactly the units of the grants exported"],
        }  # fmt: skip
        contents = {
            "stakeholders_files": ("Stakeholders.ocf.json", "OCF_STAKEHOLDERS_FILE", list(self.stakeholders)),
            "stock_classes_files": ("StockClasses.ocf.json", "OCF_STOCK_CLASSES_FILE", [stock_class]),
            "stock_plans_files": ("StockPlans.ocf.json", "OCF_STOCK_PLANS_FILE", [plan]),
            "vesting_terms_files": ("VestingTerms.ocf.json", "OCF_VESTING_TERMS_FILE", list(self.vesting_terms)),
            "transactions_files": ("Transactions.ocf.json", "OCF_TRANSACTIONS_FILE", list(self.transactions)),
        }
        texts = {name: _json({"file_type": kind, "items": items}) for name, kind, items in contents.values()}
        manifest: dict[str, Any] = {
            "ocf_version": OCF_VERSION,
            "file_type": "OCF_MANIFEST_FILE",
            "issuer": self.issuer,
            "as_of": self.as_of.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "stock_legend_templates_files": [],
            "valuations_files": [],
        }
        for key, (name, _, _) in contents.items():
            digest = hashlib.md5(texts[name].encode("utf-8"), usedforsecurity=False).hexdigest()
            manifest[key] = [{"filepath": f"./{name}", "md5": digest}]
        manifest["comments"] = ["made by tokencomp export-ocf from offer documents (offer-v1)"]
        return texts | {MANIFEST: _json(manifest)}


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _numeric(text: str) -> str:
    """*text* (a decimal string) as OCF's Numeric: trailing zeros past 10 places go; other digits refuse it."""
    whole, _, places = text.partition(".")
    places = places.rstrip("0") if len(places) > _NUMERIC_PLACES else places
    if len(places) > _NUMERIC_PLACES:
        raise _NotNumeric(f"{text} has more than {_NUMERIC_PLACES} decimal places, the most OCF's Numeric holds")
    return f"{whole}.{places}" if places else whole


def _monetary(money: dict[str, str]) -> dict[str, str]:
    return {"amount": _numeric(money["amount"]), "currency": money["currency"]}


def _units(grant: dict[str, Any]) -> int:
    """The grant's units: given, or bought by its grant value (floor(amount / conversion price), offer-v1)."""
    if "units" in grant:
        return int(grant["units"])
    value = grant["grant_value"]
    with localcontext() as context:
        context.prec = 80  # the quotient of two in-limit decimals fits many times over: exact
        return int(Decimal(value["amount"]["amount"]) // Decimal(value["conversion_price"]["amount"]))


def _conditions(segments: list[Any]) -> list[dict[str, Any]]:
    """OCF vesting conditions for *segments*: the start, then one relative condition a run of equal vestings."""
    runs = runs_of(schedule_points(segments))
    conditions: list[dict[str, Any]] = [
        {"id": START_CONDITION, "description": "vesting start", "quantity": "0",
         "trigger": {"type": "VESTING_START_DATE"}, "next_condition_ids": ["vest-1"] if runs else []},
    ]  # fmt: skip
    for number, run in enumerate(runs, 1):
        portion = Fraction(run.portion)
        conditions.append({
            "id": f"vest-{number}",
            "description": f"{run.count} vesting(s), {run.every} month(s) apart, each {portion} of the grant",
            "portion": {"numerator": str(portion.numerator), "denominator": str(portion.denominator)},
            "trigger": {
                "type": "VESTING_SCHEDULE_RELATIVE",
                "period": {"length": run.every, "type": "MONTHS", "occurrences": run.count, "day_of_month": SAME_DAY},
                "relative_to_condition_id": conditions[-1]["id"],
            },
            "next_condition_ids": [f"vest-{number + 1}"] if number < len(runs) else [],
        })  # fmt: skip
    return conditions


def _describe(vesting: dict[str, Any]) -> str:
    if vesting.get("segments"):
        parts = [
            f"{s['months']} months, {s['percent']}%, {s['frequency']}"
            + (f", {s['cliff_months']}-month cliff" if s.get("cliff_months") else "")
            for s in vesting["segments"]
        ]
        return "; ".join(parts)
    cliff = vesting.get("cliff_months") or 0
    return f"{vesting['duration_months']} months, {vesting.get('frequency') or 'monthly'}" + (
        f", {cliff}-month cliff" if cliff else ""
    )


class _Terms:
    """The package's vesting terms, one a distinct schedule and allocation, numbered as first met."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}

    def id_for(self, vesting: dict[str, Any], segments: list[Any]) -> str:
        allocation = vesting.get("allocation") or DEFAULT_ALLOCATION
        conditions = _conditions(segments)
        key = json.dumps([allocation, conditions], sort_keys=True)
        if key not in self.items:
            description = _describe(vesting)
            self.items[key] = {
                "object_type": "VESTING_TERMS",
                "id": f"terms-{len(self.items) + 1}",
                "name": description,
                "description": f"tokencomp schedule: {description}; {allocation}",
                "allocation_type": allocation,
                "vesting_conditions": conditions,
            }
        return str(self.items[key]["id"])


def _comments(grant: dict[str, Any], units: int) -> list[str]:
    comments = [f"tokencomp: instrument {grant['instrument']}"]
    for key in _COMMENTED:
        if key in grant:
            value = grant[key]
            if key == "grant_value":
                amount, price = value["amount"], value["conversion_price"]
                value = (
                    f"{amount['amount']} {amount['currency']} at {price['amount']} {price['currency']} a unit: "
                    f"{units} units"
                )
            elif isinstance(value, dict):
                value = f"{value['amount']} {value['currency']}"
            comments.append(f"tokencomp: {key} {value}")
    return comments


def _issuance(offer_id: str, number: int, grant: dict[str, Any], terms: _Terms) -> list[dict[str, Any]]:
    """The issuance of *grant* (and its vesting start): OCF transactions."""
    security = f"{offer_id}/equity/{number}"
    vesting = grant["vesting"]
    units = _units(grant)
    options = grant["instrument"] in {"iso", "nso"}
    issuance: dict[str, Any] = {
        "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE",
        "id": f"{security}/issuance",
        "security_id": security,
        "custom_id": security,
        "date": vesting["start_date"],
        "stakeholder_id": offer_id,
        "stock_plan_id": _STOCK_PLAN,
        "stock_class_id": _STOCK_CLASS,
        "compensation_type": _COMPENSATION[grant["instrument"]],
        "quantity": str(units),
        "security_law_exemptions": [],
    }
    if "strike_price" in grant:
        issuance["exercise_price"] = _monetary(grant["strike_price"])
    issuance["expiration_date"] = grant.get("expiration_date")
    months = grant.get("post_termination_exercise_months")
    issuance["termination_exercise_windows"] = (
        [{"reason": reason, "period": months, "period_type": "MONTHS"} for reason in _LEAVING]
        if options and months is not None
        else []
    )
    segments = contract_segments(vesting)
    transactions = [issuance]
    if segments is None:
        issuance["vestings"] = [{"date": t["date"], "amount": str(t["units"])} for t in vesting["tranches"]]
    else:
        issuance["vesting_terms_id"] = terms.id_for(vesting, segments)
        transactions.append({
            "object_type": "TX_VESTING_START", "id": f"{security}/vesting-start", "security_id": security,
            "date": vesting["start_date"], "vesting_condition_id": START_CONDITION,
        })  # fmt: skip
    issuance["comments"] = _comments(grant, units)
    return transactions


def _unheld(grant: dict[str, Any]) -> list[str]:
    """The grant's fields OCF has no field for."""
    unheld = [key for key in _COMMENTED if key in grant]
    if grant["instrument"] == "psu":
        unheld.insert(0, "instrument psu (written as RSU)")
    return unheld


def ocf_package(
    offers: Iterable[Offer],
    issuer: OcfIssuer | None = None,
    *,
    generated_at: datetime.datetime | None = None,
) -> OcfPackage:
    """Make the OCF package of *offers*' equity grants: one stakeholder an offer, one issuance a grant.

    Args:
        offers: Valid offers (version 1 or 1.1); their ids must differ.
        issuer: The company; OCF requires one, an offer does not say it (stand-ins are noted).
        generated_at: The manifest's ``generated_at``; now (UTC, whole seconds) when not given.

    >>> import datetime
    >>> from tokencomp import OcfIssuer, loads, ocf_package
    >>> offer = loads('''{"schema_version": "1", "id": "o-1", "effective_date": "2026-04-01", "currency": "USD",
    ...   "salary": {"rate": {"amount": "180000", "currency": "USD"}, "period": "year"},
    ...   "equity": [{"instrument": "rsu", "units": 4800, "unit_value": {"amount": "12.5", "currency": "USD"},
    ...     "vesting": {"start_date": "2026-04-01", "duration_months": 48, "cliff_months": 12,
    ...                 "frequency": "monthly"}}]}''')
    >>> package = ocf_package([offer], OcfIssuer("Example Inc.", datetime.date(2020, 1, 1), "US"))
    >>> [c["trigger"].get("period", {}).get("occurrences") for c in package.vesting_terms[0]["vesting_conditions"]]
    [None, 1, 36]
    >>> package.notes
    ("offer 'o-1' /equity/0: OCF has no field for unit_value: kept in the issuance's comments only",)
    """
    issuer_object, notes = (issuer or OcfIssuer()).ocf()
    terms = _Terms()
    stakeholders: list[dict[str, Any]] = []
    transactions: list[dict[str, Any]] = []
    refused: list[str] = []
    dates: list[str] = []
    for offer in offers:
        document = unstructure(offer)
        offer_id = document["id"]
        if any(s["id"] == offer_id for s in stakeholders):
            refused.append(f"offer {offer_id!r}: an offer of this id is already in the package (ids identify)")
            continue
        dates.append(document["effective_date"])
        stakeholders.append({
            "object_type": "STAKEHOLDER", "id": offer_id, "name": {"legal_name": offer_id},
            "stakeholder_type": "INDIVIDUAL", "comments": ["tokencomp: identified by the offer's id only"],
        })  # fmt: skip
        for number, grant in enumerate(document.get("equity") or []):
            place = f"offer {offer_id!r} /equity/{number}"
            try:
                transactions += _issuance(offer_id, number, grant, terms)
            except _NotNumeric as exc:
                refused.append(f"{place}: not exported: {exc}")
                continue
            unheld = _unheld(grant)
            if unheld:
                notes.append(f"{place}: OCF has no field for {', '.join(unheld)}: kept in the issuance's comments only")
    moment = generated_at or datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    as_of = max(dates) if dates else moment.date().isoformat()
    return OcfPackage(
        issuer_object, datetime.date.fromisoformat(as_of), moment, tuple(stakeholders),
        tuple(terms.items.values()), tuple(transactions), tuple(notes), tuple(refused),
    )  # fmt: skip


def write_ocf(package: OcfPackage, directory: Path) -> list[Path]:
    """Write *package*'s files into *directory* (made when missing); return their paths, the manifest last.

    Raises:
        UnsafeWriteError: A file's path is a symbolic link.
        OSError: The folder cannot be made or written.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from tokencomp import ocf_package, write_ocf
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in write_ocf(ocf_package([]), Path(folder))][-1]
    'Manifest.ocf.json'
    """
    directory.mkdir(parents=True, exist_ok=True)
    return [write_text(directory / name, text) for name, text in package.files().items()]
