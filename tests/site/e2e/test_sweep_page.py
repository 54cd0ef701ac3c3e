"""Sweeps and copies on the page (issue 17): a learning-rate sweep's rows equal CPython's
``optimizers.run`` at each value (final loss and outcome, exactly), a cold link with q= runs the
same sweep, picking a value draws that run; "Add a copy" makes a second entry of an optimizer
whose runs equal CPython's with its own settings, and whose link reproduces it cold."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs

import numpy as np

import optimizers as opt
from conftest import wait_until
from optimizers import outcomes
from optimizers.sweep import sweep_values
from optimizers.presets import COPY_DASHES, COPY_PALETTE, PRESETS, preset_settings

SWEEP_TIMEOUT = 180.0
# Himmelblau is a polynomial: its values and gradients are sums and products, the same float64s in
# Pyodide as in CPython (two wells' exp is not: numpy's vectorised exp and wasm's libm differ in the
# last bit), so the page's numbers must equal CPython's exactly.
FUNCTION = "himmelblau"
START = "0.5,1"
LINK = f"#f={FUNCTION}&s={START}"


def sweep_rows(opened):
    return opened.page.evaluate("""() => [...document.querySelectorAll('.pg-sweep tr[data-sweep-value]')].map((tr) => ({
        value: tr.dataset.sweepValue,
        loss: tr.querySelector('[data-col="final-loss"]').dataset.value,
        outcome: tr.querySelector('[data-col="outcome"]').dataset.value,
        text: tr.querySelector('[data-col="outcome"]').textContent}))""")


def wait_sweep(opened):
    wait_until(opened.page, "document.querySelector('[data-playground]').dataset.sweep",
               lambda s: s in ("done", "failed"), SWEEP_TIMEOUT, what="the sweep")
    assert opened.playground().get_attribute("data-sweep") == "done", opened.page.locator(".pg-sweep").inner_text()


def cpython_run(key, start, hyperparams, steps, function_id=FUNCTION):
    return opt.run(opt.OPTIMIZERS[PRESETS[key].optimizer](**hyperparams), opt.FUNCTIONS[function_id], [start], steps)


def assert_rows_equal_cpython(rows, key, start, function_id=FUNCTION):
    hyperparams, steps = preset_settings(key, function_id)
    values = sweep_values(1e-4, 1.0, 25, "log")       # CPython's values: the page's are the same float64s
    assert [float(row["value"]) for row in rows] == values.tolist()
    fn = opt.FUNCTIONS[function_id]
    kinds = set()
    for row, lr in zip(rows, values.tolist()):
        traj = cpython_run(key, start, {**hyperparams, "lr": lr}, steps, function_id)
        last = int(traj.last_step[0])
        assert float(row["loss"]) == traj.values[last, 0], (lr, row)
        kind = outcomes.run_outcomes(traj, fn).kinds[0]
        assert row["outcome"] == kind, (lr, row)
        # a run that stopped (diverged or escaped) is marked by a sign and words, not colour alone
        assert row["text"].startswith("× ") == (traj.status[0] != "ok"), (lr, row)
        kinds.add(kind if traj.status[0] == "ok" else "stopped")
    return kinds


def test_a_learning_rate_sweep_equals_cpython_and_its_link_runs_it_cold(open_site):
    opened = open_site(LINK)
    opened.wait_ready_and_run()
    opened.page.get_by_label("Sweep optimizer").select_option("sgd")
    assert opened.page.get_by_label("Sweep from").input_value() == "0.0001"
    assert opened.page.get_by_label("Sweep to").input_value() == "1"
    assert opened.page.get_by_label("Sweep values").input_value() == "25"
    opened.page.get_by_role("button", name="Learning-rate sweep").click()
    wait_sweep(opened)
    rows = sweep_rows(opened)
    kinds = assert_rows_equal_cpython(rows, "sgd", [0.5, 1.0])
    assert {"stopped", "converged", "still-moving"} <= kinds, kinds      # the range reaches both ends
    legend = opened.page.locator(".pg-sweep-legend").inner_text()
    assert "× at the top" in legend and "stopped" in legend
    # the sweep is in the link
    hash_ = opened.page.evaluate("location.hash")
    assert parse_qs(hash_[1:])["q"] == ["sgd,lr,0.0001,1,25,loss,0"]
    # the chart came with its own chunk, fetched on first use
    assert opened.page.evaluate("performance.getEntriesByType('resource').some((e) => /chunks\\/sweep-chart-/.test(e.name))")

    cold = open_site(hash_)
    cold.wait_python("ready")
    wait_sweep(cold)
    assert sweep_rows(cold) == rows
    cold.assert_clean()
    opened.assert_clean()


def test_a_sweep_split_across_the_pools_workers_equals_cpython(open_site):
    """With the pool's extra worker up (a basin map started it), a sweep's values are split between
    the workers (``part``), and the joined rows are still CPython's, value for value."""
    opened = open_site(f"?pool=1{LINK}")
    opened.wait_ready_and_run()
    opened.page.get_by_label("Lattice").select_option("50")
    opened.page.get_by_role("button", name="Basin map").click()
    wait_until(opened.page, "window.__opPool && window.__opPool.workers()", lambda ws: ws and len(ws) == 2 and all(
        w["status"] == "ready" and not w["busy"] for w in ws), SWEEP_TIMEOUT, what="two ready, idle pool workers")
    before = [w["blocks"] for w in opened.page.evaluate("window.__opPool.workers()")]
    opened.page.get_by_label("Sweep optimizer").select_option("adam")
    opened.page.get_by_role("button", name="Learning-rate sweep").click()
    wait_sweep(opened)
    after = [w["blocks"] for w in opened.page.evaluate("window.__opPool.workers()")]
    assert after[0] > before[0] and after[1] > before[1], (before, after)   # both workers ran parts
    assert sum(after) - sum(before) == 4                                     # 25 values in 4 parts
    assert_rows_equal_cpython(sweep_rows(opened), "adam", [0.5, 1.0])
    opened.assert_clean()


def test_picking_a_value_draws_that_run_on_the_plot(open_site):
    opened = open_site(f"{LINK}&q=adam,lr,0.0001,1,25,distance,0")
    opened.wait_python("ready")
    wait_sweep(opened)
    rows = sweep_rows(opened)
    assert_rows_equal_cpython(rows, "adam", [0.5, 1.0])
    pick = 17
    lr = float(rows[pick]["value"])
    opened.page.get_by_role("button", name=f"Show the path at learning rate = {rows[pick]['value']}", exact=True).click()
    drawn = opened.page.evaluate("""() => {
        const path = document.querySelector('[data-playground]').playground.renderer.paths.find((p) => p.key === 'sweep');
        return path ? {points: Array.from(path.points), last: path.lastStep[0]} : null}""")
    hyperparams, steps = preset_settings("adam", FUNCTION)
    traj = cpython_run("adam", [0.5, 1.0], {**hyperparams, "lr": lr}, steps)
    expected = traj.points[:, 0, :].reshape(-1)
    page_points = np.array([np.nan if v is None else v for v in drawn["points"]], dtype=float)
    assert np.array_equal(page_points, expected, equal_nan=True) and drawn["last"] == traj.last_step[0]
    assert opened.page.locator("tr.pg-sweep-picked").get_attribute("data-sweep-value") == rows[pick]["value"]
    # the chart's column is the distance, on a log scale, and the picked run is ringed (said in words too)
    assert "ringed: the run at" in opened.page.locator(".pg-sweep-legend").inner_text()
    # a click on the chart picks the nearest value
    plot = opened.page.locator(".pg-sweep-plot .u-over")
    box = plot.bounding_box()
    plot.click(position={"x": 2, "y": box["height"] / 2})
    assert opened.page.locator("tr.pg-sweep-picked").get_attribute("data-sweep-value") == rows[0]["value"]
    opened.assert_clean()


def test_a_copy_runs_its_own_settings_and_its_link_reproduces_it_cold(open_site):
    opened = open_site(LINK)
    opened.wait_ready_and_run()
    opened.page.get_by_role("button", name="Add a copy of Adam").click()
    field = opened.page.get_by_label("Adam (copy 1) learning rate", exact=True)
    field.fill("0.1")
    field.press("Enter")
    wait_until(opened.page, "document.querySelector('[data-playground]').playground.runs.get('adam.1')?.values?.length",
               timeout=120, what="the copy's run")
    opened.wait_run_done()
    rows = {row["key"]: row for row in opened.results()}
    assert rows["adam.1"]["label"].endswith("Adam (lr 0.1)")
    hyperparams, steps = preset_settings("adam", FUNCTION)
    for key, lr in (("adam", hyperparams["lr"]), ("adam.1", 0.1)):
        traj = cpython_run("adam", [0.5, 1.0], {**hyperparams, "lr": lr}, steps)
        last = int(traj.last_step[0])
        assert float(rows[key]["f-end"]) == traj.values[last, 0]
        assert float(rows[key]["end-x"]) == traj.points[last, 0, 0] and float(rows[key]["end-y"]) == traj.points[last, 0, 1]
    entry = opened.page.evaluate("""() => document.querySelector('[data-playground]').playground.state.entries
        .find((e) => e.key === 'adam.1')""")
    assert (entry["color"], entry["dash"]) == (COPY_PALETTE[0], COPY_DASHES[0]) and entry["label"] == "Adam (lr 0.1)"
    assert "adam.1" in opened.page.evaluate("document.querySelector('.pg-plot').dataset.paths").split()
    assert opened.page.locator(".pg-toggles button[data-key='adam.1']").inner_text().strip() == "Adam (lr 0.1)"
    # the loss curves draw it, and the CSV export names it by its label, with its own settings
    series = opened.page.evaluate("document.querySelector('[data-playground]').playground.lossChart.columns().series")
    assert "adam.1" in {s["key"] for s in series}
    with opened.page.expect_download() as download:
        opened.page.get_by_role("button", name="Download CSV").click()
    exported = list(csv.DictReader(io.StringIO(open(download.value.path()).read())))
    copied = [row for row in exported if row["optimizer_label"] == "Adam (lr 0.1)"]
    assert copied and json.loads(copied[0]["hyperparams"])["lr"] == 0.1
    assert float(copied[-1]["f"]) == float(rows["adam.1"]["f-end"])
    hash_ = opened.page.evaluate("location.hash")
    listed = parse_qs(hash_[1:])["o"][0]
    assert "adam.1~" in listed

    cold = open_site(hash_)
    cold.wait_ready_and_run()
    assert {row["key"]: row for row in cold.results()} == rows
    # a copy can be removed: its run, row and link entry go
    cold.page.get_by_role("button", name="Remove Adam (lr 0.1)").click()
    wait_until(cold.page, "location.hash", lambda h: "adam.1" not in h, 10, what="the copy to leave the link")
    assert "adam.1" not in [row["key"] for row in cold.results()]
    cold.assert_clean()
    opened.assert_clean()


def test_a_short_copy_link_starts_from_its_presets_settings(open_site):
    # "adam.2~{"lr":0.3}": a copy given only the settings that differ
    opened = open_site(f"{LINK}&o=adam,adam.2~" + json.dumps({"lr": 0.3}, separators=(",", ":")))
    opened.wait_ready_and_run()
    rows = {row["key"]: row for row in opened.results()}
    hyperparams, steps = preset_settings("adam", FUNCTION)
    traj = cpython_run("adam", [0.5, 1.0], {**hyperparams, "lr": 0.3}, steps)
    assert float(rows["adam.2"]["f-end"]) == traj.values[int(traj.last_step[0]), 0]
    assert rows["adam.2"]["label"].endswith("Adam (lr 0.3)")
    entry = opened.page.evaluate("""() => document.querySelector('[data-playground]').playground.state.entries
        .find((e) => e.key === 'adam.2')""")
    assert (entry["color"], entry["dash"]) == (COPY_PALETTE[1], COPY_DASHES[1])
    opened.assert_clean()
