"""Policies: the decisions actors make, as small classes registered by name."""

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
