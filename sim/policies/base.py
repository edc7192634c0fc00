"""The contracts of policies: a base class with declared parameters, and one protocol a kind.

Every decision an actor makes is a small class (like an Axelrod strategy) with a
``name``, a ``metadata`` dict, declared ``parameters`` with their defaults, and
one decision method that reads a :class:`sim.policies.view.ActorView`. A scenario
chooses a policy per actor and per kind by name and sets its parameters; an
event may shift a parameter mid-run (:meth:`Policy.set_parameters`), keeping
whatever the policy has learned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

    from sim.policies.view import ActorView


class PolicyError(ValueError):
    """A policy name, parameter or value that cannot be used."""


class Policy:
    """Base of every policy: declared parameters, validated, settable mid-run.

    Subclasses set ``name``, ``metadata``, ``parameters`` (name -> default) and,
    where a parameter has a range, ``bounds`` (name -> (low, high), inclusive;
    None for an open end). Parameters become float attributes of the instance.
    ``reset`` forgets what the policy learned (called when a run starts).
    """

    kind: ClassVar[str] = ""
    name: ClassVar[str] = ""
    metadata: ClassVar[dict[str, Any]] = {}
    parameters: ClassVar[dict[str, float]] = {}
    bounds: ClassVar[dict[str, tuple[float | None, float | None]]] = {}

    def __init__(self, **parameters: float | None) -> None:
        self._start(initial_settings(type(self), parameters))

    @classmethod
    def with_settings(cls, settings: dict[str, float]) -> Policy:
        """A new policy with parameter values already checked (:func:`initial_settings`)."""
        if cls.__init__ is not Policy.__init__:  # a class that sets itself up: its own way
            return cls(**settings)
        policy = cls.__new__(cls)
        policy._start(settings)
        return policy

    def _start(self, settings: dict[str, float]) -> None:
        for key, value in settings.items():
            setattr(self, key, value)
        self.reset()

    def set_parameters(self, **parameters: float | None) -> None:
        """Change parameters (None keeps the current value); learned state is kept.

        Raises:
            PolicyError: an unknown parameter, or a value outside its bounds.
        """
        for key, value in parameters.items():
            checked = _checked(type(self), key, value)
            if checked is not None:
                setattr(self, key, checked)

    def reset(self) -> None:
        """Forget anything learned in a previous run (nothing, for a stateless policy)."""

    def settings(self) -> dict[str, float]:
        """The current parameter values."""
        return {key: getattr(self, key) for key in self.parameters}

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:g}" for k, v in self.settings().items())
        return f"{type(self).__name__}({shown})"


def _checked(cls: type[Policy], key: str, value: Any) -> float | None:
    """A parameter's value as the policy holds it (None: keep the current one).

    Raises:
        PolicyError: an unknown parameter, or a value outside its bounds.
    """
    if key not in cls.parameters:
        known = ", ".join(sorted(cls.parameters)) or "none"
        raise PolicyError(
            f"{cls.kind} policy '{cls.name}' has no parameter '{key}' (its parameters: {known})"
        )
    if value is None:
        return None
    problem = parameter_problem(cls, key, value)
    if problem:
        raise PolicyError(problem)
    return float(value)


_INITIAL: dict[tuple, dict[str, float]] = {}
_INITIAL_ENTRIES = 1024


def initial_settings(cls: type[Policy], parameters: dict[str, Any]) -> dict[str, float]:
    """A new policy's parameters: the defaults, with ``parameters`` set (read it, never change it).

    Checked once per class, defaults and parameters: every run of an ensemble
    builds the same policies.

    Raises:
        PolicyError: as :meth:`Policy.set_parameters`.
    """
    key: tuple = (cls, *cls.parameters.items())
    if parameters:
        # values by type and repr: 1, 1.0 and True differ (True is refused), as do 0.0 and -0.0
        key += (None, *[(name, type(value), repr(value)) for name, value in parameters.items()])
    settings = _INITIAL.get(key)
    if settings is None:
        settings = {name: float(default) for name, default in cls.parameters.items()}
        for name, value in parameters.items():
            checked = _checked(cls, name, value)
            if checked is not None:
                settings[name] = checked
        if len(_INITIAL) >= _INITIAL_ENTRIES:
            _INITIAL.clear()
        _INITIAL[key] = settings
    return settings


def parameter_problem(cls: type[Policy], key: str, value: Any) -> str | None:
    """What is wrong with a value of a policy's parameter, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return f"{cls.kind} policy '{cls.name}': parameter '{key}' must be a number"
    low, high = cls.bounds.get(key, (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        shown = (
            f"[{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}]"
        )
        return f"{cls.kind} policy '{cls.name}': {key} = {value:g} is outside {shown}"
    return None


@runtime_checkable
class ConcessionTactic(Protocol):
    """Sets the actor's acceptance level for the round, from what it has seen."""

    name: ClassVar[str]

    def level(self, view: ActorView) -> float:
        """The lowest utility the actor accepts this round, in [reservation, 1]."""
        ...


@runtime_checkable
class ResponsePolicy(Protocol):
    """Answers the package on the table."""

    name: ClassVar[str]

    def accepts(self, view: ActorView, utility: float, crosses_hard_line: bool) -> bool:
        """Whether the actor says yes to a package worth ``utility`` to it (as it perceives)."""
        ...


@runtime_checkable
class ProposalPolicy(Protocol):
    """Chooses the package the actor puts on the table when it is its turn."""

    name: ClassVar[str]

    def propose(self, view: ActorView) -> int | None:
        """A package number, or None when nothing can be proposed."""
        ...


@runtime_checkable
class WalkoutPolicy(Protocol):
    """Decides whether the actor leaves the table.

    It may also give its word, with an optional method
    ``earliest_walkout(view) -> float``: the first round at which it could
    leave (``math.inf``: not while nothing changes). The agent does not ask it
    again before that round while ``view.version`` stays the same; every
    change (an event, a walk-out, a new phase) bumps the version, and then it
    is asked again. A policy without the method is asked every round.
    """

    name: ClassVar[str]

    def walks_out(self, view: ActorView) -> bool:
        """Whether the actor leaves this round (it does not come back)."""
        ...


@runtime_checkable
class ExitPolicy(Protocol):
    """Decides whether a coalition partner leaves the government over a deal."""

    name: ClassVar[str]

    def exits(self, view: ActorView, crosses_hard_line: bool) -> bool:
        """Whether the partner leaves the government over the agreed package."""
        ...

    def threatens(self, view: ActorView) -> bool:
        """Whether the partner announces it will leave over the package on the table."""
        ...

    def leaves(self, crossed: np.ndarray, depth: np.ndarray) -> np.ndarray:
        """``[packages]`` the packages it would leave over (what its leader counts on).

        Args:
            crossed: where the package crosses one of its active hard red lines.
            depth: how far the package crosses them, in [0, 1] (:mod:`sim.audience`).
        """
        ...


CONTRACTS: dict[str, type] = {
    "concession": ConcessionTactic,
    "response": ResponsePolicy,
    "proposal": ProposalPolicy,
    "walkout": WalkoutPolicy,
    "exit": ExitPolicy,
}
"""The protocol each kind of policy follows."""
