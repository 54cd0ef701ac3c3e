"""Finding every local minimum of a 2-D function inside a view.

1. Seed: evaluate f on a lattice over the view (plus a margin of two cells) and take
   the lattice points no higher than their eight neighbours, and the lowest points of the
   valley floors along lattice rows and columns; add any closed-form points.
2. Refine: a trust-region Newton method on the analytic gradient whose Hessian comes from
   central differences of that gradient, with ``|eigenvalues|`` ("saddle-free" Newton) so
   every step goes downhill, then a few plain Newton steps to polish.
3. Keep the points with a vanishing gradient, a positive-definite Hessian and inside the
   view; merge duplicates; sort by value, then x, then y.

Everything is deterministic and vectorised over the candidates.
"""

from __future__ import annotations

import bisect
from typing import Callable, Optional

import numpy as np

from ..base import Array

MAX_LATTICE = 801           # lattice points per axis at most; a finer step is coarsened
MAX_CANDIDATES = 8000       # seeds refined at most (the lowest)
TRUST_ITERATIONS = 40
POLISH_ITERATIONS = 4
STEP_TOL = 1e-9             # a minimum's last Newton step is at most STEP_TOL * max(1, |p|)
GLOBAL_TOL = 1e-9           # relative tie tolerance between global minima


def lattice_candidates(value: Callable[[Array], Array], grad: Callable[[Array], Array],
                       domain, step: float) -> Array:
    """Seeds from a lattice (spacing about ``step``) over ``domain`` and a two-cell margin.

    The lattice points no higher than their 8 neighbours, plus the lowest points of each
    valley: along every lattice row (and column) the 1-D minima are moved onto the valley
    floor by Newton steps, and a floor point lower than the floor points next to it in the
    neighbouring rows (columns) is a seed. The floors catch minima at the bottom of valleys
    narrower than the lattice, which the lattice alone would miss.
    """
    (x_min, x_max), (y_min, y_max) = domain
    axes = []
    for low, high in ((x_min, x_max), (y_min, y_max)):
        count = int(np.clip(np.ceil((high - low) / step), 2, MAX_LATTICE - 5))
        spacing = (high - low) / count
        axes.append(low + spacing * np.arange(-2, count + 3))
    xs, ys = axes
    grid_x, grid_y = np.meshgrid(xs, ys)
    f = value(np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)).reshape(grid_x.shape)
    f = np.where(np.isnan(f), np.inf, f)
    centre = f[1:-1, 1:-1]
    lowest = np.isfinite(centre)
    ny, nx = f.shape
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dx or dy:
                lowest &= centre <= f[1 + dy:ny - 1 + dy, 1 + dx:nx - 1 + dx]
    rows, cols = np.nonzero(lowest)
    seeds = [np.stack([xs[cols + 1], ys[rows + 1]], axis=1),
             _valley_floor_seeds(value, grad, f, xs, ys, 0),
             _valley_floor_seeds(value, grad, f.T, ys, xs, 1)]
    seeds = np.concatenate(seeds)
    if seeds.shape[0] > MAX_CANDIDATES:
        order = np.argsort(value(seeds), kind="stable")[:MAX_CANDIDATES]
        seeds = seeds[np.sort(order)]
    return seeds


def _valley_floor_seeds(value, grad, f: Array, along: Array, across: Array, k: int) -> Array:
    """Floor points of the valleys crossed by lattice lines (``f[row, col]``, coordinate ``k`` along cols)."""
    spacing = along[1] - along[0]
    left, centre, right = f[:, :-2], f[:, 1:-1], f[:, 2:]
    rows, cols = np.nonzero(np.isfinite(centre) & (centre <= left) & (centre <= right))
    if rows.size == 0:
        return np.empty((0, 2))
    curvature = left[rows, cols] - 2.0 * centre[rows, cols] + right[rows, cols]
    shift = 0.5 * (left[rows, cols] - right[rows, cols]) / np.where(curvature > 0, curvature, np.inf)
    cols = cols + 1
    t = along[cols] + np.clip(shift, -1.0, 1.0) * spacing
    low, high = along[cols] - spacing, along[cols] + spacing
    points = np.empty((rows.size, 2))
    points[:, 1 - k] = across[rows]
    h = 1e-5 * np.maximum(1.0, np.abs(t))
    for _ in range(2):
        points[:, k] = t
        shifted = np.repeat(points[None], 3, axis=0)
        shifted[1, :, k] += h
        shifted[2, :, k] -= h
        g = grad(shifted.reshape(-1, 2))[:, k].reshape(3, -1)
        second = (g[1] - g[2]) / (2.0 * h)
        t = np.where(second > 0, np.clip(t - g[0] / np.where(second > 0, second, 1.0), low, high), t)
    points[:, k] = t
    floor = np.full(f.shape, np.inf)
    floor[rows, cols] = np.where(np.isnan(phi := value(points)), np.inf, phi)
    padded = np.pad(floor, 1, constant_values=np.inf)
    n_rows, n_cols = f.shape
    seed = np.isfinite(floor)
    for dr in (-1, 1):
        near = np.min([padded[1 + dr:1 + dr + n_rows, 1 + dc:1 + dc + n_cols] for dc in (-1, 0, 1)], axis=0)
        seed &= floor <= near
    return points[seed[rows, cols]]


def hessian(grad: Callable[[Array], Array], points: Array) -> Array:
    """Hessians ``(K, 2, 2)`` by central differences of the analytic gradient, symmetrised."""
    h = 1e-5 * np.maximum(1.0, np.abs(points))                     # (K, 2)
    k = points.shape[0]
    shifted = np.repeat(points[None], 4, axis=0)                    # (4, K, 2)
    shifted[0, :, 0] += h[:, 0]
    shifted[1, :, 0] -= h[:, 0]
    shifted[2, :, 1] += h[:, 1]
    shifted[3, :, 1] -= h[:, 1]
    g = grad(shifted.reshape(4 * k, 2)).reshape(4, k, 2)
    columns = np.stack([(g[0] - g[1]) / (2 * h[:, :1]), (g[2] - g[3]) / (2 * h[:, 1:])], axis=2)
    hess = 0.5 * (columns + np.swapaxes(columns, 1, 2))
    return np.where(np.isfinite(hess), hess, 0.0)      # a broken row fails later checks, not eigh


def _newton_step(g: Array, hess: Array, saddle_free: bool) -> "tuple[Array, Array]":
    """The Newton step per row and the Hessian's eigenvalues (ascending)."""
    w, v = np.linalg.eigh(hess)
    scale = np.maximum(1.0, np.abs(w).max(axis=1, initial=0.0))
    floor = 1e-12 * scale[:, None]
    w_used = np.maximum(np.abs(w), floor) if saddle_free else np.where(np.abs(w) < floor, floor, w)
    coef = np.einsum("kji,kj->ki", v, g) / w_used
    return -np.einsum("kij,kj->ki", v, coef), w


def refine(value, grad, points: Array, radius: float) -> "tuple[Array, Array, Array]":
    """Refine ``points`` towards local minima.

    Returns the points, their gradients and their Hessians ``(K, 2, 2)``. Each row moves
    on its own (a trust region of at most ``4 * radius``), until its step is
    negligible or its trust region has collapsed.
    """
    p = points.copy()
    f = value(p)
    r = np.full(p.shape[0], radius)
    active = np.arange(p.shape[0])
    for _ in range(TRUST_ITERATIONS):
        if active.size == 0:
            break
        pa, fa, ra = p[active], f[active], r[active]
        step, _ = _newton_step(grad(pa), hessian(grad, pa), saddle_free=True)
        length = np.hypot(step[:, 0], step[:, 1])
        step *= np.minimum(1.0, ra / np.where(length > 0, length, 1.0))[:, None]
        q = pa + step
        fq = value(q)
        accept = np.isfinite(fq) & (fq <= fa) & np.isfinite(q).all(axis=1)
        p[active] = np.where(accept[:, None], q, pa)
        f[active] = np.where(accept, fq, fa)
        r[active] = ra = np.where(accept, np.minimum(2.0 * ra, 4.0 * radius), 0.25 * ra)
        moving = (length > 1e-15 * np.maximum(1.0, np.abs(pa).max(axis=1))) & (ra > 1e-12 * radius)
        active = active[moving]
    # polish: plain Newton steps, keeping each row's smallest gradient
    g = grad(p)
    best, best_g = p, g
    for _ in range(POLISH_ITERATIONS):
        step, _ = _newton_step(g, hessian(grad, p), saddle_free=False)
        q = p + step
        p = np.where(np.isfinite(q).all(axis=1)[:, None], q, p)
        g = grad(p)
        better = np.hypot(g[:, 0], g[:, 1]) < np.hypot(best_g[:, 0], best_g[:, 1])
        best = np.where(better[:, None], p, best)
        best_g = np.where(better[:, None], g, best_g)
    hess = hessian(grad, best)
    return best, best_g, hess


def _unique(points: Array, priority: Array, tol: float) -> Array:
    """Indices of the points to keep, taking points in ``priority`` order (lowest first) and
    dropping any within ``tol`` (max-norm) of a point already kept; returned sorted."""
    kept_x: "list[float]" = []           # x of the kept points, sorted, with their indices
    kept_at: "list[int]" = []
    for i in np.argsort(priority, kind="stable"):
        x, y = points[i]
        start = bisect.bisect_left(kept_x, x - tol)
        stop = bisect.bisect_right(kept_x, x + tol)
        if any(abs(points[kept_at[j], 1] - y) <= tol for j in range(start, stop)):
            continue
        slot = bisect.bisect_left(kept_x, x)
        kept_x.insert(slot, float(x))
        kept_at.insert(slot, int(i))
    return np.sort(np.array(kept_at, dtype=np.int64))


def find_minima(value, grad, domain, step: Optional[float], exact: Optional[Array] = None) -> Array:
    """Every local minimum in ``domain``, ``(K, 2)``, sorted by value, then x, then y.

    ``step`` is the lattice spacing of the search (``None``: only refine ``exact``).
    """
    (x_min, x_max), (y_min, y_max) = domain
    size = max(x_max - x_min, y_max - y_min)
    with np.errstate(all="ignore"):
        seeds = [np.empty((0, 2))]
        if exact is not None:
            seeds.append(np.asarray(exact, dtype=np.float64).reshape(-1, 2))
        if step is not None:
            seeds.append(lattice_candidates(value, grad, domain, float(step)))
        candidates = np.concatenate(seeds)
        if candidates.shape[0] == 0:
            return np.empty((0, 2))
        spacing = size / 100.0 if step is None else min(float(step), size / 4.0)
        p, g, hess = refine(value, grad, candidates, spacing)
        newton, w = _newton_step(g, hess, saddle_free=True)
        curvature = np.maximum(1.0, np.abs(w).max(axis=1))
        position = np.maximum(1.0, np.abs(p).max(axis=1))
        distance = np.hypot(newton[:, 0], newton[:, 1])
        converged = distance <= STEP_TOL * position
        definite = w[:, 0] > 1e-9 * curvature
        inside = ((p[:, 0] >= x_min) & (p[:, 0] <= x_max) & (p[:, 1] >= y_min) & (p[:, 1] <= y_max))
        keep = np.isfinite(p).all(axis=1) & converged & definite & inside
        p, distance = p[keep], distance[keep]
        p = p[_unique(p, distance, 1e-7 * size)]
        p = np.where(np.abs(p) <= 1e-14 * size, 0.0, p)   # below the view's rounding: a zero
        f = value(p)
    # the order must not hang on the last bits (CPython and Pyodide may differ there): compare
    # rounded values, then rounded x, then rounded y
    value_key = np.round(f / max(1.0, float(np.abs(f).max(initial=0.0))), 9)
    x_key, y_key = np.round(p[:, 0] / size, 9), np.round(p[:, 1] / size, 9)
    return p[np.lexsort((y_key, x_key, value_key))] + 0.0   # + 0.0: no negative zeros


def global_mask(values: Array) -> Array:
    """Which values tie (within rounding) with the lowest one."""
    if values.size == 0:
        return np.zeros(0, dtype=bool)
    low = values.min()
    return values <= low + GLOBAL_TOL * max(1.0, abs(low))
