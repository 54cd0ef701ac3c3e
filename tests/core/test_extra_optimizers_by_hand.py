"""The optimizers beyond torch.optim that have no matching reference package, and identities that
tie the others to torch.optim's: Eve's and YellowFin's first steps computed here by hand from the
papers' equations (plain float arithmetic); Eve with frozen feedback is Adam, QHAdam with ν = (1, 1)
is Adam, QHM with ν = 1 is dampened momentum, Lookahead with α = 1 is its inner optimizer. (Their
parity with reference packages is test_extra_optimizers.py.)"""

from __future__ import annotations

import math

import numpy as np
import pytest

import optimizers as opt
from start_points import starts_in

FUNCTION_IDS = ("rosenbrock", "two_wells", "himmelblau")


# --- identities ---

def _same_path(a: opt.Optimizer, b: opt.Optimizer, function_id="two_wells", steps=100, rtol=1e-12):
    fn = opt.FUNCTIONS[function_id]
    starts = starts_in(fn, 5, seed=3)
    pa, pb = opt.run(a, fn, starts, steps).points, opt.run(b, fn, starts, steps).points
    np.testing.assert_allclose(pa, pb, rtol=rtol, atol=1e-14)


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_qhadam_with_nus_one_is_adam(function_id):
    _same_path(opt.OPTIMIZERS["qhadam"](lr=0.01, betas=(0.9, 0.999), nus=(1.0, 1.0)),
               opt.OPTIMIZERS["adam"](lr=0.01, betas=(0.9, 0.999)), function_id, rtol=1e-11)


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_qhm_with_nu_one_is_dampened_momentum(function_id):
    # b_t = β·b + (1 − β)·g from zero is (1 − β) times torch's undampened buffer
    _same_path(opt.OPTIMIZERS["qhm"](lr=0.01, momentum=0.9, nu=1.0),
               opt.OPTIMIZERS["sgd"](lr=0.01 * (1 - 0.9), momentum=0.9), function_id, rtol=1e-11)


def test_qhm_with_nu_zero_is_sgd():
    _same_path(opt.OPTIMIZERS["qhm"](lr=0.01, momentum=0.9, nu=0.0), opt.OPTIMIZERS["sgd"](lr=0.01))


@pytest.mark.parametrize("inner,hyperparams", [("sgd", dict(lr=1e-3, momentum=0.9)), ("adam", dict(lr=0.05)),
                                               ("lion", dict(lr=0.01))])
def test_lookahead_with_alpha_one_is_the_inner_optimizer(inner, hyperparams):
    _same_path(opt.OPTIMIZERS["lookahead"](inner=inner, inner_hyperparams=hyperparams, alpha=1.0, k=3),
               opt.OPTIMIZERS[inner](**hyperparams))


def test_lookahead_with_k_one_scales_plain_sgd():
    _same_path(opt.OPTIMIZERS["lookahead"](inner=opt.OPTIMIZERS["sgd"](lr=2e-3), k=1, alpha=0.3),
               opt.OPTIMIZERS["sgd"](lr=2e-3 * 0.3))


def test_lookahead_pulls_back_every_k_steps_by_hand():
    fn = opt.FUNCTIONS["booth"] if "booth" in opt.FUNCTIONS else opt.FUNCTIONS["two_wells"]
    start = np.array([[0.5, -0.5]])
    path = opt.run(opt.OPTIMIZERS["lookahead"](inner_hyperparams=dict(lr=0.01), k=2, alpha=0.5),
                   fn, start, 4).points[:, 0]
    theta = start[0].copy()
    slow = theta.copy()
    for step in range(1, 5):
        theta = theta - 0.01 * fn.grad(theta[None, :])[0]
        if step % 2 == 0:
            theta = slow + 0.5 * (theta - slow)
            slow = theta.copy()
        np.testing.assert_allclose(path[step], theta, rtol=1e-13)


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_eve_with_frozen_feedback_is_adam(function_id):
    _same_path(opt.OPTIMIZERS["eve"](lr=0.02, betas=(0.9, 0.999, 1.0)),
               opt.OPTIMIZERS["adam"](lr=0.02), function_id)


# --- Eve and YellowFin: first steps by hand from the papers' equations ---

def test_eve_first_three_steps_by_hand():
    fn = opt.FUNCTIONS["himmelblau"]
    lr, b1, b2, b3, eps, small, big, f_star = 0.1, 0.9, 0.999, 0.9, 1e-8, 0.1, 10.0, -1.0
    o = opt.OPTIMIZERS["eve"](lr=lr, betas=(b1, b2, b3), eps=eps, k=small, K=big, f_star=f_star)
    x, y = 1.0, 1.0
    m, v = [0.0, 0.0], [0.0, 0.0]
    f_hat, d = None, None
    params = np.array([[x, y]])
    state = o.init(params)
    for t in (1, 2, 3):
        f = (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2
        g = [4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)]
        ours, state = o.update(fn.grad(params), state, params, fn.value(params))
        params = params + ours
        m = [b1 * m[i] + (1 - b1) * g[i] for i in range(2)]
        v = [b2 * v[i] + (1 - b2) * g[i] ** 2 for i in range(2)]
        shifted = f - f_star
        if t == 1:
            f_hat, d = shifted, 1.0
        else:
            if shifted >= f_hat:
                low, high = small + 1, big + 1
            else:
                low, high = 1 / (big + 1), 1 / (small + 1)
            c = min(max(low, shifted / f_hat), high)
            new_f_hat = c * f_hat
            r = abs(new_f_hat - f_hat) / min(new_f_hat, f_hat)
            d = b3 * d + (1 - b3) * r
            f_hat = new_f_hat
        m_hat = [m[i] / (1 - b1 ** t) for i in range(2)]
        v_hat = [v[i] / (1 - b2 ** t) for i in range(2)]
        x, y = (p - lr * mh / (d * math.sqrt(vh) + eps) for p, mh, vh in zip((x, y), m_hat, v_hat))
        np.testing.assert_allclose(params[0], [x, y], rtol=1e-12)
    assert state.d[0] != 1.0  # the feedback did act


def test_eve_needs_the_loss_value():
    o = opt.OPTIMIZERS["eve"]()
    params = np.zeros((1, 2))
    with pytest.raises(ValueError, match="loss value"):
        o.update(np.ones((1, 2)), o.init(params), params)


def _clip(g, max_norm):
    norm = math.sqrt(g[0] ** 2 + g[1] ** 2)
    coef = min(max_norm / (norm + 1e-6), 1.0)
    return [g[0] * coef, g[1] * coef]


@pytest.mark.parametrize("function_id,start", [("rosenbrock", (-1.2, 1.0)), ("himmelblau", (0.0, 0.0)),
                                               ("two_wells", (0.3, 0.4))])
def test_yellowfin_first_steps_by_hand(function_id, start):
    """Three steps of the reference's order: statistics, then µ_t and α_t, then momentum SGD."""
    fn = opt.FUNCTIONS[function_id]
    beta, width, e = 0.999, 20, 1e-6
    lr0 = 1e-3
    o = opt.OPTIMIZERS["yellowfin"](lr=lr0, curv_win_width=width)
    params = np.array([start], dtype=float)
    state = o.init(params)
    theta = list(start)
    history = []  # ‖g‖² of each step
    gns_avg = g_avg0 = g_avg1 = gnorm_avg = dist_avg = 0.0
    hmin_avg = hmax_avg = hmax_log_avg = 0.0
    h_max = h_max_log = None
    buffer = None
    lr_t, mu_t = lr0, 0.0
    for it in range(3):
        g = list(fn.grad(np.array([theta]))[0])
        if it > 1:
            g = _clip(g, math.sqrt(100.0 * h_max) + e)
        n = g[0] ** 2 + g[1] ** 2
        exploding = it >= 1 and n >= h_max_log
        target = math.sqrt(h_max) if it >= 1 else None
        gns_avg = beta * gns_avg + (1 - beta) * n
        history.append(n)
        window = history[-width:]
        debias = 1 - beta ** (it + 1)
        hmin_avg = beta * hmin_avg + (1 - beta) * math.log(min(window) + e)
        hmax_avg = beta * hmax_avg + (1 - beta) * max(window)
        hmax_log_avg = beta * hmax_log_avg + (1 - beta) * math.log(max(window) + e)
        h_min = math.exp(hmin_avg / debias)
        h_max = hmax_avg / debias
        h_max_log = math.exp(hmax_log_avg / debias)
        g_avg0 = beta * g_avg0 + (1 - beta) * g[0]
        g_avg1 = beta * g_avg1 + (1 - beta) * g[1]
        variance = max(gns_avg / debias - (g_avg0 ** 2 + g_avg1 ** 2) / debias ** 2, e)
        gnorm_avg = beta * gnorm_avg + (1 - beta) * math.sqrt(n)
        dist_avg = beta * dist_avg + (1 - beta) * gnorm_avg / (gns_avg + e)
        dist = dist_avg / debias
        if it > 0:
            # SingleStep: minimise x²D² + (1 − x)⁴C/h_min² over x = √µ;
            # y = x − 1 solves y³ + p·y = −p (Vieta's substitution y = w − p/(3w))
            p = (dist + e) ** 2 * (h_min + e) ** 2 / 2 / (variance + e)
            w3 = (-math.sqrt(p * p + 4 / 27 * p ** 3) - p) / 2
            w = math.copysign(abs(w3) ** (1 / 3), w3)
            x = w - p / 3 / (w + e) + 1
            ratio = max((h_max + e) / (h_min + e), 1 + e)
            mu_t = max(x * x, ((math.sqrt(ratio) - 1) / (math.sqrt(ratio) + 1)) ** 2)
            lr_t = (1 - math.sqrt(mu_t)) ** 2 / (h_min + e)
            lr_t = min(lr_t, lr_t * (it + 1) / (10 * width))
        if exploding:
            g = _clip(g, target + e)
        if mu_t != 0.0:
            buffer = list(g) if buffer is None else [mu_t * buffer[i] + g[i] for i in range(2)]
            direction = buffer
        else:
            direction = g
        theta = [theta[i] - lr_t * direction[i] for i in range(2)]
        updates, state = o.update(fn.grad(params), state, params, fn.value(params))
        params = params + updates
        np.testing.assert_allclose(params[0], theta, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose([state.lr[0], state.mu[0]], [lr_t, mu_t], rtol=1e-12)
    assert 0.0 < state.mu[0] < 1.0


def test_yellowfin_descends_a_valley():
    fn = opt.FUNCTIONS["rosenbrock"]
    traj = opt.run(opt.OPTIMIZERS["yellowfin"](lr=1e-3), fn, [[-1.2, 1.0], [0.0, 2.0]], 500)
    assert (traj.status == "ok").all()
    assert (traj.values[-1] < traj.values[0]).all()
