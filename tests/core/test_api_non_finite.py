"""Formulas that are not finite everywhere (``x/0``, ``1/(x-x)``, ``1/x``, ``log(x)``): the grid
keeps NaN and ±inf, its min/max are the finite values', ``non_finite`` says where in words; the
minima search skips the points where f is not finite; runs still run (diverged where f is not
finite, as always)."""

import json

import numpy as np
import pytest

import optimizers as opt
from pyodide_app import api

NOWHERE_FINITE = ["x/0", "1/(x-x)"]


def grid_of(expression, n=161):
    return api.grid({"function": {"expression": expression}, "nx": n, "ny": n})


@pytest.mark.parametrize("expression", NOWHERE_FINITE)
def test_a_formula_finite_nowhere_gives_a_grid_that_says_so_and_runs_that_diverge(expression):
    made = grid_of(expression)
    assert not np.isfinite(made["values"]).any()
    assert made["min"] is None and made["max"] is None and made["minima"] == [] and made["global_minima"] == []
    non_finite = made["non_finite"]
    assert non_finite["count"] == non_finite["total"] == 161 * 161
    assert non_finite["nan"] + non_finite["infinite"] == non_finite["count"]
    assert non_finite["nan"] == np.isnan(made["values"]).sum()
    assert non_finite["text"] == "f is not finite anywhere in the view (at all 25,921 grid points)"
    reply = api.run({"function": {"expression": expression}, "starts": [[0.5, 0.5], [-1.0, 1.5]],
                     "runs": [{"optimizer": "adam", "hyperparams": {"lr": 0.1}, "steps": 30}]})
    run = reply["runs"][0]
    assert run["status"] == ["diverged", "diverged"] and run["last_step"] == [0, 0]
    assert [said["kind"] for said in run["outcomes"]] == ["diverged", "diverged"]
    json.dumps({key: value for key, value in made.items() if key != "values"}, allow_nan=False)


@pytest.mark.parametrize("expression, count, nan, text", [
    ("1/x", 161, 0, "f is not finite on 161 of 25,921 grid points, along x = 0"),
    ("1/y + 1/x", 321, 0, "f is not finite on 321 of 25,921 grid points, along x = 0 and y = 0"),
    ("1/(x - 0.5)", 161, 0, "f is not finite on 161 of 25,921 grid points, along x = 0.5"),
    ("log(x) + y**2", 81 * 161, 80 * 161, "f is not finite on 13,041 of 25,921 grid points, for x from −2 to 0"),
    ("1/(x**2 + y**2)", 1, 0, "f is not finite on 1 of 25,921 grid points, at (0, 0)"),
    ("1/(x**2 + y**2 - 1)", 4, 0, "f is not finite on 4 of 25,921 grid points, at (0, −1), (−1, 0), (1, 0) and (0, 1)"),
    ("log(x*y)", None, None, "f is not finite on 13,121 of 25,921 grid points, in the part of the view with "
                             "x from −2 to 2 and y from −2 to 2"),
])
def test_the_grid_says_which_part_is_not_finite(expression, count, nan, text):
    made = grid_of(expression)
    values = made["values"]
    bad = ~np.isfinite(values)
    non_finite = made["non_finite"]
    assert non_finite["text"] == text
    assert non_finite["count"] == bad.sum() and non_finite["total"] == values.size
    assert (non_finite["nan"], non_finite["infinite"]) == (np.isnan(values).sum(), np.isinf(values).sum())
    if count is not None:
        assert (non_finite["count"], non_finite["nan"]) == (count, nan)
    assert made["min"] == values[~bad].min() and made["max"] == values[~bad].max()


def test_a_finite_grid_has_no_non_finite_part():
    assert grid_of("x**2 + y**2", 21)["non_finite"] is None
    assert api.grid({"function": {"id": "two_wells"}, "nx": 21, "ny": 21})["non_finite"] is None


@pytest.mark.parametrize("expression, minima", [
    ("(x**2 - 1)**2 + y**2 + 0*log(x)", [[1.0, 0.0]]),     # the twin at (-1, 0) is where log(x) is NaN
    ("1/x + x**2 + y**2", [[0.5 ** (1 / 3), 0.0]]),        # -inf just left of x = 0 is no minimum
])
def test_the_minima_search_skips_points_where_f_is_not_finite(expression, minima):
    made = grid_of(expression, 41)
    np.testing.assert_allclose(made["minima"], minima, atol=1e-9)
    assert all(value is not None for value in made["minima_values"])
    function = opt.from_expression(expression)
    assert np.isfinite(function.value(function.minima)).all()


def test_runs_on_a_formula_that_is_finite_in_part_run_and_stop_where_it_is_not():
    reply = api.run({"function": {"expression": "log(x) + y**2"}, "starts": [[1.5, 1.0], [-1.0, 1.0]],
                     "runs": [{"optimizer": "sgd", "hyperparams": {"lr": 0.01}, "steps": 50}]})
    run = reply["runs"][0]
    assert run["status"] == ["ok", "diverged"]
    assert [said["kind"] for said in run["outcomes"]] == ["still-moving", "diverged"]
    points = run["points"].reshape(51, 2, 2)
    assert np.isfinite(points[:, 0]).all() and np.isnan(points[1:, 1]).all()
