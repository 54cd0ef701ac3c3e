"""A learning-rate sweep in headless Chromium: button to table, and the main thread meanwhile.

    .venv/bin/python bench/site_sweep.py [--runs 3] [--site site] [--optimizer adam]

Each run opens the playground in a fresh context (service workers blocked) at a start on
Himmelblau's function, waits for Python, the start's runs and their playback, picks the optimizer in the sweep panel and presses
"Learning-rate sweep" (25 log-spaced rates from 1e-4 to 1, the catalog's default, at the preset's
steps); it times the button (``op:sweep-start``) to the filled table (``op:sweep-done``) and
reads the longest main-thread task meanwhile (Long Tasks API, which reports only tasks of 50 ms
or more; aim: none). Then the same ``pyodide_app.api.sweep`` call in this CPython process, and
the ratio. Builds the site first when it is missing.
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
CHROMIUM, CHROMIUM_ARGS, LONG_TASKS, Session = _site.CHROMIUM, _site.CHROMIUM_ARGS, _site.LONG_TASKS, _site.Session
marks, open_with_python, wait_for = _site.marks, _site.open_with_python, _site.wait_for

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


def sweep_in_browser(browser, origin: str, url: str, optimizer_key: str) -> dict:
    session = Session(browser, origin, service_workers="block", cache_disabled=False)
    page = session.page
    page.add_init_script(LONG_TASKS)
    try:
        open_with_python(page, f"{url}#f={FUNCTION}&s={START[0]},{START[1]}", "before the sweep")
        wait_for(page, "document.querySelector('[data-playground]').dataset.run === 'done'")
        # the paths' playback over first: the main thread then does only what the sweep asks of it
        wait_for(page, "!document.querySelector('[data-playground]').playground.player.playing")
        page.get_by_label("Sweep optimizer").select_option(optimizer_key)
        page.get_by_role("button", name="Learning-rate sweep").click()
        wait_for(page, "['done', 'failed'].includes(document.querySelector('[data-playground]').dataset.sweep)")
        if page.evaluate("document.querySelector('[data-playground]').dataset.sweep") != "done":
            raise RuntimeError(page.locator(".pg-sweep").inner_text())
        wait_for(page, "document.querySelectorAll('.pg-sweep tr[data-sweep-value]').length > 0")
        found = marks(page)
        began, done = found["op:sweep-start"], found["op:sweep-done"]
        tasks = [t["duration"] for t in page.evaluate("window.__longTasks") if began <= t["start"] <= done + 100]
        losses = page.evaluate("""[...document.querySelectorAll('.pg-sweep tr[data-sweep-value]')]
            .map((tr) => Number(tr.querySelector('[data-col="final-loss"]').dataset.value))""")
    finally:
        session.close()
    return {"seconds": (done - began) / 1000, "longest task": max(tasks, default=0.0), "long tasks": len(tasks),
            "losses": losses, "outside": session.outside}


def sweep_in_cpython(optimizer_key: str) -> dict:
    from pyodide_app import api
    began = time.perf_counter()
    reply = api.sweep(sweep_args(optimizer_key))
    return {"seconds": time.perf_counter() - began, "losses": reply["final_loss"].tolist()}


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

    browser_runs, cpython_runs, outside = [], [], set()
    with tempfile.TemporaryDirectory(prefix="op-bench-") as temp:
        copy = Path(temp) / "site"
        shutil.copytree(site, copy)
        server, base = serve_in_background(copy)
        origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(base))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for run in range(args.runs):
                    browser_runs.append(sweep_in_browser(browser, origin, base, args.optimizer))
                    outside.update(browser_runs[-1]["outside"])
                    cpython_runs.append(sweep_in_cpython(args.optimizer))
                    print(f"sweep run {run + 1}: browser {browser_runs[-1]['seconds']:.2f} s (longest task "
                          f"{browser_runs[-1]['longest task']:.0f} ms), CPython {cpython_runs[-1]['seconds']:.2f} s",
                          file=sys.stderr)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    browser_s = [r["seconds"] for r in browser_runs]
    cpython_s = [r["seconds"] for r in cpython_runs]
    longest = max(r["longest task"] for r in browser_runs)
    same = all(r["losses"] == cpython_runs[0]["losses"] for r in browser_runs)
    steps = sweep_args(args.optimizer)["run"]["steps"]
    print(f"\nlearning-rate sweep: {args.optimizer} on {FUNCTION} from {START}, 25 rates from 1e-4 to 1, {steps} steps "
          f"each; median over {len(browser_runs)} runs (range in brackets)")
    print(f"{'browser (Pyodide), button to table':<40}{statistics.median(browser_s):>8.2f} s "
          f"({min(browser_s):.2f}-{max(browser_s):.2f})")
    print(f"{'CPython, the same api.sweep call':<40}{statistics.median(cpython_s):>8.2f} s "
          f"({min(cpython_s):.2f}-{max(cpython_s):.2f})")
    print(f"{'longest main-thread task meanwhile':<40}" + (f"{longest:>8.0f} ms" if longest else "    none of 50 ms or more")
          + f" in {sum(r['long tasks'] for r in browser_runs)} long tasks over all runs; aim under 50 ms: "
          + ("yes" if longest < 50 else "NO"))
    print(f"final losses equal in the page and in CPython: {'yes' if same else 'NO'}")
    print(f"requests outside the origin: {sorted(outside) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
