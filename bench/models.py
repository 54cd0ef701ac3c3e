"""Speed of the model functions (``optimizers.MODELS``) in CPython: minibatch and full-batch runs.

Run: .venv/bin/python bench/models.py [--starts 100] [--steps 500] [--repeats 3]
Prints, per model and batch size, the median wall-clock and CPU time of one batched run of Adam from ``--starts``
seeded starts for ``--steps`` steps (the value at every step is the full-data loss; the
gradient is the minibatch's), and the time to find each model's minima. This 2-core VM is
noisy: read the figures as ranges. Needs the data (``python -m site_build.datasets``).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import optimizers as opt  # noqa: E402

BATCH_SIZES = (1, 32, None)   # None: the full data set (plain gradient descent on the loss)


def starts_for(model, count: int) -> np.ndarray:
    (x0, x1), (y0, y1) = model.domain
    rng = np.random.default_rng(0)
    return np.column_stack([rng.uniform(x0, x1, count), rng.uniform(y0, y1, count)])


def time_run(model, batch_size, starts, steps: int, repeats: int) -> "tuple[float, float]":
    """Median wall-clock and CPU seconds of one run (CPU time is steadier on a shared machine)."""
    adam = opt.OPTIMIZERS["adam"](lr=0.05)
    wall, cpu = [], []
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        batches = None if batch_size is None else opt.Minibatches(model, batch_size, seed=0)
        opt.run(adam, model, starts, steps, minibatch=batches)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=100)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    cases = [("linear_regression", {"standardize": 0}), ("linear_regression", {"standardize": 1}),
             ("logistic_regression", {}), ("tanh_network", {})]
    print(f"Adam, {args.starts} starts x {args.steps} steps, median of {args.repeats}: wall ms (CPU ms)")
    for model_id, params in cases:
        model = opt.MODELS[model_id].with_params(**params)
        model.value(model.domain[0][:1] + model.domain[1][:1])      # the data read once, outside the timing
        fresh = dataclasses.replace(model)                           # minima not computed yet
        began = time.perf_counter()
        _ = fresh.minima
        minima_ms = (time.perf_counter() - began) * 1000
        starts = starts_for(model, args.starts)
        label = model_id + "".join(f" {k}={v}" for k, v in params.items())
        cells = []
        for batch_size in BATCH_SIZES:
            wall, cpu = time_run(model, batch_size, starts, args.steps, args.repeats)
            cells.append(f"batch {batch_size or model.size}: {wall * 1000:5.0f} ({cpu * 1000:4.0f} CPU)")
        print(f"{label:38s} " + "  ".join(cells) + f"   minima: {minima_ms:5.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
