"""dealsim: political actors bargain over the components of a deal.

Load a scenario, run it once with a seed, look at the outcome and its trace::

    import sim
    scenario = sim.load_scenario("scenarios/baseline.yaml")
    outcome = sim.simulate(scenario, seed=1, trace=True)
    softer = sim.with_red_line(scenario, "smotrich-no-state-hint", active=False)
    table = sim.run_ensemble(softer, runs=1000, seed=1)
    print(sim.summarize(table, softer).to_dict()["deal_rate"])
    print(sim.analyze(softer).to_dict()["nash"])
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sim.scenario.registries import REGISTRIES as _REGISTRIES

# the scenario layer imports nothing above it: the engine tells it which policies and
# protocols exist, when a scenario is first checked (so `import sim` stays quick)
_REGISTRIES.fill_with(lambda: importlib.import_module("sim.names"))

_EXPORTS = {
    "Game": "sim.game",
    "NegotiationModel": "sim.model",
    "Outcome": "sim.record",
    "OutcomeSpace": "sim.outcomes",
    "ParameterError": "sim.scenario",
    "Scenario": "sim.scenario",
    "ScenarioError": "sim.scenario",
    "analyze": "sim.analysis",
    "compare_scenarios": "sim.experiments",
    "forecast_scenario": "sim.forecast",
    "load_scenario": "sim.scenario",
    "load_scenario_text": "sim.scenario",
    "read_parameter": "sim.scenario",
    "run_ensemble": "sim.experiments",
    "run_sensitivity": "sim.experiments",
    "run_sweep": "sim.experiments",
    "simulate": "sim.simulation",
    "summarize": "sim.experiments",
    "with_parameters": "sim.scenario",
    "with_red_line": "sim.scenario",
}
"""Public names and the modules that define them, imported when first used."""

if TYPE_CHECKING:
    from sim.analysis import analyze
    from sim.experiments import (
        compare_scenarios,
        run_ensemble,
        run_sensitivity,
        run_sweep,
        summarize,
    )
    from sim.forecast import forecast_scenario
    from sim.game import Game
    from sim.model import NegotiationModel
    from sim.outcomes import OutcomeSpace
    from sim.record import Outcome
    from sim.scenario import (
        ParameterError,
        Scenario,
        ScenarioError,
        load_scenario,
        load_scenario_text,
        read_parameter,
        with_parameters,
        with_red_line,
    )
    from sim.simulation import simulate


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sim' has no attribute '{name}'")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__version__ = "0.1.0"

__all__ = [
    "Game",
    "NegotiationModel",
    "Outcome",
    "OutcomeSpace",
    "ParameterError",
    "Scenario",
    "ScenarioError",
    "__version__",
    "analyze",
    "compare_scenarios",
    "forecast_scenario",
    "load_scenario",
    "load_scenario_text",
    "read_parameter",
    "run_ensemble",
    "run_sensitivity",
    "run_sweep",
    "simulate",
    "summarize",
    "with_parameters",
    "with_red_line",
]
