"""Names a scenario may use, registered by the layers above: policies, protocols.

The scenario layer imports nothing above it, so it cannot ask the engine which
policies or protocols exist. The engine tells it instead: importing ``sim``
fills :data:`REGISTRIES` (see :mod:`sim.names`), and the checks of
:mod:`sim.scenario.references` take a :class:`Registries` (that one by
default). A test or a tool may pass its own.

Every entry is a name of one kind (``concession``, ``proposal``, ``response``,
``walkout``, ``exit``, ``protocol``, ...) with the parameters it takes and
their defaults. :meth:`Registries.check` answers, in one call, "is this a
registered name of kind K, and are these parameters known to it".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.problems import Location, Problem

POLICY_KINDS = ("concession", "proposal", "response", "walkout", "exit")
"""The decisions an actor takes through a policy it holds, one policy per kind."""
PROTOCOL = "protocol"


@dataclass(frozen=True)
class Entry:
    """One registered name.

    Attributes:
        name: the name a scenario writes.
        parameters: the parameters it takes, each with its default (None: none).
        any_parameters: it takes parameters of any name (``**kwargs``).
        bounds: per parameter, its range, inclusive (None: an open end).
    """

    name: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    any_parameters: bool = False
    bounds: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)


class Registries:
    """Registered names by kind, filled by the layer that defines them."""

    def __init__(self) -> None:
        """An empty set of registries."""
        self._kinds: dict[str, dict[str, Entry]] = {}
        self._filler: Callable[[], object] | None = None

    def fill_with(self, filler: Callable[[], object]) -> None:
        """Have ``filler`` (from a layer above) register the names when first asked for any.

        ``import sim`` stays quick: the engine is imported only when a scenario
        is checked.
        """
        self._filler = filler

    def _filled(self) -> dict[str, dict[str, Entry]]:
        filler, self._filler = self._filler, None
        if filler is not None:
            filler()
        return self._kinds

    def add(
        self,
        kind: str,
        name: str,
        parameters: Mapping[str, Any] | None = None,
        any_parameters: bool = False,
        bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
    ) -> None:
        """Register a name of a kind (registering it again replaces it)."""
        entry = Entry(name, dict(parameters or {}), any_parameters, dict(bounds or {}))
        self._kinds.setdefault(kind, {})[name] = entry

    def remove(self, kind: str, name: str) -> None:
        """Forget a registered name (nothing happens if it is not registered)."""
        self._kinds.get(kind, {}).pop(name, None)

    def names(self, kind: str) -> list[str]:
        """Registered names of a kind, sorted."""
        return sorted(self._filled().get(kind, {}))

    def entry(self, kind: str, name: str) -> Entry:
        """The entry of a registered name.

        Raises:
            KeyError: no such name of that kind (the message lists the known ones).
        """
        try:
            return self._filled()[kind][name]
        except KeyError:
            raise KeyError(self._unknown(kind, name)) from None

    def default(self, kind: str, name: str, parameter: str) -> Any:
        """The default of one parameter of a registered name (None when it has none)."""
        return self.entry(kind, name).parameters.get(parameter)

    def check(
        self,
        kind: str,
        name: str,
        parameters: Mapping[str, Any] | None = None,
        at: Location = (),
        name_key: str = "name",
        parameters_key: str | None = "params",
    ) -> list[Problem]:
        """Whether ``name`` is a registered name of ``kind`` that takes ``parameters``.

        Args:
            kind: the kind of name (a policy kind, or ``protocol``).
            name: the name written in the scenario.
            parameters: the parameters written with it (None-valued ones are ignored).
            at: where the spec is in the YAML tree.
            name_key: the key of the name below ``at``.
            parameters_key: the key holding the parameters below ``at`` (None: they sit
                beside the name, as in ``tactic: {name: linear, beta: 2}``).

        Returns:
            The problems, each located: an unknown name at ``at + (name_key,)``, an
            unknown parameter at its own key. Empty when all is well.
        """
        entry = self._filled().get(kind, {}).get(name)
        if entry is None:
            return [Problem((*at, name_key), self._unknown(kind, name))]
        if entry.any_parameters:
            return []
        problems = []
        given = {key: value for key, value in (parameters or {}).items() if value is not None}
        for key, value in given.items():
            where = (*at, parameters_key, key) if parameters_key else (*at, key)
            if key not in entry.parameters:
                takes = ", ".join(sorted(entry.parameters)) or "no parameters"
                problems.append(
                    Problem(where, f"{kind} '{name}' takes no parameter '{key}' (it takes {takes})")
                )
                continue
            if isinstance(value, float) and value != value:
                problems.append(Problem(where, f"{key} must be a number, not NaN"))
                continue
            low, high = entry.bounds.get(key, (None, None))
            if isinstance(value, int | float) and (
                (low is not None and value < low) or (high is not None and value > high)
            ):
                shown = f"[{'-inf' if low is None else low:g}, {'inf' if high is None else high:g}]"
                problems.append(Problem(where, f"{key} = {value:g} is outside {shown}"))
        return problems

    def _unknown(self, kind: str, name: str) -> str:
        known = ", ".join(self.names(kind)) or "none registered"
        return f"unknown {kind} '{name}'; known: {known}"


REGISTRIES = Registries()
"""The registries the loader checks against; importing ``sim`` fills them (:mod:`sim.names`)."""
