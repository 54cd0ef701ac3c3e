"""Cold and warm loads of the built site in headless Chromium, beside bare reference pages; basin maps.

    .venv/bin/python bench/site.py [--runs 3] [--site site] [--page ""] [--only loads|basins]

The site is copied to a temporary folder (a rebuild of ``site/`` cannot change it mid-run), and
``bench/bare_pages.py`` writes two bare pages into the copy, so they are same-origin with it and
load the very same files. Everything is served on 127.0.0.1; requests to any other origin are
aborted and listed.

Each run, in fresh browser contexts (service workers blocked, HTTP cache disabled):
- our page: waits for Python, clicks the plot, and reads the performance marks
  (``op:contour-drawn``, ``op:python-ready``, ``op:click``, ``op:first-frame``,
  ``op:table-filled``);
- the bare contour page (``bare:contour-drawn``) and the bare Pyodide page (``bare:python-ready``);
- warm: one context with service workers allowed opens our page, waits for ``data-python`` and
  ``data-offline`` to be "ready" and for the worker's ``…|python-snapshot`` cache (up to 60 s),
  then opens ``rastrigin/`` and reads its ``op:python-ready`` (from its navigation start).
It prints medians and ranges of: time to the first contour, time to Python ready, click to the
first drawn frame, click to the filled results table, bytes transferred; then the table of
ratios against the aims (first contour / bare contour <= 1.5, Python ready / bare Pyodide
<= 1.1, warm ready / cold ready <= 0.6).

Basin maps, each run in a fresh context once Python is ready: the "Basin map" button for the four
default optimizers on two wells at 200 x 200 (their 2018 settings and steps), timed from the
button (``op:basins-start``) to the table (``op:basins-done``), with the longest main-thread task
meanwhile (Long Tasks API: only tasks of 50 ms or more are reported; aim: none); then the same
``pyodide_app.api.basins`` call in this CPython process, and the ratio browser / CPython (aims:
Pyodide at most 2.5 x CPython, and the four maps in the browser under CPython's 1.0 s measured
before the basin work was optimised). Builds the site first when it is missing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "bench"))

from bare_pages import CONTOUR_PAGE, PYTHON_PAGE, write_bare_pages  # noqa: E402
from serve import serve_in_background  # noqa: E402  (scripts/serve.py)
from site_basins import BASIN_RESOLUTION, basins_in_cpython, report_basins  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MARKS = ["op:contour-drawn", "op:python-ready", "op:click", "op:first-frame", "op:table-filled"]
PLOT = ".playground .pg-canvas-overlay"
TIMEOUT_SECONDS = 120
SNAPSHOT_SECONDS = 60
WARM_PAGE = "rastrigin/"
AIMS = [  # (figure, ours key, bare key, aim)
    ("first contour / bare contour", "first contour", "bare contour", 1.5),
    ("Python ready / bare Pyodide", "python ready", "bare python", 1.1),
    ("warm ready / cold ready", "warm ready", "python ready", 0.6),
]


def wait_for(page, expression: str, seconds: float = TIMEOUT_SECONDS):
    """Poll with page.evaluate (the page's CSP blocks wait_for_function's string predicates)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"waited {seconds} s for {expression}")


def marks(page) -> dict:
    return {m["name"]: m["startTime"] for m in
            page.evaluate("performance.getEntriesByType('mark').map(m => ({name: m.name, startTime: m.startTime}))")}


def mark_time(page, name: str, seconds: float = TIMEOUT_SECONDS) -> float:
    """The start time of mark ``name`` (ms from the navigation start), polling until it exists."""
    return wait_for(page, f"(performance.getEntriesByName({name!r})[0] || {{}}).startTime", seconds)


class Session:
    """A fresh browser context and page on ``origin``: other origins aborted and listed, bytes counted."""

    def __init__(self, browser, origin: str, *, service_workers: str, cache_disabled: bool):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers=service_workers)
        self.outside: list[str] = []
        self.finished = []
        self.context.route(re.compile("^(?!" + re.escape(origin) + ")"), self._abort)
        self.page = self.context.new_page()
        if cache_disabled:
            cdp = self.context.new_cdp_session(self.page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.page.on("requestfinished", lambda request: self.finished.append(request))
        self.page.on("request", lambda request: None if request.url.startswith((origin, "blob:", "data:"))
                     else self.outside.append(request.url))

    def _abort(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def transferred(self) -> int:
        total = 0
        for request in self.finished:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def close(self) -> None:
        self.context.close()


def worker_timeline(page) -> list[tuple[str, float, float]]:
    """(file, start, end) in ms from the page's navigation start, for the files the page's workers fetched."""
    rows = []
    origin = page.evaluate("performance.timeOrigin")
    for worker in page.workers:
        try:
            offset = worker.evaluate("performance.timeOrigin") - origin
            entries = worker.evaluate(
                "performance.getEntriesByType('resource').map(e => [e.name, e.startTime, e.responseEnd])")
        except Exception:  # noqa: BLE001 (a worker that is gone has nothing to say)
            continue
        rows += [(name.rsplit("/", 1)[-1], offset + start, offset + end) for name, start, end in entries]
    return sorted(rows, key=lambda row: row[1])


def open_with_python(page, url: str, what: str) -> None:
    """Open ``url`` and wait until Python is ready there (failing with `what` when it fails)."""
    page.goto(url)
    wait_for(page, "['ready', 'failed'].includes(document.documentElement.dataset.python)")
    state = page.evaluate("document.documentElement.dataset.python")
    if state != "ready":
        raise RuntimeError(f"Python did not start {what}: data-python={state}")


def cold_ours(browser, origin: str, url: str) -> dict:
    session = Session(browser, origin, service_workers="block", cache_disabled=True)
    page = session.page
    try:
        open_with_python(page, url, "on a cold load")
        wait_for(page, "performance.getEntriesByName('op:contour-drawn').length > 0", 10)
        timeline = worker_timeline(page)
        plot = page.locator(PLOT).first
        box = plot.bounding_box()
        plot.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.35})
        wait_for(page, "performance.getEntriesByName('op:table-filled').length > 0")
        found = marks(page)
        transferred = session.transferred()
        requests = len(session.finished)
    finally:
        session.close()
    return {
        "first contour": found.get("op:contour-drawn"),
        "python ready": found.get("op:python-ready"),
        "click to first frame": found["op:first-frame"] - found["op:click"] if "op:first-frame" in found else None,
        "click to table": found["op:table-filled"] - found["op:click"],
        "bytes": transferred,
        "requests": requests,
        "outside": session.outside,
        "timeline": timeline,
    }


def cold_bare(browser, origin: str, url: str, mark: str) -> tuple[float, list[str]]:
    session = Session(browser, origin, service_workers="block", cache_disabled=True)
    try:
        session.page.goto(url)
        if mark == "bare:python-ready":
            wait_for(session.page, "['ready', 'failed'].includes(document.documentElement.dataset.python)")
            if session.page.evaluate("document.documentElement.dataset.python") != "ready":
                raise RuntimeError("the bare Pyodide page failed to start Python")
        value = mark_time(session.page, mark)
    finally:
        session.close()
    return value, session.outside


SNAPSHOT_JS = """caches.keys().then(async (names) => {
  const name = names.find((n) => n.endsWith("|python-snapshot"));
  if (!name) return null;
  const keys = await (await caches.open(name)).keys();
  return keys.length;
})"""


def warm(browser, origin: str, base: str) -> dict:
    """Our page once with the service worker, then ``rastrigin/``: its time to Python ready."""
    session = Session(browser, origin, service_workers="allow", cache_disabled=False)
    page = session.page
    try:
        open_with_python(page, base, "on the first (warming) visit")
        wait_for(page, "document.documentElement.dataset.offline === 'ready'")
        began = time.monotonic()
        snapshot = False
        while time.monotonic() - began < SNAPSHOT_SECONDS:
            if (page.evaluate(SNAPSHOT_JS) or 0) >= 1:
                snapshot = True
                break
            time.sleep(0.25)
        snapshot_wait = time.monotonic() - began
        page.goto(base + WARM_PAGE)
        ready = mark_time(page, "op:python-ready")
        controlled = page.evaluate("navigator.serviceWorker.controller !== null")
        contour = mark_time(page, "op:contour-drawn", 10)
        timeline = worker_timeline(page)
        dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    finally:
        session.close()
    return {"warm ready": ready, "warm contour": contour, "snapshot": snapshot, "snapshot wait": snapshot_wait,
            "controlled": controlled, "timeline": timeline, "dcl": dcl, "outside": session.outside}


LONG_TASKS = """
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(
    ...list.getEntries().map((e) => ({start: e.startTime, duration: e.duration})))).observe({type: "longtask", buffered: true});
"""


def basins_in_browser(browser, origin: str, url: str) -> dict:
    session = Session(browser, origin, service_workers="block", cache_disabled=False)
    page = session.page
    page.add_init_script(LONG_TASKS)
    try:
        open_with_python(page, url, "before the basin maps")
        page.get_by_label("Lattice").select_option(str(BASIN_RESOLUTION))
        page.get_by_role("button", name="Basin map").click()
        wait_for(page, "['done', 'failed'].includes(document.querySelector('[data-playground]').dataset.basins)")
        if page.evaluate("document.querySelector('[data-playground]').dataset.basins") != "done":
            raise RuntimeError(page.locator(".pg-basins").inner_text())
        found = marks(page)
        began, done = found["op:basins-start"], found["op:basins-done"]
        tasks = [t["duration"] for t in page.evaluate("window.__longTasks") if began <= t["start"] <= done]
        fractions = page.evaluate("""Object.fromEntries([...document.querySelectorAll('.pg-basins-fractions tr[data-key]')]
            .map((tr) => [tr.dataset.key, Number(tr.querySelector('[data-col="global-fraction"]').dataset.value)]))""")
    finally:
        session.close()
    return {"seconds": (done - began) / 1000, "longest task": max(tasks, default=0.0), "long tasks": len(tasks),
            "fractions": fractions, "outside": session.outside}


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f} ms ({min(values):.0f}-{max(values):.0f})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--page", default="", help="path under the site, e.g. rastrigin/ (for our cold loads)")
    parser.add_argument("--only", choices=("loads", "basins"), help="run only the load or the basin-map benchmark")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "assets" / "data" / "catalog.json").exists():
        import build
        print(f"building {site} first …", file=sys.stderr)
        build.build(build.BuildConfig(out=site))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="op-bench-") as temp:
        copy = Path(temp) / "site"
        shutil.copytree(site, copy)
        write_bare_pages(copy)
        server, base = serve_in_background(copy)
        origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(base))
        results, figures, warms, outside = [], {}, [], set()
        basin_runs, cpython_basin_runs = [], []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for run in range(args.runs if args.only != "loads" else 0):
                    basin_runs.append(basins_in_browser(browser, origin, base))
                    outside.update(basin_runs[-1]["outside"])
                    cpython_basin_runs.append(basins_in_cpython())
                    print(f"basins run {run + 1}: browser {basin_runs[-1]['seconds']:.2f} s (longest task "
                          f"{basin_runs[-1]['longest task']:.0f} ms), CPython {cpython_basin_runs[-1]['seconds']:.2f} s",
                          file=sys.stderr)
                for run in range(args.runs if args.only != "basins" else 0):
                    result = cold_ours(browser, origin, base + args.page)
                    results.append(result)
                    outside.update(result["outside"])
                    contour, seen = cold_bare(browser, origin, base + CONTOUR_PAGE, "bare:contour-drawn")
                    outside.update(seen)
                    python, seen = cold_bare(browser, origin, base + PYTHON_PAGE, "bare:python-ready")
                    outside.update(seen)
                    figures.setdefault("bare contour", []).append(contour)
                    figures.setdefault("bare python", []).append(python)
                    w = warm(browser, origin, base)
                    warms.append(w)
                    outside.update(w["outside"])
                    figures.setdefault("warm ready", []).append(w["warm ready"])
                    print(f"run {run + 1}: " + ", ".join(
                        f"{k} {v:.0f} ms" for k, v in result.items()
                        if k not in ("bytes", "requests", "outside", "timeline") and v)
                          + f", {result['bytes'] / 1e6:.2f} MB in {result['requests']} requests"
                          + f"; bare contour {contour:.0f} ms, bare python {python:.0f} ms"
                          + f"; warm ready {w['warm ready']:.0f} ms (contour {w['warm contour']:.0f} ms, "
                          + f"DOMContentLoaded {w['dcl']:.0f} ms, snapshot "
                          + (f"found after {w['snapshot wait']:.1f} s" if w["snapshot"] else
                             f"NOT found in {SNAPSHOT_SECONDS} s")
                          + f", page {'controlled' if w['controlled'] else 'NOT controlled'} by the service worker)",
                          file=sys.stderr)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    if basin_runs:
        report_basins(basin_runs, cpython_basin_runs)
    if not results:
        print(f"requests outside the origin: {sorted(outside) or 'none'}")
        return 1 if outside else 0
    print(f"\nsite {base + args.page}: medians over {len(results)} cold loads "
          "(fresh context, cache disabled, service workers blocked)")
    print(f"{'figure':<24}{'median':>12}{'min':>12}{'max':>12}")
    for name in ["first contour", "python ready", "click to first frame", "click to table"]:
        values = [r[name] for r in results if r[name] is not None]
        if values:
            print(f"{name:<24}{statistics.median(values):>9.0f} ms{min(values):>9.0f} ms{max(values):>9.0f} ms")
    sizes = [r["bytes"] / 1e6 for r in results]
    print(f"{'bytes transferred':<24}{statistics.median(sizes):>9.2f} MB{min(sizes):>9.2f} MB{max(sizes):>9.2f} MB")
    for name in ["first contour", "python ready"]:
        figures[name] = [r[name] for r in results if r[name] is not None]

    print(f"\nagainst bare pages and warm loads (median over {len(results)} runs, range in brackets)")
    print("ratio: of the medians (decides 'met'); paired: median of the runs' own ratios, each run's two figures "
          "measured back to back (less sensitive to the load of the shared machine drifting)")
    print(f"{'figure':<30}{'ours':>24}{'bare / cold':>24}{'ratio':>8}{'paired':>8}{'aim':>8}  met")
    for label, ours_key, bare_key, aim in AIMS:
        ours, bare = figures.get(ours_key), figures.get(bare_key)
        if not ours or not bare:
            print(f"{label:<30}{'(no data)':>24}")
            continue
        ratio = statistics.median(ours) / statistics.median(bare)
        paired = statistics.median(o / b for o, b in zip(ours, bare)) if len(ours) == len(bare) else float("nan")
        print(f"{label:<30}{spread(ours):>24}{spread(bare):>24}{ratio:>8.2f}{paired:>8.2f}"
              f"{'<= ' + format(aim, '.1f'):>8}  " + ("yes" if ratio <= aim else "NO"))
    found = sum(w["snapshot"] for w in warms)
    print(f"warm: Python heap snapshot cache found in {found} of {len(warms)} runs"
          + ("" if found == len(warms) else f" (measured anyway after waiting {SNAPSHOT_SECONDS} s)")
          + f"; warm page controlled by the service worker in {sum(w['controlled'] for w in warms)} of {len(warms)}")
    for label, timeline, ready in [("cold (our page)", results[-1]["timeline"], results[-1]["python ready"]),
                                   (f"warm ({WARM_PAGE})", warms[-1]["timeline"] if warms else [],
                                    warms[-1]["warm ready"] if warms else None)]:
        if timeline and ready:
            print(f"{label}, last run: files its worker fetched, start and end in ms from navigation start; "
                  f"Python ready at {ready:.0f} ms, {ready - max(end for _, _, end in timeline):.0f} ms after the last")
            for name, start, end in timeline:
                print(f"  {name:<50}{start:>8.0f}{end:>8.0f}")
    print(f"requests outside the origin: {sorted(outside) or 'none'}")
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main())
