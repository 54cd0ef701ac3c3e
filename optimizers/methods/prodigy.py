"""Prodigy: Adam with a learned step size D, free of a learning rate (Mishchenko & Defazio 2024)."""

from __future__ import annotations

import math
from typing import NamedTuple, Optional

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings import INF
from ..settings.facts import flag, positive, unit
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


@optimizer("prodigy", label="Prodigy", settings={
    "lr": dict(slider=(1e-3, 10.0), description="Multiplies the learned step size D (1 is meant to be left alone)."),
    "beta3": dict(unit(high_open=True, description="β3: decay of the sums behind the step-size estimate."),
                  nullable=True, null_means="√β2"),
    "d0": positive("Starting estimate of the step size D.", (1e-10, 1.0), open_=True),
    "d_coef": positive("Multiplies the estimated step size D.", (1e-2, 10.0), open_=True),
    "growth_rate": dict(kind="number", min=1.0, min_inclusive=True, max=INF, max_inclusive=True, scale="log",
                        slider=(1.0, 100.0), nullable=True, null_means="no limit (the same as Infinity)",
                        description="The largest factor D may grow by in one step (Infinity: no limit)."),
    "bias_correction": dict(description="Bias correction: scale the step by √(1 − β2ᵗ)/(1 − β1ᵗ)."),
    "safeguard_warmup": flag("Leave the rate out of the estimate's denominator (for warm-up schedules)."),
})
def prodigy(lr=1.0, betas=(0.9, 0.999), beta3: Optional[float] = None, d0=1e-6, d_coef=1.0,
            growth_rate=None, weight_decay=0.0, bias_correction=False, safeguard_warmup=False,
            eps=1e-8) -> Optimizer:
    r"""Prodigy: Adam whose step is ``D·lr``, with ``D`` grown from ``d0`` by a distance estimate.

    Update rule at step $t = 1, 2, \dots$, for each row (start point) on its own, with
    $\eta_t$ = ``lr`` (or its schedule's value at step $t$; $\eta = 1$ is meant to be left
    alone), $(\beta_1, \beta_2)$ = ``betas``, $\beta_3$ = ``beta3``, $\epsilon$ = ``eps``,
    $\lambda$ = ``weight_decay``, $d_0$ = ``d0``, $\kappa$ = ``d_coef``, $G$ = ``growth_rate``,
    the start point $x_0 = \theta_0$, $D_0 = D^{\mathrm{max}}_0 = d_0$ and $r_0 = 0$, $m_0 = v_0 = s_0 = 0$:

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}), \qquad
        \gamma_t = D_{t-1}\,\eta_t \quad \left(\text{divided by } \tfrac{1 - \beta_1^t}{\sqrt{1 - \beta_2^t}}
        \text{ with bias correction}\right) \\
    r_t &= \beta_3\, r_{t-1} + \frac{D_{t-1}}{d_0}\,\gamma_t\, \langle g_t,\ x_0 - \theta_{t-1} \rangle \\
    s_t &= \beta_3\, s_{t-1} + \frac{D_{t-1}}{d_0}\,\gamma_t\, g_t
        \quad (\gamma_t \to D_{t-1} \text{ with } \texttt{safeguard\_warmup}) \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, D_{t-1}\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, D_{t-1}^2\, g_t^2 \\
    \hat D_t &= \frac{\kappa\, r_t}{\lVert s_t \rVert_1}, \qquad D^{\mathrm{max}}_t = \max(D^{\mathrm{max}}_{t-1}, \hat D_t) \\
    D_t &= \min\left(D^{\mathrm{max}}_t,\ G \cdot \begin{cases} \max(D_{t-1}, \hat D_t) & D_{t-1} = d_0 \\
        D_{t-1} & \text{otherwise} \end{cases}\right) \\
    \theta_t &= (1 - \lambda\,\gamma_t)\,\theta_{t-1} - \gamma_t\, \frac{m_t}{\sqrt{v_t} + D_t\,\epsilon}
    \end{aligned}
    $$

    ($r_t$ and $\lVert s_t \rVert_1$ are numbers per row; the rest is coordinate by
    coordinate.) $\beta_3$ defaults (``None``) to $\sqrt{\beta_2}$; ``growth_rate=None`` means no limit (the
    reference's ``inf``; None keeps the settings plain JSON). A row whose ``s`` is still
    all zero takes no step and keeps its $D$ and $D^{\mathrm{max}}$ (as the reference returns early). Defaults are the authors' (``prodigyopt.Prodigy``) and
    ``pytorch_optimizer.Prodigy``'s: ``lr=1.0``, ``betas=(0.9, 0.999)``, ``d0=1e-6``,
    ``d_coef=1``, unlimited growth, no bias correction; weight decay is decoupled.
    The statistics $r$ and $\lVert s \rVert_1$ are summed over a row's two coordinates only, so each
    start point learns its own ``D`` (the reference sums over all parameters). Reference:
    Mishchenko & Defazio 2024, "Prodigy: An Expeditiously Adaptive Parameter-Free
    Learner" (ICML 2024, arXiv:2306.06101).
    """
    beta1, beta2 = betas
    beta3_value = math.sqrt(beta2) if beta3 is None else beta3
    growth = math.inf if growth_rate is None else growth_rate

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
        d_lr = d * lr(state.count) / correction
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

    return Transform(init, update, state_vectors)
