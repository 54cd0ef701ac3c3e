"""The playground on the front page: contour first, Python, runs equal to CPython's,
toggles, function switching, queued clicks, performance marks and the URL hash."""

from __future__ import annotations

import json
import time

DEFAULTS = ["sgd", "momentum", "rmsprop", "adam"]   # catalog.json's default_presets
LABELS = {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSProp", "adam": "Adam"}


def toggle(opened, label):
    return opened.page.get_by_role("button", name=label, exact=True).first


def entry_colors(opened):
    return opened.page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('.pg-toggle')].map(b => "
        "[b.dataset.key, getComputedStyle(b.querySelector('.pg-cue-marker')).fill]))")


def rgb_to_hex(css: str) -> str:
    r, g, b = [int(v) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    return f"#{r:02x}{g:02x}{b:02x}"


def test_contour_before_python_and_a_queued_click_runs_when_ready(open_site, matches_cpython):
    opened = open_site("", hold_pyodide=True)
    page = opened.page
    # The contour is drawn from the precomputed grid while Python cannot load yet.
    assert opened.python_status() == "loading"
    assert "op:contour-drawn" in opened.marks()
    assert len(set(opened.base_fingerprint())) > 10, "the contour layer looks blank"
    assert "loading" in page.locator(".pg-python").first.inner_text().lower()
    # Toggles: exactly the 2018 post's four, pressed, named by their labels.
    for key in DEFAULTS:
        button = toggle(opened, LABELS[key])
        assert button.get_attribute("aria-pressed") == "true"
    # A click now is queued, shown, and not lost.
    opened.click_plot(0.62, 0.35)
    assert opened.run_state() == "queued"
    time.sleep(1.0)
    assert opened.python_status() == "loading" and opened.run_state() == "queued"
    opened.release()
    opened.wait_python("ready")
    opened.wait_run_done()
    rows = opened.results()
    assert [row["key"] for row in rows] == DEFAULTS
    matches_cpython(rows, "two_wells", opened.page)
    assert sorted(opened.drawn_paths()) == sorted(DEFAULTS)
    marks = opened.marks()
    for name in ("op:contour-drawn", "op:python-ready", "op:click", "op:first-frame", "op:table-filled"):
        assert name in marks, name
    assert marks["op:contour-drawn"] < marks["op:python-ready"] <= marks["op:first-frame"] <= marks["op:table-filled"]
    opened.assert_clean()


def test_clicks_match_cpython_and_first_frame_is_quick(open_site, matches_cpython):
    opened = open_site("")
    opened.wait_python("ready")
    latencies = []
    for fx, fy in ((0.3, 0.3), (0.55, 0.5), (0.8, 0.75)):
        opened.page.evaluate("performance.clearMarks('op:click'); performance.clearMarks('op:first-frame')")
        opened.click_plot(fx, fy)
        opened.wait_run_done()
        rows = opened.results()
        assert [row["key"] for row in rows] == DEFAULTS
        matches_cpython(rows, "two_wells", opened.page)
        marks = opened.marks()
        latencies.append(marks["op:first-frame"] - marks["op:click"])
    # Shift-click adds a second start point: one row per optimizer and start.
    opened.click_plot(0.2, 0.8, modifiers=["Shift"])
    opened.wait_run_done()
    rows = opened.results()
    assert len(rows) == 2 * len(DEFAULTS)
    matches_cpython(rows, "two_wells", opened.page)
    # The keyboard works too: arrows move a cross from the centre, Enter starts there.
    canvas = opened.playground().locator("canvas.pg-canvas-overlay")
    canvas.focus()
    for key in ["ArrowLeft"] * 5 + ["ArrowUp"] * 2:
        canvas.press(key)
    canvas.press("Enter")
    opened.wait_run_done()
    rows = opened.results()
    assert len(rows) == len(DEFAULTS)
    assert abs(float(rows[0]["start-x"]) + 0.4) < 1e-9 and abs(float(rows[0]["start-y"]) - 0.16) < 1e-9
    matches_cpython(rows, "two_wells", opened.page)
    print(f"click -> first frame: {', '.join(f'{ms:.0f} ms' for ms in latencies)}")
    assert min(latencies) < 1000
    opened.assert_clean()


def test_a_toggled_off_optimizer_does_not_run(open_site, matches_cpython):
    opened = open_site("")
    opened.wait_python("ready")
    colors = {key: rgb_to_hex(css) for key, css in entry_colors(opened).items()}
    momentum = toggle(opened, "Momentum")
    momentum.click()
    assert momentum.get_attribute("aria-pressed") == "false"
    opened.click_plot(0.4, 0.6)
    opened.wait_run_done()
    rows = opened.results()
    assert [row["key"] for row in rows] == ["sgd", "rmsprop", "adam"]
    matches_cpython(rows, "two_wells", opened.page)
    assert "momentum" not in opened.drawn_paths()
    opened.page.wait_for_timeout(4000)   # let the animation finish (SGD: 500 steps)
    assert opened.overlay_pixels_near(colors["momentum"]) == 0
    assert opened.overlay_pixels_near(colors["sgd"]) > 0
    # Switched on again it runs for the current start point.
    momentum.click()
    assert momentum.get_attribute("aria-pressed") == "true"
    opened.wait_run_done()
    rows = opened.results()
    assert [row["key"] for row in rows] == DEFAULTS
    matches_cpython(rows, "two_wells", opened.page)
    # Switched off after a run, its row and its path go at once.
    toggle(opened, "Adam").click()
    assert [row["key"] for row in opened.results()] == ["sgd", "momentum", "rmsprop"]
    assert "adam" not in opened.drawn_paths()
    opened.assert_clean()


def test_switching_function_redraws_and_runs_on_the_new_function(open_site, matches_cpython):
    opened = open_site("")
    page = opened.page
    select = page.get_by_label("Function", exact=True).first
    options = page.evaluate("[...document.querySelector('.pg-function-select').options].map(o => o.value)")
    catalog = json.loads(page.evaluate("fetch(new URL('assets/data/catalog.json', document.baseURI)).then(r => r.text())"))
    assert options == [f["id"] for f in catalog["functions"]] + ["custom"]   # then "Your own f(x, y)"
    before = opened.base_fingerprint()
    opened.wait_python("ready")
    opened.click_plot(0.5, 0.5)
    opened.wait_run_done()
    select.select_option("rastrigin")
    # Redrawn at once, paths and table cleared.
    opened.page.wait_for_timeout(200)
    assert opened.playground().get_attribute("data-contour") == "rastrigin"
    assert opened.base_fingerprint() != before
    assert opened.results() == [] and opened.drawn_paths() == []
    opened.click_plot(0.45, 0.3)
    opened.wait_run_done()
    rows = opened.results()
    assert [row["key"] for row in rows] == DEFAULTS
    matches_cpython(rows, "rastrigin", opened.page)
    # The URL hash holds the function and the start.
    assert "f=rastrigin" in page.evaluate("location.hash")
    opened.assert_clean()


def test_the_url_hash_reproduces_the_same_numbers(open_site, matches_cpython):
    opened = open_site("")
    opened.wait_python("ready")
    toggle(opened, "RMSProp").click()
    opened.click_plot(0.7, 0.2)
    opened.wait_run_done()
    first = opened.results()
    hash_ = opened.page.evaluate("location.hash")
    assert "s=" in hash_ and "-rmsprop" in hash_
    again = open_site(hash_)
    again.wait_python("ready")
    again.wait_run_done()
    assert again.results() == first
    assert toggle(again, "RMSProp").get_attribute("aria-pressed") == "false"
    matches_cpython(again.results(), "two_wells", again.page)
    # A hand-written hash works too.
    third = open_site("#f=rosenbrock&s=-1.5,2.5")
    assert third.playground().get_attribute("data-contour") == "rosenbrock"
    third.wait_python("ready")
    third.wait_run_done()
    rows = third.results()
    assert [(float(r["start-x"]), float(r["start-y"])) for r in rows] == [(-1.5, 2.5)] * len(DEFAULTS)
    matches_cpython(rows, "rosenbrock", third.page)
    for page in (opened, again, third):
        page.assert_clean()


def test_a_bad_entry_shows_its_error_and_the_others_still_run(open_site, matches_cpython):
    from urllib.parse import quote

    bad = 'sgd~{"optimizer":"sgd","hyperparams":{"lr":-1},"steps":10,"label":"Broken SGD"}'
    opened = open_site("#s=0.5,0.5&o=" + quote(bad + ",momentum,rmsprop,adam", safe=","))
    opened.wait_python("ready")
    opened.wait_run_done()
    rows = opened.results()
    assert [row["key"] for row in rows] == DEFAULTS
    assert rows[0]["status"] == "error" and "lr" in rows[0]["error"]
    assert opened.playground().locator(".pg-message").inner_text().startswith("Broken SGD could not run")
    assert "sgd" not in opened.drawn_paths()
    matches_cpython(rows[1:], "two_wells", opened.page)
    opened.assert_clean()


def test_every_offered_optimizer_has_its_own_colour(open_site):
    opened = open_site("")
    entries = opened.page.evaluate(
        "document.querySelector('[data-playground]').playground.state.entries.map(e => [e.label, e.color])")
    assert len(entries) >= 28
    colours = [colour for _, colour in entries]
    assert len(set(colours)) == len(colours), entries
    opened.assert_clean()
