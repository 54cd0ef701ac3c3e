"""Basins of attraction: which minimum an optimizer reaches from each point of a lattice."""

from __future__ import annotations

from typing import NamedTuple, Optional, Tuple

import numpy as np

from .base import Array, Optimizer, check_whole_number
from .trajectory import STATUS_OK, iterate

LABEL_NONE = -1      # ended away from every known minimum (still moving, or at a saddle)
LABEL_DIVERGED = -2  # diverged or escaped
TOLERANCE_OF_SPAN = 1e-2
TOLERANCE_OF_GAP = 0.25


class Basins(NamedTuple):
    """A basin map. ``labels[j, i]`` belongs to the start ``(xs[i], ys[j])``.

    ``labels`` index into ``function.minima``, or are ``LABEL_NONE`` (-1) or
    ``LABEL_DIVERGED`` (-2). ``fractions[k]`` is the share of starts that reach minimum
    ``k``; ``fraction_none`` and ``fraction_diverged`` complete them to 1.
    """

    xs: Array
    ys: Array
    labels: Array
    fractions: Array
    fraction_none: float
    fraction_diverged: float
    end_points: Array   # (ny, nx, 2), NaN where the run diverged
    tolerance: float


def lattice(domain, resolution: Tuple[int, int]) -> "tuple[Array, Array]":
    """Sample points of a ``(nx, ny)`` lattice over ``domain``, corners included."""
    nx, ny = resolution
    nx = check_whole_number("resolution nx", nx, low=2)
    ny = check_whole_number("resolution ny", ny, low=2)
    (x_min, x_max), (y_min, y_max) = domain
    return np.linspace(x_min, x_max, nx), np.linspace(y_min, y_max, ny)


def default_tolerance(function) -> float:
    """How close an end point must be to a minimum to count as reaching it."""
    (x_min, x_max), (y_min, y_max) = function.domain
    tolerance = TOLERANCE_OF_SPAN * max(x_max - x_min, y_max - y_min)
    minima = np.asarray(function.minima).reshape(-1, 2)
    if len(minima) > 1:
        gaps = np.linalg.norm(minima[:, None, :] - minima[None, :, :], axis=-1)
        gaps[np.diag_indices(len(minima))] = np.inf
        tolerance = min(tolerance, TOLERANCE_OF_GAP * gaps.min())
    return float(tolerance)


def label_end_points(end_points: Array, status: Array, minima: Array, tolerance: float) -> Array:
    """Label each end point by its nearest minimum within ``tolerance``."""
    labels = np.full(len(end_points), LABEL_NONE, dtype=np.int64)
    minima = np.asarray(minima).reshape(-1, 2)
    if len(minima):
        distances = np.linalg.norm(end_points[:, None, :] - minima[None, :, :], axis=-1)
        with np.errstate(invalid="ignore"):
            nearest = np.argmin(np.where(np.isnan(distances), np.inf, distances), axis=1)
        close = distances[np.arange(len(end_points)), nearest] <= tolerance
        labels[close] = nearest[close]
    labels[status != STATUS_OK] = LABEL_DIVERGED
    return labels


def basins(optimizer: Optimizer, function, resolution: Tuple[int, int] = (100, 100),
           steps: int = 500, *, domain=None, tolerance: Optional[float] = None,
           noise: float = 0.0, seed: Optional[int] = 0) -> Basins:
    """Run ``optimizer`` from every point of a lattice over ``domain`` (default: the
    function's view) in one batched run, and label each start by the minimum it reaches.

    >>> import optimizers as opt
    >>> b = opt.basins(opt.OPTIMIZERS["sgd"](lr=0.02), opt.FUNCTIONS["two_wells"], (20, 20), 300)
    >>> b.labels.shape, round(float(b.fractions.sum() + b.fraction_none + b.fraction_diverged), 12)
    ((20, 20), 1.0)
    """
    xs, ys = lattice(domain or function.domain, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    starts = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    for last in iterate(optimizer, function, starts, steps, noise=noise, seed=seed):
        pass
    status = last.status.astype(str)
    end_points = np.where(last.alive[:, None], last.params, np.nan)
    minima = np.asarray(function.minima).reshape(-1, 2)
    tolerance = default_tolerance(function) if tolerance is None else float(tolerance)
    labels = label_end_points(end_points, status, minima, tolerance)
    total = len(labels)
    # bincount wants the platform index type: int32 under WebAssembly
    fractions = np.bincount(labels[labels >= 0].astype(np.intp), minlength=len(minima)) / total
    return Basins(xs, ys, labels.reshape(len(ys), len(xs)), fractions,
                  float(np.count_nonzero(labels == LABEL_NONE) / total),
                  float(np.count_nonzero(labels == LABEL_DIVERGED) / total),
                  end_points.reshape(len(ys), len(xs), 2), tolerance)
