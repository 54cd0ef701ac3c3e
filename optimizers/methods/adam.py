"""Adam and AdamW, as ``torch.optim.Adam`` and ``torch.optim.AdamW``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import flag
from .moments import (apply_weight_decay, bias_correction as _bias_correction, ema, ema_of_squares,
                      updates_between, zeros_like_params)

AMSGRAD = {"amsgrad": flag("AMSGrad: divide by the largest second moment so far.")}


class AdamState(NamedTuple):
    count: int
    mu: Array      # (N, 2) first moment, EMA of the gradient
    nu: Array      # (N, 2) second moment, EMA of the squared gradient
    nu_max: Array  # (N, 2) running maximum of nu (AMSGrad); zeros when amsgrad is off


def _adam(lr, betas, eps, weight_decay, amsgrad, bias_correction, decoupled) -> Transform:
    beta1, beta2 = betas

    def init(params: Array) -> AdamState:
        zeros = zeros_like_params(params)
        return AdamState(count=0, mu=zeros, nu=zeros.copy(), nu_max=zeros.copy())

    def update(grads: Array, state: AdamState, params: Array, value=None):
        count = state.count + 1
        rate = lr(state.count)
        grad, start = apply_weight_decay(grads, params, rate, weight_decay, decoupled)
        mu = ema(state.mu, grad, beta1)
        nu = ema_of_squares(state.nu, grad, beta2)
        nu_max = np.maximum(state.nu_max, nu) if amsgrad else state.nu_max
        if bias_correction:
            correction1 = _bias_correction(beta1, count)
            correction2_sqrt = _bias_correction(beta2, count) ** 0.5
        else:
            correction1 = correction2_sqrt = 1.0
        step_size = rate / correction1
        denom = np.sqrt(nu_max if amsgrad else nu)
        if correction2_sqrt != 1.0:   # v / 1 is v, bit for bit: no pass for it
            denom = denom / correction2_sqrt
        denom += eps                  # denom is this step's own array
        step = -step_size * mu / denom
        updates = updates_between(params, start + step) if start is not params else step
        return updates, AdamState(count, mu, nu, nu_max)

    def state_vectors(state: AdamState):
        """torch's ``exp_avg`` (the ``moment``), ``exp_avg_sq`` and, with amsgrad, ``max_exp_avg_sq``."""
        vectors = {"exp_avg": state.mu, "exp_avg_sq": state.nu, "moment": state.mu}
        if amsgrad:
            vectors["max_exp_avg_sq"] = state.nu_max
        return vectors

    return Transform(init, update, state_vectors)


@optimizer("adam", label="Adam", torch="Adam", settings=AMSGRAD)
def adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
         maximize=False, bias_correction=True, decoupled_weight_decay=False) -> Optimizer:
    r"""Adam, exactly as ``torch.optim.Adam`` (plus a switch to drop the bias corrections).

    Update rule at step $t = 1, 2, \dots$ from $m_0 = v_0 = \hat v_0 = 0$, with $\eta_t$ the
    learning rate ``lr`` (or its schedule's value at step $t$), $(\beta_1, \beta_2)$ = ``betas``,
    $\epsilon$ = ``eps`` and $\lambda$ = ``weight_decay`` (squares, roots, products and
    quotients of vectors are taken coordinate by coordinate):

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
    v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
    \hat v_t &= \begin{cases} \max(\hat v_{t-1}, v_t) & \text{AMSGrad} \\ v_t & \text{otherwise} \end{cases} \\
    \theta_t &= \theta_{t-1} - \frac{\eta_t}{1 - \beta_1^t}\,
                \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}
    \end{aligned}
    $$

    ``bias_correction=False`` drops both $1 - \beta^t$ factors,
    $\theta_t = \theta_{t-1} - \eta_t\, m_t / (\sqrt{\hat v_t} + \epsilon)$: the form the 2018
    blog post used. ``decoupled_weight_decay=True`` is AdamW: instead of adding
    $\lambda\,\theta_{t-1}$ to the gradient, the step starts from $(1 - \eta_t\lambda)\,\theta_{t-1}$.
    ``maximize`` ascends (it negates $\nabla f$). Defaults are torch's: ``lr=1e-3, betas=(0.9, 0.999), eps=1e-8``.

    References: Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization";
    Reddi, Kale & Kumar 2018, "On the Convergence of Adam and Beyond" (AMSGrad).

    >>> import numpy as np
    >>> o = adam(lr=0.1)
    >>> updates, state = o.update(np.array([[3.0, -0.5]]), o.init(np.zeros((1, 2))), np.zeros((1, 2)))
    >>> np.round(updates, 6)   # the first step has size lr in every coordinate
    array([[-0.1,  0.1]])
    """
    return _adam(lr, betas, eps, weight_decay, amsgrad, bias_correction, decoupled_weight_decay)


@optimizer("adamw", label="AdamW", torch="AdamW", settings=AMSGRAD)
def adamw(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False,
          maximize=False, bias_correction=True) -> Optimizer:
    r"""AdamW (Adam with decoupled weight decay), exactly as ``torch.optim.AdamW``.

    Update rule at step $t = 1, 2, \dots$, in ``adam``'s notation ($\lambda$ = ``weight_decay``),
    with no decay term in the gradient: the parameters shrink before the step.

    $$
    \begin{aligned}
    g_t &= \nabla f(\theta_{t-1}) \\
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
    \hat v_t &= \max(\hat v_{t-1}, v_t) \text{ with AMSGrad, else } v_t \\
    \theta_t &= (1 - \eta_t\lambda)\,\theta_{t-1} - \frac{\eta_t}{1 - \beta_1^t}\,
                \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}
    \end{aligned}
    $$

    Defaults are torch's: ``lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2``.
    With ``weight_decay=0`` it is ``adam``. ``bias_correction=False`` as in ``adam``.

    Reference: Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization".
    """
    return _adam(lr, betas, eps, weight_decay, amsgrad, bias_correction, True)
