"""MADGRAD: momentumized, adaptive, dual averaged gradient (Defazio & Jelassi 2021)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import unit
from .moments import lerp


class MadgradState(NamedTuple):
    count: int
    grad_sum_sq: Array  # Σ λ_i·g_i²
    s: Array            # Σ λ_i·g_i
    x0: Array           # the start point (dual averaging is anchored there)


@optimizer("madgrad", label="MADGRAD", settings={
    "momentum": unit(high_open=True, description="Momentum by averaging: θ moves 1 − momentum of the way to the "
                                                 "dual-averaging point."),
})
def madgrad(lr=1e-3, momentum=0.9, eps=1e-6, weight_decay=0.0, weight_decouple=False) -> Optimizer:
    r"""MADGRAD: dual averaging with a cube-root AdaGrad scale, plus momentum by averaging.

    Update rule (Algorithm 1 of the paper) at step $t = 1, 2, \dots$ from $s_0 = \nu_0 = 0$,
    coordinate by coordinate, with $\eta_t$ = ``lr`` (or its schedule's value at step $t$),
    $\mu$ = ``momentum``, $\epsilon$ = ``eps``, $w$ = ``weight_decay`` and the anchor
    $x_0 = \theta_0$, the start point:

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + w\,\theta_{t-1} \\
    \lambda_t &= (\eta_t + \epsilon)\,\sqrt{t} \\
    s_t &= s_{t-1} + \lambda_t\, g_t, \qquad \nu_t = \nu_{t-1} + \lambda_t\, g_t^2 \\
    z_t &= x_0 - \frac{s_t}{\sqrt[3]{\nu_t} + \epsilon} \\
    \theta_t &= \mu\,\theta_{t-1} + (1 - \mu)\, z_t
    \end{aligned}
    $$

    With $\mu = 0$ the anchor is recomputed from the current point each step,
    $x_0 = \theta_{t-1} + s_{t-1} / (\sqrt[3]{\nu_{t-1}} + \epsilon)$, as in the authors' code.
    The $\eta_t + \epsilon$ inside $\lambda_t$ is the authors' (and pytorch_optimizer's) quirk,
    kept (it is 0 when $\eta_t = 0$). With ``weight_decouple=True``, $g_t = \nabla f(\theta_{t-1})$
    and $(\eta_t + \epsilon)\, w\,\theta_{t-1}$ is subtracted from $\theta_t$ instead. Defaults are ``pytorch_optimizer.MADGRAD``'s: ``lr=1e-3``,
    ``momentum=0.9``, ``eps=1e-6`` (the authors' package defaults to ``lr=1e-2``).
    Reference: Defazio & Jelassi 2021, "Adaptivity without Compromise: A Momentumized,
    Adaptive, Dual Averaged Gradient Method for Stochastic Optimization" (JMLR 2022).
    """

    def rms(grad_sum_sq: Array) -> Array:
        root = grad_sum_sq ** (1.0 / 3.0) + eps
        return np.where(root == 0.0, np.inf, root) if eps == 0.0 else root

    def init(params: Array) -> MadgradState:
        params = np.asarray(params, dtype=np.float64)
        return MadgradState(0, np.zeros_like(params), np.zeros_like(params), params.copy())

    def update(grads: Array, state: MadgradState, params: Array, value=None):
        base_rate = lr(state.count)
        rate = base_rate + eps if base_rate != 0.0 else 0.0
        lamb = rate * math.pow(state.count + 1, 0.5)
        if weight_decay > 0.0 and not weight_decouple:
            grads = grads + weight_decay * params
        x0 = state.x0 if momentum != 0.0 else params + state.s / rms(state.grad_sum_sq)
        grad_sum_sq = state.grad_sum_sq + lamb * (grads * grads)
        s = state.s + lamb * grads
        z = x0 - s / rms(grad_sum_sq)
        new_params = z if momentum == 0.0 else lerp(params, z, 1.0 - momentum)
        if weight_decay > 0.0 and weight_decouple:
            new_params = new_params + (-rate * weight_decay) * params
        return new_params - params, MadgradState(state.count + 1, grad_sum_sq, s, state.x0)

    def state_vectors(state: MadgradState):
        """``grad_sum_sq`` and ``s``, the weighted sums (dual averaging keeps no moment)."""
        return {"grad_sum_sq": state.grad_sum_sq, "s": state.s}

    return Transform(init, update, state_vectors)
