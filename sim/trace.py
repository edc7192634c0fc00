"""The per-round trace of a run: one row per round and party, when asked for.

Columns: ``round`` (of its phase, from 0), ``phase``, ``proposer``,
``package``, ``party``, ``required`` (its consent was needed and it had not
walked out), ``threshold`` (its acceptance level), ``utility``,
``effective_utility``, ``crosses_red_line``, ``accepted``, ``reason`` (of a
refusal, in a word: :func:`reason_text`), ``walked_out``, and ``term_<issue>``
for every term of the package on the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.model import NegotiationModel


def trace_row(
    model: NegotiationModel,
    t: int,
    proposer: str,
    package: int,
    k: int,
    asked: bool,
    accepted: bool,
    refused: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """The row of party k (in the game's party order) in round t."""
    game = model.game
    party = game.party_ids[k]
    agent = model.actor_agents[party]
    reason = refused.get(party)
    return {
        "round": t,
        "phase": model.phase,
        "proposer": proposer,
        "package": package,
        "party": party,
        "required": asked and party not in model.walked_out,
        "threshold": agent.level,
        "utility": float(game.utility[k, package]),
        "effective_utility": float(game.effective[k, package]),
        "crosses_red_line": bool(game.refuses[k, package]),
        "accepted": accepted,
        "reason": reason_text(reason) if reason else "",
        "walked_out": party in model.walked_out,
        **{f"term_{issue}": v for issue, v in game.space.terms(package).items()},
    }


def reason_text(reason: dict[str, Any]) -> str:
    """A refusal's reason in a word: ``red_line:<id>``, ``shortfall:<x>`` or ``walked_out``."""
    if "red_line" in reason:
        return f"red_line:{reason['red_line']}"
    if "shortfall" in reason:
        return f"shortfall:{reason['shortfall']:.3f}"
    return "walked_out"
