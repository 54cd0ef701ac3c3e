"""The "Real models" page's numbers, tables and figures, measured with the core (as the article's).

``measure()`` returns ``{"numbers", "tables", "figures"}`` in the article's form (``values``);
``load_or_measure()`` keeps them in the build cache under ``real-models/<source hash>.json``,
never reusing another source's file (they take well under a minute). What is measured:

- standardising: each of the playground's four optimizers (its default settings) from (0, 0)
  on linear regression, with the flipper length in metres and standardised: the step from which
  the run stays within the outcome rule's tolerance of the least-squares line, within
  ``STANDARDISE_STEPS`` steps, and how far from it the run still is then;
- batch size: SGD on the standardised regression from (0, 0), one run per seed and batch size:
  the spread of the end points (root mean square distance from their mean) and their distance
  from the minimum;
- the two-weight network: the four optimizers (their playground rates, ``TANH_STEPS`` steps)
  from every start of a lattice over its view: which well each run reaches (``pyodide_app.api.basins``, the outcome rule);
- logistic regression: Adam from (0, 0) runs on forever; the weights' size and the loss as it goes;
- the network's plane: the share of the path's variance the plane holds, per optimizer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, List

import numpy as np

import optimizers as opt
from optimizers.models.network import penguin_species
from optimizers.models.plane import trajectory_plane
from optimizers.presets import PRESETS, preset_settings
from pyodide_app import api
from pyodide_app.planes import DEFAULT_PLANE_STEPS

from . import cache
from .values import count, number, percent, point, rate, text

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("optimizers", "pyodide_app", "site_build/article/real_models.py", "site_build/article/values.py")
FOUR = ("sgd", "momentum", "rmsprop", "adam")
LABELS = {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSProp", "adam": "Adam"}
ORIGIN = [0.0, 0.0]
STANDARDISE_STEPS = 10_000   # the playground's most steps
BATCH_SIZES = (1, 8, 32, 128)
BATCH_SEEDS = 8
BATCH_RUN = {"lr": 0.02, "steps": 300}
TANH_LATTICE = 21
TANH_STEPS = 1000             # every optimizer at its playground rate, given this many steps
TANH_START = [0.5, 0.5]
TANH_FIGURE_BATCH = {"size": 16, "seed": 0}
LOGISTIC_RUN = {"lr": 0.1, "steps": (100, 1000, 3000)}
PLANE_OPTIMIZERS = ("sgd", "adam")
STANDARDISED_VIEW = [[-3.0, 4.0], [-1.0, 6.0]]


def source_hash(repo: Path = REPO) -> str:
    """sha256 of the sources the numbers depend on."""
    digest = hashlib.sha256()
    for source in SOURCES:
        root = repo / source
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
        for path in files:
            digest.update(path.relative_to(repo).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_or_measure(cache_dir=None) -> Dict[str, Any]:
    return cache.load_or_measure(cache_dir, measure=measure, name="real-models", source_hash=source_hash, reuse=False)


def model(model_id: str, **params: float):
    return opt.MODELS[model_id].with_params(**params)


def preset_optimizer(key: str, **overrides: Any):
    hyperparams, steps = preset_settings(key)
    return api.build_optimizer(PRESETS[key].optimizer, {**hyperparams, **overrides}), steps


def steps_to_stay(points: np.ndarray, target: np.ndarray, tolerance: float) -> int:
    """The step from which a path ``(steps + 1, 2)`` stays within ``tolerance`` of ``target``; -1 if it is not there at its end."""
    outside = np.nonzero(np.linalg.norm(points - target, axis=1) > tolerance)[0]
    if not len(outside):
        return 0
    return -1 if outside[-1] == len(points) - 1 else int(outside[-1] + 1)


def standardising() -> Dict[str, Any]:
    numbers: Dict[str, Any] = {}
    rows: List[List[Dict[str, Any]]] = []
    for key in FOUR:
        row = [text(LABELS[key])]
        for standardize in (0.0, 1.0):
            line = model("linear_regression", standardize=standardize)
            tolerance = opt.outcomes.end_point_tolerance(line.minima, line.domain)
            optimizer, _ = preset_optimizer(key)
            points = opt.run(optimizer, line, [ORIGIN], STANDARDISE_STEPS).points[:, 0]
            since = steps_to_stay(points, line.minima[0], tolerance)
            left = float(np.linalg.norm(points[-1] - line.minima[0]))
            tag = "std" if standardize else "raw"
            numbers[f"rm_{key}_{tag}_steps"] = count(since) if since >= 0 else text(f"not within {STANDARDISE_STEPS:,}")
            numbers[f"rm_{key}_{tag}_left"] = number(left)
            row += [count(since) if since >= 0 else text(f"not within {STANDARDISE_STEPS:,}"), number(left)]
        rows.append(row)
    raw, std = model("linear_regression", standardize=0.0), model("linear_regression", standardize=1.0)
    for tag, line in (("raw", raw), ("std", std)):
        numbers[f"rm_line_{tag}_minimum"] = point(line.minima[0])
        numbers[f"rm_line_{tag}_tolerance"] = number(opt.outcomes.end_point_tolerance(line.minima, line.domain))
        hessian = 2.0 * np.array([[np.mean(line.examples.x ** 2), np.mean(line.examples.x)],
                                  [np.mean(line.examples.x), 1.0]])
        low, high = np.linalg.eigvalsh(hessian)
        numbers[f"rm_line_{tag}_condition"] = count(round(high / low))
    numbers["rm_standardise_steps"] = count(STANDARDISE_STEPS)
    columns = ["Optimizer", "Steps to reach, metres", f"Distance left after {STANDARDISE_STEPS:,}, metres",
               "Steps to reach, standardised", f"Distance left after {STANDARDISE_STEPS:,}, standardised"]
    figures = {
        "line-raw": {"id": "line-raw", "function": "linear_regression", "starts": [ORIGIN], "presets": list(FOUR),
                     "caption": (f"The four optimizers from (0, 0) on the penguins' regression line with the flipper "
                                 f"length in metres: none is near the least-squares line after its steps."),
                     "alt": ("Contour plot of a long, thin valley of the regression's loss, with four paths from the "
                             "origin that stop far from the minimum.")},
        "line-standardised": {"id": "line-standardised", "function": "linear_regression", "starts": [ORIGIN],
                              "presets": list(FOUR), "params": {"standardize": 1.0}, "view": STANDARDISED_VIEW,
                              "caption": ("The same four from (0, 0) once the flipper length is standardised: the "
                                          "valley is a round bowl and SGD and Momentum reach its bottom."),
                              "alt": ("Contour plot of a round bowl with four paths from the origin that end at its "
                                      "centre or near it.")},
    }
    return {"numbers": numbers, "tables": {"standardising": {"columns": columns, "rows": rows}}, "figures": figures}


def batch_spread() -> Dict[str, Any]:
    line = model("linear_regression", standardize=1.0)
    rows, numbers = [], {}
    for size in BATCH_SIZES + (line.size,):
        ends = []
        for seed in range(BATCH_SEEDS):
            batches = opt.Minibatches(line, size, seed) if size < line.size else None
            trajectory = opt.run(opt.OPTIMIZERS["sgd"](lr=BATCH_RUN["lr"]), line, [ORIGIN], BATCH_RUN["steps"],
                                 minibatch=batches)
            ends.append(trajectory.points[-1, 0])
            if batches is None:
                break   # the full batch has no seed: one run
        ends = np.array(ends)
        spread = float(np.sqrt(((ends - ends.mean(axis=0)) ** 2).sum(axis=1).mean()))
        distance = float(np.sqrt((np.linalg.norm(ends - line.minima[0], axis=1) ** 2).mean()))
        name = "full" if size == line.size else str(size)
        numbers[f"rm_spread_{name}"] = number(spread)
        numbers[f"rm_distance_{name}"] = number(distance)
        rows.append([text(f"{size} (the full batch)" if size == line.size else str(size)), number(spread),
                     number(distance)])
    numbers.update({"rm_batch_seeds": count(BATCH_SEEDS), "rm_batch_lr": rate(BATCH_RUN["lr"]),
                    "rm_batch_steps": count(BATCH_RUN["steps"]),
                    "rm_spread_ratio": number(numbers["rm_spread_1"]["value"] / numbers["rm_spread_128"]["value"])})
    columns = ["Batch size", "Spread of the end points", "Distance from the minimum (root mean square)"]
    return {"numbers": numbers, "tables": {"batch-spread": {"columns": columns, "rows": rows}}}


def tanh_wells() -> Dict[str, Any]:
    network = opt.MODELS["tanh_network"]
    runs = []
    for key in FOUR:
        hyperparams, _ = preset_settings(key)
        runs.append({"key": key, "optimizer": PRESETS[key].optimizer, "hyperparams": hyperparams, "steps": TANH_STEPS})
    maps = api.basins({"function": {"id": "tanh_network"}, "resolution": TANH_LATTICE, "runs": runs})["maps"]
    xs, ys = opt.basin_map.lattice(network.domain, (TANH_LATTICE, TANH_LATTICE))
    w1 = np.meshgrid(xs, ys)[0].reshape(-1)
    right = int(np.argmax(network.minima[:, 0] > 0))   # the well with w₁ > 0
    numbers, rows = {}, []
    for entry, run in zip(maps, runs):
        labels = np.asarray(entry["labels"]).astype(np.int64)
        reached = labels >= 0
        own = reached & (((w1 > 0) & (labels == right)) | ((w1 < 0) & (labels == 1 - right)))
        key = run["key"]
        shares = {"right": float(np.mean(labels == right)), "left": float(np.mean(labels == 1 - right)),
                  "moving": float(entry["fraction_still_moving"]),
                  "own": float(own.sum() / max(1, np.count_nonzero(reached & (w1 != 0))))}
        numbers.update({f"rm_tanh_{key}_{name}": percent(share) for name, share in shares.items()})
        rows.append([text(LABELS[key]), rate(run["hyperparams"]["lr"]), count(run["steps"]), percent(shares["right"]),
                     percent(shares["left"]), percent(shares["moving"]), percent(shares["own"])])
    numbers.update({"rm_tanh_lattice": text(f"{TANH_LATTICE} × {TANH_LATTICE}"),
                    "rm_tanh_starts": count(TANH_LATTICE ** 2), "rm_tanh_steps": count(TANH_STEPS), "rm_tanh_right": point(network.minima[right]),
                    "rm_tanh_left": point(network.minima[1 - right]),
                    "rm_tanh_minimum_f": number(network.minima_values[right]),
                    "rm_tanh_saddle_f": number(network.value(np.zeros((1, 2)))[0])})
    columns = ["Optimizer", "Learning rate", "Steps", "Well with w₁ > 0", "Well with w₁ < 0", "Still moving",
               "Reached the well on their own side of w₁ = 0"]
    batch = TANH_FIGURE_BATCH
    figures = {"tanh-minibatch": {
        "id": "tanh-minibatch", "function": "tanh_network", "starts": [TANH_START], "presets": list(FOUR),
        "minibatch": dict(batch),
        "caption": (f"The two-weight network from {tuple(TANH_START)} with minibatches of {batch['size']} "
                    f"penguins (seed {batch['seed']}): every step's gradient is the gradient on its batch, so the "
                    "paths wander about the contour of the full loss."),
        "alt": "Contour plot of the two-weight network's loss, two mirror-image wells, with four noisy paths."}}
    return {"numbers": numbers, "tables": {"tanh-wells": {"columns": columns, "rows": rows}}, "figures": figures}


def logistic_at_infinity() -> Dict[str, Any]:
    logistic = opt.MODELS["logistic_regression"]
    last = max(LOGISTIC_RUN["steps"])
    trajectory = opt.run(opt.OPTIMIZERS["adam"](lr=LOGISTIC_RUN["lr"]), logistic, [ORIGIN], last)
    numbers: Dict[str, Any] = {"rm_logistic_lr": rate(LOGISTIC_RUN["lr"])}
    for step in LOGISTIC_RUN["steps"]:
        numbers[f"rm_logistic_norm_{step}"] = number(np.linalg.norm(trajectory.points[step, 0]))
        numbers[f"rm_logistic_loss_{step}"] = number(trajectory.values[step, 0])
        numbers[f"rm_logistic_steps_{step}"] = count(step)
    outcome = opt.outcomes.run_outcomes(trajectory, logistic)
    words = {"left-view": "has left the plot", "still-moving": "is still moving"}
    numbers["rm_logistic_outcome"] = text(words.get(outcome.kinds[0], outcome.kinds[0]))
    figures = {"logistic": {
        "id": "logistic", "function": "logistic_regression", "starts": [ORIGIN], "presets": list(FOUR),
        "caption": ("The four optimizers from (0, 0) on the logistic regression: the loss has no lowest point, so "
                    "every run is still moving when its steps run out."),
        "alt": "Contour plot of the logistic regression's loss falling towards the right, with four paths from the origin."}}
    return {"numbers": numbers, "figures": figures}


def network_plane() -> Dict[str, Any]:
    network = penguin_species()
    numbers: Dict[str, Any] = {"rm_plane_parameters": count(network.parameters), "rm_plane_examples": count(network.size),
                               "rm_plane_hidden": count(network.hidden), "rm_plane_steps": count(DEFAULT_PLANE_STEPS)}
    for key in PLANE_OPTIMIZERS:
        optimizer, _ = preset_optimizer(key)
        plane = trajectory_plane(network, optimizer, DEFAULT_PLANE_STEPS, seed=0)
        numbers[f"rm_plane_{key}_fraction"] = percent(plane.variance_fraction)
        numbers[f"rm_plane_{key}_first"] = percent(plane.explained[0])
        numbers[f"rm_plane_{key}_loss_start"] = number(plane.path_losses[0])
        numbers[f"rm_plane_{key}_loss_end"] = number(plane.path_losses[-1])
    return {"numbers": numbers}


def measure() -> Dict[str, Any]:
    out: Dict[str, Any] = {"numbers": {}, "tables": {}, "figures": {}}
    for part in (standardising(), batch_spread(), tanh_wells(), logistic_at_infinity(), network_plane()):
        for kind in out:
            out[kind].update(part.get(kind, {}))
    return out
