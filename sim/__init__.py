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

# the layers built on the engine (imported last: they import the engine)
from sim.analysis import analyze  # noqa: E402
from sim.experiments import (  # noqa: E402
    Executor,
    ExperimentError,
    Summary,
    compare_scenarios,
    make_executor,
    run_ensemble,
    run_sensitivity,
    run_sweep,
    summarize,
)
from sim.experiments.discovery import discover  # noqa: E402
from sim.experiments.progressive import chunk_size, ensemble_in_chunks, warm_up  # noqa: E402
from sim.forecast import forecast_scenario  # noqa: E402
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
from sim.simulate import simulate

__version__ = "0.1.0"

__all__ = [
    "Executor",
    "ExperimentError",
    "Summary",
    "chunk_size",
    "discover",
    "ensemble_in_chunks",
    "make_executor",
    "warm_up",
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
