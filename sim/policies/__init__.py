"""Policies: the decisions actors make, as small classes registered by name."""

# the policy modules register themselves on import
from sim.policies import concession, decisions, proposal  # noqa: E402, F401, I001
from sim.policies.registry import classes, concession_names, names, policy, register
from sim.policies.view import NegotiationView, ProposerView

__all__ = [
    "NegotiationView",
    "ProposerView",
    "classes",
    "concession_names",
    "names",
    "policy",
    "register",
]
