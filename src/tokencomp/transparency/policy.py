"""Which components are pay: the classification policy of a pay-transparency report.

EU Directive 2023/970 (Art. 3) counts as pay "the ordinary basic or minimum
wage or salary and any other consideration, whether in cash or in kind". A
policy says, for each component of an offer's summary, whether it is basic
pay, complementary or variable pay, or left out. The default is the
workforce contract's EU table (:data:`EU_POLICY`); a policy file
(:func:`read_policy`) states another, for another jurisdiction or an
employer's own reading.

A policy file is a JSON object::

    {"policy_version": "1", "name": "Employer X, 2026",
     "classes": {"benefits": "left_out", "token_budget": "complementary"}}

``classes`` maps components (:data:`PAY_COMPONENTS`) to ``basic``,
``complementary`` or ``left_out``; a component it does not name keeps the
EU default.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..codec.converter import unknown_key_problem
from ..codec.sources import field_problems, parse_record
from ..errors import (
    InvalidDocumentError,
    InvalidPolicyError,
    Problem,
    RuleViolation,
    escape_pointer_token,
)
from ..reports.summary import Summary

__all__ = [
    "PAY_COMPONENTS",
    "EU_POLICY",
    "ClassifiedFigure",
    "PayClass",
    "PayPolicy",
    "classify_pay",
    "read_policy",
]


class PayClass(enum.StrEnum):
    """What a component is for a pay-transparency report.

    >>> from tokencomp import PayClass
    >>> [c.value for c in PayClass]
    ['basic', 'complementary', 'left_out']
    """

    BASIC = "basic"
    #: Complementary or variable pay, every other consideration, in cash or in kind.
    COMPLEMENTARY = "complementary"
    LEFT_OUT = "left_out"


#: The components a policy classifies, in a summary's order. ``token_budget`` is a budget the person may use
#: for work only (a work tool), ``token_budget_personal_use`` one with ``personal_use: true``; ``one_time`` is
#: the first year's one-time payments, outside the annual figures.
PAY_COMPONENTS = (
    "salary",
    "bonus",
    "commission",
    "allowances",
    "equity",
    "benefits",
    "token_budget",
    "token_budget_personal_use",
    "one_time",
)


def _checked_classes(instance: PayPolicy, attribute: attrs.Attribute[Any], value: tuple[PayClass, ...]) -> None:
    if len(value) != len(PAY_COMPONENTS) or not all(isinstance(c, PayClass) for c in value):
        raise RuleViolation(
            [Problem("/classes", "invalid-classes", "a policy classifies each of PAY_COMPONENTS, in order")]
        )


@attrs.frozen
class PayPolicy:
    """A classification of the components of pay, stated in every report that uses it.

    Attributes:
        name: What the policy is called, as reports state it.
        source: Where it comes from: the built-in table, or the file it was read from.
        classes: One :class:`PayClass` for each of :data:`PAY_COMPONENTS`, in that order.

    >>> from tokencomp import EU_POLICY
    >>> EU_POLICY.class_of("token_budget"), EU_POLICY.class_of("token_budget_personal_use")
    (<PayClass.LEFT_OUT: 'left_out'>, <PayClass.COMPLEMENTARY: 'complementary'>)
    """

    name: str
    source: str
    classes: tuple[PayClass, ...] = attrs.field(validator=_checked_classes)

    def class_of(self, component: str) -> PayClass:
        """The class of *component*, one of :data:`PAY_COMPONENTS`.

        Raises:
            KeyError: *component* is none of them.
        """
        try:
            return self.classes[PAY_COMPONENTS.index(component)]
        except ValueError:
            raise KeyError(component) from None

    def to_json(self) -> dict[str, str]:
        """The policy as a report states it: its name and source."""
        return {"name": self.name, "source": self.source}


#: The workforce contract's table, after EU Directive 2023/970, Art. 3. Salary is basic pay; bonus, commission,
#: allowances, equity, benefits and a token budget for personal use are complementary or variable; a token
#: budget for work only is a work tool, and one-time payments are outside the annual package.
EU_POLICY = PayPolicy(
    name="EU Directive 2023/970, Art. 3",
    source="tokencomp built-in: workforce contract v1",
    classes=(
        PayClass.BASIC,
        *(PayClass.COMPLEMENTARY,) * 5,  # bonus, commission, allowances, equity, benefits
        PayClass.LEFT_OUT,  # token_budget: a work tool
        PayClass.COMPLEMENTARY,  # token_budget_personal_use: in kind
        PayClass.LEFT_OUT,  # one_time
    ),
)

_CLASS_NAMES = "basic, complementary or left_out"
_KEYS = ("policy_version", "name", "classes")


def _policy_problems(data: object) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem("", "not-an-object", "a pay policy is a JSON object with policy_version, name and classes")]
    problems = [unknown_key_problem("", key, list(_KEYS)) for key in data if key not in _KEYS]
    problems += [Problem(f"/{key}", "missing-key", f"{key} is required") for key in _KEYS if key not in data]
    if "policy_version" in data and data["policy_version"] != "1":
        problems.append(Problem("/policy_version", "unknown-version", 'policy_version must be "1"'))
    if "name" in data:
        problems += field_problems("name", data["name"])
        if data["name"] == "":
            problems.append(Problem("/name", "empty-string", "name must not be empty"))
    classes = data.get("classes", {})
    if not isinstance(classes, dict):
        problems.append(Problem("/classes", "not-an-object", "classes is an object of component: class"))
        return problems
    for component, value in classes.items():
        at = f"/classes/{escape_pointer_token(component)}"
        if component not in PAY_COMPONENTS:
            problems.append(unknown_key_problem("/classes", component, list(PAY_COMPONENTS)))
        elif value not in tuple(PayClass):
            said = repr(value) if isinstance(value, str) else "not a string"
            problems.append(Problem(at, "unknown-pay-class", f"{said} is not a pay class: {_CLASS_NAMES}"))
    return problems


def read_policy(data: bytes | str | Mapping[str, Any], source: str = "policy file") -> PayPolicy:
    """A policy from its JSON file (text or parsed): the components it names, and the EU default for the rest.

    Args:
        data: The file's JSON text, or the object parsed.
        source: Where it comes from, as reports state it (the file's name).

    Raises:
        InvalidPolicyError: Every problem, each at its JSON Pointer.

    >>> from tokencomp import read_policy
    >>> policy = read_policy('{"policy_version": "1", "name": "Work tools are pay", '
    ...                      '"classes": {"token_budget": "complementary"}}', source="tools.json")
    >>> policy.name, policy.source, policy.class_of("token_budget").value
    ('Work tools are pay', 'tools.json', 'complementary')
    """
    if isinstance(data, bytes | str):
        text = data.decode("utf-8", "surrogateescape") if isinstance(data, bytes) else data
        try:
            data = parse_record(text.removeprefix("\ufeff"))
        except InvalidDocumentError as exc:
            raise InvalidPolicyError(exc.problems) from None
    problems = _policy_problems(data)
    if problems:
        raise InvalidPolicyError(sorted(problems, key=lambda p: p.pointer))
    assert isinstance(data, Mapping)
    named = data["classes"]
    classes = tuple(PayClass(named[c]) if c in named else EU_POLICY.classes[i] for i, c in enumerate(PAY_COMPONENTS))
    return PayPolicy(name=data["name"], source=source, classes=classes)


@attrs.frozen
class ClassifiedFigure:
    """One component figure of a summary with its class under a policy.

    Attributes:
        component: One of :data:`PAY_COMPONENTS`.
        amount: The summary's figure (annual; ``one_time`` the first year's), in its currency.
        pay_class: Its class.

    >>> from decimal import Decimal
    >>> from tokencomp import ClassifiedFigure, PayClass
    >>> ClassifiedFigure("equity", Decimal("12000.00"), PayClass.COMPLEMENTARY).pay_class.value
    'complementary'
    """

    component: str
    amount: Decimal
    pay_class: PayClass


def classify_pay(
    summary: Summary, *, personal_use: bool = False, policy: PayPolicy | None = None
) -> tuple[ClassifiedFigure, ...]:
    """The pay class of each component figure of *summary* under *policy* (:data:`EU_POLICY` by default).

    Args:
        summary: An offer's summary.
        personal_use: Whether the offer's token budget may be used for the person's own purposes
            (``token_budget.personal_use``): it is then classified as ``token_budget_personal_use``.
        policy: The classification.

    >>> import importlib.resources
    >>> from tokencomp import classify_pay, loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> summary = summarize(loads((examples / "p75-engineer.json").read_bytes()))
    >>> [(f.component, str(f.amount), f.pay_class.value) for f in classify_pay(summary)][::6]
    [('salary', '375000.00', 'basic'), ('token_budget', '100000.00', 'left_out')]
    """
    policy = policy or EU_POLICY
    annual = summary.annual
    budget = "token_budget_personal_use" if personal_use else "token_budget"
    figures = [
        ("salary", annual.salary),
        ("bonus", annual.bonus),
        ("commission", annual.commission),
        ("allowances", annual.allowances),
        ("equity", annual.equity),
        ("benefits", annual.benefits),
        (budget, annual.token_budget),
        ("one_time", summary.first_year.one_time),
    ]
    return tuple(ClassifiedFigure(name, amount, policy.class_of(name)) for name, amount in figures)
