"""Loss curves and update vectors (issue 8): the chart's data are the runs' values (CPython's),
its marker follows the playback and sets it when pressed; the arrows at the current step are
the vectors CPython's ``run(..., record=...)`` records there; both survive a cold link."""

from __future__ import annotations

import math

import numpy as np

import optimizers as opt
from test_loading import DEFAULTS, preset_entries
from test_playback import PG, position

RECORD = ("grad", "moment", "step")


def cpython_runs(function_id, start, record=()):
    """key -> CPython's Trajectory from one start, for the default presets."""
    function = opt.FUNCTIONS[function_id]
    return {key: opt.run(opt.OPTIMIZERS[optimizer_id](**hyperparams), function, [start], steps, record=record)
            for key, (optimizer_id, hyperparams, steps) in preset_entries(function_id, DEFAULTS).items()}


def chart(opened):
    return opened.page.evaluate(f"""(() => {{
        const c = {PG}.lossChart;
        return {{data: c.columns().data, series: c.columns().series, markerX: c.markerX(),
                 step: Number(document.querySelector('.pg-loss-chart').dataset.step),
                 scale: document.querySelector('.pg-loss-chart').dataset.scale}};
    }})()""")


def assert_columns_equal(drawn, expected, transform=lambda f: f):
    assert [s["key"] for s in drawn["series"]] == DEFAULTS
    for column, series in zip(drawn["data"][1:], drawn["series"]):
        values = expected[series["key"]].values[:, series["row"]]
        last = int(expected[series["key"]].last_step[series["row"]])
        assert all(v is None for v in column[last + 1:])
        for got, want in zip(column[:last + 1], values[:last + 1]):
            assert math.isclose(got, transform(want), rel_tol=1e-9, abs_tol=1e-12), (series["key"], got, want)


def test_the_loss_curves_are_the_runs_values_and_their_marker_moves_with_the_playback(open_site):
    opened = open_site("#s=0.5,1&t=40,150")
    opened.wait_ready_and_run()
    expected = cpython_runs("two_wells", [0.5, 1])
    drawn = chart(opened)
    assert drawn["data"][0] == list(range(501)) and drawn["scale"] == "linear"
    assert_columns_equal(drawn, expected)
    assert drawn["step"] == 40 and position(opened) == (40, 40, 40, "40,150")

    # One step, a key and the scrubber move the path, the scrubber and the chart's marker together.
    opened.page.get_by_role("button", name="One step forward").click()
    assert chart(opened)["step"] == 41 and position(opened)[:3] == (41, 41, 41)
    opened.page.keyboard.press(",")
    assert chart(opened)["step"] == 40 and position(opened)[:3] == (40, 40, 40)
    opened.page.get_by_role("slider", name="Step").fill("100")
    at_100 = chart(opened)
    assert at_100["step"] == 100 and position(opened)[:3] == (100, 100, 100)

    # Pressing on the chart moves the playback there: the path, the scrubber and the URL.
    over = opened.page.locator(".pg-loss-chart .u-over")
    box = over.bounding_box()
    over.click(position={"x": box["width"] * 0.5, "y": box["height"] / 2})
    step = chart(opened)["step"]
    assert 240 <= step <= 260, step
    assert position(opened) == (step, step, step, f"{step},150")
    marker = chart(opened)["markerX"]
    assert abs(marker - box["width"] * 0.5) <= box["width"] / 500 + 1   # the marker sits where it was pressed

    # The log scale: f minus the function's known minimum (the catalog's global minimum value).
    opened.page.get_by_label("Scale").select_option("log")
    minimum = float(np.min(opt.FUNCTIONS["two_wells"].minima_values))
    floor = 1e-15 * max(1.0, abs(minimum))
    logged = chart(opened)
    assert logged["scale"] == "log" and logged["step"] == step
    assert_columns_equal(logged, expected, lambda f: max(f - minimum, floor))

    # The same link, cold: the same step, the same curves on the same scale (the state's lossScale, l=).
    link = opened.page.url
    assert "l=log" in link
    again = open_site(link[link.index("#"):])
    again.wait_ready_and_run()
    assert chart(again)["step"] == step and position(again)[:3] == (step, step, step)
    assert chart(again)["scale"] == "log"
    assert_columns_equal(chart(again), expected, lambda f: max(f - minimum, floor))
    opened.assert_clean()
    again.assert_clean()


def arrows(opened):
    return opened.page.evaluate(f"{PG}.renderer.arrows")


def assert_arrows_equal(drawn, expected, step, names):
    want = {}
    for key, trajectory in expected.items():
        for name in names:
            if name in trajectory.recorded and step + 1 <= trajectory.last_step[0]:
                want[(key, name)] = (trajectory.points[step, 0], trajectory.recorded[name][step + 1, 0])
    got = {(a["key"], a["name"]): (a["at"], a["vector"]) for a in drawn}
    assert set(got) == set(want), (sorted(got), sorted(want))
    for item, (at, vector) in want.items():
        np.testing.assert_allclose(got[item][0], at, rtol=1e-9, atol=1e-12, err_msg=str(item))
        np.testing.assert_allclose(got[item][1], vector, rtol=1e-9, atol=1e-12, err_msg=str(item))


def test_vectors_at_the_current_step_are_cpythons_recorded_vectors(open_site):
    opened = open_site("#s=0.5,1&t=12,150")
    opened.wait_ready_and_run()
    assert arrows(opened) == []
    for name in ("Downhill (−gradient)", "−Momentum or first moment", "Step taken"):
        opened.page.get_by_label(name).check()
    opened.page.wait_for_timeout(200)
    opened.wait_run_done()
    assert "w=grad%2Cmoment%2Cstep" in opened.page.url
    expected = cpython_runs("two_wells", [0.5, 1], record=RECORD)
    assert_arrows_equal(arrows(opened), expected, 12, RECORD)
    # SGD has no momentum: its arrows are the gradient and the step only.
    assert {a["name"] for a in arrows(opened) if a["key"] == "sgd"} == {"grad", "step"}

    opened.page.get_by_role("button", name="One step forward").click()
    assert_arrows_equal(arrows(opened), expected, 13, RECORD)
    opened.page.get_by_label("Step taken").uncheck()
    assert_arrows_equal(arrows(opened), expected, 13, ("grad", "moment"))

    # A cold link with vectors draws them at its step.
    again = open_site("#s=0.5,1&t=30,150&w=moment")
    again.wait_ready_and_run()
    assert again.page.get_by_label("−Momentum or first moment").is_checked()
    assert_arrows_equal(arrows(again), expected, 30, ("moment",))
    opened.assert_clean()
    again.assert_clean()
