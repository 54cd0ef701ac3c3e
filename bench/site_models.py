"""Models on real data in headless Chromium: a click on each model to the table, and the network's
plane from the button to the picture; the same work in this CPython beside it.

    .venv/bin/python bench/site_models.py [--runs 3] [--site site] [--batch 32]

For each model of ``optimizers.MODELS`` (linear regression, logistic regression, the two-weight
network), in a page opened on it with minibatches of ``--batch`` (seed 0) and Python ready: a
click on the plot, timed from ``op:click`` to ``op:table-filled`` (the four default optimizers,
each a ``run`` job in the worker); then the same ``run`` requests in CPython. For the network's
plane: "Train a network" (the first default optimizer, Adam switched on alone) timed from
``op:plane-start`` to ``op:plane-drawn`` (train the 259-weight network for the catalog's steps,
PCA, the loss on the plane's lattice, the picture), and ``pyodide_app.api.plane`` with the same
arguments in CPython. Prints medians and ranges. Builds the site first when it is missing.
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
from site_browser import CHROMIUM, CHROMIUM_ARGS, Session, marks, open_with_python, wait_for  # noqa: E402

CLICK = (0.3, 0.4)   # where the plot is clicked, as fractions of the canvas


def click_in_browser(browser, origin: str, url: str) -> dict:
    session = Session(browser, origin, service_workers="block", cache_disabled=False)
    page = session.page
    try:
        open_with_python(page, url, "before the click")
        plot = page.locator(".playground .pg-canvas-overlay").first
        box = plot.bounding_box()
        plot.click(position={"x": box["width"] * CLICK[0], "y": box["height"] * CLICK[1]})
        wait_for(page, "performance.getEntriesByName('op:table-filled').length > 0")
        wait_for(page, "document.querySelector('[data-playground]').dataset.run === 'done'")
        found = marks(page)
        start = page.evaluate("(() => { const s = document.querySelector('[data-playground]').playground.state; "
                              "return {starts: s.starts, entries: s.entries.filter((e) => e.enabled)"
                              ".map(({key, optimizer, hyperparams, steps}) => ({key, optimizer, hyperparams, steps}))}; })()")
    finally:
        session.close()
    return {"seconds": (found["op:table-filled"] - found["op:click"]) / 1000, "state": start}


def click_in_cpython(model_id: str, state: dict, batch: int) -> float:
    from pyodide_app import api
    began = time.perf_counter()
    for entry in state["entries"]:   # the page sends one request per entry
        api.run({"function": {"id": model_id}, "starts": state["starts"], "runs": [entry],
                 "minibatch": {"size": batch, "seed": 0}})
    return time.perf_counter() - began


def plane_in_browser(browser, origin: str, url: str) -> dict:
    session = Session(browser, origin, service_workers="block", cache_disabled=False)
    page = session.page
    try:
        open_with_python(page, url, "before the plane")
        page.get_by_role("button", name="Train a network").click()
        wait_for(page, "['done', 'failed'].includes(document.querySelector('.pg-plane-output')?.dataset.state)", 600)
        if page.evaluate("document.querySelector('.pg-plane-output').dataset.state") != "done":
            raise RuntimeError(page.locator(".pg-plane-panel").inner_text())
        found = marks(page)
        view = "document.querySelector('[data-playground]').playground.controls.plane.view()"
        args = page.evaluate(f"{view}.args")
        fraction = page.evaluate(f"{view}.result.variance_fraction")
    finally:
        session.close()
    return {"seconds": (found["op:plane-drawn"] - found["op:plane-start"]) / 1000, "args": args, "fraction": fraction}


def plane_in_cpython(args: dict) -> dict:
    from pyodide_app import api
    began = time.perf_counter()
    value = api.plane(args)
    return {"seconds": time.perf_counter() - began, "fraction": value["variance_fraction"]}


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} s ({min(values):.2f}-{max(values):.2f})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "assets" / "data" / "catalog.json").exists():
        import build
        print(f"building {site} first …", file=sys.stderr)
        build.build(build.BuildConfig(out=site))
    import optimizers as opt
    from playwright.sync_api import sync_playwright

    rows = {}
    with tempfile.TemporaryDirectory(prefix="op-bench-models-") as temp:
        copy = Path(temp) / "site"
        shutil.copytree(site, copy)
        server, base = serve_in_background(copy)
        origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(base))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for model_id in opt.MODELS:
                    url = f"{base}#f={model_id}&b={args.batch},0"
                    for run in range(args.runs):
                        got = click_in_browser(browser, origin, url)
                        cpython = click_in_cpython(model_id, got["state"], args.batch)
                        rows.setdefault(model_id, []).append((got["seconds"], cpython))
                        print(f"{model_id} run {run + 1}: browser {got['seconds']:.2f} s, CPython {cpython:.2f} s",
                              file=sys.stderr)
                url = f"{base}#f=tanh_network&b={args.batch},0&o=-sgd,-momentum,-rmsprop,adam"
                for run in range(args.runs):
                    got = plane_in_browser(browser, origin, url)
                    cpython = plane_in_cpython(got["args"])
                    rows.setdefault("plane", []).append((got["seconds"], cpython["seconds"]))
                    if abs(got["fraction"] - cpython["fraction"]) > 1e-9 * cpython["fraction"]:
                        print(f"plane: the page's variance fraction {got['fraction']} is not CPython's "
                              f"{cpython['fraction']}", file=sys.stderr)
                    print(f"plane run {run + 1}: browser {got['seconds']:.2f} s, CPython {cpython['seconds']:.2f} s "
                          f"(variance fraction {got['fraction']:.4f})", file=sys.stderr)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    print(f"\nmodels on real data, minibatches of {args.batch} (seed 0), median over {args.runs} runs (range)")
    print(f"{'':<52}{'browser (Pyodide)':>26}{'CPython, same requests':>28}")
    for key, values in rows.items():
        what = ("network's plane, button to picture" if key == "plane"
                else f"{key}: click to table (4 optimizers)")
        browser_s, cpython_s = [v[0] for v in values], [v[1] for v in values]
        print(f"{what:<52}{spread(browser_s):>26}{spread(cpython_s):>28}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
