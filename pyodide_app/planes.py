"""The ``plane`` method: a small network trained by one optimizer, and its trajectory's plane.

``plane_job(args)`` checks the request at once (a bad one raises ``ValueError`` before any
work) and returns a generator that yields the share of the work done and returns the reply;
``plane(args)`` drives it to its end. The work is the core's
(``optimizers.models.plane.iter_trajectory_plane`` on ``optimizers.models.network.penguin_species``):
training, then PCA of the iterates, the path on the plane and the loss on a lattice of it.

args: ``{optimizer, hyperparams?, steps, seed?, batch_size?}`` (``batch_size`` null or absent:
the full batch; ``seed``: the network's initial weights and the minibatches' shuffle).
reply: ``{parameters, hidden, examples, steps, path (flat (steps + 1) x 2), path_losses,
explained [2], variance_fraction, grid: {nx, ny, x: [x0, x1], y: [y0, y1], values (flat, ny x
nx, row y by row y)}, min, max, seconds}``.
"""

from __future__ import annotations

from typing import Any, Dict, Generator

import numpy as np

from optimizers.models.network import CLASSES, FEATURES, penguin_species
from optimizers.models.plane import RESOLUTION, iter_trajectory_plane
from optimizers.trajectory import run_to_end, timed

from .checks import build_optimizer, check_object, check_whole

MAX_PLANE_STEPS = 2_000
DEFAULT_PLANE_STEPS = 300


def describe_plane() -> Dict[str, Any]:
    """The catalog's ``network_plane``: the network and the method's limits, for the page."""
    network = penguin_species()
    return {"dataset": "penguins", "features": list(FEATURES), "classes": CLASSES, "hidden": network.hidden,
            "parameters": network.parameters, "examples": network.size, "resolution": RESOLUTION,
            "steps": DEFAULT_PLANE_STEPS, "max_steps": MAX_PLANE_STEPS,
            "task": (f"the species of the {network.size} penguins (Adélie, Chinstrap, Gentoo) from their four "
                     f"measurements, standardised, by a network with one hidden layer of {network.hidden} tanh "
                     f"units ({network.parameters} weights), fitted by the mean cross-entropy")}


def plane_job(args: Any) -> Generator[float, None, Dict[str, Any]]:
    """``plane`` as a job (see the module)."""
    spec = check_object("plane's arguments", args, required=("optimizer", "steps"),
                        optional=("hyperparams", "seed", "batch_size"))
    network = penguin_species()
    steps = check_whole("steps", spec["steps"], 2, MAX_PLANE_STEPS)
    seed = check_whole("seed", spec.get("seed", 0), 0, 2 ** 32 - 1)
    batch_size = spec.get("batch_size")
    if batch_size is not None:
        batch_size = check_whole("batch_size", batch_size, 1, network.size)
        if batch_size == network.size:
            batch_size = None   # the whole data set: the exact gradient
    optimizer = build_optimizer(spec["optimizer"], spec.get("hyperparams"))
    return _plane_steps(network, optimizer, steps, seed, batch_size)


def _plane_steps(network, optimizer, steps: int, seed: int, batch_size) -> Generator[float, None, Dict[str, Any]]:
    plane, seconds = yield from timed(iter_trajectory_plane(network, optimizer, steps, seed=seed, batch_size=batch_size))
    values = np.ascontiguousarray(plane.losses, dtype=np.float64)
    return {
        "parameters": network.parameters, "hidden": network.hidden, "examples": network.size,
        "steps": len(plane.path) - 1,
        "path": np.ascontiguousarray(plane.path, dtype=np.float64).reshape(-1),
        "path_losses": np.ascontiguousarray(plane.path_losses, dtype=np.float64),
        "explained": [float(share) for share in plane.explained],
        "variance_fraction": plane.variance_fraction,
        "grid": {"nx": len(plane.xs), "ny": len(plane.ys),
                 "x": [float(plane.xs[0]), float(plane.xs[-1])], "y": [float(plane.ys[0]), float(plane.ys[-1])],
                 "values": values.reshape(-1)},
        "min": float(values.min()), "max": float(values.max()),
        "seconds": seconds,
    }


def plane(args: Any) -> Dict[str, Any]:
    """A network's trajectory plane; see the module."""
    return run_to_end(plane_job(args))
