"""The tuned presets: the tuning is reproducible, its data file states what the code does,
and every tuned preset does at least as well as the 2018 one on the stated objective."""

import json
import math
from importlib import resources

import numpy as np
import pytest

import optimizers as opt
from optimizers import presets, tuning
from pyodide_app import api
from start_points import points_in

DATA_TEXT = resources.files("optimizers").joinpath(presets.TUNED_DATA).read_text(encoding="utf-8")
DATA = json.loads(DATA_TEXT)
TUNED_FUNCTIONS = [f for f in opt.FUNCTIONS if "presets" in DATA["functions"].get(f, {})]
QUICK_FUNCTIONS = ["booth", "himmelblau"]   # the cheapest to tune again (about a second each)


def as_objective(value):
    """The file writes +inf as null."""
    return math.inf if value is None else value


# --- the data file states what the code does -------------------------------------------------


def test_the_data_file_states_the_objective_seed_starts_and_grid_the_code_uses():
    assert DATA["objective"] == tuning.OBJECTIVE
    assert DATA["max_failed"] == tuning.MAX_FAILED and DATA["decimals"] == tuning.DECIMALS
    assert DATA["starts"]["seed"] == tuning.SEED and DATA["starts"]["count"] == tuning.STARTS
    assert DATA["grid"]["lr"] == list(tuning.RATES) and DATA["grid"]["momentum"] == list(tuning.MOMENTA)
    assert DATA["grid"]["searched"] == {"sgd": ["lr"], "momentum": ["lr", "momentum"], "rmsprop": ["lr"],
                                        "adam": ["lr"]}
    assert DATA["tie_break"] == tuning.TIE_BREAK
    assert DATA["versions"]["optimizers"] == opt.__version__


def test_every_function_is_tuned_or_says_why_not():
    assert set(DATA["functions"]) == set(opt.FUNCTIONS)
    for function_id, entry in DATA["functions"].items():
        has_minimum = len(opt.FUNCTIONS[function_id].global_minima) > 0
        assert set(entry) == ({"presets"} if has_minimum else {"skipped"}), function_id
        if has_minimum:
            assert set(entry["presets"]) == set(tuning.TUNED)
    assert {f for f, entry in DATA["functions"].items() if "skipped" in entry} == {"saddle", "monkey_saddle"}


def test_the_data_file_is_written_deterministically():
    assert tuning.to_json(DATA) == DATA_TEXT   # sorted keys, floats as repr: a reload writes the same bytes


# --- reproducible -----------------------------------------------------------------------------


def test_tuning_again_gives_the_stored_data():
    fresh = tuning.tune(QUICK_FUNCTIONS)
    for key in ("objective", "max_failed", "decimals", "starts", "grid", "tie_break"):
        assert fresh[key] == DATA[key], key
    for function_id in QUICK_FUNCTIONS:
        assert fresh["functions"][function_id] == DATA["functions"][function_id], function_id


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_starts():
    small = {"rates": (1e-3, 1e-2, 1e-1), "momenta": (0.5, 0.9)}
    first = tuning.to_json(tuning.tune(["rosenbrock"], seed=7, starts=16, **small))
    assert tuning.to_json(tuning.tune(["rosenbrock"], seed=7, starts=16, **small)) == first
    assert tuning.to_json(tuning.tune(["rosenbrock"], seed=8, starts=16, **small)) != first
    function = opt.FUNCTIONS["rosenbrock"]
    np.testing.assert_array_equal(tuning.start_points(function, 16, 7), tuning.start_points(function, 16, 7))
    (x_min, x_max), (y_min, y_max) = function.domain
    points = tuning.start_points(function, 64, 7)
    assert points.shape == (64, 2)
    assert (points[:, 0] >= x_min).all() and (points[:, 0] <= x_max).all()
    assert (points[:, 1] >= y_min).all() and (points[:, 1] <= y_max).all()


# --- tuned versus 2018, recomputed ----------------------------------------------------------------


@pytest.mark.parametrize("function_id", TUNED_FUNCTIONS)
def test_the_tuned_presets_do_at_least_as_well_as_the_2018_ones(function_id):
    function = opt.FUNCTIONS[function_id]
    starts = tuning.start_points(function, DATA["starts"]["count"], DATA["starts"]["seed"])
    for preset_id in tuning.TUNED:
        scores = {}
        for key in (preset_id, f"{preset_id}_tuned"):
            hyperparams, steps = opt.preset_settings(key, function_id)
            optimizer = opt.OPTIMIZERS[opt.PRESETS[key].optimizer](**hyperparams)
            scores[key] = tuning.objective(optimizer, function, starts, steps)
        tuned, post2018 = scores[f"{preset_id}_tuned"], scores[preset_id]
        assert tuned.value <= post2018.value, f"{preset_id} on {function_id}: {tuned} vs 2018 {post2018}"
        stored = DATA["functions"][function_id]["presets"][preset_id]
        assert tuned.value == as_objective(stored["objective"]) and tuned.failed == stored["failed"]
        assert post2018.value == as_objective(stored["post2018"]["objective"])


@pytest.mark.parametrize("function_id", TUNED_FUNCTIONS)
def test_the_tuned_presets_rarely_fail_from_other_starts(function_id):
    function = opt.FUNCTIONS[function_id]
    for preset_id in tuning.TUNED:
        hyperparams, steps = opt.preset_settings(f"{preset_id}_tuned", function_id)
        optimizer = opt.OPTIMIZERS[opt.PRESETS[preset_id].optimizer](**hyperparams)
        trajectory = opt.run(optimizer, function, points_in(function, 200, seed=2024), steps)
        failed = float(np.mean(trajectory.status != "ok"))
        assert failed <= 0.1, f"{preset_id}_tuned on {function_id} with {hyperparams}: {failed:.1%} fail"


def test_objective_counts_failed_runs_as_infinitely_far():
    points = np.array([[1.0, 3.0], [4.0, 7.0], [np.nan, np.nan]])
    status = np.array(["ok", "ok", "escaped"])
    distances = tuning.final_distances(points, status, np.array([[1.0, 3.0], [4.0, 3.0]]))
    np.testing.assert_array_equal(distances, [0.0, 4.0, np.inf])
    assert tuning.Score(0.5, 0.05).value == 0.5 and tuning.Score(0.5, 0.06).value == math.inf


def test_candidates_start_with_the_2018_setting_and_cover_the_grid():
    sgd = tuning.candidates("sgd", "rosenbrock")
    assert sgd[0] == {"lr": 1e-3} and len(sgd) == len(tuning.RATES)   # 1e-3 is on the grid
    momentum = tuning.candidates("momentum", "two_wells")
    assert momentum[0] == {"lr": 1e-2, "momentum": 0.8}
    assert len(momentum) == len(tuning.RATES) * len(tuning.MOMENTA)
    assert tuning.candidates("adam", "booth")[0] == {"lr": 1e-2}


# --- the presets built from the data ------------------------------------------------------------


def test_a_tuned_preset_runs_the_tuned_settings_on_each_function():
    for function_id in TUNED_FUNCTIONS:
        for preset_id in tuning.TUNED:
            result = DATA["functions"][function_id]["presets"][preset_id]
            hyperparams, steps = opt.preset_settings(f"{preset_id}_tuned", function_id)
            post2018, post2018_steps = opt.preset_settings(preset_id, function_id)
            assert hyperparams == {**post2018, **result["hyperparams"]} and steps == result["steps"] == post2018_steps
    assert opt.preset_settings("momentum_tuned", "rosenbrock") == (
        {"lr": DATA["functions"]["rosenbrock"]["presets"]["momentum"]["hyperparams"]["lr"],
         "momentum": DATA["functions"]["rosenbrock"]["presets"]["momentum"]["hyperparams"]["momentum"]}, 500)
    # Adam stays as in the post: without bias correction.
    assert opt.preset_settings("adam_tuned", "booth")[0]["bias_correction"] is False
    # A skipped function keeps the 2018 settings.
    for function_id in ("saddle", "monkey_saddle"):
        for preset_id in tuning.TUNED:
            assert opt.preset_settings(f"{preset_id}_tuned", function_id) == opt.preset_settings(preset_id, function_id)


def test_the_tuned_group_is_in_the_catalog():
    catalog = json.loads(json.dumps(api.describe(), allow_nan=False))
    tuned = [entry for entry in catalog["presets"] if entry["group"] == "tuned"]
    assert [entry["id"] for entry in tuned] == ["sgd_tuned", "momentum_tuned", "rmsprop_tuned", "adam_tuned"]
    assert [entry["label"] for entry in tuned] == ["SGD (tuned)", "Momentum (tuned)", "RMSProp (tuned)",
                                                   "Adam (tuned)"]
    for entry in tuned:
        assert set(TUNED_FUNCTIONS) <= set(entry["by_function"])
    assert catalog["default_presets"] == ["sgd", "momentum", "rmsprop", "adam"]


def test_the_bias_corrected_adam_is_the_posts_adam_with_bias_correction():
    adam, adam_bc = opt.PRESETS["adam"], opt.PRESETS["adam_bc"]
    assert (adam_bc.label, adam_bc.group, adam_bc.optimizer) == ("Adam (bias-corrected)", "post2018", "adam")
    assert dict(adam_bc.hyperparams) == {**adam.hyperparams, "bias_correction": True}
    assert adam_bc.steps == adam.steps and adam_bc.by_function == adam.by_function
    assert "adam_bc" not in opt.DEFAULT_PRESETS
    for function_id in opt.FUNCTIONS:
        hyperparams, steps = opt.preset_settings("adam", function_id)
        assert opt.preset_settings("adam_bc", function_id) == ({**hyperparams, "bias_correction": True}, steps)
