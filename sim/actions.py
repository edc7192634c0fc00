"""Actors' actions: what an actor (an outside spoiler, a patron, a party) may do in a round.

An action (``actors[].actions`` in YAML) may happen in any round of its window,
with its probability, at most once unless it repeats; one tied to one of the
actor's hard red lines (``when_crossed``) may happen only while the package last
put on the table crosses that line. Its effects apply at the start of the round,
as an event's do. The draws come from the model's RNG in a fixed order (actors,
then their actions, as written), so the same seed gives the same actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.scenario.schema import Effect

if TYPE_CHECKING:
    from sim.model import NegotiationModel


def actions_due(model: NegotiationModel, t: int) -> list[Effect]:
    """The effects of the actions that happen in round t; each is noted in ``actions_taken``."""
    effects: list[Effect] = []
    crossings = model.game.preferences.crossings
    table = model.last_proposal
    for actor_id, action in model.actions:
        if t < action.first_round or (action.last_round is not None and t > action.last_round):
            continue
        if not action.repeat and any(
            taken.startswith(f"{actor_id}/{action.id}@") for taken in model.actions_taken
        ):
            continue
        if action.when_crossed is not None and (
            table is None or not crossings[action.when_crossed][table]
        ):
            continue
        if model.rng.random() < action.probability:
            model.actions_taken.append(f"{actor_id}/{action.id}@{t}")
            effects.extend(action.effects)
    return effects
