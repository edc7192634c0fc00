"""Small hand-written games the tests share (hypothesis builders are in property.py)."""

from __future__ import annotations


def split_ten(
    name: str,
    outside: list[dict],
    rounds: int,
    b_reservation: float = 0.2,
    **b: object,
) -> dict:
    """Parties A (ideal 10) and B (ideal 0) split ten, mediated; ``outside`` actors join them.

    Args:
        name: the scenario's name.
        outside: actors besides the two parties (a partner, a patron, a spoiler).
        rounds: the protocol's rounds.
        b_reservation: B's reservation (A's is 0.2).
        b: more fields of B.
    """
    return {
        "name": name,
        "issues": [{"id": "share", "kind": "integer", "min": 0, "max": 10}],
        "actors": [
            {"id": "a", "name": "A", "salience": {"share": 1},
             "values": {"share": {"ideal": 10}}, "reservation": 0.2},
            {"id": "b", "name": "B", "salience": {"share": 1},
             "values": {"share": {"ideal": 0}}, "reservation": b_reservation, **b},
            *outside,
        ],
        "parties": [{"actor": "a"}, {"actor": "b"}],
        "protocol": {"name": "mediated", "rounds": rounds},
    }  # fmt: skip
