"""How a run ended is decided once (optimizers.outcomes); every run, basin map and article sentence
follows that one rule. The expected kinds are computed here by a plain restatement of the rule."""

import functools
import math

import numpy as np
import pytest

import optimizers as opt
from optimizers import outcomes
from optimizers.basin_map import LABEL_DIVERGED, LABEL_LEFT_VIEW, LABEL_NONE
from pyodide_app import api
from site_build.article import lattice as lat
from site_build.article.ends import run_ends
from start_points import starts_in


def plain_tolerance(minima, view):
    """The rule's tolerance, restated: 1% of the view's larger side, at most a quarter of the
    smallest distance between two minima."""
    (x0, x1), (y0, y1) = view
    tolerance = 0.01 * max(x1 - x0, y1 - y0)
    for i, a in enumerate(minima):
        for b in minima[i + 1:]:
            tolerance = min(tolerance, 0.25 * math.hypot(a[0] - b[0], a[1] - b[1]))
    return tolerance


def plain_outcome(status, end, minima, view):
    """(kind, minimum index or None) for one run, by the rule in words, one row at a time."""
    if status == "diverged":
        return "diverged", None
    if status == "escaped":
        return "left-view", None
    tolerance = plain_tolerance(minima, view)
    best, best_distance = None, math.inf
    for index, minimum in enumerate(minima):
        distance = math.hypot(end[0] - minimum[0], end[1] - minimum[1])
        if distance < best_distance:
            best, best_distance = index, distance
    if best is not None and best_distance <= tolerance:
        return "converged", best
    (x0, x1), (y0, y1) = view
    if not (x0 <= end[0] <= x1 and y0 <= end[1] <= y1):
        return "left-view", None
    return "still-moving", None


def end_of(run, row):
    step = run["last_step"][row]
    points = np.asarray(run["points"]).reshape(run["steps"] + 1, run["n"], 2)
    return points[step, row].tolist()


def preset_runs(function_id, keys=tuple(opt.PRESETS)):
    return [lat.preset_entry(key, function_id) for key in keys if opt.PRESETS[key].optimizer in opt.OPTIMIZERS]


def zoomed(function):
    """A view that is not the default one: a third of the domain, off centre."""
    (x0, x1), (y0, y1) = function.domain
    w, h = x1 - x0, y1 - y0
    return [[x0 + 0.2 * w, x0 + 0.55 * w], [y0 + 0.3 * h, y0 + 0.65 * h]]


@functools.lru_cache(maxsize=None)
def table_case(function_id, which_view):
    """The run reply the table checks, and the view it was decided for (cached: two tests read it)."""
    function = opt.FUNCTIONS[function_id]
    starts = starts_in(function, 3, seed=len(function_id)).tolist()
    args = {"function": {"id": function_id}, "starts": starts, "runs": preset_runs(function_id)}
    view = [list(r) for r in function.domain]
    if which_view == "zoomed":   # the default presets (the others' runs are the default view's)
        view = args["view"] = zoomed(function)
        args["runs"] = preset_runs(function_id, opt.DEFAULT_PRESETS)
    return api.run(args), view


CASES = [(function_id, which_view) for function_id in opt.FUNCTIONS for which_view in ("default", "zoomed")]


@pytest.mark.parametrize("function_id, which_view", CASES)
def test_every_presets_outcome_on_every_function_is_the_rule(function_id, which_view):
    function = opt.FUNCTIONS[function_id]
    reply, view = table_case(function_id, which_view)
    minima = function.minima.tolist()
    is_global = [any(m == g for g in function.global_minima.tolist()) for m in minima]
    for run in reply["runs"]:
        assert "error" not in run, run
        assert len(run["outcomes"]) == run["n"] == 3
        for row, said in enumerate(run["outcomes"]):
            kind, index = plain_outcome(run["status"][row], end_of(run, row), minima, view)
            assert (said["kind"], said["minimum"]) == (kind, index), (run["key"], row)
            assert said["step"] == run["last_step"][row]
            assert said["at"] == (minima[index] if index is not None else None)
            assert said["global"] == (is_global[index] if index is not None else False)


def test_the_table_meets_every_kind_but_diverged():
    """The table is not vacuous: its runs end in three of the four ways (diverged: below)."""
    seen = {said["kind"] for case in CASES for run in table_case(*case)[0]["runs"] for said in run["outcomes"]}
    assert {"converged", "still-moving", "left-view"} <= seen


def test_the_tolerance_is_the_views_share_or_the_gap_share_whichever_is_smaller():
    assert outcomes.end_point_tolerance([[0, 0]], [[-2, 2], [-1, 1]]) == pytest.approx(0.04)
    assert outcomes.end_point_tolerance([[0, 0], [0.1, 0]], [[-2, 2], [-1, 1]]) == pytest.approx(0.025)
    function = opt.FUNCTIONS["two_wells"]
    assert opt.basin_map.default_tolerance(function) == plain_tolerance(function.minima.tolist(), function.domain)
    small = [[-1.0, -0.9], [-0.05, 0.05]]
    assert opt.basin_map.default_tolerance(function, small) == pytest.approx(0.001)


def test_each_kind_by_hand():
    minima = [[0.0, 0.0], [1.0, 0.0]]
    view = [[-1, 2], [-1, 1]]            # tolerance 0.03
    ends = [[0.02, 0.0], [0.5, 0.5], [3.0, 0.0], [0.99, 0.0], [5.0, 5.0], [np.nan, np.nan], [0.0, 0.0], [1.0, 0.0]]
    status = ["ok", "ok", "ok", "ok", "ok", "diverged", "escaped", "diverged"]
    ended = outcomes.classify(ends, status, minima, view)
    assert ended.kinds.tolist() == ["converged", "still-moving", "left-view", "converged", "left-view",
                                    "diverged", "left-view", "diverged"]
    assert ended.minimum.tolist() == [0, -1, -1, 1, -1, -1, -1, -1]
    # a minimum outside the view still counts: the run converged there
    assert outcomes.classify([[1.0, 0.0]], ["ok"], minima, [[-1, 0.5], [-1, 1]]).kinds.tolist() == ["converged"]
    with pytest.raises(ValueError, match="must match"):
        outcomes.classify([[0, 0]], ["ok", "ok"], minima, view)
    for view in ([[1, 1], [0, 1]], [[-1e308, 1e308], [0, 1]], [[0, 1], [0, np.inf]]):
        with pytest.raises(ValueError, match="view's . range must be finite"):
            outcomes.classify([[0, 0]], ["ok"], minima, view)


def test_a_formula_that_is_not_finite_at_the_start_diverges():
    reply = api.run({"function": {"expression": "log(x) + y**2"}, "starts": [[-1.0, 0.5], [1.5, 0.5]],
                     "runs": [{"optimizer": "sgd", "hyperparams": {"lr": 0.1}, "steps": 20}]})
    said = reply["runs"][0]["outcomes"]
    assert said[0]["kind"] == "diverged" and said[0]["minimum"] is None and said[0]["step"] == 0


@pytest.mark.parametrize("function_id", ["two_wells", "rastrigin", "himmelblau"])
def test_basin_labels_run_outcomes_and_the_articles_ends_agree(function_id):
    function = opt.FUNCTIONS[function_id]
    entries = [lat.preset_entry(key, function_id) for key in ("sgd", "momentum", "rmsprop", "adam")]
    for view in (None, zoomed(function)):
        lattice_view = function.domain if view is None else view
        xs, ys = opt.basin_map.lattice(lattice_view, (7, 7))
        grid_x, grid_y = np.meshgrid(xs, ys)
        starts = np.column_stack([grid_x.ravel(), grid_y.ravel()]).tolist()
        maps = api.basins({"function": {"id": function_id}, "resolution": 7, "runs": entries,
                           **({} if view is None else {"domain": view})})["maps"]
        ran = api.run({"function": {"id": function_id}, "starts": starts, "runs": entries,
                       **({} if view is None else {"view": view})})["runs"]
        kinds = {LABEL_NONE: "still-moving", LABEL_DIVERGED: "diverged", LABEL_LEFT_VIEW: "left-view"}
        for made, run in zip(maps, ran):
            from_run = [said["minimum"] if said["kind"] == "converged" else said["kind"] for said in run["outcomes"]]
            from_map = [int(label) if label >= 0 else kinds[int(label)] for label in made["labels"]]
            assert from_run == from_map, made["key"]
    # the article's sentences come from the same answer (it runs in the default view)
    starts = [[-1.5, 1.0], [0.5, -0.5], [1.2, 1.2]]
    ran = api.run({"function": {"id": function_id}, "starts": starts, "runs": entries})["runs"]
    for row, start in enumerate(starts):
        for entry, end in zip(entries, run_ends(function_id, start, entries)):
            said = next(run for run in ran if run["key"] == entry["key"])["outcomes"][row]
            assert end["outcome"] == (said["minimum"] if said["kind"] == "converged" else said["kind"])


def test_the_outcomes_method_equals_runs_outcomes_for_any_view():
    function = opt.FUNCTIONS["two_wells"]
    starts = starts_in(function, 6, seed=3).tolist() + [[1.9, 1.9]]
    entries = [lat.preset_entry(key, "two_wells") for key in ("sgd", "adam", "torch_sgd")]
    entries.append({"key": "wild", "optimizer": "sgd", "hyperparams": {"lr": 5.0}, "steps": 50})
    for view in (None, [[-1.2, 0.2], [-0.5, 0.5]], [[0.8, 1.0], [-0.1, 0.1]]):
        extra = {} if view is None else {"view": view}
        reply = api.run({"function": {"id": "two_wells"}, "starts": starts, "runs": entries, **extra})
        first = api.run({"function": {"id": "two_wells"}, "starts": starts, "runs": entries})
        for run, unviewed in zip(reply["runs"], first["runs"]):
            ends = [end_of(run, row) for row in range(len(starts))]
            ends = [[None, None] if status != "ok" and step == 0 else end
                    for end, status, step in zip(ends, run["status"], run["last_step"])]
            again = api.METHODS["outcomes"]({"function": {"id": "two_wells"}, "ends": ends, "status": run["status"],
                                  "last_step": run["last_step"], **extra})
            assert again["outcomes"] == run["outcomes"]
            # re-deciding a default-view run for the new view equals running in that view
            redecided = api.METHODS["outcomes"]({"function": {"id": "two_wells"}, "ends": ends, "status": unviewed["status"],
                                      "last_step": unviewed["last_step"], **extra})
            assert redecided["outcomes"] == run["outcomes"]
            bare = api.METHODS["outcomes"]({"function": {"id": "two_wells"}, "ends": ends, "status": run["status"], **extra})
            assert [{**said, "step": None} for said in run["outcomes"]] == bare["outcomes"]


@pytest.mark.parametrize("args, said", [
    ({"ends": [[0, 0]], "status": ["ok", "ok"]}, "status must have between 1 and 1 items"),
    ({"ends": [[0, 0]], "status": ["lost"]}, "status\\[0\\] must be one of ok, diverged, escaped"),
    ({"ends": [[0, "a"]], "status": ["ok"]}, "ends\\[0\\]\\[1\\] must be a number"),
    ({"ends": [[0, 0]], "status": ["ok"], "view": [[1, 0], [0, 1]]}, "view's x range must go from low to high"),
    ({"ends": [[0, 0]], "status": ["ok"], "view": [[-1e308, 1e308], [0, 1]]}, "view's x range is too wide"),
    ({"ends": [[0, 0]], "status": ["ok"], "view": [[0, 1], [-1, float("inf")]]}, "view\\[1\\]\\[1\\] must be a finite"),
    ({"ends": [[0, 0]], "status": ["ok"], "last_step": [-1]}, "last_step\\[0\\] must be between"),
    ({"ends": [[0, 0]], "status": ["ok"], "extra": 1}, "unknown field 'extra'"),
])
def test_the_outcomes_method_refuses_bad_requests_in_plain_words(args, said):
    with pytest.raises(ValueError, match=said):
        api.METHODS["outcomes"]({"function": {"id": "booth"}, **args})
