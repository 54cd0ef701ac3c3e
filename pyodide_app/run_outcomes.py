"""How runs ended, as plain data: ``optimizers.outcomes``' one rule for the page.

``outcome_records`` is the ``outcomes`` list of each ``run`` reply; the ``outcomes`` method
re-decides them for another view without running again (the page calls it when the view
changes), from each run's last finite point and status.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from optimizers import outcomes
from optimizers.trajectory import STATUS_DIVERGED, STATUS_ESCAPED, STATUS_OK

from .checks import check_function, check_list, check_object, check_view, check_whole, kind_of
from .limits import MAX_RUNS, MAX_STARTS, MAX_STEPS

STATUSES = (STATUS_OK, STATUS_DIVERGED, STATUS_ESCAPED)


def outcome_records(ended: "outcomes.Outcomes", function, last_step: Optional[Sequence[int]]) -> List[Dict[str, Any]]:
    """``{kind, minimum, global, at, step}`` per row; ``minimum`` indexes the function's minima
    as the ``grid`` reply lists them, ``global`` as its ``global_minima`` picks them."""
    with np.errstate(all="ignore"):
        return outcomes.as_records(ended, function.minima, outcomes.global_flags(function.minima_values), last_step)


def _end(name: str, value: Any) -> List[float]:
    """A run's last point: two numbers (NaN, or null for NaN, where the run stopped at none)."""
    items = check_list(name, value, 2, 2)
    end = []
    for i, item in enumerate(items):
        if item is None:
            end.append(math.nan)
        elif isinstance(item, bool) or not isinstance(item, numbers.Real):
            raise ValueError(f"{name}[{i}] must be a number, got {kind_of(item)}")
        else:
            end.append(float(item))
    return end


def run_outcomes(args: Any) -> Dict[str, Any]:
    """The ``outcomes`` method: ``{function, view?, ends: [[x, y], ...], status: [...],
    last_step?: [...]}`` -> ``{outcomes}``, the same dicts as ``run``'s for that view (``step``
    is null without ``last_step``)."""
    spec = check_object("outcomes' arguments", args, required=("function", "ends", "status"),
                        optional=("view", "last_step"))
    function = check_function(spec["function"])
    view = check_view(spec.get("view"), function)
    ends = [_end(f"ends[{i}]", end) for i, end in enumerate(check_list("ends", spec["ends"], 0, MAX_STARTS * MAX_RUNS))]
    status = check_list("status", spec["status"], len(ends), len(ends))
    for i, item in enumerate(status):
        if item not in STATUSES:
            raise ValueError(f"status[{i}] must be one of {', '.join(STATUSES)}, got {item!r}")
    last_step = None
    if spec.get("last_step") is not None:
        last_step = [check_whole(f"last_step[{i}]", step, 0, MAX_STEPS)
                     for i, step in enumerate(check_list("last_step", spec["last_step"], len(ends), len(ends)))]
    ended = outcomes.classify(np.array(ends, dtype=np.float64).reshape(-1, 2), status, function.minima, view)
    return {"outcomes": outcome_records(ended, function, last_step)}
