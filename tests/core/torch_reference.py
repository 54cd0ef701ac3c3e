"""Compare our optimizers with torch.optim, step by step and over whole runs (float64).

torch is a test dependency only. Both sides see the same numpy gradients; torch gets
them through ``param.grad``. A ``(N, 2)`` torch parameter is N independent rows
because every torch.optim rule used here is elementwise.
"""

from __future__ import annotations

import numpy as np
import torch

import optimizers as opt

torch.set_default_dtype(torch.float64)  # torch keeps some scalar state in the default dtype

STEP_RTOL = 1e-12  # one update from the same params
RUN_RTOL = 1e-10   # whole runs, first RUN_STEPS steps
RUN_STEPS = 20

# The largest relative error each optimizer (by name) has shown so far, step-wise and over
# runs: {"adam": {"step": 3e-16, "run": 1e-14}}. For reports; the asserts do not read it.
WORST_ERRORS: dict = {}


def _note_error(name: str, kind: str, error: np.ndarray, scale: np.ndarray) -> None:
    if error.size:
        worst = float(np.max(error / scale))
        record = WORST_ERRORS.setdefault(name, {"step": 0.0, "run": 0.0})
        record[kind] = max(record[kind], worst)


def _scale(*arrays: np.ndarray) -> np.ndarray:
    """Each row's size, max |coordinate| over the given points, broadcast to ``(N, 2)``.

    Errors are relative to the size of the point, not of each coordinate: a coordinate
    converging to 0 (two_wells has y = 0 at its minima) would otherwise turn ulp-level
    differences in the optimizer state (torch fuses multiply-adds, numpy does not) into
    large "relative" errors.
    """
    size = np.maximum.reduce([np.abs(a).max(axis=-1, keepdims=True) for a in arrays])
    return np.broadcast_to(np.maximum(size, 1e-300), arrays[0].shape)


def _torch_param(starts) -> torch.nn.Parameter:
    return torch.nn.Parameter(torch.tensor(np.asarray(starts, dtype=np.float64)))



def assert_steps_match_torch(ours: opt.Optimizer, torch_cls, torch_kwargs: dict, fn,
                             starts, steps: int = 200, min_steps: int = 1) -> int:
    """Walk torch's own path; at each point our ``update`` must give torch's next point.

    Returns the number of steps compared (the walk stops at the first non-finite point).
    """
    param = _torch_param(starts)
    torch_opt = torch_cls([param], **torch_kwargs)
    params = param.detach().numpy().copy()
    state = ours.init(params)
    compared = 0
    with np.errstate(all="ignore"):
        for step in range(steps):
            params = param.detach().numpy().copy()
            grads = fn.grad(params)
            value = fn.value(params)
            if not (np.isfinite(params).all() and np.isfinite(grads).all() and np.isfinite(value).all()):
                break
            updates, state = ours.update(grads, state, params, value)
            mine = params + updates
            param.grad = torch.tensor(grads)
            torch_opt.step()
            theirs = param.detach().numpy()
            if not np.isfinite(theirs).all():
                break
            error = np.abs(mine - theirs)
            _note_error(ours.name, "step", error, _scale(mine, theirs, params))
            bound = STEP_RTOL * _scale(mine, theirs, params)
            if not (error <= bound).all():
                worst = np.unravel_index(np.argmax(error / bound), error.shape)
                raise AssertionError(
                    f"{ours.name} step {step}: ours {mine[worst[0]]} vs torch {theirs[worst[0]]} "
                    f"from {params[worst[0]]} (relative error {error[worst] / _scale(mine, theirs, params)[worst]:.3e})")
            compared += 1
    assert compared >= min_steps, f"only {compared} steps were finite; choose tamer settings"
    return compared


def assert_run_matches_torch(ours: opt.Optimizer, torch_cls, torch_kwargs: dict, fn,
                             starts, steps: int = RUN_STEPS) -> None:
    """``opt.run`` and a plain torch loop agree to ``RUN_RTOL`` over the first ``steps``."""
    trajectory = opt.run(ours, fn, starts, steps)
    param = _torch_param(starts)
    torch_opt = torch_cls([param], **torch_kwargs)
    with np.errstate(all="ignore"):
        for step in range(1, steps + 1):
            params = param.detach().numpy()
            param.grad = torch.tensor(fn.grad(params.copy()))
            torch_opt.step()
            theirs = param.detach().numpy()
            if not np.isfinite(theirs).all():
                break
            mine = trajectory.points[step]
            alive = np.isfinite(mine).all(axis=1)
            error = np.abs(mine[alive] - theirs[alive])
            _note_error(ours.name, "run", error, _scale(mine[alive], theirs[alive]))
            bound = RUN_RTOL * _scale(mine[alive], theirs[alive])
            assert (error <= bound).all(), (
                f"{ours.name} run step {step}: ours {mine} vs torch {theirs}")


def torch_points_with_schedule(torch_cls, schedule, fn, starts, steps: int, **torch_kwargs) -> np.ndarray:
    """torch's points ``(steps+1, N, 2)`` with the group's lr set to ``schedule(count)`` before each step."""
    param = _torch_param(starts)
    torch_opt = torch_cls([param], lr=schedule(0), **torch_kwargs)
    points = [param.detach().numpy().copy()]
    for count in range(steps):
        torch_opt.param_groups[0]["lr"] = schedule(count)
        param.grad = torch.tensor(fn.grad(param.detach().numpy().copy()))
        torch_opt.step()
        points.append(param.detach().numpy().copy())
    return np.stack(points)
