"""Decision rules: whether the parties that accept a package are enough to adopt it.

Two rules (``protocol.decision`` in a scenario):

- ``unanimity`` (the default): every party whose consent the package needs accepts.
- ``weighted_majority``: the accepting parties hold at least ``threshold`` of
  the vote weight of the parties whose consent the package needs; if a
  ``second`` count is given, they also hold at least its threshold of its
  weights (the Lisbon double majority: 55% of the states holding 65% of the
  population); every ``veto`` party among those needed accepts; and if the
  ``agenda_setter`` is needed and does not accept, the voters must be
  unanimous (the Commission's right of initiative: the Council amends a
  Commission proposal only by unanimity, Art. 293(1) TFEU).

A party that walked out, or that is needed and says no, counts as a no.

Every rule here is *monotone*: more acceptors never turn a passing package into
a failing one. So "some winning coalition prefers the package to no deal" is
the same as "the coalition of all parties that prefer it is winning", which is
how :func:`winning_packages` computes the zone of agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.scenario.schema import Decision, Scenario

_TOLERANCE = 1e-9
"""Relative slack on weight comparisons, so that 55% of 20 states is met by 11 of them."""


@dataclass(frozen=True)
class DecisionRule:
    """A decision rule compiled against the parties' order.

    Attributes:
        unanimity: every needed party must accept (the other fields are unused).
        weights: ``[parties]`` vote weights of the first count.
        threshold: share of the needed parties' weight that must accept.
        second_weights: ``[parties]`` weights of the second count, or None.
        second_threshold: share of the second count that must accept.
        veto: ``[parties]`` True for veto players.
        setter: row of the agenda setter, or None.
    """

    unanimity: bool
    weights: np.ndarray
    threshold: float = 1.0
    second_weights: np.ndarray | None = None
    second_threshold: float = 0.0
    veto: np.ndarray | None = None
    setter: int | None = None

    @classmethod
    def compile(cls, decision: Decision, party_ids: list[str]) -> DecisionRule:
        """The rule of a scenario's ``protocol.decision`` for parties in this order."""
        if decision.rule == "unanimity":
            return cls(unanimity=True, weights=np.ones(len(party_ids)))
        second = decision.second
        return cls(
            unanimity=False,
            weights=np.array([decision.weights.get(p, 0.0) for p in party_ids], dtype=float),
            threshold=decision.threshold,
            second_weights=(
                None
                if second is None
                else np.array([second.weights.get(p, 0.0) for p in party_ids], dtype=float)
            ),
            second_threshold=second.threshold if second is not None else 0.0,
            veto=np.array([p in decision.veto for p in party_ids], dtype=bool),
            setter=(
                party_ids.index(decision.agenda_setter)
                if decision.agenda_setter in party_ids
                else None
            ),
        )

    @classmethod
    def of(cls, scenario: Scenario) -> DecisionRule:
        """The rule of a scenario, its parties in scenario order."""
        return cls.compile(scenario.protocol.decision, [p.actor for p in scenario.parties])


def rule_met(accepts: np.ndarray, needed: np.ndarray, rule: DecisionRule) -> np.ndarray:
    """Whether the rule is met, for one package or for many at once.

    Args:
        accepts: ``[parties]`` or ``[parties, packages]``: True where a party accepts.
        needed: same shape: True where the package needs the party's consent.
        rule: the compiled rule.

    Returns:
        A boolean (0-d array) or ``[packages]`` booleans.
    """
    accepts = np.asarray(accepts, dtype=bool)
    needed = np.asarray(needed, dtype=bool)
    everyone = np.all(accepts | ~needed, axis=0)
    if rule.unanimity:
        return everyone
    column = (slice(None),) + (None,) * (accepts.ndim - 1)
    yes = accepts & needed
    met = _share_met(rule.weights[column], yes, needed, rule.threshold)
    if rule.second_weights is not None:
        met &= _share_met(rule.second_weights[column], yes, needed, rule.second_threshold)
    if rule.veto is not None:
        met &= np.all(yes | ~(needed & rule.veto[column]), axis=0)
    if rule.setter is not None:
        setter_says_no = needed[rule.setter] & ~accepts[rule.setter]
        voters = needed & (rule.weights[column] > 0)
        met &= ~setter_says_no | np.all(yes | ~voters, axis=0)
    return met


def _share_met(
    weights: np.ndarray, yes: np.ndarray, needed: np.ndarray, threshold: float
) -> np.ndarray:
    """Whether the accepting weight reaches ``threshold`` of the needed parties' weight."""
    total = np.sum(np.where(needed, weights, 0.0), axis=0)
    backing = np.sum(np.where(yes, weights, 0.0), axis=0)
    return backing >= threshold * total * (1.0 - _TOLERANCE)


def winning_packages(prefers: np.ndarray, needed: np.ndarray, rule: DecisionRule) -> np.ndarray:
    """``[packages]``: packages that some winning coalition prefers to no deal.

    Args:
        prefers: ``[parties, packages]``: True where a party prefers the package
            to no deal (and would not refuse it outright).
        needed: ``[parties, packages]``: True where the package needs the party's consent.
        rule: the compiled rule (monotone, so the largest coalition decides).
    """
    return rule_met(prefers, needed, rule)


def decision_met(scenario: Scenario, answers: list[bool], needed: list[bool]) -> bool:
    """Whether one package is adopted, given each party's answer (in party order).

    Unanimity is checked on the lists directly (the common case, once a
    round); other rules are compiled on the spot.
    """
    decision = scenario.protocol.decision
    if decision.rule == "unanimity":
        return all(yes or not need for yes, need in zip(answers, needed, strict=True))
    rule = DecisionRule.of(scenario)
    return bool(rule_met(np.array(answers), np.array(needed), rule))
