"""All visible state in the store (issue 15): the table and the loss curves are built once per
reply, not once per hop; the loss-chart scale and the basin lattice are state fields kept in the
link (l=, r=); "Add starts" is the state's start mode; a slider preview is committed on release."""

from __future__ import annotations

from conftest import wait_until
from test_loading import DEFAULTS
from test_playback import PG


def test_one_click_builds_the_table_and_the_curves_at_most_once_per_reply(open_site):
    opened = open_site("")
    opened.wait_python("ready")
    opened.wait_run_done()   # the opening run's own replies first (pages/opening.js)
    opened.page.evaluate(f"{PG}.runView.builds.table = 0; {PG}.runView.builds.loss = 0; {PG}.runView.builds.blank = 0")
    opened.click_plot(0.6, 0.4)
    opened.wait_run_done()
    builds = opened.page.evaluate(f"{PG}.runView.builds")
    assert len(opened.results()) == len(DEFAULTS)
    # four replies (one per default optimizer): each builds the table once at most, replies that
    # arrive together share one build; the click's own clearing builds nothing
    assert 1 <= builds["table"] <= len(DEFAULTS), builds
    assert 1 <= builds["loss"] <= len(DEFAULTS) + 1, builds
    opened.assert_clean()


def test_the_loss_scale_and_the_basin_lattice_are_in_the_link(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    opened.page.get_by_label("Scale").select_option("log")
    wait_until(opened.page, "location.hash", lambda h: "l=log" in h, what="l=log in the link")
    assert opened.page.evaluate(f"{PG}.state.lossScale") == "log"
    opened.page.get_by_label("Lattice").select_option("100")
    wait_until(opened.page, "location.hash", lambda h: "r=100" in h, what="r=100 in the link")
    link = opened.page.url
    again = open_site(link[link.index("#"):])
    again.wait_ready_and_run()
    assert again.page.evaluate(f"[{PG}.state.lossScale, {PG}.state.basinResolution]") == ["log", 100]
    assert again.page.locator(".pg-loss-chart").get_attribute("data-scale") == "log"
    assert again.page.get_by_label("Lattice").input_value() == "100"
    again.page.locator(".pg-loss-scale select").select_option("linear")
    wait_until(again.page, "location.hash", lambda h: "l=" not in h, what="the default scale out of the link")
    opened.assert_clean()
    again.assert_clean()


def test_add_starts_is_the_states_start_mode(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    opened.page.get_by_role("button", name="Add starts").click()
    assert opened.page.evaluate(f"{PG}.state.startMode") == "add"
    assert opened.page.get_by_role("button", name="Add starts").get_attribute("aria-pressed") == "true"
    assert "adds a start" in opened.page.locator(".pg-readout").inner_text()
    opened.click_plot(0.3, 0.3)
    wait_until(opened.page, f"{PG}.state.starts.length", lambda n: n == 2, what="a second start")
    assert "startMode" not in opened.page.url and "add" not in opened.page.url.split("#")[1]
    opened.page.get_by_role("button", name="Add starts").click()
    assert opened.page.evaluate(f"{PG}.state.startMode") == "replace"
    opened.wait_run_done()
    opened.assert_clean()
