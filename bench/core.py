"""Speed of the numpy core in CPython: steps per second and a basin map.

Run: .venv/bin/python bench/core.py [--quick]
Prints, per optimizer, the steps per second of one run and of batched runs of N rows
(row-steps per second = N x steps / time), and the time of a 200 x 200 basin map.
Figures are medians over repeats; this 2-core VM is noisy, so read them as ranges.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import optimizers as opt  # noqa: E402

OPTIMIZERS = ("sgd", "adam", "rmsprop", "nadam", "lion")
BATCH_SIZES = (1, 100, 10_000)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    function = opt.FUNCTIONS["two_wells"]
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, function two_wells")
    print(f"{'optimizer':<10} {'N':>7} {'steps':>6} {'seconds':>9} {'steps/s':>10} {'row-steps/s':>13}")
    for optimizer_id in OPTIMIZERS:
        if optimizer_id not in opt.OPTIMIZERS:
            continue
        optimizer = opt.OPTIMIZERS[optimizer_id]()
        for count in BATCH_SIZES:
            steps = 1000 if count < 10_000 else 200
            if args.quick:
                steps //= 4
            points = starts(function, count)
            seconds = median_seconds(lambda: opt.run(optimizer, function, points, steps), repeats)
            print(f"{optimizer_id:<10} {count:>7} {steps:>6} {seconds:>9.4f} {steps / seconds:>10.0f} "
                  f"{count * steps / seconds:>13.3e}")
    for optimizer_id, steps in (("sgd", 500), ("adam", 200)):
        optimizer = opt.OPTIMIZERS[optimizer_id](lr=0.02 if optimizer_id == "sgd" else 0.01)
        seconds = median_seconds(lambda: opt.basins(optimizer, function, (200, 200), steps), 1)
        print(f"basin map 200 x 200, {optimizer_id}, {steps} steps: {seconds:.2f} s "
              f"({40_000 * steps / seconds:.3e} row-steps/s)")


if __name__ == "__main__":
    main()
