"""Polynomial landscapes with a few basins: Himmelblau, Goldstein–Price, the camels, Styblinski–Tang.

Every ``*_value(xy)`` maps ``(N, 2) -> (N,)`` and every ``*_grad`` maps ``(N, 2) -> (N, 2)``,
element by element (no reductions across rows).
"""

from __future__ import annotations

import numpy as np

from .base import TestFunction

SURJANOVIC_BINGHAM = ("S. Surjanovic, D. Bingham, Virtual Library of Simulation Experiments: "
                      "Test Functions and Datasets (sfu.ca/~ssurjano)")


# --- Himmelblau --------------------------------------------------------------------

def himmelblau_value(xy):
    """Himmelblau: (x² + y − 11)² + (x + y² − 7)².

    Four global minima, all 0: (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186),
    (3.584428, −1.848126). Himmelblau, Applied Nonlinear Programming (1972).
    """
    x, y = xy[:, 0], xy[:, 1]
    return (x ** 2 + y - 11.0) ** 2 + (x + y ** 2 - 7.0) ** 2


def himmelblau_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    r1 = 2.0 * (x ** 2 + y - 11.0)
    r2 = 2.0 * (x + y ** 2 - 7.0)
    return np.stack([2.0 * x * r1 + r2, r1 + 2.0 * y * r2], axis=1)


HIMMELBLAU = TestFunction(
    id="himmelblau",
    name="Himmelblau",
    formula=r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    value_fn=himmelblau_value,
    grad_fn=himmelblau_grad,
    domain=((-5.0, 5.0), (-5.0, 5.0)),
    search_step=0.1,
    exact_minima=lambda: np.array([[3.0, 2.0]]),
    contour_scale="log",
    reference="D. M. Himmelblau, Applied Nonlinear Programming (McGraw-Hill, 1972).",
)


# --- Goldstein–Price ---------------------------------------------------------------

def goldstein_price_value(xy):
    """Goldstein–Price: [1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]
    · [30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)].

    Global minimum 3 at (0, −1); local minima 30 at (−0.6, −0.4), 84 at (1.8, 0.2) and
    840 at (1.2, 0.8). Goldstein & Price, Mathematics of Computation 25 (1971).
    """
    x, y = xy[:, 0], xy[:, 1]
    u = x + y + 1.0
    v = 2.0 * x - 3.0 * y
    p = 19.0 - 14.0 * x + 3.0 * x ** 2 - 14.0 * y + 6.0 * x * y + 3.0 * y ** 2
    q = 18.0 - 32.0 * x + 12.0 * x ** 2 + 48.0 * y - 36.0 * x * y + 27.0 * y ** 2
    return (1.0 + u ** 2 * p) * (30.0 + v ** 2 * q)


def goldstein_price_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    u = x + y + 1.0
    v = 2.0 * x - 3.0 * y
    p = 19.0 - 14.0 * x + 3.0 * x ** 2 - 14.0 * y + 6.0 * x * y + 3.0 * y ** 2
    q = 18.0 - 32.0 * x + 12.0 * x ** 2 + 48.0 * y - 36.0 * x * y + 27.0 * y ** 2
    first = 1.0 + u ** 2 * p
    second = 30.0 + v ** 2 * q
    d_first = 2.0 * u * p + u ** 2 * (-14.0 + 6.0 * x + 6.0 * y)    # same in x and y
    d_second_x = 4.0 * v * q + v ** 2 * (-32.0 + 24.0 * x - 36.0 * y)
    d_second_y = -6.0 * v * q + v ** 2 * (48.0 - 36.0 * x + 54.0 * y)
    return np.stack([d_first * second + first * d_second_x,
                     d_first * second + first * d_second_y], axis=1)


GOLDSTEIN_PRICE = TestFunction(
    id="goldstein_price",
    name="Goldstein–Price",
    formula=(r"f(x, y) = \left[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)\right]"
             r"\left[30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)\right]"),
    value_fn=goldstein_price_value,
    grad_fn=goldstein_price_grad,
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    search_step=0.05,
    exact_minima=lambda: np.array([[0.0, -1.0], [-0.6, -0.4], [1.8, 0.2], [1.2, 0.8]]),
    contour_scale="log",
    reference=("A. A. Goldstein, J. F. Price, 'On descent from local minima', Mathematics of "
               "Computation 25 (1971)."),
)


# --- camels ------------------------------------------------------------------------

def six_hump_camel_value(xy):
    """Six-hump camel: (4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y².

    Six local minima in x ∈ [−3, 3], y ∈ [−2, 2]; the two global ones, −1.031628, at
    (0.0898, −0.7126) and (−0.0898, 0.7126). Dixon & Szegő (1978).
    """
    x, y = xy[:, 0], xy[:, 1]
    x2 = x ** 2
    y2 = y ** 2
    return (4.0 - 2.1 * x2 + x2 ** 2 / 3.0) * x2 + x * y + (4.0 * y2 - 4.0) * y2


def six_hump_camel_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([8.0 * x - 8.4 * x ** 3 + 2.0 * x ** 5 + y, x - 8.0 * y + 16.0 * y ** 3], axis=1)


SIX_HUMP_CAMEL = TestFunction(
    id="six_hump_camel",
    name="Six-hump camel",
    formula=r"f(x, y) = \left(4 - 2.1x^2 + \tfrac{x^4}{3}\right)x^2 + xy + (4y^2 - 4)\,y^2",
    value_fn=six_hump_camel_value,
    grad_fn=six_hump_camel_grad,
    domain=((-3.0, 3.0), (-2.0, 2.0)),
    search_step=0.05,
    contour_scale="log",
    reference=("L. C. W. Dixon, G. P. Szegő, 'The global optimization problem: an introduction', "
               "Towards Global Optimisation 2 (North-Holland, 1978)."),
)


def three_hump_camel_value(xy):
    """Three-hump camel: 2x² − 1.05x⁴ + x⁶/6 + xy + y².

    Global minimum 0 at the origin; two local minima 0.298638 at ±(1.747552, −0.873776).
    Jamil & Yang (2013); Surjanovic & Bingham.
    """
    x, y = xy[:, 0], xy[:, 1]
    x2 = x ** 2
    return 2.0 * x2 - 1.05 * x2 ** 2 + x2 ** 3 / 6.0 + x * y + y ** 2


def three_hump_camel_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([4.0 * x - 4.2 * x ** 3 + x ** 5 + y, x + 2.0 * y], axis=1)


THREE_HUMP_CAMEL = TestFunction(
    id="three_hump_camel",
    name="Three-hump camel",
    formula=r"f(x, y) = 2x^2 - 1.05x^4 + \tfrac{x^6}{6} + xy + y^2",
    value_fn=three_hump_camel_value,
    grad_fn=three_hump_camel_grad,
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    search_step=0.05,
    exact_minima=lambda: np.zeros((1, 2)),
    contour_scale="log",
    reference=SURJANOVIC_BINGHAM + "; " + "Jamil & Yang (2013).",
)


# --- Styblinski–Tang ---------------------------------------------------------------

def styblinski_tang_value(xy):
    """Styblinski–Tang: ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ).

    Four minima in [−5, 5]², one per pair of the 1-D minima −2.903534 and 2.746803; the
    global one −78.33233 (= 2 · −39.16617) at (−2.903534, −2.903534). Styblinski & Tang (1990).
    """
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * ((x ** 4 - 16.0 * x ** 2 + 5.0 * x) + (y ** 4 - 16.0 * y ** 2 + 5.0 * y))


def styblinski_tang_grad(xy):
    x, y = xy[:, 0], xy[:, 1]
    return np.stack([2.0 * x ** 3 - 16.0 * x + 2.5, 2.0 * y ** 3 - 16.0 * y + 2.5], axis=1)


STYBLINSKI_TANG = TestFunction(
    id="styblinski_tang",
    name="Styblinski–Tang",
    formula=r"f(x, y) = \tfrac{1}{2}\left(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y\right)",
    value_fn=styblinski_tang_value,
    grad_fn=styblinski_tang_grad,
    domain=((-5.0, 5.0), (-5.0, 5.0)),
    search_step=0.1,
    reference=("M. A. Styblinski, T.-S. Tang, 'Experiments in nonconvex optimization: stochastic "
               "approximation with function smoothing and simulated annealing', Neural Networks 3 (1990)."),
)
