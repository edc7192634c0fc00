"""Policies: the decisions actors make, as small classes registered by name."""

# the policy modules register themselves on import
from sim.policies import concession, decisions, proposal, subgame  # noqa: E402, F401, I001
from sim.policies.base import (
    CONTRACTS,
    ConcessionTactic,
    ExitPolicy,
    Policy,
    PolicyError,
    ProposalPolicy,
    ResponsePolicy,
    WalkoutPolicy,
)
from sim.policies.registry import (
    DEFAULTS,
    KINDS,
    classes,
    concession_names,
    names,
    policy,
    policy_class,
    register,
)
from sim.policies.view import ActorView, RoundRecord

__all__ = [
    "CONTRACTS",
    "DEFAULTS",
    "KINDS",
    "ActorView",
    "ConcessionTactic",
    "ExitPolicy",
    "Policy",
    "PolicyError",
    "ProposalPolicy",
    "ResponsePolicy",
    "RoundRecord",
    "WalkoutPolicy",
    "classes",
    "concession_names",
    "names",
    "policy",
    "policy_class",
    "register",
]
