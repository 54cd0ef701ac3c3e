"""Zoom and pan (issue 7): Ctrl + wheel zooms about the pointer (a plain wheel scrolls the page:
test_scroll.py), a mouse drag pans without starting a run, two fingers pinch, the buttons zoom and reset; each committed view is in the URL and
Python draws the contour for exactly that view; the runs stay CPython's."""

from __future__ import annotations

import json

import numpy as np

from conftest import wait_until
from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_playback import PG

START = [[0.5, 1]]


def ctrl_wheel(page, delta_y):
    """The wheel with Ctrl held: the plot's zoom (a plain wheel scrolls the page)."""
    page.keyboard.down("Control")
    page.mouse.wheel(0, delta_y)
    page.keyboard.up("Control")


def view(opened):
    return opened.page.evaluate(f"{PG}.state.view")


def wait_python_grid(opened, expected):
    """Until the contour on screen is Python's grid sampled over `expected` (the view)."""
    wait_until(opened.page, f"JSON.stringify({PG}.pythonGrid && {PG}.pythonGrid.grid.domain)",
               lambda text: text is not None and text != "null" and np.allclose(json.loads(text), expected, rtol=0, atol=1e-12),
               what=f"Python's contour for {expected}")
    assert np.allclose(opened.page.evaluate(f"{PG}.renderer.scene.view"), expected, rtol=0, atol=1e-12)


def test_wheel_drag_and_buttons_change_the_view_the_contour_and_the_link_not_the_runs(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    results = opened.results()
    canvas = opened.page.locator("canvas.pg-canvas-overlay")
    box = canvas.bounding_box()
    scales = opened.page.evaluate(f"(() => {{const s = {PG}.renderer.scales; return [s.plot.left, s.plot.top, s.plot.right, s.plot.bottom]}})()")
    left, top, right, bottom = scales
    # the pointer over the point (1, 0): it stays there while the wheel zooms in
    px, py = left + (1 + 2) / 4 * (right - left), top + (2 - 0) / 4 * (bottom - top)
    opened.page.mouse.move(box["x"] + px, box["y"] + py)
    ctrl_wheel(opened.page, -200)
    wait_until(opened.page, f"{PG}.state.view", lambda v: v is not None, what="the wheel's view")
    zoomed = view(opened)
    assert zoomed[0][1] - zoomed[0][0] < 4
    assert abs((1 - zoomed[0][0]) / (zoomed[0][1] - zoomed[0][0]) - 0.75) < 1e-3     # (1, 0) stayed put
    wait_python_grid(opened, zoomed)
    assert "v=" in opened.page.url
    assert opened.results() == results                      # the runs do not depend on the view

    # A drag pans by what it moved, and starts nothing.
    opened.page.mouse.move(box["x"] + 200, box["y"] + 200)
    opened.page.mouse.down()
    opened.page.mouse.move(box["x"] + 260, box["y"] + 230, steps=6)
    opened.page.mouse.up()
    wait_until(opened.page, f"{PG}.state.view", lambda v: v != zoomed, what="the drag's view")
    panned = view(opened)
    width = zoomed[0][1] - zoomed[0][0]
    assert panned[0][0] < zoomed[0][0] and abs((panned[0][1] - panned[0][0]) - width) < 1e-5
    assert opened.page.evaluate(f"{PG}.state.starts") == START
    wait_python_grid(opened, panned)

    # The buttons: out by 1.5 about the centre, then back to the function's own view.
    opened.page.get_by_role("button", name="Zoom out").click()
    wait_until(opened.page, f"{PG}.state.view", lambda v: v is not None and abs((v[0][1] - v[0][0]) - 1.5 * width) < 1e-5,
               what="zoomed out")
    opened.page.get_by_role("button", name="Reset view").click()
    assert view(opened) is None and "v=" not in opened.page.url
    assert opened.page.evaluate(f"{PG}.renderer.scene.view") == [[-2, 2], [-2, 2]]
    opened.click_plot(0.5, 0.5)
    opened.page.wait_for_timeout(100)
    opened.wait_run_done()
    start = opened.page.evaluate(f"{PG}.state.starts")
    assert np.allclose(start, [[0, 0]], atol=0.02)
    assert_table_equals(opened, expected_rows("two_wells", start, preset_entries("two_wells", DEFAULTS)), start)
    opened.assert_clean()


def test_two_fingers_pinch_on_a_touch_screen(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    box = opened.page.locator("canvas.pg-canvas-overlay").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = opened.context.new_cdp_session(opened.page)
    touch = lambda kind, points: cdp.send("Input.dispatchTouchEvent", {
        "type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})
    touch("touchStart", [(cx - 40, cy), (cx + 40, cy)])
    for spread in (50, 60, 70, 80):
        touch("touchMove", [(cx - spread, cy), (cx + spread, cy)])
    touch("touchEnd", [])
    wait_until(opened.page, f"{PG}.state.view", lambda v: v is not None, what="the pinch's view")
    pinched = view(opened)
    assert abs((pinched[0][1] - pinched[0][0]) - 2.0) < 0.05          # fingers twice as far apart: half the width
    assert opened.page.evaluate(f"{PG}.state.starts") == START          # a pinch is not a tap
    wait_python_grid(opened, pinched)
    opened.assert_clean()


def test_a_burst_of_wheel_steps_stops_at_the_limits_without_drifting(open_site):
    opened = open_site("#v=0,1e-300,0,1e-300")                 # a link's view is bounded as well
    opened.wait_python("ready")
    linked = view(opened)
    assert abs((linked[0][1] - linked[0][0]) - 4e-6) < 1e-9
    opened.page.get_by_role("button", name="Reset view").click()
    box = opened.page.locator("canvas.pg-canvas-overlay").bounding_box()
    opened.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # the point under the pointer, and where it sits in the view: it must stay there
    anchor = opened.page.evaluate(f"{PG}.renderer.scales.toDomain({box['width'] / 2}, {box['height'] / 2})")
    share = [(anchor[0] + 2) / 4, (anchor[1] + 2) / 4]
    for _ in range(40):
        ctrl_wheel(opened.page, -1000)
    wait_until(opened.page, f"{PG}.state.view", lambda v: v is not None, what="the view")
    opened.page.wait_for_timeout(500)
    tiny = view(opened)
    assert all(np.isfinite(np.array(tiny)).ravel()) and tiny[0][1] - tiny[0][0] >= 4e-6 * 0.999
    for _ in range(60):
        ctrl_wheel(opened.page, 1000)
    wait_until(opened.page, f"{PG}.state.view", lambda v: v is not None and v[0][1] - v[0][0] > 1000, what="zoomed out")
    opened.page.wait_for_timeout(500)
    wide = view(opened)
    assert wide[0][1] - wide[0][0] <= 4000 * 1.001
    for axis in (0, 1):                     # the pointer's point stayed put (to the rounding of links)
        where = (anchor[axis] - wide[axis][0]) / (wide[axis][1] - wide[axis][0])
        assert abs(where - share[axis]) < 0.01, (axis, where, share)   # (the pointer sits on whole pixels)
    opened.assert_clean()


def test_one_finger_does_not_pan_and_a_tap_starts_a_run(open_site):
    opened = open_site("")
    opened.wait_python("ready")
    box = opened.page.locator("canvas.pg-canvas-overlay").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = opened.context.new_cdp_session(opened.page)
    touch = lambda kind, points: cdp.send("Input.dispatchTouchEvent", {
        "type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})
    opening = opened.page.evaluate(f"{PG}.state.starts")   # the page's opening run (pages/opening.js)
    touch("touchStart", [(cx, cy)])
    for dx in (10, 20, 30):
        touch("touchMove", [(cx + dx, cy)])
    touch("touchEnd", [])
    opened.page.wait_for_timeout(400)
    assert opened.page.evaluate(f"{PG}.state.view") is None           # one finger is the page's, not the plot's
    assert opened.page.evaluate(f"{PG}.renderer.scene.view") == [[-2, 2], [-2, 2]]
    assert opened.page.evaluate(f"{PG}.state.starts") == opening      # and it started nothing
    touch("touchStart", [(cx - 40, cy - 40)])
    touch("touchEnd", [])
    wait_until(opened.page, f"{PG}.state.starts", lambda s: len(s) == 1 and s != opening, what="the tap's start")
    opened.wait_run_done()
    opened.assert_clean()
