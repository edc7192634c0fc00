"""Write a scenario back to YAML that the loader reads to an equal scenario."""

from __future__ import annotations

import io

from ruamel.yaml import YAML

from sim.scenario.schema import Scenario


def scenario_to_yaml(scenario: Scenario) -> str:
    """A validated scenario as YAML text, fields at their defaults left out.

    The model is dumped in Python mode, so integer option keys (``{0: 0.6}``)
    stay integers as the loader reads them.
    """
    return yaml_text(scenario.model_dump(by_alias=True, exclude_defaults=True))


def yaml_text(data: dict) -> str:
    """Plain scenario data as YAML text, laid out as the scenario files are."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
