"""``basins`` drops stopped runs and works in chunks: it must give the same map, bit for bit.

The reference is the plain loop ``basins`` used before: every start stepped every time
(stopped ones included) for the full number of steps, then its last point labelled. It
is compared label by label and end point by end point with ``basins`` and with
``opt.run`` for every optimizer on several functions; then chunked vs unchunked maps,
progress reports and cancellation.
"""

from __future__ import annotations

import numpy as np
import pytest

import optimizers as opt
from optimizers.basin_map import BasinsCancelled, label_end_points, lattice
from optimizers.trajectory import ESCAPE_SCALE
from test_runs import Cliff

OPTIMIZER_IDS = sorted(opt.OPTIMIZERS)
# rastrigin has many basins; saddle and monkey_saddle make runs escape, at different steps
FUNCTION_IDS = ("two_wells", "himmelblau", "rastrigin", "saddle", "monkey_saddle")
RESOLUTION = (9, 7)
STEPS = 60


def lattice_starts(function, resolution=RESOLUTION):
    xs, ys = lattice(function.domain, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


def plain_end_points(optimizer, function, starts, steps, noise=0.0, seed=0):
    """Status and last point of every start, every row stepped every time (the old loop)."""
    (x_min, x_max), (y_min, y_max) = function.domain
    centre = np.array([(x_min + x_max) / 2.0, (y_min + y_max) / 2.0])
    half_width = ESCAPE_SCALE * max(x_max - x_min, y_max - y_min)
    low, high = centre - half_width, centre + half_width
    rng = np.random.default_rng(seed) if noise > 0 else None
    params = starts.copy()
    status = np.full(len(params), "ok", dtype=object)
    with np.errstate(all="ignore"):
        value = function.value(params)
        alive = np.isfinite(params).all(axis=1) & np.isfinite(value)
        status[~alive] = "diverged"
        state = optimizer.init(params)
        for _ in range(steps):
            if not alive.any():
                break
            grads = function.grad(params)
            if rng is not None:
                grads = grads + noise * rng.standard_normal(grads.shape)
            updates, state = optimizer.update(grads, state, params, value)
            params = params + updates
            value = function.value(params)
            finite = np.isfinite(params).all(axis=1) & np.isfinite(value) & np.isfinite(grads).all(axis=1)
            outside = ((params < low) | (params > high)).any(axis=1)
            status[alive & ~finite] = "diverged"
            status[alive & finite & outside] = "escaped"
            alive = alive & finite & ~outside
    return status.astype(str), np.where(alive[:, None], params, np.nan)


def assert_same_map(fast, reference):
    np.testing.assert_array_equal(fast.labels, reference.labels)
    np.testing.assert_array_equal(fast.end_points, reference.end_points)
    np.testing.assert_array_equal(fast.fractions, reference.fractions)
    assert (fast.fraction_none, fast.fraction_diverged, fast.fraction_left_view) == \
        (reference.fraction_none, reference.fraction_diverged, reference.fraction_left_view)


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_basins_equal_full_length_plain_runs_label_by_label(optimizer_id, function_id):
    function = opt.FUNCTIONS[function_id]
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    starts = lattice_starts(function)
    fast = opt.basins(optimizer, function, RESOLUTION, STEPS, rows_per_chunk=2)
    tolerance, minima = fast.tolerance, function.minima
    status, end_points = plain_end_points(optimizer, function, starts, STEPS)
    expected = label_end_points(end_points, status, minima, tolerance, function.domain)
    np.testing.assert_array_equal(fast.labels.ravel(), expected)
    np.testing.assert_array_equal(fast.end_points.reshape(-1, 2), end_points)
    # ... and opt.run's last points, classified the same way
    trajectory = opt.run(optimizer, function, starts, STEPS)
    ran = np.where((trajectory.status == "ok")[:, None], trajectory.points[-1], np.nan)
    np.testing.assert_array_equal(ran, end_points)
    np.testing.assert_array_equal(label_end_points(ran, trajectory.status, minima, tolerance, function.domain), expected)


CLIFF_VIEW = ((-0.3, 0.01), (-1.0, 1.0))  # starts from 0.3 to 0 before the cliff's edge (and past it)


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_basins_equal_plain_runs_when_runs_stop_at_many_steps(optimizer_id):
    """On ``Cliff`` runs stop one after another (see test_runs): rows are dropped at many steps."""
    function, optimizer = Cliff(), opt.OPTIMIZERS[optimizer_id]()
    xs, ys = lattice(CLIFF_VIEW, (11, 10))
    grid_x, grid_y = np.meshgrid(xs, ys)
    starts = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    fast = opt.basins(optimizer, function, (11, 10), 80, domain=CLIFF_VIEW, rows_per_chunk=3)
    status, end_points = plain_end_points(optimizer, function, starts, 80)
    assert (status != "ok").any()
    np.testing.assert_array_equal(fast.end_points.reshape(-1, 2), end_points)
    np.testing.assert_array_equal(fast.labels.ravel(), label_end_points(end_points, status, [], fast.tolerance, CLIFF_VIEW))


@pytest.mark.parametrize("preset_id", opt.DEFAULT_PRESETS)
def test_the_default_presets_maps_are_unchanged(preset_id):
    function = opt.FUNCTIONS["two_wells"]
    hyperparams, steps = opt.preset_settings(preset_id, "two_wells")
    optimizer = opt.OPTIMIZERS[opt.PRESETS[preset_id].optimizer](**hyperparams)
    fast = opt.basins(optimizer, function, (41, 39), steps)
    status, end_points = plain_end_points(optimizer, function, lattice_starts(function, (41, 39)), steps)
    np.testing.assert_array_equal(fast.end_points.reshape(-1, 2), end_points)
    np.testing.assert_array_equal(fast.labels.ravel(),
                                  label_end_points(end_points, status, function.minima, fast.tolerance,
                                                   function.domain))


# --- chunks ---------------------------------------------------------------------------------

CHUNK_CASES = [("sgd", dict(lr=0.02), "two_wells", 0.0), ("adam", dict(lr=0.05), "rastrigin", 0.0),
               ("sgd", dict(lr=0.5, momentum=0.5), "saddle", 0.0), ("rmsprop", dict(lr=0.01), "two_wells", 0.5),
               ("sgd", dict(lr=0.5), "saddle", 0.2), ("lookahead", {}, "himmelblau", 1.0)]


@pytest.mark.parametrize("name, kwargs, function_id, noise", CHUNK_CASES,
                         ids=[f"{c[0]}-{c[2]}-noise{c[3]}" for c in CHUNK_CASES])
def test_chunked_equals_unchunked_bit_for_bit(name, kwargs, function_id, noise):
    function = opt.FUNCTIONS[function_id]
    optimizer = opt.OPTIMIZERS[name](**kwargs)
    resolution = (13, 11)
    whole = opt.basins(optimizer, function, resolution, 50, noise=noise, seed=3, rows_per_chunk=11)
    for rows_per_chunk in (1, 2, 4, 10, 100, None):
        chunked = opt.basins(optimizer, function, resolution, 50, noise=noise, seed=3,
                             rows_per_chunk=rows_per_chunk)
        assert_same_map(chunked, whole)
    # one chunk is the plain run of the whole lattice, noise draws included
    status, end_points = plain_end_points(optimizer, function, lattice_starts(function, resolution), 50,
                                          noise=noise, seed=3)
    np.testing.assert_array_equal(whole.end_points.reshape(-1, 2), end_points)


@pytest.mark.parametrize("noise", [0.0, 0.1])
@pytest.mark.parametrize("rows_per_chunk, calls", [(1, 7), (2, 4), (3, 3), (7, 1), (50, 1)])
def test_progress_is_reported_once_per_chunk_ending_at_one(rows_per_chunk, calls, noise):
    fractions = []
    opt.basins(opt.OPTIMIZERS["sgd"](lr=0.02), opt.FUNCTIONS["two_wells"], (5, 7), 30, noise=noise,
               rows_per_chunk=rows_per_chunk, progress=fractions.append)
    assert len(fractions) == calls
    assert fractions[-1] == 1.0 and all(0.0 < f <= 1.0 for f in fractions)
    assert fractions == sorted(set(fractions)), "strictly increasing"
    if noise == 0.0:
        expected = [min(k * rows_per_chunk, 7) / 7 for k in range(1, calls + 1)]
        np.testing.assert_allclose(fractions, expected, rtol=1e-15)


def test_progress_with_noise_is_reported_even_when_every_run_stops_early():
    fractions = []
    blown = opt.basins(opt.OPTIMIZERS["sgd"](lr=1e3), opt.FUNCTIONS["booth"], (5, 6), 100, noise=0.1,
                       rows_per_chunk=2, progress=fractions.append)
    assert (blown.labels == -3).all() and fractions[-1] == 1.0 and len(fractions) <= 3   # escaped: left the view


def test_with_progress_the_default_chunks_keep_calls_few_and_change_nothing():
    optimizer, function = opt.OPTIMIZERS["adam"](lr=0.05), opt.FUNCTIONS["two_wells"]
    fractions = []
    chunked = opt.basins(optimizer, function, (400, 300), 3, progress=fractions.append)
    assert 2 <= len(fractions) <= 10 and fractions[-1] == 1.0
    assert_same_map(chunked, opt.basins(optimizer, function, (400, 300), 3))   # one chunk


@pytest.mark.parametrize("noise", [0.0, 0.1])
def test_progress_returning_false_cancels(noise):
    fractions = []

    def progress(fraction):
        fractions.append(fraction)
        return len(fractions) < 2          # False at the second call

    with pytest.raises(BasinsCancelled) as cancelled:
        opt.basins(opt.OPTIMIZERS["adam"](), opt.FUNCTIONS["two_wells"], (6, 8), 40, noise=noise,
                   rows_per_chunk=2, progress=progress)
    assert len(fractions) == 2 and cancelled.value.fraction == fractions[-1] < 1.0


def test_a_progress_callback_returning_none_or_raising():
    result = opt.basins(opt.OPTIMIZERS["sgd"](lr=0.02), opt.FUNCTIONS["two_wells"], (6, 6), 20,
                        rows_per_chunk=2, progress=lambda fraction: None)
    assert result.labels.shape == (6, 6)

    class Stop(Exception):
        pass

    def stop(fraction):
        raise Stop

    with pytest.raises(Stop):
        opt.basins(opt.OPTIMIZERS["sgd"](lr=0.02), opt.FUNCTIONS["two_wells"], (6, 6), 20, progress=stop)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_rows_per_chunk_must_be_a_positive_whole_number(bad):
    with pytest.raises(ValueError, match="rows_per_chunk"):
        opt.basins(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["booth"], (4, 4), 3, rows_per_chunk=bad)


def drive(steps_done):
    """Every yield of an ``iter_basins`` generator, and what it returns."""
    yields = []
    while True:
        try:
            yields.append(next(steps_done))
        except StopIteration as done:
            return yields, done.value


@pytest.mark.parametrize("noise", [0.0, 0.1])
def test_iter_basins_yields_often_and_returns_the_same_map(noise):
    optimizer, function = opt.OPTIMIZERS["adam"](lr=0.05), opt.FUNCTIONS["two_wells"]
    yields, result = drive(opt.iter_basins(optimizer, function, (7, 9), 40, noise=noise, seed=5,
                                           rows_per_chunk=4, yield_every=10))
    assert_same_map(result, opt.basins(optimizer, function, (7, 9), 40, noise=noise, seed=5))
    fractions = [fraction for fraction, _ in yields]
    assert fractions == sorted(set(fractions)) and fractions[-1] == 1.0 and fractions[0] > 0.0
    reports = [fraction for fraction, report_point in yields if report_point]
    assert len(reports) == 3                                     # 3 chunks of 4, 4 and 1 rows
    assert len(yields) == (3 + 3 * 3 if noise == 0.0 else 3 + 3)  # every 10 of 40 steps, but the last


def test_iter_basins_closed_early_stops_without_a_map():
    steps_done = opt.iter_basins(opt.OPTIMIZERS["sgd"](lr=0.02), opt.FUNCTIONS["two_wells"], (6, 6), 50,
                                 yield_every=5)
    first = next(steps_done)
    steps_done.close()
    assert 0.0 < first[0] < 1.0
    with pytest.raises(StopIteration):
        next(steps_done)
