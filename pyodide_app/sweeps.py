"""The ``sweep`` method: one optimizer from one start at many values of one setting, as a job.

``sweep_job(args)`` checks the whole request and builds every value's optimizer at once (a bad
request, or a value the optimizer refuses, raises ``ValueError`` before any work), then yields
the share of the runs done and returns the reply; ``sweep(args)`` drives it to its end. The
values are ``optimizers.sweep.sweep_values`` of the range asked for, spaced as the setting's
schema says (``scale``: log or linear); each value's run is ``optimizers.run``'s, and how it
ended ``optimizers.outcomes``' rule for the request's view.

args  = {function, start: [x, y], view?, noise?, run: {key?, optimizer, hyperparams?, steps},
         setting: ["lr"] | ["betas", 1] | ["inner_hyperparams", "lr"], low, high, count, part?: [first, end]}
``part`` (for the page's pool of workers): only the values ``first..end-1`` of the ``count`` are run
and replied (the whole request is still checked); each value's run is independent of the others,
so the parts side by side equal the whole sweep, bit for bit. The value then has ``part`` too.
value = {key, optimizer, setting, scale, values: Float64Array(V), steps,
         final_loss: Float64Array(V), distance: Float64Array(V) (NaN without minima),
         last_step: [int] * V, status: [str] * V, outcomes: [{kind, minimum, global, at, step}] * V,
         points: Float64Array(V * (steps + 1) * 2), losses: Float64Array(V * (steps + 1)), seconds}
``points`` holds value ``i``'s path at ``[i * (steps + 1) * 2, (i + 1) * (steps + 1) * 2)`` (step, xy),
``losses`` its f at each step; NaN after a run's last finite point.
"""

from __future__ import annotations

import time
from typing import Any, Dict, Generator

import numpy as np

from optimizers import sweep as sweeps
from optimizers.trajectory import run_to_end, timed

from .checks import (build_optimizer, check_function, check_list, check_noise, check_number, check_object,
                     check_point, check_view, check_whole, kind_of)
from .limits import MAX_POINTS_PER_CALL, MAX_STEPS, RUN_YIELD_STEPS
from .run_outcomes import outcome_records


def check_path(value: Any) -> list:
    """A swept setting's path: a name, then a tuple's index or an inner optimizer's setting."""
    items = check_list("setting", value, 1, 3)
    for i, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise ValueError(f"setting[{i}] must be a name or an index, got {kind_of(item)}")
    if not isinstance(items[0], str):
        raise ValueError("a swept setting's path starts with the setting's name")
    return list(items)


def sweep_job(args: Any) -> Generator[float, None, Dict[str, Any]]:
    """``sweep`` as a job: checks now, then yields the share of the runs done (every
    ``RUN_YIELD_STEPS`` steps of a run, and after each value) and returns the reply."""
    spec = check_object("sweep's arguments", args, required=("function", "start", "run", "setting", "low", "high",
                                                              "count"), optional=("view", "noise", "part"))
    function = check_function(spec["function"])
    view = check_view(spec.get("view"), function)
    start = check_point("start", spec["start"])
    noise = check_noise(spec.get("noise"))
    run = check_object("sweep's run", spec["run"], required=("optimizer", "steps"), optional=("key", "hyperparams"))
    optimizer_id = run["optimizer"]
    build_optimizer(optimizer_id, run.get("hyperparams"))          # the optimizer and its settings, as they are
    hyperparams = dict(run.get("hyperparams") or {})
    steps = check_whole("steps", run["steps"], 0, MAX_STEPS)
    path = check_path(spec["setting"])
    setting = sweeps.swept_setting(optimizer_id, path, hyperparams)
    count = check_whole("count", spec["count"], 2, sweeps.MAX_VALUES)
    values = sweeps.sweep_values(check_number("low", spec["low"]), check_number("high", spec["high"]), count,
                                 setting.scale or "linear")
    if count * (steps + 1) > MAX_POINTS_PER_CALL:
        raise ValueError(f"{count} runs of {steps} steps would compute {count * (steps + 1):,} points, more than "
                         f"{MAX_POINTS_PER_CALL:,} at once; use fewer values or steps")
    first, end = _check_part(spec.get("part"), count)
    name = ".".join(map(str, path))
    built = {}
    for value in values.tolist():
        try:
            built[value] = build_optimizer(optimizer_id, sweeps.with_value(optimizer_id, hyperparams, path, value))
        except ValueError as error:
            raise ValueError(f"{optimizer_id} cannot run at {name} = {value!r}: {error}") from None
    key = run.get("key", optimizer_id)
    if not isinstance(key, str):
        raise ValueError("a run's key must be text")
    head = {"key": key, "optimizer": optimizer_id, "setting": path, "scale": setting.scale or "linear", "steps": steps,
            **({"part": [first, end]} if spec.get("part") is not None else {})}
    return _sweep_steps(head, built, values[first:end], function, start, steps, noise, view)


def _check_part(part: Any, count: int) -> tuple:
    """``part`` = [first, end] within the sweep's ``count`` values (None: every value)."""
    if part is None:
        return 0, count
    first, end = (check_whole("part", item, 0, count) for item in check_list("part", part, 2, 2))
    if first >= end:
        raise ValueError("part must be [first, end] with first < end")
    return first, end


def _sweep_steps(head, built, values, function, start, steps, noise, view) -> Generator[float, None, Dict[str, Any]]:
    result, seconds = yield from timed(sweeps.iter_sweep(built.__getitem__, values, function, start, steps,
                                                         noise=noise["sigma"], seed=noise["seed"], view=view,
                                                         yield_every=RUN_YIELD_STEPS))
    resumed = time.perf_counter()   # (the reply's making counts too)
    reply = {
        **head,
        "values": np.array(result.values, dtype=np.float64),
        "final_loss": np.array(result.final_loss, dtype=np.float64),
        "distance": np.array(result.distance, dtype=np.float64),
        "last_step": [int(s) for s in result.last_step],
        "status": [str(s) for s in result.status],
        "outcomes": outcome_records(result.outcomes, function, result.last_step),
        "points": np.concatenate([t.points.reshape(-1) for t in result.trajectories]).astype(np.float64),
        "losses": np.concatenate([t.values.reshape(-1) for t in result.trajectories]).astype(np.float64),
    }
    seconds += time.perf_counter() - resumed
    reply["seconds"] = seconds
    return reply


def sweep(args: Any) -> Dict[str, Any]:
    """Sweep one setting of one optimizer from one start; see the module's docstring."""
    return run_to_end(sweep_job(args))
