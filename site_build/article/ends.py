"""Where runs from one start end, in words: for figure captions and alt text."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Sequence

from optimizers import outcomes
from optimizers.presets import PRESETS
from pyodide_app import api

from .values import format_value, listing, point

# what a run's end is called: a minimum's index, or one of these (optimizers.outcomes' kinds)
STILL_MOVING, LEFT_VIEW, DIVERGED = outcomes.STILL_MOVING, outcomes.LEFT_VIEW, outcomes.DIVERGED


def run_ends(function_id: str, start: Sequence[float], entries: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Each entry run from ``start`` by the page's ``api.run`` (the function's default view):
    ``{key, end: [x, y], outcome}``, outcome the index of the minimum it converged to, or
    ``still-moving``, ``left-view`` or ``diverged``: the run reply's ``outcomes``, which
    ``optimizers.outcomes`` decides for the page's table and basin maps too."""
    reply = api.run({"function": {"id": function_id}, "starts": [list(start)],
                     "runs": [{"key": entry["key"], "optimizer": entry["optimizer"],
                               "hyperparams": entry["hyperparams"], "steps": entry["steps"]} for entry in entries]})
    ends = []
    for entry, ran in zip(entries, reply["runs"]):
        if "error" in ran:
            raise ValueError(f"{entry['key']} on {function_id}: {ran['error']}")
        ended = ran["outcomes"][0]
        last = 2 * ended["step"]
        end = [float(ran["points"][last]), float(ran["points"][last + 1])]
        outcome: Any = ended["minimum"] if ended["kind"] == outcomes.CONVERGED else ended["kind"]
        ends.append({"key": entry["key"], "end": end, "outcome": outcome})
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
        elif outcome == DIVERGED:
            words = "diverge" if many else "diverges"
        else:
            words = ("end" if many else "ends") + f" {name_minimum(outcome)}"
        parts.append(f"{listing(names)} {words}")
    return "; ".join(parts) + "."


def at(xy: Sequence[float]) -> str:
    return format_value(point(xy))
