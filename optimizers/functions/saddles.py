"""Functions without a minimum: the saddle and the monkey saddle.

They show how optimizers leave (or fail to leave) a stationary point that is not a minimum.
"""

from __future__ import annotations

import numpy as np

from .base import TestFunction


def saddle_value(xy):
    """Saddle: x² − y². A saddle point at the origin; no minimum. f → −∞ along y."""
    x, y = xy[:, 0], xy[:, 1]
    return x ** 2 - y ** 2


def saddle_grad(xy):
    return np.stack([2.0 * xy[:, 0], -2.0 * xy[:, 1]], axis=1)


def monkey_saddle_value(xy):
    """Monkey saddle: x³ − 3xy². A degenerate saddle at the origin (three valleys); no minimum."""
    x, y = xy[:, 0], xy[:, 1]
    return x ** 3 - 3.0 * x * y ** 2


def monkey_saddle_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([3.0 * x ** 2 - 3.0 * y ** 2, -6.0 * x * y], axis=1)


SADDLE = TestFunction(
    id="saddle",
    name="Saddle",
    formula=r"f(x, y) = x^2 - y^2",
    value_fn=saddle_value,
    grad_fn=saddle_grad,
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    reference="The hyperbolic paraboloid; the classic example of a saddle point.",
)

MONKEY_SADDLE = TestFunction(
    id="monkey_saddle",
    name="Monkey saddle",
    formula=r"f(x, y) = x^3 - 3xy^2",
    value_fn=monkey_saddle_value,
    grad_fn=monkey_saddle_grad,
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    reference="The monkey saddle (Hilbert and Cohn-Vossen, Geometry and the Imagination, 1932).",
)
