"""Observation 5, measured: on Rosenbrock, from what share of starts each optimizer reaches
(1, 1) within its steps, and within a much larger budget; how long and how different the paths are."""

from __future__ import annotations

from typing import Any, Dict

import numpy as np

import optimizers as opt
from optimizers.presets import PRESETS

from . import lattice as lat
from .ends import at, describe_ends, label, run_ends
from .values import count, number, percent, point, rate, text

FUNCTION = "rosenbrock"
FOUR = ("sgd", "momentum", "rmsprop", "adam")
BUDGET = 10_000          # steps given to each optimizer on the coarse lattice
COLUMNS = ["Optimizer", "Learning rate", "Steps", "Reached the minimum", "Still moving", "Left the view",
           f"Reached it within {BUDGET:,} steps", f"Median steps needed (of those within {BUDGET:,})"]


def name_minimum(index: int) -> str:
    return f"at the minimum {at(np.asarray(opt.FUNCTIONS[FUNCTION].minima)[index])}"


def measure(resolution: int, coarse: int) -> Dict[str, Any]:
    function = opt.FUNCTIONS[FUNCTION]
    target = np.asarray(function.global_minima)[0]
    tolerance = opt.basin_map.default_tolerance(function)
    newer = [key for key, preset in PRESETS.items() if preset.group == "newer"]
    runs = {key: lat.preset_entry(key, FUNCTION) for key in FOUR + tuple(newer)}
    maps = lat.basin_maps(FUNCTION, list(runs.values()), resolution)
    shares = {key: lat.outcome_shares(maps[key]) for key in runs}
    coarse_starts = lat.lattice_starts(FUNCTION, coarse)
    reach = {key: lat.steps_to_reach({**runs[key], "steps": BUDGET}, FUNCTION, coarse_starts, target, tolerance)
             for key in FOUR}
    rows = []
    for key in FOUR:
        within = reach[key] >= 0
        rows.append([text(label(key)), rate(runs[key]["hyperparams"]["lr"]), count(runs[key]["steps"]),
                     percent(shares[key]["global"]), percent(shares[key]["still_moving"]), percent(shares[key]["gone"]),
                     percent(within.mean()),
                     count(int(np.median(reach[key][within]))) if within.any() else text("none")])
    newer_rows = [[text(label(key)), rate(lat.learning_rate_of(runs[key])), count(runs[key]["steps"]),
                   percent(shares[key]["global"]), percent(shares[key]["still_moving"]), percent(shares[key]["gone"])]
                  for key in newer]
    # the figure's start: on the coarse lattice, one from which all four reach (1, 1) within the
    # budget, nearest the centre of the view; the figure runs them for as many steps as the slowest needs
    all_reach = np.all([reach[key] >= 0 for key in FOUR], axis=0)
    index = lat.nearest_to(coarse_starts, all_reach, lat.view_centre(FUNCTION))
    start = np.round(coarse_starts[index], 10).tolist()
    needed = {key: int(reach[key][index]) for key in FOUR}
    figure_steps = max(needed.values())
    long_runs = [{**runs[key], "steps": figure_steps} for key in FOUR]
    lengths = {entry["key"]: float(lat.path_measures(entry, FUNCTION, np.asarray([start]),
                                                     lambda points: {"length": lat.path_length(points)})["length"][0])
               for entry in long_runs}
    sentence = describe_ends(run_ends(FUNCTION, start, long_runs), name_minimum)
    slowest, fastest = max(needed, key=needed.get), min(needed, key=needed.get)
    longest, shortest = max(lengths, key=lengths.get), min(lengths, key=lengths.get)
    newer_ends = run_ends(FUNCTION, start, [{**runs[key], "steps": figure_steps} for key in newer])
    newer_sentence = describe_ends(newer_ends, name_minimum)
    numbers = {
        "rb_minimum": point(target), "rb_tolerance": number(tolerance), "rb_budget": count(BUDGET),
        "rb_all_reach_budget": percent(all_reach.mean()),
        "rb_any_reach_steps": percent(np.mean([shares[key]["global"] for key in FOUR])),
        **{f"rb_{key}_reach": percent(shares[key]["global"]) for key in FOUR},
        **{f"rb_{key}_reach_budget": percent((reach[key] >= 0).mean()) for key in FOUR},
        "obs5_start": point(start), "obs5_figure_steps": count(figure_steps), "obs5_ends": text(sentence),
        **{f"obs5_{key}_needed": count(needed[key]) for key in FOUR},
        **{f"obs5_{key}_length": number(lengths[key]) for key in FOUR},
        "obs5_slowest_label": text(label(slowest)), "obs5_fastest_label": text(label(fastest)),
        "obs5_longest_label": text(label(longest)), "obs5_shortest_label": text(label(shortest)),
        "obs5_length_ratio": number(lengths[longest] / lengths[shortest]),
        "newer_rb_most_label": text(label(max(newer, key=lambda key: shares[key]["global"]))),
        "newer_rb_most": percent(max(shares[key]["global"] for key in newer)),
        "newer_rb_ends": text(newer_sentence), "newer_count": count(len(newer)),
        "newer_rb_reached_count": count(sum(end["outcome"] == 0 for end in newer_ends)),
    }
    figures = {
        "observation-5": {
            "id": "observation-5", "function": FUNCTION, "starts": [start], "presets": list(FOUR),
            "steps": {key: figure_steps for key in FOUR},
            "caption": f"Rosenbrock from {at(start)}, every optimizer run for {figure_steps:,} steps (the most "
                       f"that any of them needs from here). {sentence}",
            "alt": f"Contour plot of Rosenbrock's curved valley with four paths from {at(start)} that take "
                   f"different routes to (1, 1): {label(longest)}'s is the longest, {label(shortest)}'s the shortest. "
                   f"{sentence}"},
        "newer-rosenbrock": {
            "id": "newer-rosenbrock", "function": FUNCTION, "starts": [start], "presets": newer,
            "steps": {key: figure_steps for key in newer},
            "caption": f"The newer optimizers on Rosenbrock from {at(start)}, each run for {figure_steps:,} steps "
                       f"as in observation 5. {newer_sentence}",
            "alt": f"Contour plot of Rosenbrock with the newer optimizers' paths from {at(start)}. {newer_sentence}"},
    }
    return {"numbers": numbers, "figures": figures,
            "tables": {"rosenbrock-2018": {"columns": COLUMNS, "rows": rows},
                       "newer-rosenbrock": {"columns": COLUMNS[:6], "rows": newer_rows}}}

