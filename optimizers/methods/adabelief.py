"""AdaBelief: Adam with the "belief" in the gradient as its denominator (Zhuang et al. 2020)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from .moments import apply_weight_decay, bias_correction, ema


class AdaBeliefState(NamedTuple):
    count: int
    exp_avg: Array      # m, EMA of the gradient
    exp_avg_var: Array  # s, EMA of (g − m)² (+ eps every step)


@optimizer("adabelief", label="AdaBelief")
def adabelief(lr=1e-3, betas=(0.9, 0.999), eps=1e-16, weight_decay=0.0,
              weight_decouple=True) -> Optimizer:
    r"""AdaBelief: the step is large where the gradient agrees with its running mean.

    Update rule (Algorithm 2 of the paper) at step $t = 1, 2, \dots$ from $m_0 = s_0 = 0$,
    coordinate by coordinate, with $\eta_t$ = ``lr`` (or its schedule's value at step $t$),
    $(\beta_1, \beta_2)$ = ``betas``, $\epsilon$ = ``eps`` and $\lambda$ = ``weight_decay``
    (decoupled):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
    s_t &= \beta_2 s_{t-1} + (1 - \beta_2)\,(g_t - m_t)^2 + \epsilon \\
    \theta_t &= (1 - \eta_t\lambda)\,\theta_{t-1} - \frac{\eta_t}{1 - \beta_1^t}\,
                \frac{m_t}{\sqrt{s_t} / \sqrt{1 - \beta_2^t} + \epsilon}
    \end{aligned}
    $$

    With ``weight_decouple=False`` the decay is coupled instead: $g_t = \nabla f(\theta_{t-1}) +
    \lambda\,\theta_{t-1}$ and the step starts from $\theta_{t-1}$.

    Defaults are ``pytorch_optimizer.AdaBelief``'s (and the authors' package's, version
    ≥ 0.1): ``lr=1e-3``, ``betas=(0.9, 0.999)``, ``eps=1e-16``, decoupled weight decay.
    The rectified (``rectify``) and AMSGrad (``ams_bound``) variants are not offered.
    Reference: Zhuang et al. 2020, "AdaBelief Optimizer: Adapting Stepsizes by the
    Belief in Observed Gradients" (NeurIPS 2020, arXiv:2010.07468).
    """
    beta1, beta2 = betas

    def init(params: Array) -> AdaBeliefState:
        return AdaBeliefState(0, np.zeros_like(params), np.zeros_like(params))

    def update(grads: Array, state: AdaBeliefState, params: Array, value=None):
        count = state.count + 1
        rate = lr(state.count)
        grads, start = apply_weight_decay(grads, params, rate, weight_decay, weight_decouple)
        exp_avg = ema(state.exp_avg, grads, beta1)
        residual = grads - exp_avg
        exp_avg_var = state.exp_avg_var * beta2 + (1.0 - beta2) * residual * residual + eps
        denom = np.sqrt(exp_avg_var) / math.sqrt(bias_correction(beta2, count)) + eps
        step_size = rate / bias_correction(beta1, count)
        new_params = start - step_size * (exp_avg / denom)
        return new_params - params, AdaBeliefState(count, exp_avg, exp_avg_var)

    def state_vectors(state: AdaBeliefState):
        """``exp_avg`` (the ``moment``) and ``exp_avg_var``."""
        return {"exp_avg": state.exp_avg, "exp_avg_var": state.exp_avg_var, "moment": state.exp_avg}

    return Transform(init, update, state_vectors)
