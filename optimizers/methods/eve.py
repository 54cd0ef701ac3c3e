"""Eve: Adam with a global learning rate driven by the loss (Hayashi et al. 2016/2018)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..base import Array, Optimizer, check_betas, check_number
from ..schedules import as_schedule
from .moments import bias_correction, ema, ema_of_squares


class EveState(NamedTuple):
    count: int
    exp_avg: Array     # m, (N, 2)
    exp_avg_sq: Array  # v, (N, 2)
    f_hat: Array       # f̂: the clipped running loss (minus f_star), (N,)
    d: Array           # the feedback coefficient dividing the step, (N,)


def eve(lr=1e-3, betas=(0.9, 0.999, 0.999), eps=1e-8, k=0.1, K=10.0, f_star=0.0) -> Optimizer:
    """Eve: Adam whose step is divided by ``d``, a smoothed relative change of the loss.

    Uses the loss ``value`` at the current point (``run`` passes it). With
    ``f = value − f_star`` and Adam's bias-corrected ``m̂``, ``v̂``, at step ``t``
    (Algorithm 1 of the paper)::

        t = 1:  f̂ = f,  d = 1
        t > 1:  if f ≥ f̂:  δ, Δ = k + 1, K + 1   else:  δ, Δ = 1/(K + 1), 1/(k + 1)
                c = min(max(δ, f/f̂), Δ);  f̂_new = c·f̂
                r = |(f̂_new − f̂) / min(f̂_new, f̂)|;  d ← β3·d + (1 − β3)·r;  f̂ ← f̂_new
        θ ← θ − lr·m̂ / (d·√v̂ + ε)

    The feedback is a ratio of losses, so it needs ``f > 0``: the paper assumes a
    non-negative loss, i.e. the lower bound ``f* = 0``. ``f_star`` (default 0) is that
    lower bound, subtracted from the loss. On a function whose minimum is negative set ``f_star``
    to (at most) that minimum, or the ratios lose their meaning (``r`` is taken in absolute
    value as in the authors' Keras code, so ``d`` stays positive even then). The authors'
    code tests ``f > f̂`` where the paper has ``≥`` (this follows the paper) and puts ε
    on the uncorrected ``√v`` (this follows the paper's ``√v̂``). ``betas[2] = 1`` keeps
    ``d = 1``: that is Adam. Defaults are the paper's: ``lr=1e-3``,
    ``betas=(0.9, 0.999, 0.999)``, ``k=0.1``, ``K=10``, ``eps=1e-8``. Reference: Hayashi,
    Koushik & Neubig 2016, "Eve: A Gradient Based Optimization Method with Locally and
    Globally Adaptive Learning Rates" (arXiv:1611.01505; 2018 revision "Improving
    Stochastic Gradient Descent with Feedback"). Rows are independent: ``f̂`` and ``d``
    are per row.
    """
    schedule = as_schedule(lr)
    beta1, beta2, beta3 = _eve_betas(betas)
    eps = check_number("eps", eps, low=0.0)
    k = check_number("k", k, low=0.0)
    K = check_number("K", K, low=0.0)
    if k > K:
        raise ValueError(f"k must not exceed K, got k={k!r}, K={K!r}")
    f_star = check_number("f_star", f_star)

    def init(params: Array) -> EveState:
        n = np.shape(params)[0]
        return EveState(0, np.zeros_like(params), np.zeros_like(params),
                        np.full(n, np.nan), np.ones(n))

    def update(grads: Array, state: EveState, params: Array, value=None):
        if value is None:
            raise ValueError("eve needs the loss value at params: update(grads, state, params, value)")
        f = np.asarray(value, dtype=np.float64) - f_star
        count = state.count + 1
        rate = schedule(state.count)
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

    return Optimizer("eve", dict(lr=lr, betas=(beta1, beta2, beta3), eps=eps, k=k, K=K,
                                 f_star=f_star), init, update, state_vectors)


def _eve_betas(betas) -> "tuple[float, float, float]":
    """β1, β2 in [0, 1); β3 in [0, 1] (β3 = 1 freezes the feedback at 1, i.e. Adam)."""
    try:
        items = tuple(betas)
    except TypeError:
        raise ValueError(f"betas must be a tuple of 3 numbers, got {betas!r}") from None
    if len(items) != 3:
        raise ValueError(f"betas must be a tuple of 3 numbers, got {betas!r}")
    beta1, beta2 = check_betas("betas", items[:2])
    beta3 = check_number("betas[2]", items[2], low=0.0, high=1.0)
    return beta1, beta2, beta3
