"""dealsim: political actors bargain over the components of a deal.

Load a scenario, run it once with a seed, look at the outcome and its trace::

    import sim
    scenario = sim.load_scenario("scenarios/baseline.yaml")
    outcome = sim.simulate(scenario, seed=1, trace=True)
    softer = sim.with_red_line(scenario, "smotrich-no-state-hint", active=False)
"""

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
    "Game",
    "NegotiationModel",
    "Outcome",
    "OutcomeSpace",
    "ParameterError",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "load_scenario_text",
    "read_parameter",
    "simulate",
    "with_parameters",
    "with_red_line",
]
