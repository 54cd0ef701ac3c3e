import numpy as np
import pytest

import optimizers as opt
from optimizers.basin_map import LABEL_DIVERGED, LABEL_NONE


def test_two_wells_basins_reach_both_wells_and_fractions_add_up():
    function = opt.FUNCTIONS["two_wells"]
    result = opt.basins(opt.OPTIMIZERS["sgd"](lr=0.02), function, (41, 31), steps=500)
    assert result.labels.shape == (31, 41)
    assert result.xs[0] == function.domain[0][0] and result.xs[-1] == function.domain[0][1]
    assert result.fractions.shape == (len(function.minima),)
    assert (result.fractions > 0.1).all(), "both wells attract a real share of starts"
    assert result.fractions.sum() + result.fraction_none + result.fraction_diverged == pytest.approx(1.0)
    for k, minimum in enumerate(function.minima):
        assert np.linalg.norm(result.end_points[result.labels == k] - minimum, axis=1).max() <= result.tolerance


def test_a_start_on_a_minimum_is_labelled_with_it():
    function = opt.FUNCTIONS["himmelblau"]
    result = opt.basins(opt.OPTIMIZERS["sgd"](lr=1e-3), function, (3, 3), steps=10,
                        domain=((function.minima[0][0], function.minima[0][0] + 1.0),
                                (function.minima[0][1], function.minima[0][1] + 1.0)))
    assert result.labels[0, 0] == 0


def test_basins_label_diverged_runs_and_runs_that_find_no_minimum():
    blown = opt.basins(opt.OPTIMIZERS["sgd"](lr=1e3), opt.FUNCTIONS["booth"], (5, 5), steps=100)
    assert (blown.labels == LABEL_DIVERGED).all() and blown.fraction_diverged == 1.0
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
