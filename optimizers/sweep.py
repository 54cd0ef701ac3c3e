"""Sweeps: one optimizer run from one start at many values of one of its settings.

The learning-rate range test people use in training (the loss against the learning rate),
on a 2-D function: for each value of a setting (the learning rate, a momentum, a β), run the
optimizer from the start and keep how the run ended (``optimizers.outcomes``' rule), its final
loss and its distance to the nearest known minimum.

Each value is one run (``optimizers.run``), so a sweep's row equals ``run`` with that value,
bit for bit: the settings are captured by the optimizer's factory as numbers, so the values
cannot be rows of one batch without changing the arithmetic. ``iter_sweep`` is the generator
the page's worker slices (it yields the share done); ``sweep`` drives it to its end.

>>> import optimizers as opt
>>> fn = opt.FUNCTIONS["booth"]
>>> values = sweep_values(1e-3, 1e-1, 3, "log")
>>> result = sweep(lambda lr: opt.OPTIMIZERS["sgd"](lr=lr), values, fn, [0.0, 0.0], 100)
>>> result.outcomes.kinds.tolist()
['still-moving', 'converged', 'converged']
"""

from __future__ import annotations

import math
from typing import Any, Callable, Generator, Mapping, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from . import outcomes as outcome_rule
from .base import Array, Optimizer
from .settings import schedule_schema, settings_schema
from .trajectory import Trajectory, iter_run, run_to_end

DEFAULT_COUNT = 25                     # values in a sweep, unless said otherwise ...
LEARNING_RATE_RANGE = (1e-4, 1.0)      # ... and the learning rate's range (other settings: their slider)
MAX_VALUES = 100                       # the most values one sweep may ask for
SCALES = ("log", "linear")
VALUE_DIGITS = 10                      # significant digits of a swept value


class Sweep(NamedTuple):
    """A sweep's result, one row per value: ``values`` ``(V,)``, ``trajectories`` (one
    ``Trajectory`` of one row per value), ``final_loss`` ``(V,)`` f at each run's last finite
    point, ``distance`` ``(V,)`` from that point to the nearest known minimum (NaN without
    minima), ``last_step`` ``(V,)``, ``status`` ``(V,)`` and ``outcomes`` (``Outcomes``)."""

    values: Array
    trajectories: Tuple[Trajectory, ...]
    final_loss: Array
    distance: Array
    last_step: Array
    status: Array
    outcomes: "outcome_rule.Outcomes"


def sweep_values(low: float, high: float, count: int, scale: str = "log") -> Array:
    """``count`` values from ``low`` to ``high`` (both included): ``numpy.geomspace`` on a log
    scale (``0 < low``), ``numpy.linspace`` on a linear one, each rounded to ``VALUE_DIGITS``
    significant digits (so the browser's Python gives the very same values as CPython's)."""
    if scale not in SCALES:
        raise ValueError(f"a sweep's scale is log or linear, got {scale!r}")
    low, high = float(low), float(high)
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not 2 <= count <= MAX_VALUES:
        raise ValueError(f"a sweep has 2 to {MAX_VALUES} values, got {count!r}")
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"a sweep goes from a lower to a higher finite value, got {low} to {high}")
    if scale == "log":
        if low <= 0:
            raise ValueError(f"a log-spaced sweep starts above 0, got {low}")
        spaced = np.geomspace(low, high, int(count))
    else:
        spaced = np.linspace(low, high, int(count))
    # geomspace's powers may differ by an ulp between libms (Pyodide's and CPython's differ):
    # rounded to VALUE_DIGITS significant digits (CPython's own, correctly rounded formatting), the
    # values are the same float64s everywhere, and short in a table
    values = np.array([float(f"{value:.{VALUE_DIGITS}g}") for value in spaced.tolist()], dtype=np.float64)
    if not np.all(np.diff(values) > 0):
        raise ValueError(f"{low} to {high} is too narrow a range for {count} different values")
    return values


def swept_setting(optimizer_id: str, path: Sequence[Any], hyperparams: Optional[Mapping[str, Any]] = None):
    """The schema's ``Setting`` at ``path`` of optimizer ``optimizer_id``: ``("lr",)``, a tuple's
    item ``("betas", 1)``, or an inner optimizer's ``("inner_hyperparams", "lr")`` (the inner
    optimizer named by ``hyperparams``, else its default). Only number settings can be swept."""
    hyperparams = hyperparams or {}
    path = tuple(path)
    if not 1 <= len(path) <= 3:
        raise ValueError(f"a swept setting is a name, a tuple's item or an inner optimizer's setting, got {list(path)}")
    schema = {s.name: s for s in settings_schema(optimizer_id)}
    setting = schema.get(path[0])
    if setting is None:
        raise ValueError(f"{optimizer_id} has no setting {path[0]!r}")
    rest = path[1:]
    if setting.kind == "optimizer_settings" and rest:
        choice = schema[setting.settings_of]
        inner_id = hyperparams.get(setting.settings_of, choice.default)
        if not isinstance(inner_id, str):
            raise ValueError(f"{optimizer_id}'s inner optimizer must be named to sweep its settings")
        return swept_setting(inner_id, rest, hyperparams.get(path[0]) or {})
    if setting.kind == "tuple" and len(rest) == 1:
        index = rest[0]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(setting.items):
            raise ValueError(f"{optimizer_id}'s {path[0]} has items 0 to {len(setting.items) - 1}, got {index!r}")
        setting, rest = setting.items[index], ()
    if rest or setting.kind != "number":
        raise ValueError(f"{optimizer_id}'s {'.'.join(map(str, path))} is not a number setting, so it cannot be swept")
    return setting


def with_value(optimizer_id: str, hyperparams: Mapping[str, Any], path: Sequence[Any], value: float) -> dict:
    """``hyperparams`` (plain data, as the page sends them) with ``value`` at ``path`` (a new
    dict; a tuple left out starts from its default, an inner optimizer's settings from none).
    A learning rate that is a schedule (``{"kind": ...}``) keeps its shape: its own rate field
    takes the value."""
    path = tuple(path)
    result = dict(hyperparams)
    head = path[0]
    schema = {s.name: s for s in settings_schema(optimizer_id)}
    current = result.get(head, schema[head].default if head in schema else None)
    if len(path) == 1:
        if isinstance(current, Mapping) and "kind" in current:
            field = next((s.name for s in schedule_schema().get(current["kind"], ()) if s.is_learning_rate), None)
            if field is not None:
                result[head] = {**current, field: value}
                return result
        result[head] = value
        return result
    setting = schema[head]
    if setting.kind == "tuple":
        items = list(current)
        items[path[1]] = value
        result[head] = items
        return result
    inner_id = result.get(setting.settings_of, schema[setting.settings_of].default)
    result[head] = with_value(inner_id, current or {}, path[1:], value)
    return result


def iter_sweep(make_optimizer: Callable[[float], Optimizer], values: Any, function, start: Any, steps: int, *,
               noise: float = 0.0, seed: Optional[int] = 0, view=None,
               yield_every: Optional[int] = None) -> Generator[float, None, Sweep]:
    """``sweep`` as a generator: yields the share of the runs done (within a run every
    ``yield_every`` steps, and after each value) and returns the ``Sweep``.

    ``make_optimizer(value)`` builds the optimizer for one value (it may raise ``ValueError``
    for a value the optimizer refuses); each value runs ``iter_run(optimizer, function,
    [start], steps, noise=noise, seed=seed)``, the very run ``optimizers.run`` makes."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    start = np.asarray(start, dtype=np.float64).reshape(1, 2)
    optimizers = [make_optimizer(float(value)) for value in values]   # every value checked before any run
    trajectories = []
    for index, optimizer in enumerate(optimizers):
        steps_done = iter_run(optimizer, function, start, steps, noise=noise, seed=seed, yield_every=yield_every)
        while True:
            try:
                fraction = next(steps_done)
            except StopIteration as finished:
                trajectories.append(finished.value)
                break
            yield (index + fraction) / len(values)
        if index < len(values) - 1:
            yield (index + 1) / len(values)
    return summarise(values, trajectories, function, view)


def summarise(values: Array, trajectories: Sequence[Trajectory], function, view=None) -> Sweep:
    """The ``Sweep`` of ``trajectories`` (one row each, one per value)."""
    last_step = np.array([int(t.last_step[0]) for t in trajectories], dtype=np.int64)
    status = np.array([str(t.status[0]) for t in trajectories])
    ends = np.array([t.points[int(t.last_step[0]), 0] for t in trajectories], dtype=np.float64).reshape(-1, 2)
    final_loss = np.array([t.values[int(t.last_step[0]), 0] for t in trajectories], dtype=np.float64)
    minima = np.asarray(function.minima, dtype=np.float64).reshape(-1, 2)
    if len(minima):
        with np.errstate(invalid="ignore"):
            distance = np.linalg.norm(ends[:, None, :] - minima[None, :, :], axis=-1).min(axis=1)
    else:
        distance = np.full(len(trajectories), np.nan)
    ended = outcome_rule.classify(ends, status, minima, function.domain if view is None else view)
    return Sweep(np.asarray(values, dtype=np.float64), tuple(trajectories), final_loss, distance, last_step, status,
                 ended)


def sweep(make_optimizer: Callable[[float], Optimizer], values: Any, function, start: Any, steps: int, *,
          noise: float = 0.0, seed: Optional[int] = 0, view=None) -> Sweep:
    """Run ``make_optimizer(value)`` from ``start`` for ``steps`` updates, for each of ``values``;
    each row equals ``optimizers.run(make_optimizer(value), function, [start], steps, noise=noise,
    seed=seed)`` exactly, and its outcome is ``optimizers.outcomes``' for ``view`` (default the
    function's domain)."""
    return run_to_end(iter_sweep(make_optimizer, values, function, start, steps, noise=noise, seed=seed, view=view))
