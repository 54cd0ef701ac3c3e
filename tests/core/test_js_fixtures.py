"""The node tests' fixtures computed by CPython (tests/js/fixtures/): each is what the core gives
today, so a node test that reads one tests the page's code on real runs. Run this file as a script
to write them again: ``.venv/bin/python tests/core/test_js_fixtures.py``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import optimizers as opt  # noqa: E402
from optimizers.presets import PRESETS, preset_settings  # noqa: E402
from pyodide_app import api  # noqa: E402

FIXTURES = REPO / "tests" / "js" / "fixtures"
DIGITS = 7   # decimals kept: 1e-7 of a domain unit is far below a pixel


def rastrigin_paths(start=(-1.8432, -2.1504), function_id="rastrigin") -> dict:
    """The four default presets as resolved for rastrigin, run from ``start`` (the issue's
    /rastrigin/#s=-1.8432,-2.1504): each path to its last step, in the page's drawing order."""
    fn = opt.FUNCTIONS[function_id]
    paths = []
    for key in api.describe()["default_presets"]:
        hyperparams, steps = preset_settings(key, function_id)
        traj = opt.run(opt.OPTIMIZERS[PRESETS[key].optimizer](**hyperparams), fn, np.array([start], dtype=float), steps)
        last = int(traj.last_step[0])
        points = np.round(traj.points[: last + 1, 0, :], DIGITS).tolist()
        paths.append({"key": key, "status": str(traj.status[0]), "points": points})
    return {"function": function_id, "domain": [list(side) for side in fn.domain], "start": list(start),
            "paths": paths}


CASES = {"rastrigin-paths.json": rastrigin_paths}


def test_fixtures_are_what_cpython_computes_today():
    for name, make in CASES.items():
        saved = json.loads((FIXTURES / name).read_text())
        fresh = make()
        assert [p["key"] for p in saved["paths"]] == [p["key"] for p in fresh["paths"]], name
        for a, b in zip(saved["paths"], fresh["paths"]):
            assert a["status"] == b["status"], (name, a["key"])
            assert np.allclose(a["points"], b["points"], rtol=0, atol=2 * 10.0 ** -DIGITS), (name, a["key"])
        assert {k: v for k, v in saved.items() if k != "paths"} == {k: v for k, v in fresh.items() if k != "paths"}


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        (FIXTURES / name).write_text(json.dumps(make(), separators=(",", ":")) + "\n")
        print("wrote", FIXTURES / name)
