"""Rprop (resilient backpropagation), as ``torch.optim.Rprop``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings import Condition, Constraint
from ..settings.facts import item, numbers, positive, unit


class RpropState(NamedTuple):
    count: int
    prev: Array       # (N, 2): last gradient used (0 where its sign flipped)
    step_size: Array  # (N, 2): each coordinate's current step length


@optimizer("rprop", label="Rprop", torch="Rprop", settings={
    "lr": dict(description="The initial step length of every coordinate (a schedule is read at step 0 only)."),
    "etas": numbers("Factors that shrink and grow each coordinate's step length.",
                    item("eta_minus", dict(unit(low_open=True, high_open=True),
                                           description="η−: shrinks the step when the gradient's sign flips.")),
                    item("eta_plus", dict(kind="number", min=1.0, min_inclusive=False, scale="linear",
                                          slider=(1.01, 3.0),
                                          description="η+: grows the step while the gradient's sign holds."))),
    "step_sizes": numbers("Smallest and largest step length.",
                          item("min", positive("Smallest step length.", (1e-8, 1.0))),
                          item("max", positive("Largest step length.", (1e-3, 100.0)))),
}, constraints=(Constraint(require=(Condition("step_sizes[0]", "<=", other="step_sizes[1]"),),
                           text="the smallest step length must not exceed the largest"),))
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
    eta_minus, eta_plus = etas
    step_min, step_max = step_sizes

    def init(params: Array) -> RpropState:
        return RpropState(count=0, prev=np.zeros_like(params),
                          step_size=np.full_like(params, lr(0)))

    def update(grads: Array, state: RpropState, params: Array, value=None):
        sign = np.sign(grads * state.prev)  # NaN stays NaN, as torch
        factor = sign.copy()
        factor[sign > 0] = eta_plus
        factor[sign < 0] = eta_minus
        factor[sign == 0] = 1.0
        step_size = np.clip(state.step_size * factor, step_min, step_max)
        grad = np.where(sign < 0, 0.0, grads)
        updates = -1.0 * np.sign(grad) * step_size
        return updates, RpropState(state.count + 1, grad, step_size)

    def state_vectors(state: RpropState):
        """torch's ``prev`` and ``step_size`` (no first moment)."""
        return {"prev": state.prev, "step_size": state.step_size}

    return Transform(init, update, state_vectors)
