"""Per-example losses of the two-parameter models and their exact gradients.

Each loss takes the parameter pairs ``xy`` ``(M, 2)`` (every row its own model) and the
examples ``x``, ``y`` ``(B,)``, and returns ``(M, B)`` arrays: the loss of every model on every
example, and its partial derivatives with respect to the two parameters. The model function
(``optimizers.models.base``) averages them over the examples. Nothing mixes rows of ``xy``.
"""

from __future__ import annotations

from typing import NamedTuple, Tuple

import numpy as np

from ..base import Array


def log_sigmoid(z: Array) -> Array:
    """``log σ(z) = -log(1 + e^{-z})``, without overflow and to full relative precision:
    ``min(z, 0) - log1p(e^{-|z|})`` (for ``z ≪ 0`` it is ``z``, for ``z ≫ 0`` it is ``-e^{-z}``)."""
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))


def sigmoid(z: Array) -> Array:
    """``σ(z) = 1 / (1 + e^{-z})``, without overflow: ``e^{min(z,0)} / (1 + e^{-|z|})``."""
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


class ExampleLoss(NamedTuple):
    """A per-example loss: ``value(xy, x, y) -> (M, B)``, ``grad(xy, x, y) -> ((M, B), (M, B))``, and
    ``both(xy, x, y)``: the three at once, sharing their common terms, with the very same bits."""

    name: str
    value: object
    grad: object
    both: object


def _line(xy: Array, x: Array) -> Array:
    """``w x + b`` for every row ``(w, b)`` of ``xy`` and every example: ``(M, B)``."""
    return xy[:, 0:1] * x[None, :] + xy[:, 1:2]


def squared_error_value(xy: Array, x: Array, y: Array) -> Array:
    """``(w x + b - y)²``."""
    residual = _line(xy, x) - y[None, :]
    return residual * residual


def squared_error_grad(xy: Array, x: Array, y: Array) -> Tuple[Array, Array]:
    """``(2 r x, 2 r)`` with ``r = w x + b - y``."""
    twice = 2.0 * (_line(xy, x) - y[None, :])
    return twice * x[None, :], twice


def squared_error_both(xy: Array, x: Array, y: Array) -> Tuple[Array, Array, Array]:
    residual = _line(xy, x) - y[None, :]
    twice = 2.0 * residual
    return residual * residual, twice * x[None, :], twice


def cross_entropy_value(xy: Array, x: Array, y: Array) -> Array:
    """Binary cross-entropy of ``p = σ(w x + b)`` against the label ``y`` (0 or 1):
    ``-log σ(m)`` with the signed margin ``m = (2y - 1)(w x + b)``, which stays exact where the
    loss is tiny (far out on separable data) and never overflows."""
    sign = 2.0 * y[None, :] - 1.0
    return -log_sigmoid(sign * _line(xy, x))


def cross_entropy_grad(xy: Array, x: Array, y: Array) -> Tuple[Array, Array]:
    """``((σ(z) - y) x, σ(z) - y)``, written ``-(2y - 1) σ(-m)`` so it keeps its relative precision."""
    sign = 2.0 * y[None, :] - 1.0
    residual = -sign * sigmoid(-sign * _line(xy, x))
    return residual * x[None, :], residual


def cross_entropy_both(xy: Array, x: Array, y: Array) -> Tuple[Array, Array, Array]:
    sign = 2.0 * y[None, :] - 1.0
    margin = sign * _line(xy, x)
    tail = np.exp(-np.abs(margin))                                  # e^{-|m|}, shared
    value = -(np.minimum(margin, 0.0) - np.log1p(tail))           # -log_sigmoid(m)
    residual = -sign * (np.exp(np.minimum(-margin, 0.0)) / (1.0 + tail))    # -(2y - 1) sigmoid(-m)
    return value, residual * x[None, :], residual


def tanh_unit_value(xy: Array, x: Array, y: Array) -> Array:
    """``(w₂ tanh(w₁ x) - y)²`` for every row ``(w₁, w₂)``."""
    residual = xy[:, 1:2] * np.tanh(xy[:, 0:1] * x[None, :]) - y[None, :]
    return residual * residual


def tanh_unit_grad(xy: Array, x: Array, y: Array) -> Tuple[Array, Array]:
    """``(2 r w₂ x (1 - t²), 2 r t)`` with ``t = tanh(w₁ x)`` and ``r = w₂ t - y``."""
    t = np.tanh(xy[:, 0:1] * x[None, :])
    twice = 2.0 * (xy[:, 1:2] * t - y[None, :])
    return twice * xy[:, 1:2] * x[None, :] * (1.0 - t * t), twice * t


def tanh_unit_both(xy: Array, x: Array, y: Array) -> Tuple[Array, Array, Array]:
    t = np.tanh(xy[:, 0:1] * x[None, :])
    residual = xy[:, 1:2] * t - y[None, :]
    twice = 2.0 * residual
    return residual * residual, twice * xy[:, 1:2] * x[None, :] * (1.0 - t * t), twice * t


SQUARED_ERROR = ExampleLoss("squared error of a line", squared_error_value, squared_error_grad, squared_error_both)
CROSS_ENTROPY = ExampleLoss("cross-entropy of a logistic unit", cross_entropy_value, cross_entropy_grad,
                            cross_entropy_both)
TANH_UNIT = ExampleLoss("squared error of w2 tanh(w1 x)", tanh_unit_value, tanh_unit_grad, tanh_unit_both)
