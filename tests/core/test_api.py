"""pyodide_app.api in CPython: the catalog, runs, grids, and how bad requests are refused."""

import json
import math
import sys

import numpy as np
import pytest

import optimizers as opt
from optimizers import presets
from pyodide_app import api, bridge

FUNCTION_IDS = sorted(opt.FUNCTIONS)
OPTIMIZER_IDS = sorted(opt.OPTIMIZERS)

STARTS = [[-1.5, 1.0], [0.5, -0.5]]


def run_args(**changes):
    args = {"function": {"id": "two_wells"}, "starts": STARTS,
            "runs": [{"key": "adam", "optimizer": "adam", "hyperparams": {"lr": 0.01, "betas": [0.7, 0.999]},
                      "steps": 30}]}
    args.update(changes)
    return args


# --- describe -------------------------------------------------------------------------------


def test_describe_is_json_and_lists_every_function_optimizer_and_offered_preset():
    catalog = json.loads(json.dumps(api.describe(), allow_nan=False))
    assert catalog["version"] == opt.__version__
    assert [f["id"] for f in catalog["functions"]] == list(opt.FUNCTIONS) + list(opt.MODELS)
    assert [o["id"] for o in catalog["optimizers"]] == list(opt.OPTIMIZERS)
    offered = [p.id for p in presets.PRESETS.values() if p.optimizer in opt.OPTIMIZERS]
    assert [p["id"] for p in catalog["presets"]] == offered
    assert set(catalog["default_presets"]) <= set(offered)


def test_describe_gives_each_preset_its_full_settings_per_function():
    catalog = json.loads(json.dumps(api.describe(), allow_nan=False))
    for entry in catalog["presets"]:
        preset = presets.PRESETS[entry["id"]]
        assert set(entry["by_function"]) == set(preset.by_function)
        for function_id, settings in entry["by_function"].items():
            hyperparams, steps = presets.preset_settings(entry["id"], function_id)
            assert settings == {"hyperparams": json.loads(json.dumps(api._plain(hyperparams))), "steps": steps}
    momentum = next(p for p in catalog["presets"] if p["id"] == "momentum")
    assert momentum["hyperparams"] == {"lr": 1e-2, "momentum": 0.8}
    assert momentum["by_function"]["rosenbrock"] == {"hyperparams": {"lr": 5e-4, "momentum": 0.8}, "steps": 500}


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_describe_function_entry(function_id):
    entry = next(f for f in api.describe()["functions"] if f["id"] == function_id)
    function = opt.FUNCTIONS[function_id]
    assert set(entry) == {"id", "name", "formula", "params", "domain", "minima", "minima_values",
                          "global_minima", "contour_scale", "param_ranges", "group"}
    assert entry["group"] == "functions"
    assert set(entry["param_ranges"]) == set(function.params)
    for key, value in function.params.items():
        rng = entry["param_ranges"][key]
        low, high = rng["slider"]
        assert low < high and low <= value <= high
        for end in (low, high):     # every slider position is a value the function accepts
            function.with_params(**{key: end})
    assert entry["domain"] == [list(map(float, axis)) for axis in function.domain]
    assert len(entry["minima"]) == len(entry["minima_values"])
    assert entry["contour_scale"] in ("linear", "log")
    for point, value in zip(entry["minima"], entry["minima_values"]):
        assert value == pytest.approx(float(function.value(np.array([point]))[0]))


def test_describe_offers_a_custom_function_the_grid_draws_with_its_minima():
    custom = api.describe()["custom_function"]
    assert custom["id"] == "custom" and custom["domain"] == [[-2.0, 2.0], [-2.0, 2.0]]
    grid = api.grid({"function": {"expression": custom["example"]}, "nx": 9, "ny": 9})
    function = opt.from_expression(custom["example"])
    assert grid["minima"] == function.minima.tolist() and grid["global_minima"] == function.global_minima.tolist()
    assert grid["minima_values"] == function.minima_values.tolist()
    with pytest.raises(ValueError, match="unknown name 'z'|'z'"):
        api.grid({"function": {"expression": "x + z"}, "nx": 9, "ny": 9})


def test_describe_hyperparams_are_the_factory_defaults_as_plain_data():
    entry = next(o for o in api.describe()["optimizers"] if o["id"] == "adam")
    assert entry["hyperparams"]["betas"] == [0.9, 0.999]
    assert entry["hyperparams"]["lr"] == 1e-3
    assert entry["doc"] and "\n" not in entry["doc"]


def test_describe_writes_infinity_as_text_and_run_reads_it_back():
    catalog = api.describe()
    for entry in catalog["optimizers"]:
        for name, value in entry["hyperparams"].items():
            assert not (isinstance(value, float) and not math.isfinite(value)), (entry["id"], name)
    infinite = [(o["id"], k) for o in catalog["optimizers"] for k, v in o["hyperparams"].items() if v == "Infinity"]
    for optimizer_id, name in infinite:
        optimizer = api.build_optimizer(optimizer_id, {name: "Infinity"})
        assert optimizer.hyperparams[name] == math.inf


@pytest.mark.parametrize("optimizer_id", OPTIMIZER_IDS)
def test_every_optimizer_runs_from_its_catalog_defaults(optimizer_id):
    entry = next(o for o in api.describe()["optimizers"] if o["id"] == optimizer_id)
    hyperparams = json.loads(json.dumps(entry["hyperparams"]))
    result = api.run(run_args(runs=[{"key": "k", "optimizer": optimizer_id, "hyperparams": hyperparams,
                                     "steps": 5}]))
    assert "error" not in result["runs"][0], result["runs"][0]


# --- run ------------------------------------------------------------------------------------


def test_run_equals_the_core_and_has_the_contract_shapes():
    result = api.run(run_args())
    entry = result["runs"][0]
    trajectory = opt.run(opt.OPTIMIZERS["adam"](lr=0.01, betas=(0.7, 0.999)), opt.FUNCTIONS["two_wells"],
                         STARTS, 30)
    assert (entry["key"], entry["optimizer"], entry["steps"], entry["n"]) == ("adam", "adam", 30, 2)
    assert entry["points"].dtype == np.float64 and entry["points"].shape == (31 * 2 * 2,)
    np.testing.assert_array_equal(entry["points"], trajectory.points.reshape(-1))
    np.testing.assert_array_equal(entry["values"], trajectory.values.reshape(-1))
    assert entry["status"] == ["ok", "ok"] and entry["last_step"] == [30, 30]
    assert result["seconds"] >= 0


def test_run_with_function_params_noise_and_schedule():
    schedule = {"kind": "cosine", "init": 0.05, "decay_steps": 20}
    args = run_args(function={"id": "two_wells", "params": {"a": 1.5}}, noise={"sigma": 0.1, "seed": 3},
                    runs=[{"key": "s", "optimizer": "sgd", "hyperparams": {"lr": schedule}, "steps": 20}])
    first, second = api.run(args)["runs"][0], api.run(args)["runs"][0]
    np.testing.assert_array_equal(first["points"], second["points"])
    expected = opt.run(opt.OPTIMIZERS["sgd"](lr=opt.schedules.schedule_from_dict(schedule)),
                       opt.FUNCTIONS["two_wells"].with_params(a=1.5), STARTS, 20, noise=0.1, seed=3)
    np.testing.assert_array_equal(first["points"], expected.points.reshape(-1))


def test_one_bad_run_does_not_sink_the_others():
    result = api.run(run_args(runs=[
        {"key": "good", "optimizer": "sgd", "steps": 3},
        {"key": "unknown", "optimizer": "no_such", "steps": 3},
        {"key": "bad_lr", "optimizer": "sgd", "hyperparams": {"lr": -1}, "steps": 3},
        {"key": "bad_name", "optimizer": "sgd", "hyperparams": {"learning_rate": 1}, "steps": 3},
        {"key": "bad_steps", "optimizer": "sgd", "steps": 1.5},
        {"key": "many_steps", "optimizer": "sgd", "steps": api.MAX_STEPS + 1},
    ]))
    entries = {entry["key"]: entry for entry in result["runs"]}
    assert "error" not in entries["good"]
    assert "no optimizer 'no_such'" in entries["unknown"]["error"]
    assert "lr" in entries["bad_lr"]["error"]
    assert "learning_rate" in entries["bad_name"]["error"]
    assert "whole number" in entries["bad_steps"]["error"]
    assert "between 0 and" in entries["many_steps"]["error"]


def test_a_diverging_run_is_reported_not_raised():
    result = api.run(run_args(runs=[{"key": "big", "optimizer": "sgd", "hyperparams": {"lr": 1e6}, "steps": 50}],
                              function={"id": "rosenbrock"}))
    assert set(result["runs"][0]["status"]) <= {"diverged", "escaped"}


@pytest.mark.parametrize("args, message", [
    ("not a dict", "must be an object"),
    ({"starts": STARTS, "runs": []}, "needs 'function'"),
    (dict(run_args(), extra=1), "unknown field 'extra'"),
    (run_args(function={"id": "nope"}), "no function 'nope'"),
    (run_args(function={"id": "two_wells", "params": {"z": 1}}), "unknown field 'z'"),
    (run_args(function={"id": "two_wells", "params": {"a": float("nan")}}), "finite"),
    (run_args(starts=[]), "between 1 and"),
    (run_args(starts=[[0, 0, 0]]), "between 2 and 2"),
    (run_args(starts=[[0, float("inf")]]), "finite"),
    (run_args(starts=[["0", 1]]), "must be a number"),
    (run_args(starts=[[True, 1]]), "must be a number"),
    (run_args(starts=[[0, 0]] * (api.MAX_STARTS + 1)), "between 1 and"),
    (run_args(runs=[]), "between 1 and"),
    (run_args(runs={"key": "x"}), "must be a list"),
    (run_args(noise={"sigma": -1}), "at least 0"),
    (run_args(noise={"sigma": 0.1, "seed": -2}), "between 0 and"),
])
def test_bad_requests_raise_plain_value_errors(args, message):
    with pytest.raises(ValueError, match=message):
        api.run(args)


def test_the_work_of_one_call_is_capped():
    starts = [[0.0, 0.0]] * 1000
    one = {"optimizer": "sgd", "steps": 1999}           # 2,000,000 points: the most one run may have
    assert "error" not in api.run(run_args(starts=starts, runs=[dict(one, key="a")]))["runs"][0]
    too_long = api.run(run_args(starts=starts, runs=[dict(one, key="a", steps=2000)]))["runs"][0]
    assert "too much for one run" in too_long["error"]
    with pytest.raises(ValueError, match="more than"):
        api.run(run_args(starts=starts, runs=[dict(one, key=str(i)) for i in range(5)]))


def test_hyperparams_from_json_become_tuples_and_nested_settings():
    optimizer = api.build_optimizer("adam", {"betas": [0.8, 0.99]})
    assert optimizer.hyperparams["betas"] == (0.8, 0.99)
    if "lookahead" in opt.OPTIMIZERS:
        api.build_optimizer("lookahead", {"inner": "adam", "inner_hyperparams": {"betas": [0.8, 0.99]}})
    with pytest.raises(ValueError, match="finite"):
        api.build_optimizer("adam", {"lr": float("inf")})
    with pytest.raises(ValueError, match="unknown schedule kind"):
        api.build_optimizer("sgd", {"lr": {"kind": "warp"}})


# --- grid -----------------------------------------------------------------------------------


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_grid_layout_matches_the_contract(function_id):
    function = opt.FUNCTIONS[function_id]
    result = api.grid({"function": {"id": function_id}, "nx": 7, "ny": 5})
    (x_min, x_max), (y_min, y_max) = function.domain
    values = result["values"].reshape(5, 7)
    xs, ys = np.linspace(x_min, x_max, 7), np.linspace(y_min, y_max, 5)
    assert values[0, 0] == function.value(np.array([[x_min, y_min]]))[0]
    assert values[4, 6] == function.value(np.array([[x_max, y_max]]))[0]
    assert values[1, 2] == function.value(np.array([[xs[2], ys[1]]]))[0]
    finite = values[np.isfinite(values)]
    assert (result["min"], result["max"]) == (finite.min(), finite.max())


def test_grid_takes_a_domain_and_refuses_bad_sizes():
    result = api.grid({"function": {"id": "two_wells"}, "nx": 3, "ny": 3, "domain": [[0, 1], [0, 2]]})
    assert result["domain"] == [[0.0, 1.0], [0.0, 2.0]] and result["values"].shape == (9,)
    for bad, message in [({"nx": 1}, "between 2"), ({"nx": 1001}, "between 2"), ({"ny": 2.5}, "whole number"),
                         ({"domain": [[1, 0], [0, 1]]}, "low to high"), ({"nx": 1000, "ny": 1000, "x": 1}, "unknown")]:
        with pytest.raises(ValueError, match=message):
            api.grid({"function": {"id": "two_wells"}, "nx": 3, "ny": 3, **bad})


# --- bridge without Pyodide -------------------------------------------------------------------


def test_bridge_reply_wraps_values_and_errors_without_pyodide():
    assert bridge.reply("grid", {"function": {"id": "two_wells"}, "nx": 2, "ny": 2})["ok"] is True
    assert bridge.reply("exec", {})["error"]["message"].startswith("there is no method 'exec'")
    assert bridge.reply("run", [])["error"]["kind"] == "ValueError"
    assert "js" not in sys.modules


def test_every_preset_belongs_to_a_group_the_catalog_names():
    catalog = api.describe()
    groups = [g["id"] for g in catalog["preset_groups"]]
    assert groups == list(presets.PRESET_GROUPS) and all(g["label"] for g in catalog["preset_groups"])
    assert {p["group"] for p in catalog["presets"]} <= set(groups)


def test_values_are_the_functions_at_the_points_for_its_parameters_or_formula():
    reply = api.values({"function": {"id": "two_wells", "params": {"a": 1}}, "points": [[0.5, 1], [-1, 0]]})
    np.testing.assert_array_equal(reply["values"], opt.FUNCTIONS["two_wells"].with_params(a=1).value([[0.5, 1], [-1, 0]]))
    reply = api.values({"function": {"expression": "exp(x) * 1e308"}, "points": [[10, 0]]})
    assert reply["values"][0] == math.inf
    with pytest.raises(ValueError, match="points must have between 1 and 1000 items"):
        api.values({"function": {"id": "booth"}, "points": []})
