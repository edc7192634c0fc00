"""Policies by name: every decision an actor makes is a small class registered here.

Like the strategies of the Axelrod library, each policy class has a ``name``, a
``metadata`` dict, declared ``parameters`` and one decision method. Scenario
files name them per actor and per kind; :data:`DEFAULTS` says which one an actor
uses when its file names none.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from sim.policies.base import Policy, initial_settings
from sim.scenario.registries import REGISTRIES

KINDS = ("concession", "response", "walkout", "exit", "proposal")
DEFAULTS = {
    "concession": "linear",
    "response": "threshold",
    "walkout": "deadline",
    "exit": "red_line",
    "proposal": "aspiration",
}
"""The policy of each kind an actor uses unless its scenario names another."""
MEDIATOR_DEFAULT = "nash_mediator"
"""The proposal policy of a mediator (under the mediated protocol) unless named."""
_REGISTRY: dict[str, dict[str, type]] = {kind: {} for kind in KINDS}

_CHANGES = [0]
"""How many times a policy was registered or unregistered (see :func:`registry_changes`)."""
PolicyClass = TypeVar("PolicyClass", bound=type)


def register(kind: str) -> Callable[[PolicyClass], PolicyClass]:
    """Class decorator: list a policy class under its ``name`` for one kind of decision."""
    if kind not in _REGISTRY:
        raise ValueError(f"unknown policy kind '{kind}'; known: {', '.join(KINDS)}")

    def add(cls: PolicyClass) -> PolicyClass:
        cls.kind = kind  # type: ignore[attr-defined]
        cls.parameters = dict(getattr(cls, "parameters", {}))  # type: ignore[attr-defined]
        _REGISTRY[kind][cls.name] = cls  # type: ignore[attr-defined]
        _CHANGES[0] += 1
        # the scenario layer checks names and parameters against its own registries
        REGISTRIES.add(
            kind,
            cls.name,  # type: ignore[attr-defined]
            cls.parameters,  # type: ignore[attr-defined]
            False,
            dict(getattr(cls, "bounds", {})),
        )
        return cls

    return add


def registry_changes() -> int:
    """A count that grows whenever a policy is registered or unregistered.

    Code that keeps classes or makers found by name can tell from it that
    what it kept is still what the registry gives.
    """
    return _CHANGES[0]


def unregister(kind: str, name: str) -> None:
    """Forget a registered policy (tests and interactive sessions clean up with it)."""
    _REGISTRY[kind].pop(name, None)
    _CHANGES[0] += 1
    REGISTRIES.remove(kind, name)


def policy(kind: str, name: str, **parameters: Any) -> Any:
    """A new policy object of a kind, by name, with its parameters (None: the default)."""
    return policy_class(kind, name)(**parameters)


def policy_maker(kind: str, name: str, parameters: dict[str, Any]) -> Callable[[], Any]:
    """Makes new policy objects of a kind, by name, with parameters checked once.

    What :func:`policy` does, for code that builds the same policy many times
    (every run of an ensemble gives every actor new ones).

    Raises:
        KeyError: as :func:`policy_class`.
        PolicyError: a parameter the policy does not have, or a value outside its bounds.
    """
    cls: type[Policy] = policy_class(kind, name)
    return partial(cls.with_settings, initial_settings(cls, parameters))


def policy_class(kind: str, name: str) -> type:
    """The class registered under a name for a kind.

    Raises:
        KeyError: no such kind or name (the message lists the known names).
    """
    if kind not in _REGISTRY:
        raise KeyError(f"unknown policy kind '{kind}'; known: {', '.join(KINDS)}")
    try:
        return _REGISTRY[kind][name]
    except KeyError:
        raise KeyError(
            f"no {kind} policy named '{name}'; known: {', '.join(names(kind))}"
        ) from None


def names(kind: str) -> list[str]:
    """Registered names of one kind, sorted."""
    return sorted(_REGISTRY[kind])


def classes(kind: str) -> list[type]:
    """Registered classes of one kind, sorted by name."""
    return [_REGISTRY[kind][n] for n in sorted(_REGISTRY[kind])]


def concession_names() -> list[str]:
    """Names of the concession tactics a scenario may use."""
    return names("concession")
