"""The caps the API enforces on what one request may ask for, checked before any work, and the
size of the build's contour grids.

The catalog publishes them (``limits()``, ``grid``), so the page can keep within them before
it asks. This module imports nothing heavy: the build reads ``GRID_SIDE`` from it.
"""

from __future__ import annotations

from typing import Dict

GRID_SIDE = 161                   # points per side of the build's contour grids, and of a formula's grid
                                  # (odd: a symmetric domain's centre is sampled)
MAX_STARTS = 10_000
MAX_STEPS = 10_000
MAX_RUNS = 64
MAX_POINTS_PER_RUN = 2_000_000    # (steps + 1) * starts: 32 MB of points, 16 MB of values
MAX_POINTS_PER_CALL = 8_000_000
MAX_GRID_SIDE = 1_000
MAX_GRID_POINTS = 1_000_000
MAX_BASIN_SIDE = 400
MAX_BASIN_WORK = 2_000_000_000    # lattice points x steps, summed over the maps of one call
MAX_VALUE_POINTS = 1_000          # points per ``values`` request
STATE_WORK = MAX_POINTS_PER_CALL  # point-steps, starts x enabled entries x (steps + 1), one page state may ask for
MAX_TEXT = 64
MAX_DEPTH = 4                     # schedules inside schedules, hyperparams inside lookahead's
BASIN_YIELD_WORK = 400_000        # lattice points x steps between two progress reports (~25 ms in Pyodide)
RUN_YIELD_WORK = 200_000          # starts x steps between two yields of a run job ...
RUN_YIELD_STEPS = 100             # ... and at most this many steps (a few starts: ~20 ms in Pyodide)


def limits() -> Dict[str, int]:
    """The caps, as the catalog publishes them (``state_work``: the most point-steps, starts x
    enabled entries x (steps + 1), one page state may ask for; the page cuts a state to fit)."""
    return {"starts": MAX_STARTS, "steps": MAX_STEPS, "runs": MAX_RUNS,
            "points_per_run": MAX_POINTS_PER_RUN, "points_per_request": MAX_POINTS_PER_CALL,
            "grid_side": MAX_GRID_SIDE, "grid_points": MAX_GRID_POINTS,
            "basin_resolution_min": 2, "basin_resolution_max": MAX_BASIN_SIDE, "basin_work": MAX_BASIN_WORK,
            "value_points": MAX_VALUE_POINTS, "state_work": STATE_WORK}
