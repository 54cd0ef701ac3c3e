"""No scroll trap (issue 16): a plain wheel over the plot scrolls the page and leaves the view
(a short hint says how to zoom); Ctrl + wheel zooms; on a touch phone one finger scrolls the
page, a tap starts a run whose table equals CPython's, and two fingers still pinch."""

from __future__ import annotations

from urllib.parse import urlsplit

from conftest import OpenedPage, site_only_context, wait_until
from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_playback import PG

PHONE = {"width": 390, "height": 844}


def open_with(browser, site_url, path="", **options) -> OpenedPage:
    """A page of the site in a context of its own (touch, a phone's size, a pixel ratio), read
    through the same helpers as open_site's; close its context when done."""
    context = site_only_context(browser, site_url, **options)
    page = context.new_page()
    opened = OpenedPage(page=page, context=context, origin="{0.scheme}://{0.netloc}".format(urlsplit(site_url)),
                        console_errors=[], page_errors=[], outside_requests=context.outside, held=[],
                        holding={"on": False})
    page.on("console", lambda message: message.type == "error" and opened.console_errors.append(message.text))
    page.on("pageerror", lambda error: opened.page_errors.append(str(error)))
    page.goto(site_url + path)
    wait_until(page, "performance.getEntriesByName('op:contour-drawn').length", timeout=90, what="the contour")
    return opened


def plot_centre(opened):
    box = opened.page.locator("canvas.pg-canvas-overlay").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_plain_wheel_scrolls_the_page_and_ctrl_wheel_zooms(open_site):
    opened = open_site("#s=0.5,1", viewport={"width": 1280, "height": 900})
    opened.wait_ready_and_run()
    results = opened.results()
    page = opened.page
    shown = page.evaluate(f"JSON.stringify({PG}.renderer.scene.view)")
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.move(*plot_centre(opened))
    page.mouse.wheel(0, 240)
    scrolled = wait_until(page, "window.scrollY", lambda y: y > 0, what="the page to scroll")
    page.wait_for_timeout(400)                                      # past the wheel's commit delay
    assert page.evaluate(f"{PG}.state.view") is None
    assert page.evaluate(f"JSON.stringify({PG}.renderer.scene.view)") == shown
    assert "v=" not in page.url
    hint = page.locator(".pg-wheel-hint")
    assert hint.get_attribute("data-shown") == "true"
    assert hint.inner_text() in ("Use Ctrl + scroll to zoom", "Use ⌘ + scroll to zoom")
    assert scrolled >= 100

    # Ctrl + wheel (what a trackpad's pinch sends) zooms about the pointer and does not scroll.
    page.mouse.move(*plot_centre(opened))
    before = page.evaluate("window.scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    zoomed = wait_until(page, f"{PG}.state.view", lambda v: v is not None, what="the zoom")
    assert zoomed[0][1] - zoomed[0][0] < 4 and zoomed[1][1] - zoomed[1][0] < 4
    assert page.evaluate("window.scrollY") == before
    assert "v=" in page.url
    wait_until(page, f"{PG}.element.dataset.run", lambda s: s == "done", what="the outcomes for the view")
    assert [(r["key"], r["end-x"], r["end-y"]) for r in opened.results()] == \
        [(r["key"], r["end-x"], r["end-y"]) for r in results]       # a view changes no run
    opened.assert_clean()


def touch(cdp, kind, points):
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
        {"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})


def test_on_a_phone_one_finger_scrolls_the_page_a_tap_runs_and_two_fingers_pinch(browser, site_url):
    opened = open_with(browser, site_url, viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    try:
        page = opened.page
        opened.wait_python("ready")
        cdp = opened.context.new_cdp_session(page)
        page.evaluate("window.scrollTo(0, 0)")
        cx, cy = plot_centre(opened)
        shown = page.evaluate(f"JSON.stringify({PG}.renderer.scene.view)")
        before = page.evaluate(f"{PG}.state.starts")   # the page's opening run (pages/opening.js)
        # One finger swiping up over the plot: the page scrolls, the view and the starts stay.
        touch(cdp, "touchStart", [(cx, cy + 100)])
        for dy in range(20, 260, 20):
            touch(cdp, "touchMove", [(cx, cy + 100 - dy)])
        touch(cdp, "touchEnd", [])
        scrolled = wait_until(page, "window.scrollY", lambda y: y > 50, what="the page to scroll")
        page.wait_for_timeout(400)
        assert page.evaluate(f"{PG}.state.view") is None and page.evaluate(f"{PG}.state.starts") == before
        assert page.evaluate(f"JSON.stringify({PG}.renderer.scene.view)") == shown
        assert scrolled > 50

        # A tap starts every optimizer from there: CPython's numbers.
        cx, cy = plot_centre(opened)
        touch(cdp, "touchStart", [(cx - 30, cy - 30)])
        touch(cdp, "touchEnd", [])
        starts = wait_until(page, f"{PG}.state.starts", lambda s: len(s) == 1, what="the tap's start")
        opened.wait_run_done()
        assert_table_equals(opened, expected_rows("two_wells", starts, preset_entries("two_wells", DEFAULTS)), starts)

        # Two fingers still pinch: spread twice as far apart, the view's width halves.
        cx, cy = plot_centre(opened)
        touch(cdp, "touchStart", [(cx - 40, cy), (cx + 40, cy)])
        for spread in (50, 60, 70, 80):
            touch(cdp, "touchMove", [(cx - spread, cy), (cx + spread, cy)])
        touch(cdp, "touchEnd", [])
        pinched = wait_until(page, f"{PG}.state.view", lambda v: v is not None, what="the pinch")
        assert abs((pinched[0][1] - pinched[0][0]) - 2.0) < 0.1
        assert page.evaluate(f"{PG}.state.starts") == starts         # a pinch is not a tap
        opened.assert_clean()
    finally:
        opened.context.close()
