"""Quasi-hyperbolic momentum: QHM and QHAdam (Ma & Yarats 2019)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import item, numbers, unit
from .moments import apply_weight_decay


class QHMState(NamedTuple):
    count: int
    momentum_buffer: Array  # g_t: EMA of the gradient, started at zero


@optimizer("qhm", label="QHM", settings={
    "momentum": unit(description="β: decay of the momentum buffer (a running mean of gradients)."),
    "nu": unit(description="ν: weight of the momentum step against the plain gradient step (0: SGD, 1: momentum)."),
})
def qhm(lr=1e-3, momentum=0.999, nu=0.7, weight_decay=0.0, weight_decouple=False) -> Optimizer:
    r"""QHM: a weighted average of the plain gradient step and the momentum step.

    Update rule (the paper's eq. 3) at step $t = 1, 2, \dots$ from $b_0 = 0$ (no bias
    correction), with $\eta_t$ = ``lr`` (or its schedule's value at step $t$), $\beta$ =
    ``momentum``, $\nu$ = ``nu`` and $\lambda$ = ``weight_decay``:

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    b_t &= \beta\, b_{t-1} + (1 - \beta)\, g_t \\
    \theta_t &= \theta_{t-1} - \eta_t \left((1 - \nu)\, g_t + \nu\, b_t\right)
    \end{aligned}
    $$

    With ``weight_decouple=True``, $g_t = \nabla f(\theta_{t-1})$ and the step starts from
    $(1 - \eta_t\lambda)\,\theta_{t-1}$ instead.

    $\nu = 0$ is plain SGD, $\nu = 1$ is momentum SGD in its dampened (EMA) form, $\nu = \beta$
    is Nesterov momentum (with a rescaled rate). Defaults: ``momentum=0.999``, ``nu=0.7``,
    the paper's recommended "rule of thumb" (pytorch_optimizer's defaults, momentum 0 and
    ν = 1, make plain SGD); ``lr=1e-3``. Reference: Ma & Yarats 2019, "Quasi-hyperbolic momentum and Adam
    for deep learning" (ICLR 2019); the authors' code is the ``qhoptim`` package.
    """
    def init(params: Array) -> QHMState:
        return QHMState(0, np.zeros_like(params))

    def update(grads: Array, state: QHMState, params: Array, value=None):
        rate = lr(state.count)
        grads, start = apply_weight_decay(grads, params, rate, weight_decay, weight_decouple)
        buffer = state.momentum_buffer * momentum + (1.0 - momentum) * grads
        new_params = start + (-rate * nu) * buffer
        new_params = new_params + (-rate * (1.0 - nu)) * grads
        return new_params - params, QHMState(state.count + 1, buffer)

    def state_vectors(state: QHMState):
        """``momentum_buffer``, the ``moment``."""
        return {"momentum_buffer": state.momentum_buffer, "moment": state.momentum_buffer}

    return Transform(init, update, state_vectors)


class QHAdamState(NamedTuple):
    count: int
    beta1_weight: float  # 1 + β1 + … + β1^(t−1): bias correction as a running sum
    beta2_weight: float
    exp_avg: Array       # bias-corrected EMA of g
    exp_avg_sq: Array    # bias-corrected EMA of g²


@optimizer("qhadam", label="QHAdam", settings={
    "nus": numbers("Weights of the moments against the plain gradient (1, 1: Adam).",
                   item("nu1", unit(description="ν1: weight of the first moment against g, in the numerator.")),
                   item("nu2", unit(description="ν2: weight of the second moment against g², in the denominator."))),
})
def qhadam(lr=1e-3, betas=(0.995, 0.999), nus=(0.7, 1.0), eps=1e-8, weight_decay=0.0,
           weight_decouple=False) -> Optimizer:
    r"""QHAdam: Adam whose numerator and denominator mix the moments with g and g².

    Update rule (the paper's Algorithm 2) at step $t = 1, 2, \dots$, coordinate by coordinate,
    with $\eta_t$ = ``lr`` (or its schedule's value at step $t$), $(\beta_1, \beta_2)$ =
    ``betas``, $(\nu_1, \nu_2)$ = ``nus``, $\epsilon$ = ``eps`` and $\lambda$ = ``weight_decay``;
    $\hat m_t$ and $\hat v_t$ are the bias-corrected moments, kept in the authors' running-sum
    form ($w_0 = 0$):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    w_t &= 1 + \beta_1 w_{t-1}, \qquad
        \hat m_t = \left(1 - \tfrac{1}{w_t}\right) \hat m_{t-1} + \tfrac{1}{w_t}\, g_t \\
    \hat v_t &= \text{the same with } \beta_2 \text{ and } g_t^2 \\
    \theta_t &= \theta_{t-1} - \eta_t\,
        \frac{(1 - \nu_1)\, g_t + \nu_1 \hat m_t}{\sqrt{(1 - \nu_2)\, g_t^2 + \nu_2 \hat v_t} + \epsilon}
    \end{aligned}
    $$

    ($\hat m_t$ is exactly Adam's bias-corrected $m_t / (1 - \beta_1^t)$, and $\hat v_t$ Adam's
    $v_t / (1 - \beta_2^t)$.) With ``weight_decouple=True``, $g_t = \nabla f(\theta_{t-1})$ and
    the step starts from $(1 - \eta_t\lambda)\,\theta_{t-1}$ instead.

    ``nus=(1, 1)`` is Adam; $\nu_2 = 1$ with $\nu_1 = \beta_1$ recovers a NAdam-like rule.
    Defaults: ``betas=(0.995, 0.999)``, ``nus=(0.7, 1.0)``, the paper's recommended
    setting (``qhoptim`` and ``pytorch_optimizer`` default to ``nus=(1, 1)`` and
    ``betas=(0.9, 0.999)``, i.e. Adam); ``lr=1e-3``, ``eps=1e-8``. The bias correction
    is the authors' running-sum form (qhoptim); pytorch_optimizer keeps that sum in
    float32, so it differs from this in the 8th digit. Reference: Ma & Yarats 2019,
    "Quasi-hyperbolic momentum and Adam for deep learning" (ICLR 2019).
    """
    beta1, beta2 = betas
    nu1, nu2 = nus

    def init(params: Array) -> QHAdamState:
        return QHAdamState(0, 0.0, 0.0, np.zeros_like(params), np.zeros_like(params))

    def update(grads: Array, state: QHAdamState, params: Array, value=None):
        rate = lr(state.count)
        grads, start = apply_weight_decay(grads, params, rate, weight_decay, weight_decouple)
        grad_sq = grads * grads
        beta1_weight = 1.0 + beta1 * state.beta1_weight
        beta2_weight = 1.0 + beta2 * state.beta2_weight
        adj1 = 1.0 - 1.0 / beta1_weight
        adj2 = 1.0 - 1.0 / beta2_weight
        exp_avg = state.exp_avg * adj1 + (1.0 - adj1) * grads
        exp_avg_sq = state.exp_avg_sq * adj2 + (1.0 - adj2) * grad_sq
        avg_grad = exp_avg * nu1
        if nu1 != 1.0:
            avg_grad = avg_grad + (1.0 - nu1) * grads
        avg_grad_rms = exp_avg_sq * nu2
        if nu2 != 1.0:
            avg_grad_rms = avg_grad_rms + (1.0 - nu2) * grad_sq
        avg_grad_rms = np.sqrt(avg_grad_rms) + eps
        new_params = start + (-rate) * (avg_grad / avg_grad_rms)
        return new_params - params, QHAdamState(state.count + 1, beta1_weight, beta2_weight,
                                                exp_avg, exp_avg_sq)

    def state_vectors(state: QHAdamState):
        """``exp_avg`` (the ``moment``) and ``exp_avg_sq``."""
        return {"exp_avg": state.exp_avg, "exp_avg_sq": state.exp_avg_sq, "moment": state.exp_avg}

    return Transform(init, update, state_vectors)
