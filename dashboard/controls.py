"""The form of controls, generated from whatever scenario is loaded.

Every control edits one parameter path of :func:`sim.with_parameters`
(``actors.<id>.power``, ``actors.<id>.red_lines.<id>.active``,
``protocol.rounds``, ...). The widget key is the path prefixed with the
loaded file's key, so switching scenarios starts from that scenario's values.
Changes are batched in one ``st.form``: nothing reruns until it is submitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

import sim
from sim.policies import concession_names, policy
from sim.protocols import protocol_names

DEFAULT_RUNS = 200
MAX_RUNS = 5_000
DEFAULT_SEED = 0
FORM_KEY = "controls"
SUBMIT_LABEL = "Apply and run"


@dataclass(frozen=True)
class Settings:
    """What the form asks for: the parameter changes, and how many runs from which seed."""

    changes: dict[str, Any] = field(default_factory=dict)
    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED


def effective_beta(actor: Any) -> float:
    """The actor's concession exponent: its own, else its tactic's default."""
    if actor.tactic.beta is not None:
        return float(actor.tactic.beta)
    try:
        return float(policy("concession", actor.tactic.name).beta)
    except (KeyError, ValueError):
        return 1.0


def parameter_values(scenario: sim.Scenario) -> dict[str, Any]:
    """The current value of every parameter the form has a control for, by path."""
    values: dict[str, Any] = {
        "protocol.name": scenario.protocol.name,
        "protocol.rounds": scenario.protocol.rounds,
    }
    for actor in scenario.actors:
        at = f"actors.{actor.id}"
        values[f"{at}.power"] = float(actor.power)
        values[f"{at}.reservation"] = float(actor.reservation)
        values[f"{at}.tactic.name"] = actor.tactic.name
        values[f"{at}.tactic.beta"] = effective_beta(actor)
        for issue_id in salience_issues(scenario, actor):
            values[f"{at}.salience.{issue_id}"] = float(actor.salience.get(issue_id, 0.0))
        for line in actor.red_lines:
            values[f"{at}.red_lines.{line.id}.active"] = bool(line.active)
    return values


def salience_issues(scenario: sim.Scenario, actor: Any) -> list[str]:
    """The issues an actor can weigh: those it values, in the scenario's issue order."""
    return [issue.id for issue in scenario.issues if issue.id in actor.values]


def changed(scenario: sim.Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the scenario's own (the only ones worth applying)."""
    current = parameter_values(scenario)
    changes = {}
    for path, value in values.items():
        before = current.get(path)
        if isinstance(value, float) and isinstance(before, float):
            if math.isclose(value, before, rel_tol=1e-9, abs_tol=1e-9):
                continue
        elif value == before:
            continue
        changes[path] = value
    for path in list(changes):
        if path.endswith(".tactic.name"):
            beta = path.removesuffix(".name") + ".beta"
            # a new tactic comes with its own default beta unless beta was moved too
            changes.setdefault(beta, None)
    return changes


def _key(prefix: str, path: str) -> str:
    return f"{prefix}|{path}"


def drawn_note(scenario: sim.Scenario, path: str) -> str:
    """For a parameter the ensemble draws, what it is drawn from; else ''."""
    for uncertain in scenario.uncertain:
        if uncertain.param == path:
            given = uncertain.model_dump(exclude_none=True, exclude={"param", "dist"})
            spec = ", ".join(f"{k}={v}" for k, v in given.items())
            return f"Drawn in every run from {uncertain.dist}({spec}); a value set here fixes it."
    return ""


def _slider(
    scenario: sim.Scenario,
    label: str,
    value: float,
    upper: float,
    prefix: str,
    path: str,
    help: str = "",
) -> float:
    note = drawn_note(scenario, path)
    return float(
        st.slider(
            label,
            0.0,
            max(upper, value),
            value,
            step=0.01,
            key=_key(prefix, path),
            help=" ".join(part for part in (help, note) if part) or None,
        )
    )


def _actor_controls(scenario: sim.Scenario, actor: Any, prefix: str) -> dict[str, Any]:
    at = f"actors.{actor.id}"
    values: dict[str, Any] = {}
    values[f"{at}.power"] = _slider(
        scenario,
        "Power",
        float(actor.power),
        max(3.0, 2 * actor.power),
        prefix,
        f"{at}.power",
        help="Weight in the mediator's Nash product and in the forecast.",
    )
    values[f"{at}.reservation"] = _slider(
        scenario,
        "Reservation value",
        float(actor.reservation),
        1.0,
        prefix,
        f"{at}.reservation",
        help="Utility of no deal: the threshold never falls below it.",
    )
    tactics = concession_names()
    if actor.tactic.name not in tactics:
        tactics = [actor.tactic.name, *tactics]
    values[f"{at}.tactic.name"] = st.selectbox(
        "Concession tactic",
        tactics,
        index=tactics.index(actor.tactic.name),
        key=_key(prefix, f"{at}.tactic.name"),
    )
    beta = effective_beta(actor)
    values[f"{at}.tactic.beta"] = float(
        st.slider(
            "Concession β",
            0.05,
            max(10.0, beta),
            beta,
            step=0.05,
            key=_key(prefix, f"{at}.tactic.beta"),
            help="β < 1 holds firm until late (Boulware); β > 1 concedes early. Choosing another "
            "tactic without moving β uses that tactic's default β.",
        )
    )
    issues = salience_issues(scenario, actor)
    if issues:
        st.caption("Salience (weights are normalised to sum 1)")
    for issue_id in issues:
        weight = float(actor.salience.get(issue_id, 0.0))
        label = scenario.issue(issue_id).label or issue_id
        values[f"{at}.salience.{issue_id}"] = _slider(
            scenario,
            f"Salience: {label}",
            weight,
            max(1.0, 2 * weight),
            prefix,
            f"{at}.salience.{issue_id}",
        )
    if actor.red_lines:
        st.caption("Red lines")
    for line in actor.red_lines:
        path = f"{at}.red_lines.{line.id}.active"
        values[path] = st.checkbox(
            line.id,
            value=line.active,
            key=_key(prefix, path),
            help=("assumption: " + line.evidence.assumption)
            if line.evidence.assumption
            else line.evidence.quote,
        )
    return values


def _protocol_controls(scenario: sim.Scenario, prefix: str) -> dict[str, Any]:
    names = protocol_names()
    if scenario.protocol.name not in names:
        names = [scenario.protocol.name, *names]
    return {
        "protocol.name": st.selectbox(
            "Protocol",
            names,
            index=names.index(scenario.protocol.name),
            key=_key(prefix, "protocol.name"),
        ),
        "protocol.rounds": int(
            st.number_input(
                "Rounds",
                min_value=1,
                max_value=10_000,
                value=scenario.protocol.rounds,
                step=1,
                key=_key(prefix, "protocol.rounds"),
            )
        ),
    }


def render_form(scenario: sim.Scenario, prefix: str) -> Settings:
    """Draw the form (in the current container) and return the last submitted settings."""
    with st.form(FORM_KEY, border=False):
        st.form_submit_button(SUBMIT_LABEL, type="primary", key="submit-top")
        st.markdown("**Ensemble**")
        left, right = st.columns(2)
        runs = int(
            left.number_input(
                "Runs",
                min_value=1,
                max_value=MAX_RUNS,
                value=DEFAULT_RUNS,
                step=50,
                key="run|runs",
            )
        )
        seed = int(
            right.number_input(
                "Seed",
                min_value=0,
                max_value=2**32 - 1,
                value=DEFAULT_SEED,
                step=1,
                key="run|seed",
            )
        )
        st.markdown("**Protocol**")
        values = _protocol_controls(scenario, prefix)
        st.markdown("**Actors**")
        for actor in scenario.actors:
            with st.expander(f"{actor.id} ({actor.role})"):
                values.update(_actor_controls(scenario, actor, prefix))
        st.form_submit_button(SUBMIT_LABEL, type="primary", key="submit-bottom")
    return Settings(changes=changed(scenario, values), runs=runs, seed=seed)
