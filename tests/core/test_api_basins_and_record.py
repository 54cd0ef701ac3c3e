"""pyodide_app.api's basin maps (as a job with progress, and whole) and recorded vectors in runs:
the same numbers as the core's ``optimizers.basins`` and ``optimizers.run(record=...)``."""

from __future__ import annotations

import numpy as np
import pytest

import optimizers as opt
from pyodide_app import api, bridge
from test_basins_fast import drive

ENTRIES = [{"key": "adam", "optimizer": "adam", "hyperparams": {"lr": 0.1}, "steps": 60},
           {"key": "sgd", "optimizer": "sgd", "hyperparams": {"lr": 0.05}, "steps": 80}]


def basins_args(**changes):
    args = {"function": {"id": "two_wells"}, "runs": ENTRIES, "resolution": 13}
    args.update(changes)
    return args


def test_the_basins_job_reports_rising_progress_and_equals_the_cores_maps():
    fractions, result = drive(api.basins_job(basins_args(resolution=101)))
    assert len(fractions) >= 4 and fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    function = opt.FUNCTIONS["two_wells"]
    assert result["global_minima"] == [0] and result["minima"] == function.minima.tolist()
    for entry, made in zip(ENTRIES, result["maps"]):
        core = opt.basins(opt.OPTIMIZERS[entry["optimizer"]](**entry["hyperparams"]), function, (101, 101),
                          entry["steps"])
        np.testing.assert_array_equal(made["labels"], core.labels.reshape(-1).astype(float))
        assert made["global_fraction"] == np.count_nonzero(core.labels == 0) / core.labels.size
        assert made["fractions"] == core.fractions.tolist()
        assert made["fraction_still_moving"] == core.fraction_none
        assert made["fraction_diverged"] == core.fraction_diverged
    whole = api.basins(basins_args(resolution=101))      # the method, run to its end at once
    for made, job_made in zip(whole["maps"], result["maps"]):
        np.testing.assert_array_equal(made.pop("labels"), job_made.pop("labels"))
        assert made == job_made


def test_runs_that_end_outside_the_view_get_their_own_label():
    # a small view around the saddle and two long Adam steps: most runs end outside it, at no minimum
    view = [[-0.1, 0.1], [-0.1, 0.1]]
    result = api.basins(basins_args(domain=view, resolution=11,
                                    runs=[{"optimizer": "adam", "hyperparams": {"lr": 0.1}, "steps": 2}]))
    for made in result["maps"]:
        labels = np.asarray(made["labels"])
        assert made["fraction_left_view"] == np.count_nonzero(labels == api.LABEL_LEFT_VIEW) / labels.size > 0
        total = (sum(made["fractions"]) + made["fraction_still_moving"] + made["fraction_left_view"]
                 + made["fraction_diverged"])
        assert total == pytest.approx(1.0, abs=1e-12)


def test_a_bad_entry_is_reported_in_its_map_and_bad_requests_are_refused_at_once():
    result = api.basins(basins_args(runs=[ENTRIES[0], {"key": "x", "optimizer": "nope", "steps": 3}]))
    assert "labels" in result["maps"][0] and "there is no optimizer 'nope'" in result["maps"][1]["error"]
    for changes, said in [({"resolution": 1}, "resolution must be between 2 and 400"),
                          ({"resolution": 401}, "resolution must be between 2 and 400"),
                          ({"resolution": 400, "runs": [{**ENTRIES[0], "steps": 10_000}] * 2}, "point-steps"),
                          ({"runs": []}, "runs must have between 1 and 64 items"),
                          ({"extra": 1}, "unknown field 'extra'")]:
        with pytest.raises(ValueError, match=said):
            api.basins_job(basins_args(**changes))      # before any work: the job is not even started


def test_a_job_closed_early_stops_and_frees_its_work():
    job = api.basins_job(basins_args(resolution=60))
    first = next(job)
    job.close()
    assert 0 < first < 1
    with pytest.raises(StopIteration):
        next(job)
    assert bridge.is_job("basins") and bridge.is_job("run") and not bridge.is_job("grid")


def test_a_run_records_the_vectors_it_is_asked_for_as_the_core_does():
    starts = [[0.5, 1.0], [-1.2, 0.3]]
    reply = api.run({"function": {"id": "two_wells"}, "starts": starts, "runs": [
        {"key": "m", "optimizer": "sgd", "hyperparams": {"lr": 0.02, "momentum": 0.9}, "steps": 20,
         "record": ["grad", "moment", "step"]},
        {"key": "plain", "optimizer": "sgd", "hyperparams": {"lr": 0.02}, "steps": 20, "record": ["moment", "step"]},
        {"key": "none", "optimizer": "sgd", "steps": 5},
        {"key": "bad", "optimizer": "sgd", "steps": 5, "record": ["exp_avg"]}]})
    momentum, plain, none, bad = reply["runs"]
    core = opt.run(opt.OPTIMIZERS["sgd"](lr=0.02, momentum=0.9), opt.FUNCTIONS["two_wells"], starts, 20,
                   record=("grad", "moment", "step"))
    assert sorted(momentum["recorded"]) == ["grad", "moment", "step"]
    for name, vectors in momentum["recorded"].items():
        np.testing.assert_array_equal(vectors, core.recorded[name].reshape(-1))
    assert sorted(plain["recorded"]) == ["step"]          # plain SGD has no moment
    assert "recorded" not in none
    assert bad["error"] == "record may name grad, moment, step, got 'exp_avg'"


def test_runs_that_escape_count_as_leaving_the_view_and_only_overflows_as_diverging():
    # the monkey saddle sends most runs far away: the core stops them as escaped
    result = api.basins({"function": {"id": "monkey_saddle"}, "resolution": 9,
                         "runs": [{"optimizer": "sgd", "hyperparams": {"lr": 0.1}, "steps": 200}]})
    core = opt.basins(opt.OPTIMIZERS["sgd"](lr=0.1), opt.FUNCTIONS["monkey_saddle"], (9, 9), 200)
    labels = np.asarray(result["maps"][0]["labels"]).reshape(9, 9)
    assert (core.status == "escaped").any()
    assert (labels[core.status == "escaped"] == api.LABEL_LEFT_VIEW).all()
    assert result["maps"][0]["fraction_diverged"] == np.count_nonzero(core.status == "diverged") / 81
