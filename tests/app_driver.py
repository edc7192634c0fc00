"""Driving the Streamlit app in tests (``streamlit.testing``): find a control, press apply."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest


def widget(at: AppTest, kind: str, path: str) -> Any:
    """The widget of a kind whose key ends with a parameter path (keys are 'file-key|path')."""
    found = [w for w in getattr(at, kind) if w.key and w.key.split("|", 1)[-1] == path]
    assert len(found) == 1, f"no single {kind} for {path}"
    return found[0]


def submit(at: AppTest) -> AppTest:
    """Press the form's apply button and rerun the app."""
    at.button(key="submit-top").click()
    return at.run()
