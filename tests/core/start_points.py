"""Seeded points for the core's tests: start points, and sample points over a view."""

import numpy as np


def starts_in(function, count, seed):
    """``count`` seeded start points spread over the inner part of the function's view."""
    (x_min, x_max), (y_min, y_max) = function.domain
    unit = np.random.default_rng(seed).uniform(0.1, 0.9, size=(count, 2))
    return np.column_stack([x_min + unit[:, 0] * (x_max - x_min), y_min + unit[:, 1] * (y_max - y_min)])


def points_in(function, count, seed=0):
    """``count`` seeded points drawn uniformly over the function's whole view."""
    (x_min, x_max), (y_min, y_max) = function.domain
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(x_min, x_max, count), rng.uniform(y_min, y_max, count)], axis=1)
