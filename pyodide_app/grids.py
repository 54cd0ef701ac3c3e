"""The ``grid`` and ``values`` methods: a function sampled for contouring, and f at a few points."""

from __future__ import annotations

from typing import Any, Dict

import numpy as np

from .checks import check_domain, check_function, check_list, check_object, check_point, check_whole, finite_or_none
from .limits import MAX_GRID_POINTS, MAX_GRID_SIDE, MAX_VALUE_POINTS


def grid(args: Any) -> Dict[str, Any]:
    """``nx * ny`` values of a function, row 0 at y_min, x fastest, corners sampled; and the
    function's minima (found over its own domain, for its parameters or formula)."""
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
    with np.errstate(all="ignore"):
        minima = np.asarray(function.minima).reshape(-1, 2)
        minima_values = np.asarray(function.minima_values)
        global_minima = np.asarray(function.global_minima).reshape(-1, 2)
    return {"nx": nx, "ny": ny, "domain": domain, "values": np.ascontiguousarray(values),
            "min": float(finite.min()) if finite.size else None,
            "max": float(finite.max()) if finite.size else None,
            "minima": minima.tolist(), "minima_values": finite_or_none(minima_values),
            "global_minima": global_minima.tolist()}


def values(args: Any) -> Dict[str, Any]:
    """f at a few points (the page's pointer readout): ``{function, points: [[x, y], ...]}``
    -> ``{values: Float64Array}`` (inf or NaN where f overflows there)."""
    spec = check_object("values' arguments", args, required=("function", "points"))
    function = check_function(spec["function"])
    points = np.array([check_point(f"points[{i}]", p) for i, p in enumerate(check_list("points", spec["points"], 1, MAX_VALUE_POINTS))],
                      dtype=np.float64)
    with np.errstate(all="ignore"):
        return {"values": np.ascontiguousarray(function.value(points), dtype=np.float64)}
