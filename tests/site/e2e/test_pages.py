"""The other pages: Rastrigin, Rosenbrock, the article with its embedded plot, the nav,
a garbled link and the file:// notice (failed loads: test_loading.py)."""

from __future__ import annotations

import pytest

DEFAULTS = ["sgd", "momentum", "rmsprop", "adam"]


@pytest.mark.parametrize("function_id", ["rastrigin", "rosenbrock"])
def test_function_pages_open_on_their_function(open_site, matches_cpython, function_id):
    opened = open_site(f"{function_id}/")
    page = opened.page
    assert opened.playground().get_attribute("data-contour") == function_id
    assert page.locator(".pg-function-select").input_value() == function_id
    # The nav links to it directly, marked as the current page.
    assert page.locator(f'.site-nav a[aria-current="page"]').get_attribute("href") in (".", "./", "")
    opened.wait_python("ready")
    opened.click_plot(0.25, 0.25)
    opened.wait_run_done()
    rows = opened.results()
    assert [row["key"] for row in rows] == DEFAULTS
    matches_cpython(rows, function_id, opened.page)
    opened.assert_clean()


def _entry_settings(opened, keys=("sgd", "momentum", "rmsprop", "adam")):
    """{key: (hyperparams, steps)} of the playground's entries, as the page holds them."""
    entries = opened.page.evaluate(
        "document.querySelector('[data-playground]').playground.state.entries"
        ".map(e => [e.key, e.hyperparams, e.steps])")
    return {key: (hyperparams, steps) for key, hyperparams, steps in entries if key in keys}


def _expected_settings(function_id, keys=("sgd", "momentum", "rmsprop", "adam")):
    import json

    from optimizers.presets import preset_settings
    from pyodide_app.api import _plain

    return {key: (json.loads(json.dumps(_plain(preset_settings(key, function_id)[0]))),
                  preset_settings(key, function_id)[1]) for key in keys}


def test_rosenbrock_runs_sgd_and_momentum_with_its_own_smaller_rates(open_site, matches_cpython):
    opened = open_site("rosenbrock/")
    page = opened.page
    settings = _entry_settings(opened)
    assert settings == _expected_settings("rosenbrock")
    assert settings["sgd"][0]["lr"] < 0.02 and settings["momentum"][0]["lr"] < 0.01
    opened.wait_python("ready")
    for fx, fy in ((0.25, 0.25), (0.8, 0.1), (0.1, 0.9)):
        opened.click_plot(fx, fy)
        opened.wait_run_done()
        rows = opened.results()
        assert [row["key"] for row in rows] == DEFAULTS
        status = {row["key"]: row["status"] for row in rows}
        assert status["sgd"] == "ok" and status["momentum"] == "ok", (fx, fy, status)
        matches_cpython(rows, "rosenbrock", page)
    # Unchanged entries stay out of the URL, and the URL reproduces the same numbers.
    hash_ = page.evaluate("location.hash")
    assert "s=" in hash_ and "o=" not in hash_, hash_
    again = open_site("rosenbrock/" + hash_)
    again.wait_python("ready")
    again.wait_run_done()
    assert again.results() == rows
    # The text says what the page shows.
    text = page.locator("main").inner_text()
    assert "smaller learning rates" in text and "zig-zag" not in text
    for each in (opened, again):
        each.assert_clean()


def test_switching_functions_re_resolves_unchanged_entries(open_site, matches_cpython):
    opened = open_site("")
    page = opened.page
    two_wells = _expected_settings("two_wells")
    assert two_wells["sgd"] == ({"lr": 0.02}, 500)   # the 2018 post's settings
    assert _entry_settings(opened) == two_wells
    opened.wait_python("ready")
    select = page.get_by_label("Function", exact=True).first
    select.select_option("rosenbrock")
    assert _entry_settings(opened) == _expected_settings("rosenbrock")
    summary = page.locator('.pg-settings-entry[data-key="sgd"] .pg-settings-summary').first.inner_text()
    assert "lr=0.001" in summary and "1000 steps" in summary, summary
    opened.click_plot(0.25, 0.25)
    opened.wait_run_done()
    rows = opened.results()
    assert {row["key"]: row["status"] for row in rows}["sgd"] == "ok"
    matches_cpython(rows, "rosenbrock", page)
    hash_ = page.evaluate("location.hash")
    assert "f=rosenbrock" in hash_ and "o=" not in hash_, hash_
    select.select_option("two_wells")
    assert _entry_settings(opened) == two_wells
    opened.click_plot(0.6, 0.25)
    opened.wait_run_done()
    matches_cpython(opened.results(), "two_wells", page)
    # An entry with settings of its own keeps them across a switch and in the URL: the 2018
    # SGD written out on Rosenbrock blows up, as it should.
    from urllib.parse import quote

    own = 'sgd~{"optimizer":"sgd","hyperparams":{"lr":0.02},"steps":500,"label":"SGD"}'
    custom = open_site("#f=rosenbrock&s=-1,2&o=" + quote(own + ",momentum,rmsprop,adam", safe=","))
    assert _entry_settings(custom)["sgd"] == ({"lr": 0.02}, 500)
    assert _entry_settings(custom)["momentum"] == _expected_settings("rosenbrock")["momentum"]
    custom.wait_python("ready")
    custom.wait_run_done()
    rows = custom.results()
    assert {row["key"]: row["status"] for row in rows}["sgd"] != "ok"
    matches_cpython(rows[1:], "rosenbrock", custom.page)
    custom.page.get_by_label("Function", exact=True).first.select_option("two_wells")
    assert _entry_settings(custom)["sgd"] == ({"lr": 0.02}, 500)
    assert _entry_settings(custom)["momentum"] == two_wells["momentum"]
    for each in (opened, custom):
        each.assert_clean()


def test_nav_links_every_page(open_site):
    opened = open_site("", wait_contour=False)
    hrefs = opened.page.eval_on_selector_all(".site-nav a", "links => links.map(a => a.href)")
    for path in ("rastrigin/", "rosenbrock/", "article/"):
        assert any(href.endswith("/" + path) for href in hrefs), (path, hrefs)
    opened.assert_clean()


def test_the_article_embeds_its_figures(open_site):
    # The article's figures are live plots at stated states; test_figures.py runs each of them
    # and compares it with CPython, and test_article_numbers.py checks the numbers and starts.
    opened = open_site("article/", wait_contour=False)
    page = opened.page
    assert page.locator("main h1").inner_text().strip()
    assert page.locator("main p").count() >= 5, "the article has its text"
    figures = page.locator("figure [data-playground][data-figure]")
    assert figures.count() >= 5, "one figure per observation"
    assert page.locator("table[data-table]").count() >= 5, "the measured tables"
    opened.assert_clean()


def test_opening_the_file_directly_shows_how_to_serve_it(browser, built_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((built_site / "index.html").as_uri())
        notice = page.locator("#file-notice")
        notice.wait_for(state="visible", timeout=5000)
        assert "HTTP" in notice.inner_text()
    finally:
        context.close()


def test_a_garbled_link_says_what_it_could_not_read_and_keeps_the_rest(open_site, matches_cpython):
    opened = open_site("#f=nope&s=1,2,3&x=%%%")
    page = opened.page
    notice = page.locator(".pg-link-notice")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "could not be read" in text and '"nope"' in text and "not a point" in text
    # The page still works on its own default function.
    assert opened.playground().get_attribute("data-contour") == "two_wells"
    opened.wait_python("ready")
    opened.click_plot(0.7, 0.3)
    opened.wait_run_done()
    rows = opened.results()
    assert [row["key"] for row in rows] == DEFAULTS
    matches_cpython(rows, "two_wells", page)
    opened.assert_clean()
