"""RAdam (rectified Adam), as ``torch.optim.RAdam``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from .moments import (apply_weight_decay, bias_correction, ema, ema_of_squares,
                      updates_between, zeros_like_params)


class RAdamState(NamedTuple):
    count: int
    mu: Array  # (N, 2) first moment, EMA of the gradient
    nu: Array  # (N, 2) second moment, EMA of the squared gradient


@optimizer("radam", label="RAdam", torch="RAdam")
def radam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
          decoupled_weight_decay=False, maximize=False) -> Optimizer:
    r"""RAdam, exactly as ``torch.optim.RAdam``: Adam that waits until its variance estimate is sound.

    Update rule at step $t = 1, 2, \dots$ from $m_0 = v_0 = 0$, with $\eta_t$ the learning rate
    ``lr`` (or its schedule's value at step $t$), $(\beta_1, \beta_2)$ = ``betas``, $\epsilon$ =
    ``eps`` and $\lambda$ = ``weight_decay``:

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2,
        \qquad \hat m_t = \frac{m_t}{1 - \beta_1^t} \\
    \rho_\infty &= \frac{2}{1 - \beta_2} - 1, \qquad
        \rho_t = \rho_\infty - \frac{2t\,\beta_2^t}{1 - \beta_2^t} \\
    \theta_t &= \begin{cases}
        \theta_{t-1} - \eta_t\,\hat m_t\, r_t\,\dfrac{\sqrt{1 - \beta_2^t}}{\sqrt{v_t} + \epsilon},
        \quad r_t = \sqrt{\dfrac{(\rho_t - 4)(\rho_t - 2)\,\rho_\infty}{(\rho_\infty - 4)(\rho_\infty - 2)\,\rho_t}}
            & \rho_t > 5 \\
        \theta_{t-1} - \eta_t\,\hat m_t & \text{otherwise}
    \end{cases}
    \end{aligned}
    $$

    While $\rho_t \le 5$ it is momentum SGD: with the default $\beta_2 = 0.999$, the first 5
    steps. With ``decoupled_weight_decay=True``, $g_t = \nabla f(\theta_{t-1})$ and the step
    starts from $(1 - \eta_t\lambda)\,\theta_{t-1}$ instead. Defaults are torch's:
    ``lr=1e-3, betas=(0.9, 0.999), eps=1e-8``.

    Reference: Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond".

    >>> import numpy as np
    >>> o = radam(lr=0.1)
    >>> updates, _ = o.update(np.array([[2.0, -1.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> updates        # step 1: -lr·g
    array([[-0.2,  0.1]])
    """
    beta1, beta2 = betas
    decoupled = decoupled_weight_decay

    def init(params: Array) -> RAdamState:
        zeros = zeros_like_params(params)
        return RAdamState(count=0, mu=zeros, nu=zeros.copy())

    def update(grads: Array, state: RAdamState, params: Array, value=None):
        count = state.count + 1
        step = float(count)
        rate = lr(state.count)
        grad, start = apply_weight_decay(grads, params, rate, weight_decay, decoupled)
        mu = ema(state.mu, grad, beta1)
        nu = ema_of_squares(state.nu, grad, beta2)
        correction1 = bias_correction(beta1, count)
        correction2 = bias_correction(beta2, count)
        corrected_mu = mu / correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / correction2
        if rho_t > 5.0:
            adaptive = (correction2 ** 0.5) / (np.sqrt(nu) + eps)
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            step_vector = corrected_mu * rate * adaptive * rect
        else:
            step_vector = corrected_mu * rate
        if start is params:
            return -step_vector, RAdamState(count, mu, nu)
        return updates_between(params, start - step_vector), RAdamState(count, mu, nu)

    def state_vectors(state: RAdamState):
        """torch's ``exp_avg`` (the ``moment``) and ``exp_avg_sq``."""
        return {"exp_avg": state.mu, "exp_avg_sq": state.nu, "moment": state.mu}

    return Transform(init, update, state_vectors)
