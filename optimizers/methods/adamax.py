"""Adamax (Adam with an infinity norm), as ``torch.optim.Adamax``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer, check_betas, check_flag, check_number
from ..schedules import as_schedule
from .moments import bias_correction, ema, l2_weight_decay, signed, zeros_like_params


class AdamaxState(NamedTuple):
    count: int
    mu: Array  # (N, 2) first moment, EMA of the gradient
    nu: Array  # (N, 2) exponentially weighted infinity norm: max(β2·nu, |g| + eps)


def adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False) -> Optimizer:
    """Adamax, exactly as ``torch.optim.Adamax``: Adam with the second moment replaced by a max.

    Update rule at step ``t``, with ``g = ∇f(θ) + weight_decay·θ``::

        m_t = β1·m + (1 − β1)·g
        u_t = max(β2·u, |g| + eps)
        θ  ← θ − lr/(1 − β1^t) · m_t / u_t

    Defaults are torch's: ``lr=2e-3, betas=(0.9, 0.999), eps=1e-8``.

    Reference: Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", section 7.1.

    >>> import numpy as np
    >>> o = adamax(lr=0.1)
    >>> updates, _ = o.update(np.array([[2.0, -1.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> np.round(updates, 6)   # the first step has size lr in every coordinate
    array([[-0.1,  0.1]])
    """
    schedule = as_schedule(lr)
    beta1, beta2 = check_betas("betas", betas)
    eps = check_number("eps", eps, low=0.0)
    weight_decay = check_number("weight_decay", weight_decay, low=0.0)
    maximize = check_flag("maximize", maximize)

    def init(params: Array) -> AdamaxState:
        zeros = zeros_like_params(params)
        return AdamaxState(count=0, mu=zeros, nu=zeros.copy())

    def update(grads: Array, state: AdamaxState, params: Array, value=None):
        count = state.count + 1
        grad = l2_weight_decay(signed(grads, maximize), params, weight_decay)
        mu = ema(state.mu, grad, beta1)
        nu = np.maximum(state.nu * beta2, np.abs(grad) + eps)
        clr = schedule(state.count) / bias_correction(beta1, count)
        return -clr * mu / nu, AdamaxState(count, mu, nu)

    def state_vectors(state: AdamaxState):
        """torch's ``exp_avg`` (the ``moment``) and ``exp_inf``."""
        return {"exp_avg": state.mu, "exp_inf": state.nu, "moment": state.mu}

    return Optimizer("adamax", dict(lr=lr, betas=(beta1, beta2), eps=eps,
                                    weight_decay=weight_decay, maximize=maximize), init, update, state_vectors)
