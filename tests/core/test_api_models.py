"""The models on real data at the Python/JS line: their catalog group and a run's minibatches."""

from __future__ import annotations

import json

import numpy as np
import pytest

import optimizers as opt
from pyodide_app import api
from site_build import datasets as build_datasets


@pytest.fixture(scope="module", autouse=True)
def penguins_data():
    return build_datasets.ensure_datasets()


def test_the_catalog_lists_every_model_in_a_group_of_its_own_with_its_data_named():
    catalog = json.loads(json.dumps(api.describe(), allow_nan=False))
    assert [g["id"] for g in catalog["function_groups"]] == ["functions", "models"]
    assert next(g for g in catalog["function_groups"] if g["id"] == "models")["label"] == "Real models"
    models = [f for f in catalog["functions"] if f["group"] == "models"]
    assert [f["id"] for f in models] == list(opt.MODELS)
    for entry in models:
        model = opt.MODELS[entry["id"]]
        assert entry["formula"] == model.formula and entry["name"] == model.name
        assert entry["model"]["examples"] == model.size and entry["model"]["task"] == model.task
        assert "CC0" in entry["model"]["licence"] and "palmerpenguins==0.1.6" in entry["model"]["source"]
        assert "Horst" in entry["model"]["source"] and "``" not in " ".join(entry["model"]["about"])
        assert entry["model"]["has_minimum"] == bool(len(model.minima))
    logistic = next(f for f in models if f["id"] == "logistic_regression")
    assert logistic["minima"] == [] and not logistic["model"]["has_minimum"]
    line = next(f for f in models if f["id"] == "linear_regression")
    assert line["param_ranges"]["standardize"]["switch"] is True
    views = line["model"]["switch_views"]["standardize"]
    assert views["0"] == line["domain"] and views["1"] == [list(r) for r in opt.MODELS["linear_regression"]
                                                             .with_params(standardize=1).domain]
    assert catalog["network_plane"]["parameters"] == 259


@pytest.mark.parametrize("model_id, params", [("linear_regression", {"standardize": 1.0}),
                                               ("logistic_regression", {}), ("tanh_network", {})])
def test_a_run_with_minibatches_is_the_cores_run_with_the_same_batches(model_id, params):
    model = opt.MODELS[model_id].with_params(**params)
    starts = [[0.5, 0.5], [-1.0, 2.0]]
    reply = api.run({"function": {"id": model_id, "params": params}, "starts": starts,
                     "runs": [{"optimizer": "adam", "hyperparams": {"lr": 0.05}, "steps": 120}],
                     "minibatch": {"size": 25, "seed": 11}})["runs"][0]
    core = opt.run(opt.OPTIMIZERS["adam"](lr=0.05), model, starts, 120,
                   minibatch=opt.Minibatches(model, 25, seed=11))
    assert np.array_equal(reply["points"], core.points.reshape(-1))
    assert np.array_equal(reply["values"], core.values.reshape(-1))
    assert reply["minibatch"] == {"size": 25, "seed": 11, "batches_per_epoch": -(-model.size // 25)}
    exact = api.run({"function": {"id": model_id, "params": params}, "starts": starts,
                     "runs": [{"optimizer": "adam", "hyperparams": {"lr": 0.05}, "steps": 120}]})["runs"][0]
    assert not np.array_equal(exact["points"], reply["points"])
    full = api.run({"function": {"id": model_id, "params": params}, "starts": starts,
                    "runs": [{"optimizer": "adam", "hyperparams": {"lr": 0.05}, "steps": 120}],
                    "minibatch": {"size": model.size, "seed": 11}})["runs"][0]
    assert np.array_equal(full["points"], exact["points"]) and "minibatch" not in full


def test_logistic_regression_runs_are_still_moving_when_their_steps_run_out():
    reply = api.run({"function": {"id": "logistic_regression"}, "starts": [[0.0, 0.0], [2.0, -1.0]],
                     "runs": [{"optimizer": "adam", "hyperparams": {"lr": 0.1}, "steps": 500}]})["runs"][0]
    assert [o["kind"] for o in reply["outcomes"]] == ["still-moving", "still-moving"]
    values = reply["values"].reshape(501, 2)
    assert np.all(np.diff(values[-100:], axis=0) < 0)   # the loss still falls at the end


@pytest.mark.parametrize("bad", [{"size": 0}, {"size": 343}, {"size": 10, "seed": -1}, {"size": 10, "seed": 2 ** 32},
                                 {"size": 1.5}, {"seed": 3}, {"size": 10, "extra": 1}, "ten"])
def test_a_bad_minibatch_is_refused_before_any_work(bad):
    with pytest.raises(ValueError):
        api.run_job({"function": {"id": "tanh_network"}, "starts": [[0.5, 0.5]],
                     "runs": [{"optimizer": "sgd", "steps": 5}], "minibatch": bad})


def test_minibatches_need_a_model():
    with pytest.raises(ValueError, match="model"):
        api.run_job({"function": {"id": "two_wells"}, "starts": [[0.5, 0.5]],
                     "runs": [{"optimizer": "sgd", "steps": 5}], "minibatch": {"size": 3}})
