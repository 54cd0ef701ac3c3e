"""Results that keep the suspense, a readable loss chart, coloured vectors (issue 16), checked
against CPython: a row appears when the playback has played its path to its end and names the
minimum CPython's ``api.run`` says, at the view's precision; the loss chart's readout gives
CPython's losses; its x-range choice changes its scale and the URL; each curve meets 3:1 against
the chart's background in light and dark; the arrows are drawn in their optimizer's colour; a
refused learning rate is aria-invalid; a schedule is said in words with Python's preview."""

from __future__ import annotations

import math
import re
from urllib.parse import unquote

import numpy as np
import pytest

import optimizers as opt
from optimizers import schedules
from pyodide_app import api
from test_loading import DEFAULTS, preset_entries
from test_playback import PG

from conftest import wait_until

MINUS = "\u2212"


def cpython_reply(state):
    """CPython's ``api.run`` for the page's state: key -> the run's reply."""
    entries = [e for e in state["entries"] if e["enabled"]]
    args = {"function": {"id": state["fn"], "params": state["params"]}, "starts": state["starts"],
            "runs": [{"key": e["key"], "optimizer": e["optimizer"], "hyperparams": e["hyperparams"],
                      "steps": e["steps"]} for e in entries]}
    if state["view"]:
        args["view"] = state["view"]
    return {run["key"]: run for run in api.run(args)["runs"]}


def decimals(resolution: float) -> int:
    """The decimals a step of ``resolution`` needs (as the table prints: one plot pixel)."""
    return min(12, max(0, math.ceil(-math.log10(resolution) - 1e-9)))


def printed(value: float, places: int) -> str:
    """``value`` as the table prints it: rounded, trailing zeros dropped, U+2212, never "−0"."""
    text = f"{abs(value):.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if float(text) == 0:
        return "0"
    return (MINUS if value < 0 else "") + text


def expected_status(ended, places):
    if ended["kind"] == "converged":
        x, y = ended["at"]
        return f"{'global' if ended['global'] else 'local'} minimum at ({printed(x, places[0])}, {printed(y, places[1])})"
    if ended["kind"] == "diverged":
        return f"diverged at step {ended['step']:,}"
    return {"still-moving": "still moving", "left-view": "left the view"}[ended["kind"]]


def rows_shown(opened):
    """key -> whether its row shows (data-shown, and Playwright's own visibility)."""
    keys = opened.page.evaluate("[...document.querySelectorAll('.pg-results tr[data-key]')].map((tr) => tr.dataset.key)")
    return {key: (opened.page.locator(f'.pg-results tr[data-key="{key}"]').get_attribute("data-shown") == "true",
                  opened.page.locator(f'.pg-results tr[data-key="{key}"]').is_visible()) for key in keys}


def seek(opened, step):
    opened.page.get_by_role("slider", name="Step", exact=True).fill(str(step))
    wait_until(opened.page, f"{PG}.player.step", lambda s: s == step, what=f"the playback at step {step}")


def test_rows_appear_as_their_paths_end_and_name_cpythons_minimum_at_the_views_precision(open_site):
    opened = open_site("#s=0.5,1&t=0,150")
    opened.wait_ready_and_run()
    state = opened.page.evaluate(f"{PG}.state")
    reply = cpython_reply(state)
    lasts = {key: int(reply[key]["last_step"][0]) for key in DEFAULTS}
    # every row holds its place (its data in data-value, as before) but none shows at step 0
    assert sorted(rows_shown(opened)) == sorted(DEFAULTS)
    assert not any(shown or visible for shown, visible in rows_shown(opened).values())
    heights = opened.page.evaluate("document.querySelector('.pg-results').getBoundingClientRect().height")
    box = opened.page.locator(".pg-results")
    assert box.get_attribute("data-rows-shown") == "0" and box.get_attribute("data-rows") == "4"

    # just before its last step a path's row is absent; at it, present (the others as their own)
    for key in sorted(DEFAULTS, key=lambda k: lasts[k]):
        seek(opened, lasts[key] - 1)
        assert rows_shown(opened)[key] == (False, False), (key, lasts[key])
        seek(opened, lasts[key])
        shown = rows_shown(opened)
        assert shown[key] == (True, True), key
        for other in DEFAULTS:
            assert shown[other][0] == (lasts[other] <= lasts[key]), (key, other)
    # rows never moved what is under them
    assert opened.page.evaluate("document.querySelector('.pg-results').getBoundingClientRect().height") == heights

    # each row names CPython's outcome, at the decimals one plot pixel needs, with U+2212
    view = state["view"] or opt.FUNCTIONS["two_wells"].domain
    plot = opened.page.evaluate(f"{PG}.renderer.scales.plot")
    places = (decimals((view[0][1] - view[0][0]) / (plot["right"] - plot["left"])),
              decimals((view[1][1] - view[1][0]) / (plot["bottom"] - plot["top"])))
    texts = opened.page.evaluate("""Object.fromEntries([...document.querySelectorAll('.pg-results tr[data-key]')].map((tr) =>
        [tr.dataset.key, [tr.querySelector('[data-col=status]').textContent, tr.querySelector('[data-col=status]').dataset.outcome,
                          tr.querySelector('[data-col=end-x]').textContent, tr.querySelector('[data-col=end-x]').dataset.value]]))""")
    kinds = set()
    for key in DEFAULTS:
        ended = reply[key]["outcomes"][0]
        kinds.add((ended["kind"], ended.get("global")))
        assert texts[key][0] == expected_status(ended, places), (key, texts[key], ended)
        assert texts[key][1] == ended["kind"]
        last = lasts[key]
        x_end = float(reply[key]["points"][2 * last])
        assert float(texts[key][3]) == x_end                       # the exact value stays in data-value
        assert texts[key][2] == printed(x_end, places[0])
        assert "e-" not in texts[key][2] and "-" not in texts[key][2]
    assert ("converged", True) in kinds and ("converged", False) in kinds, kinds   # a global and a local one here
    opened.assert_clean()


@pytest.mark.parametrize("how", ["skipped to the end", "reduced motion"])
def test_every_row_shows_at_once_when_playback_is_skipped_or_reduced_motion_is_asked_for(open_site, how):
    opened = open_site("")
    if how == "reduced motion":
        opened.page.emulate_media(reduced_motion="reduce")
    opened.wait_python("ready")
    opened.click_plot(0.6, 0.3)
    opened.wait_run_done()
    if how == "skipped to the end":
        longest = int(opened.page.get_by_role("slider", name="Step", exact=True).get_attribute("max"))
        seek(opened, longest)
    wait_until(opened.page, "document.querySelector('.pg-results').dataset.rowsShown", lambda n: n == "4",
               timeout=5, what="every row shown")
    assert all(shown == (True, True) for shown in rows_shown(opened).values())
    # and then the screen reader hears one line per optimizer
    lines = wait_until(opened.page, "[...document.querySelectorAll('.pg-announcer p')].map((p) => p.textContent)",
                       lambda lines: len(lines) == 4, timeout=5, what="a line per optimizer")
    assert [line.split(":")[0] for line in lines] == ["SGD", "Momentum", "RMSProp", "Adam"]
    opened.assert_clean()


def chart_readout(opened):
    return opened.page.evaluate(f"{PG}.lossChart.readout()")


def test_the_loss_readout_gives_cpythons_losses_by_keyboard_and_pointer(open_site):
    opened = open_site("#s=0.5,1&t=40,150")
    opened.wait_ready_and_run()
    reply = cpython_reply(opened.page.evaluate(f"{PG}.state"))

    def assert_cpython(rows, step_of):
        assert [row["key"] for row in rows] == DEFAULTS
        for row in rows:
            run = reply[row["key"]]
            last = int(run["last_step"][0])
            wanted = step_of(row)
            assert row["step"] == min(wanted, last)
            if wanted > last:
                assert row["value"] is None
            else:
                # CPython's f (Pyodide's libm may differ from CPython's in the last bits, as elsewhere)
                assert math.isclose(row["value"], float(run["values"][wanted]), rel_tol=1e-9, abs_tol=1e-12), row

    chart = opened.page.locator(".pg-loss-chart")
    assert chart.get_attribute("tabindex") == "0"
    readout = opened.page.locator(".pg-loss-readout")
    assert readout.get_attribute("aria-live") == "polite"
    chart.focus()                                   # the readout starts at the playback's step
    chart.press("ArrowRight")
    assert_cpython(chart_readout(opened), lambda row: 41)
    assert readout.inner_text().startswith("Step 41: SGD ")
    chart.press("Shift+ArrowRight")
    assert_cpython(chart_readout(opened), lambda row: 51)
    chart.press("End")                              # past Adam's 100 steps: Adam "ended"
    assert_cpython(chart_readout(opened), lambda row: 500)
    assert "Adam ended" in readout.inner_text()
    # the arrow keys read the chart, not the playback
    assert opened.page.evaluate(f"{PG}.player.step") == 40

    over = opened.page.locator(".pg-loss-chart .u-over")
    box = over.bounding_box()
    over.hover(position={"x": box["width"] * 0.15, "y": box["height"] / 2})
    x = opened.page.evaluate("Number(document.querySelector('.pg-loss-chart').dataset.readX)")
    assert abs(x - 500 * 0.15) <= 2, x
    assert_cpython(chart_readout(opened), lambda row: x)
    for row in chart_readout(opened):
        assert row["label"] in readout.inner_text()
    opened.assert_clean()


def test_the_x_range_choice_changes_the_charts_scale_and_the_url(open_site):
    opened = open_site("#s=0.5,1&t=40,150")
    opened.wait_ready_and_run()
    reply = cpython_reply(opened.page.evaluate(f"{PG}.state"))
    assert opened.page.evaluate(f"{PG}.lossChart.xScale()")["max"] == 500
    opened.page.get_by_label("Steps shown").select_option("own")
    wait_until(opened.page, "location.hash", lambda h: "x=own" in unquote(h), what="x=own in the URL")
    scale = opened.page.evaluate(f"{PG}.lossChart.xScale()")
    assert scale == {"min": 0, "max": 100}
    columns = opened.page.evaluate(f"{PG}.lossChart.columns()")
    assert columns["range"] == "own"
    x = columns["data"][0]
    for column, series in zip(columns["data"][1:], columns["series"]):
        run = reply[series["key"]]
        last = int(run["last_step"][0])
        shown = {share: f for share, f in zip(x, column) if f is not None}
        assert sorted(shown) == [100 * t / last for t in range(last + 1)]       # each run spans 0..100 %
        for got, want in zip([shown[100 * t / last] for t in range(last + 1)], run["values"][:last + 1]):
            assert math.isclose(got, float(want), rel_tol=1e-9, abs_tol=1e-12), (series["key"], got, want)
    # a cold link keeps the choice (the first page closed first: one Python at a time on a busy machine)
    link = opened.page.url
    opened.assert_clean()
    opened.page.close()
    again = open_site(link[link.index("#"):])
    again.wait_ready_and_run()
    assert again.page.get_by_label("Steps shown").input_value() == "own"
    assert again.page.evaluate(f"{PG}.lossChart.xScale()") == {"min": 0, "max": 100}
    again.page.get_by_label("Steps shown").select_option("all")
    wait_until(again.page, "location.hash", lambda h: "x=" not in unquote(h), what="x= gone (the default)")
    assert again.page.evaluate(f"{PG}.lossChart.xScale()")["max"] == 500
    again.assert_clean()


def rgb(text):
    text = text.strip()
    if text.startswith("#"):
        return [int(text[i:i + 2], 16) for i in (1, 3, 5)]
    return [float(v) for v in re.findall(r"[\d.]+", text)[:3]]


def contrast(a, b):
    """WCAG 2's contrast ratio, computed here from the colours' values."""
    def luminance(colour):
        channels = [c / 255 for c in rgb(colour)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_catalog_colour_meets_3_to_1_against_the_chart_in_light_and_dark(open_site):
    from site_build.css_tokens import scheme_tokens

    tokens = scheme_tokens(["--plot-background", "--plot-marker"])
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    colours = sorted({p["color"] for p in api.describe()["presets"]} | set(api.describe()["palette"]))
    assert opened.page.evaluate(f"{PG}.catalog.presets.map((p) => p.color).sort()") == \
        sorted(p["color"] for p in api.describe()["presets"])
    for scheme in ("light", "dark"):
        if scheme == "dark":
            opened.page.locator(".theme-switch label", has_text="Dark").click()
        background = tokens[scheme]["--plot-background"]
        wait_until(opened.page, f"{PG}.lossChart.styleOf('#000000').background",
                   lambda b: rgb(b) == rgb(background), what=f"the {scheme} chart background")
        chart_background = opened.page.evaluate("getComputedStyle(document.querySelector('.pg-loss-chart')).backgroundColor")
        assert rgb(chart_background) == rgb(background)
        for colour in colours:
            style = opened.page.evaluate(f"{PG}.lossChart.styleOf({colour!r})")
            assert style["stroke"] == colour
            edge = style["stroke"] if rgb(style["casing"]) == rgb(background) else style["casing"]
            assert contrast(edge, background) >= 3, (scheme, colour, style)
            if rgb(style["casing"]) != rgb(background):     # cased in the ink: the colour shows on it
                assert rgb(style["casing"]) == rgb(tokens[scheme]["--plot-marker"])
                assert contrast(style["stroke"], style["casing"]) >= 3, (scheme, colour, style)
        # the drawn curves use exactly these styles, and the legend names each optimizer
        drawn = opened.page.evaluate(f"{PG}.lossChart.styles()")
        assert [d["stroke"] for d in drawn] == opened.page.evaluate(f"{PG}.lossChart.columns().series.map((s) => s.color)")
        assert opened.page.locator(".pg-loss-legend li").all_inner_texts() == ["SGD", "Momentum", "RMSProp", "Adam"]
    opened.assert_clean()


def test_vectors_are_drawn_in_their_optimizers_colour_and_named_in_a_legend(open_site):
    opened = open_site("#s=0.5,1&t=12,150&w=grad,step")
    opened.wait_ready_and_run()
    arrows = opened.page.evaluate(f"{PG}.renderer.arrows")
    assert {(a["key"], a["name"]) for a in arrows} == {(k, n) for k in DEFAULTS for n in ("grad", "step")}
    colours = opened.page.evaluate(f"Object.fromEntries({PG}.state.entries.map((e) => [e.key, e.color]))")
    samples = opened.page.evaluate("""(arrows) => {
        const canvas = document.querySelector('canvas.pg-canvas-overlay');
        const dpr = canvas.width / canvas.getBoundingClientRect().width;
        const ctx = canvas.getContext('2d');
        return arrows.map((a) => {
          const [[x0, y0], [x1, y1]] = a.pixels;
          const length = Math.hypot(x1 - x0, y1 - y0);
          if (length < 12) return null;
          const t = 0.45;   // on the shaft, away from the start's marker and the head
          // the 5 x 5 device pixels there (a 2-px line's edge blends with its casing)
          const cx = Math.round((x0 + t * (x1 - x0)) * dpr), cy = Math.round((y0 + t * (y1 - y0)) * dpr);
          const d = ctx.getImageData(cx - 2, cy - 2, 5, 5).data;
          const out = [];
          for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i + 1], d[i + 2]]);
          return out;
        });
    }""", arrows)
    matched = {}
    for arrow, sample in zip(arrows, samples):
        if sample is None:
            continue
        want = rgb(colours[arrow["key"]])
        hit = min(max(abs(a - b) for a, b in zip(pixel, want)) for pixel in sample) <= 10
        matched.setdefault(arrow["key"], []).append(hit)
        assert arrow["color"] == colours[arrow["key"]]
    # every optimizer has an arrow sampled in its colour; arrows crossing others may hide a few
    assert set(matched) == set(DEFAULTS) and all(any(hits) for hits in matched.values()), matched
    assert sum(sum(h) for h in matched.values()) >= 0.75 * sum(len(h) for h in matched.values()), matched
    legend = opened.page.evaluate("""[...document.querySelectorAll('.pg-vector-legend li')].map((li) =>
        [li.dataset.key, li.textContent, li.querySelectorAll('svg line')[1].getAttribute('stroke')])""")
    assert legend == [[k, label, colours[k]] for k, label in zip(DEFAULTS, ["SGD", "Momentum", "RMSProp", "Adam"])]
    opened.assert_clean()


def test_a_refused_value_is_aria_invalid_and_described_by_its_message(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    page = opened.page
    field = page.get_by_role("textbox", name="SGD learning rate", exact=True)
    field.fill("-1")
    field.press("Enter")
    assert field.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + field.get_attribute("aria-describedby").split()[-1])
    assert "learning rate must be" in message.inner_text() and message.get_attribute("role") == "alert"
    assert page.evaluate(f"{PG}.state.entries.find((e) => e.key === 'sgd').hyperparams.lr") == 0.02
    field.fill("0.03")
    field.press("Enter")
    assert field.get_attribute("aria-invalid") is None
    assert page.evaluate(f"{PG}.state.entries.find((e) => e.key === 'sgd').hyperparams.lr") == 0.03
    # a function parameter and the noise level too
    param = page.get_by_role("spinbutton", name="Parameter c", exact=True)   # c is at least 0.01
    param.fill("0")
    param.press("Enter")
    assert param.get_attribute("aria-invalid") == "true"
    assert "must be" in page.locator("#" + param.get_attribute("aria-describedby")).inner_text()
    sigma = page.get_by_role("spinbutton", name="Gradient noise σ")
    sigma.fill("1000")
    sigma.press("Enter")
    assert sigma.get_attribute("aria-invalid") == "true"
    assert page.get_by_role("spinbutton", name="Seed").get_attribute("aria-invalid") is None
    opened.assert_clean()


def test_a_schedule_is_said_in_words_with_pythons_rates_as_a_preview(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    entry = opened.page.locator('.pg-settings-entry[data-key="sgd"]')
    entry.locator("summary", has_text="More settings").click()
    opened.page.get_by_label("SGD learning-rate schedule").select_option("step")
    summary = entry.locator(".pg-settings-summary")
    wait_until(opened.page, "document.querySelector('.pg-settings-entry[data-key=sgd] .pg-schedule-spark')?.dataset.rates",
               lambda n: n == "500", what="the schedule's preview")
    text = summary.inner_text()
    assert "lr=step decay from 0.02: ×0.1 every 100 steps" in text and "{" not in text, text
    label = summary.locator("svg").get_attribute("aria-label")
    first, top, last = (float(v) for v in re.fullmatch(
        r"The learning rate over the 500 steps: from (\S+) \(highest (\S+)\) to (\S+)", label).groups())
    rates = [schedules.Step(0.02, 100, 0.1)(count) for count in range(500)]
    assert (first, top, last) == (rates[0], max(rates), rates[-1])
    opened.assert_clean()


def test_ready_to_work_offline_covers_no_control_on_a_phone(open_site, wait):
    from test_offline import wait_offline_ready

    # cold: the notice is said once per device, and the warm context's device has heard it
    opened = open_site("#s=0.5,1", viewport={"width": 390, "height": 844}, cold=True)
    opened.wait_ready_and_run()
    # the playback bar at the bottom of the window, where the notice used to sit
    opened.page.evaluate("document.querySelector('.pg-playback').scrollIntoView({block: 'end'})")
    wait_offline_ready(opened, wait)
    notice = opened.page.locator(".offline-notice")
    notice.wait_for(timeout=10000)
    covered = opened.page.evaluate("""(() => {
        const box = document.querySelector('.offline-notice').getBoundingClientRect();
        const controls = [...document.querySelectorAll('button, input, select, a[href], summary, .pg-playback')];
        return controls.filter((node) => {
          const r = node.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
        }).map((node) => node.className || node.tagName);
    })()""")
    assert covered == [], covered
    box = notice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] >= 0 and box["y"] + box["height"] <= 844
    opened.assert_clean()
