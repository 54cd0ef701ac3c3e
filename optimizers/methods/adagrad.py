"""Adagrad, as ``torch.optim.Adagrad``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import positive
from .moments import l2_weight_decay


class AdagradState(NamedTuple):
    count: int
    sum_of_squares: Array  # (N, 2): initial_accumulator_value + the sum of squared gradients


@optimizer("adagrad", label="Adagrad", torch="Adagrad", settings={
    "lr_decay": positive("Learning-rate decay: the rate is divided by 1 + (t − 1)·lr_decay.", (1e-6, 1.0)),
    "initial_accumulator_value": positive("Starting value of the sum of squared gradients.", (0.0, 1.0),
                                          scale="linear"),
})
def adagrad(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
            eps=1e-10, maximize=False) -> Optimizer:
    r"""Adagrad: each coordinate's step shrinks with its accumulated squared gradients.

    Exactly ``torch.optim.Adagrad``. Update rule at step $t = 1, 2, \dots$, with $\alpha_t$ =
    ``lr`` (or its schedule's value at step $t$), $\psi$ = ``lr_decay``, $\epsilon$ = ``eps``,
    $\lambda$ = ``weight_decay`` and $s_0$ = ``initial_accumulator_value`` in every coordinate
    (coordinate by coordinate; ``maximize`` negates $\nabla f$):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    s_t &= s_{t-1} + g_t^2 \\
    \eta_t &= \frac{\alpha_t}{1 + (t - 1)\,\psi} \\
    \theta_t &= \theta_{t-1} - \eta_t\,\frac{g_t}{\sqrt{s_t} + \epsilon}
    \end{aligned}
    $$

    Defaults are torch's: ``lr=1e-2, lr_decay=0, weight_decay=0,
    initial_accumulator_value=0, eps=1e-10``. ``lr`` may be a schedule (evaluated at the
    update count); ``lr_decay`` applies on top of it. Reference: Duchi, Hazan & Singer
    2011, "Adaptive Subgradient Methods for Online Learning and Stochastic Optimization".

    The first step has length about ``lr`` in every coordinate, whatever the gradient's size:

    >>> import numpy as np
    >>> o = adagrad(lr=0.1)
    >>> updates, _ = o.update(np.array([[3.0, -0.01]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> np.round(updates, 6)
    array([[-0.1,  0.1]])
    """

    def init(params: Array) -> AdagradState:
        return AdagradState(count=0, sum_of_squares=np.full_like(params, initial_accumulator_value))

    def update(grads: Array, state: AdagradState, params: Array, value=None):
        grad = l2_weight_decay(grads, params, weight_decay)
        clr = lr(state.count) / (1.0 + float(state.count) * lr_decay)
        sum_of_squares = state.sum_of_squares + grad * grad
        std = np.sqrt(sum_of_squares) + eps
        updates = -clr * grad / std
        return updates, AdagradState(state.count + 1, sum_of_squares)

    def state_vectors(state: AdagradState):
        """torch's ``sum`` (no first moment)."""
        return {"sum": state.sum_of_squares}

    return Transform(init, update, state_vectors)
