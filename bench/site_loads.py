"""Cold and warm loads beside the bare pages, for bench/site.py (section ``loads``).

Each run, in fresh browser contexts (service workers blocked, HTTP cache disabled, 1280 x 900):
- the contour SEEN ON SCREEN (bench/site_screen.py: screencast frames, the plot's box first equal to its
  settled picture), on our page and on the bare d3 page (``bench/bare_pages.py``), each in a context of
  its own that is closed once the picture has settled (the screencast's cost is not in Python's figures);
- our page: Python ready (``op:python-ready``), then a click on the plot: click to first frame, click to
  the filled table, bytes transferred, the worker's fetch timeline; and the bare Pyodide page's ready;
- warm: one context with service workers allowed opens our page, waits for ``data-python`` and
  ``data-offline`` to be "ready" and for the worker's ``…|python-snapshot`` cache (up to 60 s), then opens
  ``rastrigin/`` and reads its ``op:python-ready``.
"""

from __future__ import annotations

import statistics
import time

from bare_pages import CONTOUR_PAGE, PYTHON_PAGE
from site_browser import marks, mark_time, open_with_python, spread, wait_for, worker_timeline
from site_screen import Screencast, seen_at

PLOT = ".playground .pg-canvas-overlay"
SETTLE_SECONDS = 1.0
SNAPSHOT_SECONDS = 60
WARM_PAGE = "rastrigin/"
AIMS = [  # (figure, ours key, bare key, aim)
    ("contour seen / bare d3 page", "contour seen", "bare contour seen", 0.7),
    ("Python ready / bare Pyodide", "python ready", "bare python", 1.1),
    ("warm ready / cold ready", "warm ready", "python ready", 0.5),
]


def contour_seen(bench, url: str, box_of: str, mark: str) -> dict:
    """When the plot's box first showed its settled picture (screencast), and the page's own mark."""
    session = bench.session()
    try:
        cast = Screencast(session.context, session.page)
        session.page.goto(url)
        drawn = mark_time(session.page, mark)
        time.sleep(SETTLE_SECONDS)
        box = session.page.locator(box_of).first.bounding_box()
        origin = session.page.evaluate("performance.timeOrigin")
        frames = cast.stop()
    finally:
        session.close()
    bench.outside.update(session.outside)
    return {"seen": seen_at(bench.browser, frames, box, origin), "mark": drawn, "frames": len(frames)}


def cold_ours(bench, url: str) -> dict:
    session = bench.session()
    page = session.page
    try:
        open_with_python(page, url, "on a cold load")
        timeline = worker_timeline(page)
        plot = page.locator(PLOT).first
        box = plot.bounding_box()
        plot.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.35})
        wait_for(page, "performance.getEntriesByName('op:table-filled').length > 0")
        found = marks(page)
        transferred, requests = session.transferred(), len(session.finished)
    finally:
        session.close()
    bench.outside.update(session.outside)
    return {"python ready": found.get("op:python-ready"),
            "click to first frame": found["op:first-frame"] - found["op:click"] if "op:first-frame" in found else None,
            "click to table": found["op:table-filled"] - found["op:click"],
            "bytes": transferred, "requests": requests, "timeline": timeline}


def bare_python(bench) -> float:
    session = bench.session()
    try:
        open_with_python(session.page, bench.base + PYTHON_PAGE, "on the bare Pyodide page")
        value = mark_time(session.page, "bare:python-ready")
    finally:
        session.close()
    bench.outside.update(session.outside)
    return value


SNAPSHOT_JS = """caches.keys().then(async (names) => {
  const name = names.find((n) => n.endsWith("|python-snapshot"));
  if (!name) return null;
  return (await (await caches.open(name)).keys()).length;
})"""


def warm(bench) -> dict:
    """Our page once with the service worker, then ``rastrigin/``: its time to Python ready."""
    session = bench.session(service_workers="allow", cache_disabled=False)
    page = session.page
    try:
        open_with_python(page, bench.base, "on the first (warming) visit")
        wait_for(page, "document.documentElement.dataset.offline === 'ready'")
        began = time.monotonic()
        while time.monotonic() - began < SNAPSHOT_SECONDS and not (page.evaluate(SNAPSHOT_JS) or 0):
            time.sleep(0.25)
        snapshot = bool(page.evaluate(SNAPSHOT_JS))
        page.goto(bench.base + WARM_PAGE)
        ready = mark_time(page, "op:python-ready")
        controlled = page.evaluate("navigator.serviceWorker.controller !== null")
        timeline = worker_timeline(page)
    finally:
        session.close()
    bench.outside.update(session.outside)
    return {"warm ready": ready, "snapshot": snapshot, "controlled": controlled, "timeline": timeline}


def run_loads(bench) -> None:
    figures, colds, warms = {}, [], []
    for run in range(bench.runs):
        ours = contour_seen(bench, bench.base + bench.page, ".playground .pg-plot", "op:contour-drawn")
        bare = contour_seen(bench, bench.base + CONTOUR_PAGE, "#plot", "bare:contour-drawn")
        cold = cold_ours(bench, bench.base + bench.page)
        python = bare_python(bench)
        w = warm(bench)
        colds.append(cold)
        warms.append(w)
        row = {"contour seen": ours["seen"], "contour mark": ours["mark"], "bare contour seen": bare["seen"],
               "bare contour mark": bare["mark"], "python ready": cold["python ready"], "bare python": python,
               "warm ready": w["warm ready"], "click to first frame": cold["click to first frame"],
               "click to table": cold["click to table"]}
        for key, value in row.items():
            if value is not None:
                figures.setdefault(key, []).append(value)
        print(f"run {run + 1}: " + ", ".join(f"{k} {v:.0f} ms" for k, v in row.items() if v is not None)
              + f", {cold['bytes'] / 1e6:.2f} MB in {cold['requests']} requests; warm snapshot "
              + ("found" if w["snapshot"] else "NOT found") + f", {ours['frames']}/{bare['frames']} frames",
              flush=True)
    print(f"\nloads of {bench.base + bench.page}: medians over {bench.runs} runs (range in brackets; cold: fresh "
          "context, cache disabled, service workers blocked)")
    for name, values in figures.items():
        print(f"  {name:<24}{spread(values)}")
    sizes = [c["bytes"] / 1e6 for c in colds]
    print(f"  {'bytes transferred':<24}{statistics.median(sizes):7.2f} MB")
    for label, ours_key, bare_key, aim in AIMS:
        bench.ratios.append((label, figures.get(ours_key), figures.get(bare_key), aim))
    print(f"  warm: snapshot found in {sum(w['snapshot'] for w in warms)} of {len(warms)}, page controlled by the "
          f"service worker in {sum(w['controlled'] for w in warms)} of {len(warms)}")
    for label, timeline, ready in [("cold", colds[-1]["timeline"], colds[-1]["python ready"]),
                                   (f"warm ({WARM_PAGE})", warms[-1]["timeline"], warms[-1]["warm ready"])]:
        if timeline and ready:
            print(f"  {label}, last run: files its worker fetched (ms from navigation start); Python ready at "
                  f"{ready:.0f} ms, {ready - max(end for _, _, end in timeline):.0f} ms after the last")
            for name, start, end in timeline:
                print(f"    {name:<50}{start:>8.0f}{end:>8.0f}")
