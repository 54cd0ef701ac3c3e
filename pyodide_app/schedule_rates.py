"""The ``rates`` method: a learning rate's value at every step of a run, for the settings
panel's preview of a schedule (the page draws it; Python's ``optimizers.schedules`` computes it,
so the page restates no schedule's formula)."""

from __future__ import annotations

from typing import Any, Dict

import numpy as np

from optimizers.settings.check import schedule_of

from .checks import check_object, check_whole
from .limits import MAX_STEPS


def rates(args: Any) -> Dict[str, Any]:
    """``{lr: a number or a schedule's dict, steps}`` -> ``{rates: Float64Array}``: the rate of
    update 0 .. steps - 1 (``schedule(count)``, count the updates already made)."""
    spec = check_object("rates' arguments", args, required=("lr", "steps"))
    schedule = schedule_of(spec["lr"], "lr")
    steps = check_whole("steps", spec["steps"], 1, MAX_STEPS)
    return {"rates": np.array([schedule(count) for count in range(steps)], dtype=np.float64)}
