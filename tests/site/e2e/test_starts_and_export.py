"""Several starts, how runs ended, and share/export (issue 7): two starts give two groups of
rows equal to CPython; a start can be removed; "Add starts" adds on a tap; each row says how
its run ended by the core's one rule (Python's outcome); the copied link opened in a new page gives the same
table; the CSV and JSON hold every step of every run; the PNG is the figure."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import struct

import numpy as np

import optimizers as opt
from optimizers.outcomes import run_outcomes
from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_playback import PG


def cpython_outcome(trajectory, row, function, view=None):
    """The core's one rule (optimizers.outcomes), applied to CPython's run: the outcome's kind."""
    return str(run_outcomes(trajectory, function, view).kinds[row])


def outcomes(opened):
    return opened.page.evaluate("""[...document.querySelectorAll('.pg-results tr[data-key]')].map((tr) =>
        [tr.dataset.key, Number(tr.dataset.start), tr.querySelector('[data-col="status"]').dataset.outcome,
         tr.querySelector('[data-col="status"]').textContent])""")


def test_two_starts_give_two_groups_equal_to_cpython_and_a_start_can_be_removed(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    opened.click_plot(0.2, 0.8, modifiers=["Shift"])
    opened.page.wait_for_timeout(100)
    opened.wait_run_done()
    starts = opened.page.evaluate(f"{PG}.state.starts")
    assert len(starts) == 2 and starts[0] == [0.5, 1]
    entries = preset_entries("two_wells", DEFAULTS)
    assert_table_equals(opened, expected_rows("two_wells", starts, entries), starts)
    groups = opened.page.evaluate("""[...document.querySelectorAll('.pg-results tbody')].map((body) =>
        [body.querySelector('.pg-start-row th')?.textContent, [...body.querySelectorAll('tr[data-key]')].map((tr) => tr.dataset.key)])""")
    assert [keys for _, keys in groups] == [DEFAULTS, DEFAULTS]
    assert groups[0][0].startswith("Start 1 at (0.5, 1)") and groups[1][0].startswith("Start 2 at (")

    # Every row says how its run ended, by the page's rule applied to CPython's runs.
    function = opt.FUNCTIONS["two_wells"]
    expected = {}
    for key, (optimizer_id, hyperparams, steps) in entries.items():
        trajectory = opt.run(opt.OPTIMIZERS[optimizer_id](**hyperparams), function, starts, steps)
        for row in range(2):
            expected[(key, row)] = cpython_outcome(trajectory, row, function)
    said = outcomes(opened)
    assert {(key, row): outcome for key, row, outcome, _ in said} == expected
    # at the view's precision (thousandths here), with the true minus sign
    assert all(text == "still moving" or re.fullmatch(r"(diverged at step [0-9,]+|left the view)", text) or
               re.fullmatch(r"(global|local) minimum at \(\u2212?[0-9]+(\.[0-9]{1,3})?, \u2212?[0-9]+(\.[0-9]{1,3})?\)", text)
               for *_, text in said), said
    assert "ok" not in {text for *_, text in said}

    # Remove the first start: one group left, the second start's numbers, the URL follows.
    opened.page.get_by_role("button", name="Remove start 1").click()
    opened.page.wait_for_timeout(100)
    opened.wait_run_done()
    assert opened.page.evaluate(f"{PG}.state.starts") == [starts[1]]
    assert_table_equals(opened, expected_rows("two_wells", [starts[1]], entries), [starts[1]])
    assert opened.page.locator(".pg-start-row").count() == 0
    opened.assert_clean()


def test_add_starts_mode_adds_on_each_click_and_clear_removes_them(open_site):
    opened = open_site("")
    opened.wait_python("ready")
    add = opened.page.get_by_role("button", name="Add starts")
    add.click()
    assert add.get_attribute("aria-pressed") == "true"
    for fx, fy in [(0.3, 0.3), (0.7, 0.6), (0.5, 0.9)]:
        opened.click_plot(fx, fy)
    opened.page.wait_for_timeout(100)
    opened.wait_run_done()
    starts = opened.page.evaluate(f"{PG}.state.starts")
    assert len(starts) == 3
    assert_table_equals(opened, expected_rows("two_wells", starts, preset_entries("two_wells", DEFAULTS)), starts)
    add.click()
    opened.click_plot(0.4, 0.4)                        # the mode is off: a click replaces the starts
    opened.page.wait_for_timeout(100)
    opened.wait_run_done()
    assert len(opened.page.evaluate(f"{PG}.state.starts")) == 1
    opened.page.get_by_role("button", name="Clear starts").click()
    assert opened.page.evaluate(f"{PG}.state.starts") == [] and opened.results() == []
    assert "s=" not in opened.page.url
    opened.assert_clean()


def test_the_copied_link_opens_the_same_table_and_the_exports_hold_every_step(open_site):
    link = '#s=0.5,1;-1.2,0.4&o=sgd~{"lr":0.05},-momentum,-rmsprop,adam&n=0.05,4'
    opened = open_site(link)
    opened.context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened.wait_ready_and_run()
    entries = {"sgd": ("sgd", {"lr": 0.05}, 500), **preset_entries("two_wells", ["adam"])}
    starts = [[0.5, 1], [-1.2, 0.4]]
    assert_table_equals(opened, expected_rows("two_wells", starts, entries, noise=(0.05, 4)), starts)

    opened.page.get_by_role("button", name="Copy link").click()
    opened.page.wait_for_timeout(100)
    assert opened.page.locator(".pg-share-status").inner_text() == "Link copied."
    copied = opened.page.evaluate("navigator.clipboard.readText()")
    assert copied == opened.page.url
    again = open_site(copied[copied.index("#"):])
    again.wait_ready_and_run()
    assert again.results() == opened.results()

    # CSV: every step of every run from every start, with the settings, equal to CPython's run.
    with opened.page.expect_download() as download:
        opened.page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "optimizer-paths-two_wells.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.value.path()).read())))
    function = opt.FUNCTIONS["two_wells"]
    count = 0
    for key, (optimizer_id, hyperparams, steps) in entries.items():
        trajectory = opt.run(opt.OPTIMIZERS[optimizer_id](**{k: tuple(v) if isinstance(v, list) else v
                                                           for k, v in hyperparams.items()}),
                             function, starts, steps, noise=0.05, seed=4)
        for row in range(2):
            mine = [r for r in rows if r["optimizer_key"] == key and r["start"] == str(row + 1)]
            last = int(trajectory.last_step[row])
            assert [int(r["step"]) for r in mine] == list(range(last + 1))
            got = np.array([[float(r["x"]), float(r["y"]), float(r["f"])] for r in mine])
            want = np.column_stack([trajectory.points[:last + 1, row], trajectory.values[:last + 1, row]])
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
            assert {r["status"] for r in mine} == {str(trajectory.status[row])}
            assert {json.loads(r["hyperparams"])["lr"] for r in mine} == {hyperparams["lr"]}
            assert {(r["noise_sigma"], r["noise_seed"]) for r in mine} == {("0.05", "4")}
            count += len(mine)
    assert count == len(rows)

    # JSON: the same numbers, nested.
    with opened.page.expect_download() as download:
        opened.page.get_by_role("button", name="Download JSON").click()
    data = json.load(open(download.value.path()))
    assert [run["key"] for run in data["runs"]] == ["sgd", "adam"]
    assert data["noise"] == {"sigma": 0.05, "seed": 4}
    sgd_rows = [r for r in rows if r["optimizer_key"] == "sgd" and r["start"] == "2"]
    assert data["runs"][0]["starts"][1]["points"][-1] == [float(sgd_rows[-1]["x"]), float(sgd_rows[-1]["y"])]

    # PNG: twice as wide as the plot (this page's pixel ratio is 1), taller by a heading and a legend
    # (test_teaching.py decodes it).
    with opened.page.expect_download() as download:
        opened.page.get_by_role("button", name="Download PNG").click()
    png = open(download.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    canvas = opened.page.evaluate("[document.querySelector('.pg-canvas-base').width, document.querySelector('.pg-canvas-base').height]")
    assert width == 2 * canvas[0] and height > 2 * canvas[1]
    opened.assert_clean()
    again.assert_clean()
