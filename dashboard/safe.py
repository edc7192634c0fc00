"""Calling ``sim`` from the page without ever showing a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

import sim

T = TypeVar("T")

EXPECTED = (sim.ScenarioError, sim.ParameterError, ValueError, KeyError)
"""What sim raises for input it refuses (ParameterError is a ValueError)."""


def messages_of(error: BaseException) -> list[str]:
    """The lines a user should read for an error sim raised."""
    if isinstance(error, sim.ScenarioError):
        return list(error.messages)
    if isinstance(error, KeyError) and error.args:
        return [str(error.args[0])]
    return [str(error) or type(error).__name__]


def show_error(title: str, messages: list[str]) -> None:
    """One ``st.error`` with a title and the messages verbatim (file:line:col kept intact)."""
    body = "\n".join(messages)
    st.error(f"**{title}**\n\n```text\n{body}\n```")


def attempt(title: str, call: Callable[[], T]) -> T | None:
    """Run a call into sim; on refused input show its messages and return None."""
    try:
        return call()
    except EXPECTED as error:
        show_error(title, messages_of(error))
        return None
