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
# what the dashboard uses besides (it calls nothing else of sim)
from sim.analysis import (
    Analysis,  # noqa: E402
    analyze,  # noqa: E402
)
from sim.experiments import (  # noqa: E402  # noqa: E402
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
from sim.experiments.compare import compare_tables  # noqa: E402
from sim.experiments.discovery import (  # noqa: E402
    Discovery,
    discover,  # noqa: E402
    outcome_mask,
)
from sim.experiments.progressive import chunk_size, ensemble_in_chunks, warm_up  # noqa: E402
from sim.experiments.runner import with_fixed_parameters  # noqa: E402
from sim.experiments.sensitivity import point_count as sensitivity_points  # noqa: E402
from sim.experiments.sweep import parse_grid  # noqa: E402
from sim.forecast import (
    forecast_beside_bargaining,  # noqa: E402
    forecast_scenario,  # noqa: E402
)
from sim.game import Game
from sim.model import NegotiationModel
from sim.outcomes import OutcomeSpace
from sim.policies import concession_names, policy  # noqa: E402
from sim.protocols import protocol_names  # noqa: E402
from sim.record import Outcome
from sim.scenario import (
    ParameterError,
    Scenario,
    ScenarioError,
    load_scenario,
    load_scenario_text,
    read_parameter,
    scenario_to_yaml,  # noqa: E402
    with_parameters,
    with_red_line,
)
from sim.scenario.evidence import Cited, cited, normalise, sentence_span, source_texts  # noqa: E402
from sim.scenario.schema import Issue  # noqa: E402
from sim.scenario.variants import names_a_base  # noqa: E402
from sim.simulate import simulate

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Cited",
    "Discovery",
    "Issue",
    "cited",
    "compare_tables",
    "concession_names",
    "forecast_beside_bargaining",
    "names_a_base",
    "normalise",
    "outcome_mask",
    "parse_grid",
    "policy",
    "protocol_names",
    "replay_run",
    "run_seed",
    "scenario_to_yaml",
    "sensitivity_points",
    "sentence_span",
    "source_texts",
    "with_fixed_parameters",
    "write_parquet",
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
