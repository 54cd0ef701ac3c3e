"""Bowls and valleys with one basin (or two): Rosenbrock, Beale, Booth, Matyas, McCormick.

Every ``*_value(xy, **params)`` maps ``(N, 2) -> (N,)`` and every ``*_grad`` maps
``(N, 2) -> (N, 2)``, element by element (no reductions across rows).
"""

from __future__ import annotations

import numpy as np

from .base import TestFunction

JAMIL_YANG = ("M. Jamil, X.-S. Yang, 'A literature survey of benchmark functions for global "
              "optimization problems', Int. J. Math. Modelling and Numerical Optimisation 4 (2013)")


# --- Rosenbrock --------------------------------------------------------------------

def rosenbrock_value(xy, a, b):
    """Rosenbrock: (a − x)² + b(y − x²)², a=1, b=100.

    One minimum, 0 at (a, a²), at the end of a long curved valley.
    Rosenbrock, The Computer Journal 3 (1960).
    """
    x, y = xy[:, 0], xy[:, 1]
    return (a - x) ** 2 + b * (y - x ** 2) ** 2


def rosenbrock_grad(xy, a, b):
    x, y = xy[:, 0], xy[:, 1]
    valley = 2.0 * b * (y - x ** 2)
    return np.stack([2.0 * (x - a) - 2.0 * x * valley, valley], axis=1)


ROSENBROCK = TestFunction(
    id="rosenbrock",
    name="Rosenbrock",
    formula=r"f(x, y) = (a - x)^2 + b\,(y - x^2)^2",
    value_fn=rosenbrock_value,
    grad_fn=rosenbrock_grad,
    domain=((-2.0, 2.0), (-1.0, 3.0)),
    params={"a": 1.0, "b": 100.0},
    param_bounds={"b": (0.0, np.inf, True)},
    exact_minima=lambda a, b: np.array([[a, a * a]]),
    contour_scale="log",
    reference=("H. H. Rosenbrock, 'An automatic method for finding the greatest or least value of "
               "a function', The Computer Journal 3 (1960)."),
)


# --- Beale -------------------------------------------------------------------------

def beale_value(xy):
    """Beale: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².

    One minimum, 0 at (3, 0.5), in flat plateaus with steep walls. Beale (1958).
    """
    x, y = xy[:, 0], xy[:, 1]
    return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2)


def beale_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    r1 = 2.0 * (1.5 - x + x * y)
    r2 = 2.0 * (2.25 - x + x * y ** 2)
    r3 = 2.0 * (2.625 - x + x * y ** 3)
    gx = r1 * (y - 1.0) + r2 * (y ** 2 - 1.0) + r3 * (y ** 3 - 1.0)
    gy = x * (r1 + 2.0 * y * r2 + 3.0 * y ** 2 * r3)
    return np.stack([gx, gy], axis=1)


BEALE = TestFunction(
    id="beale",
    name="Beale",
    formula=(r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2"),
    value_fn=beale_value,
    grad_fn=beale_grad,
    domain=((-4.5, 4.5), (-4.5, 4.5)),
    search_step=0.1,
    exact_minima=lambda: np.array([[3.0, 0.5]]),
    contour_scale="log",
    reference=("E. M. L. Beale, 'On an iterative method for finding a local minimum of a function "
               "of more than one variable', Tech. Rep. 25, Statistical Techniques Research Group, "
               "Princeton University (1958)."),
)


# --- Booth -------------------------------------------------------------------------

def booth_value(xy):
    """Booth: (x + 2y − 7)² + (2x + y − 5)², a quadratic bowl; minimum 0 at (1, 3). Jamil & Yang (2013)."""
    x, y = xy[:, 0], xy[:, 1]
    return (x + 2.0 * y - 7.0) ** 2 + (2.0 * x + y - 5.0) ** 2


def booth_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    r1 = 2.0 * (x + 2.0 * y - 7.0)
    r2 = 2.0 * (2.0 * x + y - 5.0)
    return np.stack([r1 + 2.0 * r2, 2.0 * r1 + r2], axis=1)


BOOTH = TestFunction(
    id="booth",
    name="Booth",
    formula=r"f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2",
    value_fn=booth_value,
    grad_fn=booth_grad,
    domain=((-10.0, 10.0), (-10.0, 10.0)),
    exact_minima=lambda: np.array([[1.0, 3.0]]),
    contour_scale="log",
    reference=JAMIL_YANG + ".",
)


# --- Matyas ------------------------------------------------------------------------

def matyas_value(xy):
    """Matyas: 0.26(x² + y²) − 0.48xy, a flat, elongated bowl; minimum 0 at the origin. Jamil & Yang (2013)."""
    x, y = xy[:, 0], xy[:, 1]
    return 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y


def matyas_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x], axis=1)


MATYAS = TestFunction(
    id="matyas",
    name="Matyas",
    formula=r"f(x, y) = 0.26\,(x^2 + y^2) - 0.48\,xy",
    value_fn=matyas_value,
    grad_fn=matyas_grad,
    domain=((-10.0, 10.0), (-10.0, 10.0)),
    exact_minima=lambda: np.zeros((1, 2)),
    contour_scale="log",
    reference=JAMIL_YANG + "; J. Matyas, 'Random optimization', Automation and Remote Control 26 (1965).",
)


# --- McCormick ---------------------------------------------------------------------

def mccormick_value(xy):
    """McCormick: sin(x + y) + (x − y)² − 1.5x + 2.5y + 1.

    In x ∈ [−1.5, 4], y ∈ [−3, 4]: global minimum −1.9133 at (−0.54719, −1.54719) and a
    local one, 1.2283 at (2.59440, 1.59440) (x + y = −2π/3 + 2πk, x − y = 1). Jamil & Yang (2013).
    """
    x, y = xy[:, 0], xy[:, 1]
    return np.sin(x + y) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1.0


def mccormick_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    wave = np.cos(x + y)
    diff = 2.0 * (x - y)
    return np.stack([wave + diff - 1.5, wave - diff + 2.5], axis=1)


def _mccormick_minima():
    u = -2.0 * np.pi / 3.0 + 2.0 * np.pi * np.arange(-2, 3)      # x + y; x - y = 1
    return np.stack([(u + 1.0) / 2.0, (u - 1.0) / 2.0], axis=1)


MCCORMICK = TestFunction(
    id="mccormick",
    name="McCormick",
    formula=r"f(x, y) = \sin(x + y) + (x - y)^2 - 1.5x + 2.5y + 1",
    value_fn=mccormick_value,
    grad_fn=mccormick_grad,
    domain=((-1.5, 4.0), (-3.0, 4.0)),
    search_step=0.05,
    exact_minima=_mccormick_minima,
    reference=JAMIL_YANG + ".",
)
