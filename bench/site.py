"""Cold loads of the built site in headless Chromium: medians over a few runs.

    .venv/bin/python bench/site.py [--runs 3] [--site site] [--page ""]

Each run opens a fresh browser context with the cache disabled, loads the page served on
127.0.0.1, waits for Python, clicks the plot, and reads the page's performance marks
(``op:contour-drawn``, ``op:python-ready``, ``op:click``, ``op:first-frame``,
``op:table-filled``) and ``<html data-python>``. It prints: time to the first contour,
time to Python ready, click to the first drawn frame, click to the filled results table,
and the bytes transferred (page and worker). Builds the site first when it is missing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from serve import serve_in_background  # noqa: E402  (scripts/serve.py)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MARKS = ["op:contour-drawn", "op:python-ready", "op:click", "op:first-frame", "op:table-filled"]
PLOT = ".playground .pg-canvas-overlay"
TIMEOUT_SECONDS = 120


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


def one_cold_load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(url))
    outside = []
    page.on("request", lambda request: None if request.url.startswith((origin, "blob:", "data:"))
            else outside.append(request.url))
    try:
        page.goto(url)
        wait_for(page, "document.documentElement.dataset.python !== 'loading'")
        state = page.evaluate("document.documentElement.dataset.python")
        if state != "ready":
            raise RuntimeError(f"Python did not start: data-python={state}")
        wait_for(page, "performance.getEntriesByName('op:contour-drawn').length > 0", 10)
        plot = page.locator(PLOT).first
        box = plot.bounding_box()
        plot.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.35})
        wait_for(page, "performance.getEntriesByName('op:table-filled').length > 0")
        found = marks(page)
        transferred = 0
        for request in finished:
            sizes = request.sizes()
            transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    finally:
        context.close()
    return {
        "first contour": found.get("op:contour-drawn"),
        "python ready": found.get("op:python-ready"),
        "click to first frame": found["op:first-frame"] - found["op:click"] if "op:first-frame" in found else None,
        "click to table": found["op:table-filled"] - found["op:click"],
        "bytes": transferred,
        "requests": len(finished),
        "outside": outside,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--page", default="", help="path under the site, e.g. rastrigin/")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "assets" / "data" / "catalog.json").exists():
        import build
        print(f"building {site} first …", file=sys.stderr)
        build.build(build.BuildConfig(out=site))
    from playwright.sync_api import sync_playwright

    server, base = serve_in_background(site)
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs):
                result = one_cold_load(browser, base + args.page)
                results.append(result)
                print(f"run {run + 1}: " + ", ".join(
                    f"{k} {v:.0f} ms" for k, v in result.items() if k not in ("bytes", "requests", "outside") and v)
                      + f", {result['bytes'] / 1e6:.2f} MB in {result['requests']} requests", file=sys.stderr)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    print(f"\nsite {base + args.page}: medians over {len(results)} cold loads (fresh context, cache disabled)")
    print(f"{'figure':<24}{'median':>12}{'min':>12}{'max':>12}")
    for name in ["first contour", "python ready", "click to first frame", "click to table"]:
        values = [r[name] for r in results if r[name] is not None]
        if values:
            print(f"{name:<24}{statistics.median(values):>9.0f} ms{min(values):>9.0f} ms{max(values):>9.0f} ms")
    sizes = [r["bytes"] / 1e6 for r in results]
    print(f"{'bytes transferred':<24}{statistics.median(sizes):>9.2f} MB{min(sizes):>9.2f} MB{max(sizes):>9.2f} MB")
    outside = sorted({url for r in results for url in r["outside"]})
    print(f"requests outside the origin: {outside or 'none'}")
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main())
