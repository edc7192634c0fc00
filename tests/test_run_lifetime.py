"""Finished runs let go of their memory: an ensemble of many runs must not pile them up."""

from __future__ import annotations

import gc
import weakref

import sim
from sim.model import NegotiationModel


def _models_in_memory() -> int:
    return sum(isinstance(o, NegotiationModel) for o in gc.get_objects())


def test_simulate_frees_its_model_without_the_cyclic_collector(baseline):
    gc.collect()
    before = _models_in_memory()
    gc.disable()
    try:
        for seed in range(3):
            sim.simulate(baseline, seed=seed)
        assert _models_in_memory() == before
    finally:
        gc.enable()


def test_a_finished_model_built_by_hand_can_be_collected(baseline):
    model = NegotiationModel(baseline, seed=0)
    model.run()
    assert model.game.effective.shape[1] == 7776  # still usable after the run
    alive = weakref.ref(model)
    del model
    gc.collect()
    assert alive() is None
