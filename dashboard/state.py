"""The page's state in the URL: scenario, changes, runs and seed, so a link restores them.

The query parameters are ``scenario`` (a file of ``scenarios/``), ``runs``,
``seed`` and one ``set`` a change, written ``path=value`` with the value as
JSON (``set=actors.hamas.reservation=0.55``,
``set=actors.trump.tactic.name="conceder"``). The open tab is ``panel``
(bound by Streamlit itself). A new session (a reload or a pasted link)
reads them into the widgets before they are drawn; every submit writes them
back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import streamlit as st

SCENARIO = "scenario"
RUNS = "runs"
SEED = "seed"
SET = "set"
RESTORED = "url-restored"
PENDING = "url-pending-changes"
"""Changes from the URL, waiting for the scenario's controls to be drawn."""


def encode_change(path: str, value: Any) -> str:
    """One change as a ``set`` value: ``path=<JSON>``."""
    return f"{path}={json.dumps(value)}"


def decode_change(text: str) -> tuple[str, Any] | None:
    """A ``set`` value back as (path, value); None when it is not ``path=<JSON>``."""
    path, sep, raw = text.partition("=")
    if not sep or not path:
        return None
    try:
        return path, json.loads(raw)
    except json.JSONDecodeError:
        return None


def read_url() -> dict[str, Any]:
    """What the URL asks for: scenario, runs, seed (None where absent or unreadable) and changes."""
    params = st.query_params
    found: dict[str, Any] = {SCENARIO: params.get(SCENARIO), RUNS: None, SEED: None}
    for name in (RUNS, SEED):
        value = params.get(name)
        if value is not None and value.strip().isdigit():
            found[name] = int(value)
    changes = {}
    for text in params.get_all(SET):
        decoded = decode_change(text)
        if decoded is not None:
            changes[decoded[0]] = decoded[1]
    found[SET] = changes
    return found


def restore_once(files: list[str], default: str | None) -> None:
    """At a session's first run, put the URL's scenario, runs and seed into the widgets.

    The changes wait in ``st.session_state[PENDING]`` until the scenario is
    loaded and its controls' keys are known (see :func:`pending_changes`).
    """
    if st.session_state.get(RESTORED):
        return
    st.session_state[RESTORED] = True
    asked = read_url()
    scenario = asked[SCENARIO]
    if scenario in files:
        st.session_state["scenario-file"] = scenario
    elif default is not None:
        st.session_state["scenario-file"] = default
    if asked[RUNS] is not None:
        st.session_state["run|runs"] = asked[RUNS]
    if asked[SEED] is not None:
        st.session_state["run|seed"] = asked[SEED]
    st.session_state[PENDING] = asked[SET]


def pending_changes() -> dict[str, Any]:
    """The URL's changes, once (empty after the first call of a session)."""
    return st.session_state.pop(PENDING, None) or {}


def write_url(scenario: str | None, changes: Mapping[str, Any], runs: int, seed: int) -> None:
    """Put the state in the URL (only what differs from the URL already there)."""
    wanted: dict[str, Any] = {RUNS: str(runs), SEED: str(seed)}
    if scenario is not None:
        wanted[SCENARIO] = scenario
    sets = [encode_change(path, value) for path, value in changes.items()]
    params = st.query_params
    for name, value in wanted.items():
        if params.get(name) != value:
            params[name] = value
    if scenario is None and SCENARIO in params:
        del params[SCENARIO]
    if params.get_all(SET) != sets:
        if sets:
            params[SET] = sets
        elif SET in params:
            del params[SET]
