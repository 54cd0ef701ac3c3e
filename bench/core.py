"""Speed of the numpy core in CPython: steps per second, recording, and basin maps.

Run: .venv/bin/python bench/core.py [--quick] [--only runs|record|basins]
Prints, per optimizer, the steps per second of one run and of batched runs of N rows
(row-steps per second = N x steps / time); what recording per-step vectors costs; and
the time of a 200 x 200 basin map of two_wells for each of the four default presets at
its own settings and steps (``optimizers.presets``), in one chunk and in the chunks used
when progress is reported.
Figures are medians over repeats; this 2-core VM is noisy, so read them as ranges.
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

OPTIMIZERS = ("sgd", "adam", "rmsprop", "nadam", "lion")
BATCH_SIZES = (1, 100, 10_000)
RECORD = ("grad", "moment", "step")
BASIN_RESOLUTION = (200, 200)


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


def bench_basins(function, quick: bool) -> None:
    nx, ny = BASIN_RESOLUTION
    chunked = "rows_per_chunk" in inspect.signature(opt.basins).parameters
    repeats = 1 if quick else 3
    for preset_id in opt.DEFAULT_PRESETS:
        hyperparams, steps = opt.preset_settings(preset_id, function.id)
        optimizer = opt.OPTIMIZERS[opt.PRESETS[preset_id].optimizer](**hyperparams)
        variants = [("", {})]
        if chunked:   # with a progress callback the lattice is done in chunks (about 10,000 starts)
            variants = [("unchunked", {}), ("chunked", {"progress": lambda fraction: None})]
        for label, options in variants:
            seconds = median_seconds(lambda: opt.basins(optimizer, function, (nx, ny), steps, **options),
                                     repeats)
            print(f"basin map {nx} x {ny}, {preset_id:<8} {steps:>4} steps {label:<9}: {seconds:6.3f} s "
                  f"({nx * ny * steps / seconds:.3e} row-steps/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    parser.add_argument("--only", choices=("runs", "record", "basins"), help="one section only")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    function = opt.FUNCTIONS["two_wells"]
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, function two_wells")
    if args.only in (None, "runs"):
        bench_runs(function, args.quick, repeats)
    if args.only in (None, "record"):
        bench_record(function, args.quick, repeats)
    if args.only in (None, "basins"):
        bench_basins(function, args.quick)


if __name__ == "__main__":
    main()
