"""Where runs from one start end, in words: for figure captions and alt text."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Sequence

import numpy as np

import optimizers as opt
from optimizers.presets import PRESETS
from pyodide_app import api

from .values import format_value, listing, point

# what a run's end is called: a minimum's index, or one of these
STILL_MOVING, LEFT_VIEW = "still-moving", "left-view"


def run_ends(function_id: str, start: Sequence[float], entries: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Each entry run from ``start``: ``{key, end: [x, y], outcome}``, outcome the index of the
    minimum it ended at (within the basin map's tolerance), ``still-moving`` or ``left-view``
    (escaped or diverged, or ended outside the view away from every minimum), as the page says."""
    function = opt.FUNCTIONS[function_id]
    minima = np.asarray(function.minima).reshape(-1, 2)
    tolerance = opt.basin_map.default_tolerance(function)
    (x_min, x_max), (y_min, y_max) = function.domain
    ends = []
    for entry in entries:
        optimizer = api.build_optimizer(entry["optimizer"], entry["hyperparams"])
        trajectory = opt.run(optimizer, function, [list(start)], entry["steps"])
        end = trajectory.points[trajectory.last_step[0], 0]
        distance = np.linalg.norm(minima - end[None, :], axis=1)
        if trajectory.status[0] != "ok":
            outcome: Any = LEFT_VIEW
        elif len(minima) and distance.min() <= tolerance:
            outcome = int(distance.argmin())
        elif x_min <= end[0] <= x_max and y_min <= end[1] <= y_max:
            outcome = STILL_MOVING
        else:
            outcome = LEFT_VIEW
        ends.append({"key": entry["key"], "end": [float(end[0]), float(end[1])], "outcome": outcome})
    return ends


def label(key: str) -> str:
    return PRESETS[key].label if key in PRESETS else key


def describe_ends(ends: Sequence[Mapping[str, Any]], name_minimum: Callable[[int], str],
                  labels: Mapping[str, str] = {}) -> str:
    """``"SGD and Momentum end in the shallow well at (0.905, 0); Adam is still moving."``:
    runs grouped by outcome, in the order they first appear."""
    groups: Dict[Any, List[str]] = {}
    for end in ends:
        groups.setdefault(end["outcome"], []).append(labels.get(end["key"], label(end["key"])))
    parts = []
    for outcome, names in groups.items():
        many = len(names) > 1
        if outcome == STILL_MOVING:
            words = "are still moving when their steps run out" if many else "is still moving when its steps run out"
        elif outcome == LEFT_VIEW:
            words = "leave the view" if many else "leaves the view"
        else:
            words = ("end" if many else "ends") + f" {name_minimum(outcome)}"
        parts.append(f"{listing(names)} {words}")
    return "; ".join(parts) + "."


def at(xy: Sequence[float]) -> str:
    return format_value(point(xy))
