"""A basin map made in parts (the page's pool of workers splits it into row blocks, and draws a
coarse sub-lattice first) equals the whole map, label for label and end point for end point,
noise included: ``optimizers.basin_map.iter_basin_points`` and ``pyodide_app.api.basins_part``."""

from __future__ import annotations

import numpy as np
import pytest

import optimizers as opt
from optimizers.basin_map import iter_basin_points, lattice_indices
from optimizers.trajectory import run_to_end
from pyodide_app import api

CASES = [("sgd", dict(lr=0.02), "two_wells", 0.0), ("adam", dict(lr=0.05), "rastrigin", 0.0),
         ("sgd", dict(lr=0.5, momentum=0.5), "saddle", 0.0), ("rmsprop", dict(lr=0.01), "two_wells", 0.5),
         ("sgd", dict(lr=0.5), "saddle", 0.2), ("lookahead", {}, "himmelblau", 1.0)]
RESOLUTION = (14, 13)


def parts_of(resolution, coarse, blocks):
    """A coarse pass (every ``coarse``-th point) and the rest in row blocks ``blocks``."""
    parts = [lattice_indices(resolution, (0, resolution[1]), coarse)] if coarse > 1 else []
    return parts + [lattice_indices(resolution, block, 1, coarse if coarse > 1 else 0) for block in blocks]


@pytest.mark.parametrize("coarse, blocks", [(4, [(0, 5), (5, 6), (6, 13)]), (2, [(0, 13)]),
                                            (1, [(0, 1), (1, 7), (7, 13)]), (3, [(k, k + 1) for k in range(13)])])
def test_the_parts_cover_the_lattice_once(coarse, blocks):
    indices = np.concatenate(parts_of(RESOLUTION, coarse, blocks))
    assert sorted(indices.tolist()) == list(range(RESOLUTION[0] * RESOLUTION[1]))


def test_a_coarse_part_is_every_nth_point_of_every_nth_row():
    nx, ny = 10, 9
    indices = lattice_indices((nx, ny), (0, ny), 4)
    assert indices.tolist() == [j * nx + i for j in (0, 4, 8) for i in (0, 4, 8)]
    assert lattice_indices((nx, ny), (5, 9), 4).tolist() == [8 * nx + i for i in (0, 4, 8)]
    assert lattice_indices((nx, ny), (3, 3), 1).tolist() == []


@pytest.mark.parametrize("name, kwargs, function_id, noise", CASES, ids=[f"{c[0]}-{c[2]}-noise{c[3]}" for c in CASES])
def test_a_map_made_in_parts_equals_the_whole_bit_for_bit(name, kwargs, function_id, noise):
    function = opt.FUNCTIONS[function_id]
    optimizer = opt.OPTIMIZERS[name](**kwargs)
    whole = opt.basins(optimizer, function, RESOLUTION, 50, noise=noise, seed=3)
    count = RESOLUTION[0] * RESOLUTION[1]
    labels, ends = np.full(count, -99), np.full((count, 2), 7.5)
    for indices in parts_of(RESOLUTION, 4, [(0, 5), (5, 6), (6, 13)]):
        part = run_to_end(iter_basin_points(optimizer, function, RESOLUTION, 50, indices, noise=noise, seed=3))
        np.testing.assert_array_equal(part.indices, indices)
        labels[indices], ends[indices] = part.labels, part.end_points
    np.testing.assert_array_equal(labels.reshape(whole.labels.shape), whole.labels)
    np.testing.assert_array_equal(ends, whole.end_points.reshape(-1, 2))


def test_points_outside_the_lattice_are_refused():
    with pytest.raises(ValueError, match="within"):
        run_to_end(iter_basin_points(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["two_wells"], (3, 3), 5, [9]))


ENTRIES = [{"key": "adam", "optimizer": "adam", "hyperparams": {"lr": 0.1}, "steps": 60},
           {"key": "bad", "optimizer": "nope", "steps": 3},
           {"key": "sgd", "optimizer": "sgd", "hyperparams": {"lr": 0.05}, "steps": 80}]


@pytest.mark.parametrize("noise", [None, {"sigma": 0.3, "seed": 5}])
def test_the_api_parts_equal_the_api_map(noise):
    args = {"function": {"id": "two_wells"}, "runs": ENTRIES, "resolution": 21, "domain": [[-1.5, 1.5], [-1, 1.6]]}
    if noise:
        args["noise"] = noise
    whole = api.basins(args)
    merged = {m["key"]: np.full(21 * 21, -99.0) for m in whole["maps"] if "labels" in m}
    parts = [{"rows": [0, 21], "step": 4}] + [{"rows": rows, "skip": 4} for rows in ([0, 8], [8, 9], [9, 21])]
    for part in parts:
        reply = api.basins_part({**args, **part})
        assert reply["global_minima"] == whole["global_minima"] and reply["minima"] == whole["minima"]
        for m in reply["maps"]:
            if m["key"] == "bad":
                assert "nope" in m["error"]
            else:
                assert len(m["labels"]) == len(reply["indices"])
                merged[m["key"]][reply["indices"].astype(int)] = m["labels"]
    for m in whole["maps"]:
        if "labels" in m:
            np.testing.assert_array_equal(merged[m["key"]], m["labels"])


def test_the_part_job_reports_rising_progress_to_one():
    args = {"function": {"id": "two_wells"}, "runs": ENTRIES, "resolution": 200, "rows": [0, 100], "skip": 4}
    job = api.basins_part_job(args)
    fractions = []
    while True:
        try:
            fractions.append(next(job))
        except StopIteration as done:
            reply = done.value
            break
    assert len(fractions) > 3 and fractions == sorted(fractions) and 0 < fractions[0] and fractions[-1] <= 1
    assert len(reply["indices"]) == 100 * 200 - 25 * 50


@pytest.mark.parametrize("changes, message", [({"rows": [5, 3]}, "first <= end"), ({"rows": [0, 99]}, "rows"),
                                               ({"step": 0}, "step"), ({"skip": -1}, "skip"),
                                               ({"rows": [0]}, "rows"), ({"other": 1}, "other")])
def test_bad_parts_are_refused_before_any_work(changes, message):
    args = {"function": {"id": "two_wells"}, "runs": ENTRIES[:1], "resolution": 13, **changes}
    with pytest.raises(ValueError, match=message):
        api.basins_part_job(args)
