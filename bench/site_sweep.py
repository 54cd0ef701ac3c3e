"""A learning-rate sweep in headless Chromium: button to table, and the main thread meanwhile.

    .venv/bin/python bench/site_sweep.py [--runs 3] [--site site] [--optimizer adam]

Each run opens the playground in a fresh context (service workers blocked) at a start on
Himmelblau's function, waits for Python, the start's runs and their playback, picks the optimizer in the sweep panel and presses
"Learning-rate sweep" (25 log-spaced rates from 1e-4 to 1, the catalog's default, at the preset's
steps); it times the button (``op:sweep-start``) to the filled table (``op:sweep-done``) and
reads the longest main-thread task meanwhile (Long Tasks API, which reports only tasks of 50 ms
or more; aim: none). That first sweep runs on the page's worker alone (a sweep starts no extra
worker of the pool: starting one takes longer than the sweep). Then the pool's extra worker is
started (``?pool=1``: what a 2-core machine gets; ``window.__opPool.startExtras()``, as a basin map
would) and the same sweep is pressed again: its values are split across both workers. Then the
same ``pyodide_app.api.sweep`` call in this CPython process, and the ratios. Builds the site first
when it is missing.
"""

from __future__ import annotations

import argparse
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

from serve import serve_in_background  # noqa: E402  (scripts/serve.py)


def _bench_site():
    """bench/site.py, loaded by its path (the name ``site`` is the standard library's)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_site", REPO / "bench" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_site = _bench_site()
LONG_TASKS = _site.LONG_TASKS
from site_browser import CHROMIUM, CHROMIUM_ARGS, Session, marks, open_with_python, wait_for  # noqa: E402

FUNCTION = "himmelblau"   # a polynomial: the page's numbers equal CPython's exactly (two wells' exp differs in the last bit)
START = (0.5, 1.0)


def sweep_args(optimizer_key: str) -> dict:
    """The request the page's button makes for the preset on two wells from START."""
    from optimizers import presets
    from pyodide_app import api
    hyperparams, steps = presets.preset_settings(optimizer_key, FUNCTION)
    low, high = api.describe()["sweep"]["learning_rate"]
    from optimizers import FUNCTIONS
    return {"function": {"id": FUNCTION, "params": dict(FUNCTIONS[FUNCTION].params)}, "start": list(START),
            "run": {"key": optimizer_key, "optimizer": presets.PRESETS[optimizer_key].optimizer,
                    "hyperparams": hyperparams, "steps": steps},
            "setting": ["lr"], "low": low, "high": high, "count": api.describe()["sweep"]["count"]}


def press_sweep(page) -> dict:
    """One press of "Learning-rate sweep": seconds, the longest main-thread task, the final losses."""
    page.evaluate("performance.clearMarks(); window.__longTasks.length = 0")
    page.get_by_role("button", name="Learning-rate sweep").click()
    wait_for(page, "['done', 'failed'].includes(document.querySelector('[data-playground]').dataset.sweep) && "
                   "performance.getEntriesByName('op:sweep-done').length + "
                   "(document.querySelector('[data-playground]').dataset.sweep === 'failed')")
    if page.evaluate("document.querySelector('[data-playground]').dataset.sweep") != "done":
        raise RuntimeError(page.locator(".pg-sweep").inner_text())
    found = marks(page)
    began, done = found["op:sweep-start"], found["op:sweep-done"]
    tasks = [t["duration"] for t in page.evaluate("window.__longTasks") if began <= t["start"] <= done + 100]
    losses = page.evaluate("""[...document.querySelectorAll('.pg-sweep tr[data-sweep-value]')]
        .map((tr) => Number(tr.querySelector('[data-col="final-loss"]').dataset.value))""")
    return {"seconds": (done - began) / 1000, "longest task": max(tasks, default=0.0), "long tasks": len(tasks),
            "losses": losses}


def sweep_in_browser(browser, origin: str, url: str, optimizer_key: str) -> dict:
    session = Session(browser, origin, service_workers="block", cache_disabled=False)
    page = session.page
    page.add_init_script(LONG_TASKS)
    try:
        open_with_python(page, f"{url}?pool=1#f={FUNCTION}&s={START[0]},{START[1]}", "before the sweep")
        wait_for(page, "document.querySelector('[data-playground]').dataset.run === 'done'")
        # the paths' playback over first: the main thread then does only what the sweep asks of it
        wait_for(page, "!document.querySelector('[data-playground]').playground.player.playing")
        # the tool panels are closed for a visitor until asked for (the sweep's loads on first use): open them
        page.evaluate("document.querySelectorAll('details.pg-panel').forEach((d) => { d.open = true; })")
        page.get_by_label("Sweep optimizer").select_option(optimizer_key)
        one = press_sweep(page)
        page.evaluate("window.__opPool.idleMs = 3600000; window.__opPool.startExtras()")
        wait_for(page, "window.__opPool.workers().every((w) => w.status === 'ready')")
        press_sweep(page)   # not counted: the extra's code warms up
        pool = press_sweep(page)
        pool["workers"] = page.evaluate("window.__opPool.workers()")
    finally:
        session.close()
    return {"one": one, "pool": pool, "outside": session.outside}


def sweep_in_cpython(optimizer_key: str) -> dict:
    from pyodide_app import api
    began = time.perf_counter()
    reply = api.sweep(sweep_args(optimizer_key))
    return {"seconds": time.perf_counter() - began, "losses": reply["final_loss"].tolist()}


SECTION = "sweep"   # its name in bench/site.py --only


def measure_sweeps(browser, origin: str, base: str, runs: int, optimizer: str) -> tuple:
    """``runs`` rounds of a sweep in the page (its worker, then a warm pool) and the same call in CPython."""
    browser_runs, cpython_runs, outside = [], [], set()
    for run in range(runs):
        browser_runs.append(sweep_in_browser(browser, origin, base, optimizer))
        outside.update(browser_runs[-1]["outside"])
        cpython_runs.append(sweep_in_cpython(optimizer))
        last = browser_runs[-1]
        print(f"sweep run {run + 1}: page's worker {last['one']['seconds']:.2f} s, pool {last['pool']['seconds']:.2f} s "
              f"(longest task {max(last['one']['longest task'], last['pool']['longest task']):.0f} ms), "
              f"CPython {cpython_runs[-1]['seconds']:.2f} s", file=sys.stderr)
    return browser_runs, cpython_runs, outside


def run(bench) -> None:
    """bench/site.py's section: the default optimizer's sweep, on that script's browser and served copy."""
    browser_runs, cpython_runs, outside = measure_sweeps(bench.browser, bench.origin, bench.base, bench.runs, "adam")
    bench.outside.update(outside)
    report_sweeps(browser_runs, cpython_runs, outside, "adam")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--optimizer", default="adam", help="the preset swept (a default one)")
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
        server, base = serve_in_background(copy)
        origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(base))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                browser_runs, cpython_runs, outside = measure_sweeps(browser, origin, base, args.runs, args.optimizer)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    report_sweeps(browser_runs, cpython_runs, outside, args.optimizer)
    return 0


def report_sweeps(browser_runs: list, cpython_runs: list, outside: set, optimizer: str) -> None:
    one_s = [r["one"]["seconds"] for r in browser_runs]
    pool_s = [r["pool"]["seconds"] for r in browser_runs]
    cpython_s = [r["seconds"] for r in cpython_runs]
    longest = max(max(r["one"]["longest task"], r["pool"]["longest task"]) for r in browser_runs)
    long_tasks = sum(r["one"]["long tasks"] + r["pool"]["long tasks"] for r in browser_runs)
    same = all(r[k]["losses"] == cpython_runs[0]["losses"] for r in browser_runs for k in ("one", "pool"))
    steps = sweep_args(optimizer)["run"]["steps"]
    print(f"\nlearning-rate sweep: {optimizer} on {FUNCTION} from {START}, 25 rates from 1e-4 to 1, {steps} steps "
          f"each; median over {len(browser_runs)} runs (range in brackets)")
    for label, values in (("browser, page's worker, button to table", one_s),
                          ("browser, pool of 2 (warm), button to table", pool_s),
                          ("CPython, the same api.sweep call", cpython_s)):
        print(f"{label:<44}{statistics.median(values):>8.2f} s ({min(values):.2f}-{max(values):.2f})")
    paired = statistics.median(p / o for p, o in zip(pool_s, one_s))
    label = "pool / the page's worker (paired median)"
    print(f"{label:<44}{paired:>8.2f}")
    print(f"{'pool / CPython':<44}{statistics.median(pool_s) / statistics.median(cpython_s):>8.2f}")
    print(f"{'longest main-thread task meanwhile':<44}" + (f"{longest:>8.0f} ms" if longest else "    none of 50 ms or more")
          + f" in {long_tasks} long tasks over all runs; aim under 50 ms: " + ("yes" if longest < 50 else "NO"))
    print(f"parts done per worker in the last pool sweep's page (page's worker first): "
          f"{[w['blocks'] for w in browser_runs[-1]['pool']['workers']]}")
    print(f"final losses equal in the page and in CPython: {'yes' if same else 'NO'}")
    print(f"requests outside the origin: {sorted(outside) or 'none'}")


if __name__ == "__main__":
    sys.exit(main())
