"""Every optimizer has a second cue besides its colour (issue 9): a dash pattern and a marker
shape from the catalog (Python), drawn on the plot, and repeated beside its name in the toggles,
the results table and the settings panel; coinciding paths stay visible as nested stripes and
the table says which runs share a path. Nothing about a toggle is hover-only."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optimizers import colors
from optimizers.presets import PRESETS, preset_settings
from pyodide_app import api

from conftest import cpython_trajectory, wait_until

CATALOG = {p["id"]: p for p in api.describe()["presets"]}

# Canvas strokes on the overlay, recorded from when this runs: "<strokeStyle>|<line dash>|<width>" ->
# count (a page-side instrument: the test sees what was drawn, not what the renderer says).
RECORD_STROKES = """
(() => {
  const strokes = new Map();
  window.__overlayStrokes = strokes;
  const stroke = CanvasRenderingContext2D.prototype.stroke;
  CanvasRenderingContext2D.prototype.stroke = function (...args) {
    if (this.canvas.classList.contains('pg-canvas-overlay')) {
      const key = `${this.strokeStyle}|${this.getLineDash().join(',')}|${this.lineWidth}`;
      strokes.set(key, (strokes.get(key) ?? 0) + 1);
    }
    return stroke.apply(this, args);
  };
})();
"""


def strokes(opened):
    """[(colour, dash array, width)] of every stroke the overlay has drawn."""
    recorded = opened.page.evaluate("[...window.__overlayStrokes.keys()]")
    out = []
    for key in recorded:
        style, dash, width = key.split("|")
        out.append((style, tuple(float(d) for d in dash.split(",")) if dash else (), float(width)))
    return out


def enabled_keys(opened):
    return opened.page.evaluate(
        "document.querySelector('[data-playground]').playground.state.entries.filter(e => e.enabled).map(e => e.key)")


def swatches(opened, selector):
    """{key: {dash, marker, color, dasharray}} of the swatches under ``selector`` (elements with data-key)."""
    return opened.page.evaluate(
        """(selector) => Object.fromEntries([...document.querySelectorAll(selector)].map((node) => {
             const svg = node.querySelector('svg.pg-cue');
             return [node.dataset.key, svg && {dash: svg.dataset.dash, marker: svg.dataset.marker,
                     hidden: svg.getAttribute('aria-hidden'),
                     color: svg.querySelector('.pg-cue-line').getAttribute('stroke'),
                     fill: svg.querySelector('.pg-cue-marker').getAttribute('fill'),
                     dasharray: svg.querySelector('.pg-cue-line').getAttribute('stroke-dasharray'),
                     marker_path: svg.querySelector('.pg-cue-marker').getAttribute('d')}];
           }))""", selector)


def wait_animation_end(opened):
    wait_until(opened.page, """(() => {
        const pg = document.querySelector('[data-playground]').playground;
        const longest = Math.max(...[...pg.runs.values()].filter(r => r && !r.error).flatMap(r => r.last_step));
        return pg.renderer.step >= longest;
      })()""", timeout=30, what="the animation to reach the end")


def test_toggles_table_and_paths_carry_each_presets_cue(open_site, matches_cpython):
    opened = open_site("")
    opened.wait_python("ready")
    opened.page.evaluate(RECORD_STROKES)    # before the click: every path's strokes are seen
    opened.click_plot(0.3, 0.4)
    opened.wait_run_done()
    wait_animation_end(opened)
    keys = enabled_keys(opened)
    assert keys == ["sgd", "momentum", "rmsprop", "adam"]
    matches_cpython(opened.results(), "two_wells", opened.page)

    # Toggles: every offered preset's swatch is the catalog's cue; no tooltip anywhere on them.
    toggles = swatches(opened, ".pg-toggle")
    assert set(toggles) == set(CATALOG)
    for key, cue in CATALOG.items():
        swatch = toggles[key]
        assert (swatch["dash"], swatch["marker"], swatch["color"], swatch["fill"]) == \
            (cue["dash"], cue["marker"], cue["color"], cue["color"]), key
        assert swatch["hidden"] == "true"
        assert (swatch["dasharray"] == "none") == (cue["dash"] == "solid"), key
    assert opened.page.evaluate("document.querySelectorAll('.pg-toggle[title], .pg-toggle [title]').length") == 0
    # the button's accessible name is still its label alone
    assert opened.page.get_by_role("button", name="Momentum", exact=True).count() == 1
    # the swatches of the four drawn presets all differ in dash pattern and in marker
    assert len({toggles[k]["dasharray"] for k in keys}) == 4
    assert len({toggles[k]["marker_path"] for k in keys}) == 4

    # The results table's optimizer cells carry the same swatches.
    table = swatches(opened, ".pg-results-table tbody tr[data-key]")
    assert set(table) == set(keys)
    for key in keys:
        assert table[key] == toggles[key], key

    # The settings panel shows each enabled optimizer's whole setting as text (what the tooltip held).
    summaries = opened.page.evaluate(
        """Object.fromEntries([...document.querySelectorAll('.pg-settings-entry')].map((s) =>
             [s.dataset.key, s.querySelector('.pg-settings-summary').textContent]))""")
    assert set(summaries) == set(keys)
    for key in keys:
        hyperparams, steps = preset_settings(key, "two_wells")
        text = summaries[key]
        assert text.startswith(f"{PRESETS[key].optimizer}(") and text.endswith(f"), {steps} steps"), text
        for name, value in hyperparams.items():
            assert f"{name}=" in text, (name, text)
        lr = float(text.split("lr=")[1].split(",")[0].split(")")[0])
        assert lr == hyperparams["lr"]
    assert opened.page.locator(".pg-settings-summary").first.is_visible()

    # The canvas: each path stroked in its colour with its swatch's dash pattern, on a casing
    # in the theme's --plot-path-casing.
    drawn = strokes(opened)
    for key in keys:
        dash = toggles[key]["dasharray"]
        expected = () if dash == "none" else tuple(float(d) for d in dash.split())
        # (the canvas keeps dash lengths as float32)
        assert any(style == CATALOG[key]["color"] and width == 2.0 and len(dash) == len(expected)
                   and np.allclose(dash, expected, rtol=1e-6) for style, dash, width in drawn), \
            (key, expected, sorted(set(drawn)))
    casing = opened.page.evaluate(
        "getComputedStyle(document.querySelector('.pg-canvas-overlay')).getPropertyValue('--plot-path-casing').trim()")
    assert casing == "#121212"
    assert any(style == casing and dash == () and width == 4.5 for style, dash, width in drawn)
    # and what the renderer says it drew agrees: one record per path, the catalog's marker
    records = opened.page.evaluate("document.querySelector('[data-playground]').playground.renderer.drawn")
    assert [(r["key"], r["marker"]) for r in records] == [(k, CATALOG[k]["marker"]) for k in keys]
    opened.assert_clean()


def pixel_polyline(points, view, plot):
    """CPython's points -> canvas pixels, as scales.js maps them."""
    (x0, x1), (y0, y1) = view
    px = plot["left"] + (points[:, 0] - x0) / (x1 - x0) * (plot["right"] - plot["left"])
    py = plot["bottom"] - (points[:, 1] - y0) / (y1 - y0) * (plot["bottom"] - plot["top"])
    return np.stack([px, py], axis=1)


def distance_to_polyline(q, line):
    """Distances from points q (M, 2) to the polyline ``line`` (K, 2)."""
    a, b = line[:-1], line[1:]
    ab = b - a
    length2 = np.maximum((ab ** 2).sum(axis=1), 1e-30)
    t = np.clip(((q[:, None, :] - a[None]) * ab[None]).sum(axis=2) / length2[None], 0, 1)
    nearest = a[None] + t[..., None] * ab[None]
    return np.sqrt(((q[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def covered(a, b, tolerance):
    """Every point along a (densely sampled) within ``tolerance`` of b."""
    samples = [a[:1]]
    for p, q in zip(a[:-1], a[1:]):
        pieces = max(1, math.ceil(np.hypot(*(q - p)) / (tolerance / 2)))
        samples.append(p + (q - p) * (np.arange(1, pieces + 1)[:, None] / pieces))
    return distance_to_polyline(np.concatenate(samples), b).max() <= tolerance


def same_path(a, b, tolerance):
    """path-overlap.js's rule, on CPython's pixels: a and b end within ``tolerance`` of each other
    and one covers the other."""
    return (np.hypot(*(a[-1] - b[-1])) <= tolerance
            and (covered(a, b, tolerance) or covered(b, a, tolerance)))


def page_lines(opened, keys, start):
    """{key: CPython's path from ``start`` on rastrigin, in the page's canvas pixels}."""
    view, plot = opened.page.evaluate("""(() => {
        const r = document.querySelector('[data-playground]').playground.renderer;
        return [r.scene.view, r.scales.plot];
      })()""")
    lines = {key: pixel_polyline(cpython_trajectory("rastrigin", key, start).points[:, 0, :], view, plot)
             for key in keys}
    return {key: line[np.isfinite(line).all(axis=1)] for key, line in lines.items()}


def same_path_notes(opened):
    """{key: [note text, data-same-as] or None} of the results table's rows."""
    return opened.page.evaluate(
        """Object.fromEntries([...document.querySelectorAll('.pg-results-table tbody tr[data-key]')].map((tr) => {
             const note = tr.querySelector('.pg-same-path');
             return [tr.dataset.key, note && [note.textContent, note.dataset.sameAs]];
           }))""")


def test_a_path_that_only_passes_over_others_is_not_called_the_same(open_site, matches_cpython):
    # The case: Momentum's first steps run over the short routes of SGD, RMSProp and Adam
    # into the next well, and it ends two wells away; every row used to say "same path as …".
    start = (-1.8432, -2.1504)
    opened = open_site("rastrigin/#s=-1.8432,-2.1504", wait_contour=False)
    opened.wait_ready_and_run()
    wait_animation_end(opened)
    rows = opened.results()
    keys = [row["key"] for row in rows]
    assert keys == ["sgd", "momentum", "rmsprop", "adam"]
    matches_cpython(rows, "rastrigin", opened.page)
    lines = page_lines(opened, keys, start)
    assert all(covered(lines[key], lines["momentum"], 2.0) for key in ("sgd", "rmsprop", "adam"))
    assert not any(same_path(lines[key], lines["momentum"], 2.0) for key in ("sgd", "rmsprop", "adam"))
    assert same_path_notes(opened) == {
        "sgd": ["same path as RMSProp and Adam", "rmsprop adam"],
        "momentum": None,
        "rmsprop": ["same path as SGD and Adam", "sgd adam"],
        "adam": ["same path as SGD and RMSProp", "sgd rmsprop"],
    }
    records = {r["key"]: r for r in opened.page.evaluate(
        "document.querySelector('[data-playground]').playground.renderer.drawn")}
    assert records["momentum"]["size"] == 1
    opened.assert_clean()


def test_coinciding_paths_on_rastrigin_all_show_and_the_table_says_so(open_site, matches_cpython):
    start = (3.3, -2.2)
    opened = open_site("rastrigin/#s=3.3,-2.2", wait_contour=False)
    opened.wait_ready_and_run()
    wait_animation_end(opened)
    rows = opened.results()
    keys = [row["key"] for row in rows]
    assert keys == ["sgd", "momentum", "rmsprop", "adam"]
    matches_cpython(rows, "rastrigin", opened.page)

    # Which runs share a route, from CPython's own paths mapped to the page's pixels.
    lines = page_lines(opened, keys, start)
    same = {(a, b) for a in keys for b in keys if a != b and same_path(lines[a], lines[b], 2.0)}
    # three of the four take the same route (as the issue found): SGD, RMSProp and Adam
    assert same == {(a, b) for a in ("sgd", "rmsprop", "adam") for b in ("sgd", "rmsprop", "adam") if a != b}

    # The table says it, in the optimizer cell of each of them, and not for Momentum.
    assert same_path_notes(opened) == {
        "sgd": ["same path as RMSProp and Adam", "rmsprop adam"],
        "momentum": None,
        "rmsprop": ["same path as SGD and Adam", "sgd adam"],
        "adam": ["same path as SGD and RMSProp", "sgd rmsprop"],
    }

    # Drawn as nested stripes: the first drawn widest, the last at the plain width.
    records = {r["key"]: r for r in opened.page.evaluate(
        "document.querySelector('[data-playground]').playground.renderer.drawn")}
    widths = [records[k]["width"] for k in ("sgd", "rmsprop", "adam")]
    assert widths[0] > widths[1] > widths[2] == 2
    assert records["momentum"]["width"] == 2 and records["momentum"]["size"] == 1

    # Every path shows on the canvas: pixels of each colour, the ones underneath included, and
    # each of the three found around their shared route (their stripes and nested markers).
    shown = {key: opened.overlay_pixels_near(CATALOG[key]["color"], tolerance=10) for key in keys}
    assert all(count > 10 for count in shown.values()), shown   # (a marker alone is ~15 at 1x)
    dpr = opened.page.evaluate("window.devicePixelRatio")
    route = lines["sgd"]
    (left, top), (right, bottom) = route.min(axis=0) - 12, route.max(axis=0) + 12
    around = opened.page.evaluate(
        """([box, dpr]) => {
             const canvas = document.querySelector('.pg-canvas-overlay');
             const [x, y, w, h] = box.map((v) => Math.round(v * dpr));
             return [...canvas.getContext('2d').getImageData(x, y, w, h).data];
           }""", [[float(left), float(top), float(right - left), float(bottom - top)], dpr])
    pixels = {tuple(around[i:i + 3]) for i in range(0, len(around), 4) if around[i + 3] > 250}
    found = {key for key in ("sgd", "rmsprop", "adam")
             if any(colors.difference(CATALOG[key]["color"], "#%02x%02x%02x" % p) < 5 for p in pixels)}
    assert found == {"sgd", "rmsprop", "adam"}
    opened.assert_clean()



def test_nothing_is_said_only_in_a_tooltip(open_site):
    """What a tooltip used to hold is on screen: every setting's meaning (Python's description) under
    "More settings", and what each ending in the table means; no control of the playground carries
    a title that says more than its visible name (the exact numbers of the table's cells, in their
    title, are also in data-value and the CSV/JSON downloads)."""
    opened = open_site("#s=0.5,1")
    opened.wait_python("ready")
    opened.wait_run_done()
    page = opened.page
    entry = page.locator('.pg-settings-entry[data-key="adam"]')
    entry.locator("summary", has_text="More settings").click()
    shown = entry.locator(".pg-settings-help").evaluate(
        """(list) => [...list.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])""")
    adam = next(o for o in api.describe()["optimizers"] if o["id"] == "adam")
    assert shown == [[s["name"], s["description"]] for s in adam["settings"] if s.get("description")]
    endings = set(page.evaluate(
        "[...document.querySelectorAll('.pg-results-table td[data-col=status]')].map((td) => td.dataset.outcome)"))
    assert endings
    note = page.locator(".pg-endings-note p").text_content()   # (folded under "What the endings mean")
    assert note.startswith("How it ended:"), note
    words = {"converged": "converged:", "still-moving": "still moving:", "diverged": "diverged:", "left-view": "left the view:"}
    for key, word in words.items():   # every ending's meaning, always (none is given away before its row shows)
        assert word in note, (key, endings, note)
    titled = page.evaluate("""[...document.querySelectorAll('[data-playground] [title]')].map((node) => ({
        title: node.title, text: node.textContent.trim(), label: node.getAttribute('aria-label') ?? '',
        value: node.dataset.value ?? null}))""")
    extra = [t for t in titled if t["title"] not in (t["text"], t["label"], t["value"])
             and not t["title"].startswith((t["label"] or "\0", t["text"] or "\0"))]
    assert not extra, extra
