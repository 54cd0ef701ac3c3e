"""Lion: evolved sign momentum (Chen et al. 2023)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import item, numbers, unit
from .moments import apply_weight_decay, ema, lerp


class LionState(NamedTuple):
    count: int
    exp_avg: Array  # (N, 2) momentum m


@optimizer("lion", label="Lion", settings={
    "betas": numbers("Decay rates of the momentum.",
                     item("beta1", unit(high_open=True, description="β1: mix of momentum and gradient whose sign "
                                                                    "is the step.")),
                     item("beta2", unit(high_open=True, description="β2: decay of the momentum."))),
})
def lion(lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, weight_decouple=True) -> Optimizer:
    r"""Lion ("EvoLved Sign Momentum"): a sign of an interpolated momentum as the step.

    Update rule (Algorithm 2 of the paper) at step $t = 1, 2, \dots$ from $m_0 = 0$, coordinate
    by coordinate, with $\eta_t$ = ``lr`` (or its schedule's value at step $t$),
    $(\beta_1, \beta_2)$ = ``betas`` and $\lambda$ = ``weight_decay`` (decoupled):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) \\
    c_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
    \theta_t &= (1 - \eta_t\lambda)\,\theta_{t-1} - \eta_t \operatorname{sign}(c_t) \\
    m_t &= \beta_2 m_{t-1} + (1 - \beta_2)\, g_t
    \end{aligned}
    $$

    Without weight decay every coordinate moves by exactly $\eta_t$ (or 0), so paths run
    along the diagonals. With ``weight_decouple=False`` the decay is coupled instead: $g_t = \nabla f(\theta_{t-1}) +
    \lambda\,\theta_{t-1}$ and the step starts from $\theta_{t-1}$.
    Defaults are the paper's and ``pytorch_optimizer.Lion``'s: ``lr=1e-4``,
    ``betas=(0.9, 0.99)``, ``weight_decay=0``; ``weight_decouple`` is pytorch_optimizer's option. Reference: Chen et al. 2023,
    "Symbolic Discovery of Optimization Algorithms" (arXiv:2302.06675).
    """
    beta1, beta2 = betas

    def init(params: Array) -> LionState:
        return LionState(0, np.zeros_like(params))

    def update(grads: Array, state: LionState, params: Array, value=None):
        rate = lr(state.count)
        grads, start = apply_weight_decay(grads, params, rate, weight_decay, weight_decouple)
        direction = np.sign(lerp(state.exp_avg, grads, 1.0 - beta1))
        new_params = start - rate * direction
        return new_params - params, LionState(state.count + 1, ema(state.exp_avg, grads, beta2))

    def state_vectors(state: LionState):
        """``exp_avg``, the ``moment``."""
        return {"exp_avg": state.exp_avg, "moment": state.exp_avg}

    return Transform(init, update, state_vectors)
