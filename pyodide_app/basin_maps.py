"""The ``basins`` method: basin maps, as a job sliced into short steps.

``basins_job(args)`` checks the whole request at once and returns a generator that yields the
share of the work done and returns the maps; ``basins(args)`` drives it to its end. The labels
are the core's (``optimizers.basins``), which ``optimizers.outcomes``' rule decides with the
map's domain as the view.
"""

from __future__ import annotations

from typing import Any, Dict, Generator, Mapping

import numpy as np

import optimizers
from optimizers.basin_map import LABEL_DIVERGED, LABEL_LEFT_VIEW, LABEL_NONE, iter_basin_points, lattice_indices
from optimizers.trajectory import run_to_end

from .checks import build_optimizer, check_domain, check_function, check_list, check_noise, check_object, check_whole
from .limits import BASIN_YIELD_WORK, MAX_BASIN_SIDE, MAX_BASIN_WORK, MAX_RUNS, MAX_STEPS


def _basin_map(key, optimizer_id, result, global_indices) -> Dict[str, Any]:
    """One map as plain data: the core's labels (``optimizers.outcomes``' rule over the map's
    domain, which is the view) and the share of each ending."""
    labels = result.labels.astype(np.float64)
    total = labels.size
    reached_global = int(np.isin(result.labels, global_indices).sum()) if len(global_indices) else 0
    return {
        "key": key, "optimizer": optimizer_id,
        "labels": labels.reshape(-1),
        "fractions": [float(f) for f in result.fractions],
        "global_fraction": reached_global / total,
        "fraction_still_moving": int(np.count_nonzero(labels == LABEL_NONE)) / total,
        "fraction_left_view": int(np.count_nonzero(labels == LABEL_LEFT_VIEW)) / total,
        "fraction_diverged": int(np.count_nonzero(labels == LABEL_DIVERGED)) / total,
    }


def _checked(args: Any, extra=()):
    """Every argument of a basin request, checked: (spec, function, resolution, domain, noise,
    planned entries, work); a bad optimizer entry is planned with its error."""
    spec = check_object("basins' arguments", args, required=("function", "runs", "resolution"),
                        optional=("domain", "noise") + tuple(extra))
    function = check_function(spec["function"])
    resolution = check_whole("resolution", spec["resolution"], 2, MAX_BASIN_SIDE)
    domain = check_domain(spec["domain"]) if spec.get("domain") is not None \
        else [[float(low), float(high)] for low, high in function.domain]
    noise = check_noise(spec.get("noise"))
    entries = check_list("runs", spec["runs"], 1, MAX_RUNS)
    planned = []
    for entry in entries:
        key = entry.get("key") if isinstance(entry, Mapping) else None
        optimizer_id = entry.get("optimizer") if isinstance(entry, Mapping) else None
        try:
            entry = check_object("a run", entry, required=("optimizer", "steps"), optional=("key", "hyperparams"))
            if key is not None and not isinstance(key, str):
                raise ValueError("a run's key must be text")
            steps = check_whole("steps", entry["steps"], 0, MAX_STEPS)
            planned.append((key if key is not None else optimizer_id, optimizer_id,
                            build_optimizer(optimizer_id, entry.get("hyperparams")), steps, None))
        except ValueError as error:
            planned.append((key, optimizer_id, None, 0, str(error)))
    points = resolution * resolution
    work = sum(points * max(steps, 1) for *_, steps, _ in planned)
    if work > MAX_BASIN_WORK:
        raise ValueError(f"these maps would take {work:,} point-steps, more than {MAX_BASIN_WORK:,} at once; "
                         "use a coarser lattice, fewer steps or fewer optimizers")
    return spec, function, resolution, domain, noise, planned, work


def _global_indices(function) -> list:
    return [index for index, point in enumerate(np.asarray(function.minima).reshape(-1, 2))
            if any(np.array_equal(point, g) for g in np.asarray(function.global_minima).reshape(-1, 2))]


def basins_job(args: Any) -> Generator[float, None, Dict[str, Any]]:
    """``basins`` as a job: yields the share of the work done, returns the maps.

    Checks every argument before the first yield (a bad request raises at once); a bad
    optimizer entry is reported in its map and the others are still made.
    """
    _, function, resolution, domain, noise, planned, work = _checked(args)
    return _basins_steps(function, domain, resolution, noise, planned, work)


def _basins_steps(function, domain, resolution, noise, planned, work) -> Generator[float, None, Dict[str, Any]]:
    global_indices = _global_indices(function)
    chunk_rows = max(1, optimizers.basin_map.CHUNK_STARTS // resolution) * resolution
    yield_every = max(1, BASIN_YIELD_WORK // min(chunk_rows, resolution * resolution))
    maps, done = [], 0
    for key, optimizer_id, optimizer, steps, error in planned:
        share = resolution * resolution * max(steps, 1)
        if error is not None:
            maps.append({"key": key, "optimizer": optimizer_id, "error": error})
        else:
            try:
                steps_done = optimizers.iter_basins(optimizer, function, (resolution, resolution), steps, domain=domain,
                                                    noise=noise["sigma"], seed=noise["seed"], yield_every=yield_every)
                while True:
                    try:
                        fraction, _ = next(steps_done)
                    except StopIteration as finished:
                        result = finished.value
                        break
                    yield (done + share * fraction) / work
                maps.append(_basin_map(key, optimizer_id, result, global_indices))
            except ValueError as error:
                maps.append({"key": key, "optimizer": optimizer_id, "error": str(error)})
            except Exception as error:  # an optimizer's own bug must not sink the other maps
                maps.append({"key": key, "optimizer": optimizer_id, "error": f"{type(error).__name__}: {error}"})
        done += share
    return {"resolution": resolution, "domain": domain, "minima": np.asarray(function.minima).reshape(-1, 2).tolist(),
            "global_minima": global_indices, "maps": maps}


def basins(args: Any) -> Dict[str, Any]:
    """Basin maps for each entry of ``args["runs"]`` on one lattice; see ARCHITECTURE.md.

    Labels per start (row 0 at y_min, x fastest, ``resolution`` points per side, corners
    included, as ``optimizers.basins`` samples): the index of the minimum reached, -1 (no
    minimum: still moving), -2 (diverged: its values overflowed) or -3 (left the view:
    escaped far away, or ended outside the view at no minimum): ``optimizers.outcomes``'
    rule, with the map's ``domain`` as the view.
    """
    return run_to_end(basins_job(args))


def basins_part_job(args: Any) -> Generator[float, None, Dict[str, Any]]:
    """Some lattice points of the maps ``basins`` makes for the same arguments, as a job: the
    pool of workers splits a map into parts, and the page draws a coarse map first.

    ``args`` are ``basins``' plus ``rows: [j0, j1]`` (lattice rows, y_min's first), ``step``
    (1..resolution: only points whose column and row are multiples of it) and ``skip`` (0, or
    leave out the points whose column and row are both multiples of it):
    ``optimizers.basin_map.lattice_indices``. The value is ``{resolution, domain, minima,
    global_minima, indices: Float64Array (flat, x fastest), maps: [{key, optimizer, labels:
    Float64Array (one per index)} | {key, optimizer, error}]}``; each label equals the whole
    map's at that point, bit for bit.
    """
    spec, function, resolution, domain, noise, planned, work = _checked(args, ("rows", "step", "skip"))
    rows = check_list("rows", spec.get("rows", [0, resolution]), 2, 2)
    low, high = (check_whole("rows", row, 0, resolution) for row in rows)
    if low > high:
        raise ValueError("rows must be [first, end] with first <= end")
    step = check_whole("step", spec.get("step", 1), 1, resolution)
    skip = check_whole("skip", spec.get("skip", 0), 0, resolution)
    indices = lattice_indices((resolution, resolution), (low, high), step, skip)
    return _part_steps(function, domain, resolution, noise, planned, indices)


def _part_steps(function, domain, resolution, noise, planned, indices) -> Generator[float, None, Dict[str, Any]]:
    count = max(len(indices), 1)
    # with noise every step also draws for the whole lattice, which a slice must count too
    drawn = resolution * resolution if noise["sigma"] else count
    yield_every = max(1, BASIN_YIELD_WORK // min(max(count, drawn), optimizers.basin_map.CHUNK_STARTS))
    work = sum(count * max(steps, 1) for *_, steps, _ in planned) or 1
    maps, done = [], 0
    for key, optimizer_id, optimizer, steps, error in planned:
        share = count * max(steps, 1)
        if error is None:
            try:
                points = yield from _scaled(iter_basin_points(
                    optimizer, function, (resolution, resolution), steps, indices, domain=domain,
                    noise=noise["sigma"], seed=noise["seed"], yield_every=yield_every), done / work, share / work)
                maps.append({"key": key, "optimizer": optimizer_id, "labels": points.labels.astype(np.float64)})
            except ValueError as failure:
                error = str(failure)
            except Exception as failure:  # an optimizer's own bug must not sink the other maps
                error = f"{type(failure).__name__}: {failure}"
        if error is not None:
            maps.append({"key": key, "optimizer": optimizer_id, "error": error})
        done += share
    return {"resolution": resolution, "domain": domain, "minima": np.asarray(function.minima).reshape(-1, 2).tolist(),
            "global_minima": _global_indices(function), "indices": indices.astype(np.float64), "maps": maps}


def _scaled(steps_done, base: float, share: float):
    """Drives a core generator, yielding the whole job's share done; returns its value."""
    while True:
        try:
            fraction, _ = next(steps_done)
        except StopIteration as finished:
            return finished.value
        yield base + share * fraction


def basins_part(args: Any) -> Dict[str, Any]:
    """``basins_part_job`` run to its end at once."""
    return run_to_end(basins_part_job(args))
