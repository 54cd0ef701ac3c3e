"""Tests of the test functions: formulas, gradients, minima, parameters, batching.

Tables over every function in ``FUNCTIONS``; the literature's minima are checked against
what the code finds on its own (lattice search + Newton), not against a copy of itself.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizers.functions import FUNCTIONS, TestFunction
from optimizers.functions.minima import find_minima
from start_points import points_in

IDS = ["two_wells", "rastrigin", "rosenbrock", "beale", "booth", "himmelblau", "goldstein_price",
       "six_hump_camel", "three_hump_camel", "ackley", "levi13", "styblinski_tang", "matyas",
       "mccormick", "saddle", "monkey_saddle"]
ALL = pytest.mark.parametrize("fn", [FUNCTIONS[i] for i in IDS], ids=IDS)

# id -> (global value, global minima (all of them), tolerance on the location and value)
LITERATURE = {
    "rastrigin": (0.0, [(0.0, 0.0)], 1e-9),
    "rosenbrock": (0.0, [(1.0, 1.0)], 1e-9),
    "beale": (0.0, [(3.0, 0.5)], 1e-9),
    "booth": (0.0, [(1.0, 3.0)], 1e-9),
    "himmelblau": (0.0, [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)], 1e-5),
    "goldstein_price": (3.0, [(0.0, -1.0)], 1e-9),
    "six_hump_camel": (-1.0316, [(0.0898, -0.7126), (-0.0898, 0.7126)], 1e-4),
    "three_hump_camel": (0.0, [(0.0, 0.0)], 1e-9),
    "ackley": (0.0, [(0.0, 0.0)], 1e-15),
    "levi13": (0.0, [(1.0, 1.0)], 1e-9),
    # the often quoted -39.16599 per coordinate is rounded low; the exact one is -39.1661657...
    "styblinski_tang": (-39.16599 * 2, [(-2.903534, -2.903534)], 5e-4),
    "matyas": (0.0, [(0.0, 0.0)], 1e-9),
    "mccormick": (-1.9133, [(-0.54719, -1.54719)], 1e-4),
    "two_wells": (None, [], 0.0),
    "saddle": (None, [], 0.0),
    "monkey_saddle": (None, [], 0.0),
}

# number of local minima in the default view
COUNTS = {
    "two_wells": 2, "rastrigin": 121, "rosenbrock": 1, "beale": 1, "booth": 1, "himmelblau": 4,
    "goldstein_price": 4, "six_hump_camel": 6, "three_hump_camel": 3, "ackley": 121,
    "levi13": 1179,   # not from the literature: what a 3x finer search also finds (regression)
    "styblinski_tang": 4, "matyas": 1, "mccormick": 2, "saddle": 0, "monkey_saddle": 0,
}


def fd_hessian(fn: TestFunction, points: np.ndarray, h: float = 1e-6) -> np.ndarray:
    cols = []
    for k in range(2):
        e = np.zeros(2)
        e[k] = h
        cols.append((fn.grad(points + e) - fn.grad(points - e)) / (2 * h))
    hess = np.stack(cols, axis=2)
    return 0.5 * (hess + np.swapaxes(hess, 1, 2))


# --- the registry and the metadata -------------------------------------------------

def test_registry_has_exactly_the_listed_ids():
    assert sorted(FUNCTIONS) == sorted(IDS)
    assert all(fn.id == key for key, fn in FUNCTIONS.items())
    assert set(LITERATURE) == set(IDS) and set(COUNTS) == set(IDS)


@ALL
def test_metadata(fn):
    assert isinstance(fn, TestFunction)
    assert fn.name and isinstance(fn.name, str)
    assert fn.formula.startswith("f(x, y) =")
    assert fn.reference
    assert fn.contour_scale in ("linear", "log")
    assert fn.value_fn.__doc__, "each function documents its formula, minima and reference"
    (x_min, x_max), (y_min, y_max) = fn.domain
    assert np.shape(fn.domain) == (2, 2)
    assert x_min < x_max and y_min < y_max
    assert all(isinstance(v, float) for v in fn.params.values())


def test_literature_domains():
    expected = {
        "rastrigin": ((-5.12, 5.12), (-5.12, 5.12)), "beale": ((-4.5, 4.5), (-4.5, 4.5)),
        "himmelblau": ((-5.0, 5.0), (-5.0, 5.0)), "goldstein_price": ((-2.0, 2.0), (-2.0, 2.0)),
        "six_hump_camel": ((-3.0, 3.0), (-2.0, 2.0)), "ackley": ((-5.0, 5.0), (-5.0, 5.0)),
        "levi13": ((-10.0, 10.0), (-10.0, 10.0)), "styblinski_tang": ((-5.0, 5.0), (-5.0, 5.0)),
        "matyas": ((-10.0, 10.0), (-10.0, 10.0)), "mccormick": ((-1.5, 4.0), (-3.0, 4.0)),
        "booth": ((-10.0, 10.0), (-10.0, 10.0)),
    }
    for key, domain in expected.items():
        assert FUNCTIONS[key].domain == domain, key
    for key in ("saddle", "monkey_saddle"):
        (x_min, x_max), (y_min, y_max) = FUNCTIONS[key].domain
        assert x_min == -x_max and y_min == -y_max


def test_default_params():
    assert dict(FUNCTIONS["two_wells"].params) == {"a": 2.0, "b": 3.0, "c": 0.2, "d": 0.2}
    assert dict(FUNCTIONS["rastrigin"].params) == {"A": 10.0}
    assert dict(FUNCTIONS["rosenbrock"].params) == {"a": 1.0, "b": 100.0}
    assert dict(FUNCTIONS["ackley"].params) == {"a": 20.0, "b": 0.2, "c": 2 * np.pi}


# --- values and gradients ----------------------------------------------------------

@ALL
def test_gradient_matches_central_differences(fn):
    xy = points_in(fn, 64, seed=1)
    grad = fn.grad(xy)
    scale = np.maximum(1.0, np.abs(xy))
    for k in range(2):
        h = 1e-6 * scale[:, k]
        e = np.zeros_like(xy)
        e[:, k] = h
        f_plus, f_minus = fn.value(xy + e), fn.value(xy - e)
        fd = (f_plus - f_minus) / (2 * h)
        rounding = 1e-15 * np.maximum(np.abs(f_plus), np.abs(f_minus)) / h
        tol = 1e-6 * np.maximum(1.0, np.abs(grad[:, k])) + 10 * rounding
        assert np.all(np.abs(fd - grad[:, k]) <= tol), (fn.id, k, np.abs(fd - grad[:, k]).max())


@ALL
def test_shapes_and_dtypes(fn):
    xy = points_in(fn, 5)
    assert fn.value(xy).shape == (5,) and fn.value(xy).dtype == np.float64
    assert fn.grad(xy).shape == (5, 2) and fn.grad(xy).dtype == np.float64
    assert fn.value(np.empty((0, 2))).shape == (0,)
    assert fn.grad(np.empty((0, 2))).shape == (0, 2)
    assert fn.value(xy[0]).shape == (1,)              # a single point is one row
    assert fn.grad(xy[0].tolist()).shape == (1, 2)
    with pytest.raises(ValueError):
        fn.value(np.zeros((3, 3)))


EXTREME = [0.0, -0.0, 1.0, -1.0, 1e-300, 1e8, -1e8, 1e154, -1e154, 1e300, -1e300,
           np.finfo(float).max, -np.finfo(float).max, np.inf, -np.inf, np.nan]


def extreme_points() -> np.ndarray:
    grid = np.array(np.meshgrid(EXTREME, EXTREME)).reshape(2, -1).T
    return np.ascontiguousarray(grid)


@ALL
def test_batched_equals_single_rows_bit_for_bit(fn):
    xy = np.concatenate([points_in(fn, 37, seed=2), extreme_points()])
    with np.errstate(all="ignore"):
        values, grads = fn.value(xy), fn.grad(xy)
        for i in range(xy.shape[0]):
            np.testing.assert_array_equal(fn.value(xy[i:i + 1]), values[i:i + 1])
            np.testing.assert_array_equal(fn.grad(xy[i:i + 1]), grads[i:i + 1])
        # a strided (non-contiguous) batch and a subset give the same rows too
        np.testing.assert_array_equal(fn.value(xy[::3]), values[::3])
        np.testing.assert_array_equal(fn.grad(np.asfortranarray(xy[1::2])), grads[1::2])


@ALL
def test_no_warning_escapes_errstate_on_huge_inputs(fn):
    xy = extreme_points()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="ignore"):
            values, grads = fn.value(xy), fn.grad(xy)
    assert values.shape == (xy.shape[0],) and grads.shape == xy.shape
    finite = np.isfinite(xy).all(axis=1) & (np.abs(xy) <= 1.0).all(axis=1)
    assert np.isfinite(values[finite]).all() and np.isfinite(grads[finite]).all()


@ALL
def test_no_warning_in_the_view(fn):
    """Ordinary points (the minima, the corners, the origin) raise no floating-point warning."""
    (x_min, x_max), (y_min, y_max) = fn.domain
    xy = np.concatenate([points_in(fn, 50, seed=3), fn.minima,
                         [[x_min, y_min], [x_max, y_max], [0.0, 0.0], [1.0, 1.0]]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            assert np.isfinite(fn.value(xy)).all()
            assert np.isfinite(fn.grad(xy)).all()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(IDS),
       st.lists(st.tuples(st.floats(allow_nan=True, allow_infinity=True),
                          st.floats(allow_nan=True, allow_infinity=True)), min_size=1, max_size=6))
def test_any_floats_batched_equals_single_without_warnings(key, rows):
    fn = FUNCTIONS[key]
    xy = np.array(rows, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="ignore"):
            values, grads = fn.value(xy), fn.grad(xy)
            for i in range(xy.shape[0]):
                np.testing.assert_array_equal(fn.value(xy[i]), values[i:i + 1])
                np.testing.assert_array_equal(fn.grad(xy[i]), grads[i:i + 1])


# --- minima ------------------------------------------------------------------------

@ALL
def test_minima_are_minima_in_the_view(fn):
    minima = fn.minima
    assert minima.ndim == 2 and minima.shape[1] == 2 and minima.dtype == np.float64
    assert len(minima) == COUNTS[fn.id]
    if len(minima) == 0:
        assert fn.global_minima.shape == (0, 2) and fn.minima_values.shape == (0,)
        return
    (x_min, x_max), (y_min, y_max) = fn.domain
    assert np.all((minima[:, 0] >= x_min) & (minima[:, 0] <= x_max))
    assert np.all((minima[:, 1] >= y_min) & (minima[:, 1] <= y_max))
    grad = np.hypot(*fn.grad(minima).T)
    eig = np.linalg.eigvalsh(fd_hessian(fn, minima))
    scale = np.maximum(1.0, np.abs(eig).max(axis=1) * np.abs(minima).max(axis=1))
    assert np.all(grad <= 1e-12 * scale), grad.max()
    assert np.all(grad <= 1e-10)
    assert np.all(eig[:, 0] > 0), "every listed point is a strict local minimum"
    # no duplicates
    gaps = np.abs(minima[:, None, :] - minima[None, :, :]).max(axis=2) + np.eye(len(minima))
    assert gaps.min() > 1e-6
    # values: sorted, and the global minima are the lowest ones
    values = fn.minima_values
    np.testing.assert_array_equal(values, fn.value(minima))
    assert np.all(np.diff(values) >= -1e-9 * max(1.0, np.abs(values).max()))
    glob = fn.global_minima
    assert len(glob) >= 1
    assert np.allclose(fn.value(glob), values.min(), rtol=0, atol=1e-9 * max(1.0, abs(values.min())))
    assert all(np.any(np.all(minima == g, axis=1)) for g in glob)


@pytest.mark.parametrize("key", [k for k, v in LITERATURE.items() if v[0] is not None])
def test_global_minima_match_the_literature(key):
    fn = FUNCTIONS[key]
    value, locations, tol = LITERATURE[key]
    glob = fn.global_minima
    assert len(glob) == len(locations)
    for location in locations:
        distance = np.abs(glob - np.array(location)).max(axis=1)
        assert distance.min() <= max(tol, 1e-9), (key, location, glob)
    np.testing.assert_allclose(fn.value(glob), value, rtol=0, atol=max(tol, 1e-12))


def test_known_local_minima():
    def has(fn, point, value, tol=1e-5):
        i = np.abs(fn.minima - np.array(point)).max(axis=1).argmin()
        return np.abs(fn.minima[i] - point).max() < tol and abs(fn.minima_values[i] - value) < tol
    gp = FUNCTIONS["goldstein_price"]
    assert has(gp, (-0.6, -0.4), 30.0) and has(gp, (1.8, 0.2), 84.0) and has(gp, (1.2, 0.8), 840.0)
    assert has(FUNCTIONS["three_hump_camel"], (1.747552, -0.873776), 0.298638)
    assert has(FUNCTIONS["mccormick"], (2.594395, 1.594395), np.sin(4 * np.pi / 3) + 2 * np.pi / 3)
    st_minima = FUNCTIONS["styblinski_tang"].minima
    assert sorted(set(np.round(st_minima.ravel(), 6))) == [-2.903534, 2.746803]


def test_rastrigin_minima_are_not_at_the_integers():
    fn = FUNCTIONS["rastrigin"]
    near = np.round(fn.minima)
    assert np.array_equal(np.unique(near[:, 0]), np.arange(-5.0, 6.0))
    off = fn.minima - near
    assert np.all(np.abs(off) < 0.05)
    assert np.all(np.abs(off[near != 0]) > 1e-4)
    # each coordinate solves 2x + 2 pi A sin 2 pi x = 0, pulled towards 0
    assert np.all(np.abs(fn.minima[near != 0]) < np.abs(near[near != 0]))


@pytest.mark.parametrize("key", ["two_wells", "rastrigin", "six_hump_camel", "himmelblau", "ackley",
                                 "mccormick", "goldstein_price", "beale", "styblinski_tang"])
def test_a_finer_search_finds_no_other_minimum(key):
    fn = FUNCTIONS[key]
    step = fn.search_step(**fn.params) if callable(fn.search_step) else fn.search_step
    finer = find_minima(fn.value, fn.grad, fn.domain, step / 3.0)
    assert len(finer) == len(fn.minima)
    assert all(np.abs(fn.minima - p).max(axis=1).min() < 1e-7 for p in finer)


def test_minima_are_deterministic():
    # (how long the search takes is bench/core.py's to print: --only minima)
    for key in IDS:
        fresh = dataclasses.replace(FUNCTIONS[key])
        np.testing.assert_array_equal(fresh.minima, FUNCTIONS[key].minima)
    assert not FUNCTIONS["rastrigin"].minima.flags.writeable


# --- two wells ---------------------------------------------------------------------

def test_two_wells_minima_are_near_but_not_at_plus_minus_one():
    fn = FUNCTIONS["two_wells"]
    left, right = sorted(fn.minima.tolist())
    assert abs(left[0] + 1) < 0.1 and abs(right[0] - 1) < 0.1 and left[1] == 0.0 == right[1]
    assert abs(left[0] + 1) > 1e-3 and abs(right[0] - 1) > 1e-3
    assert fn.global_minima.shape == (1, 2) and fn.global_minima[0, 0] < 0   # b > a: the left well


def test_two_wells_params_move_the_global_minimum():
    fn = FUNCTIONS["two_wells"].with_params(a=4.0, b=1.0)
    assert len(fn.minima) == 2
    assert fn.global_minima.shape == (1, 2) and abs(fn.global_minima[0, 0] - 1) < 0.1
    even = FUNCTIONS["two_wells"].with_params(a=3.0, b=3.0)
    assert len(even.global_minima) == 2                                    # a tie: both wells
    np.testing.assert_allclose(even.global_minima[:, 0], -even.global_minima[::-1, 0], atol=1e-12)
    flat = FUNCTIONS["two_wells"].with_params(a=0.0, b=0.0)               # only the bowl is left
    np.testing.assert_array_equal(flat.minima, [[0.0, 0.0]])


# --- parameters --------------------------------------------------------------------

def test_rosenbrock_with_params_moves_the_minimum():
    for a, b in [(1.5, 100.0), (-1.0, 10.0), (0.5, 1.0)]:
        fn = FUNCTIONS["rosenbrock"].with_params(a=a, b=b)
        np.testing.assert_allclose(fn.global_minima, [[a, a * a]], atol=1e-12)
        assert fn.params == {"a": a, "b": b}
    np.testing.assert_array_equal(FUNCTIONS["rosenbrock"].global_minima, [[1.0, 1.0]])


def test_rastrigin_amplitude_changes_the_number_of_minima():
    assert len(FUNCTIONS["rastrigin"].with_params(A=0.0).minima) == 1
    assert len(FUNCTIONS["rastrigin"].with_params(A=1.0).minima) < 121
    wide = FUNCTIONS["ackley"].with_params(c=np.pi)                       # period 2: fewer minima
    assert 1 < len(wide.minima) < len(FUNCTIONS["ackley"].minima)
    np.testing.assert_array_equal(wide.global_minima, [[0.0, 0.0]])


def test_with_params_checks_names_and_values():
    with pytest.raises(ValueError, match="no parameter"):
        FUNCTIONS["two_wells"].with_params(e=1.0)
    with pytest.raises(ValueError, match="no parameter"):
        FUNCTIONS["booth"].with_params(a=1.0)
    for bad in [{"c": 0.0}, {"d": -1.0}, {"c": 1e-3}, {"a": float("nan")}, {"b": float("inf")},
                {"a": "x"}, {"a": None}]:
        with pytest.raises(ValueError):
            FUNCTIONS["two_wells"].with_params(**bad)
    with pytest.raises(ValueError):
        FUNCTIONS["rastrigin"].with_params(A=-1.0)
    with pytest.raises(ValueError):
        FUNCTIONS["ackley"].with_params(c=100.0)        # too many minima to search in the view


def test_with_params_returns_a_new_function_and_leaves_the_registry_alone():
    base = FUNCTIONS["two_wells"]
    changed = base.with_params(a=2.5)
    assert changed is not base and changed.id == base.id and changed != base
    assert base.params["a"] == 2.0 and changed.params["a"] == 2.5
    assert base.with_params() is base and base.with_params(a=2) is base
    assert changed == base.with_params(a=2.5) and hash(changed) == hash(base.with_params(a=2.5))
    with pytest.raises(TypeError):
        base.params["a"] = 1.0
    xy = points_in(base, 4)
    assert not np.array_equal(changed.value(xy), base.value(xy))
