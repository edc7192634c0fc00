"""Scenarios: the file format, loading with located errors, variants of a base, editing in code."""

from sim.scenario.edit import ParameterError, read_parameter, with_parameters, with_red_line
from sim.scenario.loader import ScenarioError, load_scenario, load_scenario_text
from sim.scenario.schema import Scenario
from sim.scenario.writer import scenario_to_yaml

__all__ = [
    "ParameterError",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "load_scenario_text",
    "read_parameter",
    "scenario_to_yaml",
    "with_parameters",
    "with_red_line",
]
