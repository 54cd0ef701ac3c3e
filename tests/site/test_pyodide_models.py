"""The model functions inside Pyodide 0.27.7 (Node, the built site) equal those in CPython.

The data come from our wheel's own copy (no cache in the browser); values, gradients,
minima and minibatch runs agree with CPython to the core's Pyodide tolerance (numpy's SIMD
``exp`` and the wasm build may differ in the last bits), and the minibatch order is the same.
"""

from __future__ import annotations

import numpy as np
import pytest

import models_probe  # noqa: E402  (tests/site/models_probe.py)
from site_build import datasets as build_datasets
from test_pyodide_core import TOLERANCE, max_difference, probe_both

CASES = [
    {"id": "line", "model": "linear_regression", "params": {"standardize": 0.0}, "optimizer": "sgd",
     "hyperparams": {"lr": 0.1}},
    {"id": "line-standardized", "model": "linear_regression", "params": {"standardize": 1.0}, "optimizer": "adam",
     "hyperparams": {"lr": 0.05}},
    {"id": "logistic", "model": "logistic_regression", "params": {}, "optimizer": "rmsprop",
     "hyperparams": {"lr": 0.01}},
    {"id": "tanh", "model": "tanh_network", "params": {}, "optimizer": "sgd",
     "hyperparams": {"lr": 0.05, "momentum": 0.9}},
]


def make_cases():
    import optimizers as opt
    rng = np.random.default_rng(3)
    cases = []
    for case in CASES:
        model = opt.MODELS[case["model"]].with_params(**case["params"])
        (x0, x1), (y0, y1) = model.domain
        points = np.column_stack([rng.uniform(x0, x1, 12), rng.uniform(y0, y1, 12)])
        starts = np.column_stack([rng.uniform(x0, x1, 3), rng.uniform(y0, y1, 3)])
        cases.append({**case, "points": points.tolist(), "starts": starts.tolist(), "steps": 80,
                      "batch_size": 32, "seed": 17})
    return cases


@pytest.fixture(scope="module")
def both(built_site, tmp_path_factory):
    build_datasets.ensure_datasets()          # CPython reads the cache's copy
    return probe_both(built_site, tmp_path_factory.mktemp("pyodide-models"), models_probe, make_cases())


def test_pyodide_reads_the_data_from_our_wheel(both):
    _, pyodide, _ = both
    assert pyodide["data_file"].endswith("site-packages/optimizers/data/datasets/penguins.bin")


def test_the_models_and_their_minibatch_runs_are_the_same_in_pyodide(both):
    cpython, pyodide, _ = both
    worst, where = 0.0, ""
    for case_id, ours in cpython["models"].items():
        theirs = pyodide["models"][case_id]
        assert ours["orders"] == theirs["orders"], case_id
        assert ours["status"] == theirs["status"] and ours["domain"] == theirs["domain"], case_id
        for key in ("value", "grad", "minima", "points", "values"):
            difference = max_difference(ours[key], theirs[key], f"{case_id} {key}")
            if difference > worst:
                worst, where = difference, f"{case_id} {key}"
    print(f"\nmodels: max relative difference CPython vs Pyodide {worst:.3g} ({where or 'none'})")
    assert worst <= TOLERANCE, where
