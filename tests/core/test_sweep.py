"""Sweeps (``optimizers.sweep`` and the page's ``sweep`` job): each value's row is
``optimizers.run`` with that value, bit for bit, and its outcome is ``optimizers.outcomes``'."""

import numpy as np
import pytest

import optimizers as opt
from optimizers import outcomes, sweep as sweeps
from pyodide_app import api

FN = opt.FUNCTIONS["two_wells"]
START = [0.5, 1.0]


def same(a, b):
    return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)


def rounded(values):
    return np.array([float(f"{v:.10g}") for v in values])


def test_values_are_geomspace_or_linspace_to_ten_digits():
    values = sweeps.sweep_values(1e-4, 1.0, 25, "log")
    assert same(values, rounded(np.geomspace(1e-4, 1.0, 25)))
    assert values[7] == 0.001467799268 and values[0] == 1e-4 and values[-1] == 1.0
    assert np.allclose(values, np.geomspace(1e-4, 1.0, 25), rtol=1e-9, atol=0)
    assert same(sweeps.sweep_values(0.0, 0.99, 12, "linear"), rounded(np.linspace(0.0, 0.99, 12)))
    with pytest.raises(ValueError, match="too narrow"):
        sweeps.sweep_values(1.0, 1.0 + 1e-12, 5, "linear")
    for bad in [(0.0, 1.0, 5, "log"), (1.0, 0.1, 5, "log"), (0.1, 1.0, 1, "log"), (0.1, 1.0, 101, "log"),
                (0.1, float("inf"), 5, "linear"), (0.1, 1.0, 5, "cubic")]:
        with pytest.raises(ValueError):
            sweeps.sweep_values(*bad)


@pytest.mark.parametrize("noise, seed", [(0.0, 0), (0.4, 11)])
def test_each_row_equals_run_with_that_value(noise, seed):
    values = sweeps.sweep_values(1e-3, 3.0, 9, "log")     # the largest ones diverge or escape
    result = sweeps.sweep(lambda lr: opt.OPTIMIZERS["sgd"](lr=lr, momentum=0.5), values, FN, START, 300,
                          noise=noise, seed=seed)
    assert set(result.status) > {"ok"}, "the range must reach a run that stops"
    for i, lr in enumerate(values):
        traj = opt.run(opt.OPTIMIZERS["sgd"](lr=lr, momentum=0.5), FN, [START], 300, noise=noise, seed=seed)
        assert same(result.trajectories[i].points, traj.points) and same(result.trajectories[i].values, traj.values)
        assert result.last_step[i] == traj.last_step[0] and result.status[i] == traj.status[0]
        assert result.final_loss[i] == traj.values[traj.last_step[0], 0]
        ended = outcomes.run_outcomes(traj, FN)
        assert result.outcomes.kinds[i] == ended.kinds[0] and result.outcomes.minimum[i] == ended.minimum[0]
        end = traj.points[traj.last_step[0], 0]
        assert result.distance[i] == np.linalg.norm(FN.minima - end, axis=1).min()


def test_paths_name_settings_inside_tuples_and_inner_optimizers():
    assert sweeps.swept_setting("adam", ["betas", 1]).name == "beta2"
    assert sweeps.swept_setting("lookahead", ["inner_hyperparams", "lr"], {"inner": "sgd"}).is_learning_rate
    for path in (["amsgrad"], ["betas"], ["betas", 2], ["nope"], ["lr", 0]):
        with pytest.raises(ValueError):
            sweeps.swept_setting("adam", path)
    assert sweeps.with_value("adam", {"lr": 0.1}, ["betas", 1], 0.9) == {"lr": 0.1, "betas": [0.9, 0.9]}
    assert sweeps.with_value("lookahead", {"inner": "sgd"}, ["inner_hyperparams", "lr"], 0.2) == \
        {"inner": "sgd", "inner_hyperparams": {"lr": 0.2}}
    # a scheduled learning rate keeps its schedule: its own rate field takes the value
    cosine = {"kind": "cosine", "init": 0.1, "steps": 100}
    swept = sweeps.with_value("sgd", {"lr": cosine}, ["lr"], 0.5)
    assert swept == {"lr": {**cosine, "init": 0.5}} and cosine["init"] == 0.1


def request(**more):
    args = {"function": {"id": "two_wells"}, "start": START,
            "run": {"key": "adam", "optimizer": "adam", "hyperparams": {"lr": 0.1, "betas": [0.7, 0.999]}, "steps": 200},
            "setting": ["lr"], "low": 1e-4, "high": 1.0, "count": 25}
    args.update(more)
    return args


def drive(job):
    fractions = []
    while True:
        try:
            fractions.append(next(job))
        except StopIteration as finished:
            return fractions, finished.value


@pytest.mark.parametrize("more", [{}, {"setting": ["betas", 1], "low": 0.5, "high": 0.9999, "count": 7,
                                        "noise": {"sigma": 0.2, "seed": 3}, "view": [[-1, 1], [-1, 1.5]]}])
def test_api_rows_equal_api_run_for_each_value(more):
    args = request(**more)
    fractions, reply = drive(api.JOBS["sweep"](args))
    assert fractions == sorted(fractions) and all(0 < f < 1 for f in fractions) and len(fractions) >= args["count"] - 1
    assert reply["key"] == "adam" and reply["setting"] == args["setting"]
    assert reply["scale"] == ("log" if args["setting"] == ["lr"] else "linear")
    values = sweeps.sweep_values(args["low"], args["high"], args["count"], reply["scale"])
    assert same(reply["values"], values)
    steps = args["run"]["steps"]
    for i, value in enumerate(values.tolist()):
        hyperparams = sweeps.with_value("adam", args["run"]["hyperparams"], args["setting"], value)
        single = api.run({"function": args["function"], "starts": [START], "view": args.get("view"),
                          **({"noise": args["noise"]} if "noise" in args else {}),
                          "runs": [{"key": "adam", "optimizer": "adam", "hyperparams": hyperparams, "steps": steps}]})
        run = single["runs"][0]
        assert same(reply["points"][i * (steps + 1) * 2:(i + 1) * (steps + 1) * 2], run["points"])
        assert same(reply["losses"][i * (steps + 1):(i + 1) * (steps + 1)], run["values"])
        assert reply["final_loss"][i] == run["values"][run["last_step"][0]]
        assert reply["status"][i] == run["status"][0] and reply["last_step"][i] == run["last_step"][0]
        assert reply["outcomes"][i] == run["outcomes"][0]
    assert api.sweep(args)["final_loss"].tolist() == reply["final_loss"].tolist()


@pytest.mark.parametrize("more", [{}, {"noise": {"sigma": 0.2, "seed": 3}}])
def test_parts_of_a_sweep_side_by_side_equal_the_whole(more):
    """The page's pool of workers runs a sweep in parts (``part: [first, end]``)."""
    args = request(count=7, **more)
    whole = api.sweep(args)
    parts = [api.sweep({**args, "part": part}) for part in ([0, 3], [3, 4], [4, 7])]
    assert [p["part"] for p in parts] == [[0, 3], [3, 4], [4, 7]] and "part" not in whole
    for name in ("values", "final_loss", "distance", "points", "losses"):
        assert same(np.concatenate([p[name] for p in parts]), whole[name]), name
    for name in ("last_step", "status", "outcomes"):
        assert sum((p[name] for p in parts), []) == whole[name], name


def test_api_refuses_bad_sweeps_before_any_work():
    bad = [request(part=[2, 2]), request(part=[0, 26]), request(part=[1]),
           request(setting=["amsgrad"]), request(count=101), request(low=0.0),
           request(setting=["betas", 0], low=0.5, high=1.5, count=3),     # β1 must stay below 1
           request(run={"optimizer": "nope", "steps": 3}), request(start=[1.0])]
    for args in bad:
        with pytest.raises(ValueError):
            api.JOBS["sweep"](args)


def test_catalog_states_the_sweep_defaults():
    catalog = api.describe()
    assert catalog["sweep"]["count"] == sweeps.DEFAULT_COUNT and catalog["sweep"]["max_count"] == sweeps.MAX_VALUES
    assert catalog["sweep"]["learning_rate"] == [1e-4, 1.0]
    assert [m["name"] for m in catalog["sweep"]["measures"]] == ["loss", "distance"]
