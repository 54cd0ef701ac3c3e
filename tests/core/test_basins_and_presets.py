import numpy as np
import pytest

import optimizers as opt
from optimizers.basin_map import LABEL_LEFT_VIEW, LABEL_NONE
from start_points import points_in


def test_two_wells_basins_reach_both_wells_and_fractions_add_up():
    function = opt.FUNCTIONS["two_wells"]
    result = opt.basins(opt.OPTIMIZERS["sgd"](lr=0.02), function, (41, 31), steps=500)
    assert result.labels.shape == (31, 41)
    assert result.xs[0] == function.domain[0][0] and result.xs[-1] == function.domain[0][1]
    assert result.fractions.shape == (len(function.minima),)
    assert (result.fractions > 0.1).all(), "both wells attract a real share of starts"
    assert (result.fractions.sum() + result.fraction_none + result.fraction_diverged
            + result.fraction_left_view == pytest.approx(1.0))
    for k, minimum in enumerate(function.minima):
        assert np.linalg.norm(result.end_points[result.labels == k] - minimum, axis=1).max() <= result.tolerance


def test_a_start_on_a_minimum_is_labelled_with_it():
    function = opt.FUNCTIONS["himmelblau"]
    result = opt.basins(opt.OPTIMIZERS["sgd"](lr=1e-3), function, (3, 3), steps=10,
                        domain=((function.minima[0][0], function.minima[0][0] + 1.0),
                                (function.minima[0][1], function.minima[0][1] + 1.0)))
    assert result.labels[0, 0] == 0


def test_basins_label_runs_that_blow_up_and_runs_that_find_no_minimum():
    blown = opt.basins(opt.OPTIMIZERS["sgd"](lr=1e3), opt.FUNCTIONS["booth"], (5, 5), steps=100)
    assert (blown.status == "escaped").all()      # stopped far outside the view: they left it
    assert (blown.labels == LABEL_LEFT_VIEW).all() and blown.fraction_left_view == 1.0
    stalled = opt.basins(opt.OPTIMIZERS["sgd"](lr=0.0), opt.FUNCTIONS["booth"], (4, 4), steps=5)
    assert (stalled.labels == LABEL_NONE).all() and stalled.fraction_none == 1.0


@pytest.mark.parametrize("resolution", [(1, 5), (5, 0), (2.5, 3)])
def test_basins_reject_bad_resolutions(resolution):
    with pytest.raises(ValueError, match="resolution"):
        opt.basins(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["booth"], resolution, steps=1)


def test_the_2018_presets_are_the_posts_settings():
    presets = {p.id: p for p in opt.PRESETS.values() if p.group == "post2018"}
    assert opt.DEFAULT_PRESETS == ("sgd", "momentum", "rmsprop", "adam")
    assert (presets["sgd"].optimizer, dict(presets["sgd"].hyperparams), presets["sgd"].steps) == ("sgd", {"lr": 2e-2}, 500)
    assert dict(presets["momentum"].hyperparams) == {"lr": 1e-2, "momentum": 0.8} and presets["momentum"].steps == 200
    assert dict(presets["rmsprop"].hyperparams) == {"lr": 1e-2, "alpha": 0.99, "eps": 1e-6}
    assert presets["rmsprop"].steps == 300
    assert dict(presets["adam"].hyperparams) == {"lr": 1e-2, "betas": (0.7, 0.999), "eps": 1e-6,
                                                 "bias_correction": False}
    assert presets["adam"].steps == 100


@pytest.mark.parametrize("preset", list(opt.PRESETS.values()), ids=lambda p: p.id)
def test_every_preset_builds_and_runs(preset):
    optimizer = opt.OPTIMIZERS[preset.optimizer](**preset.hyperparams)
    trajectory = opt.run(optimizer, opt.FUNCTIONS["two_wells"], [[0.5, 1.0]], 10)
    assert trajectory.status.tolist() == ["ok"]


def test_torch_defaults_cover_every_torch_optimizer():
    torch_ids = {p.optimizer for p in opt.PRESETS.values() if p.group == "torch_defaults"}
    assert torch_ids == {"sgd", "adam", "adamw", "nadam", "radam", "adamax", "adagrad", "adadelta",
                         "rmsprop", "rprop", "asgd"}


# --- per-function adjustments ---------------------------------------------------------------

ESCAPING_BY_DESIGN = {"saddle", "monkey_saddle"}   # escaping is what these show


OFFERED_TUNED = [p.id for p in opt.PRESETS.values() if p.group in ("post2018", "newer")]


@pytest.mark.parametrize("function_id", [f for f in opt.FUNCTIONS if f not in ESCAPING_BY_DESIGN])
@pytest.mark.parametrize("preset_id", OFFERED_TUNED)
def test_the_tuned_presets_rarely_fail_on_any_function(function_id, preset_id):
    function = opt.FUNCTIONS[function_id]
    hyperparams, steps = opt.preset_settings(preset_id, function_id)
    optimizer = opt.OPTIMIZERS[opt.PRESETS[preset_id].optimizer](**hyperparams)
    trajectory = opt.run(optimizer, function, points_in(function, 200, seed=2024), steps)
    failed = float(np.mean(trajectory.status != "ok"))
    assert failed <= 0.05, f"{preset_id} on {function_id} with {hyperparams}: {failed:.1%} of starts fail"


@pytest.mark.parametrize("preset_id", [p.id for p in opt.PRESETS.values() if p.group == "newer"])
def test_the_newer_presets_reach_a_well_of_two_wells(preset_id):
    function = opt.FUNCTIONS["two_wells"]
    hyperparams, steps = opt.preset_settings(preset_id, "two_wells")
    optimizer = opt.OPTIMIZERS[opt.PRESETS[preset_id].optimizer](**hyperparams)
    result = opt.basins(optimizer, function, (20, 20), steps)
    assert result.fractions.sum() >= 0.9, f"{preset_id} reaches a well from {result.fractions.sum():.0%}"


def test_every_optimizer_is_offered_with_tuned_settings():
    tuned = {p.optimizer for p in opt.PRESETS.values() if p.group in ("post2018", "newer")}
    torch_only = {p.optimizer for p in opt.PRESETS.values() if p.group == "torch_defaults"}
    assert set(opt.OPTIMIZERS) == tuned | torch_only


def test_the_saddles_still_let_sgd_escape():
    for function_id in ESCAPING_BY_DESIGN:
        assert function_id not in opt.PRESETS["sgd"].by_function
        function = opt.FUNCTIONS[function_id]
        hyperparams, steps = opt.preset_settings("sgd", function_id)
        trajectory = opt.run(opt.OPTIMIZERS["sgd"](**hyperparams), function, points_in(function, 50, 1), steps)
        assert np.mean(trajectory.status != "ok") > 0.5


def test_the_2018_settings_are_unchanged_on_two_wells():
    for preset_id in opt.DEFAULT_PRESETS:
        preset = opt.PRESETS[preset_id]
        assert "two_wells" not in preset.by_function
        assert opt.preset_settings(preset_id, "two_wells") == (dict(preset.hyperparams), preset.steps)
    assert opt.preset_settings("sgd", "two_wells") == ({"lr": 2e-2}, 500)
    assert opt.preset_settings("adam", "two_wells") == (
        {"lr": 1e-2, "betas": (0.7, 0.999), "eps": 1e-6, "bias_correction": False}, 100)


def test_preset_settings_merges_a_functions_adjustments_over_the_preset():
    assert opt.preset_settings("momentum", "rosenbrock") == ({"lr": 5e-4, "momentum": 0.8}, 500)
    assert opt.preset_settings("sgd", "rosenbrock") == ({"lr": 1e-3}, 1000)
    # An adjustment without steps keeps the preset's.
    assert opt.preset_settings("momentum", "levi13") == ({"lr": 1e-3, "momentum": 0.8}, 200)
    # No function, or one without adjustments: the preset's own settings (a copy).
    own = opt.preset_settings("momentum")
    assert own == ({"lr": 1e-2, "momentum": 0.8}, 200) == opt.preset_settings("momentum", "no_such_function")
    own[0]["lr"] = 1.0
    assert opt.PRESETS["momentum"].hyperparams["lr"] == 1e-2
    with pytest.raises(KeyError):
        opt.preset_settings("no_such_preset", "rosenbrock")
    # RMSProp and Adam need no adjustments.
    assert not opt.PRESETS["rmsprop"].by_function and not opt.PRESETS["adam"].by_function


@pytest.mark.parametrize("preset", list(opt.PRESETS.values()), ids=lambda p: p.id)
def test_adjustments_name_real_functions_and_settings(preset):
    for function_id, adjustment in preset.by_function.items():
        assert function_id in opt.FUNCTIONS
        assert set(adjustment) <= {"hyperparams", "steps"}
        assert 0 < adjustment.get("steps", preset.steps) <= 2000
        hyperparams, _ = opt.preset_settings(preset.id, function_id)
        opt.OPTIMIZERS[preset.optimizer](**hyperparams)   # builds
        assert set(adjustment.get("hyperparams", {})) <= set(preset.hyperparams)
