"""For every visitor (issue 9): a screen reader hears a short line per optimizer after a run
(not the whole table), in words that agree with CPython's runs; the plot is an interactive
element described by its keyboard help, the keyboard cross says where it is and Enter starts
from it (from the middle of the view before it moved); busy functions mark a few dozen minima,
every global one included; Rosenbrock's valley is drawn as one piece, not a chain of beads."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import optimizers as opt
from optimizers.outcomes import as_records, global_flags, run_outcomes
from optimizers.presets import PRESETS

from conftest import wait_until
from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_playback import PG

ANNOUNCER = "document.querySelector('[data-playground] .pg-announcer')"
MAX_LOCAL, SPACING_PX = 30, 28           # minima-marks.js


def said(opened):
    """The announcer's lines now."""
    return opened.page.evaluate(f"[...{ANNOUNCER}.querySelectorAll('p')].map((p) => p.textContent)")


def record_said(opened):
    """From now on, every text the announcer is given, in order (window.saidLog)."""
    opened.page.evaluate(f"""(() => {{
      window.saidLog = [];
      const node = {ANNOUNCER};
      new MutationObserver(() => window.saidLog.push(node.textContent)).observe(node, {{childList: true, subtree: true}});
    }})()""")


def expected_words(function_id, key, start, view):
    """CPython's run of a preset from `start`, told as the announcer's words (f parsed apart), from
    the core's outcome of it (optimizers.outcomes) in `view`."""
    optimizer_id, hyperparams, steps = preset_entries(function_id, [key])[key]
    fn = opt.FUNCTIONS[function_id]
    hyper = {k: tuple(v) if isinstance(v, list) else v for k, v in hyperparams.items()}
    traj = opt.run(opt.OPTIMIZERS[optimizer_id](**hyper), fn, np.array([start], dtype=float), steps)
    last = int(traj.last_step[0])
    ended = as_records(run_outcomes(traj, fn, view), fn.minima, global_flags(fn.minima_values))[0]
    name = PRESETS[key].label
    f = float(traj.values[last, 0])
    if ended["kind"] == "diverged":
        return f"{name}: diverged at step {last:,}", None
    if ended["kind"] == "left-view":
        return f"{name}: left the view at step {last:,}", None
    if ended["kind"] == "converged":
        if ended["global"]:
            return f"{name}: converged to the global minimum at step {last:,}", None
        return f"{name}: converged to another local minimum at step {last:,}, f = ", f
    return f"{name}: still moving after {last:,} steps, f = ", f


def assert_line(line, words, f):
    if f is None:
        assert line == words, (line, words)
        return
    assert line.startswith(words), (line, words)
    told = float(re.match(r"([-+0-9.e]+|Infinity|NaN)", line[len(words):]).group(1))
    assert math.isclose(told, f, rel_tol=1e-4, abs_tol=1e-12), (line, f)


def in_live_region(opened, selector):
    return opened.page.evaluate(f"""(() => {{
      let node = document.querySelector({json.dumps(selector)});
      for (; node; node = node.parentElement) {{
        if (node.hasAttribute('aria-live') || ['status', 'alert', 'log'].includes(node.getAttribute('role'))) return true;
      }}
      return false;
    }})()""")


@pytest.mark.parametrize("function_id, link, start", [
    ("two_wells", "#s=0.5,1", [0.5, 1]),
    ("rosenbrock", "#f=rosenbrock&s=-1.5,2", [-1.5, 2]),
])
def test_a_run_says_one_line_per_optimizer_in_cpythons_words_and_the_table_is_not_read_out(
        open_site, function_id, link, start):
    opened = open_site(link)
    opened.wait_ready_and_run()
    view = opened.page.evaluate(f"{PG}.renderer.scene.view")
    # the lines come once every row has appeared (as its path ends in the playback)
    lines = wait_until(opened.page, f"[...{ANNOUNCER}.querySelectorAll('p')].map((p) => p.textContent)",
                       lambda lines: len(lines) == len(DEFAULTS), what="a line per optimizer")
    assert len(lines) == len(DEFAULTS), lines
    for key, line in zip(DEFAULTS, lines):
        assert_line(line, *expected_words(function_id, key, start, view))
    # the table is there but in no live region; the announcer is one, polite, and not seen
    assert opened.page.locator(".pg-results table").count() == 1
    assert not in_live_region(opened, ".pg-results table")
    announcer = opened.page.locator(".pg-announcer")
    assert announcer.get_attribute("role") == "status" and announcer.get_attribute("aria-live") == "polite"
    box = announcer.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1

    # An optimizer switched off, then on: a line for the toggle, then one line for its run.
    record_said(opened)
    toggle = opened.page.get_by_role("button", name="Momentum", exact=True)
    toggle.click()
    wait_until(opened.page, "window.saidLog", lambda log: "Momentum turned off." in log, what="the toggle's line")
    toggle.click()
    opened.wait_run_done()
    wait_until(opened.page, f"{ANNOUNCER}.textContent", lambda text: text.startswith("Momentum:"), what="Momentum's line")
    lines = said(opened)
    assert len(lines) == 1
    assert_line(lines[0], *expected_words(function_id, "momentum", start, view))
    assert "Momentum turned on." in opened.page.evaluate("window.saidLog")
    opened.assert_clean()


def test_the_plot_is_an_application_with_its_keyboard_help_and_the_legend_reads_words(open_site):
    opened = open_site("")
    plot = opened.page.get_by_role("application", name="Contour plot of Two wells")
    assert plot.count() == 1
    assert plot.get_attribute("aria-roledescription") == "plot"
    help_id = plot.get_attribute("aria-describedby")
    help_box = opened.page.locator(f"#{help_id}")
    assert help_box.is_visible()
    text = help_box.inner_text()
    for words in ("arrow keys move a cross", "Shift", "Enter", "middle of the view", "zoom"):
        assert words in text, (words, text)
    # the legend's symbols are hidden from screen readers, its words are not
    assert opened.page.evaluate("""[...document.querySelectorAll('.pg-legend-symbol')].map((s) =>
        [s.textContent, s.getAttribute('aria-hidden')])""") == [["★", "true"], ["○", "true"]]
    assert opened.page.locator(".pg-legend").inner_text().replace("★", "").replace("○", "").split() == \
        "global minimum other local minimum".split()
    opened.assert_clean()


def test_arrow_keys_say_where_the_cross_is_once_it_rests_with_cpythons_f(open_site):
    opened = open_site("")
    opened.wait_python("ready")
    record_said(opened)
    canvas = opened.page.locator("canvas.pg-canvas-overlay")
    canvas.focus()
    for key in ["ArrowRight"] * 3 + ["Shift+ArrowUp"]:
        canvas.press(key)
    # view [-2, 2]²: from the centre, three steps of 2 % and one of 10 % of its 4 units
    x, y = 3 * 0.02 * 4, 0.1 * 4
    wait_until(opened.page, "window.saidLog", lambda log: any(t.startswith("Cross at") and "f =" in t for t in log),
               what="the cross's line")
    opened.page.wait_for_timeout(500)
    crosses = [t for t in opened.page.evaluate("window.saidLog") if t.startswith("Cross at")]
    assert len(crosses) == 1, crosses                         # one line for the burst, not one per key
    match = re.fullmatch(r"Cross at x = ([-0-9.]+), y = ([-0-9.]+), f = (\S+)", crosses[0])
    assert match, crosses
    assert (match.group(1), match.group(2)) == (f"{x:.3f}", f"{y:.3f}")
    f = float(opt.FUNCTIONS["two_wells"].value(np.array([[x, y]]))[0])
    assert math.isclose(float(match.group(3)), f, rel_tol=1e-4)
    assert np.allclose(opened.page.evaluate(f"{PG}.renderer.cursor"), [x, y], rtol=0, atol=1e-12)
    opened.assert_clean()


@pytest.mark.parametrize("link, view", [("", [[-2, 2], [-2, 2]]), ("#v=0,1,0.5,1.5", [[0, 1], [0.5, 1.5]])])
def test_enter_before_any_arrow_starts_from_the_middle_of_the_view_with_cpythons_numbers(open_site, link, view):
    opened = open_site(link)
    opened.wait_python("ready")
    record_said(opened)
    canvas = opened.page.locator("canvas.pg-canvas-overlay")
    canvas.focus()
    canvas.press("Enter")
    opened.wait_run_done()
    middle = [(view[0][0] + view[0][1]) / 2, (view[1][0] + view[1][1]) / 2]
    starts = opened.page.evaluate(f"{PG}.state.starts")
    assert starts == [middle]
    assert f"Running from the middle of the view, x = {middle[0]:.3f}, y = {middle[1]:.3f}." in \
        opened.page.evaluate("window.saidLog")
    assert_table_equals(opened, expected_rows("two_wells", starts, preset_entries("two_wells", DEFAULTS)), starts)
    # the first arrow moves the cross from that same point
    canvas.press("ArrowLeft")
    width = view[0][1] - view[0][0]
    assert np.allclose(opened.page.evaluate(f"{PG}.renderer.cursor"), [middle[0] - 0.02 * width, middle[1]], atol=1e-12)
    # + zooms in about the centre, as the Zoom in button does
    canvas.press("+")
    wait_until(opened.page, f"{PG}.state.view", lambda v: v is not None and v[0][1] - v[0][0] < width * 0.99,
               what="the + key's zoom")
    opened.assert_clean()


def marks(opened):
    return opened.page.evaluate(f"""(() => {{
      const r = {PG}.renderer, s = r.scales;
      const px = ([x, y]) => [s.x(x), s.y(y)];
      return {{...r.minimaMarks, localPixels: r.minimaMarks.local.map(px), globalPixels: r.minimaMarks.global.map(px),
               note: document.querySelector('.pg-legend-note').textContent}};
    }})()""")


@pytest.mark.parametrize("function_id, link", [("rastrigin", "rastrigin/"), ("levi13", "#f=levi13")])
def test_busy_functions_mark_a_few_dozen_minima_spread_out_and_every_global_one(open_site, function_id, link):
    opened = open_site(link)
    wait_until(opened.page, "document.querySelector('[data-playground]').dataset.contour", lambda c: c == function_id)
    fn = opt.FUNCTIONS[function_id]
    known = {tuple(m) for m in np.asarray(fn.minima).tolist()}
    before = marks(opened)
    assert sorted(map(tuple, before["global"])) == sorted(map(tuple, np.asarray(fn.global_minima).tolist()))
    assert before["total"] == len(fn.minima) - len(fn.global_minima)
    assert 0 < len(before["local"]) <= MAX_LOCAL
    assert all(tuple(p) in known for p in before["local"])
    pixels = before["localPixels"] + before["globalPixels"]
    for a in range(len(pixels)):
        for b in range(a + 1, len(pixels)):
            assert math.dist(pixels[a], pixels[b]) >= SPACING_PX - 1e-9
    assert before["note"] == f"{len(before['local'])} of {before['total']:,} other local minima marked " \
        "(the lowest, spread out; zoom in for more)"
    # lowest first: a minimum lower than a marked one is left out only when a marker is too near it
    minima = np.asarray(fn.minima).tolist()
    on_screen = opened.page.evaluate(f"(points) => points.map(([x, y]) => [{PG}.renderer.scales.x(x), {PG}.renderer.scales.y(y)])",
                                     minima)
    chosen = {tuple(p) for p in before["local"]} | {tuple(g) for g in before["global"]}
    highest = max(fn.minima_values[minima.index(p)] for p in before["local"])
    for p, value, pixel in zip(minima, fn.minima_values, on_screen):
        if tuple(p) not in chosen and value < highest:
            assert min(math.dist(pixel, q) for q in pixels) < SPACING_PX, (p, value)
    print(f"{function_id}: {len(fn.minima)} minima, {len(before['local'])} + {len(before['global'])} marked")

    # zoomed in on a corner, minima the wide view left out get a marker
    (x0, x1), (y0, y1) = fn.domain
    corner = [x1 - (x1 - x0) / 4, x1, y1 - (y1 - y0) / 4, y1]
    opened.wait_python("ready")
    opened.page.evaluate(f"location.hash = {json.dumps(link.partition('#')[2] + ('&' if '#' in link else '') + 'v=' + ','.join(map(str, corner)))}")
    wait_until(opened.page, f"{PG}.pythonGrid && {PG}.pythonGrid.grid.domain", lambda d: d == [corner[:2], corner[2:]],
               what="Python's zoomed contour")
    after = marks(opened)
    assert 0 < len(after["local"]) <= MAX_LOCAL
    assert all(corner[0] <= x <= corner[1] and corner[2] <= y <= corner[3] for x, y in after["local"])
    assert not {tuple(p) for p in after["local"]} & {tuple(p) for p in before["local"]}
    assert sorted(map(tuple, after["global"])) == sorted(map(tuple, np.asarray(fn.global_minima).tolist()))
    opened.assert_clean()


def closed_pieces(mask):
    """How many 4-connected pieces of `mask` do not reach its edge."""
    ny, nx = mask.shape
    seen = np.zeros_like(mask)
    count = 0
    for j0, i0 in zip(*np.nonzero(mask)):
        if seen[j0, i0]:
            continue
        stack, seen[j0, i0], edge = [(j0, i0)], True, False
        while stack:
            j, i = stack.pop()
            edge |= j in (0, ny - 1) or i in (0, nx - 1)
            for a, b in ((j + 1, i), (j - 1, i), (j, i + 1), (j, i - 1)):
                if 0 <= a < ny and 0 <= b < nx and mask[a, b] and not seen[a, b]:
                    seen[a, b] = True
                    stack.append((a, b))
        count += not edge
    return count


def test_rosenbrocks_valley_is_one_piece_at_every_level_drawn(open_site):
    opened = open_site("rosenbrock/")
    wait_until(opened.page, "document.querySelector('[data-playground]').dataset.contour", lambda c: c == "rosenbrock")
    contours = opened.page.evaluate(f"""(() => {{
      const c = {PG}.renderer.scene.contours;
      return {{levels: c.levels, min: c.min, max: c.max,
               closed: c.bands.map((b) => b.rings.reduce((n, polygon) => n + polygon.length - 1, 0))}};
    }})()""")
    # every band drawn: at most one closed ring of {f < level} (the valley round the one minimum)
    assert all(n <= 1 for n in contours["closed"]), contours["closed"]
    # CPython's grid: the 24 log levels the page starts from, and which of them keep the valley whole
    fn = opt.FUNCTIONS["rosenbrock"]
    grid = opened.page.evaluate(f"{PG}.catalog.functionsById.get('rosenbrock').grid")
    (x0, x1), (y0, y1) = fn.domain
    xx, yy = np.meshgrid(np.linspace(x0, x1, grid["nx"]), np.linspace(y0, y1, grid["ny"]))
    f = fn.value(np.stack([xx.ravel(), yy.ravel()], 1)).reshape(xx.shape)
    low, high = contours["min"], contours["max"]
    decades = min(8, max(3, math.log10(high - low) + 3))
    levels = [low + (high - low) * 10 ** (-decades + decades * k / 23) for k in range(24)]
    pieces = [closed_pieces(f < level) for level in levels]
    whole = [level for level, n in zip(levels, pieces) if n <= 1]
    print(f"rosenbrock closed pieces per level, before: {pieces}; levels drawn {len(contours['levels'])} of 24")
    assert max(pieces) > 1                                     # the grid does break the lowest levels into beads
    assert len(contours["levels"]) == len(whole) >= 10
    assert np.allclose(contours["levels"], whole, rtol=1e-9)
    opened.assert_clean()
