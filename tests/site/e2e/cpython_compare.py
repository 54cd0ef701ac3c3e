"""The page's numbers against CPython's: the same runs computed here, a run's chaos horizon, the
points a playground drew, and the table-against-CPython assertion the end-to-end tests share
(fixtures ``differences`` and ``matches_cpython`` in conftest.py)."""

from __future__ import annotations

import math
from typing import List

import numpy as np

class Differences:
    """The largest relative difference between the page's numbers and CPython's, per session."""

    largest = 0.0
    where = ""
    chaotic: List[str] = []


def relative_difference(a: float, b: float) -> float:
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def cpython_trajectory(function_id: str, preset_id: str, start, scale: float = 1.0):
    """optimizers.run for a preset, with its settings for ``function_id`` (as the page
    resolves them: ``preset_settings``), from one start point (times ``scale``)."""
    import numpy as np
    import optimizers as opt
    from optimizers.presets import PRESETS, preset_settings

    hyperparams, steps = preset_settings(preset_id, function_id)
    optimizer = opt.OPTIMIZERS[PRESETS[preset_id].optimizer](**hyperparams)
    return opt.run(optimizer, opt.FUNCTIONS[function_id], np.array([start], dtype=np.float64) * scale, steps)


def chaos_horizon(function_id: str, preset_id: str, start, traj):
    """(the first step at which starts 1e-13 (relative) away are more than 1e-10 apart, or None;
    the (status, last_step) every such start shares, or None).

    Past that step the run amplifies rounding differences (SGD on Rastrigin with a large
    step does), so a browser's libm that differs from CPython's in the last bit of sin()
    legitimately gives other numbers; before it the numbers must agree.
    """
    import numpy as np

    horizon = None
    outcomes = set()
    for scale in (1 + 1e-13, 1 - 1e-13):
        other = cpython_trajectory(function_id, preset_id, start, scale)
        outcomes.add((str(other.status[0]), int(other.last_step[0])))
        with np.errstate(invalid="ignore"):
            gap = np.abs(other.points - traj.points).max(axis=(1, 2)) / np.maximum(1.0, np.abs(traj.points).max(axis=(1, 2)))
        far = np.flatnonzero(~(gap <= 1e-10))
        if far.size and (horizon is None or far[0] < horizon):
            horizon = int(far[0])
    # The outcome (status and step count) is still predictable when every nearby start shares it.
    outcomes.add((str(traj.status[0]), int(traj.last_step[0])))
    return horizon, (outcomes.pop() if len(outcomes) == 1 else None)


def page_points(page, index: int, key: str, steps: int, row: int = 0) -> List[List[float]]:
    """Points 0..steps-1 of start ``row`` of the last run of ``key``, read from the playground."""
    return page.evaluate(
        """([index, key, steps, row]) => {
          const run = document.querySelectorAll('[data-playground]')[index].playground.runs.get(key);
          const out = [];
          for (let s = 0; s < Math.min(steps, run.last_step[row] + 1); s++) {
            const i = (s * run.n + row) * 2;
            out.push([run.points[i], run.points[i + 1]]);
          }
          return out;
        }""", [index, key, steps, row])


def assert_matches_cpython(rows: List[dict], function_id: str, differences, page=None, index: int = 0,
                           rel: float = 1e-9, abs_floor: float = 1e-12) -> float:
    """Every table row equals CPython's run of the same preset from the same start.

    A row whose end is not CPython's passes only if its run is chaotic (see ``chaos_horizon``)
    and the arrays the page drew equal CPython's step by step up to the horizon.
    """
    assert rows, "the results table is empty"
    largest = 0.0

    def compare(got: float, expected: float, what: str) -> None:
        nonlocal largest
        assert math.isclose(got, expected, rel_tol=rel, abs_tol=abs_floor), \
            f"{what}: page {got!r}, CPython {expected!r}"
        if max(abs(got), abs(expected)) > abs_floor:
            difference = relative_difference(got, expected)
            largest = max(largest, difference)
            if difference > differences.largest:
                differences.largest = difference
                differences.where = f"({function_id}, {what})"

    starts = []
    for row in rows:
        start = (float(row["start-x"]), float(row["start-y"]))
        if start not in starts:
            starts.append(start)
        traj = cpython_trajectory(function_id, row["key"], start)
        last = int(traj.last_step[0])
        ends = [(float(row["end-x"]), float(traj.points[last, 0, 0]), "end-x"),
                (float(row["end-y"]), float(traj.points[last, 0, 1]), "end-y"),
                (float(row["f-end"]), float(traj.values[last, 0]), "f-end")]
        if (row["status"], int(float(row["steps"]))) == (str(traj.status[0]), last) and \
                all(math.isclose(got, want, rel_tol=rel, abs_tol=abs_floor) for got, want, _ in ends):
            for got, want, what in ends:
                compare(got, want, f"{row['key']} {what}")
            continue
        # Not the same end: the same numbers up to the run's chaos horizon, if it has one, will do.
        horizon, outcome = chaos_horizon(function_id, row["key"], start, traj)
        if horizon is not None:
            if outcome is not None:
                assert (row["status"], int(float(row["steps"]))) == outcome, (row, outcome)
            assert page is not None, f"{row['key']} on {function_id} is chaotic from step {horizon}: pass page="
            points = page_points(page, index, row["key"], horizon, starts.index(start))
            assert len(points) == min(horizon, int(traj.last_step[0]) + 1)
            for step, (x, y) in enumerate(points):
                compare(x, float(traj.points[step, 0, 0]), f"{row['key']} x at step {step}")
                compare(y, float(traj.points[step, 0, 1]), f"{row['key']} y at step {step}")
            differences.chaotic.append(f"{function_id}/{row['key']} (horizon {horizon})")
            continue
        assert row["status"] == str(traj.status[0]), (row, traj.status)
        assert int(float(row["steps"])) == last, (row, last)
        for got, want, what in ends:
            compare(got, want, f"{row['key']} {what}")
    return largest


# --- a figure's stated state (test_figures.py) ------------------------------------------------

def cpython_run(stated: dict, scale: float = 1.0) -> dict:
    """pyodide_app.api.run of the stated state in CPython: {(key, row): (status, last, points, values)}."""
    from pyodide_app import api

    starts = [[x * scale, y * scale] for x, y in stated["starts"]]
    value = api.run({"function": {"id": stated["function"], "params": stated["params"]}, "starts": starts,
                     "runs": stated["runs"],   # a model's figure may state its minibatches and view
                     **{key: stated[key] for key in ("minibatch", "view") if stated.get(key)}})
    out = {}
    for run in value["runs"]:
        assert "error" not in run, run
        points = run["points"].reshape(run["steps"] + 1, run["n"], 2)
        values = run["values"].reshape(run["steps"] + 1, run["n"])
        for row in range(run["n"]):
            out[(run["key"], row)] = (run["status"][row], int(run["last_step"][row]), points[:, row], values[:, row])
    return out


def chaos_horizons(stated: dict, expected: dict) -> dict:
    """{(key, row): first step where starts 1e-13 (relative) away part by more than 1e-10}: past it
    a browser's libm may legitimately differ from CPython's in the last bit (conftest.chaos_horizon)."""
    horizons = {}
    for scale in (1 + 1e-13, 1 - 1e-13):
        other = cpython_run(stated, scale)
        for key, (_, _, points, _) in expected.items():
            with np.errstate(invalid="ignore"):
                gap = np.abs(other[key][2] - points).max(axis=1) / np.maximum(1.0, np.abs(points).max(axis=1))
            far = np.flatnonzero(~(gap <= 1e-10))
            if far.size:
                horizons[key] = min(horizons.get(key, int(far[0])), int(far[0]))
    return horizons


def same_end(row: dict, expected) -> bool:
    status, last, points, values = expected
    return row["status"] == status and int(float(row["steps"])) == last and all(
        math.isclose(float(row[column]), float(want), rel_tol=1e-9, abs_tol=1e-12)
        for column, want in (("end-x", points[last, 0]), ("end-y", points[last, 1]), ("f-end", values[last])))
