"""Lion: evolved sign momentum (Chen et al. 2023)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer, check_betas, check_flag, check_number
from ..schedules import as_schedule
from .moments import apply_weight_decay, ema, lerp


class LionState(NamedTuple):
    count: int
    exp_avg: Array  # (N, 2) momentum m


def lion(lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, weight_decouple=True) -> Optimizer:
    """Lion ("EvoLved Sign Momentum"): a sign of an interpolated momentum as the step.

    Update rule (Algorithm 2 of the paper), per coordinate::

        c = β1·m + (1 − β1)·g
        θ ← θ·(1 − lr·λ) − lr·sign(c)          (decoupled weight decay λ)
        m ← β2·m + (1 − β2)·g

    Every coordinate moves by exactly ``lr`` (or 0), so paths run along the diagonals.
    Defaults are the paper's and ``pytorch_optimizer.Lion``'s: ``lr=1e-4``,
    ``betas=(0.9, 0.99)``, ``weight_decay=0``. ``weight_decouple=False`` adds ``λ·θ``
    to the gradient instead (as pytorch_optimizer's option). Reference: Chen et al. 2023,
    "Symbolic Discovery of Optimization Algorithms" (arXiv:2302.06675).
    """
    schedule = as_schedule(lr)
    beta1, beta2 = check_betas("betas", betas)
    weight_decay = check_number("weight_decay", weight_decay, low=0.0)
    weight_decouple = check_flag("weight_decouple", weight_decouple)

    def init(params: Array) -> LionState:
        return LionState(0, np.zeros_like(params))

    def update(grads: Array, state: LionState, params: Array, value=None):
        rate = schedule(state.count)
        grads, start = apply_weight_decay(grads, params, rate, weight_decay, weight_decouple)
        direction = np.sign(lerp(state.exp_avg, grads, 1.0 - beta1))
        new_params = start - rate * direction
        return new_params - params, LionState(state.count + 1, ema(state.exp_avg, grads, beta2))

    def state_vectors(state: LionState):
        """``exp_avg``, the ``moment``."""
        return {"exp_avg": state.exp_avg, "moment": state.exp_avg}

    return Optimizer("lion", dict(lr=lr, betas=(beta1, beta2), weight_decay=weight_decay,
                                  weight_decouple=weight_decouple), init, update, state_vectors)
