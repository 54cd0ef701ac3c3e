"""Eve: Adam with a global learning rate driven by the loss (Hayashi et al. 2016/2018)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings import Condition, Constraint
from ..settings.facts import BETA1, BETA2, item, numbers, positive, real, unit
from .moments import bias_correction, ema, ema_of_squares


class EveState(NamedTuple):
    count: int
    exp_avg: Array     # m, (N, 2)
    exp_avg_sq: Array  # v, (N, 2)
    f_hat: Array       # f̂: the clipped running loss (minus f_star), (N,)
    d: Array           # the feedback coefficient dividing the step, (N,)


@optimizer("eve", label="Eve", settings={
    "betas": numbers("Decay rates of the moments and of the loss feedback.", BETA1, BETA2,
                     item("beta3", unit(description="β3: decay of the loss feedback d (1: d stays 1, Adam)."))),
    "k": positive("k: the smallest relative change of the loss the feedback follows (lower clip).", (0.0, 1.0),
                  scale="linear"),
    "K": positive("K: the largest relative change of the loss the feedback follows (upper clip).", (0.1, 100.0)),
    "f_star": real("f*: a lower bound of f, subtracted from the loss (at or below the function's minimum).",
                   (-100.0, 10.0)),
}, constraints=(Constraint(require=(Condition("k", "<=", other="K"),), text="k must not exceed K"),))
def eve(lr=1e-3, betas=(0.9, 0.999, 0.999), eps=1e-8, k=0.1, K=10.0, f_star=0.0) -> Optimizer:
    r"""Eve: Adam whose step is divided by ``d``, a smoothed relative change of the loss.

    Uses the loss ``value`` at the current point (``run`` passes it). Update rule (Algorithm 1
    of the paper) at step $t = 1, 2, \dots$ from $m_0 = v_0 = 0$, with $\eta_t$ = ``lr`` (or its
    schedule's value at step $t$), $(\beta_1, \beta_2, \beta_3)$ = ``betas``, $\epsilon$ =
    ``eps``, $k$ = ``k``, $K$ = ``K``, $f^*$ = ``f_star``, and $f_t = f(\theta_{t-1}) - f^*$;
    $\hat f_1 = f_1$ and $d_1 = 1$, and for $t > 1$:

    $$
    \begin{aligned}
    (\delta_t, \Delta_t) &= \begin{cases} (k + 1,\ K + 1) & f_t \ge \hat f_{t-1} \\
        \left(\frac{1}{K + 1},\ \frac{1}{k + 1}\right) & \text{otherwise} \end{cases} \\
    \hat f_t &= \min\left(\max\left(\delta_t,\ f_t / \hat f_{t-1}\right),\ \Delta_t\right) \hat f_{t-1} \\
    r_t &= \left|\frac{\hat f_t - \hat f_{t-1}}{\min(\hat f_t, \hat f_{t-1})}\right| \\
    d_t &= \beta_3\, d_{t-1} + (1 - \beta_3)\, r_t
    \end{aligned}
    $$

    and at every step, with $g_t = \nabla f(\theta_{t-1})$, coordinate by coordinate:

    $$
    \begin{aligned}
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
    \theta_t &= \theta_{t-1} - \frac{\eta_t}{1 - \beta_1^t}\,
        \frac{m_t}{d_t \sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}
    \end{aligned}
    $$

    The feedback is a ratio of losses, so it needs $f_t > 0$: the paper assumes a
    non-negative loss, i.e. the lower bound $f^* = 0$. ``f_star`` (default 0) is that
    lower bound, subtracted from the loss. On a function whose minimum is negative set ``f_star``
    to (at most) that minimum, or the ratios lose their meaning ($r_t$ is taken in absolute
    value as in the authors' Keras code, so $d$ stays positive even then). The authors'
    code tests $f_t > \hat f_{t-1}$ where the paper has $\ge$ (this follows the paper) and puts
    $\epsilon$ on the uncorrected $\sqrt{v_t}$ (this follows the paper's
    $\sqrt{v_t / (1 - \beta_2^t)}$). $\beta_3 = 1$ keeps $d_t = 1$: that is Adam. Defaults are the paper's: ``lr=1e-3``,
    ``betas=(0.9, 0.999, 0.999)``, ``k=0.1``, ``K=10``, ``eps=1e-8``. Reference: Hayashi,
    Koushik & Neubig 2016, "Eve: A Gradient Based Optimization Method with Locally and
    Globally Adaptive Learning Rates" (arXiv:1611.01505; 2018 revision "Improving
    Stochastic Gradient Descent with Feedback"). Rows are independent: $\hat f_t$ and $d_t$
    are per row.
    """
    beta1, beta2, beta3 = betas

    def init(params: Array) -> EveState:
        n = np.shape(params)[0]
        return EveState(0, np.zeros_like(params), np.zeros_like(params),
                        np.full(n, np.nan), np.ones(n))

    def update(grads: Array, state: EveState, params: Array, value=None):
        if value is None:
            raise ValueError("eve needs the loss value at params: update(grads, state, params, value)")
        f = np.asarray(value, dtype=np.float64) - f_star
        count = state.count + 1
        rate = lr(state.count)
        exp_avg = ema(state.exp_avg, grads, beta1)
        exp_avg_sq = ema_of_squares(state.exp_avg_sq, grads, beta2)
        if state.count == 0:
            f_hat = f.copy()
            d = np.ones_like(f)
        else:
            previous = state.f_hat
            rising = f >= previous
            low = np.where(rising, k + 1.0, 1.0 / (K + 1.0))
            high = np.where(rising, K + 1.0, 1.0 / (k + 1.0))
            c = np.minimum(np.maximum(low, f / previous), high)
            f_hat = c * previous
            r = np.abs((f_hat - previous) / np.minimum(f_hat, previous))
            d = beta3 * state.d + (1.0 - beta3) * r
        denom = d[:, None] * (np.sqrt(exp_avg_sq) / math.sqrt(bias_correction(beta2, count))) + eps
        step_size = rate / bias_correction(beta1, count)
        return -step_size * (exp_avg / denom), EveState(count, exp_avg, exp_avg_sq, f_hat, d)

    def state_vectors(state: EveState):
        """``exp_avg`` (the ``moment``) and ``exp_avg_sq``."""
        return {"exp_avg": state.exp_avg, "exp_avg_sq": state.exp_avg_sq, "moment": state.exp_avg}

    return Transform(init, update, state_vectors)

