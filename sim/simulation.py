"""Run one seeded simulation of a scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.memo import unchanged_objects
from sim.model import NegotiationModel
from sim.outcomes import OutcomeSpace
from sim.record import Outcome
from sim.scenario.schema import Scenario


def simulate(
    scenario: Scenario,
    seed: int | np.random.SeedSequence | None = 0,
    *,
    protocol: str | None = None,
    trace: bool = False,
    space: OutcomeSpace | None = None,
) -> Outcome:
    """Play a scenario once.

    Args:
        scenario: a validated scenario (see :func:`sim.load_scenario`).
        seed: an int, or a ``SeedSequence`` (as ensembles use); the same seed
            gives the same outcome.
        protocol: override the scenario's protocol (``mediated``, ``alternating``).
        trace: also return the per-round trace (``outcome.trace``, a DataFrame
            with a row per round and party).
        space: a ready outcome space of the scenario's issues, to skip enumerating it.

    Returns:
        The outcome record.
    """
    with unchanged_objects():  # nothing changes the scenario in place during the run
        model = NegotiationModel(
            scenario, seed=seed, protocol=protocol, record_trace=trace, space=space
        )
        outcome = model.run()
    if trace:
        object.__setattr__(outcome, "trace", pd.DataFrame(model.trace_rows))
    # A Mesa model refers to itself (its wrapped step method, its agents), so only the
    # cyclic garbage collector would free it, and that runs rarely: an ensemble would
    # hold dozens of finished runs' arrays. Nothing outside sees this model; free it now.
    for agent in model.actor_agents.values():
        agent.__dict__.clear()  # an agent and its view refer to each other
    model.__dict__.clear()
    return outcome
