"""Basin maps with the pool of Python workers, beside one worker and CPython (issue 17).

    .venv/bin/python bench/site_compute.py [--runs 3] [--site site] [--extras N]

Serves the built site on 127.0.0.1 and opens two pages in headless Chromium, side by side: one
with the page's own worker plus ``--extras`` pooled workers (``?pool=N``, default 1: what a
2-core machine gets, hardwareConcurrency − 1), one with the page's worker alone (``?pool=0``).
In each it presses "Basin map" for the four default optimizers on two wells at 200 x 200, and
reads the performance marks ``op:basins-start`` (the button), ``op:basins-coarse`` (the coarse
map drawn) and ``op:basins-done`` (the table filled), and the longest main-thread task meanwhile
(a PerformanceObserver of long tasks, installed before the page's scripts: only tasks of 50 ms or
more are reported). The first press with the pool includes starting its extra workers; the pool
is then warm for the measured rounds. Each round times, one after the other, the pool page, the
one-worker page and the same ``pyodide_app.api.basins`` call in this CPython process, so the
ratios compare runs made under the same load.

Memory per extra worker: the resident memory (VmRSS, from /proc) of every process of the
browser this script launched, with the extras running, after they are given back, and with
them started again; the difference divided by the number of extras. Dedicated workers are
threads of the page's renderer process, so the difference is what an extra worker costs.

Prints medians and ranges, the ratios and their aims (pool / one worker <= 0.6 on two cores;
pool / CPython <= 1.5; first coarse map <= 300 ms; no main-thread task of 50 ms or more), and
whether the pool's maps equal CPython's (the global-minimum share of each optimizer).

As a section of ``bench/site.py`` (``SECTION`` "compute", ``run(bench)``) it runs on that script's
browser and served copy, with one extra worker.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "bench"))

from serve import serve_in_background  # noqa: E402  (scripts/serve.py)
from site_basins import BASIN_RESOLUTION, basins_in_cpython  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_SECONDS = 300
AIMS = {"pool / one worker": 0.6, "pool / CPython": 1.5, "first coarse map (ms)": 300}
LONG_TASKS = """(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(
      {start: e.startTime, duration: e.duration}); }).observe({type: "longtask", buffered: true});
})();"""


def wait_for(page, expression: str, seconds: float = TIMEOUT_SECONDS):
    """Poll with page.evaluate (the page's CSP blocks wait_for_function's string predicates)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"waited {seconds} s for {expression}")


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, service_workers="block")
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    page.goto(url)
    for _ in range(3):   # on a loaded machine a start may fail ("stopped answering"): load again
        status = wait_for(page, "['ready', 'failed'].includes(document.documentElement.dataset.python) && "
                                "document.documentElement.dataset.python")
        if status == "ready":
            break
        page.reload()
    else:
        raise RuntimeError(f"Python did not start in {url}")
    # the playground's tool panels are closed for a visitor until asked for: open them, as a visitor would
    page.evaluate("document.querySelectorAll('details.pg-panel').forEach((d) => { d.open = true; })")
    page.get_by_label("Lattice").select_option(str(BASIN_RESOLUTION))
    return context, page


def press(page) -> dict:
    """One press of "Basin map", timed from its marks; the longest main-thread task meanwhile."""
    page.evaluate("performance.clearMarks(); window.__longTasks.length = 0")
    page.get_by_role("button", name="Basin map").click()
    wait_for(page, "document.querySelector('[data-playground]').dataset.basins === 'done'")
    marks = page.evaluate("Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))")
    start, done = marks["op:basins-start"], marks["op:basins-done"]
    tasks = [t for t in page.evaluate("window.__longTasks") if t["start"] + t["duration"] >= start and t["start"] <= done]
    fractions = page.evaluate("""Object.fromEntries([...document.querySelectorAll('.pg-basins-fractions tr[data-key]')]
        .map((tr) => [tr.dataset.key, Number(tr.querySelector('[data-col="global-fraction"]').dataset.value)]))""")
    workers = page.evaluate("window.__opPool.workers()")
    return {"seconds": (done - start) / 1000, "coarse ms": marks.get("op:basins-coarse", done) - start,
            "longest task": max((t["duration"] for t in tasks), default=0.0), "long tasks": len(tasks),
            "fractions": fractions, "workers": workers}


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def browser_rss_mb() -> float:
    """Resident memory of every process this script started (the browser's included), in MB."""
    total = 0
    for pid in descendants(os.getpid()):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def extras_ready(page, extras: int) -> None:
    wait_for(page, f"window.__opPool.workers().filter((w) => !w.main && w.status === 'ready').length === {extras}")


def memory_per_extra(page, extras: int) -> dict:
    """RSS with the extras up, after they are given back, and with them started again."""
    time.sleep(3)
    up = browser_rss_mb()
    page.evaluate("window.__opPool.giveBack()")
    time.sleep(5)
    down = browser_rss_mb()
    page.evaluate("window.__opPool.startExtras()")
    extras_ready(page, extras)
    time.sleep(3)
    again = browser_rss_mb()
    return {"with extras": up, "given back": down, "started again": again,
            "per extra": ((up - down) / extras, (again - down) / extras)}


def measure_compute(browser, url: str, runs: int, extras: int) -> dict:
    pool_context, pool_page = open_page(browser, f"{url}?pool={extras}")
    one_context, one_page = open_page(browser, f"{url}?pool=0")
    try:
        first = press(pool_page)            # the extras start with this press
        extras_ready(pool_page, extras)
        pool_page.evaluate("window.__opPool.idleMs = 3600000")
        memory = memory_per_extra(pool_page, extras)
        press(pool_page)                    # not counted: the restarted extras' code warms up (tier-up)
        press(one_page)
        rounds = []
        for _ in range(runs):
            rounds.append({"pool": press(pool_page), "one": press(one_page), "cpython": basins_in_cpython()})
        return {"extras": extras, "first": first, "rounds": rounds, "memory": memory}
    finally:
        pool_context.close()
        one_context.close()


def _line(name: str, values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    median = statistics.median(values) * scale
    return f"{name:<46}{median:>9.2f} {unit} ({min(values) * scale:.2f}-{max(values) * scale:.2f})"


def report_compute(result: dict) -> None:
    rounds, extras = result["rounds"], result["extras"]
    pool = [r["pool"]["seconds"] for r in rounds]
    one = [r["one"]["seconds"] for r in rounds]
    cpython = [r["cpython"]["seconds"] for r in rounds]
    coarse = [r["pool"]["coarse ms"] for r in rounds]
    per_round_pool_one = [r["pool"]["seconds"] / r["one"]["seconds"] for r in rounds]
    per_round_pool_cpython = [r["pool"]["seconds"] / r["cpython"]["seconds"] for r in rounds]
    longest = max(max(r["pool"]["longest task"], r["one"]["longest task"]) for r in rounds + [{"pool": result["first"],
                                                                                            "one": result["first"]}])
    print(f"\nbasin maps with the pool: 4 default optimizers on two wells, {BASIN_RESOLUTION} x {BASIN_RESOLUTION}, "
          f"the page's worker + {extras} extra; {len(rounds)} rounds, median (range); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(_line("first press, the extras starting meanwhile", [result["first"]["seconds"]]))
    print(_line("pool (warm), button to table", pool))
    print(_line("one worker (?pool=0), button to table", one))
    print(_line("CPython, the same api.basins call", cpython))
    print(_line("pool, button to the first coarse map", coarse, "ms"))
    print(_line("one worker, button to the first coarse map", [r["one"]["coarse ms"] for r in rounds], "ms"))
    figures = {"pool / one worker": statistics.median(per_round_pool_one),
               "pool / CPython": statistics.median(per_round_pool_cpython),
               "first coarse map (ms)": statistics.median(coarse)}
    for name, value in figures.items():
        print(f"{name:<46}{value:>9.2f}    aim <= {AIMS[name]}: {'yes' if value <= AIMS[name] else 'NO'}")
    print(f"{'longest main-thread task meanwhile':<46}" + (f"{longest:>9.0f} ms" if longest else
                                                           "     none of 50 ms or more")
          + f"; aim under 50 ms: {'yes' if longest < 50 else 'NO'}")
    memory = result["memory"]
    print(f"{'memory per extra worker (browser RSS)':<46}{memory['per extra'][0]:>9.0f} MB given back, "
          f"{memory['per extra'][1]:.0f} MB started again (RSS {memory['with extras']:.0f} / "
          f"{memory['given back']:.0f} / {memory['started again']:.0f} MB)")
    blocks = [w["blocks"] for w in rounds[-1]["pool"]["workers"]]
    warm = [w.get("warm") for w in rounds[-1]["pool"]["workers"]]
    print(f"blocks done per worker in the pool page (page's worker first): {blocks}; started from the stored "
          f"heap snapshot: {warm}")
    expected = rounds[0]["cpython"]["fractions"]
    same = all(r["pool"]["fractions"] == expected and r["one"]["fractions"] == expected for r in rounds)
    print(f"global-minimum shares equal in both pages and in CPython: {'yes' if same else 'NO'} {expected}")


SECTION = "compute"   # its name in bench/site.py --only


def run(bench) -> None:
    """bench/site.py's section: the pool with one extra (a 2-core machine's), on that script's browser."""
    report_compute(measure_compute(bench.browser, bench.base, bench.runs, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--extras", type=int, default=1, help="extra pool workers (?pool=N), default 1")
    options = parser.parse_args()
    if not (options.site / "index.html").exists():
        sys.exit(f"no built site at {options.site}; run build.py first")
    from playwright.sync_api import sync_playwright
    server, url = serve_in_background(options.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                report_compute(measure_compute(browser, url, options.runs, options.extras))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
