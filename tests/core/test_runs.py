"""Table tests of batched runs: every optimizer on every function (optax alias_test style)."""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import optimizers as opt
from optimizers.trajectory import ESCAPE_SCALE
from start_points import starts_in

OPTIMIZER_IDS = sorted(opt.OPTIMIZERS)
WITH_LR = [i for i in OPTIMIZER_IDS if "lr" in inspect.signature(opt.OPTIMIZERS[i]).parameters]
FUNCTION_IDS = sorted(opt.FUNCTIONS)


def assert_trajectory_well_formed(trajectory, steps, count):
    assert trajectory.points.shape == (steps + 1, count, 2)
    assert trajectory.values.shape == (steps + 1, count)
    assert set(trajectory.status) <= {"ok", "diverged", "escaped"}
    for row in range(count):
        last = trajectory.last_step[row]
        assert np.isfinite(trajectory.points[: last + 1, row]).all()
        assert np.isfinite(trajectory.values[: last + 1, row]).all()
        assert np.isnan(trajectory.points[last + 1:, row]).all()
        assert np.isnan(trajectory.values[last + 1:, row]).all()
        if trajectory.status[row] == "ok":
            assert last == steps, "an ok run is finite throughout"
        else:
            assert last < steps


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_every_optimizer_runs_on_every_function(optimizer_id, function_id):
    function = opt.FUNCTIONS[function_id]
    starts = starts_in(function, 3, seed=7)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trajectory = opt.run(opt.OPTIMIZERS[optimizer_id](), function, starts, 40)
    assert_trajectory_well_formed(trajectory, 40, 3)
    np.testing.assert_array_equal(trajectory.points[0], starts)
    np.testing.assert_array_equal(trajectory.values[0], function.value(starts))


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_batched_run_equals_single_runs_bit_for_bit(optimizer_id):
    function = opt.FUNCTIONS["two_wells"]
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    starts = starts_in(function, 5, seed=3)
    batched = opt.run(optimizer, function, starts, 60)
    for row, start in enumerate(starts):
        single = opt.run(optimizer, function, start[None, :], 60)
        np.testing.assert_array_equal(batched.points[:, row], single.points[:, 0])
        np.testing.assert_array_equal(batched.values[:, row], single.values[:, 0])
        assert batched.status[row] == single.status[0]


@settings(max_examples=30, deadline=None)
@given(optimizer_id=st.sampled_from(OPTIMIZER_IDS), function_id=st.sampled_from(FUNCTION_IDS),
       seed=st.integers(0, 2**32 - 1), count=st.integers(2, 6))
def test_batched_equals_single_property(optimizer_id, function_id, seed, count):
    function = opt.FUNCTIONS[function_id]
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    starts = starts_in(function, count, seed)
    batched = opt.run(optimizer, function, starts, 15)
    row = seed % count
    single = opt.run(optimizer, function, starts[row:row + 1], 15)
    np.testing.assert_array_equal(batched.points[:, row], single.points[:, 0])


def huge_rate(optimizer_id):
    """The optimizer with a learning rate of 1e3 (lookahead's goes to its inner optimizer)."""
    if optimizer_id == "lookahead":
        return opt.OPTIMIZERS["lookahead"](inner="adam", inner_hyperparams={"lr": 1e3})
    return opt.OPTIMIZERS[optimizer_id](lr=1e3)


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
@pytest.mark.parametrize("optimizer_id", WITH_LR + ["lookahead"])
def test_huge_learning_rate_never_raises_or_warns(optimizer_id, function_id):
    function = opt.FUNCTIONS[function_id]
    optimizer = huge_rate(optimizer_id)
    starts = starts_in(function, 4, seed=11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trajectory = opt.run(optimizer, function, starts, 200)
    assert_trajectory_well_formed(trajectory, 200, 4)


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_plain_sgd_at_huge_learning_rate_blows_up(function_id):
    function = opt.FUNCTIONS[function_id]
    trajectory = opt.run(opt.OPTIMIZERS["sgd"](lr=1e3), function, starts_in(function, 4, seed=5), 200)
    assert set(trajectory.status) <= {"diverged", "escaped"}
    assert (trajectory.last_step < 200).all()


def test_escaped_run_stops_at_the_escape_box():
    function = opt.FUNCTIONS["saddle"]
    trajectory = opt.run(opt.OPTIMIZERS["sgd"](lr=0.5), function, [[0.0, 0.1]], 500)
    assert trajectory.status.tolist() == ["escaped"]
    last = trajectory.last_step[0]
    (x_min, x_max), (y_min, y_max) = function.domain
    limit = ESCAPE_SCALE * max(x_max - x_min, y_max - y_min)
    assert np.abs(trajectory.points[last, 0]).max() <= limit + abs(y_max + y_min)
    assert np.isnan(trajectory.points[last + 1:]).all()


def test_non_finite_start_is_diverged_at_once():
    trajectory = opt.run(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["booth"], [[np.nan, 0.0], [1.0, 3.0]], 5)
    assert trajectory.status.tolist() == ["diverged", "ok"]
    assert trajectory.last_step.tolist() == [0, 5]


def test_gradient_noise_is_reproducible_and_changes_the_path():
    function = opt.FUNCTIONS["two_wells"]
    optimizer = opt.OPTIMIZERS["sgd"](lr=0.02)
    first = opt.run(optimizer, function, [[0.3, 0.8]], 50, noise=0.5, seed=1)
    again = opt.run(optimizer, function, [[0.3, 0.8]], 50, noise=0.5, seed=1)
    other = opt.run(optimizer, function, [[0.3, 0.8]], 50, noise=0.5, seed=2)
    clean = opt.run(optimizer, function, [[0.3, 0.8]], 50)
    np.testing.assert_array_equal(first.points, again.points)
    assert not np.array_equal(first.points, other.points)
    assert not np.array_equal(first.points, clean.points)
    # the noise is N(0, sigma^2): the first step's deviation from the clean step is noise * lr
    rng = np.random.default_rng(1)
    expected = clean.points[1, 0] - 0.02 * 0.5 * rng.standard_normal(2)
    np.testing.assert_allclose(first.points[1, 0], expected, rtol=1e-15)


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_run_rejects_bad_step_counts(bad):
    with pytest.raises(ValueError, match="steps"):
        opt.run(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["booth"], [[0.0, 0.0]], bad)


def test_run_rejects_bad_start_shapes():
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        opt.run(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["booth"], [[0.0, 0.0, 0.0]], 5)


def test_zero_steps_returns_the_starts():
    trajectory = opt.run(opt.OPTIMIZERS["adam"](), opt.FUNCTIONS["booth"], [[1.0, 2.0]], 0)
    assert trajectory.points.shape == (1, 1, 2)
    assert trajectory.status.tolist() == ["ok"]


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_every_factory_works_with_no_arguments_and_round_trips_its_settings(optimizer_id):
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    assert optimizer.name == optimizer_id
    rebuilt = opt.OPTIMIZERS[optimizer_id](**optimizer.hyperparams)
    function = opt.FUNCTIONS["rosenbrock"]
    np.testing.assert_array_equal(opt.run(optimizer, function, [[-1.0, 2.0]], 20).points,
                                  opt.run(rebuilt, function, [[-1.0, 2.0]], 20).points)


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_every_optimizer_has_a_docstring_with_a_reference(optimizer_id):
    doc = opt.OPTIMIZERS[optimizer_id].__doc__ or ""
    assert len(doc) > 200
    assert any(str(year) in doc for year in range(1950, 2027)), "the docstring cites its paper"


@pytest.mark.parametrize("optimizer_id", WITH_LR)
def test_negative_learning_rate_is_a_plain_value_error(optimizer_id):
    with pytest.raises(ValueError, match="lr"):
        opt.OPTIMIZERS[optimizer_id](lr=-1.0)


def test_most_optimizers_take_a_learning_rate():
    assert set(OPTIMIZER_IDS) - set(WITH_LR) == {"lookahead"}


# --- rows that stop are dropped from the batch; the others must not notice -------------------

class Cliff:
    """A slope towards +x that ends at a cliff: f = y²/2 − x, undefined (NaN) for x > 0.

    Every optimizer walks towards the edge; rows starting nearer reach it sooner, so rows
    stop (diverged) at different steps while others keep running.
    """

    domain = ((-1.0, 1.0), (-1.0, 1.0))
    minima = np.zeros((0, 2))

    def value(self, xy):
        x, y = xy[:, 0], xy[:, 1]
        return np.where(x > 0.0, np.nan, 0.5 * y * y - x)

    def grad(self, xy):
        return np.stack([np.full(len(xy), -1.0), xy[:, 1]], axis=1)


CLIFF_STARTS = np.array([[-1e-4, 0.5], [np.nan, 0.0], [-1e-3, -0.3], [-0.01, 0.2], [-0.05, 0.0],
                         [-0.2, 0.9], [-0.9, -0.5]])
OFF_AT_ONCE = {"schedule_free_sgd"}  # lr = 1: every row jumps off the cliff at the first step


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_rows_stopping_at_different_steps_leave_the_others_unchanged(optimizer_id):
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    batched = opt.run(optimizer, Cliff(), CLIFF_STARTS, 100)
    if optimizer_id not in OFF_AT_ONCE:
        assert len(set(batched.last_step[batched.status != "ok"].tolist())) >= 2, "rows stop at different steps"
    for row, start in enumerate(CLIFF_STARTS):
        single = opt.run(optimizer, Cliff(), start[None, :], 100)
        np.testing.assert_array_equal(batched.points[:, row], single.points[:, 0])
        np.testing.assert_array_equal(batched.values[:, row], single.values[:, 0])
        assert (batched.status[row], batched.last_step[row]) == (single.status[0], single.last_step[0])


def state_arrays(state):
    """Every array in a (nested) optimizer state."""
    if isinstance(state, np.ndarray):
        return [state]
    if isinstance(state, (tuple, list)):
        return [array for item in state for array in state_arrays(item)]
    return []


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_every_array_in_a_state_is_per_row(optimizer_id):
    """The rule that lets a batch drop rows: a state's arrays have one row per point."""
    optimizer = opt.OPTIMIZERS[optimizer_id]()
    params = np.array([[0.1, 0.2], [0.3, -0.4], [-0.5, 0.6]])
    state = optimizer.init(params)
    for _ in range(3):
        arrays = [a for a in state_arrays(state) if a.ndim]
        assert arrays and all(a.shape[0] == 3 for a in arrays), [a.shape for a in arrays]
        _, state = optimizer.update(np.ones((3, 2)), state, params, np.array([1.0, 2.0, 3.0]))
