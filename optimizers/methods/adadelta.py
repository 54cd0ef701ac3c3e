"""Adadelta, as ``torch.optim.Adadelta``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import unit
from .moments import ema_of_squares, l2_weight_decay


class AdadeltaState(NamedTuple):
    count: int
    square_avg: Array  # (N, 2): running average of squared gradients, E[g²]
    acc_delta: Array   # (N, 2): running average of squared steps, E[Δ²]


@optimizer("adadelta", label="Adadelta", torch="Adadelta", settings={
    "lr": dict(description="Scales Adadelta's step Δ (1: the paper's rule)."),
    "rho": unit(description="ρ: decay of the running averages of g² and of the squared steps."),
})
def adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False) -> Optimizer:
    r"""Adadelta: the step is ``RMS(past steps) / RMS(gradients)`` times the gradient.

    Exactly ``torch.optim.Adadelta``. Update rule at step $t = 1, 2, \dots$ from
    $v_0 = u_0 = 0$, with $\eta_t$ = ``lr`` (or its schedule's value at step $t$), $\rho$ =
    ``rho``, $\epsilon$ = ``eps`` and $\lambda$ = ``weight_decay`` (coordinate by coordinate;
    ``maximize`` negates $\nabla f$):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    v_t &= \rho\, v_{t-1} + (1 - \rho)\, g_t^2 \\
    \Delta_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t \\
    u_t &= \rho\, u_{t-1} + (1 - \rho)\, \Delta_t^2 \\
    \theta_t &= \theta_{t-1} - \eta_t\, \Delta_t
    \end{aligned}
    $$

    Defaults are torch's: ``lr=1.0, rho=0.9, eps=1e-6, weight_decay=0`` (``lr=1`` is
    the paper's rule; ``eps`` sets the size of the first steps, about $\sqrt{\epsilon}$).
    Reference: Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method".

    >>> import numpy as np
    >>> o = adadelta()
    >>> updates, _ = o.update(np.array([[1.0, -1.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> np.round(updates / np.sqrt(1e-6 / 0.1), 4)     # √eps / √((1 − rho)·g²) per unit g
    array([[-1.,  1.]])
    """

    def init(params: Array) -> AdadeltaState:
        return AdadeltaState(count=0, square_avg=np.zeros_like(params),
                             acc_delta=np.zeros_like(params))

    def update(grads: Array, state: AdadeltaState, params: Array, value=None):
        grad = l2_weight_decay(grads, params, weight_decay)
        square_avg = ema_of_squares(state.square_avg, grad, rho)
        std = np.sqrt(square_avg + eps)
        delta = np.sqrt(state.acc_delta + eps) / std * grad
        acc_delta = ema_of_squares(state.acc_delta, delta, rho)
        updates = -lr(state.count) * delta
        return updates, AdadeltaState(state.count + 1, square_avg, acc_delta)

    def state_vectors(state: AdadeltaState):
        """torch's ``square_avg`` and ``acc_delta`` (no first moment)."""
        return {"square_avg": state.square_avg, "acc_delta": state.acc_delta}

    return Transform(init, update, state_vectors)
