"""Reconciliation updates as text for people: each change before → after, and why."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .._internal.escaping import isolated, plain
from ..budget.gateways import exact_json
from ..budget.reconcile import GatewayUpdate

__all__ = ["reconcile_text"]


def reconcile_text(updates: Sequence[GatewayUpdate]) -> str:
    """Return each update as its endpoint, each field's change (before → after) and the reasons, then the body.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import Money
    >>> from tokencomp.budget.gateways import Gateway
    >>> from tokencomp.budget.reconcile import GatewayUpdate, LimitChange
    >>> update = GatewayUpdate(Gateway.LITELLM, "/user/update", {"user_id": "ada", "max_budget": Decimal("1430.00")},
    ...     "ada", "o-1", Money("795.00", "USD"), Money("635.00", "USD"), None,
    ...     ("rollover: 250.00 USD carried in from the period before",),
    ...     (LimitChange("max_budget", Decimal("548.39"), Decimal("1430.00")),))
    >>> print(reconcile_text([update]))
    ada (offer o-1): /user/update
      max_budget: 548.39 → 1430.00
      counted by the gateway: 795.00 USD; the period still allows: 635.00 USD
      why: rollover: 250.00 USD carried in from the period before
      body: {"user_id": "ada", "max_budget": 1430.00}
    """
    if not updates:
        return "Nothing to change: every gateway limit already equals the ledger's."
    blocks = []
    for update in updates:
        offer = f" (offer {isolated(update.offer)})" if update.offer is not None else ""
        lines = [f"{isolated(update.person)}{offer}: {plain(update.endpoint)}"]
        lines += [f"  {change.field}: {_said(change.before)} → {_said(change.after)}" for change in update.changes
                  if change.field != "metadata.tokencomp"]  # fmt: skip
        if any(change.field == "metadata.tokencomp" for change in update.changes):
            lines.append("  metadata.tokencomp: the ledger's figures")
        lines.append(f"  counted by the gateway: {update.counted.amount} USD; "
                     f"the period still allows: {update.allowed.amount} USD")  # fmt: skip
        lines += [f"  why: {plain(reason)}" for reason in update.reasons]
        lines.append(f"  body: {plain(exact_json(_without_metadata(update.body)))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _said(value: Any) -> str:
    if value is None:
        return "(not known)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, "f") if isinstance(value, Decimal) else plain(str(value))


def _without_metadata(body: Any) -> dict[str, Any]:
    """The body, its metadata (the ledger's figures, said above) left out to keep the line short."""
    return {name: value for name, value in body.items() if name != "metadata"}
