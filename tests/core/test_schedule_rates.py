"""The ``rates`` method (the settings panel's preview of a learning-rate schedule): every step's
rate is the core schedule's own, and bad arguments are refused in plain words."""

from __future__ import annotations

import numpy as np
import pytest

from optimizers import schedules
from pyodide_app import api


@pytest.mark.parametrize("lr, schedule", [
    (0.01, schedules.Constant(0.01)),
    ({"kind": "step", "init": 0.1, "step_size": 30, "gamma": 0.5}, schedules.Step(0.1, 30, 0.5)),
    ({"kind": "exponential", "init": 0.1, "gamma": 0.99}, schedules.Exponential(0.1, 0.99)),
    ({"kind": "cosine", "init": 0.1, "decay_steps": 80, "final": 0.001}, schedules.Cosine(0.1, 80, 0.001)),
    ({"kind": "linear_warmup", "peak": 0.1, "warmup_steps": 20, "start": 0.0,
      "after": {"kind": "exponential", "init": 0.1, "gamma": 0.97}},
     schedules.LinearWarmup(0.1, 20, 0.0, schedules.Exponential(0.1, 0.97))),
])
def test_rates_are_the_schedules_own_at_every_step(lr, schedule):
    rates = api.METHODS["rates"]({"lr": lr, "steps": 120})["rates"]
    assert rates.dtype == np.float64 and rates.shape == (120,)
    assert rates.tolist() == [schedule(count) for count in range(120)]


@pytest.mark.parametrize("args, words", [
    ({"lr": {"kind": "nope"}, "steps": 3}, "unknown schedule kind"),
    ({"lr": -1, "steps": 3}, "lr"),
    ({"lr": 0.1, "steps": 0}, "steps"),
    ({"lr": 0.1}, "steps"),
])
def test_bad_arguments_are_refused_in_words(args, words):
    with pytest.raises(ValueError, match=words):
        api.METHODS["rates"](args)
