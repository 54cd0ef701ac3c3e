"""Running an optimizer on a test function from a batch of start points."""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple, Optional

import numpy as np

from .base import Array, Optimizer, as_params, check_number, check_whole_number

STATUS_OK = "ok"
STATUS_DIVERGED = "diverged"
STATUS_ESCAPED = "escaped"
ESCAPE_SCALE = 1e3  # a run has escaped once it is this many domain widths from the domain's centre


class Trajectory(NamedTuple):
    """The iterates of a batched run.

    ``points`` ``(steps+1, N, 2)`` and ``values`` ``(steps+1, N)`` start with the start
    points; ``status[i]`` is ``"ok"``, ``"diverged"`` (a non-finite value appeared) or
    ``"escaped"`` (the run left the box ``ESCAPE_SCALE`` domain widths around the domain);
    ``last_step[i]`` is the index of row ``i``'s last finite point. Every point after it
    is NaN.
    """

    points: Array
    values: Array
    status: Array
    last_step: Array


def _escape_box(domain) -> "tuple[Array, Array]":
    (x_min, x_max), (y_min, y_max) = domain
    centre = np.array([(x_min + x_max) / 2.0, (y_min + y_max) / 2.0])
    half_width = ESCAPE_SCALE * max(x_max - x_min, y_max - y_min)
    return centre - half_width, centre + half_width


def _finite_rows(xy: Array, value: Optional[Array] = None) -> Array:
    """Rows whose coordinates (and value) are all finite; cheaper than ``.all(axis=1)``."""
    finite = np.isfinite(xy[:, 0]) & np.isfinite(xy[:, 1])
    return finite if value is None else finite & np.isfinite(value)


def _outside(xy: Array, low: Array, high: Array) -> Array:
    x, y = xy[:, 0], xy[:, 1]
    return (x < low[0]) | (x > high[0]) | (y < low[1]) | (y > high[1])


class Step(NamedTuple):
    """One step of a batched run, as ``iterate`` yields it."""

    index: int          # 0 for the start points
    params: Array       # (N, 2), this step's points (meaningless where not ``alive``)
    value: Array        # (N,)
    alive: Array        # (N,) bool: rows still running
    status: Array       # (N,) object: "ok", "diverged" or "escaped" so far


def iterate(optimizer: Optimizer, function, starts: Any, steps: int, *,
            noise: float = 0.0, seed: Optional[int] = 0) -> Iterator[Step]:
    """Yield the start points and then each of ``steps`` updates of a batched run.

    This is the loop behind ``run`` (which keeps every step) and ``basins`` (which keeps
    only the last); see ``run`` for the rules on noise, divergence and escape.
    """
    params = as_params(starts).copy()
    steps = check_whole_number("steps", steps)
    noise = check_number("noise", noise, low=0.0)
    rng = np.random.default_rng(seed) if noise > 0.0 else None
    box_low, box_high = _escape_box(function.domain)
    status = np.full(params.shape[0], STATUS_OK, dtype=object)
    with np.errstate(all="ignore"):
        value = function.value(params)
        alive = _finite_rows(params, value)
        status[~alive] = STATUS_DIVERGED
        yield Step(0, params, value, alive, status)
        state = optimizer.init(params)
        for index in range(1, steps + 1):
            if not alive.any():
                return
            grads = function.grad(params)
            if rng is not None:
                grads = grads + noise * rng.standard_normal(grads.shape)
            updates, state = optimizer.update(grads, state, params, value)
            params = params + updates
            value = function.value(params)
            finite = _finite_rows(params, value) & _finite_rows(grads)
            outside = _outside(params, box_low, box_high)
            status[alive & ~finite] = STATUS_DIVERGED
            status[alive & finite & outside] = STATUS_ESCAPED
            alive = alive & finite & ~outside
            yield Step(index, params, value, alive, status)


def run(optimizer: Optimizer, function, starts: Any, steps: int, *,
        noise: float = 0.0, seed: Optional[int] = 0) -> Trajectory:
    """Run ``optimizer`` on ``function`` from each row of ``starts`` for ``steps`` updates.

    Each row is an independent run, and a batched run equals the same rows run one by
    one, bit for bit. ``noise`` adds Gaussian noise of that standard deviation to every
    gradient (a stand-in for stochastic gradients), drawn from
    ``numpy.random.default_rng(seed)``: the same seed and starts give the same run.

    A row whose value, gradient or point stops being finite is ``diverged``; one that
    leaves the escape box is ``escaped``. Either stops that row: later points are NaN.
    Nothing raises and no floating-point warning is emitted because a run blew up.

    >>> import optimizers as opt
    >>> traj = opt.run(opt.OPTIMIZERS["sgd"](lr=0.1), opt.FUNCTIONS["booth"], [[0.0, 0.0]], 50)
    >>> traj.points.shape, traj.status.tolist()
    ((51, 1, 2), ['ok'])
    """
    steps = check_whole_number("steps", steps)
    starts = as_params(starts)
    count = starts.shape[0]
    points = np.full((steps + 1, count, 2), np.nan)
    values = np.full((steps + 1, count), np.nan)
    last_step = np.zeros(count, dtype=np.int64)
    status = np.full(count, STATUS_OK, dtype=object)
    for step in iterate(optimizer, function, starts, steps, noise=noise, seed=seed):
        alive, status = step.alive, step.status
        if alive.all():
            points[step.index] = step.params
            values[step.index] = step.value
        else:
            points[step.index][alive] = step.params[alive]
            values[step.index][alive] = step.value[alive]
        last_step[alive] = step.index
    return Trajectory(points, values, status.astype(str), last_step)
