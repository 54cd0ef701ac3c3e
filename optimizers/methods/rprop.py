"""Rprop (resilient backpropagation), as ``torch.optim.Rprop``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer, check_flag, check_number
from ..schedules import as_schedule
from .moments import signed


class RpropState(NamedTuple):
    count: int
    prev: Array       # (N, 2): last gradient used (0 where its sign flipped)
    step_size: Array  # (N, 2): each coordinate's current step length


def rprop(lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False) -> Optimizer:
    r"""Rprop: move each coordinate a fixed length against the gradient's sign, and adapt it.

    Exactly ``torch.optim.Rprop`` (the iRprop− variant). Update rule at step $t = 1, 2, \dots$,
    coordinate by coordinate, with $(\eta^-, \eta^+)$ = ``etas``, $(s_{\mathrm{min}}, s_{\mathrm{max}})$ =
    ``step_sizes``, the step lengths starting at $s_0$ = ``lr`` and the previous gradient at
    $p_0 = 0$ (``maximize`` negates $\nabla f$):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) \\
    s_t &= \operatorname{clip}\left(s_{t-1} \cdot \begin{cases} \eta^+ & g_t\, p_{t-1} > 0 \\
        \eta^- & g_t\, p_{t-1} < 0 \\ 1 & g_t\, p_{t-1} = 0 \end{cases},\ s_{\mathrm{min}},\ s_{\mathrm{max}}\right) \\
    p_t &= \begin{cases} 0 & g_t\, p_{t-1} < 0 \\ g_t & \text{otherwise} \end{cases} \\
    \theta_t &= \theta_{t-1} - \operatorname{sign}(p_t)\, s_t
    \end{aligned}
    $$

    Where the gradient's sign flipped, the coordinate does not move and its sign is forgotten
    (the next step treats it as a fresh start). Only the gradient's sign is used, never its
    size. A schedule for ``lr`` is read once, at count 0, for $s_0$. Defaults are
    torch's: ``lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50)``. Reference: Riedmiller &
    Braun 1993, "A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP
    Algorithm"; Igel & Hüsken 2000 for the iRprop− naming.

    >>> import numpy as np
    >>> o = rprop(lr=0.1)
    >>> updates, _ = o.update(np.array([[30.0, -1e-9]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> updates
    array([[-0.1,  0.1]])
    """
    schedule = as_schedule(lr)
    try:
        eta_minus, eta_plus = (check_number(f"etas[{i}]", e) for i, e in enumerate(tuple(etas)))
    except (TypeError, ValueError) as error:
        raise ValueError(f"etas must be two numbers (eta_minus, eta_plus), got {etas!r}") from error
    if not 0.0 < eta_minus < 1.0 < eta_plus:
        raise ValueError(f"etas must satisfy 0 < eta_minus < 1 < eta_plus, got {etas!r}")
    try:
        step_min, step_max = (check_number(f"step_sizes[{i}]", s, low=0.0)
                              for i, s in enumerate(tuple(step_sizes)))
    except (TypeError, ValueError) as error:
        raise ValueError(f"step_sizes must be two numbers (min, max), at least 0, got {step_sizes!r}") from error
    if step_min > step_max:
        raise ValueError(f"step_sizes must be (min, max) with min <= max, got {step_sizes!r}")
    maximize = check_flag("maximize", maximize)

    def init(params: Array) -> RpropState:
        return RpropState(count=0, prev=np.zeros_like(params),
                          step_size=np.full_like(params, schedule(0)))

    def update(grads: Array, state: RpropState, params: Array, value=None):
        grad = signed(grads, maximize)
        sign = np.sign(grad * state.prev)  # NaN stays NaN, as torch
        factor = sign.copy()
        factor[sign > 0] = eta_plus
        factor[sign < 0] = eta_minus
        factor[sign == 0] = 1.0
        step_size = np.clip(state.step_size * factor, step_min, step_max)
        grad = np.where(sign < 0, 0.0, grad)
        updates = -1.0 * np.sign(grad) * step_size
        return updates, RpropState(state.count + 1, grad, step_size)

    def state_vectors(state: RpropState):
        """torch's ``prev`` and ``step_size`` (no first moment)."""
        return {"prev": state.prev, "step_size": state.step_size}

    return Optimizer("rprop", dict(lr=lr, etas=(eta_minus, eta_plus),
                                   step_sizes=(step_min, step_max), maximize=maximize),
                     init, update, state_vectors)
