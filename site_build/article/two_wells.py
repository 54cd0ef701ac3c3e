"""The article's measurements on two wells: observations 1 to 3, and the tables of which well
each optimizer ends in (the 2018 settings, Adam with bias correction, torch's defaults)."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence

import numpy as np

import optimizers as opt
from optimizers import outcomes
from optimizers.presets import PRESETS, preset_settings

from . import lattice as lat
from .ends import at, describe_ends, label, run_ends
from .values import count, number, percent, point, rate, text

FUNCTION = "two_wells"
FOUR = ("sgd", "momentum", "rmsprop", "adam")
LONG_ADAM_BC_STEPS = 1000          # the bias-corrected Adam given time to arrive
SGD_RATES = (1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1)
MOMENTUM_RATES = (2e-3, 5e-3, 1e-2, 2e-2, 3e-2)
VISIBLE_TURN = 0.01                # turns are counted farther than this share of the view's side from the minimum
ADAM_FACTOR_STEPS = (1, 10, 100)

WELL_COLUMNS = ["Optimizer", "Learning rate", "Steps", "Deep well", "Shallow well", "Still moving",
                "Left the view", "Deep well, of the starts that reached a well"]


def wells() -> Dict[str, Any]:
    """The two minima (from the core): index of the deep (global) one and of the shallow one."""
    function = opt.FUNCTIONS[FUNCTION]
    minima = np.asarray(function.minima).reshape(-1, 2)
    deep = next(i for i, m in enumerate(minima)
                if any(np.array_equal(m, g) for g in np.asarray(function.global_minima).reshape(-1, 2)))
    shallow = next(i for i in range(len(minima)) if i != deep)
    return {"minima": minima, "values": np.asarray(function.minima_values), "deep": deep, "shallow": shallow}


def name_well(index: int) -> str:
    w = wells()
    return f"in the {'deep' if index == w['deep'] else 'shallow'} well at {at(w['minima'][index])}"


def well_row(name: str, entry: Mapping[str, Any], basin: Mapping[str, Any]) -> List[Dict[str, Any]]:
    shares = lat.outcome_shares(basin)
    reached = shares["global"] + shares["other"]
    return [text(name), rate(lat.learning_rate_of(entry)), count(entry["steps"]), percent(shares["global"]),
            percent(shares["other"]), percent(shares["still_moving"]), percent(shares["gone"]),
            percent(shares["global"] / reached) if reached else text("none reached")]


def entries(resolution: int) -> Dict[str, Dict[str, Any]]:
    """Every run the two-wells tables need, by key."""
    runs = {key: lat.preset_entry(key, FUNCTION) for key in FOUR + ("adam_bc",)}
    runs["adam_bc_long"] = lat.preset_entry("adam_bc", FUNCTION, steps=LONG_ADAM_BC_STEPS, key="adam_bc_long")
    for key, preset in PRESETS.items():
        if preset.group in ("torch_defaults", "newer"):
            runs[key] = lat.preset_entry(key, FUNCTION)
    for lr in SGD_RATES:
        runs[f"sgd@{lr:g}"] = lat.preset_entry("sgd", FUNCTION, {"lr": lr}, key=f"sgd@{lr:g}")
    return runs


def measure(resolution: int) -> Dict[str, Any]:
    runs = entries(resolution)
    maps = lat.basin_maps(FUNCTION, list(runs.values()), resolution)
    starts = lat.lattice_starts(FUNCTION, resolution)
    w = wells()
    numbers: Dict[str, Any] = {
        "tw_deep": point(w["minima"][w["deep"]]), "tw_shallow": point(w["minima"][w["shallow"]]),
        "tw_deep_f": number(w["values"][w["deep"]]), "tw_shallow_f": number(w["values"][w["shallow"]]),
        "tw_tolerance": number(opt.basin_map.default_tolerance(opt.FUNCTIONS[FUNCTION])),
    }
    tables: Dict[str, Any] = {}
    figures: Dict[str, Any] = {}
    first = _observation_1(maps, runs, starts, w)
    for part in (first, _adam_and_torch(maps, runs, w),
                 _observation_2(starts, w, resolution), _observation_3(maps, runs, starts, w),
                 _newer(maps, runs, first["figures"]["observation-1"]["starts"][0])):
        numbers.update(part.get("numbers", {}))
        tables.update(part.get("tables", {}))
        figures.update(part.get("figures", {}))
    return {"numbers": numbers, "tables": tables, "figures": figures}


def _observation_1(maps, runs, starts, w) -> Dict[str, Any]:
    labels = np.stack([maps[key]["labels"] for key in FOUR])
    deep = w["deep"]
    all_reached = (labels >= 0).all(axis=0)
    differ = all_reached & (labels.min(axis=0) != labels.max(axis=0))
    adam_deep = labels[FOUR.index("adam")] == deep
    others_shallow = (labels[:3] == w["shallow"]).sum(axis=0)
    best = int(others_shallow[adam_deep].max())
    index = lat.nearest_to(starts, adam_deep & (others_shallow == best), lat.view_centre(FUNCTION))
    start = np.round(starts[index], 10).tolist()
    shares = {key: maps[key]["global_fraction"] for key in FOUR}
    most = max(FOUR, key=lambda key: shares[key])
    ends = run_ends(FUNCTION, start, [runs[key] for key in FOUR])
    sentence = describe_ends(ends, name_well)
    return {
        "numbers": {
            "obs1_start": point(start), "obs1_others_shallow": count(best),
            "obs1_differ": percent(differ.mean()), "obs1_agree": percent(1 - differ.mean()),
            "obs1_adam_deep_when_differ": percent((differ & adam_deep).sum() / differ.sum()),
            "obs1_adam_alone_shallow": percent(((labels[:3] == deep).all(axis=0)
                                                & (labels[3] == w["shallow"])).mean()),
            "obs1_most_label": text(label(most)), "obs1_most_share": percent(shares[most]),
            "obs1_ends": text(sentence),
            **{f"tw_{key}_deep": percent(shares[key]) for key in FOUR},
        },
        "tables": {"two-wells-2018": {"columns": WELL_COLUMNS,
                                      "rows": [well_row(label(key), runs[key], maps[key]) for key in FOUR]}},
        "figures": {"observation-1": {
            "id": "observation-1", "function": FUNCTION, "starts": [start], "presets": list(FOUR),
            "caption": f"The 2018 post's four optimizers from {at(start)}, at its settings. {sentence}",
            "alt": f"Contour plot of two wells with four paths from {at(start)}. {sentence}"}},
    }


def adam_step_factor(betas: Sequence[float], t: int) -> float:
    """With a steady gradient, Adam without bias correction steps ``(1 - b1^t) / sqrt(1 - b2^t)``
    times its learning rate at step ``t`` (eps left out); with it, exactly its learning rate."""
    b1, b2 = betas
    return (1 - b1 ** t) / np.sqrt(1 - b2 ** t)


def _adam_and_torch(maps, runs, w) -> Dict[str, Any]:
    hyperparams, _ = preset_settings("adam", FUNCTION)
    adam_rows = [well_row("Adam, 2018 (no bias correction)", runs["adam"], maps["adam"]),
                 well_row("Adam with bias correction", runs["adam_bc"], maps["adam_bc"]),
                 well_row("Adam with bias correction, more steps", runs["adam_bc_long"], maps["adam_bc_long"])]
    torch_keys = [key for key, preset in PRESETS.items() if preset.group == "torch_defaults"]
    torch_rows = [well_row(PRESETS[key].label.replace(" (torch defaults)", ""), runs[key], maps[key])
                  for key in torch_keys]
    torch_most = max(torch_keys, key=lambda key: maps[key]["global_fraction"])
    bc, bc_long = lat.outcome_shares(maps["adam_bc"]), lat.outcome_shares(maps["adam_bc_long"])
    numbers = {
        "adam_lr": rate(hyperparams["lr"]), "adam_beta1": rate(hyperparams["betas"][0]),
        "adam_beta2": rate(hyperparams["betas"][1]), "adam_steps": count(runs["adam"]["steps"]),
        "adam_bc_long_steps": count(LONG_ADAM_BC_STEPS),
        "adam_bc_deep": percent(bc["global"]), "adam_bc_still_moving": percent(bc["still_moving"]),
        "adam_bc_deep_of_reached": percent(bc["global"] / (bc["global"] + bc["other"])),
        "adam_bc_long_deep": percent(bc_long["global"]),
        "adam_bc_long_deep_of_reached": percent(bc_long["global"] / (bc_long["global"] + bc_long["other"])),
        "adam_2018_deep_of_reached": percent(maps["adam"]["global_fraction"]
                                             / (np.count_nonzero(maps["adam"]["labels"] >= 0)
                                                / maps["adam"]["labels"].size)),
        "torch_most_label": text(PRESETS[torch_most].label.replace(" (torch defaults)", "")),
        "torch_most_share": percent(maps[torch_most]["global_fraction"]),
        "torch_adam_deep": percent(maps["torch_adam"]["global_fraction"]),
        "torch_adam_still_moving": percent(maps["torch_adam"]["fraction_still_moving"]),
        "torch_adam_lr": rate(lat.learning_rate_of(runs["torch_adam"])),
        "torch_steps": count(runs["torch_adam"]["steps"]),
    }
    for t in ADAM_FACTOR_STEPS:
        numbers[f"adam_factor_{t}"] = number(adam_step_factor(hyperparams["betas"], t))
    return {"numbers": numbers, "tables": {"adam-bias-correction": {"columns": WELL_COLUMNS, "rows": adam_rows},
                                           "torch-defaults": {"columns": WELL_COLUMNS, "rows": torch_rows}}}


def _turn_measure(deep_and_shallow: np.ndarray, radius: float):
    def measure(points: np.ndarray) -> Dict[str, np.ndarray]:
        ends = lat.last_points(points)
        which, _ = lat.nearest(ends, deep_and_shallow)
        return {"turns": lat.turns_around(points, deep_and_shallow[which], radius), "ends": ends,
                "stopped": ~np.isfinite(points[-1]).all(axis=1)}
    return measure


def _observation_2(starts, w, resolution) -> Dict[str, Any]:
    function = opt.FUNCTIONS[FUNCTION]
    (x_min, x_max), (y_min, y_max) = function.domain
    radius = VISIBLE_TURN * max(x_max - x_min, y_max - y_min)
    measure = _turn_measure(w["minima"], radius)
    hyperparams, _ = preset_settings("momentum", FUNCTION)
    beta = hyperparams["momentum"]
    rows, numbers, post = [], {}, None
    for lr in MOMENTUM_RATES:
        entry = lat.preset_entry("momentum", FUNCTION, {"lr": lr})
        result = lat.path_measures(entry, FUNCTION, starts, measure)
        ended = lat.path_outcomes(result, function)
        reached = ended.kinds == outcomes.CONVERGED
        deep = (ended.minimum == w["deep"]).mean()
        rows.append([rate(lr), percent((result["turns"] >= 1).mean()), number(np.median(result["turns"])),
                     percent(reached.mean()), percent(deep)])
        if lr == hyperparams["lr"]:
            post = result
    turns = post["turns"]
    index = lat.nearest_to(starts, turns == turns.max(), lat.view_centre(FUNCTION))
    start = np.round(starts[index], 10).tolist()
    sgd = lat.path_measures(lat.preset_entry("sgd", FUNCTION), FUNCTION, starts, measure)["turns"]
    curvature = {key: lat.largest_curvature(FUNCTION, w["minima"][w[key]]) for key in ("deep", "shallow")}
    numbers.update({
        "obs2_lr": rate(hyperparams["lr"]), "obs2_beta": rate(beta), "obs2_start": point(start),
        "obs2_start_turns": number(turns[index]), "obs2_share_one_turn": percent((turns >= 1).mean()),
        "obs2_sgd_most_turns": number(sgd.max()), "obs2_turn_radius": number(radius),
        "obs2_sgd_start_turns": number(sgd[index]),
        "tw_curvature_deep": number(curvature["deep"]), "tw_curvature_shallow": number(curvature["shallow"]),
        # momentum oscillates about a minimum of curvature h when lr * h > (1 - sqrt(beta))^2
        "obs2_spiral_rate_deep": number((1 - np.sqrt(beta)) ** 2 / curvature["deep"]),
        "obs2_spiral_rate_shallow": number((1 - np.sqrt(beta)) ** 2 / curvature["shallow"]),
        "obs2_shrink_per_step": number(np.sqrt(beta)),
    })
    ends = run_ends(FUNCTION, start, [lat.preset_entry(key, FUNCTION) for key in ("momentum", "sgd")])
    sentence = describe_ends(ends, name_well)
    numbers["obs2_ends"] = text(sentence)
    figure = {"id": "observation-2", "function": FUNCTION, "starts": [start], "presets": ["momentum", "sgd"],
              "caption": f"Momentum (learning rate {hyperparams['lr']:g}, momentum {beta:g}) and SGD from {at(start)}: "
                         f"Momentum's path circles its minimum {turns[index]:.1f} times before it settles. {sentence}",
              "alt": f"Contour plot of two wells. From {at(start)} Momentum's path spirals "
                     f"{turns[index]:.1f} times around the well it ends in; SGD's path bends through only "
                     f"{sgd[index]:.2f} of a turn. {sentence}"}
    return {"numbers": numbers, "figures": {"observation-2": figure},
            "tables": {"momentum-rates": {"columns": ["Momentum's learning rate", "Paths that circle their minimum at least once",
                                                      "Median turns", "Reached a well", "Deep well"],
                                          "rows": rows}}}


def _observation_3(maps, runs, starts, w) -> Dict[str, Any]:
    post_lr = runs["sgd"]["hyperparams"]["lr"]
    slow_lr = lat.learning_rate_of(runs["torch_sgd"])
    rows = []
    for lr in SGD_RATES:
        shares = lat.outcome_shares(maps[f"sgd@{lr:g}"])
        rows.append([rate(lr), percent(shares["global"] + shares["other"]), percent(shares["global"]),
                     percent(shares["still_moving"]), percent(shares["gone"])])
    ends = {}
    for key in ("sgd", "torch_sgd"):
        ends[key] = lat.path_measures(runs[key], FUNCTION, starts,
                                      lambda points: {"end": lat.last_points(points)})["end"]
    target, _ = lat.nearest(ends["sgd"], w["minima"])
    left = np.linalg.norm(ends["torch_sgd"] - w["minima"][target], axis=1)
    reached_post = maps["sgd"]["labels"] >= 0
    index = lat.nearest_to(starts, reached_post & (left == left[reached_post].max()), lat.view_centre(FUNCTION))
    start = np.round(starts[index], 10)
    moved = np.linalg.norm(ends["torch_sgd"][index] - start)
    curvature = lat.largest_curvature(FUNCTION, w["minima"][w["deep"]])
    torch_shares = lat.outcome_shares(maps["torch_sgd"])
    entries = [runs["sgd"], runs["torch_sgd"]]
    sentence = describe_ends(run_ends(FUNCTION, start.tolist(), entries), name_well,
                             {"sgd": f"SGD at {post_lr:g}", "torch_sgd": f"SGD at {slow_lr:g}"})
    numbers = {
        "obs3_post_lr": rate(post_lr), "obs3_slow_lr": rate(slow_lr), "obs3_ratio": number(post_lr / slow_lr),
        "obs3_steps": count(runs["sgd"]["steps"]), "obs3_start": point(start),
        "obs3_slow_left": number(left[index]), "obs3_slow_moved": number(moved),
        "obs3_slow_reached": percent(torch_shares["global"] + torch_shares["other"]),
        "obs3_slow_still_moving": percent(torch_shares["still_moving"]),
        "obs3_post_reached": percent(np.count_nonzero(reached_post) / reached_post.size),
        "obs3_median_left": number(np.median(left)),
        "obs3_stable_below": number(2.0 / curvature), "obs3_ends": text(sentence),
        "obs3_fast_lr": rate(SGD_RATES[-1]),
        "obs3_fast_reached": percent(sum(lat.outcome_shares(maps[f"sgd@{SGD_RATES[-1]:g}"])[name]
                                         for name in ("global", "other"))),
    }
    figure = {"id": "observation-3", "function": FUNCTION, "starts": [start.tolist()], "presets": ["sgd", "torch_sgd"],
              "caption": f"SGD at the post's rate {post_lr:g} and at torch's default {slow_lr:g}, "
                         f"{runs['sgd']['steps']} steps each, from {at(start)}. {sentence}",
              "alt": f"Contour plot of two wells with two SGD paths from {at(start)}: at {post_lr:g} the path "
                     f"reaches a well; at {slow_lr:g} it stops {left[index]:.2f} short of it. {sentence}"}
    return {"numbers": numbers, "figures": {"observation-3": figure},
            "tables": {"sgd-rates": {"columns": ["SGD's learning rate", "Reached a well", "Deep well", "Still moving",
                                                 "Left the view"], "rows": rows}}}


def _newer(maps, runs, start) -> Dict[str, Any]:
    keys = [key for key, preset in PRESETS.items() if preset.group == "newer"]
    rows = [well_row(PRESETS[key].label, runs[key], maps[key]) for key in keys]
    most = max(keys, key=lambda key: maps[key]["global_fraction"])
    least = min(keys, key=lambda key: maps[key]["global_fraction"])
    figures = {}
    for figure_id, presets, what in (("eve-yellowfin", ["adam", "eve", "yellowfin"], "Eve and YellowFin, with the 2018 Adam"),
                                     ("newer-two-wells", [k for k in keys if k not in ("eve", "yellowfin")],
                                      "The other newer optimizers")):
        sentence = describe_ends(run_ends(FUNCTION, start, [runs[key] for key in presets]), name_well)
        figures[figure_id] = {"id": figure_id, "function": FUNCTION, "starts": [start], "presets": presets,
                              "caption": f"{what}, from observation 1's start {at(start)}. {sentence}",
                              "alt": f"Contour plot of two wells with paths from {at(start)}. {sentence}"}
        figures[figure_id]["_ends"] = sentence
    labels = np.stack([maps[key]["labels"] for key in FOUR + tuple(keys)])
    all_agree = (labels >= 0).all(axis=0) & (labels.min(axis=0) == labels.max(axis=0))
    return {"tables": {"newer-two-wells": {"columns": WELL_COLUMNS, "rows": rows}},
            "figures": figures,
            "numbers": {"newer_tw_most_label": text(PRESETS[most].label),
                        "newer_tw_most_share": percent(maps[most]["global_fraction"]),
                        "newer_tw_least_label": text(PRESETS[least].label),
                        "newer_tw_least_share": percent(maps[least]["global_fraction"]),
                        "newer_tw_eve_yellowfin_ends": text(figures["eve-yellowfin"].pop("_ends")),
                        "newer_tw_others_ends": text(figures["newer-two-wells"].pop("_ends")),
                        "newer_steps": count(PRESETS[keys[0]].steps),
                        "tw_all_agree": percent(all_agree.mean()), "tw_all_count": count(len(labels)),
                        **{f"newer_tw_{key}_deep": percent(maps[key]["global_fraction"]) for key in keys}}}
