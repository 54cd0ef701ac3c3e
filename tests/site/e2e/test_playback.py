"""Playback (issue 8's first part): play / pause, one step, the "Step" scrubber, speed, their
keys, and the position and speed in the URL, restored by a cold link."""

from __future__ import annotations

from urllib.parse import unquote

PG = "document.querySelector('[data-playground]').playground"


def position(opened):
    """(the player's step, the step the renderer drew, the scrubber's value, the URL's t field)."""
    step, drawn, value, hash_ = opened.page.evaluate(
        f"[{PG}.player.step, {PG}.renderer.step, document.querySelector('.pg-scrubber').value, location.hash]")
    t = dict(part.split("=", 1) for part in unquote(hash_.lstrip("#")).split("&") if "=" in part).get("t")
    return step, drawn, int(value), t


def test_a_link_opens_paused_at_its_step_and_the_controls_move_path_scrubber_and_url_together(
        open_site, matches_cpython):
    opened = open_site("#s=0.5,1&t=37,50")
    opened.wait_python("ready")
    opened.wait_run_done()
    matches_cpython(opened.results(), "two_wells", opened.page)
    assert position(opened) == (37, 37, 37, "37,50")
    scrubber = opened.page.get_by_role("slider", name="Step")
    assert scrubber.get_attribute("max") == "500"          # SGD's 500 steps, the longest path
    assert opened.page.get_by_role("combobox", name="Speed").input_value() == "50"

    scrubber.focus()
    opened.page.keyboard.press("ArrowRight")
    assert position(opened) == (38, 38, 38, "38,50")
    opened.page.get_by_role("button", name="One step back").click()
    opened.page.get_by_role("button", name="One step back").click()
    assert position(opened) == (36, 36, 36, "36,50")
    opened.page.keyboard.press(".")
    assert position(opened) == (37, 37, 37, "37,50")
    scrubber.fill("120")
    assert position(opened) == (120, 120, 120, "120,50")

    opened.page.keyboard.press("k")                          # play: the URL says "to the end"
    assert opened.page.evaluate(f"{PG}.player.playing") is True
    assert position(opened)[3] == "end,50"
    opened.page.get_by_role("button", name="Pause").click()
    step, drawn, value, t = position(opened)
    assert step == drawn and value == int(step) and t == f"{int(step)},50" and step >= 120
    opened.page.keyboard.press("]")
    assert position(opened)[3] == f"{int(step)},150"
    assert opened.page.get_by_role("combobox", name="Speed").input_value() == "150"

    # The same link, cold, in a new page: the same step and speed, the same numbers.
    link = opened.page.url
    again = open_site(link[link.index("#"):])
    again.wait_python("ready")
    again.wait_run_done()
    assert position(again) == (int(step), int(step), int(step), f"{int(step)},150")
    assert again.results() == opened.results()
    opened.assert_clean()
    again.assert_clean()


def test_a_click_plays_from_the_start_and_reduced_motion_shows_whole_paths(open_site, browser, site_url):
    opened = open_site("#t=10,150")
    opened.wait_python("ready")
    opened.click_plot(0.62, 0.35)
    opened.wait_run_done()
    # A new start plays from the beginning, whatever the link's step was.
    assert position(opened)[3] in ("end,150", None)
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(site_url + "#s=0.5,1")
        for _ in range(600):
            if page.evaluate("document.querySelector('[data-playground]').dataset.run") == "done":
                break
            page.wait_for_timeout(100)
        step, length, playing = page.evaluate(f"[{PG}.player.step, {PG}.player.length, {PG}.player.playing]")
        assert (step, playing) == (length, False) and length == 500
    finally:
        context.close()
