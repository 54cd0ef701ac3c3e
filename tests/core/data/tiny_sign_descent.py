"""A new optimizer as a contributor would add it: this file, nothing else (tests/core/test_registry.py
loads it as if it were a module of optimizers/methods/)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Array, Optimizer
from optimizers.registry import Transform, optimizer
from optimizers.settings.facts import unit


class TinyState(NamedTuple):
    count: int


@optimizer("tiny_sign_descent", label="Tiny sign descent", settings={
    "shrink": unit(high_open=True, description="Share by which the step shrinks at every step (0: none)."),
})
def tiny_sign_descent(lr=0.05, shrink=0.0, weight_decay=0.0, maximize=False) -> Optimizer:
    r"""Sign descent with a shrinking step: every coordinate moves by the same length.

    $$\theta_t = \theta_{t-1} - \eta_t\,(1 - s)^{t-1}\,\mathrm{sign}\left(\nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1}\right)$$

    with $\eta_t$ = ``lr`` (or its schedule's value), $s$ = ``shrink``, $\lambda$ = ``weight_decay``.
    Reference: Bernstein et al. 2018, "signSGD: Compressed Optimisation for Non-Convex Problems".
    """
    def init(params: Array) -> TinyState:
        return TinyState(0)

    def update(grads: Array, state: TinyState, params: Array, value=None):
        length = lr(state.count) * (1.0 - shrink) ** state.count
        return -length * np.sign(grads + weight_decay * params), TinyState(state.count + 1)

    return Transform(init, update)
