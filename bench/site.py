"""The site's speed in headless Chromium, side by side with bare reference pages, in one run.

    .venv/bin/python bench/site.py [--runs 3] [--site site] [--page ""] [--only loads,bundle,lighthouse,basins,...]

The site is copied to a temporary folder (a rebuild of ``site/`` cannot change it mid-run), and
``bench/bare_pages.py`` writes two bare pages into the copy, so they are same-origin with it and load
the very same files. Everything is served on 127.0.0.1; requests to any other origin are aborted,
listed, and fail the run. The machine may be shared: the ratios, each pair measured back to back in
the same run, are the figures to compare; absolute times move with the load.

Sections (``--only`` takes a comma-separated list; all by default), in this order:
- ``loads`` (bench/site_loads.py): the contour SEEN ON SCREEN (screencast frames) on our page and on the
  bare d3 page, Python ready on our page and on the bare Pyodide page, click to first frame and to the
  table, warm (a stored heap snapshot) against cold ready.
- ``bundle`` (bench/site_bundle.py): the entry bundle's bytes (gzip too) and the share of JavaScript
  unused at load (Chromium's block coverage at the first contour and the load event).
- ``lighthouse`` (bench/site_lighthouse.py): Lighthouse 12.2.3 on the playground, mobile and desktop
  (installed into the download cache on first use): performance, layout shift, blocking time, unused JS.
- ``basins``: four 200 x 200 basin maps in the browser against the same call in CPython
  (bench/site_basins.py), with the longest main-thread task meanwhile.
- Any module of ``OPTIONAL_SECTIONS`` present in bench/ (``site_compute``, ``site_sweep``,
  ``site_models``, ``site_3d``): a section module defines ``SECTION`` (its name for ``--only``) and
  ``run(bench)``, which measures with ``bench`` (bench/site_browser.py's ``Bench``: ``browser``,
  ``base``, ``origin``, ``site``, ``page``, ``runs``, ``session()``) and prints its own figures; to put a
  ratio in the closing table it appends ``(label, ours_values, bare_values, aim)`` to ``bench.ratios``
  (met when the ratio of the medians is at most ``aim``). A new section is its module and one name in
  ``OPTIONAL_SECTIONS``.
Then the closing table: every ratio with its aim (contour seen / bare d3 page <= 0.7, Python ready / bare
Pyodide page <= 1.1, warm / cold ready <= 0.5, and the sections' own), and Lighthouse's figures with theirs.
Builds the site first when it is missing.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import statistics
import sys
import tempfile
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "bench"))

from bare_pages import write_bare_pages  # noqa: E402
from serve import serve_in_background  # noqa: E402  (scripts/serve.py)
from site_basins import BASIN_RESOLUTION, basins_in_cpython, report_basins  # noqa: E402
from site_browser import CHROMIUM, CHROMIUM_ARGS, Bench, marks, open_with_python, wait_for  # noqa: E402
from site_bundle import entry_size, report_bundle, unused_at_load  # noqa: E402
from site_lighthouse import report_lighthouse, run_lighthouse  # noqa: E402
from site_loads import run_loads  # noqa: E402

OPTIONAL_SECTIONS = ("site_compute", "site_sweep", "site_models", "site_3d")


LONG_TASKS = """
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(
    ...list.getEntries().map((e) => ({start: e.startTime, duration: e.duration})))).observe({type: "longtask", buffered: true});
"""


def basins_in_browser(bench) -> dict:
    url = bench.base
    session = bench.session(cache_disabled=False)
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


def run_basins(bench) -> None:
    browser_runs, cpython_runs = [], []
    for run in range(bench.runs):
        browser_runs.append(basins_in_browser(bench))
        bench.outside.update(browser_runs[-1]["outside"])
        cpython_runs.append(basins_in_cpython())
        print(f"basins run {run + 1}: browser {browser_runs[-1]['seconds']:.2f} s (longest task "
              f"{browser_runs[-1]['longest task']:.0f} ms), CPython {cpython_runs[-1]['seconds']:.2f} s", flush=True)
    report_basins(browser_runs, cpython_runs)


def run_bundle(bench) -> None:
    coverage = []
    for _ in range(bench.runs):
        session = bench.session()
        try:
            coverage.append(unused_at_load(session, bench.base + bench.page, wait_for))
        finally:
            session.close()
        bench.outside.update(session.outside)
    report_bundle(entry_size(bench.site), coverage)


def run_lighthouse_section(bench) -> None:
    bench.lighthouse = run_lighthouse(bench.base + bench.page)
    report_lighthouse(bench.lighthouse)


def sections() -> dict:
    """name -> run(bench): the built-in sections, then the optional modules present in bench/."""
    found = {"loads": run_loads, "bundle": run_bundle, "lighthouse": run_lighthouse_section, "basins": run_basins}
    for name in OPTIONAL_SECTIONS:
        if (REPO / "bench" / f"{name}.py").exists():
            try:
                module = importlib.import_module(name)
            except Exception as error:   # (a standalone script that is not yet a section is left out)
                print(f"bench/{name}.py is left out: it does not import as a section ({error})", file=sys.stderr)
                continue
            if hasattr(module, "SECTION") and hasattr(module, "run"):
                found[module.SECTION] = module.run
    return found


def report_ratios(bench) -> None:
    print("\nside by side, this run (ratio of the medians; paired: median of each run's own ratio)")
    print(f"{'figure':<34}{'ours (median)':>15}{'bare (median)':>15}{'ratio':>8}{'paired':>8}{'aim':>8}  met")
    for label, ours, bare, aim in bench.ratios:
        if not ours or not bare:
            print(f"{label:<34}{'(no data)':>15}")
            continue
        ratio = statistics.median(ours) / statistics.median(bare)
        paired = statistics.median(o / b for o, b in zip(ours, bare)) if len(ours) == len(bare) else float("nan")
        print(f"{label:<34}{statistics.median(ours):>12.0f} ms{statistics.median(bare):>12.0f} ms{ratio:>8.2f}"
              f"{paired:>8.2f}{'<= ' + format(aim, 'g'):>8}  " + ("yes" if ratio <= aim else "NO"))
    if bench.lighthouse:
        report_lighthouse(bench.lighthouse)


def main(argv=None) -> int:
    known = sections()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--page", default="", help="path under the site, e.g. rastrigin/ (for our loads)")
    parser.add_argument("--only", default=",".join(known), help=f"comma-separated sections of: {', '.join(known)}")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(known)}")
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
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                bench = Bench(browser=browser, origin=origin, base=base, site=copy, page=args.page, runs=args.runs)
                for name in chosen:
                    print(f"\n== {name}", flush=True)
                    known[name](bench)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    report_ratios(bench)
    print(f"requests outside the origin: {sorted(bench.outside) or 'none'}")
    return 1 if bench.outside else 0


if __name__ == "__main__":
    sys.exit(main())
