"""What the page may ask Python for: plain data in, plain data and float64 arrays out.

``METHODS`` names every method the worker may call: ``describe`` (the catalog, which build.py
writes to catalog.json), ``run`` (optimizers from start points, with how each run ended),
``outcomes`` (how runs ended, re-decided for another view), ``grid`` (a function sampled for
contouring), ``values`` (f at a few points), ``basins`` (basin maps), ``basins_part`` (some points of
them, for the page's pool of workers), ``sweep`` (one optimizer at many values of one setting), ``plane``
(a small network trained on real data, and its trajectory's plane: ``planes``) and ``rates`` (a
learning-rate schedule at every step). A long method is also
offered as a job (``JOBS``): a generator that yields the share of its work done and returns
its value, so the worker can report progress, answer other requests and hear "cancel" in
between. The arguments are checked thoroughly, since they come from a web page (and from its
URL): a bad request raises ``ValueError`` with a message in plain words, while a bad entry of
``run`` or ``basins`` is reported in that entry and the others still run. Nothing here
imports ``js`` or ``pyodide``; ``bridge.py`` converts to and from JavaScript.

Each concern has its module: ``limits`` (the caps), ``checks`` (checking plain data),
``catalog``, ``runs``, ``run_outcomes``, ``grids``, ``basin_maps`` and ``sweeps``; this one gathers them.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Dict, Generator

from .checks import build_optimizer, default_hyperparams, plain
from .grids import grid, values
from .limits import (GRID_SIDE, MAX_BASIN_SIDE, MAX_BASIN_WORK, MAX_GRID_POINTS, MAX_GRID_SIDE, MAX_POINTS_PER_CALL,
                     MAX_POINTS_PER_RUN, MAX_RUNS, MAX_STARTS, MAX_STEPS, MAX_VALUE_POINTS, STATE_WORK, limits)
from .run_outcomes import run_outcomes
from .runs import RECORD_NAMES, RECORDABLE, run, run_job

_plain = plain   # the name the tests knew

# The catalog (build time), basin maps, sweeps, the network's plane and schedule previews are
# imported on first use: the worker imports this module before Python is ready, and a first run
# needs none of them (nor the formula parser they pull in).
_LAZY = {"describe": ".catalog", "CUSTOM_FUNCTION": ".catalog", "PALETTE": ".catalog", "PLOT_MARGINS": ".catalog",
         "preset_colors": ".catalog", "basins": ".basin_maps", "basins_job": ".basin_maps",
         "basins_part": ".basin_maps", "basins_part_job": ".basin_maps", "sweep": ".sweeps", "sweep_job": ".sweeps",
         "plane": ".planes", "plane_job": ".planes", "rates": ".schedule_rates",
         "LABEL_DIVERGED": "optimizers.basin_map", "LABEL_LEFT_VIEW": "optimizers.basin_map",
         "LABEL_NONE": "optimizers.basin_map"}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __package__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _on_first_use(name: str) -> Callable:
    """A method whose module is imported when it is first called."""
    def method(*args, **kwargs):
        return __getattr__(name)(*args, **kwargs)
    method.__name__ = method.__qualname__ = name
    return method


METHODS: Dict[str, Callable[[Any], Dict[str, Any]]] = {
    "describe": _on_first_use("describe"), "run": run, "outcomes": run_outcomes, "grid": grid, "values": values,
    "basins": _on_first_use("basins"), "basins_part": _on_first_use("basins_part"), "sweep": _on_first_use("sweep"),
    "plane": _on_first_use("plane"),
    "rates": _on_first_use("rates"),   # a learning rate (a schedule) at every step, for the settings' preview
}
JOBS: Dict[str, Callable[[Any], Generator[float, None, Dict[str, Any]]]] = {
    "run": run_job, "basins": _on_first_use("basins_job"), "basins_part": _on_first_use("basins_part_job"),
    "sweep": _on_first_use("sweep_job"), "plane": _on_first_use("plane_job")}

__all__ = ["CUSTOM_FUNCTION", "GRID_SIDE", "JOBS", "LABEL_DIVERGED", "LABEL_LEFT_VIEW", "LABEL_NONE", "MAX_BASIN_SIDE",
           "MAX_BASIN_WORK", "MAX_GRID_POINTS", "MAX_GRID_SIDE", "MAX_POINTS_PER_CALL", "MAX_POINTS_PER_RUN",
           "MAX_RUNS", "MAX_STARTS", "MAX_STEPS", "MAX_VALUE_POINTS", "METHODS", "PALETTE", "PLOT_MARGINS",
           "RECORDABLE", "RECORD_NAMES", "STATE_WORK", "basins", "basins_job", "basins_part", "basins_part_job",
           "build_optimizer", "default_hyperparams", "describe", "grid", "limits", "plain", "plane", "plane_job",
           "preset_colors", "rates", "run", "run_job", "run_outcomes", "sweep", "sweep_job", "values"]
