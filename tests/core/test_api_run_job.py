"""``run`` as a sliced job (api.JOBS["run"]): its reply is the core's one-shot runs, bit for bit;
it yields often, with rising progress; closing it (the worker's cancel) stops it."""

import numpy as np
import pytest

import optimizers as opt
from pyodide_app import api, bridge
from pyodide_app import runs as api_runs
from pyodide_app.limits import RUN_YIELD_STEPS, RUN_YIELD_WORK

STARTS = [[0.5, 1.0], [-1.2, 0.3], [1.9, -1.9], [0.0, 0.0]]
ENTRIES = [
    {"key": "sgd", "optimizer": "sgd", "hyperparams": {"lr": 0.02}, "steps": 500, "record": ["grad", "step"]},
    {"key": "bad", "optimizer": "nope", "steps": 3},
    {"key": "adam", "optimizer": "adam", "hyperparams": {"lr": 0.05, "betas": [0.7, 0.999]}, "steps": 333,
     "record": ["moment"]},
    {"key": "wild", "optimizer": "sgd", "hyperparams": {"lr": 5.0}, "steps": 40},
]


def drive(job):
    fractions = []
    while True:
        try:
            fractions.append(next(job))
        except StopIteration as finished:
            return fractions, finished.value


@pytest.mark.parametrize("noise", [None, {"sigma": 0.3, "seed": 7}])
def test_the_run_job_equals_the_cores_one_shot_runs_bit_for_bit(noise):
    args = {"function": {"id": "two_wells"}, "starts": STARTS, "runs": ENTRIES, "view": [[-1.5, 1.5], [-1, 1]],
            **({"noise": noise} if noise else {})}
    fractions, reply = drive(api.run_job(args))
    assert fractions == sorted(fractions) and 0 < fractions[0] and fractions[-1] < 1
    assert len(fractions) >= (500 + 333) // RUN_YIELD_STEPS      # the work is sliced
    function = opt.FUNCTIONS["two_wells"]
    sigma, seed = (noise["sigma"], noise["seed"]) if noise else (0.0, 0)
    assert reply["runs"][1] == {"key": "bad", "optimizer": "nope", "error": reply["runs"][1]["error"]}
    assert "there is no optimizer 'nope'" in reply["runs"][1]["error"]
    for entry, made in zip(ENTRIES, reply["runs"]):
        if entry["key"] == "bad":
            continue
        optimizer = api.build_optimizer(entry["optimizer"], entry["hyperparams"])
        core = opt.run(optimizer, function, STARTS, entry["steps"], noise=sigma, seed=seed,
                       record=tuple(entry.get("record", ())))
        np.testing.assert_array_equal(made["points"], core.points.reshape(-1))
        np.testing.assert_array_equal(made["values"], core.values.reshape(-1))
        assert made["status"] == core.status.tolist() and made["last_step"] == core.last_step.tolist()
        for name, vectors in core.recorded.items():
            np.testing.assert_array_equal(made["recorded"][name], vectors.reshape(-1))
        ended = opt.outcomes.run_outcomes(core, function, args["view"])
        assert [said["kind"] for said in made["outcomes"]] == ended.kinds.tolist()
    # the method, run to its end at once, gives the same reply (but the time it took)
    whole = api.run(args)
    for made, job_made in zip(whole["runs"], reply["runs"]):
        for name in ("points", "values"):
            if name in made:
                np.testing.assert_array_equal(made.pop(name), job_made.pop(name))
        for name in list(made.get("recorded", {})):
            np.testing.assert_array_equal(made["recorded"].pop(name), job_made["recorded"].pop(name))
        assert made == job_made


def test_many_starts_yield_more_often_and_each_slice_is_bounded():
    starts = np.random.default_rng(1).uniform(-2, 2, (5000, 2)).tolist()
    job = api.run_job({"function": {"id": "two_wells"}, "starts": starts,
                       "runs": [{"optimizer": "adam", "hyperparams": {"lr": 0.05}, "steps": 200}]})
    fractions, reply = drive(job)
    every = RUN_YIELD_WORK // 5000                     # 100,000 start-steps a slice: 20 steps of 5,000 starts
    assert every < RUN_YIELD_STEPS and fractions == [k * every / 200 for k in range(1, 200 // every)]
    assert reply["runs"][0]["n"] == 5000


def test_a_bad_request_is_refused_before_any_work_and_a_closed_job_stops():
    for changes, said in [({"starts": []}, "starts must have between 1 and 10000 items"),
                          ({"view": [[1, 0], [0, 1]]}, "view's x range"),
                          ({"runs": [{"optimizer": "sgd", "steps": 10_000}] * 64,
                            "starts": [[0, 0]] * 20}, "more than 8,000,000 at once")]:
        with pytest.raises(ValueError, match=said):
            api.run_job({"function": {"id": "two_wells"}, "starts": STARTS, "runs": ENTRIES, **changes})
    job = api.run_job({"function": {"id": "two_wells"}, "starts": STARTS,
                       "runs": [{"optimizer": "sgd", "hyperparams": {"lr": 0.01}, "steps": 10_000}]})
    first = next(job)
    job.close()
    assert 0 < first < 0.05
    with pytest.raises(StopIteration):
        next(job)


def test_the_bridge_runs_run_as_a_job():
    assert bridge.is_job("run") and "run" in api.JOBS and api.METHODS["run"] is api.run


@pytest.mark.parametrize("extra", [{}, {"noise": {"sigma": 0.3, "seed": 7}}], ids=["exact", "noise"])
def test_entries_alike_run_once_and_each_gets_what_it_would_get_alone(extra, monkeypatch):
    alike = {"optimizer": "adam", "hyperparams": {"lr": 0.05, "betas": [0.7, 0.999]}, "steps": 200,
             "record": ["moment"]}
    entries = [{"key": "adam", **alike}, {"key": "sgd", "optimizer": "sgd", "hyperparams": {"lr": 0.02}, "steps": 80},
               {"key": "adam.1", **alike}, {"key": "adam.2", **alike, "steps": 201}]
    args = {"function": {"id": "two_wells"}, "starts": STARTS, "view": [[-1.5, 1.5], [-1, 1]], **extra}
    alone = [api.run({**args, "runs": [entry]})["runs"][0] for entry in entries]
    calls = []
    real = api_runs.iter_run
    monkeypatch.setattr(api_runs, "iter_run", lambda *a, **k: calls.append(1) or real(*a, **k))
    together = api.run({**args, "runs": entries})["runs"]
    assert len(calls) == 3   # adam.1 is adam's run again; adam.2 has a step more
    for got, want in zip(together, alone):
        assert got.keys() == want.keys() and got["key"] == want["key"]
        for name in ("points", "values"):
            assert np.array_equal(got[name], want[name], equal_nan=True)
        for name, vectors in want.get("recorded", {}).items():
            assert np.array_equal(got["recorded"][name], vectors, equal_nan=True)
        assert got["outcomes"] == want["outcomes"] and got["status"] == want["status"]
    assert together[2]["points"] is not together[0]["points"]   # arrays of its own
