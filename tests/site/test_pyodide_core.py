"""The core inside Pyodide 0.27.7 (run by Node 20 from the built site) equals the core in CPython.

Every optimizer runs on a few functions through ``pyodide_app.api.run``; every function's
values, gradients and minima are taken at seeded points; the package's doctests run too.
The same calls run in CPython, and the two must agree to a relative difference of 1e-9
(values below 1 compared absolutely): numpy's SIMD ``exp`` and the wasm build may differ
in the last bits. The bridge is checked from the JavaScript side as the worker calls it.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import optimizers as opt  # noqa: E402
from pyodide_app import api  # noqa: E402

import core_probe  # noqa: E402  (tests/site/core_probe.py)

TOLERANCE = 1e-9
RUN_FUNCTIONS = ["two_wells", "rosenbrock", "rastrigin", "himmelblau"]
RUN_STEPS = 60
SMALL_LR = {"rastrigin": 1e-3}



def make_cases() -> dict:
    runs = []
    for function_id in [f for f in RUN_FUNCTIONS if f in opt.FUNCTIONS]:
        function = opt.FUNCTIONS[function_id]
        (x_min, x_max), (y_min, y_max) = function.domain
        starts = [[x_min + (x_max - x_min) * fx, y_min + (y_max - y_min) * fy]
                  for fx, fy in ((0.2, 0.7), (0.65, 0.3), (0.9, 0.85))]
        for optimizer_id in opt.OPTIMIZERS:
            # lr = 0.02 moves every optimizer far in 60 steps; on Rastrigin a large lr makes SGD
            # chaotic (a last-bit difference at step ~13 grows to O(1) by step 60), so there lr = 1e-3.
            has_lr = "lr" in api.default_hyperparams(opt.OPTIMIZERS[optimizer_id])
            hyperparams = {"lr": SMALL_LR.get(function_id, 0.02)} if has_lr else {}
            runs.append({"id": f"{optimizer_id}@{function_id}", "args": {
                "function": {"id": function_id}, "starts": starts,
                "runs": [{"key": optimizer_id, "optimizer": optimizer_id, "hyperparams": hyperparams,
                          "steps": RUN_STEPS}]}})
    rng = np.random.default_rng(7)
    functions = {}
    for function_id, function in opt.FUNCTIONS.items():
        (x_min, x_max), (y_min, y_max) = function.domain
        functions[function_id] = np.column_stack([rng.uniform(x_min, x_max, 16), rng.uniform(y_min, y_max, 16)]).tolist()
    return {"runs": runs, "functions": functions, "doctests": True}


def max_difference(ours, theirs, where: str) -> float:
    """The largest |a - b| / max(|a|, |b|, 1); NaNs must sit in the same places."""
    a, b = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    assert a.shape == b.shape, f"{where}: shapes {a.shape} and {b.shape}"
    assert np.array_equal(np.isnan(a), np.isnan(b)), f"{where}: NaNs differ"
    finite = np.isfinite(a) & np.isfinite(b)
    assert np.array_equal(a[~finite & ~np.isnan(a)], b[~finite & ~np.isnan(b)]), f"{where}: infinities differ"
    if not finite.any():
        return 0.0
    scale = np.maximum(np.maximum(np.abs(a[finite]), np.abs(b[finite])), 1.0)
    return float(np.max(np.abs(a[finite] - b[finite]) / scale))


def probe_both(built_site, folder, probe, cases, failure: str = ""):
    """Run ``probe.compute(cases)`` (a module beside this file) in CPython and inside Pyodide under
    Node (pyodide_runner.mjs): (CPython results, Pyodide results, the runner's report)."""
    cases = json.dumps(cases)
    (folder / "input.json").write_text(cases)
    completed = subprocess.run(
        ["node", str(HERE / "pyodide_runner.mjs"), str(built_site), probe.__file__,
         str(folder / "input.json"), str(folder / "output.json")],
        capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, failure + completed.stderr[-3000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    pyodide = json.loads((folder / "output.json").read_text())
    cpython = json.loads(probe.compute(cases))
    return cpython, pyodide, report


@pytest.fixture(scope="module")
def both(built_site, tmp_path_factory):
    """(CPython results, Pyodide results, the runner's report)."""
    return probe_both(built_site, tmp_path_factory.mktemp("pyodide-core"), core_probe, make_cases())


def test_pyodide_runs_the_versions_we_pinned(both):
    _, _, report = both
    assert report["versions"]["python"].startswith("3.12.")
    assert report["versions"]["numpy"] == "2.0.2"
    assert report["versions"]["optimizers"].startswith(opt.__version__ + "+")
    print(f"\nPyodide + numpy + optimizers loaded by Node in {report['seconds']:.2f} s")


def test_bridge_converts_as_the_worker_needs(both):
    bridge = both[2]["bridge"]
    assert bridge["run_ok"] and bridge["run_is_plain_object"]
    assert bridge["points_is_float64array"] and bridge["points_length"] == 21 * 2 * 2
    assert bridge["values_length"] == 21 * 2 and bridge["status"] == ["ok", "ok"]
    assert "no optimizer 'no_such_optimizer'" in bridge["bad_entry_error"]
    assert bridge["grid_values_is_float64array"] and bridge["grid_length"] == 12
    assert bridge["wrong_function"]["kind"] == "ValueError"
    assert "no method 'exec'" in bridge["unknown_method"]["message"]
    assert bridge["deep_args"]["kind"] == "ValueError"


def test_every_optimizer_runs_the_same_in_pyodide(both):
    cpython, pyodide, _ = both
    assert cpython["runs"].keys() == pyodide["runs"].keys() and cpython["runs"]
    worst, where = 0.0, ""
    for case_id, ours in cpython["runs"].items():
        theirs = pyodide["runs"][case_id]
        assert ("error" in ours) == ("error" in theirs), (case_id, ours.get("error"), theirs.get("error"))
        if "error" in ours:
            continue
        assert ours["status"] == theirs["status"] and ours["last_step"] == theirs["last_step"], case_id
        assert ours["outcomes"] == theirs["outcomes"], case_id     # how each run ended: the same answer
        for key in ("points", "values"):
            difference = max_difference(ours[key], theirs[key], f"{case_id} {key}")
            if difference > worst:
                worst, where = difference, f"{case_id} {key}"
    print(f"\nruns: max relative difference CPython vs Pyodide {worst:.3g} ({where or 'none'}) "
          f"over {len(cpython['runs'])} runs")
    assert worst <= TOLERANCE, where


def sorted_rows(flat):
    rows = np.asarray(flat, dtype=np.float64).reshape(-1, 2)
    keys = np.round(rows, 9)  # so that last-bit differences do not reorder near-equal rows
    return rows[np.lexsort((keys[:, 1], keys[:, 0]))]


def test_every_function_has_the_same_values_gradients_and_minima_in_pyodide(both):
    cpython, pyodide, _ = both
    worst, where = 0.0, ""
    for function_id, ours in cpython["functions"].items():
        theirs = pyodide["functions"][function_id]
        for key, values in ours.items():
            other = theirs[key]
            if key in ("minima", "global_minima"):  # as sets here; their order is the next test's
                values, other = sorted_rows(values), sorted_rows(other)
            elif key == "minima_values":
                values, other = np.sort(values), np.sort(other)
            difference = max_difference(values, other, f"{function_id} {key}")
            if difference > worst:
                worst, where = difference, f"{function_id} {key}"
    print(f"\nfunctions: max relative difference {worst:.3g} ({where or 'none'})")
    assert worst <= TOLERANCE, where
    assert not math.isnan(worst)


def test_minima_come_in_the_same_order_in_pyodide(both):
    """Basin labels index into ``fn.minima``, and the page reads the minima from catalog.json
    (CPython) while the worker computes basins in Pyodide: the order must not depend on the
    last bits of the values (ties such as symmetric minima)."""
    cpython, pyodide, _ = both
    reordered = [function_id for function_id, ours in cpython["functions"].items()
                 if max_difference(ours["minima"], pyodide["functions"][function_id]["minima"], function_id) > TOLERANCE]
    assert not reordered, f"minima come in another order in Pyodide for {reordered}"


def test_doctests_pass_in_pyodide_as_in_cpython(both):
    cpython, pyodide, _ = both
    failing_here = {name for name, (failed, _) in cpython["doctests"].items() if failed}
    failing_there = {name for name, (failed, _) in pyodide["doctests"].items() if failed}
    attempted = sum(attempted for _, attempted in pyodide["doctests"].values())
    print(f"\ndoctests in Pyodide: {attempted} examples, failing modules {sorted(failing_there) or 'none'}")
    assert failing_there <= failing_here, f"doctests fail only in Pyodide: {sorted(failing_there - failing_here)}"
