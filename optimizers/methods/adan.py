"""Adan: adaptive Nesterov momentum (Xie et al. 2022)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer, check_betas, check_flag, check_number
from ..schedules import as_schedule
from .moments import bias_correction, ema


class AdanState(NamedTuple):
    count: int
    exp_avg: Array       # m, EMA of g
    exp_avg_diff: Array  # n, EMA of g_t − g_{t−1}
    exp_avg_sq: Array    # v, EMA of (g_t + β2·(g_t − g_{t−1}))²
    previous_grad: Array  # g_{t−1} (the first step uses g_0 itself, so its difference is 0)


def adan(lr=1e-3, betas=(0.98, 0.92, 0.99), eps=1e-8, weight_decay=0.0,
         weight_decouple=False) -> Optimizer:
    """Adan: Adam-style scaling of a gradient extrapolated with its recent change.

    Update rule (Algorithm 1 of the paper, written with Adam-style betas, i.e. the
    paper's ``β_k`` is ``1 − betas[k]``), at step ``t = 1, 2, …``, ``Δ = g_t − g_{t−1}``
    (0 on the first step)::

        m ← β1·m + (1 − β1)·g
        n ← β2·n + (1 − β2)·Δ
        v ← β3·v + (1 − β3)·(g + β2·Δ)²
        d = (lr/(1 − β1ᵗ))·m + (lr·β2/(1 − β2ᵗ))·n,  divided by √v/√(1 − β3ᵗ) + ε
        θ ← (θ − d) / (1 + lr·λ)                 (the paper's proximal weight decay)

    ``weight_decouple=True`` uses ``θ·(1 − lr·λ) − d`` instead. Defaults are the paper's
    and ``pytorch_optimizer.Adan``'s: ``lr=1e-3``, ``betas=(0.98, 0.92, 0.99)``,
    ``eps=1e-8``. The bias-corrected form is pytorch_optimizer's (the authors' code
    applies the same corrections). Global gradient-norm clipping (``max_grad_norm``) is
    not offered. Reference: Xie et al. 2022, "Adan: Adaptive Nesterov Momentum Algorithm
    for Faster Optimizing Deep Models" (arXiv:2208.06677).
    """
    schedule = as_schedule(lr)
    beta1, beta2, beta3 = check_betas("betas", betas, count=3)
    eps = check_number("eps", eps, low=0.0)
    weight_decay = check_number("weight_decay", weight_decay, low=0.0)
    weight_decouple = check_flag("weight_decouple", weight_decouple)

    def init(params: Array) -> AdanState:
        zeros = np.zeros_like(params)
        return AdanState(0, zeros, zeros.copy(), zeros.copy(), zeros.copy())

    def update(grads: Array, state: AdanState, params: Array, value=None):
        count = state.count + 1
        rate = schedule(state.count)
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

    return Optimizer("adan", dict(lr=lr, betas=(beta1, beta2, beta3), eps=eps, weight_decay=weight_decay,
                                  weight_decouple=weight_decouple), init, update, state_vectors)
