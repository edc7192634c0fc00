"""Tell the scenario layer which policies and protocols exist (run when ``sim`` is imported).

:mod:`sim.scenario` is the bottom layer: it checks names through
:class:`sim.scenario.registries.Registries` and never imports the engine. This
module, one layer up, fills those registries from the engine's own.
"""

from __future__ import annotations

import inspect
from typing import Any

from sim.policies.registry import KINDS, classes
from sim.protocols import PROTOCOLS
from sim.scenario.registries import PROTOCOL, REGISTRIES, Registries


def fill(registries: Registries = REGISTRIES) -> Registries:
    """Register every policy (by kind) and every protocol; returns ``registries``."""
    for kind in KINDS:
        for cls in classes(kind):
            if isinstance(getattr(cls, "parameters", None), dict):  # a sim.policies.Policy
                registries.add(kind, cls.name, cls.parameters, False, cls.bounds)  # type: ignore[attr-defined]
                continue
            parameters, any_parameters = parameters_of(cls)
            registries.add(kind, cls.name, parameters, any_parameters)  # type: ignore[attr-defined]
    for name in PROTOCOLS:
        registries.add(PROTOCOL, name)
    return registries


def parameters_of(cls: type) -> tuple[dict[str, Any], bool]:
    """A policy class's parameters with their defaults, and whether it takes any (``**kwargs``).

    A default is the attribute of that name on an object made with no arguments
    (``Boulware().beta`` is 0.2 where the signature says None), else the signature's.
    """
    own = list(inspect.signature(cls).parameters.values())
    any_parameters = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in own)
    named = [
        p
        for p in own
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    ]
    try:
        made: Any = cls()
    except TypeError:  # a required parameter: no object without it
        made = None
    parameters = {}
    for p in named:
        default = None if p.default is inspect.Parameter.empty else p.default
        parameters[p.name] = getattr(made, p.name, default) if made is not None else default
    return parameters, any_parameters


fill()
