"""Layout (issue 7): at 1280 x 900 the plot, the optimizer toggles and the results are all on
the first screen; on a 390 x 844 phone the plot is, and a table wider than the screen says so."""

from __future__ import annotations

from conftest import site_only_context


def box(opened, selector):
    return opened.page.locator(selector).first.bounding_box()


def test_at_1280_by_900_plot_toggles_and_results_need_no_scrolling(open_site):
    opened = open_site("#s=0.5,1", viewport={"width": 1280, "height": 900})
    opened.wait_python("ready")
    opened.wait_run_done()
    assert opened.page.evaluate("window.scrollY") == 0
    for selector in ["canvas.pg-canvas-overlay", ".pg-toggles .pg-toggle", ".pg-results table"]:
        found = box(opened, selector)
        assert found["y"] >= 0 and found["y"] + found["height"] <= 900, (selector, found)
        assert found["x"] >= 0 and found["x"] + found["width"] <= 1280, (selector, found)
    # side by side: the results start right of the plot
    assert box(opened, ".pg-results table")["x"] > box(opened, "canvas.pg-canvas-overlay")["x"] + 300
    opened.assert_clean()


def test_on_a_phone_the_plot_is_on_the_first_screen_and_a_wide_table_says_so(browser, site_url):
    context = site_only_context(browser, site_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(site_url + "#s=0.5,1")
        page.wait_for_selector("[data-playground][data-run='done']", timeout=90_000)
        plot = page.locator("canvas.pg-canvas-overlay").bounding_box()
        assert plot["y"] >= 0 and plot["y"] + plot["height"] <= 844, plot
        assert page.evaluate("document.documentElement.scrollWidth") == 390      # nothing sticks out
        results = page.locator(".pg-results")
        overflows = page.evaluate("(() => { const r = document.querySelector('.pg-results'); return r.scrollWidth > r.clientWidth })()")
        assert overflows
        hint = page.locator(".pg-scroll-hint")
        assert hint.is_visible() and "scroll it sideways" in hint.inner_text()
        assert results.is_visible()
        assert context.outside == []
    finally:
        context.close()
