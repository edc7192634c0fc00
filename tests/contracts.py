"""Contract test bases, in the style of the Axelrod library's strategy tests.

Every registered policy has a test class that inherits :class:`PolicyContract`
(and every protocol one that inherits :class:`ProtocolContract`) and names it;
the base checks what every one owes for free: it is registered under its name,
follows its kind's typed contract, pickles, plays the same from the same seed,
never accepts a package over its own hard red line, and cannot change the
negotiation through its view. ``test_every_registered_policy_has_a_contract_test``
keeps a new policy from slipping in without one.
"""

from __future__ import annotations

import pickle
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property import scenarios

import sim
from sim.policies import CONTRACTS, policy, policy_class
from sim.protocols import PROTOCOLS

COUNTS: dict[str, int] = {}
"""How many generated cases reached their assertions, per property (checked at the end)."""


def count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


def small_game(noise: float = 0.05, protocol: str = "alternating", rounds: int = 12) -> dict:
    """Two parties over two issues, one hard red line each, some noise: a scenario dict."""
    return {
        "name": "contract",
        "issues": [
            {"id": "share", "kind": "integer", "min": 0, "max": 20, "step": 2},
            {"id": "form", "kind": "categorical", "options": ["x", "y", "z"]},
        ],
        "actors": [
            {
                "id": "a",
                "name": "A",
                "salience": {"share": 2, "form": 1},
                "values": {"share": {"ideal": 20}, "form": {"x": 1, "y": 0.5, "z": 0}},
                "red_lines": [
                    {"id": "a-no-z", "issue": "form", "forbid": ["z"],
                     "evidence": {"assumption": "test"}},
                ],
                "reservation": 0.2,
                "noise": noise,
            },
            {
                "id": "b",
                "name": "B",
                "salience": {"share": 1, "form": 1},
                "values": {"share": {"ideal": 0}, "form": {"x": 0, "y": 0.6, "z": 1}},
                "red_lines": [
                    {"id": "b-cap", "issue": "share", "max": 14,
                     "evidence": {"assumption": "test"}},
                ],
                "reservation": 0.2,
                "noise": noise,
            },
            {
                "id": "c",
                "name": "C",
                "role": "partner",
                "salience": {"form": 1},
                "values": {"form": {"x": 0, "y": 1, "z": 1}},
                "red_lines": [
                    {"id": "c-no-x", "issue": "form", "forbid": ["x"],
                     "evidence": {"assumption": "test"}},
                ],
            },
        ],
        "parties": [{"actor": "a"}, {"actor": "b"}],
        "governments": [
            {"id": "g", "leader": "a", "leader_seats": 50, "majority": 61,
             "partners": [{"actor": "c", "seats": 15}], "survival_weight": 0.1},
        ],
        "protocol": {"name": protocol, "rounds": rounds},
    }  # fmt: skip


def choose(data: dict, actor: int, kind: str, name: str, params: dict | None = None) -> dict:
    """Give one actor of a scenario dict a policy of a kind."""
    spec = data["actors"][actor]
    if kind == "concession":
        spec["tactic"] = {"name": name, "params": dict(params or {})}
    else:
        spec.setdefault("policies", {})[kind] = {"name": name, "params": dict(params or {})}
    return data


def trace_of(scenario: sim.Scenario, seed: int = 3):
    outcome = sim.simulate(scenario, seed=seed, trace=True)
    return outcome, outcome.trace


class Meddler:
    """Wraps a policy; before each decision it tries every way to change the negotiation."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.attempts = 0
        self.refused = 0

    def __getattr__(self, name):
        method = getattr(self.inner, name)
        if not callable(method):
            return method

        def meddle(view, *args, **kwargs):
            self._try(view)
            return method(view, *args, **kwargs)

        return meddle

    def _try(self, view) -> None:
        tries = [
            lambda: setattr(view, "round", 99),
            lambda: setattr(view, "deadline", 0),
            lambda: setattr(view, "reservation", 0.0),
            lambda: setattr(view, "rounds", 1),
            lambda: setattr(view, "version", -1),
            lambda: setattr(view, "_model", None),
            lambda: view.beliefs.__setitem__((0, 0), 5.0),
            lambda: view.required.__setitem__((0, 0), False),
            lambda: view.power.__setitem__(0, 100.0),
            lambda: view.reservations.__setitem__(0, 1.0),
            lambda: view.packages.__setitem__(0, 0),
            lambda: view.history.append(None),
            lambda: view.walked_out.append("a"),
        ]
        for attempt in tries:
            self.attempts += 1
            try:
                attempt()
            except (AttributeError, ValueError, TypeError):
                self.refused += 1


class PolicyContract:
    """What every registered policy owes. Subclasses set ``kind`` and ``name``."""

    kind: ClassVar[str]
    name: ClassVar[str]
    params: ClassVar[dict] = {}
    protocol: ClassVar[str] = "alternating"

    @property
    def holder(self) -> str:
        """The actor of the small game that uses the policy (the partner, for exits)."""
        return "c" if self.kind == "exit" else "a"

    def scenario(self, noise: float = 0.05) -> sim.Scenario:
        index = "abc".index(self.holder)
        data = small_game(noise, self.protocol)
        return sim.Scenario.model_validate(choose(data, index, self.kind, self.name, self.params))

    def test_is_registered_under_its_name_and_follows_its_kind_contract(self):
        cls = policy_class(self.kind, self.name)
        made = policy(self.kind, self.name, **self.params)
        assert type(made) is cls and cls.kind == self.kind
        assert isinstance(made, CONTRACTS[self.kind])
        assert isinstance(cls.metadata, dict) and cls.__doc__ and cls.__doc__.strip()

    def test_its_defaults_lie_within_its_bounds(self):
        cls = policy_class(self.kind, self.name)
        for key, default in cls.parameters.items():
            low, high = cls.bounds.get(key, (None, None))
            assert low is None or default >= low
            assert high is None or default <= high

    def test_survives_pickling_before_and_after_playing(self):
        fresh = policy(self.kind, self.name, **self.params)
        clone = pickle.loads(pickle.dumps(fresh))
        assert type(clone) is type(fresh) and clone.settings() == fresh.settings()
        model = sim.NegotiationModel(self.scenario(), seed=1)
        model.run()
        played = getattr(model.actor_agents[self.holder], self.kind)
        assert type(pickle.loads(pickle.dumps(played))) is type(fresh)

    def test_same_seed_same_play(self):
        scenario = self.scenario()
        first, first_trace = trace_of(scenario, seed=5)
        second, second_trace = trace_of(scenario, seed=5)
        assert first == second
        assert first_trace.equals(second_trace)

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(scenario=scenarios(), seed=st.integers(0, 2**16))
    def test_never_accepts_a_package_over_its_own_hard_red_line(self, scenario, seed):
        data = scenario.model_dump(by_alias=True)
        data = choose(data, 0, self.kind, self.name, self.params)
        scenario = sim.Scenario.model_validate(data)
        _, trace = trace_of(scenario, seed)
        if trace.empty:
            return
        assert not (trace["accepted"] & trace["crosses_red_line"]).any()
        count(f"red-line:{self.kind}:{self.name}")

    def test_cannot_change_the_negotiation_through_its_view(self):
        scenario = self.scenario(noise=0.0)
        plain, plain_trace = trace_of(scenario, seed=2)
        model = sim.NegotiationModel(scenario, seed=2, record_trace=True)
        agent = model.actor_agents[self.holder]
        meddler = Meddler(getattr(agent, self.kind))
        setattr(agent, self.kind, meddler)
        meddled = model.run()
        assert meddled.deal or self.kind != "exit"  # a partner decides only after a deal
        assert meddler.attempts > 0 and meddler.refused == meddler.attempts
        assert meddled.terms == plain.terms and meddled.round == plain.round
        assert [r["accepted"] for r in model.trace_rows] == plain_trace["accepted"].tolist()

    def test_an_event_can_shift_each_of_its_parameters(self):
        cls = policy_class(self.kind, self.name)
        for key, default in cls.parameters.items():
            low, high = cls.bounds.get(key, (None, None))
            target = default if high is None else (default + high) / 2
            if low is not None and target < low:
                target = low
            made = policy(self.kind, self.name, **self.params)
            made.set_parameters(**{key: target})
            assert getattr(made, key) == pytest.approx(target)


class WordWatcher:
    """Wraps a walkout policy: asked every round, it records the word the policy gives."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.rounds: list[tuple[int, int, float, bool]] = []
        """Per round asked: the round, the view's version, the word given, and the answer."""

    def walks_out(self, view) -> bool:
        answer = bool(self.inner.walks_out(view))
        word = self.inner.earliest_walkout(view)
        self.rounds.append((view.round, view.version, word, answer))
        return answer


class WalkoutWordContract:
    """What a walkout policy with ``earliest_walkout`` owes: it keeps the word it gives.

    Asked at round r with the view at version v, it says the first round at which
    it could leave; the model does not ask it again before then while the version
    is v. So it must not leave at any round in between with that version. Every
    round it is asked (here: every round, by a watcher that gives no word itself).
    Mixed into the policy's contract test class.
    """

    kind: ClassVar[str]
    name: ClassVar[str]

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(
        scenario=scenarios(protocols=("alternating", "mediated")),
        deadline=st.one_of(st.none(), st.integers(1, 12)),
        seed=st.integers(0, 2**16),
    )
    def test_keeps_the_word_it_gives(self, scenario, deadline, seed):
        data = scenario.model_dump(by_alias=True)
        for index in (0, 1):
            data = choose(data, index, "walkout", self.name)
        data["actors"][0]["deadline"] = deadline
        model = sim.NegotiationModel(sim.Scenario.model_validate(data), seed=seed)
        watchers = []
        for party in ("p0", "p1"):
            agent = model.actor_agents[party]
            assert callable(getattr(agent.walkout, "earliest_walkout", None))
            agent.walkout = watcher = WordWatcher(agent.walkout)
            watchers.append(watcher)
        model.run()
        checked = 0
        for watcher in watchers:
            for k, (t, version, word, _) in enumerate(watcher.rounds):
                for later, later_version, _, answer in watcher.rounds[k + 1 :]:
                    if later_version != version or later >= word or later <= t:
                        break
                    assert not answer, (t, word, later)
                    checked += 1
        if checked:
            count(f"word:{self.name}")


class ProtocolContract:
    """What every protocol owes. Subclasses set ``name``."""

    name: ClassVar[str]

    def test_is_registered_under_its_name(self):
        cls = PROTOCOLS[self.name]
        assert cls.name == self.name and cls.__doc__
        assert pickle.loads(pickle.dumps(cls)) is cls

    def test_same_seed_same_play(self):
        scenario = sim.Scenario.model_validate(small_game(0.1, self.name))
        first, first_trace = trace_of(scenario, seed=9)
        second, second_trace = trace_of(scenario, seed=9)
        assert first == second and first_trace.equals(second_trace)

    def test_proposes_packages_of_the_space_or_nothing(self):
        scenario = sim.Scenario.model_validate(small_game(0.1, self.name))
        model = sim.NegotiationModel(scenario, seed=4)
        size = model.game.space.size
        for t in range(scenario.protocol.rounds):
            package, proposer = model.protocol.proposal(t)
            assert package is None or 0 <= package < size
            assert isinstance(proposer, str)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(scenario=scenarios(), seed=st.integers(0, 2**16))
    def test_no_deal_crosses_a_needed_partys_hard_red_line(self, scenario, seed):
        outcome = sim.simulate(scenario, seed=seed, protocol=self.name)
        if not outcome.deal:
            return
        model = sim.NegotiationModel(scenario, seed=seed, protocol=self.name)
        game = model.game
        crossed = game.refuses[:, outcome.package] & game.required[:, outcome.package]
        assert not np.any(crossed)
        count(f"deal-red-line:{self.name}")
