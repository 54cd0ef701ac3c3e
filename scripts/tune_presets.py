"""Rerun the tuning behind the ``tuned`` presets and write its data file.

    .venv/bin/python scripts/tune_presets.py                  # every function, the stored seed
    .venv/bin/python scripts/tune_presets.py --functions booth rosenbrock --out /tmp/tuned.json

Searches each 2018 optimizer's learning rate (and Momentum's momentum) on each function
for the objective stated in ``optimizers.tuning`` and in the file, prints a table of
tuned vs 2018 objectives and the time taken. The same seed and starts give the same
bytes. Without ``--functions`` the output replaces the whole file; with it, only the
named functions are tuned and written (to ``--out``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from optimizers import FUNCTIONS, presets, tuning  # noqa: E402

DATA_FILE = Path(presets.__file__).parent / presets.TUNED_DATA


def _objective(value) -> str:
    return "inf" if value is None else f"{value:.3g}"


def _settings(hyperparams) -> str:
    return ", ".join(f"{key}={value:g}" for key, value in hyperparams.items())


def print_table(data) -> None:
    """One line per function and optimizer: chosen settings, objective tuned vs 2018."""
    print(f"{'function':<17} {'optimizer':<9} {'tuned settings':<22} {'2018 settings':<22} "
          f"{'tuned':>9} {'2018':>9} {'failed':>6}")
    for function_id, entry in data["functions"].items():
        if "skipped" in entry:
            print(f"{function_id:<17} skipped: {entry['skipped']}")
            continue
        for preset_id, result in entry["presets"].items():
            old = result["post2018"]
            print(f"{function_id:<17} {preset_id:<9} {_settings(result['hyperparams']):<22} "
                  f"{_settings(old['hyperparams']):<22} {_objective(result['objective']):>9} "
                  f"{_objective(old['objective']):>9} {result['failed']:>6.1%}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=tuning.SEED, help="seed of the start points")
    parser.add_argument("--starts", type=int, default=tuning.STARTS, help="how many start points")
    parser.add_argument("--out", type=Path, default=DATA_FILE, help="where to write the JSON")
    parser.add_argument("--functions", nargs="+", choices=sorted(FUNCTIONS), help="tune only these")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    data = tuning.tune(args.functions, seed=args.seed, starts=args.starts)
    took = time.perf_counter() - began
    print_table(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(tuning.to_json(data), encoding="utf-8")
    print(f"tuned in {took:.1f} s; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
