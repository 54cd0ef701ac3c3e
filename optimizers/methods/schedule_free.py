"""Schedule-free SGD and AdamW (Defazio et al. 2024)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import BETA2, item, numbers, positive, unit, whole
from .moments import bias_correction, lerp


class ScheduleFreeState(NamedTuple):
    count: int
    z: Array            # the base (SGD/Adam) sequence, (N, 2)
    exp_avg_sq: Array   # AdamW only: EMA of g² (zeros for SGD)
    lr_max: float       # largest learning rate so far (−1 before the first step)
    weight_sum: float   # sum of the averaging weights so far


AVERAGING = {   # the settings both share
    "warmup_steps": whole("Steps of linear warm-up of the rate (0: none).", 0, (0.0, 1000.0)),
    "r": positive("r: power of the step count in the averaging weights.", (0.0, 2.0), scale="linear"),
    "weight_lr_power": positive("Power of the largest rate so far in the averaging weights.", (0.0, 4.0),
                                scale="linear"),
}


def _schedule_free(lr, beta1, beta2, eps, weight_decay, warmup_steps, r, weight_lr_power) -> Transform:
    adaptive = beta2 is not None

    def init(params: Array) -> ScheduleFreeState:
        params = np.asarray(params, dtype=np.float64)
        return ScheduleFreeState(0, params.copy(), np.zeros_like(params), -1.0, 0.0)

    def update(grads: Array, state: ScheduleFreeState, params: Array, value=None):
        k = state.count
        sched = (k + 1) / warmup_steps if k < warmup_steps else 1.0
        rate = lr(k) * sched
        lr_max = max(rate, state.lr_max)
        weight = ((k + 1) ** r) * (lr_max ** weight_lr_power)
        weight_sum = state.weight_sum + weight
        ckp1 = weight / weight_sum if weight_sum != 0.0 else 0.0
        exp_avg_sq = state.exp_avg_sq
        if adaptive:
            exp_avg_sq = exp_avg_sq * beta2 + (1.0 - beta2) * grads * grads
            denom = np.sqrt(exp_avg_sq / bias_correction(beta2, k + 1)) + eps
            grads = grads / denom
        if weight_decay != 0.0:
            grads = grads + weight_decay * params   # at y
        y = lerp(params, state.z, ckp1)
        y = y + (rate * (beta1 * (1.0 - ckp1) - 1.0)) * grads
        z = state.z - rate * grads
        return y - params, ScheduleFreeState(k + 1, z, exp_avg_sq, lr_max, weight_sum)

    def state_vectors(state: ScheduleFreeState):
        """``z``, the base sequence, and (AdamW) ``exp_avg_sq``; no first moment is kept."""
        return {"z": state.z, "exp_avg_sq": state.exp_avg_sq} if adaptive else {"z": state.z}

    return Transform(init, update, state_vectors)


_RULE = r"""
    Update rule at step $t = 1, 2, \dots$ (the paper's Algorithm 1, in the authors' form that
    stores only $y$ and $z$), from $y_0 = z_0 = \theta_0$, with $\eta_t$ = ``lr`` (or its
    schedule's value at step $t$), $T$ = ``warmup_steps``, {names}, $\lambda$ =
    ``weight_decay``, $r$ = ``r`` and $p$ = ``weight_lr_power``:

    $$
    \begin{{aligned}}
    \gamma_t &= \eta_t \min(1,\ t / T), \qquad \gamma^{{\mathrm{{max}}}}_t = \max_{{i \le t}} \gamma_i \\
    w_t &= t^r \left(\gamma^{{\mathrm{{max}}}}_t\right)^p, \qquad c_t = \frac{{w_t}}{{\sum_{{i \le t}} w_i}} \\
    {gradient}
    y_t &= (1 - c_t)\, y_{{t-1}} + c_t\, z_{{t-1}} + \gamma_t \left(\beta\,(1 - c_t) - 1\right) \hat g_t \\
    z_t &= z_{{t-1}} - \gamma_t\, \hat g_t
    \end{{aligned}}
    $$

    ($\gamma_t = \eta_t$ when $T = 0$, and $c_t = 0$ while the sum of weights is 0.) The point
    drawn is $y$, where gradients are taken (the "training" iterate); the averaged
    $x = (y - (1 - \beta)\, z) / \beta$ that one evaluates after training is not shown. The
    warm-up is linear; a schedule may be given for ``lr`` too, but the method is meant to
    need none."""


@optimizer("schedule_free_sgd", label="Schedule-free SGD", settings={
    **AVERAGING,
    "momentum": unit(low_open=True, high_open=True, description="β: interpolation between the averaged and the "
                                                                "base sequence."),
})
def schedule_free_sgd(lr=1.0, momentum=0.9, weight_decay=0.0, warmup_steps=0, r=0.0,
                      weight_lr_power=2.0) -> Optimizer:
    return _schedule_free(lr, momentum, None, 0.0, weight_decay, warmup_steps, r, weight_lr_power)


@optimizer("schedule_free_adamw", label="Schedule-free AdamW", settings={
    **AVERAGING,
    "betas": numbers("Interpolation and second-moment decay.",
                     item("beta1", unit(low_open=True, high_open=True, description="β1: interpolation between the "
                                                                                   "averaged and the base sequence.")),
                     BETA2),
})
def schedule_free_adamw(lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, warmup_steps=0,
                        r=0.0, weight_lr_power=2.0) -> Optimizer:
    beta1, beta2 = betas
    return _schedule_free(lr, beta1, beta2, eps, weight_decay, warmup_steps, r, weight_lr_power)


schedule_free_sgd.__doc__ = """Schedule-free SGD: momentum replaced by interpolation and averaging.
""" + _RULE.format(names=r"$\beta$ = ``momentum``",
                   gradient=r"\hat g_t &= \nabla f(y_{t-1}) + \lambda\, y_{t-1} \\") + r"""

    Defaults are the authors' (``schedulefree.SGDScheduleFree``): ``lr=1.0``,
    ``momentum=0.9`` ($\beta$), ``r=0``, ``weight_lr_power=2``. Reference: Defazio, Yang,
    Mehta, Mishchenko, Khaled & Cutkosky 2024, "The Road Less Scheduled" (NeurIPS 2024).
    """

schedule_free_adamw.__doc__ = """Schedule-free AdamW: schedule-free SGD on Adam-normalised gradients.
""" + _RULE.format(
    names=r"$(\beta, \beta_2)$ = ``betas``, $\epsilon$ = ``eps``",
    gradient=r"""g_t &= \nabla f(y_{t-1}), \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
    \hat g_t &= \frac{g_t}{\sqrt{v_t / (1 - \beta_2^t)} + \epsilon} + \lambda\, y_{t-1} \\""") + r"""

    The gradient is divided by Adam's denominator, from $v_0 = 0$; there is no first
    moment: $\beta$ is the interpolation's, as in schedule-free SGD.

    Defaults are the authors' (``schedulefree.AdamWScheduleFree``): ``lr=0.0025``,
    ``betas=(0.9, 0.999)``, ``eps=1e-8``. pytorch_optimizer's ``ScheduleFreeAdamW`` adds
    1e-15 under the square root; this follows the authors. Reference: Defazio et al. 2024,
    "The Road Less Scheduled" (NeurIPS 2024).
    """
