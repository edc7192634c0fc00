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
from dashboard.names import TACTIC_NAMES, Names

DEFAULT_RUNS = 200
MAX_RUNS = 5_000
DEFAULT_SEED = 0
RUNS_KEY = "run|runs"
SEED_KEY = "run|seed"
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
        return float(sim.policy("concession", actor.tactic.name).beta)
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
    return changes


def _key(prefix: str, path: str) -> str:
    return f"{prefix}|{path}"


def widget_key(prefix: str, path: str) -> str:
    """The session-state key of the control of a parameter path."""
    return _key(prefix, path)


SHOWN = "controls-shown"
OPEN_ACTOR = "controls-open-actor"


def _init(key: str, value: Any) -> None:
    """Give a widget its first value through session state (never also through ``value=``)."""
    if key not in st.session_state:
        st.session_state[key] = value


def preset(prefix: str, scenario: sim.Scenario, changes: dict[str, Any]) -> None:
    """Put values into the controls before they are drawn (from the URL, or a 'relax' click).

    Paths the form has no control for are ignored.
    """
    current = parameter_values(scenario)
    for path, value in changes.items():
        if path not in current:
            continue
        before = current[path]
        if isinstance(before, bool):
            value = bool(value)
        elif isinstance(before, int):
            value = int(value)
        elif isinstance(before, float):
            value = float(value)
        st.session_state[_key(prefix, path)] = value


def follow_tactics(prefix: str, scenario: sim.Scenario) -> None:
    """On submit: a tactic chosen without moving β brings that tactic's default β.

    So the β slider always shows the β the run uses (after a switch to
    'conceder', 5). Runs as the submit buttons' callback, before the rerun,
    when widget values may still be set.
    """
    shown = st.session_state.get(SHOWN, {}).get(prefix)
    if shown is None:
        return
    for actor in scenario.actors:
        at = f"actors.{actor.id}"
        name_key, beta_key = _key(prefix, f"{at}.tactic.name"), _key(prefix, f"{at}.tactic.beta")
        chosen = st.session_state.get(name_key)
        if chosen is None or chosen == shown.get(f"{at}.tactic.name"):
            continue
        if st.session_state.get(beta_key) != shown.get(f"{at}.tactic.beta"):
            continue  # β moved too: keep it
        try:
            st.session_state[beta_key] = float(sim.policy("concession", chosen).beta)
        except (KeyError, ValueError, AttributeError):
            continue


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
    lower: float = 0.0,
    step: float = 0.01,
) -> float:
    note = drawn_note(scenario, path)
    key = _key(prefix, path)
    _init(key, value)
    shown = float(st.session_state[key])
    return float(
        st.slider(
            label,
            lower,
            max(upper, value, shown),
            step=step,
            key=key,
            help=" ".join(part for part in (help, note) if part) or None,
        )
    )


def _selectbox(label: str, options: list[str], value: str, key: str, **kwargs: Any) -> str:
    if value not in options:
        options = [value, *options]
    _init(key, value)
    if st.session_state[key] not in options:
        st.session_state[key] = value
    return str(st.selectbox(label, options, key=key, **kwargs))


def _actor_controls(scenario: sim.Scenario, actor: Any, prefix: str, names: Names) -> dict:
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
    values[f"{at}.tactic.name"] = _selectbox(
        "Concession tactic",
        sim.concession_names(),
        actor.tactic.name,
        _key(prefix, f"{at}.tactic.name"),
        format_func=lambda name: TACTIC_NAMES.get(name, name),
    )
    beta = effective_beta(actor)
    values[f"{at}.tactic.beta"] = _slider(
        scenario,
        "Concession β",
        beta,
        10.0,
        prefix,
        f"{at}.tactic.beta",
        help="β < 1 holds firm until late (Boulware); β > 1 concedes early. Choosing another "
        "tactic without moving β brings that tactic's own β (boulware 0.2, linear 1, "
        "conceder 5), and the slider shows it after Apply.",
        lower=0.05,
        step=0.05,
    )
    issues = salience_issues(scenario, actor)
    if issues:
        st.caption("Salience (weights are normalised to sum 1)")
    for issue_id in issues:
        weight = float(actor.salience.get(issue_id, 0.0))
        values[f"{at}.salience.{issue_id}"] = _slider(
            scenario,
            f"Salience: {names.issue(issue_id)}",
            weight,
            max(1.0, 2 * weight),
            prefix,
            f"{at}.salience.{issue_id}",
        )
    if actor.red_lines:
        st.caption("Red lines (untick to relax)")
    for line in actor.red_lines:
        path = f"{at}.red_lines.{line.id}.active"
        key = _key(prefix, path)
        _init(key, bool(line.active))
        values[path] = st.checkbox(
            names.red_lines.get(line.id, line.id),
            key=key,
            help=("assumption: " + line.evidence.assumption)
            if line.evidence.assumption
            else line.evidence.quote,
        )
    return values


def _protocol_controls(scenario: sim.Scenario, prefix: str) -> dict[str, Any]:
    key = _key(prefix, "protocol.rounds")
    _init(key, scenario.protocol.rounds)
    return {
        "protocol.name": _selectbox(
            "Protocol", sim.protocol_names(), scenario.protocol.name, _key(prefix, "protocol.name")
        ),
        "protocol.rounds": int(
            st.number_input("Rounds", min_value=1, max_value=10_000, step=1, key=key)
        ),
    }


def render_form(scenario: sim.Scenario, prefix: str, names: Names) -> Settings:
    """Draw the form (in the current container) and return the last submitted settings."""
    _init(RUNS_KEY, DEFAULT_RUNS)
    _init(SEED_KEY, DEFAULT_SEED)
    opened = st.session_state.get(OPEN_ACTOR)
    with st.form(FORM_KEY, border=False):
        submit = {"on_click": follow_tactics, "args": (prefix, scenario), "type": "primary"}
        st.form_submit_button(SUBMIT_LABEL, key="submit-top", **submit)  # type: ignore[arg-type]
        st.markdown("**Ensemble**")
        left, right = st.columns(2)
        runs = int(
            left.number_input("Runs", min_value=1, max_value=MAX_RUNS, step=50, key=RUNS_KEY)
        )
        seed = int(
            right.number_input("Seed", min_value=0, max_value=2**32 - 1, step=1, key=SEED_KEY)
        )
        st.markdown("**Protocol**")
        values = _protocol_controls(scenario, prefix)
        st.markdown("**Actors**")
        for actor in scenario.actors:
            title = f"{names.actor(actor.id)} ({actor.role})"
            with st.expander(title, expanded=actor.id == opened):
                values.update(_actor_controls(scenario, actor, prefix, names))
        st.form_submit_button(SUBMIT_LABEL, key="submit-bottom", **submit)  # type: ignore[arg-type]
    st.session_state.setdefault(SHOWN, {})[prefix] = values
    return Settings(changes=changed(scenario, values), runs=runs, seed=seed)
