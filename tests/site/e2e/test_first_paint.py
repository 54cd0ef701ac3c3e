"""Paths at first paint and no layout shift (issue 16).

Each playground page arrives with its opening state drawn (site_build/opening.py): the contour and
the default optimizers' paths from the start the page's text states, Python's numbers computed at
build time. The live page runs the same start (its table equals CPython's), takes over from the
picture without a visible jump (pixels compared in the plot area), keeps the opening run out of
the URL, and the first click replaces it. Cumulative layout shift, measured with a
PerformanceObserver('layout-shift'), stays at most 0.02 on load and after a click.
"""

from __future__ import annotations

import base64
import html
import re
import time
import urllib.request

import pytest

from conftest import site_only_context, wait_until

PAGES = [("", "two_wells", "0.5,1"), ("rastrigin/", "rastrigin", "2.3,3.4"), ("rosenbrock/", "rosenbrock", "-1.2,1")]
DEFAULTS = ["sgd", "momentum", "rmsprop", "adam"]
CLS_LIMIT = 0.02
# The pre-drawn picture against the live canvas, over the plot area (inside the axes' margins), once
# both show the whole opening run: the mean difference of a pixel's channels (0-255) at most
# MEAN_LIMIT, and at most FAR_SHARE of the pixels differ by more than FAR in some channel (the
# markers' places differ by a few pixels where two runs end at one minimum: the live plot sets
# them side by side).
MEAN_LIMIT = 4.0
FAR, FAR_SHARE = 64, 0.02

SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({value: entry.value, input: entry.hadRecentInput, time: entry.startTime,
      sources: (entry.sources || []).map((s) => s.node ? (s.node.className || s.node.nodeName) + '' : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


def start_of(text):
    return [float(v) for v in text.split(",")]


def cpython_run(function_id, start):
    """pyodide_app.api.run in CPython with the page's default entries (as the picture was drawn)."""
    from optimizers.presets import preset_settings
    from optimizers.presets import PRESETS
    from pyodide_app import api

    runs = []
    for key in DEFAULTS:
        hyperparams, steps = preset_settings(key, function_id)
        runs.append({"key": key, "optimizer": PRESETS[key].optimizer, "hyperparams": hyperparams, "steps": steps})
    return api.run({"function": {"id": function_id}, "starts": [start], "runs": runs})


@pytest.mark.parametrize("path, function_id, start", PAGES)
def test_each_playground_page_arrives_with_its_opening_run_drawn(site_url, path, function_id, start):
    with urllib.request.urlopen(site_url + path) as reply:
        page = reply.read().decode()
    element = re.search(r'<div class="playground pg" data-playground ([^>]*)>', page)
    assert element and f'data-function="{function_id}"' in element.group(1) and f'data-opening="{start}"' in element.group(1)
    picture = page[element.end():]
    assert picture.startswith('<div class="pg-main"><div class="pg-figure"><div class="pg-plot"><div class="pg-opening"')
    # every default optimizer's path, with CPython's step count for that start
    drawn = dict(re.findall(r'class="pg-opening-run" data-key="([a-z_]+)" data-start="0" data-steps="(\d+)"', picture))
    reply = cpython_run(function_id, start_of(start))
    assert drawn == {run["key"]: str(int(run["last_step"][0])) for run in reply["runs"]}
    assert picture.count("<animate ") == len(DEFAULTS)
    # the page's text states the start, as the page writes numbers (a minus sign for a minus)
    x, y = start.split(",")
    stated = f"({x}, {y})".replace("-", "\u2212")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert stated in text or f"({x}, {y})" in text, stated


def test_the_opening_runs_table_equals_cpython_and_stays_out_of_the_url(open_site, matches_cpython):
    opened = open_site("", viewport={"width": 1280, "height": 900})
    opened.wait_python("ready")
    opened.wait_run_done()
    rows = opened.results()
    assert sorted(row["key"] for row in rows) == sorted(DEFAULTS)
    assert all((float(row["start-x"]), float(row["start-y"])) == (0.5, 1.0) for row in rows)
    matches_cpython(rows, "two_wells", page=opened.page)
    page = opened.page
    assert "s=" not in page.evaluate("location.hash")
    assert page.locator("[data-playground]").get_attribute("data-picture") == "replaced"
    # the picture's animation runs at the live playback's speed
    from site_build import opening
    assert page.evaluate("document.querySelector('[data-playground]').playground.state.playback.speed") == opening.DEFAULT_SPEED
    # a change that is not a start keeps the opening run out of the URL
    page.get_by_role("button", name="SGD", exact=True).click()
    wait_until(page, "location.hash", lambda h: "o=" in h, what="the toggle in the hash")
    assert "s=" not in page.evaluate("location.hash")
    opened.assert_clean()


def test_the_first_click_replaces_the_opening_run(open_site):
    opened = open_site("", viewport={"width": 1280, "height": 900})
    opened.wait_python("ready")
    opened.wait_run_done()
    # shift-click (add a start) too starts afresh: the opening run is not the visitor's
    opened.click_plot(0.25, 0.25, modifiers=["Shift"])
    opened.wait_run_done()
    page = opened.page
    starts = page.evaluate("document.querySelector('[data-playground]').playground.state.starts")
    assert len(starts) == 1 and starts[0] != [0.5, 1]
    rows = opened.results()
    assert len(rows) == 4 and all((float(r["start-x"]), float(r["start-y"])) == tuple(starts[0]) for r in rows)
    assert page.locator(".pg-results tbody").count() == 1
    assert "s=" in page.evaluate("location.hash")
    opened.assert_clean()


def test_a_link_with_its_own_starts_shows_them_not_the_opening_run(open_site):
    opened = open_site("#s=-1,1.5", viewport={"width": 1280, "height": 900})
    page = opened.page
    wait_until(page, "document.querySelector('[data-playground]').dataset.picture", lambda p: p == "replaced",
               what="the picture to go")
    opened.wait_python("ready")
    opened.wait_run_done()
    rows = opened.results()
    assert len(rows) == 4 and all((float(r["start-x"]), float(r["start-y"])) == (-1.0, 1.5) for r in rows)
    opened.assert_clean()


def screenshot_pixels(page, clip):
    """The RGBA pixels of a screenshot of ``clip``, decoded by the page (an <img> from a data: URL)."""
    png = base64.b64encode(page.screenshot(clip=clip)).decode()
    return page.evaluate("""async (png) => {
      const image = new Image();
      image.src = 'data:image/png;base64,' + png;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width; canvas.height = image.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      return Array.from(ctx.getImageData(0, 0, image.width, image.height).data);
    }""", png)


def compare(a, b):
    """(mean channel difference, share of pixels with a channel differing by more than FAR)."""
    assert len(a) == len(b)
    total, far, pixels = 0, 0, len(a) // 4
    for i in range(0, len(a), 4):
        d = max(abs(a[i] - b[i]), abs(a[i + 1] - b[i + 1]), abs(a[i + 2] - b[i + 2]))
        total += abs(a[i] - b[i]) + abs(a[i + 1] - b[i + 1]) + abs(a[i + 2] - b[i + 2])
        far += d > FAR
    return total / (3 * pixels), far / pixels


def test_the_live_plot_takes_over_from_the_picture_without_a_jump(open_site):
    opened = open_site("", viewport={"width": 1280, "height": 900}, hold_pyodide=True)
    page = opened.page
    longest = max(int(v) for v in page.evaluate(
        "[...document.querySelectorAll('.pg-opening-run')].map((g) => g.dataset.steps)"))
    # the picture's animation to its end (its clock, in the playback's steps per second)
    wait_until(page, "document.querySelector('.pg-opening-plot').getCurrentTime()", lambda t: t > longest / 150 + 0.3,
               what="the picture's animation to end")
    area = page.locator(".pg-opening-area").bounding_box()
    canvas = page.locator("canvas.pg-canvas-overlay").bounding_box()
    # the picture's plot area is the live plot's (the catalog's margins), at the same place
    assert abs(area["x"] - (canvas["x"] + 52)) < 1 and abs(area["y"] - (canvas["y"] + 12)) < 1
    assert abs(area["width"] - (canvas["width"] - 66)) < 1.5 and abs(area["height"] - (canvas["height"] - 52)) < 1.5
    clip = {"x": area["x"] + 2, "y": area["y"] + 2, "width": area["width"] - 4, "height": area["height"] - 4}
    before = screenshot_pixels(page, clip)
    opened.release()
    opened.wait_python("ready")
    opened.wait_run_done()
    wait_until(page, "document.querySelector('[data-playground]').dataset.picture", lambda p: p == "replaced",
               what="the live plot to take over")
    # the live clock took over where the picture was: at the end, not from step 0
    assert page.evaluate("document.querySelector('[data-playground]').playground.player.step") >= longest
    assert page.locator("canvas.pg-canvas-overlay").bounding_box() == canvas   # nothing moved
    after = screenshot_pixels(page, clip)
    mean, far = compare(before, after)
    print(f"\npicture vs live plot: mean channel difference {mean:.2f}, {100 * far:.2f} % of pixels off by more than {FAR}")
    assert mean <= MEAN_LIMIT and far <= FAR_SHARE, (mean, far)
    # and the comparison sees paths: the live plot without them differs by more
    page.evaluate("(() => { const p = document.querySelector('[data-playground]').playground; p.renderer.setPaths([]); p.renderer.drawOverlay(); })()")
    bare = screenshot_pixels(page, clip)
    assert compare(before, bare)[1] > 3 * far + 0.002
    opened.assert_clean()


def test_reduced_motion_shows_the_opening_paths_whole_at_once(browser, site_url):
    context = site_only_context(browser, site_url, viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.route("**/pyodide/**", lambda route: None)   # Python never comes: the picture stays
        page.goto(site_url)
        masks = page.evaluate("[...document.querySelectorAll('.pg-opening-run')].map((g) => getComputedStyle(g).maskImage)")
        assert masks and all(mask == "none" for mask in masks), masks
        ends = page.evaluate("[...document.querySelectorAll('.pg-opening-end')].map((g) => getComputedStyle(g).visibility)")
        assert ends and all(v == "visible" for v in ends)
    finally:
        context.close()


def total_shift(page, after=0.0):
    shifts = page.evaluate("window.__shifts")
    counted = [s for s in shifts if not s["input"] and s["time"] >= after]
    return sum(s["value"] for s in counted), counted


@pytest.mark.parametrize("viewport, phone", [({"width": 1280, "height": 900}, False),
                                             ({"width": 1920, "height": 1080}, False),
                                             ({"width": 390, "height": 844}, True)])
def test_nothing_shifts_on_load_or_after_a_click(browser, site_url, viewport, phone):
    options = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if phone else {}
    context = site_only_context(browser, site_url, viewport=viewport, **options)
    try:
        context.add_init_script(SHIFTS)
        page = context.new_page()
        page.goto(site_url)
        wait_until(page, "document.documentElement.dataset.python", lambda s: s == "ready", timeout=120,
                   what="Python")
        wait_until(page, "document.querySelector('[data-playground]').dataset.run", lambda s: s == "done",
                   timeout=120, what="the opening run")
        time.sleep(4)   # the playback to its end
        value, shifts = total_shift(page)
        print(f"\n{viewport['width']} x {viewport['height']}: layout shift on load {value:.4f}")
        assert value <= CLS_LIMIT, shifts
        # a click: the runs, the table filling, the playback, the loss curves
        clicked = page.evaluate("performance.now()")
        canvas = page.locator("canvas.pg-canvas-overlay")
        box = canvas.bounding_box()
        where = {"x": 52 + 0.3 * (box["width"] - 66), "y": 12 + 0.7 * (box["height"] - 52)}
        (canvas.tap if phone else canvas.click)(position=where)
        wait_until(page, "document.querySelector('[data-playground]').dataset.run", lambda s: s == "done",
                   timeout=120, what="the click's run")
        time.sleep(4)
        value, shifts = total_shift(page, clicked)
        print(f"{viewport['width']} x {viewport['height']}: layout shift after a click {value:.4f}")
        assert value <= CLS_LIMIT, shifts
        assert context.outside == []
    finally:
        context.close()
