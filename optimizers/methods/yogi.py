"""Yogi: Adam with an additive, sign-controlled second moment (Zaheer et al. 2018)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import positive
from .moments import apply_weight_decay, bias_correction, ema


class YogiState(NamedTuple):
    count: int
    exp_avg: Array     # m
    exp_avg_sq: Array  # v


@optimizer("yogi", label="Yogi", settings={
    "initial_accumulator": positive("Starting value of both moments.", (1e-8, 1.0)),
})
def yogi(lr=1e-2, betas=(0.9, 0.999), eps=1e-3, initial_accumulator=1e-6, weight_decay=0.0,
         weight_decouple=True) -> Optimizer:
    r"""Yogi: the second moment moves towards g² by at most (1 − β2)·g² per step.

    Update rule at step $t = 1, 2, \dots$, coordinate by coordinate, with $\eta_t$ = ``lr`` (or
    its schedule's value at step $t$), $(\beta_1, \beta_2)$ = ``betas``, $\epsilon$ = ``eps``,
    $\lambda$ = ``weight_decay`` (decoupled), and $m_0 = v_0$ = ``initial_accumulator``:

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
    v_t &= v_{t-1} - (1 - \beta_2)\,\operatorname{sign}\left(v_{t-1} - g_t^2\right) g_t^2 \\
    \theta_t &= (1 - \eta_t\lambda)\,\theta_{t-1} - \frac{\eta_t}{1 - \beta_1^t}\,
                \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}
    \end{aligned}
    $$

    With ``weight_decouple=False`` the decay is coupled instead: $g_t = \nabla f(\theta_{t-1}) +
    \lambda\,\theta_{t-1}$ and the step starts from $\theta_{t-1}$. Defaults: ``lr=1e-2``,
    ``betas=(0.9, 0.999)``, ``eps=1e-3``, ``initial_accumulator=1e-6`` (the paper's
    experiments and ``pytorch_optimizer.Yogi``). Variant: the paper's Algorithm 2 has no
    bias correction; this follows ``pytorch_optimizer`` (and optax's ``yogi``), which
    apply Adam's bias corrections. Reference: Zaheer et al. 2018, "Adaptive Methods for
    Nonconvex Optimization" (NeurIPS 2018).
    """
    beta1, beta2 = betas

    def init(params: Array) -> YogiState:
        start = np.full(np.shape(params), initial_accumulator, dtype=np.float64)
        return YogiState(0, start, start.copy())

    def update(grads: Array, state: YogiState, params: Array, value=None):
        count = state.count + 1
        rate = lr(state.count)
        grads, start = apply_weight_decay(grads, params, rate, weight_decay, weight_decouple)
        grad_sq = grads * grads
        exp_avg = ema(state.exp_avg, grads, beta1)
        exp_avg_sq = state.exp_avg_sq + (-(1.0 - beta2)) * np.sign(state.exp_avg_sq - grad_sq) * grad_sq
        denom = np.sqrt(exp_avg_sq) / math.sqrt(bias_correction(beta2, count)) + eps
        step_size = rate / bias_correction(beta1, count)
        new_params = start - step_size * (exp_avg / denom)
        return new_params - params, YogiState(count, exp_avg, exp_avg_sq)

    def state_vectors(state: YogiState):
        """``exp_avg`` (the ``moment``) and ``exp_avg_sq``."""
        return {"exp_avg": state.exp_avg, "exp_avg_sq": state.exp_avg_sq, "moment": state.exp_avg}

    return Transform(init, update, state_vectors)
