"""Functions with several basins: two wells, Rastrigin, Ackley, Lévy N.13.

Every ``*_value(xy, **params)`` maps ``(N, 2) -> (N,)`` and every ``*_grad`` maps
``(N, 2) -> (N, 2)``, element by element (no reductions across rows).
"""

from __future__ import annotations

import numpy as np

from .base import TestFunction

TAU = 2.0 * np.pi


# --- two wells ---------------------------------------------------------------------

def two_wells_value(xy, a, b, c, d):
    """Two wells: x² + y² − a·exp(−((x−1)²+y²)/c) − b·exp(−((x+1)²+y²)/d).

    Defaults a=2, b=3, c=d=0.2. Two minima near, not at, (±1, 0) (the bowl pulls them
    inwards); the global one is the left well (b > a). From the 2018 post the site grew out
    of (E. Dupont, "Optimization visualization").
    """
    x, y = xy[:, 0], xy[:, 1]
    right = np.exp(-((x - 1.0) ** 2 + y ** 2) / c)
    left = np.exp(-((x + 1.0) ** 2 + y ** 2) / d)
    return x ** 2 + y ** 2 - a * right - b * left


def two_wells_grad(xy, a, b, c, d):
    x, y = xy[:, 0], xy[:, 1]
    right = (2.0 * a / c) * np.exp(-((x - 1.0) ** 2 + y ** 2) / c)
    left = (2.0 * b / d) * np.exp(-((x + 1.0) ** 2 + y ** 2) / d)
    gx = 2.0 * x + right * (x - 1.0) + left * (x + 1.0)
    gy = 2.0 * y + right * y + left * y
    return np.stack([gx, gy], axis=1)


def two_wells_value_and_grad(xy, a, b, c, d):
    """``(two_wells_value(xy), two_wells_grad(xy))``, the same bits for less work.

    Each exponential is computed once for both, and the two wells' like terms go through
    numpy together as the rows of ``(2, N)`` arrays (fewer calls: each costs more under
    Pyodide). Every element sees the same operations in the same order as in
    ``two_wells_value`` and ``two_wells_grad``; the rewrites are exact in IEEE arithmetic:
    ``x - 1 = x + (-1)`` and ``-s / c = s / (-c)`` (a NaN may change its sign bit only).
    """
    x, y = xy[:, 0], xy[:, 1]
    shifted = x + np.array([[-1.0], [1.0]])            # rows: x - 1, x + 1
    y2 = y ** 2
    wells = shifted ** 2
    wells += y2
    wells /= np.array([[-c], [-d]])
    np.exp(wells, out=wells)                           # rows: the right and the left well
    slopes = wells * np.array([[2.0 * a / c], [2.0 * b / d]])
    wells *= np.array([[a], [b]])
    value = x ** 2
    value += y2
    value -= wells[0]
    value -= wells[1]
    grad = np.empty((len(x), 2))
    gx, gy = grad[:, 0], grad[:, 1]
    np.multiply(2.0, x, out=gx)
    shifted *= slopes
    gx += shifted[0]
    gx += shifted[1]
    np.multiply(2.0, y, out=gy)
    slopes *= y
    gy += slopes[0]
    gy += slopes[1]
    return value, grad


TWO_WELLS = TestFunction(
    id="two_wells",
    name="Two wells",
    formula=(r"f(x, y) = x^2 + y^2 - a\,e^{-\frac{(x-1)^2 + y^2}{c}}"
             r" - b\,e^{-\frac{(x+1)^2 + y^2}{d}}"),
    value_fn=two_wells_value,
    grad_fn=two_wells_grad,
    value_and_grad_fn=two_wells_value_and_grad,
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    params={"a": 2.0, "b": 3.0, "c": 0.2, "d": 0.2},
    param_bounds={"c": (0.01, 100.0, False), "d": (0.01, 100.0, False)},
    search_step=lambda a, b, c, d: min(0.05, 0.2 * np.sqrt(min(c, d))),
    reference=("E. Dupont, 'Optimization visualization' (blog post, 2018): a bowl with two "
               "Gaussian wells, the deeper one (b > a) on the left."),
)


# --- Rastrigin ---------------------------------------------------------------------

def rastrigin_value(xy, A):
    """Rastrigin: 2A + Σ (xᵢ² − A cos 2πxᵢ), A=10.

    Global minimum 0 at the origin; with A=10, 121 local minima in [−5.12, 5.12]², one near
    each integer point (each coordinate solves 2x + 2πA sin 2πx = 0, slightly inside the
    integer). Rastrigin (1974), Mühlenbein et al. (1991).
    """
    x, y = xy[:, 0], xy[:, 1]
    return (2.0 * A + (x ** 2 - A * np.cos(TAU * x))) + (y ** 2 - A * np.cos(TAU * y))


def rastrigin_grad(xy, A):
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([2.0 * x + TAU * A * np.sin(TAU * x), 2.0 * y + TAU * A * np.sin(TAU * y)], axis=1)


RASTRIGIN = TestFunction(
    id="rastrigin",
    name="Rastrigin",
    formula=r"f(x, y) = 2A + \left(x^2 - A\cos 2\pi x\right) + \left(y^2 - A\cos 2\pi y\right)",
    value_fn=rastrigin_value,
    grad_fn=rastrigin_grad,
    domain=((-5.12, 5.12), (-5.12, 5.12)),
    params={"A": 10.0},
    param_bounds={"A": (0.0, np.inf, False)},
    search_step=0.05,
    reference=("L. A. Rastrigin, Systems of Extremal Control (1974); H. Mühlenbein, D. Schomisch, "
               "J. Born, 'The parallel genetic algorithm as function optimizer', Parallel Computing 17 (1991)."),
)


# --- Ackley ------------------------------------------------------------------------

def _ackley_radius(x, y):
    return np.hypot(x, y) * np.sqrt(0.5)          # sqrt((x² + y²) / 2) without overflow


def ackley_value(xy, a, b, c):
    """Ackley: −a·exp(−b√((x²+y²)/2)) − exp((cos cx + cos cy)/2) + a + e, a=20, b=0.2, c=2π.

    Global minimum 0 at the origin (a cone's tip: not differentiable there, the gradient is
    taken as 0); a local minimum near every integer point of [−5, 5]² (121). Ackley (1987).
    """
    x, y = xy[:, 0], xy[:, 1]
    r = _ackley_radius(x, y)
    waves = 0.5 * (np.cos(c * x) + np.cos(c * y))
    return -a * np.expm1(-b * r) + (np.e - np.exp(waves))     # exactly 0 at the origin


def ackley_grad(xy, a, b, c):
    x, y = xy[:, 0], xy[:, 1]
    r = _ackley_radius(x, y)
    # d r / d x = x / (2 r); the cone's tip (r = 0) gets the zero subgradient
    cone = np.where(r > 0.0, (0.5 * a * b) * np.exp(-b * r) / np.where(r > 0.0, r, 1.0), 0.0)
    waves = (0.5 * c) * np.exp(0.5 * (np.cos(c * x) + np.cos(c * y)))
    return np.stack([cone * x + waves * np.sin(c * x), cone * y + waves * np.sin(c * y)], axis=1)


ACKLEY = TestFunction(
    id="ackley",
    name="Ackley",
    formula=(r"f(x, y) = -a\,e^{-b\sqrt{(x^2 + y^2)/2}} - e^{(\cos cx + \cos cy)/2} + a + e"),
    value_fn=ackley_value,
    grad_fn=ackley_grad,
    domain=((-5.0, 5.0), (-5.0, 5.0)),
    params={"a": 20.0, "b": 0.2, "c": TAU},
    param_bounds={"b": (0.0, 10.0, True), "c": (0.0, 10.0, True)},
    search_step=lambda a, b, c: min(0.05, 0.25 / c),
    exact_minima=lambda a, b, c: np.zeros((1, 2)),
    reference="D. H. Ackley, A Connectionist Machine for Genetic Hillclimbing (Kluwer, 1987).",
)


# --- Lévy N.13 ---------------------------------------------------------------------

def levi13_value(xy):
    """Lévy N.13: sin²3πx + (x−1)²(1+sin²3πy) + (y−1)²(1+sin²2πy).

    Global minimum 0 at (1, 1); 1179 local minima in [−10, 10]², about 1/3 apart in x.
    Levy & Montalvo (1985).
    """
    x, y = xy[:, 0], xy[:, 1]
    return (np.sin(1.5 * TAU * x) ** 2
            + (x - 1.0) ** 2 * (1.0 + np.sin(1.5 * TAU * y) ** 2)
            + (y - 1.0) ** 2 * (1.0 + np.sin(TAU * y) ** 2))


def levi13_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    s3y = np.sin(1.5 * TAU * y)
    s2y = np.sin(TAU * y)
    gx = 3.0 * np.pi * np.sin(3.0 * TAU * x) + 2.0 * (x - 1.0) * (1.0 + s3y ** 2)
    gy = ((x - 1.0) ** 2 * (3.0 * np.pi) * np.sin(3.0 * TAU * y)
          + 2.0 * (y - 1.0) * (1.0 + s2y ** 2)
          + (y - 1.0) ** 2 * TAU * np.sin(2.0 * TAU * y))
    return np.stack([gx, gy], axis=1)


LEVI13 = TestFunction(
    id="levi13",
    name="Lévy N.13",
    formula=(r"f(x, y) = \sin^2 3\pi x + (x-1)^2\left(1 + \sin^2 3\pi y\right)"
             r" + (y-1)^2\left(1 + \sin^2 2\pi y\right)"),
    value_fn=levi13_value,
    grad_fn=levi13_grad,
    domain=((-10.0, 10.0), (-10.0, 10.0)),
    search_step=1.0 / 30.0,
    exact_minima=lambda: np.ones((1, 2)),
    reference=("A. V. Levy, A. Montalvo, 'The tunneling algorithm for the global minimization of "
               "functions', SIAM J. Sci. Stat. Comput. 6 (1985); form of S. Surjanovic, D. Bingham, "
               "Virtual Library of Simulation Experiments (sfu.ca/~ssurjano)."),
)
