"""For teaching (issue 16): Back and Forward step through committed actions (each click's table
again, equal to CPython's), playback makes no history entry and restoring never pushes one;
presentation mode shows the plot full screen with the circles and the playback keys, Escape
leaves; the PNG is twice the plot (or a chosen width up to 3840 px), its plot the canvas's
pixels, with the formula and a legend of every run."""

from __future__ import annotations

import base64
import math
import struct

from pyodide_app import api

from conftest import wait_until
from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_playback import PG
from test_scroll import open_with

DESKTOP = {"width": 1280, "height": 900}


def starts(opened):
    return opened.page.evaluate(f"{PG}.state.starts")


def table_starts(opened):
    return sorted({(float(r["start-x"]), float(r["start-y"])) for r in opened.results()})


def wait_table_for(opened, points):
    """Until the run for `points` is done and the table shows their rows."""
    want = sorted(tuple(p) for p in points)
    wait_until(opened.page, f"[{PG}.element.dataset.run, JSON.stringify({PG}.state.starts)]",
               lambda v: v[0] == "done", what="the run")
    wait_until(opened.page, "1", lambda _: table_starts(opened) == want, what=f"the table for {want}")


def api_request(opened):
    """The state's run request as the page builds it: every enabled entry, the state's starts."""
    return opened.page.evaluate(f"""(() => {{
      const s = {PG}.state;
      const runs = s.entries.filter((e) => e.enabled).map((e) => ({{key: e.key, optimizer: e.optimizer,
                                                                     hyperparams: e.hyperparams, steps: e.steps}}));
      return {{function: {{id: s.fn, params: s.params}}, starts: s.starts, runs}};
    }})()""")


def assert_table_is_apis(opened, points):
    """The table equals CPython's pyodide_app.api.run for the state shown (whose starts are `points`)."""
    request = api_request(opened)
    assert request["starts"] == points
    reply = api.run(request)
    rows = opened.results()
    assert len(rows) == len(reply["runs"]) * len(points)
    for run in reply["runs"]:
        for row, start in enumerate(points):
            mine = [r for r in rows if r["key"] == run["key"] and [float(r["start-x"]), float(r["start-y"])] == start]
            assert len(mine) == 1, (run["key"], start)
            last = run["last_step"][row]
            i = last * run["n"] + row
            want = (run["points"][2 * i], run["points"][2 * i + 1], run["values"][i])
            got = tuple(float(mine[0][col]) for col in ("end-x", "end-y", "f-end"))
            assert all(math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12) for g, w in zip(got, want)), (run["key"], got, want)
            assert mine[0]["status"] == run["status"][row] and int(float(mine[0]["steps"])) == last


def history_length(opened):
    return opened.page.evaluate("history.length")


def test_back_and_forward_step_through_clicks_with_cpythons_tables(open_site):
    opened = open_site("", viewport=DESKTOP)
    opened.wait_python("ready")
    entries = preset_entries("two_wells", DEFAULTS)
    opened.click_plot(0.3, 0.3)
    first = wait_until(opened.page, f"{PG}.state.starts", lambda s: len(s) == 1, what="the first start")
    wait_table_for(opened, first)
    opened.click_plot(0.7, 0.65)
    second = wait_until(opened.page, f"{PG}.state.starts", lambda s: len(s) == 1 and s != first, what="the second")
    wait_table_for(opened, second)
    # Playback (a pause, a step) replaces the entry: no history of its own.
    length = history_length(opened)
    opened.page.locator("canvas.pg-canvas-overlay").focus()
    opened.page.keyboard.press("k")
    opened.page.keyboard.press(",")
    assert history_length(opened) == length
    assert opened.page.evaluate(f"{PG}.state.playback.step") is not None

    opened.page.evaluate("history.back()")
    wait_until(opened.page, f"{PG}.state.starts", lambda s: s == first, what="Back to the first click")
    wait_table_for(opened, first)
    assert_table_equals(opened, expected_rows("two_wells", first, entries), first)
    assert_table_is_apis(opened, first)
    assert history_length(opened) == length                         # restoring pushed nothing
    opened.page.wait_for_timeout(300)
    assert starts(opened) == first                                   # and did not bounce

    opened.page.evaluate("history.forward()")
    wait_until(opened.page, f"{PG}.state.starts", lambda s: s == second, what="Forward to the second click")
    wait_table_for(opened, second)
    assert_table_equals(opened, expected_rows("two_wells", second, entries), second)
    assert_table_is_apis(opened, second)
    assert history_length(opened) == length

    # Back twice: before any click, the blank state (no starts, no table).
    opened.page.evaluate("history.back()")
    wait_until(opened.page, f"{PG}.state.starts", lambda s: s == first, what="Back again")
    opened.page.evaluate("history.back()")
    wait_until(opened.page, f"{PG}.state.starts", lambda s: s == [], what="Back to the start")
    assert opened.results() == []
    # A settings change is an entry too: toggling an optimizer, then Back turns it on again.
    opened.page.evaluate("history.forward()")
    wait_until(opened.page, f"{PG}.state.starts", lambda s: s == first, what="Forward")
    wait_table_for(opened, first)
    opened.page.get_by_role("button", name="SGD", exact=True).click()
    wait_until(opened.page, "location.hash", lambda h: "-sgd" in h, what="SGD off in the link")
    assert history_length(opened) == length                         # it took the place of the forward entry
    opened.page.evaluate("history.back()")
    wait_until(opened.page, f"{PG}.state.entries.find((e) => e.key === 'sgd').enabled", lambda on: on is True,
               what="SGD on again")
    wait_table_for(opened, first)
    assert_table_equals(opened, expected_rows("two_wells", first, entries), first)
    opened.assert_clean()


def test_presentation_mode_full_screen_with_circles_and_playback_keys_escape_leaves(open_site):
    opened = open_site("#s=0.5,1&t=40,50", viewport=DESKTOP)
    opened.wait_ready_and_run()
    page = opened.page
    small = page.evaluate(f"{PG}.renderer.scales.width")
    present = page.get_by_role("button", name="Present")
    assert "F" in present.get_attribute("title")
    present.click()
    mode = wait_until(page, f"{PG}.element.dataset.presenting", lambda m: m in ("fullscreen", "overlay"),
                      what="presentation mode")
    box = page.locator(".pg-present")
    assert box.locator(".pg-plot canvas.pg-canvas-overlay").count() == 1
    assert box.get_by_role("button", name="Adam", exact=True).count() == 1       # the circles
    assert box.get_by_role("slider", name="Step").count() == 1                    # the playback bar
    if mode == "fullscreen":
        assert page.evaluate("document.fullscreenElement && document.fullscreenElement.className") == "pg-present"
    size = box.bounding_box()
    assert size["width"] >= DESKTOP["width"] - 1 and size["height"] >= DESKTOP["height"] - 1
    # as large as the screen allows with the title, circles and playback bar (the page's own plot is
    # already 56 % of the width, so the point is the screen's height, not a larger plot than before)
    big = wait_until(page, f"{PG}.renderer.scales.width", lambda w: w >= 0.6 * DESKTOP["height"], what="a large plot")
    plot = page.locator(".pg-present .pg-plot").bounding_box()
    assert plot["y"] + plot["height"] <= DESKTOP["height"] + 1                    # it fits on the screen
    title_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.pg-present-title')).fontSize)")
    assert title_size >= 20 and big >= 0.6 * DESKTOP["height"]
    # the playback keys step the paths
    page.keyboard.press(".")
    assert page.evaluate(f"[{PG}.player.step, {PG}.renderer.step]") == [41, 41]
    page.keyboard.press(",")
    page.keyboard.press(",")
    assert page.evaluate(f"[{PG}.player.step, {PG}.renderer.step]") == [39, 39]
    page.keyboard.press("k")
    assert page.evaluate(f"{PG}.player.playing") is True
    page.keyboard.press("k")
    # Escape leaves: every part back in its place, the plot its size again.
    page.keyboard.press("Escape")
    wait_until(page, f"{PG}.element.dataset.presenting", lambda m: m is None, what="presentation mode to end")
    assert page.locator(".pg-present").count() == 0
    assert page.evaluate("document.fullscreenElement") is None
    wait_until(page, f"{PG}.renderer.scales.width", lambda w: w == small, what="the plot's size again")
    assert page.locator("[data-playground] .pg-playback .pg-scrubber").count() == 1
    # F opens it again (and closes it)
    page.locator("canvas.pg-canvas-overlay").focus()
    page.keyboard.press("f")
    wait_until(page, f"{PG}.element.dataset.presenting", lambda m: m in ("fullscreen", "overlay"), what="F")
    page.keyboard.press("f")
    wait_until(page, f"{PG}.element.dataset.presenting", lambda m: m is None, what="F again")
    opened.assert_clean()


DECODE = """async ([data, plotTop]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const image = await createImageBitmap(new Blob([bytes], {type: 'image/png'}),
                                        {colorSpaceConversion: 'none', premultiplyAlpha: 'none'});
  const png = document.createElement('canvas');
  png.width = image.width; png.height = image.height;
  const pctx = png.getContext('2d');
  pctx.drawImage(image, 0, 0);
  const pg = document.querySelector('[data-playground]').playground;
  const {base, overlay} = pg.renderer;
  const page = document.createElement('canvas');
  page.width = base.width; page.height = base.height;
  const ctx = page.getContext('2d');
  ctx.drawImage(base, 0, 0); ctx.drawImage(overlay, 0, 0);
  const dpr = pg.renderer.dpr, p = pg.renderer.scales.plot;
  const [x0, y0, x1, y1] = [p.left, p.top, p.right, p.bottom].map((v) => Math.round(v * dpr));
  const mine = ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data;
  // where the plot lies in the picture: the row offset at which its middle row matches
  const middle = Math.floor((y1 - y0) / 2);
  const row = (data, w, r) => data.subarray(r * w * 4, (r + 1) * w * 4);
  const target = row(mine, x1 - x0, middle);
  let offset = -1;
  for (let y = 0; y + (y1 - y0) <= png.height && offset < 0; y++) {
    const line = pctx.getImageData(x0, y + middle, x1 - x0, 1).data;
    if (line.every((v, i) => v === target[i])) offset = y;
  }
  if (offset < 0) return {width: png.width, height: png.height, offset};
  const theirs = pctx.getImageData(x0, offset, x1 - x0, y1 - y0).data;
  let differing = 0, largest = 0;
  for (let i = 0; i < mine.length; i += 4) {
    const d = Math.max(...[0, 1, 2].map((k) => Math.abs(mine[i + k] - theirs[i + k])));
    if (d > 0) differing++;
    largest = Math.max(largest, d);
  }
  // the heading above the plot and the legend under it: how many pixels differ from the
  // picture's background (its top-left pixel), and which of the runs' colours the legend shows
  const background = Array.from(pctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  const inked = (y, h) => {
    const d = pctx.getImageData(0, y, png.width, h).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - background[0]) + Math.abs(d[i + 1] - background[1]) + Math.abs(d[i + 2] - background[2]) > 60) n++;
    return n;
  };
  const plotBottom = offset - y0 + base.height;
  const legend = pctx.getImageData(0, plotBottom, png.width, png.height - plotBottom).data;
  const colours = pg.state.entries.filter((e) => e.enabled).map((e) => {
    const [r, g, b] = [1, 3, 5].map((k) => parseInt(e.color.slice(k, k + 2), 16));
    let n = 0;
    for (let i = 0; i < legend.length; i += 4) if (Math.abs(legend[i] - r) + Math.abs(legend[i + 1] - g) + Math.abs(legend[i + 2] - b) < 12) n++;
    return [e.key, n];
  });
  return {width: png.width, height: png.height, offset, plotTop: offset - y0, pixels: mine.length / 4, differing, largest,
          heading: inked(0, Math.max(0, offset - y0)), legendInk: inked(plotBottom, png.height - plotBottom),
          colours: Object.fromEntries(colours), canvas: [base.width, base.height]};
}"""


def download_png(opened):
    # the button is in the closed "Share, export" panel (pages/layout.js): open it, as a visitor would
    opened.page.evaluate("document.querySelectorAll('details.pg-panel').forEach((d) => { d.open = true; })")
    with opened.page.expect_download() as download:
        opened.page.get_by_role("button", name="Download PNG").click()
    data = open(download.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return data, struct.unpack(">II", data[16:24])


def test_the_png_is_twice_the_plot_its_plot_the_canvas_with_formula_settings_and_legend(browser, site_url):
    # a pixel ratio of 2: the canvas holds as many pixels as the picture's plot, so they must agree
    opened = open_with(browser, site_url, "#s=0.5,1;-1.2,0.4&t=60,50", viewport=DESKTOP, device_scale_factor=2)
    try:
        opened.wait_ready_and_run()
        entries = preset_entries("two_wells", DEFAULTS)
        points = [[0.5, 1], [-1.2, 0.4]]
        assert_table_equals(opened, expected_rows("two_wells", points, entries), points)
        css_width = opened.page.evaluate(f"{PG}.renderer.scales.width")
        data, (width, height) = download_png(opened)
        assert width == 2 * css_width
        got = opened.page.evaluate(DECODE, [base64.b64encode(data).decode(), 0])
        assert got["offset"] >= 0, f"the plot's pixels were not found in the picture: {got}"
        assert got["width"] == width and got["height"] == height
        assert got["plotTop"] > 40 * 2 and height > got["canvas"][1] + got["plotTop"] + 4 * 2 * 17
        # the plot's pixels are the canvas's (the same layers drawn at the same scale)
        assert got["differing"] <= 0.001 * got["pixels"] and got["largest"] <= 8, got
        # the heading (name, formula, parameters) and the legend are not blank
        assert got["heading"] > 2000 and got["legendInk"] > 4000, got
        assert all(count > 20 for count in got["colours"].values()), got["colours"]

        # A chosen width: 3840 px.
        opened.page.get_by_role("combobox", name="PNG size").select_option(label="3840 px wide")
        data, (width, height) = download_png(opened)
        assert width == 3840 and height > 3840 * 0.9
        opened.assert_clean()
    finally:
        opened.context.close()


def test_where_full_screen_is_refused_presentation_covers_the_viewport_and_escape_leaves(open_site):
    opened = open_site("", viewport={"width": 390, "height": 844})
    page = opened.page
    page.evaluate("Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('refused')); 0")
    page.get_by_role("button", name="Present").click()
    wait_until(page, f"{PG}.element.dataset.presenting", lambda m: m == "overlay", what="the overlay")
    box = page.locator(".pg-present").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844)
    assert page.locator(".pg-present").get_attribute("data-fallback") == "true"
    assert page.get_by_role("button", name="Leave (Esc)").is_visible()
    plot = page.locator(".pg-present .pg-plot").bounding_box()
    assert plot["x"] >= 0 and plot["x"] + plot["width"] <= 390 and plot["width"] > 300
    page.keyboard.press("Escape")
    wait_until(page, f"{PG}.element.dataset.presenting", lambda m: m is None, what="presentation mode to end")
    assert page.locator(".pg-present").count() == 0
    assert page.evaluate("document.activeElement.textContent") == "Present"
    opened.assert_clean()
