"""NAdam (Adam with Nesterov momentum), as ``torch.optim.NAdam``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import positive
from .moments import (apply_weight_decay, bias_correction, ema, ema_of_squares,
                      updates_between, zeros_like_params)


class NAdamState(NamedTuple):
    count: int
    mu: Array          # (N, 2) first moment, EMA of the gradient
    nu: Array          # (N, 2) second moment, EMA of the squared gradient
    mu_product: float  # product of the momentum coefficients μ_1…μ_t (the same for every row)


@optimizer("nadam", label="NAdam", torch="NAdam", settings={
    "momentum_decay": positive("ψ: how fast the momentum warms up towards β1.", (1e-4, 1.0)),
})
def nadam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
          decoupled_weight_decay=False, maximize=False) -> Optimizer:
    r"""NAdam, exactly as ``torch.optim.NAdam``: Adam whose momentum looks one step ahead.

    Update rule at step $t = 1, 2, \dots$ from $m_0 = v_0 = 0$, with $\eta_t$ the learning rate
    ``lr`` (or its schedule's value at step $t$), $(\beta_1, \beta_2)$ = ``betas``, $\epsilon$ =
    ``eps``, $\psi$ = ``momentum_decay`` and $\lambda$ = ``weight_decay``; the momentum
    coefficient $\mu_t$ warms up towards $\beta_1$:

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    \mu_t &= \beta_1 \left(1 - \tfrac12\, 0.96^{t\psi}\right), \qquad \Pi_t = \prod_{i=1}^{t} \mu_i \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
    d_t &= \sqrt{v_t / (1 - \beta_2^t)} + \epsilon \\
    \theta_t &= \theta_{t-1} - \eta_t\,\frac{1 - \mu_t}{1 - \Pi_t}\,\frac{g_t}{d_t}
                - \eta_t\,\frac{\mu_{t+1}}{1 - \Pi_t\,\mu_{t+1}}\,\frac{m_t}{d_t}
    \end{aligned}
    $$

    With ``decoupled_weight_decay=True``, $g_t = \nabla f(\theta_{t-1})$ and the step starts
    from $(1 - \eta_t\lambda)\,\theta_{t-1}$ instead.

    Defaults are torch's: ``lr=2e-3, betas=(0.9, 0.999), eps=1e-8, momentum_decay=4e-3``.

    References: Dozat 2016, "Incorporating Nesterov Momentum into Adam"; decoupled
    weight decay from Loshchilov & Hutter 2019.

    >>> import numpy as np
    >>> o = nadam()
    >>> updates, state = o.update(np.array([[1.0, -1.0]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> state.count, round(state.mu_product, 6)
    (1, 0.450073)
    """
    beta1, beta2 = betas
    decoupled = decoupled_weight_decay

    def init(params: Array) -> NAdamState:
        zeros = zeros_like_params(params)
        return NAdamState(count=0, mu=zeros, nu=zeros.copy(), mu_product=1.0)

    def update(grads: Array, state: NAdamState, params: Array, value=None):
        count = state.count + 1
        step = float(count)
        rate = lr(state.count)
        correction2 = bias_correction(beta2, count)
        grad, start = apply_weight_decay(grads, params, rate, weight_decay, decoupled)
        momentum = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
        momentum_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        mu_product = state.mu_product * momentum
        mu_product_next = mu_product * momentum_next
        mu = ema(state.mu, grad, beta1)
        nu = ema_of_squares(state.nu, grad, beta2)
        denom = np.sqrt(nu / correction2) + eps
        new_params = start + (-rate * (1.0 - momentum) / (1.0 - mu_product)) * grad / denom
        new_params = new_params + ((-rate * momentum_next) / (1.0 - mu_product_next)) * mu / denom
        return updates_between(params, new_params), NAdamState(count, mu, nu, mu_product)

    def state_vectors(state: NAdamState):
        """torch's ``exp_avg`` (the ``moment``) and ``exp_avg_sq``."""
        return {"exp_avg": state.mu, "exp_avg_sq": state.nu, "moment": state.mu}

    return Transform(init, update, state_vectors)
