"""YellowFin: momentum SGD whose rate and momentum are tuned on the fly (Zhang & Mitliagkas 2019)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer
from ..registry import Transform, optimizer
from ..settings.facts import flag, positive, rate, unit, whole

EPS = 1e-6  # the reference implementation's constant for numerical safety


class YellowFinState(NamedTuple):
    count: int
    lr: Array                 # α_t applied at the last step, (N,)
    mu: Array                 # µ_t applied at the last step, (N,)
    curv_win: Array           # last `curv_win_width` values of ‖g‖², (N, w)
    h_min_avg: Array          # EMAs behind the curvature range, (N,)
    h_max_avg: Array
    h_max_avg_log: Array
    h_min: Array              # debiased curvature range of the last step, (N,)
    h_max: Array
    h_max_log: Array
    grad_norm_squared_avg: Array  # EMA of ‖g‖², (N,)
    grad_avg: Array           # EMA of g, (N, 2)
    grad_norm_avg: Array      # EMA of ‖g‖, (N,)
    dist_to_opt_avg: Array    # EMA of ‖g‖‾ / ‖g‖²‾, (N,)
    momentum_buffer: Array    # torch.optim.SGD's buffer, (N, 2)
    buffer_started: Array     # whether the buffer exists yet (torch creates it at the first µ ≠ 0), (N,)


def _clip_rows(grads: Array, max_norm: Array) -> Array:
    """torch's ``clip_grad_norm_`` applied to each row on its own."""
    norm = np.sqrt(np.sum(grads * grads, axis=1))
    coef = np.minimum(max_norm / (norm + 1e-6), 1.0)
    return grads * coef[:, None]


@optimizer("yellowfin", label="YellowFin", settings={
    "lr": dict(kind="number", min=0.0, min_inclusive=True, scale="log", slider=(1e-6, 1.0),
               description="Rate of the first step only; later steps use the tuned rate (lr_factor scales them)."),
    "mu": unit(high_open=True, description="Momentum of the first step only; later steps use the tuned momentum."),
    "beta": unit(high_open=True, description="β: decay of the running statistics."),
    "curv_win_width": whole("Width of the window of recent ‖g‖² behind the curvature range.", 1, (1.0, 100.0)),
    "zero_debias": flag("Debias the running statistics by 1 − βᵗ."),
    "h_min_log_smooth": flag("Average the smallest curvature on a log scale."),
    "h_max_log_smooth": flag("Average the largest curvature on a log scale."),
    "stat_protect_fac": positive("From the third step, clip the gradient to norm √(factor·h_max).", (1.0, 1e4),
                                 open_=True),
    "lr_factor": rate(slider=(1e-3, 10.0), description="Multiplies the tuned rate on every step (a number or a "
                                                       "schedule): YellowFin's learning rate."),
})
def yellowfin(lr=1e-4, mu=0.0, beta=0.999, curv_win_width=20, zero_debias=True,
              h_min_log_smooth=True, h_max_log_smooth=False, stat_protect_fac=100.0,
              lr_factor=1.0) -> Optimizer:
    r"""YellowFin: momentum SGD with α and µ set from a local quadratic model.

    Update rule at step $t = 1, 2, \dots$, for each row (start point) on its own: torch's
    momentum SGD with a rate $\alpha_t$ and a momentum $\mu_t$ the tuner sets, times
    $\rho_t$ = ``lr_factor`` (or its schedule's value at step $t$). With $\tilde g_t$ the
    gradient at $\theta_{t-1}$ after the clipping described below,

    $$
    \begin{aligned}
    b_t &= \begin{cases} \tilde g_t & \text{the first step with } \mu_t \ne 0 \\
        \mu_t\, b_{t-1} + \tilde g_t & \text{later steps} \end{cases} \\
    \theta_t &= \theta_{t-1} - \rho_t\,\alpha_t\, b_t
        \qquad (\theta_{t-1} - \rho_t\,\alpha_t\,\tilde g_t \text{ while } \mu_t = 0)
    \end{aligned}
    $$

    with $\alpha_1$ = ``lr`` and $\mu_1$ = ``mu``. From step 2 on, the tuner (the paper's
    SingleStep) takes $\sqrt{\mu_t}$ as the root $x$ minimising $x^2 D^2 + (1 - x)^4 C / h_{\mathrm{min}}^2$
    and the rate that goes with it, with the window width $W$ = ``curv_win_width``:

    $$
    \begin{aligned}
    p &= \frac{D^2 h_{\mathrm{min}}^2}{2C}, \qquad y^3 = -\frac{\sqrt{p^2 + 4p^3/27} + p}{2},
        \qquad x = y - \frac{p}{3y} + 1 \\
    \mu_t &= \max\left(x^2,\ \left(\frac{\sqrt{h_{\mathrm{max}}/h_{\mathrm{min}}} - 1}{\sqrt{h_{\mathrm{max}}/h_{\mathrm{min}}} + 1}\right)^2\right) \\
    \alpha_t &= \frac{(1 - \sqrt{\mu_t})^2}{h_{\mathrm{min}}}\,\min\left(1,\ \frac{t}{10W}\right)
    \end{aligned}
    $$

    The statistics are moving averages of rate $\beta$ = ``beta``, written
    $\langle x \rangle_t = \frac{1 - \beta}{1 - \beta^t} \sum_{i \le t} \beta^{t-i} x_i$ (without the
    $1 - \beta^t$ when ``zero_debias=False``), of this step's gradient $g_t$ (clipped only by
    the first safeguard below) and its squared norm $h_t = \lVert g_t \rVert^2$:

    $$
    \begin{aligned}
    h_{\mathrm{min}} &= \exp \left\langle \log \min_{t-W < i \le t} h_i \right\rangle_t
        \quad \text{(the curvature range, low end)} \\
    h_{\mathrm{max}} &= \left\langle \max_{t-W < i \le t} h_i \right\rangle_t \quad \text{(its high end)} \\
    C &= \langle h \rangle_t - \lVert \langle g \rangle_t \rVert^2 \quad \text{(the gradient's variance)} \\
    D &= \left\langle \frac{\langle \lVert g \rVert \rangle_i}{\langle h \rangle_i} \right\rangle_t
        \quad \text{(the distance to the optimum)}
    \end{aligned}
    $$

    (``h_min_log_smooth`` and ``h_max_log_smooth`` choose whether each end of the range is
    averaged in log space, as above by default; the code adds $10^{-6}$ in a few places for
    safety and keeps $C \ge 10^{-6}$).
    This follows the authors' PyTorch implementation (``YFOptimizer`` in
    JianGoForIt/YellowFin_Pytorch), in its order: statistics from the gradient, then
    $\mu_t$ and $\alpha_t$, then the momentum step with those instantaneous values. The paper's
    Algorithm 1 instead applies $\beta$-smoothed $\alpha$ and $\mu$; the reference computes those but
    does not use them. Its two default safeguards are kept: from the third step on the
    gradient is clipped to norm $\sqrt{s\,h_{\mathrm{max}}}$ ($s$ = ``stat_protect_fac``), and from
    the second step on a gradient whose $\lVert g \rVert^2$ reaches the log-smoothed $h_{\mathrm{max}}$
    is clipped to norm $\sqrt{h_{\mathrm{max}}}$ for the step, $\tilde g_t$ (not for the statistics);
    both use the previous step's $h_{\mathrm{max}}$. Simplifications, all honest: every statistic is
    per row (the reference pools all parameters of a network); float64 throughout (the
    reference keeps the window and the variance in float32); no weight decay, manual
    clipping, sparsity debiasing or checkpoint-restore on NaN (a run that produces NaN
    just diverges). Defaults are the reference's: ``lr=1e-4`` and ``mu=0`` (the values
    for the first step only), ``beta=0.999``, ``curv_win_width=20``. ``lr_factor``
    (a number or a schedule) multiplies the tuned rate, as the reference's
    ``set_lr_factor``. Reference: Zhang & Mitliagkas 2019, "YellowFin and the Art of
    Momentum Tuning" (SysML 2019, arXiv:1706.03471).
    """
    width = curv_win_width
    factor = lr_factor

    def init(params: Array) -> YellowFinState:
        n = np.shape(params)[0]
        zeros = np.zeros(n)
        return YellowFinState(0, np.full(n, lr), np.full(n, mu), np.zeros((n, width)),
                              zeros, zeros.copy(), zeros.copy(), zeros.copy(), zeros.copy(),
                              zeros.copy(), zeros.copy(), np.zeros_like(params), zeros.copy(),
                              zeros.copy(), np.zeros_like(params), np.zeros(n, dtype=bool))

    def update(grads: Array, state: YellowFinState, params: Array, value=None):
        it = state.count
        g = np.asarray(grads, dtype=np.float64)
        if it > 1:
            g = _clip_rows(g, np.sqrt(stat_protect_fac * state.h_max) + EPS)
        debias = 1.0 - beta ** (it + 1) if zero_debias else 1.0

        # before_apply: gradient norm, exploding-gradient test against last step's range
        norm_sq = np.sum(g * g, axis=1)
        exploding = norm_sq >= state.h_max_log if it >= 1 else np.zeros(norm_sq.shape, dtype=bool)
        clip_target = np.sqrt(state.h_max)
        norm_sq_avg = state.grad_norm_squared_avg * beta + (1.0 - beta) * norm_sq

        # curvature range
        curv_win = state.curv_win.copy()
        curv_win[:, it % width] = norm_sq
        window = curv_win[:, :min(width, it + 1)]
        log_window = np.log(window + EPS)
        h_min_avg = state.h_min_avg * beta + (1.0 - beta) * (
            log_window.min(axis=1) if h_min_log_smooth else window.min(axis=1))
        h_max_avg = state.h_max_avg * beta + (1.0 - beta) * (
            log_window.max(axis=1) if h_max_log_smooth else window.max(axis=1))
        if h_max_log_smooth:
            h_max_avg_log = h_max_avg
        else:
            h_max_avg_log = state.h_max_avg_log * beta + (1.0 - beta) * log_window.max(axis=1)
        h_min = np.exp(h_min_avg / debias) if h_min_log_smooth else h_min_avg / debias
        h_max = np.exp(h_max_avg / debias) if h_max_log_smooth else h_max_avg / debias
        h_max_log = np.exp(h_max_avg_log / debias)

        # gradient variance
        grad_avg = state.grad_avg * beta + (1.0 - beta) * g
        variance = -np.sum(grad_avg * grad_avg, axis=1) / debias ** 2 + norm_sq_avg / debias
        variance = np.maximum(variance, EPS)

        # distance to optimum
        grad_norm_avg = state.grad_norm_avg * beta + (1.0 - beta) * np.sqrt(norm_sq)
        dist_avg = state.dist_to_opt_avg * beta + (1.0 - beta) * grad_norm_avg / (norm_sq_avg + EPS)
        dist = dist_avg / debias

        lr_t, mu_t = state.lr, state.mu
        if it > 0:
            p = (dist + EPS) ** 2 * (h_min + EPS) ** 2 / 2.0 / (variance + EPS)
            w3 = (-np.sqrt(p ** 2 + 4.0 / 27.0 * p ** 3) - p) / 2.0
            w = np.sign(w3) * np.abs(w3) ** (1.0 / 3.0)
            root = w - p / 3.0 / (w + EPS) + 1.0
            dr = np.maximum((h_max + EPS) / (h_min + EPS), 1.0 + EPS)
            mu_t = np.maximum(root ** 2, ((np.sqrt(dr) - 1.0) / (np.sqrt(dr) + 1.0)) ** 2)
            lr_t = (1.0 - np.sqrt(mu_t)) ** 2 / (h_min + EPS)
            lr_t = np.minimum(lr_t, lr_t * (it + 1) / float(10.0 * width))

        # exploding-gradient protection, then torch.optim.SGD's step
        step_g = np.where(exploding[:, None], _clip_rows(g, clip_target + EPS), g)
        use_momentum = mu_t != 0.0
        started = state.buffer_started
        buffer = np.where((use_momentum & started)[:, None],
                          state.momentum_buffer * mu_t[:, None] + step_g,
                          np.where(use_momentum[:, None], step_g, state.momentum_buffer))
        direction = np.where(use_momentum[:, None], buffer, step_g)
        rate = lr_t * factor(it)
        updates = -rate[:, None] * direction
        return updates, YellowFinState(it + 1, lr_t, mu_t, curv_win, h_min_avg, h_max_avg, h_max_avg_log,
                                       h_min, h_max, h_max_log, norm_sq_avg, grad_avg, grad_norm_avg,
                                       dist_avg, buffer, started | use_momentum)

    def state_vectors(state: YellowFinState):
        """``momentum_buffer`` (the ``moment``; zero until µ first differs from 0) and ``grad_avg``."""
        return {"momentum_buffer": state.momentum_buffer, "grad_avg": state.grad_avg,
                "moment": state.momentum_buffer}

    return Transform(init, update, state_vectors)
