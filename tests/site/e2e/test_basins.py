"""Basin maps on the page (issue 8): the "Basin map" button maps every enabled optimizer on
a lattice over the view in Python's worker, with progress and Cancel; the fractions table
equals CPython's ``optimizers.basins`` on the same lattice, start for start."""

from __future__ import annotations

import time

import numpy as np

import optimizers as opt
from conftest import wait_until
from test_loading import DEFAULTS, preset_entries

BASINS_TIMEOUT = 120.0


def cpython_global_fractions(function, entries, resolution, domain=None, noise=(0.0, 0)):
    """key -> the share of lattice starts whose run ends at a global minimum (CPython)."""
    minima = np.asarray(function.minima).reshape(-1, 2)
    globals_ = [k for k, m in enumerate(minima)
                if any(np.array_equal(m, g) for g in np.asarray(function.global_minima).reshape(-1, 2))]
    fractions = {}
    for key, (optimizer_id, hyperparams, steps) in entries.items():
        result = opt.basins(opt.OPTIMIZERS[optimizer_id](**hyperparams), function, (resolution, resolution), steps,
                            domain=domain, noise=noise[0], seed=noise[1])
        fractions[key] = int(np.isin(result.labels, globals_).sum()) / result.labels.size
    return fractions


def page_fractions(opened):
    return opened.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '.pg-basins-fractions tr[data-key]')].map((tr) => [tr.dataset.key,
        Number(tr.querySelector('[data-col="global-fraction"]').dataset.value)]))""")


def basins_state(opened):
    return opened.page.evaluate("document.querySelector('[data-playground]').dataset.basins")


def make_maps(opened, resolution):
    opened.page.get_by_label("Lattice").select_option(str(resolution))
    opened.page.get_by_role("button", name="Basin map").click()
    wait_until(opened.page, "document.querySelector('[data-playground]').dataset.basins",
               lambda s: s in ("done", "failed"), BASINS_TIMEOUT, what="basin maps")
    assert basins_state(opened) == "done", opened.page.locator(".pg-basins").inner_text()


def test_basin_maps_of_two_wells_equal_cpythons_for_every_default_optimizer(open_site):
    opened = open_site("")
    opened.wait_python("ready")
    make_maps(opened, 50)
    entries = preset_entries("two_wells", DEFAULTS)
    expected = cpython_global_fractions(opt.FUNCTIONS["two_wells"], entries, 50)
    assert page_fractions(opened) == expected
    # The map is drawn: the contour layer changed, and another optimizer's map redraws it.
    drawn = opened.base_fingerprint()
    opened.page.get_by_label("Map of").select_option("adam")
    assert opened.base_fingerprint() != drawn
    legend = opened.page.locator(".pg-basins-legend").inner_text()
    assert "Global minimum at (-0.936, 0)" in legend and "%" in legend
    # A run from a click still works over the map, and switching an optimizer off asks for a new map.
    opened.click_plot(0.7, 0.3)
    opened.wait_run_done()
    opened.page.locator(".pg-toggles button", has_text="SGD").first.click()
    assert basins_state(opened) == "idle" and opened.page.locator(".pg-basins-fractions").count() == 0
    assert "press Basin map" in opened.page.locator(".pg-basins-status").inner_text()
    opened.assert_clean()


def test_cancel_stops_the_work_and_a_later_map_and_click_still_run(open_site):
    opened = open_site("#v=-1.5,1.5,-1,1.5&n=0.05,3")
    opened.wait_python("ready")
    opened.page.get_by_label("Lattice").select_option("400")
    opened.page.get_by_role("button", name="Basin map").click()
    progress = opened.page.locator(".pg-basins-progress-text")
    wait_until(opened.page, "document.querySelector('.pg-basins-progress progress').value",
               lambda v: v > 0.01, 60, what="progress above 1 %")
    assert "Computing basin maps:" in progress.inner_text()
    assert opened.page.locator(".pg-basins-progress progress").is_visible()
    opened.page.get_by_role("button", name="Cancel").click()
    began = time.monotonic()
    assert basins_state(opened) == "idle"
    # The worker confirms it stopped (its reply to the cancel), within one slice of work.
    wait_until(opened.page, "document.querySelector('[data-playground]').playground.client.cancelling.size",
               lambda n: n == 0, 5, what="the worker's confirmation")
    stopped_after = time.monotonic() - began
    assert stopped_after < 2.0, stopped_after
    assert "Cancelled" in opened.page.locator(".pg-basins-status").inner_text()

    # A later map, on the link's view and noise, still runs and equals CPython's.
    make_maps(opened, 50)
    fn = opt.FUNCTIONS["two_wells"]
    expected = cpython_global_fractions(fn, preset_entries("two_wells", DEFAULTS), 50,
                                        domain=[[-1.5, 1.5], [-1, 1.5]], noise=(0.05, 3))
    assert page_fractions(opened) == expected
    opened.click_plot(0.3, 0.6)
    opened.wait_run_done()
    opened.assert_clean()
