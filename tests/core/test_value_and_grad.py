"""``TestFunction.value_and_grad`` and the step that uses it: the very bits of ``value`` and ``grad``.

A function with ``value_and_grad_fn`` (two wells) is evaluated once per step at the new
points, value and gradient together, and the gradient is kept for the next step. So its
value and gradient must equal ``value`` and ``grad`` bit for bit (a NaN stays a NaN), for
any points and parameters; and runs, recorded gradients and basin maps must be those of
the plain loop that calls ``grad`` and ``value`` separately. The quick in-box test of a
step (a dot product against the largest square about the origin inside the escape box)
is checked where it must fail: near the box's edge, and for a view far from the origin.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

import optimizers as opt
from optimizers.schedules import Cosine, LinearWarmup, Step
from optimizers.trajectory import ESCAPE_SCALE, Batch
from test_basins_fast import assert_same_map, lattice_starts, plain_end_points

FUNCTION_IDS = sorted(opt.FUNCTIONS)
COMBINED = [fid for fid in FUNCTION_IDS if opt.FUNCTIONS[fid].value_and_grad_fn is not None]

coordinate = st.one_of(st.floats(-5.0, 5.0), st.floats(allow_nan=True, allow_infinity=True, width=64),
                       st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e-300, 5e-324, 1e154, 1e300]))
points = st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=40)


def same_bits_or_both_nan(actual, expected):
    """Equal as floats, where a NaN equals a NaN (its sign bit may differ)."""
    assert actual.shape == expected.shape and actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)
    finite = ~np.isnan(expected)
    # -0.0 == 0.0 for assert_array_equal: compare the bits where not NaN
    np.testing.assert_array_equal(actual[finite].view(np.int64), expected[finite].view(np.int64))


def test_two_wells_has_its_value_and_grad_in_one_pass():
    assert "two_wells" in COMBINED


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xy=points)
@example(xy=[(1.0, 0.0), (-1.0, 0.0), (np.nan, 0.0), (np.inf, -np.inf), (1e200, -1e200), (-0.0, 5e-324)])
def test_value_and_grad_equal_value_and_grad_bit_for_bit(function_id, xy):
    function = opt.FUNCTIONS[function_id]
    xy = np.array(xy, dtype=np.float64)
    with np.errstate(all="ignore"):
        value, grad = function.value_and_grad(xy)
        same_bits_or_both_nan(value, function.value(xy))
        same_bits_or_both_nan(grad, function.grad(xy))


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.0, 10.0), b=st.floats(0.0, 10.0), c=st.floats(0.01, 100.0), d=st.floats(0.01, 100.0),
       xy=points)
def test_two_wells_value_and_grad_for_any_parameters(a, b, c, d, xy):
    function = opt.FUNCTIONS["two_wells"].with_params(a=a, b=b, c=c, d=d)
    xy = np.array(xy, dtype=np.float64)
    with np.errstate(all="ignore"):
        value, grad = function.value_and_grad(xy)
        same_bits_or_both_nan(value, function.value(xy))
        same_bits_or_both_nan(grad, function.grad(xy))


def test_a_function_without_it_gets_value_and_grad_called_separately():
    function = opt.FUNCTIONS["booth"]
    assert function.value_and_grad_fn is None
    value, grad = function.value_and_grad([[1.0, 2.0]])
    np.testing.assert_array_equal(value, function.value([[1.0, 2.0]]))
    np.testing.assert_array_equal(grad, function.grad([[1.0, 2.0]]))


# --- runs and maps that use it ----------------------------------------------------------

SCHEDULED = [("sgd", dict(lr=Step(0.05, 7, 0.5), momentum=0.9)),
             ("adam", dict(lr=Cosine(0.05, 40))),
             ("rmsprop", dict(lr=LinearWarmup(0.02, 10, 40))),
             ("adam", dict(lr=0.01, betas=(0.7, 0.999), eps=1e-6, bias_correction=False)),
             ("adam", dict(lr=0.05, amsgrad=True)),
             ("sgd", dict(lr=0.02, momentum=0.5, dampening=0.3)),
             ("sgd", dict(lr=0.02, momentum=0.8, nesterov=True))]


@pytest.mark.parametrize("name, kwargs", SCHEDULED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SCHEDULED)])
@pytest.mark.parametrize("noise", [0.0, 0.7])
def test_maps_with_schedules_and_step_counters_equal_the_plain_loop(name, kwargs, noise):
    function, optimizer = opt.FUNCTIONS["two_wells"], opt.OPTIMIZERS[name](**kwargs)
    fast = opt.basins(optimizer, function, (11, 9), 40, noise=noise, seed=2, rows_per_chunk=4)
    status, end_points = plain_end_points(optimizer, function, lattice_starts(function, (11, 9)), 40,
                                          noise=noise, seed=2)
    np.testing.assert_array_equal(fast.end_points.reshape(-1, 2), end_points)
    assert_same_map(fast, opt.basins(optimizer, function, (11, 9), 40, noise=noise, seed=2))


@pytest.mark.parametrize("optimizer_id", sorted(opt.OPTIMIZERS))
def test_recorded_gradients_are_the_gradients_at_the_previous_points(optimizer_id):
    function = opt.FUNCTIONS["two_wells"]
    starts = lattice_starts(function, (5, 4))
    trajectory = opt.run(opt.OPTIMIZERS[optimizer_id](), function, starts, 25, record="grad")
    grads = trajectory.recorded["grad"]
    for k in range(1, 26):
        running = k <= trajectory.last_step
        np.testing.assert_array_equal(grads[k][running], function.grad(trajectory.points[k - 1][running]))
        np.testing.assert_array_equal(trajectory.values[k][running], function.value(trajectory.points[k][running]))


def test_runs_near_the_escape_box_edge_stop_exactly_as_the_plain_loop():
    """Starts spread up to the box's edge fail the quick test (the sum of squares is large):
    every row is checked one by one, and those past the edge escape at the right step."""
    function = opt.FUNCTIONS["two_wells"]
    (x_min, x_max), _ = function.domain
    edge = ESCAPE_SCALE * (x_max - x_min)
    starts = np.array([[edge * s, 0.3] for s in np.linspace(-1.0005, 1.0005, 41)]
                      + [[0.5, edge * s] for s in (-0.9999, 0.99999, 1.0)])
    optimizer = opt.OPTIMIZERS["sgd"](lr=1e-4)   # small steps inwards: those past the edge escape at once
    status, end_points = plain_end_points(optimizer, function, starts, 30)
    trajectory = opt.run(optimizer, function, starts, 30)
    assert (trajectory.status == status).all() and {"ok", "escaped"} <= set(status)
    np.testing.assert_array_equal(np.where((status == "ok")[:, None], trajectory.points[-1], np.nan), end_points)


def test_a_view_far_from_the_origin_checks_with_min_and_max():
    """No square about the origin fits inside that view's escape box: the quick test is
    the plain min/max one, and the map is still the plain loop's."""
    far = ((1e5 - 2.0, 1e5 + 2.0), (-2.0, 2.0))
    function = opt.from_expression("(x - 100000)**2 + y**2", domain=far)
    batch = Batch(opt.OPTIMIZERS["sgd"](), function, [[1e5, 0.0]])
    assert batch.inner_squared == 0.0
    optimizer = opt.OPTIMIZERS["sgd"](lr=0.1)
    fast = opt.basins(optimizer, function, (6, 5), 20, domain=far)
    status, end_points = plain_end_points(optimizer, function, lattice_starts(function, (6, 5)), 20)
    np.testing.assert_array_equal(fast.end_points.reshape(-1, 2), end_points)


def test_the_quick_test_holds_for_the_usual_map():
    batch = Batch(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["two_wells"], lattice_starts(opt.FUNCTIONS["two_wells"],
                                                                                      (200, 200)))
    assert batch.inner_squared > 0.0 and batch._inside(batch.params)
    assert not batch._inside(np.array([[0.0, np.nan]])) and not batch._inside(np.array([[1e200, 0.0]]))
    assert not batch._inside(np.array([[batch.inner_high, 0.0]]))   # on the edge: looked at row by row
