"""Observation 4, measured: on Rastrigin, which optimizers stay in the dip nearest their start,
and how many ridges each path crosses; Momentum at several rates; the newer optimizers."""

from __future__ import annotations

from typing import Any, Dict

import numpy as np

import optimizers as opt
from optimizers.presets import PRESETS, preset_settings

from . import lattice as lat
from .ends import at, describe_ends, label, run_ends
from .values import count, number, percent, point, rate, text

FUNCTION = "rastrigin"
FOUR = ("sgd", "momentum", "rmsprop", "adam")
MOMENTUM_RATES = (2e-3, 5e-3, 8e-3, 1e-2)
POST_SGD_RATE = 2e-2     # the 2018 post's SGD rate, which the site's Rastrigin preset lowers
COLUMNS = ["Optimizer", "Learning rate", "Steps", "Dip nearest the start", "Global minimum", "Another dip",
           "Still moving", "Left the view", "Median ridges crossed"]
NEWER_COLUMNS = ["Optimizer", "Dip nearest the start", "Global minimum", "Another dip", "Still moving",
                 "Left the view"]


def dip_spacing() -> float:
    """The distance between neighbouring dips (from the core's minima): the smallest nonzero |coordinate|."""
    minima = np.abs(np.asarray(opt.FUNCTIONS[FUNCTION].minima))
    return float(minima[minima > 0].min())


def name_dip(index: int) -> str:
    minimum = np.asarray(opt.FUNCTIONS[FUNCTION].minima)[index]
    if any(np.array_equal(minimum, g) for g in np.asarray(opt.FUNCTIONS[FUNCTION].global_minima)):
        return f"at the global minimum {at(minimum)}"
    return f"in the dip at {at(minimum)}"


def _shares(basin, nearest_dip, global_index) -> Dict[str, float]:
    labels = basin["labels"]
    shares = lat.outcome_shares(basin)
    in_nearest = labels == nearest_dip
    return {"nearest": float(in_nearest.mean()), "global": float((labels == global_index).mean()),
            "other": float(((labels >= 0) & ~in_nearest & (labels != global_index)).mean()),
            "still_moving": shares["still_moving"], "gone": shares["gone"]}


def _ridges(entry, starts, spacing):
    return lat.path_measures(entry, FUNCTION, starts,
                             lambda points: {"ridges": lat.ridges_crossed(points, spacing)})["ridges"]


def measure(resolution: int) -> Dict[str, Any]:
    function = opt.FUNCTIONS[FUNCTION]
    starts = lat.lattice_starts(FUNCTION, resolution)
    minima = np.asarray(function.minima)
    nearest_dip, _ = lat.nearest(starts, minima)
    global_index = next(i for i, m in enumerate(minima)
                        if any(np.array_equal(m, g) for g in np.asarray(function.global_minima)))
    spacing = dip_spacing()
    newer = [key for key, preset in PRESETS.items() if preset.group == "newer"]
    runs = {key: lat.preset_entry(key, FUNCTION) for key in FOUR + tuple(newer)}
    for lr in MOMENTUM_RATES:
        runs[f"momentum@{lr:g}"] = lat.preset_entry("momentum", FUNCTION, {"lr": lr}, key=f"momentum@{lr:g}")
    runs["sgd_post"] = lat.preset_entry("sgd", FUNCTION, {"lr": POST_SGD_RATE}, key="sgd_post")
    maps = lat.basin_maps(FUNCTION, list(runs.values()), resolution)
    shares = {key: _shares(maps[key], nearest_dip, global_index) for key in runs}
    ridges = {key: _ridges(runs[key], starts, spacing) for key in FOUR}
    rows = [[text(label(key)), rate(runs[key]["hyperparams"]["lr"]), count(runs[key]["steps"]),
             percent(shares[key]["nearest"]), percent(shares[key]["global"]), percent(shares[key]["other"]),
             percent(shares[key]["still_moving"]), percent(shares[key]["gone"]), number(np.median(ridges[key]))]
            for key in FOUR]
    momentum_rows = []
    for lr in MOMENTUM_RATES:
        key = f"momentum@{lr:g}"
        crossed = ridges["momentum"] if lr == runs["momentum"]["hyperparams"]["lr"] else _ridges(runs[key], starts, spacing)
        momentum_rows.append([rate(lr), percent(shares[key]["nearest"]), percent(shares[key]["global"]),
                              percent(shares[key]["other"]), percent(shares[key]["still_moving"]),
                              percent(shares[key]["gone"]), number(np.median(crossed))])
    newer_rows = [[text(label(key)), *(percent(shares[key][name]) for name in ("nearest", "global", "other",
                                                                              "still_moving", "gone"))]
                  for key in newer]
    # the figure's start: away from the global minimum's dip, the three others stay in the dip nearest
    # the start, and Momentum ends in the view having crossed as many ridges as it does from a typical
    # start (the median over all starts); of those, the one nearest the centre
    others_stay = np.all([maps[key]["labels"] == nearest_dip for key in ("sgd", "rmsprop", "adam")], axis=0)
    in_view = maps["momentum"]["labels"] != -3
    typical = int(np.median(ridges["momentum"]))
    candidates = others_stay & in_view & (nearest_dip != global_index)
    gap = np.abs(ridges["momentum"] - typical)
    index = lat.nearest_to(starts, candidates & (gap == gap[candidates].min()), lat.view_centre(FUNCTION))
    start = np.round(starts[index], 10).tolist()
    momentum_hyperparams, momentum_steps = preset_settings("momentum", FUNCTION)
    beta = momentum_hyperparams["momentum"]
    curvature = lat.largest_curvature(FUNCTION, minima[global_index])
    sgd_lr = runs["sgd"]["hyperparams"]["lr"]
    sentence = describe_ends(run_ends(FUNCTION, start, [runs[key] for key in FOUR]), name_dip)
    newer_figure, newer_sentence = _newer_figure(start, newer, runs)
    most_nearest_newer = max(newer, key=lambda key: shares[key]["nearest"])
    numbers = {
        "ra_dips": count(len(minima)), "ra_spacing": number(spacing), "ra_curvature": number(curvature),
        "obs4_start": point(start), "obs4_start_ridges": count(ridges["momentum"][index]),
        "obs4_typical_ridges": count(typical), "obs4_ends": text(sentence),
        "obs4_momentum_lr": rate(momentum_hyperparams["lr"]), "obs4_momentum_beta": rate(beta),
        "obs4_momentum_steps": count(momentum_steps),
        # heavy-ball momentum settles in a dip of curvature h only if lr * h < 2 (1 + beta); SGD if lr * h < 2
        "obs4_momentum_stable_below": number(2 * (1 + beta) / curvature),
        "obs4_sgd_stable_below": number(2 / curvature),
        "obs4_sgd_lr": rate(sgd_lr), "obs4_post_sgd_lr": rate(POST_SGD_RATE),
        "obs4_post_sgd_gone": percent(shares["sgd_post"]["gone"]),
        "obs4_post_sgd_still_moving": percent(shares["sgd_post"]["still_moving"]),
        "obs4_momentum_any_dip": percent(shares["momentum"]["nearest"] + shares["momentum"]["global"]
                                         + shares["momentum"]["other"]),
        "obs4_momentum_still_moving": percent(shares["momentum"]["still_moving"]),
        "obs4_momentum_gone": percent(shares["momentum"]["gone"]),
        "obs4_momentum_crossed_two": percent((ridges["momentum"] >= 2).mean()),
        **{f"obs4_{key}_nearest": percent(shares[key]["nearest"]) for key in FOUR},
        "obs4_others_max_ridges": count(max(ridges[key].max() for key in ("sgd", "rmsprop", "adam"))),
        "newer_ra_most_nearest_label": text(label(most_nearest_newer)),
        "newer_ra_most_nearest": percent(shares[most_nearest_newer]["nearest"]),
        "newer_ra_ends": text(newer_sentence),
        **{f"newer_ra_{key}_nearest": percent(shares[key]["nearest"]) for key in newer},
        **{f"newer_ra_{key}_gone": percent(shares[key]["gone"]) for key in newer},
        **{f"newer_ra_{key}_still_moving": percent(shares[key]["still_moving"]) for key in newer},
    }
    figures = {
        "observation-4": {
            "id": "observation-4", "function": FUNCTION, "starts": [start], "presets": list(FOUR),
            "caption": f"Rastrigin from {at(start)}, at this site's settings for it (SGD at {sgd_lr:g}). "
                       f"Momentum crosses {int(ridges['momentum'][index])} ridges in its {momentum_steps} steps. "
                       f"{sentence}",
            "alt": f"Contour plot of Rastrigin's egg-box of dips with four paths from {at(start)}. Momentum's "
                   f"path zig-zags across {int(ridges['momentum'][index])} ridges; the other three stay in the "
                   f"dip they start in. {sentence}"},
        "newer-rastrigin": newer_figure,
    }
    return {"numbers": numbers, "figures": figures,
            "tables": {"rastrigin-2018": {"columns": COLUMNS, "rows": rows},
                       "rastrigin-momentum": {"columns": ["Momentum's learning rate"] + COLUMNS[3:],
                                              "rows": momentum_rows},
                       "newer-rastrigin": {"columns": NEWER_COLUMNS, "rows": newer_rows}}}


def _newer_figure(start, newer, runs):
    sentence = describe_ends(run_ends(FUNCTION, start, [runs[key] for key in newer]), name_dip)
    figure = {"id": "newer-rastrigin", "function": FUNCTION, "starts": [start], "presets": list(newer),
            "caption": f"The newer optimizers on Rastrigin from {at(start)}. {sentence}",
            "alt": f"Contour plot of Rastrigin with the newer optimizers' paths from {at(start)}. {sentence}"}
    return figure, sentence
