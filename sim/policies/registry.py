"""Policies by name: every decision an actor makes is a small class registered here.

Like the strategies of the Axelrod library, each policy class has a ``name``, a
``metadata`` dict and one decision method. Scenario files name them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

KINDS = ("concession", "response", "walkout", "exit", "proposal")
_REGISTRY: dict[str, dict[str, type]] = {kind: {} for kind in KINDS}

PolicyClass = TypeVar("PolicyClass", bound=type)


def register(kind: str) -> Callable[[PolicyClass], PolicyClass]:
    """Class decorator: list a policy class under its ``name`` for one kind of decision."""
    if kind not in _REGISTRY:
        raise ValueError(f"unknown policy kind '{kind}'")

    def add(cls: PolicyClass) -> PolicyClass:
        _REGISTRY[kind][cls.name] = cls  # type: ignore[attr-defined]
        return cls

    return add


def policy(kind: str, name: str, **parameters: Any) -> Any:
    """A new policy object of a kind, by name, with its parameters."""
    try:
        cls = _REGISTRY[kind][name]
    except KeyError:
        raise KeyError(
            f"no {kind} policy named '{name}'; known: {', '.join(names(kind))}"
        ) from None
    return cls(**{k: v for k, v in parameters.items() if v is not None})


def names(kind: str) -> list[str]:
    """Registered names of one kind, sorted."""
    return sorted(_REGISTRY[kind])


def classes(kind: str) -> list[type]:
    """Registered classes of one kind, sorted by name."""
    return [_REGISTRY[kind][n] for n in sorted(_REGISTRY[kind])]


def concession_names() -> list[str]:
    """Names of the concession tactics a scenario may use."""
    return names("concession")
