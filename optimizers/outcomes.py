"""How a run ended: the one rule the basin maps, the page's table and the article all use.

Each row of a run ends in one of four ways, decided from its status, its last finite point,
the function's minima and a view ``((x0, x1), (y0, y1))`` (by default the function's domain):

1. ``diverged``: its status is ``"diverged"`` (a value, gradient or point stopped being finite).
2. ``left-view``: its status is ``"escaped"`` (it went far outside the view and was stopped).
3. ``converged``: its last point is within the end-point tolerance of a minimum; it
   converged to the nearest minimum (even if that minimum lies outside the view).
4. ``left-view``: it ended outside the view, and not at a minimum.
5. ``still-moving``: otherwise; its steps ran out before it reached a minimum.

The end-point tolerance is ``min(VIEW_SHARE * the view's larger side, GAP_SHARE * the
smallest gap between two minima)``: a hundredth of the view, but never so large that two
minima's circles overlap. It depends on the view, so zooming in makes it stricter.

>>> import optimizers as opt
>>> fn = opt.FUNCTIONS["booth"]
>>> traj = opt.run(opt.OPTIMIZERS["sgd"](lr=0.05), fn, [[0.0, 0.0], [9.0, 9.0]], 200)
>>> run_outcomes(traj, fn).kinds.tolist()
['converged', 'converged']
>>> short = opt.run(opt.OPTIMIZERS["sgd"](lr=0.05), fn, [[0.0, 0.0]], 3)
>>> run_outcomes(short, fn).kinds.tolist(), run_outcomes(short, fn, view=((-1.0, 0.5), (-1.0, 0.5))).kinds.tolist()
(['still-moving'], ['left-view'])
"""

from __future__ import annotations

from typing import Any, Dict, List, NamedTuple, Optional, Sequence

import numpy as np

from .base import Array
from .functions.minima import global_mask
from .trajectory import STATUS_DIVERGED, STATUS_ESCAPED

CONVERGED = "converged"
STILL_MOVING = "still-moving"
DIVERGED = "diverged"
LEFT_VIEW = "left-view"
KINDS = (CONVERGED, STILL_MOVING, DIVERGED, LEFT_VIEW)
VIEW_SHARE = 0.01    # the tolerance is at most this share of the view's larger side ...
GAP_SHARE = 0.25     # ... and at most this share of the smallest gap between two minima
NO_MINIMUM = -1      # ``Outcomes.minimum`` of a row that did not converge


class Outcomes(NamedTuple):
    """How each row of a run ended: ``kinds[i]`` one of ``KINDS``; ``minimum[i]`` the index
    into the function's minima of the one it converged to, else ``NO_MINIMUM``; ``tolerance``
    the end-point tolerance used."""

    kinds: Array      # (N,) str
    minimum: Array    # (N,) int64
    tolerance: float


def as_view(view) -> "tuple[tuple[float, float], tuple[float, float]]":
    """``((x0, x1), (y0, y1))`` as floats, each range from low to high and finite."""
    (x0, x1), (y0, y1) = view
    result = ((float(x0), float(x1)), (float(y0), float(y1)))
    for (low, high), axis in zip(result, "xy"):
        if not (np.isfinite(high - low) and low < high):
            raise ValueError(f"the view's {axis} range must be finite and go from low to high, got [{low}, {high}]")
    return result


def end_point_tolerance(minima: Any, view) -> float:
    """How close a run's last point must be to a minimum to have converged to it:
    ``min(VIEW_SHARE * larger side of view, GAP_SHARE * smallest gap between two minima)``."""
    (x0, x1), (y0, y1) = as_view(view)
    tolerance = VIEW_SHARE * max(x1 - x0, y1 - y0)
    minima = np.asarray(minima, dtype=np.float64).reshape(-1, 2)
    if len(minima) > 1:
        gaps = np.linalg.norm(minima[:, None, :] - minima[None, :, :], axis=-1)
        gaps[np.diag_indices(len(minima))] = np.inf
        tolerance = min(tolerance, GAP_SHARE * float(gaps.min()))
    return float(tolerance)


def classify(ends: Any, status: Any, minima: Any, view, tolerance: Optional[float] = None) -> Outcomes:
    """The rule (see the module's docstring) for each row: ``ends`` ``(N, 2)`` last finite
    points (NaN allowed where the status is not ``"ok"``), ``status`` ``(N,)``, ``minima``
    ``(K, 2)``, ``view`` ``((x0, x1), (y0, y1))``; ``tolerance`` defaults to
    ``end_point_tolerance(minima, view)``. ``view=None`` (with a ``tolerance``) skips step 4:
    no run counts as ending outside a view."""
    ends = np.asarray(ends, dtype=np.float64).reshape(-1, 2)
    status = np.asarray(status).astype(str).reshape(-1)
    if len(status) != len(ends):
        raise ValueError(f"there are {len(ends)} end points and {len(status)} statuses; they must match")
    minima = np.asarray(minima, dtype=np.float64).reshape(-1, 2)
    if view is None and tolerance is None:
        raise ValueError("classify needs a view or a tolerance")
    view = None if view is None else as_view(view)
    tolerance = end_point_tolerance(minima, view) if tolerance is None else float(tolerance)
    count = len(ends)
    minimum = np.full(count, NO_MINIMUM, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        if len(minima) and count:
            distances = np.linalg.norm(ends[:, None, :] - minima[None, :, :], axis=-1)
            distances = np.where(np.isnan(distances), np.inf, distances)
            nearest = np.argmin(distances, axis=1)
            close = distances[np.arange(count), nearest] <= tolerance
            minimum[close] = nearest[close]
        inside = np.ones(count, dtype=bool)
        if view is not None:
            (x0, x1), (y0, y1) = view
            x, y = ends[:, 0], ends[:, 1]
            inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    kinds = np.full(count, STILL_MOVING, dtype=object)
    kinds[~inside] = LEFT_VIEW
    kinds[minimum != NO_MINIMUM] = CONVERGED
    kinds[status == STATUS_ESCAPED] = LEFT_VIEW
    kinds[status == STATUS_DIVERGED] = DIVERGED
    minimum[kinds != CONVERGED] = NO_MINIMUM
    return Outcomes(kinds.astype(str), minimum, tolerance)


def last_points(trajectory) -> Array:
    """Each row's last finite point, ``(N, 2)`` (``points[last_step[i], i]``)."""
    rows = np.arange(trajectory.points.shape[1])
    return trajectory.points[np.asarray(trajectory.last_step), rows]


def run_outcomes(trajectory, function, view=None, tolerance: Optional[float] = None) -> Outcomes:
    """``classify`` for a ``Trajectory`` of ``function`` (view: the function's domain by default)."""
    return classify(last_points(trajectory), trajectory.status, function.minima,
                    function.domain if view is None else view, tolerance)


def global_flags(minima_values: Any) -> Array:
    """Which of the minima are global (as ``TestFunction.global_minima`` picks them)."""
    return global_mask(np.asarray(minima_values, dtype=np.float64).reshape(-1))


def as_records(outcomes: Outcomes, minima: Any, is_global: Any,
               last_step: Optional[Sequence[int]] = None) -> List[Dict[str, Any]]:
    """The outcomes as plain dicts, one per row: ``{kind, minimum (index or None), global
    (bool), at ([x, y] of that minimum or None), step (last_step of the row, or None)}``."""
    at = np.asarray(minima, dtype=np.float64).reshape(-1, 2).tolist()   # plain Python: one lookup a row
    is_global = np.asarray(is_global, dtype=bool).reshape(-1).tolist()
    steps = [None] * len(outcomes.kinds) if last_step is None else np.asarray(last_step, dtype=np.int64).tolist()
    return [{"kind": kind, "minimum": None, "global": False, "at": None, "step": step} if index == NO_MINIMUM
            else {"kind": kind, "minimum": index, "global": is_global[index], "at": list(at[index]), "step": step}
            for kind, index, step in zip(outcomes.kinds.tolist(), outcomes.minimum.tolist(), steps)]
