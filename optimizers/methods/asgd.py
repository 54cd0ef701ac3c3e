"""Averaged SGD, as ``torch.optim.ASGD``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import real
from .moments import l2_weight_decay, updates_between


class ASGDState(NamedTuple):
    count: int
    eta: float  # the step size of the next update
    mu: float   # the averaging weight of the next update
    ax: Array   # (N, 2): the averaged iterate (Polyak–Ruppert average after t0 updates)


@optimizer("asgd", label="ASGD", torch="ASGD", settings={
    "lambd": real("λ: decay term of the step size η = lr/(1 + λ·lr·t)^α.", (1e-8, 1.0), scale="log"),
    "alpha": real("α: power of the step-size decay η = lr/(1 + λ·lr·t)^α.", (0.0, 2.0)),
    "t0": real("Update count after which the averaging starts.", (1.0, 1e7), scale="log"),
})
def asgd(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0,
         maximize=False) -> Optimizer:
    r"""Averaged SGD: SGD with a decaying step, plus a running average of the iterates.

    Exactly ``torch.optim.ASGD``. Update rule at step $t = 1, 2, \dots$, with $\gamma_t$ =
    ``lr`` (or its schedule's value at step $t$), $\lambda$ = ``lambd``, $\alpha$ = ``alpha``,
    $t_0$ = ``t0`` and $w$ = ``weight_decay`` (``maximize`` negates $\nabla f$):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + w\,\theta_{t-1} \\
    \eta_t &= \frac{\gamma_t}{\left(1 + \lambda\,\gamma_t\,(t - 1)\right)^{\alpha}}, \qquad
        \mu_t = \begin{cases} 1 & t = 1 \\ 1 / \max(1,\ t - 1 - t_0) & t > 1 \end{cases} \\
    \theta_t &= (1 - \lambda\,\eta_t)\,\theta_{t-1} - \eta_t\, g_t \\
    \bar\theta_t &= \bar\theta_{t-1} + \mu_t\,(\theta_t - \bar\theta_{t-1})
    \end{aligned}
    $$

    (so $\bar\theta_t = \theta_t$ while $\mu_t = 1$). The path shown is $\theta$, as torch's
    parameters; the average $\bar\theta$ (torch's ``ax``, which starts moving away from
    $\theta$ after $t_0$ updates) is kept in the state. Defaults are torch's: ``lr=1e-2, lambd=1e-4,
    alpha=0.75, t0=1e6, weight_decay=0``. ``lr`` may be a schedule, read at the update
    count when ``η`` is computed. (torch keeps ``η`` and ``μ`` as tensors of its default
    dtype; this matches torch run with float64 as default.) Reference: Polyak & Juditsky
    1992, "Acceleration of Stochastic Approximation by Averaging".

    >>> import numpy as np
    >>> o = asgd(lr=0.1, lambd=0.0)
    >>> updates, state = o.update(np.array([[1.0, -2.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> updates, state.ax
    (array([[-0.1,  0.2]]), array([[-0.1,  0.2]]))
    """

    def init(params: Array) -> ASGDState:
        return ASGDState(count=0, eta=float(lr(0)), mu=1.0, ax=np.zeros_like(params))

    def update(grads: Array, state: ASGDState, params: Array, value=None):
        grad = l2_weight_decay(grads, params, weight_decay)
        eta = state.eta
        new_params = params * (1.0 - lambd * eta)
        new_params = new_params + -eta * grad
        if state.mu != 1.0:
            ax = state.ax + (new_params - state.ax) * state.mu
        else:
            ax = new_params.copy()
        step = float(state.count + 1)
        lr_next = lr(state.count + 1)
        next_eta = lr_next / ((1.0 + lambd * lr_next * step) ** alpha)
        next_mu = 1.0 / max(1.0, step - t0)
        return updates_between(params, new_params), ASGDState(state.count + 1, next_eta, next_mu, ax)

    def state_vectors(state: ASGDState):
        """torch's ``ax``, the averaged point (no first moment)."""
        return {"ax": state.ax}

    return Transform(init, update, state_vectors)
