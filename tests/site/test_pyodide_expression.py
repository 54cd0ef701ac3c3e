"""A visitor's formula inside Pyodide 0.27.7 (run by Node 20 from the built site).

The hostile corpus of tests/core/test_expression.py (attributes, dunders, imports,
lambdas, deep nesting, 100,000 characters, control and bidirectional characters, HTML...)
is fed to ``optimizers.from_expression`` and to the bridge inside Pyodide: each must raise
``ExpressionError`` with the message CPython gives (a ValueError reply through the bridge),
and nothing may kill Python: a deep recursion aborts Pyodide outright, which is why the
parser bounds its own depth. Afterwards the same Python must still compute valid formulas,
the deepest accepted nestings included, equal to CPython's (relative 1e-9, as the core).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE.parents[1], HERE.parent / "core"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from optimizers.expression import MAX_DEPTH  # noqa: E402

import expression_probe  # noqa: E402  (tests/site/expression_probe.py)
from test_expression import TWINS, VALID  # noqa: E402  (tests/core)
from test_expression_hostile import HOSTILE, NESTINGS, OVERFLOWING  # noqa: E402  (tests/core)
from test_pyodide_core import max_difference, probe_both  # noqa: E402

TOLERANCE = 1e-9
MINIMA = ["(x**2-1)**2 + y**2", TWINS["himmelblau"], TWINS["six_hump_camel"]]
NON_FINITE = ["x/0", "1/(x-x)", "1/x", "log(x) + y**2", "(x**2 - 1)**2 + y**2 + 0*log(x)"]   # not finite in part


def make_cases() -> dict:
    valid = list(VALID) + MINIMA + OVERFLOWING + [nesting(MAX_DEPTH) for nesting in NESTINGS.values()]
    points = np.random.default_rng(5).uniform(-2.0, 2.0, size=(24, 2)).tolist() + [[0.0, 0.0], [1.0, -1.0]]
    return {"hostile": list(HOSTILE), "valid": valid, "minima": MINIMA, "points": points, "non_finite": NON_FINITE}


@pytest.fixture(scope="module")
def both(built_site, tmp_path_factory):
    """(CPython results, Pyodide results, the runner's report)."""
    return probe_both(built_site, tmp_path_factory.mktemp("pyodide-expression"), expression_probe, make_cases(),
                      failure="Pyodide did not survive the corpus: ")


def test_every_hostile_formula_is_refused_in_pyodide_as_in_cpython(both):
    cpython, pyodide, _ = both
    assert len(pyodide["hostile"]) == len(HOSTILE)
    for text, ours, theirs in zip(HOSTILE, cpython["hostile"], pyodide["hostile"]):
        assert theirs["kind"] == "ExpressionError" and theirs["value_error"], (text[:40], theirs)
        assert theirs["message"] == ours["message"], text[:40]
        assert HOSTILE[text] in theirs["message"]


def test_the_bridge_replies_value_error_with_the_same_message(both):
    _, pyodide, _ = both
    for text, refused, reply in zip(HOSTILE, pyodide["hostile"], pyodide["api"]):
        assert reply == {"kind": "ValueError", "message": refused["message"]}, text[:40]


def test_python_is_alive_afterwards_and_computes_as_cpython(both):
    cpython, pyodide, report = both
    assert pyodide["alive"] == 285
    assert report["bridge"]["run_ok"]                 # the runner's own bridge checks ran too
    assert pyodide["valid"].keys() == cpython["valid"].keys()
    worst, where = 0.0, ""
    for text, ours in cpython["valid"].items():
        theirs = pyodide["valid"][text]
        assert {k: theirs[k] for k in ("expression", "formula", "contour_scale")} == \
            {k: ours[k] for k in ("expression", "formula", "contour_scale")}, text[:40]
        for key in ("value", "grad", "minima"):
            difference = max_difference(ours[key], theirs[key], f"{text[:40]} {key}")
            if difference > worst:
                worst, where = difference, f"{text[:40]} {key}"
    print(f"\nformulas: max relative difference CPython vs Pyodide {worst:.3g} ({where or 'none'})")
    assert worst <= TOLERANCE, where


def test_the_deepest_accepted_formulas_evaluate_in_pyodide(both):
    _, pyodide, _ = both
    deepest = NESTINGS["parentheses"](MAX_DEPTH)
    x = np.array(make_cases()["points"])[:, 0]
    np.testing.assert_array_equal(pyodide["valid"][deepest]["value"], x)
    for nesting in NESTINGS.values():
        assert len(pyodide["valid"][nesting(MAX_DEPTH)]["grad"]) == 2 * len(x)


def test_formulas_not_finite_in_part_give_the_same_grids_and_runs_in_pyodide(both):
    """x/0, 1/(x-x), 1/x, log(x): the grid's non-finite part and its words, min/max, the minima
    (none where f is not finite) and how runs end are CPython's."""
    cpython, pyodide, _ = both
    assert pyodide["non_finite"].keys() == cpython["non_finite"].keys() == set(NON_FINITE)
    for text, ours in cpython["non_finite"].items():
        theirs = pyodide["non_finite"][text]
        assert theirs["non_finite"] == ours["non_finite"] and ours["non_finite"] is not None, text
        assert (theirs["finite"], theirs["status"], theirs["outcomes"]) == (ours["finite"], ours["status"],
                                                                             ours["outcomes"]), text
        for key in ("min", "max"):
            assert (theirs[key] is None) == (ours[key] is None), text
            if ours[key] is not None:
                assert max_difference([ours[key]], [theirs[key]], text) <= TOLERANCE
        assert len(theirs["minima"]) == len(ours["minima"]), text
        if ours["minima"]:
            assert max_difference(np.ravel(ours["minima"]).tolist(), np.ravel(theirs["minima"]).tolist(), text) <= TOLERANCE
    assert cpython["non_finite"]["1/x"]["non_finite"]["text"] == "f is not finite on 41 of 1,681 grid points, along x = 0"
