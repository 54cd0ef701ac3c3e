"""The 3-D view (issue 19) in headless Chromium with software WebGL (SwiftShader, which Debian's
Chromium gives even with ``--disable-gpu``): the switch draws the surface in the contour's colours, a
click on the surface starts runs from the point under it (the table equals CPython's ``api.run``),
a cold link with ``g=3d`` opens in 3-D, the playback moves the markers on the surface, the keys turn
and zoom it, the PNG is the 3-D picture, and where WebGL is missing the switch says so and the
contour stays. The 3-D code is fetched only when the view is opened, and the entry bundle holds no
three.js. Points on screen come from the view's test hooks (``plot3d.screenPoint(x, y)``, the
surface's point over (x, y) in client px; ``plot3d.markerPositions()``), never from guessed pixels.
"""

from __future__ import annotations

import math
import re
import time

from conftest import wait_until
from test_links import assert_same_table, cpython_table, table

PG = "document.querySelector('[data-playground]').playground"
NO_WEBGL = """(() => {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    return /webgl/i.test(kind) ? null : original.call(this, kind, ...rest);
  };
})();"""


def wait_surface(opened, function_id="two_wells"):
    wait_until(opened.page, "document.querySelector('.pg-plot').dataset.surface || ''",
               lambda v: v == function_id, 60, what="the 3-D surface")
    # and rendered: no frame is due (the view renders once per change, at the next animation frame)
    wait_until(opened.page, f"{PG}.plot3d.frames > 0 && !{PG}.plot3d.due", timeout=20,
               what=f"a 3-D frame (errors so far: {opened.page_errors + opened.console_errors})")


def linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def colour_pairs(opened, points):
    """For each (x, y): the 3-D canvas's pixel at the surface's point over it (rendered and read in
    one task) and the contour canvas's pixel at (x, y) (still drawn under the hidden layer)."""
    return opened.page.evaluate(
        """([pg, points]) => {
          const view = pg.plot3d, gl = view.canvas;
          view.render();
          const copy = document.createElement('canvas');
          copy.width = gl.width; copy.height = gl.height;
          const c3 = copy.getContext('2d');
          c3.drawImage(gl, 0, 0);
          const rect = gl.getBoundingClientRect(), k = gl.width / rect.width;
          const base = pg.renderer.base, b2 = base.getContext('2d'), dpr = pg.renderer.dpr, s = pg.renderer.scales;
          return points.map(([x, y]) => {
            const p = view.screenPoint(x, y);
            if (!p) return null;
            const px = Math.round((p.x - rect.left) * k), py = Math.round((p.y - rect.top) * k);
            const a = [...c3.getImageData(px, py, 1, 1).data].slice(0, 3);
            const b = [...b2.getImageData(Math.round(s.x(x) * dpr), Math.round(s.y(y) * dpr), 1, 1).data].slice(0, 3);
            return [a, b];
          });
        }""", [opened.page.evaluate_handle(PG), points])


def shaded_like(a, b) -> bool:
    """The 3-D pixel ``a`` is the contour's colour ``b`` under some light (the same colour in linear
    light, times one factor for all three channels)."""
    la, lb = [linear(c) for c in a], [linear(c) for c in b]
    scale = sum(x * y for x, y in zip(la, lb)) / max(1e-9, sum(y * y for y in lb))
    error = math.sqrt(sum((x - scale * y) ** 2 for x, y in zip(la, lb)))
    return 0.3 < scale < 1.4 and error <= 0.06 * max(1e-3, math.sqrt(sum(x * x for x in la))) + 0.004


def test_the_switch_draws_the_surface_in_the_contour_colours_and_a_click_starts_there(open_site):
    opened = open_site("")
    page = opened.page
    chunks = []
    page.on("request", lambda request: "/chunks/view-" in request.url and chunks.append(request.url))
    switch = page.get_by_role("button", name="3-D", exact=True)
    assert switch.get_attribute("aria-pressed") == "false"
    assert not chunks, "the 3-D code was fetched before the view was opened"
    switch.click()
    wait_surface(opened)
    assert len(chunks) == 1 and switch.get_attribute("aria-pressed") == "true"
    assert "g=3d" in page.evaluate("location.hash")
    assert page.locator(".pg-canvas-3d").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.pg-canvas-overlay')).visibility") == "hidden"
    # the colours: over a lattice of the view, the 3-D pixel is the contour's colour, lit
    lattice = [[-1.8 + 0.3 * i, -1.8 + 0.3 * j] for i in range(13) for j in range(13)]
    pairs = [pair for pair in colour_pairs(opened, lattice) if pair]
    assert len(pairs) > 150
    matching = [b for a, b in pairs if shaded_like(a, b)]
    assert len(matching) >= 0.75 * len(pairs), f"{len(matching)} of {len(pairs)} pixels follow the colour map"
    assert len({tuple(b) for b in matching}) >= 12, "the surface shows too few of the colour map's colours"
    # not blank: the pixels differ from one another
    assert len({tuple(a) for a, _ in pairs}) > 50

    # a click on the surface at a known point starts every enabled optimizer there
    opened.wait_python("ready")
    target = (-0.6, 0.45)
    point = page.evaluate(f"{PG}.plot3d.screenPoint({target[0]}, {target[1]})")
    assert page.evaluate(f"{PG}.plot3d.pick({point['x']}, {point['y']})") is not None
    page.mouse.click(point["x"], point["y"])
    opened.wait_run_done()
    state = page.evaluate(f"{PG}.state")
    [[x, y]] = state["starts"]
    assert abs(x - target[0]) <= 0.01 * 4 and abs(y - target[1]) <= 0.01 * 4, (x, y)
    assert_same_table(table(opened), cpython_table(state))
    assert sorted(opened.drawn_paths()) == sorted(e["key"] for e in state["entries"] if e["enabled"])
    assert len(page.evaluate(f"{PG}.plot3d.markerPositions()")) == 4
    # off again: the contour is back, the link forgets g
    switch.click()
    wait_until(page, "document.querySelectorAll('.pg-canvas-3d').length", lambda n: n == 0, 10)
    assert page.evaluate("getComputedStyle(document.querySelector('.pg-canvas-overlay')).visibility") == "visible"
    assert "g=3d" not in page.evaluate("location.hash")
    opened.assert_clean()


def scrub(page, step: int) -> None:
    page.evaluate("""(step) => {
      const scrubber = document.querySelector('.pg-scrubber');
      scrubber.value = String(step);
      scrubber.dispatchEvent(new Event('input', {bubbles: true}));
      scrubber.dispatchEvent(new Event('change', {bubbles: true}));
    }""", step)


def markers_at(opened, step: int):
    """Each marker's client position, once the 3-D view drew step ``step``."""
    page = opened.page
    wait_until(page, f"{PG}.plot3d.paths.step", lambda s: s == step, 10, what=f"the markers at step {step}")
    return {m["key"]: (m["x"], m["y"]) for m in page.evaluate(f"{PG}.plot3d.markerPositions()")}


def expected_marker(opened, key: str, step: int):
    """Where the run's point at ``step`` (the page's run, which equals CPython's) is on the surface."""
    return opened.page.evaluate(
        """([pg, key, step]) => {
          const run = pg.runs.get(key), k = Math.min(step, run.last_step[0]);
          return pg.plot3d.screenPoint(run.points[2 * k * run.n], run.points[2 * k * run.n + 1]);
        }""", [opened.page.evaluate_handle(PG), key, step])


def test_a_cold_link_opens_in_3d_and_playback_keys_and_png_follow(open_site):
    opened = open_site("#g=3d&s=0.7,-0.9&t=3,150")
    page = opened.page
    wait_surface(opened)
    assert page.get_by_role("button", name="3-D", exact=True).get_attribute("aria-pressed") == "true"
    opened.wait_ready_and_run()
    state = page.evaluate(f"{PG}.state")
    assert state["plotKind"] == "3d"
    assert_same_table(table(opened), cpython_table(state))
    # the playback bar moves the markers, each to its run's point at that step
    early = markers_at(opened, 3)
    scrub(page, 40)
    late = markers_at(opened, 40)
    assert sorted(early) == sorted(late) == ["adam", "momentum", "rmsprop", "sgd"]
    for key in early:
        for step, where in ((3, early[key]), (40, late[key])):
            want = expected_marker(opened, key, step)
            assert math.dist(where, (want["x"], want["y"])) < 8, (key, step, where, want)
    assert sum(math.dist(early[k], late[k]) > 3 for k in early) >= 3, (early, late)

    # keys on the focused view: an arrow turns it, + zooms in, "Reset camera" goes back
    def surface_point():
        p = page.evaluate(f"{PG}.plot3d.screenPoint(0, 0)")
        return (p["x"], p["y"])

    def spread():
        a = page.evaluate(f"{PG}.plot3d.screenPoint(-1.5, -1.5)")
        b = page.evaluate(f"{PG}.plot3d.screenPoint(1.5, 1.5)")
        return math.dist((a["x"], a["y"]), (b["x"], b["y"]))

    first, first_spread = surface_point(), spread()
    page.locator(".pg-canvas-3d").focus()
    page.keyboard.press("ArrowLeft")
    turned = surface_point()
    page.keyboard.press("+")
    assert spread() > first_spread * 1.05
    assert math.dist(turned, first) > 2 or spread() != first_spread
    page.get_by_role("button", name="Reset camera").click()
    assert math.dist(surface_point(), first) < 1 and abs(spread() - first_spread) < 1

    # no scroll trap in 3-D either: a plain wheel over the surface scrolls the page and leaves the
    # camera, with the hint; Ctrl + wheel zooms
    def on_canvas():   # the surface's point in the canvas's own pixels (the page scrolls below)
        p = page.evaluate(f"""(() => {{ const p = {PG}.plot3d.screenPoint(0, 0);
            const r = {PG}.plot3d.canvas.getBoundingClientRect(); return [p.x - r.left, p.y - r.top]; }})()""")
        return tuple(p)

    before = on_canvas()
    box = page.locator(".pg-canvas-3d").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    scrolled = page.evaluate("scrollY")
    page.mouse.wheel(0, 240)
    wait_until(page, "scrollY", lambda y: y > scrolled, timeout=5, what="the page to scroll")
    assert math.dist(on_canvas(), before) < 1 and abs(spread() - first_spread) < 1
    assert page.locator(".pg-wheel-hint").get_attribute("data-shown") == "true"
    box = page.locator(".pg-canvas-3d").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -240)
    page.keyboard.up("Control")
    wait_until(page, f"{PG}.plot3d.screenPoint(1.5, 1.5).x", lambda _: spread() > first_spread * 1.02, timeout=5,
               what="Ctrl + wheel to zoom the 3-D view")
    page.get_by_role("button", name="Reset camera").click()

    # "Download PNG" gives the 3-D picture (its size is the 3-D canvas's, with the title and legend)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("PNG")).click()
    png = open(info.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    canvas = page.evaluate(f"[{PG}.plot3d.canvas.width, {PG}.plot3d.canvas.height]")
    assert width == canvas[0] and height > canvas[1]
    opened.assert_clean()


def test_without_webgl_the_switch_explains_and_the_contour_stays(open_site, site_url):
    opened = open_site("")
    page = opened.page
    chunks = []
    page.on("request", lambda request: "/chunks/view-" in request.url and chunks.append(request.url))
    page.add_init_script(NO_WEBGL)
    page.goto(site_url + "?webgl=off#g=3d&s=0.5,0.5")   # a new document, with WebGL gone, from a 3-D link
    wait_until(page, "performance.getEntriesByName('op:contour-drawn').length", timeout=60)
    note = page.locator(".pg-3d-note")
    wait_until(page, "document.querySelector('.pg-3d-note')?.textContent || ''", lambda t: "WebGL" in t, 10)
    assert note.is_visible()
    switch = page.get_by_role("button", name="3-D", exact=True)
    assert switch.get_attribute("aria-disabled") == "true" and switch.get_attribute("aria-pressed") == "false"
    wait_until(page, f"{PG}.state.plotKind", lambda kind: kind == "contour", 10)
    wait_until(page, "location.hash", lambda h: "g=3d" not in h and "s=0.5" in h, 10)
    switch.click(force=True)   # (aria-disabled: Playwright would wait for it to be enabled)
    time.sleep(0.3)
    assert page.evaluate(f"{PG}.state.plotKind") == "contour"
    assert page.locator(".pg-canvas-3d").count() == 0 and page.locator(".pg-canvas-overlay").is_visible()
    assert not chunks, "the 3-D code was fetched though WebGL is missing"
    # the contour still works: the link's start runs
    opened.wait_ready_and_run()
    assert len(opened.results()) == 4
    opened.assert_clean()


def test_the_entry_bundle_holds_no_three_js(built_site):
    app = built_site / "assets" / "app"
    entry = (app / "main.js").read_text()
    statically = re.findall(r'from"\./(chunks/[^"]+)"|import"\./(chunks/[^"]+)"', entry)
    first_paint = [entry] + [(app / (a or b)).read_text() for a, b in statically]
    for text in first_paint:
        assert "WebGLRenderer" not in text and "Three.js Authors" not in text
    chunks = {path.name: path.read_text() for path in (app / "chunks").glob("*.js")}
    three = [name for name, text in chunks.items() if "Three.js Authors" in text]
    assert len(three) == 1 and three[0].startswith("view-"), sorted(chunks)
    assert "== three 0.187.0 ==" in (built_site / "assets" / "vendor" / "LICENSES.txt").read_text()
    # the service worker keeps it for offline use like every file
    assert f"assets/app/chunks/{three[0]}" in (built_site / "sw.js").read_text()


def test_a_basin_map_colours_the_surface(open_site):
    opened = open_site("#g=3d&r=50")
    page = opened.page
    wait_surface(opened)
    opened.wait_python("ready")
    lattice = [[-1.7 + 0.34 * i, -1.7 + 0.34 * j] for i in range(11) for j in range(11)]
    before = colour_pairs(opened, lattice)
    page.get_by_role("button", name="Basin map").click()
    wait_until(page, "document.querySelector('[data-playground]').dataset.basins", lambda s: s == "done", 120,
               what="the basin maps")
    wait_until(page, f"{PG}.plot3d.frames > 0 && !{PG}.plot3d.due", timeout=20)
    after = [pair for pair in colour_pairs(opened, lattice) if pair]
    # the contour under the hidden layer now shows the map, and the surface wears the same colours
    assert sum(a != b for (a, _), (b, _) in zip(before, after)) > 0.5 * len(after)
    assert sum(shaded_like(a, b) for a, b in after) >= 0.75 * len(after)
    opened.assert_clean()


def test_a_tap_on_a_touch_screen_starts_there(browser, site_url):
    from conftest import site_only_context
    context = site_only_context(browser, site_url, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                is_mobile=True, has_touch=True)
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.goto(site_url + "#g=3d")
        wait_until(page, "document.querySelector('.pg-plot')?.dataset.surface || ''", lambda v: v == "two_wells", 60)
        wait_until(page, "document.documentElement.dataset.python", lambda s: s == "ready", 90)
        page.locator(".pg-canvas-3d").scroll_into_view_if_needed()
        wait_until(page, f"{PG}.plot3d.frames > 0 && !{PG}.plot3d.due", timeout=20)
        target = (0.3, -0.5)
        point = page.evaluate(f"{PG}.plot3d.screenPoint({target[0]}, {target[1]})")
        page.touchscreen.tap(point["x"], point["y"])
        wait_until(page, "document.querySelector('[data-playground]').dataset.run", lambda s: s == "done", 60)
        state = page.evaluate(f"{PG}.state")
        [[x, y]] = state["starts"]
        assert abs(x - target[0]) <= 0.04 and abs(y - target[1]) <= 0.04, (x, y)

        class Opened:   # what table() reads
            pass
        shown = Opened()
        shown.page = page
        assert_same_table(table(shown), cpython_table(state))
        assert not errors and not context.outside, (errors, context.outside)
    finally:
        context.close()
