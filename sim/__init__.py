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
    "Analysis": "sim.analysis",
    "analyze": "sim.analysis",
    "Executor": "sim.experiments",
    "ExperimentError": "sim.experiments",
    "Summary": "sim.experiments",
    "compare_scenarios": "sim.experiments",
    "make_executor": "sim.experiments",
    "replay_run": "sim.experiments",
    "run_ensemble": "sim.experiments",
    "run_seed": "sim.experiments",
    "run_sensitivity": "sim.experiments",
    "run_sweep": "sim.experiments",
    "summarize": "sim.experiments",
    "write_parquet": "sim.experiments",
    "compare_tables": "sim.experiments.compare",
    "Discovery": "sim.experiments.discovery",
    "discover": "sim.experiments.discovery",
    "outcome_mask": "sim.experiments.discovery",
    "chunk_size": "sim.experiments.progressive",
    "ensemble_in_chunks": "sim.experiments.progressive",
    "warm_up": "sim.experiments.progressive",
    "with_fixed_parameters": "sim.experiments.runner",
    "sensitivity_points": "sim.experiments.sensitivity:point_count",
    "parse_grid": "sim.experiments.sweep",
    "forecast_beside_bargaining": "sim.forecast",
    "forecast_scenario": "sim.forecast",
    "Game": "sim.game",
    "NegotiationModel": "sim.model",
    "OutcomeSpace": "sim.outcomes",
    "concession_names": "sim.policies",
    "policy": "sim.policies",
    "protocol_names": "sim.protocols",
    "Outcome": "sim.record",
    "ParameterError": "sim.scenario",
    "Scenario": "sim.scenario",
    "ScenarioError": "sim.scenario",
    "load_scenario": "sim.scenario",
    "load_scenario_text": "sim.scenario",
    "read_parameter": "sim.scenario",
    "scenario_to_yaml": "sim.scenario",
    "with_parameters": "sim.scenario",
    "with_red_line": "sim.scenario",
    "Cited": "sim.scenario.evidence",
    "cited": "sim.scenario.evidence",
    "normalise": "sim.scenario.evidence",
    "sentence_span": "sim.scenario.evidence",
    "source_texts": "sim.scenario.evidence",
    "DEFERRED": "sim.scenario.schema",
    "Issue": "sim.scenario.schema",
    "names_a_base": "sim.scenario.variants",
    "simulate": "sim.simulation",
}
"""Public names and where they live (``module`` or ``module:name``), imported when first used."""

if TYPE_CHECKING:
    from sim.analysis import Analysis, analyze
    from sim.experiments import (
        Executor,
        ExperimentError,
        Summary,
        compare_scenarios,
        make_executor,
        replay_run,
        run_ensemble,
        run_seed,
        run_sensitivity,
        run_sweep,
        summarize,
        write_parquet,
    )
    from sim.experiments.compare import compare_tables
    from sim.experiments.discovery import Discovery, discover, outcome_mask
    from sim.experiments.progressive import chunk_size, ensemble_in_chunks, warm_up
    from sim.experiments.runner import with_fixed_parameters
    from sim.experiments.sensitivity import point_count as sensitivity_points
    from sim.experiments.sweep import parse_grid
    from sim.forecast import forecast_beside_bargaining, forecast_scenario
    from sim.game import Game
    from sim.model import NegotiationModel
    from sim.outcomes import OutcomeSpace
    from sim.policies import concession_names, policy
    from sim.protocols import protocol_names
    from sim.record import Outcome
    from sim.scenario import (
        ParameterError,
        Scenario,
        ScenarioError,
        load_scenario,
        load_scenario_text,
        read_parameter,
        scenario_to_yaml,
        with_parameters,
        with_red_line,
    )
    from sim.scenario.evidence import Cited, cited, normalise, sentence_span, source_texts
    from sim.scenario.schema import DEFERRED, Issue
    from sim.scenario.variants import names_a_base
    from sim.simulation import simulate


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sim' has no attribute '{name}'")
    module, _, attribute = _EXPORTS[name].partition(":")
    value = getattr(importlib.import_module(module), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Analysis",
    "Cited",
    "DEFERRED",
    "Discovery",
    "Executor",
    "ExperimentError",
    "Game",
    "Issue",
    "NegotiationModel",
    "Outcome",
    "OutcomeSpace",
    "ParameterError",
    "Scenario",
    "ScenarioError",
    "Summary",
    "analyze",
    "chunk_size",
    "cited",
    "compare_scenarios",
    "compare_tables",
    "concession_names",
    "discover",
    "ensemble_in_chunks",
    "forecast_beside_bargaining",
    "forecast_scenario",
    "load_scenario",
    "load_scenario_text",
    "make_executor",
    "names_a_base",
    "normalise",
    "outcome_mask",
    "parse_grid",
    "policy",
    "protocol_names",
    "read_parameter",
    "replay_run",
    "run_ensemble",
    "run_seed",
    "run_sensitivity",
    "run_sweep",
    "scenario_to_yaml",
    "sensitivity_points",
    "sentence_span",
    "simulate",
    "source_texts",
    "summarize",
    "warm_up",
    "with_fixed_parameters",
    "with_parameters",
    "with_red_line",
    "write_parquet",
]
