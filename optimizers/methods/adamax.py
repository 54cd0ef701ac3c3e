"""Adamax (Adam with an infinity norm), as ``torch.optim.Adamax``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from .moments import bias_correction, ema, l2_weight_decay, zeros_like_params


class AdamaxState(NamedTuple):
    count: int
    mu: Array  # (N, 2) first moment, EMA of the gradient
    nu: Array  # (N, 2) exponentially weighted infinity norm: max(β2·nu, |g| + eps)


@optimizer("adamax", label="Adamax", torch="Adamax")
def adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False) -> Optimizer:
    r"""Adamax, exactly as ``torch.optim.Adamax``: Adam with the second moment replaced by a max.

    Update rule at step $t = 1, 2, \dots$ from $m_0 = u_0 = 0$, with $\eta_t$ the learning rate
    ``lr`` (or its schedule's value at step $t$), $(\beta_1, \beta_2)$ = ``betas``, $\epsilon$ =
    ``eps`` and $\lambda$ = ``weight_decay`` (coordinate by coordinate):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
    u_t &= \max\left(\beta_2 u_{t-1},\ |g_t| + \epsilon\right) \\
    \theta_t &= \theta_{t-1} - \frac{\eta_t}{1 - \beta_1^t}\,\frac{m_t}{u_t}
    \end{aligned}
    $$

    Defaults are torch's: ``lr=2e-3, betas=(0.9, 0.999), eps=1e-8``.

    Reference: Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", section 7.1.

    >>> import numpy as np
    >>> o = adamax(lr=0.1)
    >>> updates, _ = o.update(np.array([[2.0, -1.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> np.round(updates, 6)   # the first step has size lr in every coordinate
    array([[-0.1,  0.1]])
    """
    beta1, beta2 = betas

    def init(params: Array) -> AdamaxState:
        zeros = zeros_like_params(params)
        return AdamaxState(count=0, mu=zeros, nu=zeros.copy())

    def update(grads: Array, state: AdamaxState, params: Array, value=None):
        count = state.count + 1
        grad = l2_weight_decay(grads, params, weight_decay)
        mu = ema(state.mu, grad, beta1)
        nu = np.maximum(state.nu * beta2, np.abs(grad) + eps)
        clr = lr(state.count) / bias_correction(beta1, count)
        return -clr * mu / nu, AdamaxState(count, mu, nu)

    def state_vectors(state: AdamaxState):
        """torch's ``exp_avg`` (the ``moment``) and ``exp_inf``."""
        return {"exp_avg": state.mu, "exp_inf": state.nu, "moment": state.mu}

    return Transform(init, update, state_vectors)
