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

from typing import Any, Callable, Dict, Generator

from optimizers.basin_map import LABEL_DIVERGED, LABEL_LEFT_VIEW, LABEL_NONE

from .basin_maps import basins, basins_job, basins_part, basins_part_job
from .catalog import CUSTOM_FUNCTION, GRID_SIDE, PALETTE, PLOT_MARGINS, describe, preset_colors
from .checks import build_optimizer, default_hyperparams, plain
from .grids import grid, values
from .planes import plane, plane_job
from .limits import (MAX_BASIN_SIDE, MAX_BASIN_WORK, MAX_GRID_POINTS, MAX_GRID_SIDE, MAX_POINTS_PER_CALL,
                     MAX_POINTS_PER_RUN, MAX_RUNS, MAX_STARTS, MAX_STEPS, MAX_VALUE_POINTS, STATE_WORK, limits)
from .run_outcomes import run_outcomes
from .schedule_rates import rates
from .runs import RECORD_NAMES, RECORDABLE, run, run_job
from .sweeps import sweep, sweep_job

_plain = plain   # the name the tests knew

METHODS: Dict[str, Callable[[Any], Dict[str, Any]]] = {
    "describe": describe, "run": run, "outcomes": run_outcomes, "grid": grid, "values": values, "basins": basins,
    "sweep": sweep,
    "plane": plane,
    "rates": rates,   # a learning rate (a schedule) at every step, for the settings' preview
    "basins_part": basins_part,
}
JOBS: Dict[str, Callable[[Any], Generator[float, None, Dict[str, Any]]]] = {
    "run": run_job, "basins": basins_job, "basins_part": basins_part_job, "sweep": sweep_job, "plane": plane_job}

__all__ = ["CUSTOM_FUNCTION", "GRID_SIDE", "JOBS", "LABEL_DIVERGED", "LABEL_LEFT_VIEW", "LABEL_NONE", "MAX_BASIN_SIDE",
           "MAX_BASIN_WORK", "MAX_GRID_POINTS", "MAX_GRID_SIDE", "MAX_POINTS_PER_CALL", "MAX_POINTS_PER_RUN",
           "MAX_RUNS", "MAX_STARTS", "MAX_STEPS", "MAX_VALUE_POINTS", "METHODS", "PALETTE", "PLOT_MARGINS",
           "RECORDABLE", "RECORD_NAMES", "STATE_WORK", "basins", "basins_job", "basins_part", "basins_part_job",
           "build_optimizer", "default_hyperparams", "describe", "grid", "limits", "plain", "plane", "plane_job",
           "preset_colors", "rates", "run", "run_job", "run_outcomes", "sweep", "sweep_job", "values"]
