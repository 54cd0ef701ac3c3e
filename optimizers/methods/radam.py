"""RAdam (rectified Adam), as ``torch.optim.RAdam``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer, check_betas, check_flag, check_number
from ..schedules import as_schedule
from .moments import (apply_weight_decay, bias_correction, ema, ema_of_squares, signed,
                      updates_between, zeros_like_params)


class RAdamState(NamedTuple):
    count: int
    mu: Array  # (N, 2) first moment, EMA of the gradient
    nu: Array  # (N, 2) second moment, EMA of the squared gradient


def radam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
          decoupled_weight_decay=False, maximize=False) -> Optimizer:
    """RAdam, exactly as ``torch.optim.RAdam``: Adam that waits until its variance estimate is sound.

    Update rule at step ``t``, with ``g = ∇f(θ) + weight_decay·θ`` (or, with
    ``decoupled_weight_decay``, ``g = ∇f(θ)`` and θ first shrunk by ``1 − lr·weight_decay``)::

        m_t = β1·m + (1 − β1)·g ;   v_t = β2·v + (1 − β2)·g² ;   m̂_t = m_t/(1 − β1^t)
        ρ_∞ = 2/(1 − β2) − 1 ;      ρ_t = ρ_∞ − 2t·β2^t/(1 − β2^t)
        if ρ_t > 5:  r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
                     θ ← θ − lr · m̂_t · √(1 − β2^t)/(√v_t + eps) · r_t
        else:        θ ← θ − lr · m̂_t          (plain momentum SGD for the first steps)

    With the default β2 = 0.999 the first 5 steps are momentum SGD. Defaults are torch's:
    ``lr=1e-3, betas=(0.9, 0.999), eps=1e-8``.

    Reference: Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond".

    >>> import numpy as np
    >>> o = radam(lr=0.1)
    >>> updates, _ = o.update(np.array([[2.0, -1.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> updates        # step 1: -lr·g
    array([[-0.2,  0.1]])
    """
    schedule = as_schedule(lr)
    beta1, beta2 = check_betas("betas", betas)
    eps = check_number("eps", eps, low=0.0)
    weight_decay = check_number("weight_decay", weight_decay, low=0.0)
    decoupled = check_flag("decoupled_weight_decay", decoupled_weight_decay)
    maximize = check_flag("maximize", maximize)

    def init(params: Array) -> RAdamState:
        zeros = zeros_like_params(params)
        return RAdamState(count=0, mu=zeros, nu=zeros.copy())

    def update(grads: Array, state: RAdamState, params: Array, value=None):
        count = state.count + 1
        step = float(count)
        rate = schedule(state.count)
        grad = signed(grads, maximize)
        grad, start = apply_weight_decay(grad, params, rate, weight_decay, decoupled)
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

    return Optimizer("radam", dict(lr=lr, betas=(beta1, beta2), eps=eps,
                                   weight_decay=weight_decay, decoupled_weight_decay=decoupled,
                                   maximize=maximize), init, update, state_vectors)
