"""Calling ``sim`` from the page without ever showing a traceback or the install path."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

import sim
from dashboard.loading import relative

T = TypeVar("T")

EXPECTED = (sim.ScenarioError, sim.ParameterError, sim.ExperimentError, ValueError, KeyError)
"""What sim raises for input it refuses (ParameterError and ExperimentError are ValueErrors)."""


def messages_of(error: BaseException) -> list[str]:
    """The lines a user should read for an error sim raised, paths relative to the project."""
    if isinstance(error, sim.ScenarioError):
        lines = list(error.messages)
    elif isinstance(error, KeyError) and error.args:
        lines = [str(error.args[0])]
    else:
        lines = [str(error) or type(error).__name__]
    return [relative(line) for line in lines]


def show_error(title: str, messages: list[str]) -> None:
    """A red title, then the messages verbatim and wrapped (``file:line:col`` kept literal)."""
    st.error(f"**{title}**")
    st.code("\n".join(relative(m) for m in messages), language="text", wrap_lines=True)


def attempt(title: str, call: Callable[[], T]) -> T | None:
    """Run a call into sim; on refused input show its messages and return None."""
    try:
        return call()
    except EXPECTED as error:
        show_error(title, messages_of(error))
        return None
