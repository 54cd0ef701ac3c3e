"""Stochastic gradient descent with momentum, as ``torch.optim.SGD``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings import Condition, Constraint
from ..settings.facts import flag, real
from .moments import l2_weight_decay


class SGDState(NamedTuple):
    count: int
    momentum_buffer: Array  # (N, 2); unused (zeros) when momentum == 0


@optimizer("sgd", label="SGD", torch="SGD", settings={
    "dampening": real("Dampening: the share of the new gradient the momentum buffer leaves out.", (0.0, 1.0)),
    "nesterov": flag("Nesterov momentum: step from the look-ahead point (needs momentum > 0 and dampening 0)."),
}, constraints=(Constraint(when=(Condition("nesterov", "==", True),),
                           require=(Condition("momentum", ">", 0.0), Condition("dampening", "==", 0.0)),
                           text="nesterov momentum needs momentum > 0 and dampening = 0"),))
def sgd(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
        maximize=False) -> Optimizer:
    r"""SGD with optional (Nesterov) momentum, exactly as ``torch.optim.SGD``.

    Update rule at step $t = 1, 2, \dots$, with $\eta_t$ the learning rate ``lr`` (or its
    schedule's value at step $t$), $\mu$ = ``momentum``, $\tau$ = ``dampening`` and
    $\lambda$ = ``weight_decay``:

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    b_t &= \begin{cases} g_1 & t = 1 \\ \mu\, b_{t-1} + (1 - \tau)\, g_t & t > 1 \end{cases} \\
    d_t &= \begin{cases} g_t + \mu\, b_t & \text{Nesterov} \\ b_t & \text{otherwise} \end{cases} \\
    \theta_t &= \theta_{t-1} - \eta_t\, d_t
    \end{aligned}
    $$

    With ``momentum=0`` there is no buffer and $d_t = g_t$. ``maximize`` ascends (it
    negates $\nabla f$).

    Defaults are torch's (``lr=1e-3``). References: Robbins & Monro 1951; Polyak 1964
    (heavy ball); Sutskever et al. 2013, "On the importance of initialization and
    momentum in deep learning" (the Nesterov form used here).

    >>> import numpy as np
    >>> o = sgd(lr=0.1)
    >>> updates, _ = o.update(np.array([[1.0, -2.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> updates
    array([[-0.1,  0.2]])
    """
    def init(params: Array) -> SGDState:
        return SGDState(count=0, momentum_buffer=np.zeros_like(params))

    def update(grads: Array, state: SGDState, params: Array, value=None):
        grad = l2_weight_decay(grads, params, weight_decay)
        buffer = state.momentum_buffer
        if momentum != 0.0:
            if state.count == 0:
                buffer = grad.copy()
            else:
                # 1·g is g, bit for bit: no pass for it without dampening
                buffer = momentum * buffer + ((1.0 - dampening) * grad if dampening != 0.0 else grad)
            grad = grad + momentum * buffer if nesterov else buffer
        return -lr(state.count) * grad, SGDState(state.count + 1, buffer)

    def state_vectors(state: SGDState):
        """torch's ``momentum_buffer`` (kept only with momentum), which is also the ``moment``."""
        if momentum == 0.0:
            return {}
        return {"momentum_buffer": state.momentum_buffer, "moment": state.momentum_buffer}

    return Transform(init, update, state_vectors)
