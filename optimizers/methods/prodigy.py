"""Prodigy: Adam with a learned step size D, free of a learning rate (Mishchenko & Defazio 2024)."""

from __future__ import annotations

import math
from typing import NamedTuple, Optional

import numpy as np

from ..base import Array, Optimizer, check_betas, check_flag, check_number
from ..schedules import as_schedule
from .moments import bias_correction as _debias


class ProdigyState(NamedTuple):
    count: int
    d: Array            # the step-size estimate D, (N,)
    d_max: Array        # (N,)
    d_numerator: Array  # Σ β3^(t−i)·(d_i²/d0)·lr_i·⟨g_i, x0 − x_i⟩, (N,)
    s: Array            # (N, 2)
    p0: Array           # the start point, (N, 2)
    exp_avg: Array      # (N, 2)
    exp_avg_sq: Array   # (N, 2)


def prodigy(lr=1.0, betas=(0.9, 0.999), beta3: Optional[float] = None, d0=1e-6, d_coef=1.0,
            growth_rate=None, weight_decay=0.0, bias_correction=False, safeguard_warmup=False,
            eps=1e-8) -> Optimizer:
    """Prodigy: Adam whose step is ``D·lr``, with ``D`` grown from ``d0`` by a distance estimate.

    At step ``t`` (``lr = 1`` is meant to be left alone), per row::

        η = D·lr  (divided by (1 − β1ᵗ)/√(1 − β2ᵗ) if bias_correction)
        r ← β3·r + (D/d0)·η·⟨g, x0 − θ⟩
        m ← β1·m + (1 − β1)·D·g;   v ← β2·v + (1 − β2)·D²·g²
        s ← β3·s + (D/d0)·η·g            (η → D if safeguard_warmup)
        D̂ = d_coef·r / ‖s‖₁;  D ← max(D, D̂) at first (while D = d0), D_max ← max(D_max, D̂),
        D ← min(D_max, D·growth_rate)
        θ ← θ·(1 − η·λ) − η·m / (√v + D·ε)

    ``β3`` defaults (``None``) to ``√β2``; ``growth_rate=None`` means no limit (the
    reference's ``inf``; None keeps the settings plain JSON). A row whose ``s`` is still
    all zero takes no step (as the reference returns early). Defaults are the authors' (``prodigyopt.Prodigy``) and
    ``pytorch_optimizer.Prodigy``'s: ``lr=1.0``, ``betas=(0.9, 0.999)``, ``d0=1e-6``,
    ``d_coef=1``, unlimited growth, no bias correction; weight decay is decoupled.
    The statistics ``r`` and ``s`` are summed over a row's two coordinates only, so each
    start point learns its own ``D`` (the reference sums over all parameters). Reference:
    Mishchenko & Defazio 2024, "Prodigy: An Expeditiously Adaptive Parameter-Free
    Learner" (ICML 2024, arXiv:2306.06101).
    """
    schedule = as_schedule(lr)
    beta1, beta2 = check_betas("betas", betas)
    if beta3 is not None:
        beta3 = check_number("beta3", beta3, low=0.0, high=1.0, high_open=True)
    beta3_value = math.sqrt(beta2) if beta3 is None else beta3
    d0 = check_number("d0", d0, low=0.0, low_open=True)
    d_coef = check_number("d_coef", d_coef, low=0.0, low_open=True)
    if growth_rate is None or (isinstance(growth_rate, float) and growth_rate == math.inf):
        growth = math.inf
    else:
        growth = check_number("growth_rate", growth_rate, low=1.0)
    weight_decay = check_number("weight_decay", weight_decay, low=0.0)
    bias_correction = check_flag("bias_correction", bias_correction)
    safeguard_warmup = check_flag("safeguard_warmup", safeguard_warmup)
    eps = check_number("eps", eps, low=0.0)

    def init(params: Array) -> ProdigyState:
        params = np.asarray(params, dtype=np.float64)
        n = params.shape[0]
        zeros = np.zeros_like(params)
        return ProdigyState(0, np.full(n, d0), np.full(n, d0), np.zeros(n), zeros, params.copy(),
                            zeros.copy(), zeros.copy())

    def update(grads: Array, state: ProdigyState, params: Array, value=None):
        step = state.count + 1
        correction = _debias(beta1, step) / math.sqrt(_debias(beta2, step)) if bias_correction else 1.0
        d = state.d
        d_lr = d * schedule(state.count) / correction
        scale = (d / d0) * d_lr
        diff = state.p0 - params
        dot = grads[:, 0] * diff[:, 0] + grads[:, 1] * diff[:, 1]
        d_numerator = state.d_numerator * beta3_value + scale * dot
        exp_avg = state.exp_avg * beta1 + (d * (1.0 - beta1))[:, None] * grads
        exp_avg_sq = state.exp_avg_sq * beta2 + (d * d * (1.0 - beta2))[:, None] * grads * grads
        s_scale = (d / d0) * (d if safeguard_warmup else d_lr)
        s = state.s * beta3_value + s_scale[:, None] * grads
        d_denom = np.abs(s).sum(axis=1)
        moving = d_denom != 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            d_hat = d_coef * d_numerator / d_denom
        new_d = np.where(d == d0, np.maximum(d, d_hat), d)
        d_max = np.maximum(state.d_max, d_hat)
        new_d = np.minimum(d_max, new_d * growth)
        new_d = np.where(moving, new_d, d)
        d_max = np.where(moving, d_max, state.d_max)
        start = params
        if weight_decay != 0.0:
            start = params * (1.0 - weight_decay * d_lr)[:, None]
        denom = np.sqrt(exp_avg_sq) + (new_d * eps)[:, None]
        new_params = start + (-d_lr)[:, None] * (exp_avg / denom)
        updates = np.where(moving[:, None], new_params - params, 0.0)
        return updates, ProdigyState(step, new_d, d_max, d_numerator, s, state.p0, exp_avg, exp_avg_sq)

    def state_vectors(state: ProdigyState):
        """``exp_avg`` (the ``moment``), ``exp_avg_sq`` and ``s``."""
        return {"exp_avg": state.exp_avg, "exp_avg_sq": state.exp_avg_sq, "s": state.s,
                "moment": state.exp_avg}

    return Optimizer("prodigy", dict(lr=lr, betas=(beta1, beta2), beta3=beta3, d0=d0, d_coef=d_coef,
                                     growth_rate=None if growth == math.inf else growth,
                                     weight_decay=weight_decay,
                                     bias_correction=bias_correction, safeguard_warmup=safeguard_warmup,
                                     eps=eps), init, update, state_vectors)
