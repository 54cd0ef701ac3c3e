"""The facts the catalog publishes so the page restates none (issue 15): each is the one the
API itself enforces or uses, checked by asking the API for just that much and one more."""

import json

import pytest

import optimizers as opt
from optimizers import outcomes
from pyodide_app import api

CATALOG = api.describe()
LIMITS = CATALOG["limits"]


def run_args(starts=1, steps=1, runs=1):
    return {"function": {"id": "booth"}, "starts": [[0.0, 0.0]] * starts,
            "runs": [{"optimizer": "sgd", "steps": steps}] * runs}


def test_the_catalog_is_plain_json_with_every_published_fact():
    json.dumps(CATALOG, allow_nan=False)
    assert {"limits", "recordable", "grid", "plot", "end_point_tolerance", "custom_function"} <= CATALOG.keys()
    assert CATALOG["custom_function"]["id"] == "custom"
    assert CATALOG["grid"] == {"nx": api.GRID_SIDE, "ny": api.GRID_SIDE} and api.GRID_SIDE % 2 == 1
    assert CATALOG["plot"]["margins"].keys() == {"top", "right", "bottom", "left"}
    assert CATALOG["end_point_tolerance"] == {"view_share": outcomes.VIEW_SHARE, "gap_share": outcomes.GAP_SHARE}
    assert CATALOG["outcome_kinds"] == ["converged", "still-moving", "diverged", "left-view"]


def test_the_tolerance_the_catalog_states_is_the_one_runs_are_decided_by():
    share, gap = CATALOG["end_point_tolerance"]["view_share"], CATALOG["end_point_tolerance"]["gap_share"]
    function = opt.FUNCTIONS["himmelblau"]
    minima = function.minima
    smallest_gap = min(float(((a - b) ** 2).sum() ** 0.5) for i, a in enumerate(minima) for b in minima[i + 1:])
    for view in ([[-5, 5], [-5, 5]], [[2.9, 3.1], [1.9, 2.05]]):
        expected = min(share * max(view[0][1] - view[0][0], view[1][1] - view[1][0]), gap * smallest_gap)
        assert opt.basin_map.default_tolerance(function, view) == pytest.approx(expected, rel=1e-15)


def test_the_recordable_vectors_are_what_a_run_may_record():
    names = [entry["name"] for entry in CATALOG["recordable"]]
    assert names == list(api.RECORD_NAMES) and all(entry["label"] for entry in CATALOG["recordable"])
    reply = api.run({**run_args(steps=3), "runs": [{"optimizer": "sgd", "hyperparams": {"momentum": 0.9},
                                                    "steps": 3, "record": names}]})
    assert sorted(reply["runs"][0]["recorded"]) == sorted(names)
    refused = api.run({**run_args(), "runs": [{"optimizer": "sgd", "steps": 1, "record": ["exp_avg"]}]})
    assert "record may name" in refused["runs"][0]["error"]


@pytest.mark.parametrize("within, beyond, said", [
    (run_args(starts=LIMITS["starts"]), run_args(starts=LIMITS["starts"] + 1), "starts must have between 1 and"),
    (run_args(steps=LIMITS["steps"]), run_args(steps=LIMITS["steps"] + 1), "steps must be between 0 and"),
    (run_args(runs=LIMITS["runs"]), run_args(runs=LIMITS["runs"] + 1), "runs must have between 1 and"),
])
def test_each_run_limit_is_the_apis(within, beyond, said):
    reply = api.run(within)
    assert all("error" not in run for run in reply["runs"])
    refused = None
    try:
        refused = api.run(beyond)
    except ValueError as error:
        assert said in str(error)
    else:
        assert any(said in run.get("error", "") for run in refused["runs"])


def test_the_point_limits_are_the_apis():
    per_run = LIMITS["points_per_run"]
    starts = 1000
    steps = per_run // starts - 1                       # (steps + 1) * starts == the limit
    assert "error" not in api.run(run_args(starts=starts, steps=steps))["runs"][0]
    assert "too much for one run" in api.run(run_args(starts=starts, steps=steps + 1))["runs"][0]["error"]
    per_request = LIMITS["points_per_request"]
    runs = per_request // per_run
    with pytest.raises(ValueError, match="more than 8,000,000 at once"):
        api.run_job(run_args(starts=starts, steps=steps, runs=runs + 1))
    api.run_job(run_args(starts=starts, steps=steps, runs=runs)).close()   # accepted (not run here)
    assert LIMITS["state_work"] == per_request


def test_the_grid_basin_and_value_limits_are_the_apis():
    side, points = LIMITS["grid_side"], LIMITS["grid_points"]
    with pytest.raises(ValueError, match=f"nx must be between 2 and {side}"):
        api.grid({"function": {"id": "booth"}, "nx": side + 1, "ny": 2})
    assert api.grid({"function": {"id": "booth"}, "nx": side, "ny": points // side})["values"].size == points
    low, high = LIMITS["basin_resolution_min"], LIMITS["basin_resolution_max"]
    entry = {"optimizer": "sgd", "steps": 1}
    for resolution in (low - 1, high + 1):
        with pytest.raises(ValueError, match=f"resolution must be between {low} and {high}"):
            api.basins_job({"function": {"id": "booth"}, "resolution": resolution, "runs": [entry]})
    entry = {**entry, "steps": LIMITS["steps"]}
    maps = LIMITS["basin_work"] // (high * high * LIMITS["steps"])      # as many maps as the work allows
    api.basins_job({"function": {"id": "booth"}, "resolution": high, "runs": [entry] * maps}).close()
    with pytest.raises(ValueError, match=f"more than {LIMITS['basin_work']:,} at once"):
        api.basins_job({"function": {"id": "booth"}, "resolution": high, "runs": [entry] * (maps + 1)})
    most = LIMITS["value_points"]
    assert len(api.values({"function": {"id": "booth"}, "points": [[0, 0]] * most})["values"]) == most
    with pytest.raises(ValueError, match=f"points must have between 1 and {most}"):
        api.values({"function": {"id": "booth"}, "points": [[0, 0]] * (most + 1)})
