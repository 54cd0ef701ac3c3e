"""Tuning the 2018 post's optimizers on each test function, for the ``tuned`` presets.

For each function with a global minimum in view and each of the post's four presets
(SGD, Momentum, RMSProp, Adam), ``tune`` tries every learning rate of ``RATES`` (1, 2
and 5 x 10^k from 1e-7 to 1) and, for Momentum, every momentum of ``MOMENTA``, keeping
the preset's other settings (Adam stays without bias correction, as in the post) and
its number of steps on that function (``presets.preset_settings``). The 2018 setting
itself is always a candidate.

The objective, smaller is better: the **median, over** ``STARTS`` **start points, of
the distance from a run's last point to the nearest global minimum**, rounded to
``DECIMALS`` (6) decimals so that rounding noise decides nothing, where a run that
diverged or escaped counts as +inf; and +inf outright when more than ``MAX_FAILED``
(5%) of the runs failed, so that a rate which wins the median by blowing up from a
third of the starts is not what the page offers. The starts are drawn uniformly over
the function's domain from ``numpy.random.default_rng(SEED)`` (``start_points``); all
are run in one batch. Ties (equal objective) go to the setting that fails from fewer
starts; a remaining tie to the 2018 setting if it is among them, else to the larger
learning rate, then the larger momentum. So a tuned setting differs from the 2018 one
only where it does strictly better (a smaller objective, or the same from fewer failed
starts), and never does worse on this objective.

``tune`` returns plain data, and ``to_json`` writes it with sorted keys and floats as
``repr``: the same seed, starts and code give the same bytes. The stored result is
``presets.TUNED_DATA`` (``optimizers/data/tuned_presets.json``); rerun it with
``python scripts/tune_presets.py``.

>>> import optimizers as opt
>>> score = objective(opt.OPTIMIZERS["sgd"](lr=0.1), opt.FUNCTIONS["booth"],
...                   start_points(opt.FUNCTIONS["booth"], 8, seed=0), steps=200)
>>> score.failed, score.median_distance < 1e-6
(0.0, True)
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence

import numpy as np

from .functions import FUNCTIONS
from .methods import OPTIMIZERS
from .presets import PRESETS, preset_settings
from .trajectory import STATUS_OK, run

SEED = 2018
STARTS = 64
RATES = tuple(float(f"{mantissa}e{exponent}") for exponent in range(-7, 0) for mantissa in (1, 2, 5)) + (1.0,)
MOMENTA = (0.5, 0.8, 0.9, 0.95)
DECIMALS = 6        # distances are compared to a millionth (the domains are 4 to 20 wide)
MAX_FAILED = 0.05   # a setting that fails from more of the starts than this scores +inf
TUNED = ("sgd", "momentum", "rmsprop", "adam")   # the post's presets that get a tuned twin
OBJECTIVE = ("median over the starts of the distance from the last point to the nearest global minimum, "
             "rounded to `decimals` decimals, a run that diverged or escaped counting as +inf; "
             "+inf outright if more than `max_failed` of the runs failed (+inf is written null)")
TIE_BREAK = ("fewer failed starts, then the 2018 setting, then the larger learning rate, then the larger "
             "momentum")


class Score(NamedTuple):
    """How a setting did from a set of starts: ``median_distance`` (of the distances
    rounded to ``DECIMALS``; +inf when half the runs or more failed) and ``failed``,
    the fraction of runs that diverged or escaped."""

    median_distance: float
    failed: float

    @property
    def value(self) -> float:
        """The objective: ``median_distance``, or +inf if more than ``MAX_FAILED`` failed."""
        return self.median_distance if self.failed <= MAX_FAILED else float("inf")


def start_points(function, count: int = STARTS, seed: int = SEED) -> np.ndarray:
    """``(count, 2)`` points drawn uniformly over ``function.domain`` from
    ``default_rng(seed)``; the same unit draws, scaled, on every function."""
    (x_min, x_max), (y_min, y_max) = function.domain
    unit = np.random.default_rng(seed).random((count, 2))
    return np.column_stack([x_min + unit[:, 0] * (x_max - x_min), y_min + unit[:, 1] * (y_max - y_min)])


def final_distances(points: np.ndarray, status: np.ndarray, global_minima: np.ndarray) -> np.ndarray:
    """``(N,)`` distance from each last point ``points`` ``(N, 2)`` to the nearest of
    ``global_minima`` ``(G, 2)``; +inf for a run whose ``status`` is not ``"ok"``."""
    gaps = points[:, None, :] - global_minima[None, :, :]
    distances = np.sqrt((gaps ** 2).sum(axis=2)).min(axis=1)
    return np.where(status == STATUS_OK, distances, np.inf)


def objective(optimizer, function, starts: np.ndarray, steps: int) -> Score:
    """The tuning objective of ``optimizer`` run ``steps`` steps on ``function`` from
    ``starts`` (one batched run); see the module's docstring."""
    trajectory = run(optimizer, function, starts, steps)
    distances = final_distances(trajectory.points[-1], trajectory.status, function.global_minima)
    median = float(np.median(np.round(distances, DECIMALS)))
    return Score(median, float(np.mean(trajectory.status != STATUS_OK)))


def searched(preset_id: str) -> Sequence[str]:
    """The hyperparameters tuned for a preset: its learning rate, and its momentum if it has one."""
    return ("lr", "momentum") if "momentum" in PRESETS[preset_id].hyperparams else ("lr",)


def candidates(preset_id: str, function_id: str, rates: Sequence[float] = RATES,
               momenta: Sequence[float] = MOMENTA) -> List[Dict[str, float]]:
    """The searched settings (``{"lr": ...}``, plus ``"momentum"`` for Momentum) tried for
    a preset on a function: the 2018 one first, then the grid in order (without a repeat)."""
    post2018, _ = preset_settings(preset_id, function_id)
    keys = searched(preset_id)
    grid = ([{"lr": rate, "momentum": momentum} for rate in rates for momentum in momenta]
            if "momentum" in keys else [{"lr": rate} for rate in rates])
    first = {key: float(post2018[key]) for key in keys}
    return [first] + [setting for setting in grid if setting != first]


def _finite_or_none(value: float) -> Optional[float]:
    return value if np.isfinite(value) else None


def tune_preset(preset_id: str, function_id: str, starts: np.ndarray, rates: Sequence[float] = RATES,
                momenta: Sequence[float] = MOMENTA) -> Dict[str, Any]:
    """The best candidate of a preset on a function from ``starts``, as plain data:
    ``{"hyperparams", "steps", "objective", "failed", "post2018": {the same for the 2018
    setting}}``; an objective of +inf is written ``None``."""
    function = FUNCTIONS[function_id]
    post2018, steps = preset_settings(preset_id, function_id)
    factory = OPTIMIZERS[PRESETS[preset_id].optimizer]
    settings = candidates(preset_id, function_id, rates, momenta)
    scores = [objective(factory(**{**post2018, **setting}), function, starts, steps) for setting in settings]

    def rank(index: int):
        score, setting = scores[index], settings[index]
        return (score.value, score.failed, index != 0,
                -setting["lr"], -setting.get("momentum", 0.0))

    best = min(range(len(settings)), key=rank)

    def entry(index: int) -> Dict[str, Any]:
        return {"hyperparams": settings[index], "steps": steps,
                "objective": _finite_or_none(scores[index].value), "failed": scores[index].failed}

    return {**entry(best), "post2018": entry(0)}


def skip_reason(function) -> Optional[str]:
    """Why a function is not tuned (``None`` if it is): it has no global minimum in view."""
    if len(function.global_minima) == 0:
        return "no minimum in view to reach (global_minima is empty): escaping is what it shows"
    return None


def tune(function_ids: Optional[Iterable[str]] = None, *, seed: int = SEED, starts: int = STARTS,
         rates: Sequence[float] = RATES, momenta: Sequence[float] = MOMENTA,
         preset_ids: Sequence[str] = TUNED) -> Dict[str, Any]:
    """Tune ``preset_ids`` on ``function_ids`` (default: every function), as plain data:
    the objective, seed, number of starts, grid and versions, then per function either
    ``{"skipped": reason}`` or ``{"presets": {preset id: tune_preset(...)}}``."""
    import optimizers

    functions = {}
    for function_id in (FUNCTIONS if function_ids is None else function_ids):
        function = FUNCTIONS[function_id]
        reason = skip_reason(function)
        if reason is not None:
            functions[function_id] = {"skipped": reason}
            continue
        points = start_points(function, starts, seed)
        functions[function_id] = {"presets": {
            preset_id: tune_preset(preset_id, function_id, points, rates, momenta) for preset_id in preset_ids}}
    return {
        "objective": OBJECTIVE,
        "max_failed": MAX_FAILED,
        "decimals": DECIMALS,
        "starts": {"count": starts, "seed": seed,
                   "how": "uniform over the function's domain: numpy.random.default_rng(seed).random((count, 2))"},
        "grid": {"lr": list(rates), "momentum": list(momenta),
                 "searched": {preset_id: list(searched(preset_id)) for preset_id in preset_ids},
                 "also": ("the 2018 setting on the function; every other setting and the steps "
                          "are the 2018 preset's")},
        "tie_break": TIE_BREAK,
        "versions": {"optimizers": optimizers.__version__, "numpy": np.__version__},
        "functions": functions,
    }


def to_json(data: Mapping[str, Any]) -> str:
    """``data`` as JSON text that depends on nothing but ``data``: sorted keys, one indent,
    floats as ``repr``, no NaN or infinity, a final newline."""
    return json.dumps(data, sort_keys=True, indent=1, allow_nan=False) + "\n"
