"""The "Real models" page: its numbers measured afresh (``site_build.article.real_models``) and
checked against the built page, and its claims recomputed with the core directly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import optimizers as opt
from optimizers.models.network import penguin_species
from optimizers.models.plane import trajectory_plane
from optimizers.presets import PRESETS, preset_settings
from pyodide_app import api
from site_build.article import real_models
from site_build.article.values import format_value
from test_article_numbers import ArticleParser

PAGE = "real-models"


@pytest.fixture(scope="module")
def measured():
    return real_models.measure()


@pytest.fixture(scope="module")
def page(built_site: Path):
    parser = ArticleParser()
    parser.feed((built_site / PAGE / "index.html").read_text(encoding="utf-8"))
    return parser


def _value(measured, key):
    return measured["numbers"][key]["value"]


def test_every_number_table_and_figure_on_the_page_is_the_measured_one(page, measured, built_site):
    assert len(page.numbers) >= 40
    for key, words in page.numbers:
        assert key in measured["numbers"], key
        assert words == format_value(measured["numbers"][key]), key
    assert set(page.tables) == set(measured["tables"])
    for key, table in measured["tables"].items():
        header, *rows = page.tables[key]
        assert [words for words, _ in header] == table["columns"], key
        assert [[words for words, _ in row] for row in rows] == [[format_value(v) for v in row] for row in table["rows"]]
    assert page.figures == {figure_id: spec["alt"] for figure_id, spec in measured["figures"].items()}
    html = (built_site / PAGE / "index.html").read_text(encoding="utf-8")
    assert "{{" not in html
    for fact in ("CC0", "palmerpenguins", "0.1.6", "Horst", "Gorman", "Real models"):
        assert fact in html, fact
    manifest = json.loads((built_site / "assets" / "figures" / "figures.json").read_text())
    for figure_id in measured["figures"]:
        assert (built_site / "assets" / "figures" / f"{figure_id}.svg").is_file()
        assert manifest[figure_id]["page"].startswith(PAGE)


def _preset(key, **overrides):
    hyperparams, _ = preset_settings(key)
    return api.build_optimizer(PRESETS[key].optimizer, {**hyperparams, **overrides})


@pytest.mark.parametrize("key", real_models.FOUR)
def test_standardising_from_the_core(measured, key):
    for standardize, tag in ((0.0, "raw"), (1.0, "std")):
        line = opt.MODELS["linear_regression"].with_params(standardize=standardize)
        points = opt.run(_preset(key), line, [[0.0, 0.0]], real_models.STANDARDISE_STEPS).points[:, 0]
        distance = np.linalg.norm(points - line.minima[0], axis=1)
        assert _value(measured, f"rm_{key}_{tag}_left") == pytest.approx(distance[-1], rel=1e-12, abs=1e-300)
        tolerance = 0.01 * max(high - low for low, high in line.domain)
        shown = measured["numbers"][f"rm_{key}_{tag}_steps"]
        if shown["kind"] == "count":
            assert distance[-1] <= tolerance and np.all(distance[shown["value"]:] <= tolerance)
            assert distance[shown["value"] - 1] > tolerance
        else:
            assert distance[-1] > tolerance
    # the page's sentences: standardised, SGD and Momentum arrive; in metres they do not
    assert measured["numbers"]["rm_sgd_std_steps"]["kind"] == "count"
    assert measured["numbers"]["rm_sgd_raw_steps"]["kind"] == "text"


def test_the_line_figures_captions_from_the_core():
    """line-raw: no optimizer near the line after its playground steps; line-standardised: SGD and Momentum reach it."""
    for standardize, reach in ((0.0, set()), (1.0, {"sgd", "momentum"})):
        line = opt.MODELS["linear_regression"].with_params(standardize=standardize)
        for key in real_models.FOUR:
            _, steps = preset_settings(key)
            trajectory = opt.run(_preset(key), line, [[0.0, 0.0]], steps)
            kind = opt.outcomes.run_outcomes(trajectory, line).kinds[0]
            assert (kind == "converged") == (key in reach), (standardize, key, kind)


def test_the_spread_of_end_points_falls_with_the_batch_size(measured):
    line = opt.MODELS["linear_regression"].with_params(standardize=1.0)
    ends = np.array([opt.run(opt.OPTIMIZERS["sgd"](lr=0.02), line, [[0.0, 0.0]], 300,
                             minibatch=opt.Minibatches(line, 8, seed)).points[-1, 0] for seed in range(8)])
    spread = np.sqrt(((ends - ends.mean(axis=0)) ** 2).sum(axis=1).mean())
    assert _value(measured, "rm_spread_8") == pytest.approx(spread, rel=1e-12)
    spreads = [_value(measured, f"rm_spread_{size}") for size in real_models.BATCH_SIZES]
    assert spreads == sorted(spreads, reverse=True) and _value(measured, "rm_spread_full") == 0.0


def test_the_two_weight_networks_wells_from_the_core(measured):
    network = opt.MODELS["tanh_network"]
    side = real_models.TANH_LATTICE
    basins = opt.basins(_preset("adam"), network, (side, side), real_models.TANH_STEPS)
    right = int(np.argmax(network.minima[:, 0] > 0))
    assert _value(measured, "rm_tanh_adam_right") == pytest.approx(np.mean(basins.labels == right), abs=1e-12)
    assert _value(measured, "rm_tanh_adam_left") == pytest.approx(np.mean(basins.labels == 1 - right), abs=1e-12)
    w1 = np.meshgrid(*opt.basin_map.lattice(network.domain, (side, side)))[0]
    reached = (basins.labels >= 0) & (w1 != 0)
    own = reached & np.where(w1 > 0, basins.labels == right, basins.labels == 1 - right)
    assert _value(measured, "rm_tanh_adam_own") == pytest.approx(own.sum() / reached.sum(), abs=1e-12)
    for key in real_models.FOUR:   # the page: the wells equally often, and mostly the one on the start's side
        assert _value(measured, f"rm_tanh_{key}_right") == _value(measured, f"rm_tanh_{key}_left")
        assert _value(measured, f"rm_tanh_{key}_own") > 0.5


def test_logistic_regression_runs_on_and_the_plane_holds_the_path(measured):
    logistic = opt.MODELS["logistic_regression"]
    points = opt.run(opt.OPTIMIZERS["adam"](lr=0.1), logistic, [[0.0, 0.0]], 3000).points[:, 0]
    norms = [np.linalg.norm(points[step]) for step in (100, 1000, 3000)]
    assert [_value(measured, f"rm_logistic_norm_{s}") for s in (100, 1000, 3000)] == pytest.approx(norms, rel=1e-12)
    assert norms == sorted(norms) and len(logistic.minima) == 0
    plane = trajectory_plane(penguin_species(), _preset("adam"), 300, seed=0)
    assert _value(measured, "rm_plane_adam_fraction") == pytest.approx(plane.variance_fraction, rel=1e-12)
    assert _value(measured, "rm_plane_adam_fraction") > 0.9   # "almost flat on a plane"
