"""Adan: adaptive Nesterov momentum (Xie et al. 2022)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import BETA1, item, numbers, unit
from .moments import bias_correction, ema


class AdanState(NamedTuple):
    count: int
    exp_avg: Array       # m, EMA of g
    exp_avg_diff: Array  # n, EMA of g_t − g_{t−1}
    exp_avg_sq: Array    # v, EMA of (g_t + β2·(g_t − g_{t−1}))²
    previous_grad: Array  # g_{t−1} (the first step uses g_0 itself, so its difference is 0)


@optimizer("adan", label="Adan", settings={
    "betas": numbers("Decay rates of the moving averages.", BETA1,
                     item("beta2", unit(high_open=True, description="β2: decay of the running mean of gradient "
                                                                    "differences.")),
                     item("beta3", unit(high_open=True, description="β3: decay of the second moment."))),
})
def adan(lr=1e-3, betas=(0.98, 0.92, 0.99), eps=1e-8, weight_decay=0.0,
         weight_decouple=False) -> Optimizer:
    r"""Adan: Adam-style scaling of a gradient extrapolated with its recent change.

    Update rule (Algorithm 1 of the paper, written with Adam-style betas: the paper's
    $\beta_k$ is $1 - {}$``betas[k]``) at step $t = 1, 2, \dots$ from $m_0 = n_0 = v_0 = 0$,
    coordinate by coordinate, with $\eta_t$ = ``lr`` (or its schedule's value at step $t$),
    $(\beta_1, \beta_2, \beta_3)$ = ``betas``, $\epsilon$ = ``eps`` and $\lambda$ =
    ``weight_decay``; the first step's gradient change is 0 ($g_0 = g_1$):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}), \qquad \Delta_t = g_t - g_{t-1} \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
    n_t &= \beta_2 n_{t-1} + (1 - \beta_2)\, \Delta_t \\
    v_t &= \beta_3 v_{t-1} + (1 - \beta_3)\,(g_t + \beta_2 \Delta_t)^2 \\
    u_t &= \left(\frac{\eta_t}{1 - \beta_1^t}\, m_t + \frac{\eta_t\,\beta_2}{1 - \beta_2^t}\, n_t\right)
           \Big/ \left(\frac{\sqrt{v_t}}{\sqrt{1 - \beta_3^t}} + \epsilon\right) \\
    \theta_t &= \frac{\theta_{t-1} - u_t}{1 + \eta_t\lambda}
    \end{aligned}
    $$

    The last line is the paper's proximal weight decay; ``weight_decouple=True`` uses
    $\theta_t = (1 - \eta_t\lambda)\,\theta_{t-1} - u_t$ instead. Defaults are the paper's
    and ``pytorch_optimizer.Adan``'s: ``lr=1e-3``, ``betas=(0.98, 0.92, 0.99)``,
    ``eps=1e-8``. The bias-corrected form is pytorch_optimizer's (the authors' code
    applies the same corrections). Global gradient-norm clipping (``max_grad_norm``) is
    not offered. Reference: Xie et al. 2022, "Adan: Adaptive Nesterov Momentum Algorithm
    for Faster Optimizing Deep Models" (arXiv:2208.06677).
    """
    beta1, beta2, beta3 = betas

    def init(params: Array) -> AdanState:
        zeros = np.zeros_like(params)
        return AdanState(0, zeros, zeros.copy(), zeros.copy(), zeros.copy())

    def update(grads: Array, state: AdanState, params: Array, value=None):
        count = state.count + 1
        rate = lr(state.count)
        previous = grads if state.count == 0 else state.previous_grad
        diff = grads - previous
        exp_avg = ema(state.exp_avg, grads, beta1)
        exp_avg_diff = ema(state.exp_avg_diff, diff, beta2)
        corrected = diff * beta2 + grads
        exp_avg_sq = state.exp_avg_sq * beta3 + (1.0 - beta3) * corrected * corrected
        denom = np.sqrt(exp_avg_sq) / math.sqrt(bias_correction(beta3, count)) + eps
        new_params = params
        if weight_decay != 0.0 and weight_decouple:
            new_params = new_params * (1.0 - rate * weight_decay)
        new_params = new_params - (rate / bias_correction(beta1, count)) * (exp_avg / denom)
        new_params = new_params - (rate * beta2 / bias_correction(beta2, count)) * (exp_avg_diff / denom)
        if weight_decay != 0.0 and not weight_decouple:
            new_params = new_params / (1.0 + rate * weight_decay)
        return new_params - params, AdanState(count, exp_avg, exp_avg_diff, exp_avg_sq, grads.copy())

    def state_vectors(state: AdanState):
        """``exp_avg`` (the ``moment``), ``exp_avg_diff`` and ``exp_avg_sq``."""
        return {"exp_avg": state.exp_avg, "exp_avg_diff": state.exp_avg_diff,
                "exp_avg_sq": state.exp_avg_sq, "moment": state.exp_avg}

    return Transform(init, update, state_vectors)
