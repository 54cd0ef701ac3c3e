"""Speed of the numpy core, in CPython or in Pyodide: steps per second, recording, basin maps.

Run: .venv/bin/python bench/core.py [--quick] [--only runs|record|basins|minima] [--no-plain] [--pyodide]
Prints, per optimizer, the steps per second of one run and of batched runs of N rows
(row-steps per second = N x steps / time); what recording per-step vectors costs; and
the time of a 200 x 200 basin map of two_wells for each of the four default presets at
its own settings and steps (``optimizers.presets``), and their total: as the page's
worker makes them (``iter_basins`` with its default chunks), in one chunk (``basins``),
and by the plain loop they must equal (every start stepped every time, ``grad`` and
``value`` called apart; its end points are compared, and "x" is how many times slower
it is than the page's way).

``--pyodide`` runs the same inside Pyodide under Node (the npm package and numpy's
wheel from the build's cache, ``optimizers`` from this working tree), for the browser's
figures: numpy there has no SIMD and each call costs more.
Run and record figures are medians over repeats, basin maps the best of 3 (1 with
--quick); this 2-core VM is noisy, so read them as ranges.
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import optimizers as opt  # noqa: E402
from optimizers.basin_map import lattice  # noqa: E402
from optimizers.trajectory import ESCAPE_SCALE  # noqa: E402

OPTIMIZERS = ("sgd", "adam", "rmsprop", "nadam", "lion")
BATCH_SIZES = (1, 100, 10_000)
RECORD = ("grad", "moment", "step")
BASIN_RESOLUTION = (200, 200)


def best_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def starts(function, count: int) -> np.ndarray:
    (x_min, x_max), (y_min, y_max) = function.domain
    unit = np.random.default_rng(0).uniform(0.1, 0.9, size=(count, 2))
    return np.column_stack([x_min + unit[:, 0] * (x_max - x_min), y_min + unit[:, 1] * (y_max - y_min)])


def bench_runs(function, quick: bool, repeats: int) -> None:
    print(f"{'optimizer':<10} {'N':>7} {'steps':>6} {'seconds':>9} {'steps/s':>10} {'row-steps/s':>13}")
    for optimizer_id in OPTIMIZERS:
        if optimizer_id not in opt.OPTIMIZERS:
            continue
        optimizer = opt.OPTIMIZERS[optimizer_id]()
        for count in BATCH_SIZES:
            steps = 1000 if count < 10_000 else 200
            if quick:
                steps //= 4
            points = starts(function, count)
            seconds = median_seconds(lambda: opt.run(optimizer, function, points, steps), repeats)
            print(f"{optimizer_id:<10} {count:>7} {steps:>6} {seconds:>9.4f} {steps / seconds:>10.0f} "
                  f"{count * steps / seconds:>13.3e}")


def bench_record(function, quick: bool, repeats: int) -> None:
    if "record" not in inspect.signature(opt.run).parameters:
        print("recording: not available in this version of the core")
        return
    print(f"recording {RECORD} (x = time with recording / time without)")
    for optimizer_id in ("sgd", "adam"):
        optimizer = opt.OPTIMIZERS[optimizer_id](**({"momentum": 0.9} if optimizer_id == "sgd" else {}))
        for count in (1, 10_000):
            steps = (1000 if count == 1 else 200) // (4 if quick else 1)
            points = starts(function, count)
            plain = median_seconds(lambda: opt.run(optimizer, function, points, steps), repeats)
            recorded = median_seconds(lambda: opt.run(optimizer, function, points, steps, record=RECORD),
                                      repeats)
            print(f"  {optimizer_id:<8} N={count:<6} {steps:>5} steps: {plain:.4f} s plain, "
                  f"{recorded:.4f} s recording (x{recorded / plain:.2f})")


def plain_basin_end_points(optimizer, function, steps: int) -> np.ndarray:
    """The plain loop a map must equal: every start of the lattice stepped every time, for
    the full number of steps, ``grad`` and ``value`` called separately; NaN where a run
    stopped (the escape box and the finite checks of ``optimizers.trajectory``)."""
    nx, ny = BASIN_RESOLUTION
    xs, ys = lattice(function.domain, (nx, ny))
    grid_x, grid_y = np.meshgrid(xs, ys)
    params = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    (x_min, x_max), (y_min, y_max) = function.domain
    centre = np.array([(x_min + x_max) / 2.0, (y_min + y_max) / 2.0])
    half_width = ESCAPE_SCALE * max(x_max - x_min, y_max - y_min)
    low, high = centre - half_width, centre + half_width
    with np.errstate(all="ignore"):
        value = function.value(params)
        alive = np.isfinite(params).all(axis=1) & np.isfinite(value)
        state = optimizer.init(params)
        for _ in range(steps):
            grads = function.grad(params)
            updates, state = optimizer.update(grads, state, params, value)
            params = params + updates
            value = function.value(params)
            alive &= (np.isfinite(params).all(axis=1) & np.isfinite(value) & np.isfinite(grads).all(axis=1)
                      & ~((params < low) | (params > high)).any(axis=1))
    return np.where(alive[:, None], params, np.nan)


def page_map(optimizer, function, steps: int):
    """The map as the page's worker makes it: ``iter_basins`` with its default chunks."""
    steps_done = opt.iter_basins(optimizer, function, BASIN_RESOLUTION, steps, yield_every=10)
    while True:
        try:
            next(steps_done)
        except StopIteration as done:
            return done.value


def bench_basins(function, quick: bool, plain: bool) -> None:
    """The four default presets' 200 x 200 maps: as the page makes them (``iter_basins``,
    default chunks), in one chunk (``basins``), and the plain loop they must equal."""
    nx, ny = BASIN_RESOLUTION
    repeats = 1 if quick else 3
    print(f"basin maps {nx} x {ny} of {function.id}, best of {repeats}; row-steps/s of the page's way")
    totals = {"page": 0.0, "one chunk": 0.0, "plain loop": 0.0}
    for preset_id in opt.DEFAULT_PRESETS:
        hyperparams, steps = opt.preset_settings(preset_id, function.id)
        optimizer = opt.OPTIMIZERS[opt.PRESETS[preset_id].optimizer](**hyperparams)
        seconds = {"page": best_seconds(lambda: page_map(optimizer, function, steps), repeats),
                   "one chunk": best_seconds(lambda: opt.basins(optimizer, function, (nx, ny), steps), repeats)}
        line = f"  {preset_id:<8} {steps:>4} steps: page {seconds['page']:6.3f} s, one chunk {seconds['one chunk']:6.3f} s"
        if plain:
            seconds["plain loop"] = best_seconds(lambda: plain_basin_end_points(optimizer, function, steps), repeats)
            same = np.array_equal(page_map(optimizer, function, steps).end_points.reshape(-1, 2),
                                  plain_basin_end_points(optimizer, function, steps), equal_nan=True)
            line += (f", plain loop {seconds['plain loop']:6.3f} s (x{seconds['plain loop'] / seconds['page']:.2f}; "
                     f"same end points: {'yes' if same else 'NO'})")
        print(f"{line}  {nx * ny * steps / seconds['page']:.2e} row-steps/s")
        for key, value in seconds.items():
            totals[key] += value
    line = f"  {'total':<8} {'':>4}       : page {totals['page']:6.3f} s, one chunk {totals['one chunk']:6.3f} s"
    if plain:
        line += f", plain loop {totals['plain loop']:6.3f} s (x{totals['plain loop'] / totals['page']:.2f})"
    print(line)


PYODIDE_RUNNER = """
import path from "node:path";
import { pathToFileURL } from "node:url";
const [pyodideDir, numpyWheel, repo, ...args] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep, stdout: (line) => console.log(line),
                                    stderr: (line) => console.error(line) });
await pyodide.loadPackage(numpyWheel, { messageCallback: () => {} });
pyodide.FS.mkdirTree("/repo");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: repo }, "/repo");
pyodide.globals.set("ARGS", pyodide.toPy(args));
await pyodide.runPythonAsync(`
import runpy, sys
sys.argv = ["/repo/bench/core.py", *ARGS]
runpy.run_path(sys.argv[0], run_name="__main__")
`);
"""


def run_in_pyodide(args: "list[str]") -> int:
    """This script, with ``args``, inside Pyodide under Node: the npm package and numpy's
    wheel from the build's cache ($OPTIMIZER_PATHS_CACHE or ~/.cache/optimizer-paths), our
    package from this working tree (mounted, not a built wheel)."""
    import os
    import subprocess
    import tempfile

    from site_build.pins import NUMPY_WHEEL, PYODIDE_VERSION

    root = Path(__file__).resolve().parent.parent
    cache = Path(os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths")
    pyodide_dir = cache / "npm" / "node_modules" / "pyodide"
    wheel = next((path for path in (cache / f"pyodide-{PYODIDE_VERSION}" / NUMPY_WHEEL,
                                    root / "site" / "pyodide" / NUMPY_WHEEL) if path.exists()), None)
    if not (pyodide_dir / "pyodide.mjs").exists() or wheel is None:
        print(f"no Pyodide in {pyodide_dir} or no {NUMPY_WHEEL}: run build.py once", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as temporary:
        runner = Path(temporary) / "runner.mjs"
        runner.write_text(PYODIDE_RUNNER)
        return subprocess.call(["node", str(runner), str(pyodide_dir), str(wheel), str(root), *args])


def bench_minima() -> None:
    """How long each function's minima search (grid + Newton, functions/minima.py) takes, fresh."""
    import dataclasses
    print("minima search per function (fresh object, one search each):")
    for key, function in opt.FUNCTIONS.items():
        began = time.perf_counter()
        found = dataclasses.replace(function).minima
        print(f"  {key:18s} {1000 * (time.perf_counter() - began):8.1f} ms  {len(found)} minima")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    parser.add_argument("--only", choices=("runs", "record", "basins", "minima"), help="one section only")
    parser.add_argument("--no-plain", action="store_true", help="basins: skip the plain loop")
    parser.add_argument("--pyodide", action="store_true", help="run inside Pyodide under Node")
    args = parser.parse_args()
    if args.pyodide:
        sys.exit(run_in_pyodide([arg for arg in sys.argv[1:] if arg != "--pyodide"]))
    repeats = 3 if args.quick else 5
    function = opt.FUNCTIONS["two_wells"]
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]} ({sys.platform}), function two_wells")
    if args.only in (None, "runs"):
        bench_runs(function, args.quick, repeats)
    if args.only in (None, "record"):
        bench_record(function, args.quick, repeats)
    if args.only in (None, "basins"):
        bench_basins(function, args.quick, not args.no_plain)
    if args.only in (None, "minima"):
        bench_minima()


if __name__ == "__main__":
    main()
