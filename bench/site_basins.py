"""The basin-map figures of bench/site.py that need no browser: the request the page's "Basin map"
button makes, the same call in CPython, and the report that sets the two side by side."""

from __future__ import annotations

import statistics
import time

BASIN_FUNCTION = "two_wells"
BASIN_RESOLUTION = 200
BASIN_AIMS = (2.5, 1.0)   # Pyodide / CPython at most; the four maps in the browser under CPython's 1.0 s (before)

def basin_args() -> dict:
    """The request the page's "Basin map" button makes for the default optimizers on two wells."""
    from optimizers import FUNCTIONS, presets
    runs = []
    for key in presets.DEFAULT_PRESETS:
        hyperparams, steps = presets.preset_settings(key, BASIN_FUNCTION)
        runs.append({"key": key, "optimizer": presets.PRESETS[key].optimizer, "hyperparams": hyperparams,
                     "steps": steps})
    domain = [list(axis) for axis in FUNCTIONS[BASIN_FUNCTION].domain]
    return {"function": {"id": BASIN_FUNCTION, "params": dict(FUNCTIONS[BASIN_FUNCTION].params)}, "runs": runs,
            "resolution": BASIN_RESOLUTION, "domain": domain}


def basins_in_cpython() -> dict:
    from pyodide_app import api
    args = basin_args()
    began = time.perf_counter()
    result = api.basins(args)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "fractions": {m["key"]: m["global_fraction"] for m in result["maps"]}}


def report_basins(browser_runs: list[dict], cpython_runs: list[dict]) -> None:
    browser_s = [r["seconds"] for r in browser_runs]
    cpython_s = [r["seconds"] for r in cpython_runs]
    ratio = statistics.median(browser_s) / statistics.median(cpython_s)
    longest = max(r["longest task"] for r in browser_runs)
    same = all(r["fractions"] == cpython_runs[0]["fractions"] for r in browser_runs)
    print(f"\nbasin maps: {len(basin_args()['runs'])} default optimizers on {BASIN_FUNCTION}, "
          f"{BASIN_RESOLUTION} x {BASIN_RESOLUTION} each, median over {len(browser_runs)} runs (range in brackets)")
    print(f"{'browser (Pyodide), button to table':<40}{statistics.median(browser_s):>8.2f} s "
          f"({min(browser_s):.2f}-{max(browser_s):.2f})")
    print(f"{'CPython, the same api.basins call':<40}{statistics.median(cpython_s):>8.2f} s "
          f"({min(cpython_s):.2f}-{max(cpython_s):.2f})")
    aim_ratio, aim_seconds = BASIN_AIMS
    print(f"{'ratio browser / CPython':<40}{ratio:>8.2f}    aim <= {aim_ratio}: {'yes' if ratio <= aim_ratio else 'NO'}")
    print(f"{'browser under CPython before (1.0 s)':<40}{statistics.median(browser_s):>8.2f} s  aim < {aim_seconds} s: "
          + ("yes" if statistics.median(browser_s) < aim_seconds else "NO"))
    print(f"{'longest main-thread task meanwhile':<40}" + (f"{longest:>8.0f} ms" if longest else "    none of 50 ms or more")
          + f" in {sum(r['long tasks'] for r in browser_runs)} long tasks over all runs; aim under 50 ms: "
          + ("yes" if longest < 50 else "NO"))
    print(f"global-minimum fractions equal in the page and in CPython: {'yes' if same else 'NO'} "
          f"{cpython_runs[0]['fractions']}")
