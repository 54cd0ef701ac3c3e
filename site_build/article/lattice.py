"""Runs over a lattice of starts with the core: basin maps (as the page's ``basins`` gives them)
and whole paths, and the small geometric measures the article uses (turns, ridges, lengths)."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

import optimizers as opt
from optimizers.functions.minima import hessian
from optimizers.presets import PRESETS, preset_settings
from optimizers.settings import learning_rate
from optimizers.trajectory import iterate
from pyodide_app import api

RUN_CHUNK = 6000     # starts per ``run`` call when whole paths are kept (memory: steps x chunk x 2 floats)


def preset_entry(preset_id: str, function_id: str, hyperparams: Optional[Mapping[str, Any]] = None,
                 steps: Optional[int] = None, key: Optional[str] = None) -> Dict[str, Any]:
    """A ``runs`` entry of the page's API: the preset's settings on the function, with overrides."""
    preset_hyperparams, preset_steps = preset_settings(preset_id, function_id)
    return {"key": key or preset_id, "optimizer": PRESETS[preset_id].optimizer,
            "hyperparams": {**preset_hyperparams, **(hyperparams or {})},
            "steps": preset_steps if steps is None else int(steps)}


def learning_rate_of(entry: Mapping[str, Any]) -> float:
    """The entry's step-size setting (YellowFin's ``lr_factor``, Lookahead's inner ``lr``)."""
    optimizer_id, hyperparams = entry["optimizer"], entry["hyperparams"]
    name = learning_rate(optimizer_id)
    if name is None:   # Lookahead: the inner optimizer's rate
        inner = hyperparams.get("inner", api.default_hyperparams(opt.OPTIMIZERS[optimizer_id])["inner"])
        return learning_rate_of({"optimizer": inner, "hyperparams": hyperparams.get("inner_hyperparams") or {}})
    return hyperparams.get(name, api.default_hyperparams(opt.OPTIMIZERS[optimizer_id])[name])


def lattice_starts(function_id: str, resolution: int) -> np.ndarray:
    """The basin map's starts, ``(resolution**2, 2)``: row 0 at y_min, x fastest, corners included."""
    xs, ys = opt.basin_map.lattice(opt.FUNCTIONS[function_id].domain, (resolution, resolution))
    grid_x, grid_y = np.meshgrid(xs, ys)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


def basin_maps(function_id: str, entries: Sequence[Mapping[str, Any]], resolution: int) -> Dict[str, Dict[str, Any]]:
    """``pyodide_app.api.basins`` over the function's view: key -> map (labels as ints)."""
    value = api.basins({"function": {"id": function_id}, "resolution": resolution, "runs": list(entries)})
    maps = {}
    for entry in value["maps"]:
        if "error" in entry:
            raise ValueError(f"{entry['key']} on {function_id}: {entry['error']}")
        maps[entry["key"]] = {**entry, "labels": np.asarray(entry["labels"]).astype(np.int64)}
    return maps


def outcome_shares(basin: Mapping[str, Any]) -> Dict[str, float]:
    """A map's shares of starts: global minimum, another minimum, still moving, left the view or diverged."""
    reached = float(np.count_nonzero(basin["labels"] >= 0) / basin["labels"].size)
    return {"global": basin["global_fraction"], "other": reached - basin["global_fraction"],
            "still_moving": basin["fraction_still_moving"],
            "gone": basin["fraction_left_view"] + basin["fraction_diverged"]}


def path_measures(entry: Mapping[str, Any], function_id: str, starts: np.ndarray,
                  measure: Callable[[np.ndarray], Dict[str, np.ndarray]]) -> Dict[str, np.ndarray]:
    """``measure(points)`` over the entry's whole paths from ``starts``, chunk by chunk (``points``
    ``(steps + 1, n, 2)``, NaN after a run stopped; it returns per-start arrays), joined."""
    function = opt.FUNCTIONS[function_id]
    optimizer = api.build_optimizer(entry["optimizer"], entry["hyperparams"])
    parts = [measure(opt.run(optimizer, function, starts[i:i + RUN_CHUNK], entry["steps"]).points)
             for i in range(0, len(starts), RUN_CHUNK)]
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def path_outcomes(measured: Mapping[str, np.ndarray], function) -> "opt.outcomes.Outcomes":
    """How the runs of ``path_measures`` ended (``optimizers.outcomes``, the function's view), from
    its ``ends`` (last finite points) and ``stopped`` (whether a run stopped early: its last
    point is NaN). A stopped run is classed as diverged: either way it did not converge."""
    status = np.where(measured["stopped"], opt.trajectory.STATUS_DIVERGED, opt.trajectory.STATUS_OK)
    return opt.outcomes.classify(measured["ends"], status, function.minima, function.domain)


def steps_to_reach(entry: Mapping[str, Any], function_id: str, starts: np.ndarray, target: Sequence[float],
                   tolerance: float) -> np.ndarray:
    """The step from which each run stays within ``tolerance`` of ``target`` to its last
    step (``entry["steps"]``); -1 where it is not there at the end."""
    function = opt.FUNCTIONS[function_id]
    optimizer = api.build_optimizer(entry["optimizer"], entry["hyperparams"])
    since = np.full(len(starts), -1, dtype=np.int64)
    for step in iterate(optimizer, function, starts, entry["steps"]):
        inside = np.zeros(len(starts), dtype=bool)
        inside[step.rows] = np.linalg.norm(step.params - np.asarray(target)[None, :], axis=1) <= tolerance
        since = np.where(inside, np.where(since < 0, step.index, since), -1)
    return since


def last_points(points: np.ndarray) -> np.ndarray:
    """Each run's last finite point, ``(N, 2)``."""
    finite = np.isfinite(points).all(axis=2)
    last = points.shape[0] - 1 - np.argmax(finite[::-1], axis=0)
    return points[last, np.arange(points.shape[1])]


def nearest(points: np.ndarray, targets: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Index of the nearest of ``targets`` to each point, and its distance."""
    distances = np.linalg.norm(points[:, None, :] - np.asarray(targets)[None, :, :], axis=-1)
    index = np.argmin(np.where(np.isnan(distances), np.inf, distances), axis=1)
    return index, distances[np.arange(len(points)), index]


def turns_around(points: np.ndarray, centres: np.ndarray, radius: float) -> np.ndarray:
    """How many whole turns each path makes around its centre (``centres`` ``(N, 2)``), counting
    only the part of the path farther than ``radius`` from it (the turns one can see)."""
    relative = points - centres[None, :, :]
    angle = np.arctan2(relative[..., 1], relative[..., 0])
    far = np.linalg.norm(relative, axis=-1) > radius
    change = (np.diff(angle, axis=0) + np.pi) % (2 * np.pi) - np.pi
    counted = np.where(far[1:] & far[:-1] & np.isfinite(change), change, 0.0)
    return np.abs(counted.sum(axis=0)) / (2 * np.pi)


def ridges_crossed(points: np.ndarray, spacing: float) -> np.ndarray:
    """Rastrigin: how many ridges each path crosses. Its dips sit near whole multiples of
    ``spacing`` in x and y and its ridges half-way between, so a crossing is a change of the
    nearest multiple of one coordinate from one step to the next."""
    cells = np.rint(points / spacing)
    steps = np.abs(np.diff(cells, axis=0))
    return np.where(np.isfinite(steps), steps, 0.0).sum(axis=(0, 2)).astype(np.int64)


def path_length(points: np.ndarray) -> np.ndarray:
    """Length of each path (its finite part)."""
    pieces = np.linalg.norm(np.diff(points, axis=0), axis=-1)
    return np.where(np.isfinite(pieces), pieces, 0.0).sum(axis=0)


def largest_curvature(function_id: str, point: Sequence[float]) -> float:
    """The largest eigenvalue of the function's Hessian at ``point`` (central differences of its gradient)."""
    function = opt.FUNCTIONS[function_id]
    return float(np.linalg.eigvalsh(hessian(function.grad, np.asarray([point], dtype=float)))[0].max())


def nearest_to(points: np.ndarray, mask: np.ndarray, centre: Sequence[float]) -> Optional[int]:
    """Index of the point nearest ``centre`` among ``mask``; ties go to the lower index
    (row 0 at y_min, x fastest). None if the mask is empty."""
    if not mask.any():
        return None
    distance = np.linalg.norm(points - np.asarray(centre)[None, :], axis=1)
    distance = np.where(mask, np.round(distance, 12), np.inf)
    return int(np.argmin(distance))


def view_centre(function_id: str) -> List[float]:
    (x_min, x_max), (y_min, y_max) = opt.FUNCTIONS[function_id].domain
    return [(x_min + x_max) / 2.0, (y_min + y_max) / 2.0]
