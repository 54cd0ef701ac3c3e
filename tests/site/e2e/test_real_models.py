"""Models on real data on screen (issue 18): a click on each model's surface gives CPython's run,
minibatch noise included; a link with a batch size and seed reproduces it cold; the loss chart
marks the epochs; "Train a network" gives CPython's trajectory plane."""

from __future__ import annotations

import math

import numpy as np
import pytest

import optimizers as opt
from conftest import wait_until
from pyodide_app import api
from site_build import datasets as build_datasets
from test_loading import DEFAULTS, preset_entries

PLANE_TIMEOUT = 180.0


@pytest.fixture(scope="module", autouse=True)
def penguins_data():
    return build_datasets.ensure_datasets()


def model_rows(model_id, starts, entries, params=None, minibatch=None):
    """CPython's end of every (entry, start) pair, as the page runs them (one batched run per entry)."""
    model = opt.MODELS[model_id].with_params(**(params or {}))
    out = {}
    for key, (optimizer_id, hyperparams, steps) in entries.items():
        hyper = {k: tuple(v) if isinstance(v, list) else v for k, v in hyperparams.items()}
        batches = opt.Minibatches(model, *minibatch) if minibatch else None
        traj = opt.run(opt.OPTIMIZERS[optimizer_id](**hyper), model, np.array(starts, dtype=float), steps,
                       minibatch=batches)
        for row in range(len(starts)):
            last = int(traj.last_step[row])
            out[(key, row)] = (*traj.points[last, row], traj.values[last, row], str(traj.status[row]), last)
    return out


def assert_rows(opened, expected):
    rows = opened.results()
    assert len(rows) == len(expected), rows
    for row in rows:
        x, y, f, status, steps = expected[(row["key"], 0)]
        assert row["status"] == status and int(float(row["steps"])) == steps, (row, status, steps)
        for got, want in ((row["end-x"], x), (row["end-y"], y), (row["f-end"], f)):
            assert math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-12), (row["key"], got, want)


def start_of(opened):
    row = opened.results()[0]
    return [float(row["start-x"]), float(row["start-y"])]


@pytest.mark.parametrize("model_id, batch, fraction", [
    ("linear_regression", (16, 3), (0.3, 0.6)),
    ("logistic_regression", (8, 1), (0.4, 0.5)),
    ("tanh_network", (32, 0), (0.6, 0.3)),
])
def test_a_click_on_a_model_gives_cpythons_minibatch_run_and_a_link_reproduces_it_cold(open_site, model_id, batch,
                                                                                        fraction):
    opened = open_site(f"#f={model_id}")
    opened.wait_python("ready")
    picker = opened.page.locator(".pg-function-select")
    assert picker.locator("optgroup[label='Real models'] option").count() == len(opt.MODELS)
    assert picker.input_value() == model_id
    # the batch size and seed, set on screen
    opened.page.get_by_label("Batch size").fill(str(batch[0]))
    seed = opened.page.locator(".pg-minibatch-seed input")
    seed.fill(str(batch[1]))
    seed.press("Enter")
    wait_until(opened.page, "location.hash", lambda h: f"b={batch[0]}%2C{batch[1]}" in h or f"b={batch[0]},{batch[1]}" in h,
               10, what="b= in the link")
    opened.click_plot(*fraction)
    opened.wait_run_done(timeout=120)
    start = start_of(opened)
    entries = preset_entries(model_id, DEFAULTS)
    assert_rows(opened, model_rows(model_id, [start], entries, minibatch=batch))
    caption = opened.page.locator(".pg-results caption").inner_text()
    assert f"minibatch gradients ({batch[0]} of {opt.MODELS[model_id].size} examples" in caption
    # the loss chart marks the epochs: every batches_per_epoch steps
    per_epoch = -(-opt.MODELS[model_id].size // batch[0])
    marks = opened.page.evaluate("document.querySelector('[data-playground]').playground.lossChart.epochSteps()")
    assert marks and marks == list(range(per_epoch, per_epoch * len(marks) + 1, per_epoch))
    # the full batch is exact gradients, and a different seed other numbers
    assert model_rows(model_id, [start], entries) != model_rows(model_id, [start], entries, minibatch=batch)
    link = opened.page.url
    opened.assert_clean()
    opened.context.close()

    cold = open_site("#" + link.split("#", 1)[1])
    cold.wait_ready_and_run()
    assert_rows(cold, model_rows(model_id, [start], entries, minibatch=batch))
    assert cold.page.get_by_label("Batch size").input_value() == str(batch[0])
    cold.assert_clean()


def test_logistic_regression_says_its_minimum_is_at_infinity_and_its_runs_keep_moving(open_site):
    opened = open_site("#f=logistic_regression&s=1,2")
    opened.wait_ready_and_run()
    note = opened.page.locator(".pg-model-no-minimum")
    assert "no minimum" in note.inner_text()
    assert "CC0" in opened.page.locator(".pg-model-source").inner_text()
    assert {row["status"] for row in opened.results()} == {"ok"}
    outcomes = opened.page.evaluate(
        "[...document.querySelector('[data-playground]').playground.runs.values()].flatMap((r) => r.outcomes.map((o) => o.kind))")
    assert outcomes and set(outcomes) <= {"still-moving", "left-view"}
    assert_rows(opened, model_rows("logistic_regression", [[1.0, 2.0]], preset_entries("logistic_regression", DEFAULTS)))
    opened.assert_clean()


def test_train_a_network_gives_cpythons_plane_with_its_variance_fraction(open_site):
    opened = open_site("#f=tanh_network&b=64,2&o=-sgd,-momentum,-rmsprop,adam")
    opened.wait_python("ready")
    assert not opened.page.evaluate("[...document.scripts].some((s) => s.src.includes('plane-view'))")
    opened.page.get_by_role("button", name="Train a network").click()
    wait_until(opened.page, "document.querySelector('.pg-plane-output')?.dataset.state", lambda s: s in ("done", "failed"),
               PLANE_TIMEOUT, what="the network's plane")
    view = "document.querySelector('[data-playground]').playground.controls.plane.view()"
    args = opened.page.evaluate(f"{view}.args")
    hyperparams, _ = opt.presets.preset_settings("adam", "tanh_network")
    assert args == {"optimizer": "adam", "hyperparams": {k: list(v) if isinstance(v, tuple) else v
                                                         for k, v in hyperparams.items()},
                    "steps": api.describe()["network_plane"]["steps"], "seed": 2, "batch_size": 64}
    got = opened.page.evaluate(f"""(() => {{ const r = {view}.result;
        return {{path: Array.from(r.path), values: Array.from(r.grid.values), fraction: r.variance_fraction,
                 explained: r.explained, x: r.grid.x, y: r.grid.y, losses: Array.from(r.path_losses)}}; }})()""")
    want = api.plane(args)
    for key, theirs in (("path", want["path"]), ("values", want["grid"]["values"]), ("losses", want["path_losses"]),
                        ("x", want["grid"]["x"]), ("y", want["grid"]["y"]), ("explained", want["explained"])):
        ours = np.asarray(got[key])
        assert ours.shape == np.shape(theirs), key
        assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-12 * np.abs(theirs).max()), key
    assert got["fraction"] == pytest.approx(want["variance_fraction"], rel=1e-9)
    shown = opened.page.locator(".pg-plane-fraction").inner_text()
    assert f"{100 * want['variance_fraction']:.1f}%" in shown
    assert opened.page.locator(".pg-plane-canvas").is_visible()
    opened.assert_clean()
