"""RMSprop (plain and centered, with optional momentum), as ``torch.optim.RMSprop``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import flag, positive
from .moments import ema, ema_of_squares, l2_weight_decay


class RMSpropState(NamedTuple):
    count: int
    square_avg: Array       # (N, 2): running average of squared gradients
    momentum_buffer: Array  # (N, 2); zeros, unused, when momentum == 0
    grad_avg: Array         # (N, 2): running average of gradients; zeros, unused, unless centered


@optimizer("rmsprop", label="RMSprop", torch="RMSprop", settings={
    "alpha": positive("α: decay of the running average of g².", (0.0, 0.9999), scale="linear"),
    "centered": flag("Centred: divide by the gradient's running standard deviation instead of its RMS."),
})
def rmsprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False,
            maximize=False) -> Optimizer:
    r"""RMSprop: divide the gradient by a running root mean square of recent gradients.

    Exactly ``torch.optim.RMSprop``. Update rule at step $t = 1, 2, \dots$ from
    $v_0 = m_0 = b_0 = 0$, with $\eta_t$ = ``lr`` (or its schedule's value at step $t$),
    $\alpha$ = ``alpha``, $\epsilon$ = ``eps``, $\mu$ = ``momentum`` and $\lambda$ =
    ``weight_decay`` (coordinate by coordinate; ``maximize`` negates $\nabla f$):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    v_t &= \alpha\, v_{t-1} + (1 - \alpha)\, g_t^2 \\
    d_t &= \begin{cases} \sqrt{v_t - m_t^2} + \epsilon, \quad m_t = \alpha\, m_{t-1} + (1 - \alpha)\, g_t
            & \text{centered} \\ \sqrt{v_t} + \epsilon & \text{otherwise} \end{cases} \\
    \theta_t &= \begin{cases} \theta_{t-1} - \eta_t\, b_t, \quad b_t = \mu\, b_{t-1} + g_t / d_t & \mu > 0 \\
            \theta_{t-1} - \eta_t\, g_t / d_t & \mu = 0 \end{cases}
    \end{aligned}
    $$

    Defaults are torch's: ``lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
    centered=False``. References: Tieleman & Hinton 2012, Lecture 6.5 of "Neural
    Networks for Machine Learning" (RMSprop); Graves 2013, "Generating Sequences With
    Recurrent Neural Networks" (the centered form).

    The first step is $\eta_1 / \sqrt{1 - \alpha}$ in every coordinate (here 0.1):

    >>> import numpy as np
    >>> o = rmsprop(lr=0.01)
    >>> updates, _ = o.update(np.array([[2.0, -0.5]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> np.round(updates, 6)
    array([[-0.1,  0.1]])
    """

    def init(params: Array) -> RMSpropState:
        zeros = np.zeros_like(params)
        return RMSpropState(count=0, square_avg=zeros, momentum_buffer=zeros, grad_avg=zeros)

    def update(grads: Array, state: RMSpropState, params: Array, value=None):
        grad = l2_weight_decay(grads, params, weight_decay)
        lr_now = lr(state.count)
        square_avg = ema_of_squares(state.square_avg, grad, alpha)
        grad_avg = state.grad_avg
        if centered:
            grad_avg = ema(grad_avg, grad, alpha)  # torch: grad_avg.lerp_(grad, 1 - alpha)
            avg = np.sqrt(square_avg + -1.0 * grad_avg * grad_avg)
        else:
            avg = np.sqrt(square_avg)
        avg += eps   # avg is this step's own array
        buffer = state.momentum_buffer
        if momentum > 0.0:
            buffer = buffer * momentum + grad / avg
            updates = -lr_now * buffer
        else:
            updates = -lr_now * grad / avg
        return updates, RMSpropState(state.count + 1, square_avg, buffer, grad_avg)

    def state_vectors(state: RMSpropState):
        """torch's ``square_avg``, ``momentum_buffer`` (with momentum; the ``moment``) and
        ``grad_avg`` (centered)."""
        vectors = {"square_avg": state.square_avg}
        if momentum > 0.0:
            vectors["momentum_buffer"] = vectors["moment"] = state.momentum_buffer
        if centered:
            vectors["grad_avg"] = state.grad_avg
        return vectors

    return Transform(init, update, state_vectors)
