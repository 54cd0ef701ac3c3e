"""The ``run`` method: optimizers run from start points, as a job sliced into short steps.

``run_job(args)`` checks the whole request at once (a bad one raises ``ValueError`` before
any work) and returns a generator that yields the share of the work done and returns the
reply; ``run(args)`` drives it to its end in one call, so both give the same reply, bit for
bit (but ``seconds``). A bad entry (unknown optimizer, bad settings or steps) is reported in
that entry and the others still run; an optimizer's own bug too.
"""

from __future__ import annotations

import json
import numbers
import time
from typing import Any, Dict, Generator, List, Mapping

import numpy as np

from optimizers import outcomes
from optimizers.trajectory import iter_run, run_to_end

from .checks import (build_optimizer, check_function, check_list, check_noise, check_object, check_point,
                     check_view, check_whole)
from .limits import (MAX_POINTS_PER_CALL, MAX_POINTS_PER_RUN, MAX_RUNS, MAX_STARTS, MAX_STEPS, RUN_YIELD_STEPS,
                     RUN_YIELD_WORK)
from .models import check_minibatch, minibatch_reply
from .run_outcomes import outcome_records

RECORDABLE = {   # what the page may ask a run to record, with the label it shows for each
    "grad": "Downhill (−gradient)",
    "moment": "−Momentum or first moment",
    "step": "Step taken",
}
RECORD_NAMES = tuple(RECORDABLE)


def check_record(value: Any) -> tuple:
    """A run's ``record``: some of ``RECORD_NAMES`` (a name the optimizer lacks is left out)."""
    if value is None:
        return ()
    names = check_list("record", value, 0, len(RECORD_NAMES))
    for name in names:
        if name not in RECORD_NAMES:
            raise ValueError(f"record may name {', '.join(RECORD_NAMES)}, got {name!r}")
    return tuple(names)


def _plan(entry: Any, count: int) -> Dict[str, Any]:
    """One entry of ``runs``, checked: ``{key, optimizer_id, optimizer, steps, record}``, or
    ``{key, optimizer_id, error}``."""
    key = entry.get("key") if isinstance(entry, Mapping) else None
    optimizer_id = entry.get("optimizer") if isinstance(entry, Mapping) else None
    try:
        spec = check_object("a run", entry, required=("optimizer", "steps"), optional=("key", "hyperparams", "record"))
        if key is not None and not isinstance(key, str):
            raise ValueError("a run's key must be text")
        steps = check_whole("steps", spec["steps"], 0, MAX_STEPS)
        if (steps + 1) * count > MAX_POINTS_PER_RUN:
            raise ValueError(f"{steps} steps from {count} starts is too much for one run "
                             f"(at most {MAX_POINTS_PER_RUN:,} points); use fewer steps or starts")
        record = check_record(spec.get("record"))
        optimizer = build_optimizer(optimizer_id, spec.get("hyperparams"))
    except ValueError as error:
        return {"key": key, "optimizer_id": optimizer_id, "error": str(error)}
    except Exception as error:  # an optimizer's own bug must not sink the other runs
        return {"key": key, "optimizer_id": optimizer_id, "error": f"{type(error).__name__}: {error}"}
    # entries alike in all that the arithmetic reads (a fresh copy of an optimizer, a link's repeats) run once
    try:   # (settings that are not plain JSON, from a CPython caller, are never taken for alike)
        alike = json.dumps([optimizer_id, spec.get("hyperparams"), steps, record], sort_keys=True)
    except (TypeError, ValueError):
        alike = None
    return {"key": key if key is not None else optimizer_id, "optimizer_id": optimizer_id, "optimizer": optimizer,
            "steps": steps, "record": record, "alike": alike}


def _reply(plan: Dict[str, Any], trajectory, function, view, count: int, copy: bool = False) -> Dict[str, Any]:
    """One entry's reply; ``copy``: arrays of its own (the trajectory is another entry's too)."""
    flat = (lambda a: np.array(a, dtype=np.float64).reshape(-1)) if copy else \
        (lambda a: np.ascontiguousarray(a, dtype=np.float64).reshape(-1))
    return {
        "key": plan["key"],
        "optimizer": plan["optimizer_id"],
        "steps": plan["steps"],
        "n": count,
        "points": flat(trajectory.points),
        "values": flat(trajectory.values),
        "status": [str(s) for s in trajectory.status],
        "last_step": [int(s) for s in trajectory.last_step],
        "outcomes": outcome_records(outcomes.run_outcomes(trajectory, function, view), function, trajectory.last_step),
        **({"recorded": {name: flat(vectors)
                         for name, vectors in trajectory.recorded.items()}} if plan["record"] else {}),
    }


def run_job(args: Any) -> Generator[float, None, Dict[str, Any]]:
    """``run`` as a job: checks the request now, then yields the share of the work done
    (about every ``RUN_YIELD_WORK`` start-steps, at most ``RUN_YIELD_STEPS`` steps apart, and
    after each entry) and returns the reply."""
    spec = check_object("run's arguments", args, required=("function", "starts", "runs"), optional=("noise", "view", "minibatch"))
    function = check_function(spec["function"])
    view = check_view(spec.get("view"), function)
    starts = np.array([check_point(f"starts[{i}]", p)
                       for i, p in enumerate(check_list("starts", spec["starts"], 1, MAX_STARTS))], dtype=np.float64)
    noise = check_noise(spec.get("noise"))
    batches = check_minibatch(spec.get("minibatch"), function)
    entries = check_list("runs", spec["runs"], 1, MAX_RUNS)
    total = sum((e["steps"] + 1) * len(starts) for e in entries
                if isinstance(e, Mapping) and isinstance(e.get("steps"), numbers.Real)
                and not isinstance(e.get("steps"), bool) and 0 <= e["steps"] <= MAX_STEPS)
    if total > MAX_POINTS_PER_CALL:
        raise ValueError(f"these runs would compute {total:,} points, more than {MAX_POINTS_PER_CALL:,} at once; "
                         "use fewer steps, starts or optimizers")
    plans = [_plan(entry, len(starts)) for entry in entries]
    return _run_steps(function, view, starts, noise, plans, batches)


def _run_steps(function, view, starts: np.ndarray, noise: Dict[str, Any], plans: List[Dict[str, Any]],
               batches=None) -> Generator[float, None, Dict[str, Any]]:
    seconds = 0.0
    resumed = time.perf_counter()
    count = len(starts)
    yield_every = max(1, min(RUN_YIELD_STEPS, RUN_YIELD_WORK // count))
    work = max(1, sum(plan["steps"] + 1 for plan in plans if "error" not in plan))
    done = 0
    runs = []
    finished_alike = {}   # plan["alike"] -> its trajectory: the same settings, function, starts and noise
    for index, plan in enumerate(plans):
        if "error" in plan:
            runs.append({"key": plan["key"], "optimizer": plan["optimizer_id"], "error": plan["error"]})
            continue
        share = plan["steps"] + 1
        if plan["alike"] is not None and plan["alike"] in finished_alike:
            runs.append({**_reply(plan, finished_alike[plan["alike"]], function, view, count, copy=True),
                         **minibatch_reply(batches)})
            done += share
            continue
        try:
            steps_done = iter_run(plan["optimizer"], function, starts, plan["steps"], noise=noise["sigma"],
                                  seed=noise["seed"], record=plan["record"], yield_every=yield_every,
                                  minibatch=batches)
            while True:
                try:
                    fraction = next(steps_done)
                except StopIteration as finished:
                    trajectory = finished.value
                    break
                seconds += time.perf_counter() - resumed
                yield (done + share * fraction) / work
                resumed = time.perf_counter()
            runs.append({**_reply(plan, trajectory, function, view, count), **minibatch_reply(batches)})
            if plan["alike"] is not None:
                finished_alike[plan["alike"]] = trajectory
        except Exception as error:  # an optimizer's own bug must not sink the other runs
            message = str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
            runs.append({"key": plan["key"], "optimizer": plan["optimizer_id"], "error": message})
        done += share
        if index < len(plans) - 1:
            seconds += time.perf_counter() - resumed
            yield done / work
            resumed = time.perf_counter()
    seconds += time.perf_counter() - resumed
    return {"runs": runs, "seconds": seconds}


def run(args: Any) -> Dict[str, Any]:
    """Run each entry of ``args["runs"]`` from every start point; see ARCHITECTURE.md."""
    return run_to_end(run_job(args))
