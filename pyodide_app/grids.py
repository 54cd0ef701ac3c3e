"""The ``grid`` and ``values`` methods: a function sampled for contouring, and f at a few points.

A visitor's formula may not be finite everywhere (``1/x``, ``log(x)``, ``x/0``): ``grid``
keeps NaN and ±inf where f is, reports ``min``/``max`` over the finite values only, and says
in ``non_finite`` which part of the view is not finite, in plain words, for the page to show.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import numpy as np

from .checks import check_domain, check_function, check_list, check_object, check_point, check_whole, finite_or_none
from .limits import MAX_GRID_POINTS, MAX_GRID_SIDE, MAX_VALUE_POINTS


def grid(args: Any) -> Dict[str, Any]:
    """``nx * ny`` values of a function, row 0 at y_min, x fastest, corners sampled (NaN or
    ±inf where f is not finite: ``non_finite`` says where, ``min``/``max`` are over the finite
    values, null if none); and the function's minima (found over its own domain, for its
    parameters or formula; points where f is not finite are never minima)."""
    spec = check_object("grid's arguments", args, required=("function", "nx", "ny"), optional=("domain",))
    function = check_function(spec["function"])
    nx = check_whole("nx", spec["nx"], 2, MAX_GRID_SIDE)
    ny = check_whole("ny", spec["ny"], 2, MAX_GRID_SIDE)
    if nx * ny > MAX_GRID_POINTS:
        raise ValueError(f"a grid of {nx} by {ny} is too large (at most {MAX_GRID_POINTS:,} points)")
    domain = check_domain(spec["domain"]) if spec.get("domain") is not None \
        else [[float(low), float(high)] for low, high in function.domain]
    xs = np.linspace(domain[0][0], domain[0][1], nx)
    ys = np.linspace(domain[1][0], domain[1][1], ny)
    x, y = np.meshgrid(xs, ys)  # (ny, nx), row 0 at y_min
    with np.errstate(all="ignore"):
        values = np.asarray(function.value(np.stack([x.ravel(), y.ravel()], axis=1)), dtype=np.float64)
    finite = values[np.isfinite(values)]
    non_finite = non_finite_summary(values.reshape(ny, nx), xs, ys)
    with np.errstate(all="ignore"):
        minima = np.asarray(function.minima).reshape(-1, 2)
        minima_values = np.asarray(function.minima_values)
        global_minima = np.asarray(function.global_minima).reshape(-1, 2)
    return {"nx": nx, "ny": ny, "domain": domain, "values": np.ascontiguousarray(values),
            "min": float(finite.min()) if finite.size else None,
            "max": float(finite.max()) if finite.size else None,
            "minima": minima.tolist(), "minima_values": finite_or_none(minima_values),
            "global_minima": global_minima.tolist(), "non_finite": non_finite}


def values(args: Any) -> Dict[str, Any]:
    """f at a few points (the page's pointer readout): ``{function, points: [[x, y], ...]}``
    -> ``{values: Float64Array}`` (inf or NaN where f overflows there)."""
    spec = check_object("values' arguments", args, required=("function", "points"))
    function = check_function(spec["function"])
    points = np.array([check_point(f"points[{i}]", p) for i, p in enumerate(check_list("points", spec["points"], 1, MAX_VALUE_POINTS))],
                      dtype=np.float64)
    with np.errstate(all="ignore"):
        return {"values": np.ascontiguousarray(function.value(points), dtype=np.float64)}


FEW_POINTS = 4   # up to this many non-finite grid points are named one by one


def _coordinate(value: float) -> str:
    """A coordinate in words: four significant digits, a real minus sign, no "-0"."""
    text = f"{value:.4g}"
    return "0" if text in ("0", "-0") else text.replace("-", "−")


def _stretches(indices: np.ndarray, axis: str, coordinates: np.ndarray) -> List[str]:
    """Runs of consecutive lattice lines, in words: ``x = 0``, ``x from −2 to −0.025``."""
    parts = []
    if not len(indices):
        return parts
    breaks = np.nonzero(np.diff(indices) > 1)[0]
    for run in np.split(indices, breaks + 1):
        low, high = coordinates[run[0]], coordinates[run[-1]]
        parts.append(f"{axis} = {_coordinate(low)}" if len(run) == 1
                     else f"{axis} from {_coordinate(low)} to {_coordinate(high)}")
    return parts


def non_finite_summary(values: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> Optional[Dict[str, Any]]:
    """Where a grid ``values[j, i]`` (at ``(xs[i], ys[j])``) is not finite: None if it is finite
    everywhere, else ``{count, total, nan, infinite, text}``, ``text`` saying which part of the
    view in plain words ("f is not finite on 161 of 25,921 grid points, along x = 0")."""
    bad = ~np.isfinite(values)
    count, total = int(bad.sum()), int(bad.size)
    if count == 0:
        return None
    columns = np.nonzero(bad.all(axis=0))[0]
    rows = np.nonzero(bad.all(axis=1))[0]
    lines = np.zeros_like(bad)
    lines[:, columns] = True
    lines[rows, :] = True
    if count == total:
        where = "anywhere in the view"
    elif (bad == lines).all():   # whole lines of the grid: along them, or for a stretch of them
        stretches = _stretches(columns, "x", xs) + _stretches(rows, "y", ys)
        lines_only = all(" from " not in stretch for stretch in stretches)
        where = ("along " if lines_only else "for ") + " and ".join(stretches)
    elif count <= FEW_POINTS:
        js, is_ = np.nonzero(bad)
        named = [f"({_coordinate(xs[i])}, {_coordinate(ys[j])})" for j, i in zip(js.tolist(), is_.tolist())]
        where = "at " + (named[0] if count == 1 else ", ".join(named[:-1]) + " and " + named[-1])
    else:
        js, is_ = np.nonzero(bad)
        where = (f"in the part of the view with x from {_coordinate(xs[is_.min()])} to {_coordinate(xs[is_.max()])} "
                 f"and y from {_coordinate(ys[js.min()])} to {_coordinate(ys[js.max()])}")
    points = "grid point" if total == 1 else "grid points"
    text = (f"f is not finite {where} (at all {total:,} {points})" if count == total
            else f"f is not finite on {count:,} of {total:,} {points}, {where}")
    return {"count": count, "total": total, "nan": int(np.isnan(values).sum()), "infinite": int(np.isinf(values).sum()),
            "text": text}
