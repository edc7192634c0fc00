"""Side payments: transfers a payer may attach to a package, as extra terms of the package.

A declared side payment (``side_payments:`` in YAML) becomes one more numeric
dimension of the outcome space: its amount, 0 to its budget by its step. The
receiver's utility of a package rises by ``worth * amount`` and the payer's falls
by ``cost * amount``, outside the salience normalisation, and both are kept in
[0, 1]. Utility is so transferable between the two at the rate ``worth / cost``
(Raiffa 1982; issue linkage as in Sebenius 1983), and every proposer, the exact
analysis and the decision rules handle payments with no special case: a package
simply has one more term. A payment is never above its budget, since no amount
above it is in the space.

The space is built here, once per list of issues and list of payments (an
ensemble's runs share both objects, so they share one space).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.outcomes import OutcomeSpace, space_of
from sim.scenario.levers import payment_issue
from sim.scenario.schema import OptionRef, Scenario, SidePayment

__all__ = ["PaymentSpace", "over_payments", "space_for", "transfer_grid"]


class PaymentSpace(OutcomeSpace):
    """An outcome space whose last dimensions are side payments' amounts.

    Attributes:
        payments: the side payments, in the order of their dimensions.
        issue_count: how many dimensions are the scenario's issues (the rest are payments).
    """

    def __init__(self, issues: Sequence, payments: Sequence[SidePayment]) -> None:
        """The space of the issues times every payment's amounts."""
        super().__init__([*issues, *(payment_issue(p) for p in payments)])
        self.payments = tuple(payments)
        self.issue_count = len(issues)
        # the transfers depend on who pays whom and at what rate: caches keyed on the
        # space must tell two spaces apart that differ only there
        self.key = (*self.key, *(p.model_dump_json() for p in payments))

    def package(self, terms: Mapping[str, OptionRef]) -> int:
        """The package number of a set of terms; a payment not named is 0 (none paid)."""
        full = dict(terms)
        for payment in self.payments:
            full.setdefault(payment.id, 0)
        return super().package(full)


_SPACES: dict[tuple[int, int], tuple[object, object, PaymentSpace]] = {}


def space_for(scenario: Scenario) -> OutcomeSpace:
    """The outcome space of a scenario: its issues, times its side payments' amounts if any.

    Reused while the same ``issues`` and ``side_payments`` list objects are in use
    (scenario copies that change neither share them), as :func:`sim.outcomes.space_of`.
    """
    if not scenario.side_payments:
        return space_of(scenario.issues)
    issues, payments = scenario.issues, scenario.side_payments
    key = (id(issues), id(payments))
    seen = _SPACES.get(key)
    if seen is None or seen[0] is not issues or seen[1] is not payments:
        if len(_SPACES) >= 8:
            _SPACES.pop(next(iter(_SPACES)))
        seen = (issues, payments, PaymentSpace(issues, payments))
        _SPACES[key] = seen
    return seen[2]


def transfer_grid(actor_id: str, space: OutcomeSpace) -> np.ndarray | None:
    """What side payments add to one actor's utility, shaped to broadcast over the space.

    ``worth * amount`` for every payment it receives, ``- cost * amount`` for every
    one it makes; None when it neither pays nor receives (or the space has no payments).
    """
    if not isinstance(space, PaymentSpace):
        return None
    total: np.ndarray | None = None
    for payment in space.payments:
        rate = (payment.worth if payment.receiver == actor_id else 0.0) - (
            payment.cost if payment.payer == actor_id else 0.0
        )
        if rate == 0.0:
            continue
        issue = space.issues[space.issue_count + space.payments.index(payment)]
        amounts = np.asarray(issue.numeric_values, dtype=float)
        change = space.grid(payment.id, rate * amounts)
        total = change if total is None else total + change
    return total


def over_payments(per_package: np.ndarray, space: OutcomeSpace) -> np.ndarray:
    """A per-package array of the issues alone, repeated over every amount of the payments.

    Payments are the last dimensions of the space, so each package of the issues
    alone is a run of consecutive package numbers, one per combination of amounts.
    """
    if per_package.size == space.size:
        return per_package
    return np.repeat(per_package, space.size // per_package.size)
