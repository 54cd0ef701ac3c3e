"""Basin maps made by the pool of Python workers (issue 17), progressively: a coarse map first,
then refined in place. Every cell of the four default 200 x 200 maps equals CPython's
``optimizers.basins``; the coarse map's cells equal the final map's at the same points; a pool
worker terminated mid-map is replaced and the map is still exact; Cancel stops every worker.
Headless Chromium here has 2 cores: ``?pool=2`` (the pool's test hook) forces two extra workers
beside the page's own, so the map is split across three."""

from __future__ import annotations

import numpy as np
import pytest

import optimizers as opt
from conftest import wait_until
from test_basins import basins_state, make_maps, page_fractions
from test_loading import DEFAULTS, preset_entries

POOL = "?pool=2"
RESOLUTION = 200
MAP_TIMEOUT = 180.0


@pytest.fixture(scope="module")
def cpython_maps():
    """key -> CPython's labels (row 0 at y_min, x fastest) of the default maps on two wells."""
    function = opt.FUNCTIONS["two_wells"]
    maps = {}
    for key, (optimizer_id, hyperparams, steps) in preset_entries("two_wells", DEFAULTS).items():
        result = opt.basins(opt.OPTIMIZERS[optimizer_id](**hyperparams), function, (RESOLUTION, RESOLUTION), steps)
        maps[key] = result.labels.reshape(-1)
    return maps


def pool_workers(opened):
    return opened.page.evaluate("window.__opPool ? window.__opPool.workers() : []")


def warm_pool(opened):
    """A small map starts the pool; then wait until every worker has started Python."""
    make_maps(opened, 50)
    wait_until(opened.page, "window.__opPool.workers()", lambda ws: len(ws) == 3 and all(
        w["status"] == "ready" for w in ws), 120, what="three ready pool workers")


def page_labels(opened):
    """key -> the final map's labels and the coarse map's (with its step), as the page holds them."""
    value = opened.page.evaluate("""() => {
        const a = document.querySelector('[data-playground]').playground.basins.assembly;
        return {step: a.step, side: a.side, maps: Object.fromEntries(a.maps.map((m) =>
            [m.key, {labels: Array.from(m.labels), coarse: Array.from(m.coarse)}]))};
    }""")
    maps = {key: {name: np.asarray(values, dtype=float) for name, values in m.items()}
            for key, m in value["maps"].items()}
    return value["step"], value["side"], maps


def start_map(opened, resolution):
    opened.page.get_by_label("Lattice").select_option(str(resolution))
    opened.page.get_by_role("button", name="Basin map").click()


def wait_done(opened):
    wait_until(opened.page, "document.querySelector('[data-playground]').dataset.basins",
               lambda s: s in ("done", "failed"), MAP_TIMEOUT, what="basin maps")
    assert basins_state(opened) == "done", opened.page.locator(".pg-basins").inner_text()


def assert_exact(opened, cpython_maps):
    step, side, maps = page_labels(opened)
    assert step == 4 and side == 50 and sorted(maps) == sorted(cpython_maps)
    for key, expected in cpython_maps.items():
        np.testing.assert_array_equal(maps[key]["labels"], expected, err_msg=key)
        lattice = expected.reshape(RESOLUTION, RESOLUTION)
        np.testing.assert_array_equal(maps[key]["coarse"], lattice[::step, ::step].reshape(-1), err_msg=key)
    total = RESOLUTION * RESOLUTION
    function = opt.FUNCTIONS["two_wells"]
    globals_ = [k for k, m in enumerate(np.asarray(function.minima).reshape(-1, 2))
                if any(np.array_equal(m, g) for g in np.asarray(function.global_minima).reshape(-1, 2))]
    assert page_fractions(opened) == {key: int(np.isin(labels, globals_).sum()) / total
                                      for key, labels in cpython_maps.items()}


def test_the_pool_makes_the_four_default_maps_exactly_cpythons_coarse_map_first(open_site, cpython_maps):
    opened = open_site(POOL)
    opened.wait_python("ready")
    warm_pool(opened)
    opened.page.evaluate("window.__opPool.idleMs = 8000")
    start_map(opened, RESOLUTION)
    # The coarse map comes first, its first look (every 8th point: 625 starts) drawn before the rest, and
    # the table counts the starts "so far" (a part of a later pass may already be in too).
    counted = wait_until(opened.page, """(() => { const t = document.querySelector('.pg-basins-fractions');
        return t ? [t.dataset.counted, t.querySelector('caption').textContent] : null; })()""",
                         lambda c: c is not None, MAP_TIMEOUT, what="a first table")
    assert 625 <= int(counted[0]) < 40000 or basins_state(opened) == "done", counted
    if int(counted[0]) < 40000:
        assert "So far" in counted[1] and f"{int(counted[0]):,} of 40,000 starts" in counted[1], counted
    wait_done(opened)
    done = [w["blocks"] for w in pool_workers(opened)]
    assert sum(1 for blocks in done if blocks > 0) == 3, done   # the page's worker and both extras took blocks
    assert opened.page.evaluate("document.querySelector('.pg-basins-fractions').dataset.complete") == "true"
    assert_exact(opened, cpython_maps)
    marks = opened.page.evaluate("performance.getEntriesByType('mark').map((m) => m.name)")
    assert marks.index("op:basins-coarse") < len(marks) - 1 - marks[::-1].index("op:basins-done")
    # Left idle, the extras are given back; the page's worker stays.
    wait_until(opened.page, "window.__opPool.workers().length", lambda n: n == 1, 60, what="extras given back")
    opened.assert_clean()


def test_a_pool_worker_terminated_mid_map_is_replaced_and_the_map_is_still_exact(open_site, cpython_maps):
    opened = open_site(POOL)
    opened.wait_python("ready")
    warm_pool(opened)
    start_map(opened, RESOLUTION)
    # Once the coarse map is in and an extra worker runs a block of the rest, it dies.
    wait_until(opened.page, """(() => { const a = document.querySelector('[data-playground]').playground.basins.assembly;
        return a && a.counted >= 2500 && window.__opPool.workers().some((w) => !w.main && w.busy); })()""",
               bool, MAP_TIMEOUT, interval=0.02, what="an extra worker busy after the coarse map")
    assert opened.page.evaluate("window.__opPool.terminateOne()") is True
    wait_done(opened)
    # the dead worker's part was run again, or (the pool's backups) finished first by another worker's run of it
    assert opened.page.evaluate("window.__opPool.replaced + window.__opPool.finishedFirst") >= 1
    assert_exact(opened, cpython_maps)
    opened.assert_clean()


def test_cancel_stops_the_work_of_every_pool_worker(open_site):
    opened = open_site(POOL)
    opened.wait_python("ready")
    warm_pool(opened)
    start_map(opened, 400)
    wait_until(opened.page, "window.__opPool.workers().filter((w) => w.busy).length", lambda n: n == 3, 60,
               interval=0.02, what="all three workers busy")
    opened.page.get_by_role("button", name="Cancel").click()
    assert basins_state(opened) == "idle"
    # Every worker confirms it stopped (its reply to the cancel) within a slice or so.
    wait_until(opened.page, "window.__opPool.workers()", lambda ws: all(not w["busy"] and w["cancelling"] == 0
                                                                       for w in ws), 5, what="every worker stopped")
    assert opened.page.evaluate("window.__opPool.jobs.length") == 0
    assert "Cancelled" in opened.page.locator(".pg-basins-status").inner_text()
    assert opened.page.locator(".pg-basins-fractions").count() == 0   # no half-refined table is left
    opened.assert_clean()
