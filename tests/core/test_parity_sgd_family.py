"""torch.optim parity for SGD, Adagrad, Adadelta, RMSprop, Rprop and ASGD (float64).

Tables, as optax's ``alias_test``: every optimizer with its defaults on every function;
Hypothesis-drawn hyperparameters (every option: momentum, dampening, nesterov,
weight_decay, centered, maximize, lr_decay, ...) walked step by step along torch's own
path and compared over whole runs; hand-computed first steps; identities between
options; construction errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizers as opt
from optimizers import schedules
from start_points import points_in
from torch_reference import assert_run_matches_torch, assert_steps_match_torch, torch_points_with_schedule

FUNCTION_IDS = ("rosenbrock", "two_wells", "himmelblau", "rastrigin")
FUNCTIONS = {name: opt.FUNCTIONS[name] for name in FUNCTION_IDS}

# Per function: a plain-gradient learning rate (drawn up to twice it) that stays below
# 2 / (largest curvature in the view), so paths are not chaotic (see CHAOTIC_DEFAULTS),
# and a typical step length (for the optimizers whose lr is about the length of a step).
LR_SCALE = {"rosenbrock": 2e-4, "two_wells": 0.02, "himmelblau": 3e-3, "rastrigin": 1.5e-3}
STEP_SCALE = {"rosenbrock": 0.02, "two_wells": 0.02, "himmelblau": 0.05, "rastrigin": 0.05}
# Rows where the gradient is exactly zero in both or in one coordinate (Rprop's sign logic,
# zero moments).
EXACT_ROWS = {"rosenbrock": [[1.0, 1.0]], "two_wells": [[0.0, 0.0]],
              "himmelblau": [[3.0, 2.0]], "rastrigin": [[0.0, 0.0], [0.0, 1.3]]}

TORCH = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta,
         "rmsprop": torch.optim.RMSprop, "rprop": torch.optim.Rprop, "asgd": torch.optim.ASGD}

HYPOTHESIS = settings(max_examples=20, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow])


def starts_for(name: str, seed: int, rows: int = 5) -> np.ndarray:
    """``rows`` random points in the function's domain, plus its exact-gradient rows."""
    return np.vstack([points_in(FUNCTIONS[name], rows, seed), EXACT_ROWS[name]])


def check_parity(name: str, kwargs: dict, function: str, seed: int, steps: int = 200,
                 whole_run: bool = True) -> None:
    ours = opt.OPTIMIZERS[name](**kwargs)
    fn = FUNCTIONS[function]
    starts = starts_for(function, seed)
    assert_steps_match_torch(ours, TORCH[name], kwargs, fn, starts, steps=steps)
    if whole_run:
        assert_run_matches_torch(ours, TORCH[name], kwargs, fn, starts)


# --- Hypothesis strategies: kwargs for one optimizer on one function ---

def log_uniform(low: float, high: float):
    return st.floats(math.log(low), math.log(high)).map(math.exp)


maybe_zero = lambda values: st.one_of(st.just(0.0), values)  # noqa: E731
weight_decays = maybe_zero(log_uniform(1e-4, 0.1))


@st.composite
def sgd_kwargs(draw, function):
    nesterov = draw(st.booleans())
    momentum = draw(st.one_of(st.just(0.0), st.floats(0.05, 0.95))) if not nesterov else draw(st.floats(0.05, 0.95))
    return dict(lr=LR_SCALE[function] * draw(log_uniform(0.1, 2.0)), momentum=momentum,
                dampening=0.0 if nesterov else draw(maybe_zero(st.floats(0.05, 0.9))),
                weight_decay=draw(weight_decays), nesterov=nesterov, maximize=draw(st.booleans()))


@st.composite
def adagrad_kwargs(draw, function):
    return dict(lr=STEP_SCALE[function] * draw(log_uniform(0.5, 20.0)),
                lr_decay=draw(maybe_zero(log_uniform(1e-4, 0.1))), weight_decay=draw(weight_decays),
                initial_accumulator_value=draw(maybe_zero(log_uniform(1e-3, 10.0))),
                eps=draw(st.sampled_from([1e-10, 1e-8, 1e-3])), maximize=draw(st.booleans()))


@st.composite
def adadelta_kwargs(draw, function):
    return dict(lr=draw(log_uniform(0.1, 2.0)), rho=draw(st.floats(0.5, 0.99)),
                eps=draw(st.sampled_from([1e-6, 1e-4, 1e-3])), weight_decay=draw(weight_decays),
                maximize=draw(st.booleans()))


@st.composite
def rmsprop_kwargs(draw, function):
    momentum = draw(maybe_zero(st.floats(0.05, 0.95)))
    return dict(lr=STEP_SCALE[function] * draw(log_uniform(0.05, 1.0)) * (1.0 - momentum),
                alpha=draw(st.floats(0.5, 0.999)), eps=draw(st.sampled_from([1e-8, 1e-6, 1e-3])),
                weight_decay=draw(weight_decays), momentum=momentum, centered=draw(st.booleans()),
                maximize=draw(st.booleans()))


@st.composite
def rprop_kwargs(draw, function):
    step_min = draw(st.sampled_from([0.0, 1e-6, 1e-3]))
    return dict(lr=STEP_SCALE[function] * draw(log_uniform(0.2, 5.0)),
                etas=(draw(st.floats(0.1, 0.9)), draw(st.floats(1.05, 2.0))),
                step_sizes=(step_min, draw(st.sampled_from([0.5, 1.0, 50.0]))),
                maximize=draw(st.booleans()))


@st.composite
def asgd_kwargs(draw, function):
    return dict(lr=LR_SCALE[function] * draw(log_uniform(0.1, 2.0)),
                lambd=draw(st.sampled_from([0.0, 1e-4, 1e-2, 1.0])), alpha=draw(st.floats(0.5, 1.0)),
                t0=draw(st.sampled_from([0.0, 10.0, 50.0, 1e6])), weight_decay=draw(weight_decays),
                maximize=draw(st.booleans()))


STRATEGIES = {"sgd": sgd_kwargs, "adagrad": adagrad_kwargs, "adadelta": adadelta_kwargs,
              "rmsprop": rmsprop_kwargs, "rprop": rprop_kwargs, "asgd": asgd_kwargs}


@st.composite
def cases(draw, name):
    function = draw(st.sampled_from(FUNCTION_IDS))
    return draw(STRATEGIES[name](function)), function, draw(st.integers(0, 2**32 - 1))


def make_parity_test(name):
    @HYPOTHESIS
    @given(case=cases(name))
    def test(case):
        kwargs, function, seed = case
        check_parity(name, kwargs, function, seed)
    test.__name__ = f"test_{name}_matches_torch"
    return test


test_sgd_matches_torch = make_parity_test("sgd")
test_adagrad_matches_torch = make_parity_test("adagrad")
test_adadelta_matches_torch = make_parity_test("adadelta")
test_rmsprop_matches_torch = make_parity_test("rmsprop")
test_rprop_matches_torch = make_parity_test("rprop")
test_asgd_matches_torch = make_parity_test("asgd")


# --- defaults on every function, and every option on its own ---

# Whole runs agree only to the ulp per step: torch fuses ``p + α·d`` into one FMA and its
# AVX-512 sqrt is not always correctly rounded, which numpy cannot copy. Where a default
# step is unstable (ASGD's lr = 0.01 on Rastrigin, whose curvature reaches 2 + 40π² ≈ 397,
# so lr·curvature ≈ 4 > 2) the path is chaotic, those ulps double every step and the
# 20-step run check cannot hold; each step is still checked against torch.
CHAOTIC_DEFAULTS = {("asgd", "rastrigin")}


@pytest.mark.parametrize("function", FUNCTION_IDS)
@pytest.mark.parametrize("name", sorted(TORCH))
def test_defaults_match_torch(name, function):
    check_parity(name, {}, function, seed=len(function),
                 whole_run=(name, function) not in CHAOTIC_DEFAULTS)


OPTIONS = [
    ("sgd", dict(lr=1e-3, momentum=0.9)),
    ("sgd", dict(lr=1e-3, momentum=0.9, dampening=0.5)),
    ("sgd", dict(lr=1e-3, momentum=0.9, nesterov=True)),
    ("sgd", dict(lr=1e-3, weight_decay=0.05)),
    ("sgd", dict(lr=1e-3, momentum=0.5, maximize=True)),
    ("adagrad", dict(lr=0.1, lr_decay=0.01)),
    ("adagrad", dict(lr=0.1, initial_accumulator_value=0.5, weight_decay=0.01)),
    ("adagrad", dict(lr=0.1, maximize=True)),
    ("adadelta", dict(rho=0.5, eps=1e-4, weight_decay=0.01)),
    ("adadelta", dict(maximize=True)),
    ("rmsprop", dict(lr=1e-2, centered=True)),
    ("rmsprop", dict(lr=1e-3, momentum=0.9)),
    ("rmsprop", dict(lr=1e-3, momentum=0.9, centered=True, weight_decay=0.01)),
    ("rmsprop", dict(lr=1e-2, alpha=0.5, maximize=True)),
    ("rprop", dict(lr=0.1, etas=(0.3, 1.5), step_sizes=(1e-3, 0.5))),
    ("rprop", dict(lr=0.1, maximize=True)),
    ("asgd", dict(lr=1e-3, lambd=0.1, t0=5.0)),
    ("asgd", dict(lr=1e-3, t0=0.0, alpha=1.0, weight_decay=0.01)),
    ("asgd", dict(lr=1e-3, maximize=True)),
]


@pytest.mark.parametrize("name, kwargs", OPTIONS, ids=[f"{n}-{'-'.join(k)}" for n, k in OPTIONS])
def test_each_option_matches_torch(name, kwargs):
    for function in FUNCTION_IDS:
        check_parity(name, kwargs, function, seed=7, steps=100)


@pytest.mark.parametrize("name", ["sgd", "adagrad", "adadelta", "rmsprop"])
def test_lr_schedule_matches_torch_with_lr_set_each_step(name):
    """A schedule is read at ``count``: torch with the group's lr set to it before each step."""
    schedule = schedules.Cosine(init=0.01, decay_steps=30, final=0.001)
    extra = {"sgd": dict(momentum=0.9), "adagrad": dict(lr_decay=0.05),
             "adadelta": dict(), "rmsprop": dict(centered=True)}[name]
    ours = opt.OPTIMIZERS[name](lr=schedule, **extra)
    fn = FUNCTIONS["himmelblau"]
    starts = starts_for("himmelblau", 3)
    trajectory = opt.run(ours, fn, starts, 40)
    theirs = torch_points_with_schedule(TORCH[name], schedule, fn, starts, 40, **extra)
    np.testing.assert_allclose(trajectory.points[-1], theirs[-1], rtol=1e-10, atol=1e-12)


def test_asgd_and_rprop_read_a_schedule_as_documented():
    """ASGD: η_c = lr(c) / (1 + lambd·lr(c)·c)^alpha at update c; Rprop: lr(0) is the first step."""
    schedule = schedules.Exponential(init=0.1, gamma=0.5)
    o = opt.OPTIMIZERS["asgd"](lr=schedule, lambd=0.5, alpha=0.75)
    state = o.init(P)
    for count in range(5):
        lr = schedule(count)
        assert state.eta == lr / (1 + 0.5 * lr * count) ** 0.75
        _, state = o.update(G, state, P)
    o = opt.OPTIMIZERS["rprop"](lr=schedule)
    np.testing.assert_array_equal(o.init(P).step_size, np.full_like(P, 0.1))


# --- hand-computed first steps ---

G = np.array([[3.0, -0.5], [0.0, 2.0]])
P = np.array([[1.0, 2.0], [-1.0, 0.5]])


def first_update(o, grads=G, params=P):
    return o.update(grads, o.init(params), params)[0]


def test_sgd_first_step_by_hand():
    np.testing.assert_array_equal(first_update(opt.OPTIMIZERS["sgd"](lr=0.1)), -0.1 * G)
    # weight decay adds weight_decay·θ; the first momentum buffer is the gradient itself
    o = opt.OPTIMIZERS["sgd"](lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.01)
    np.testing.assert_allclose(first_update(o), -0.1 * (G + 0.01 * P), rtol=1e-15)
    # Nesterov's first step is g + momentum·g
    o = opt.OPTIMIZERS["sgd"](lr=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_allclose(first_update(o), -0.1 * 1.9 * G, rtol=1e-15)


def test_rmsprop_first_step_by_hand():
    o = opt.OPTIMIZERS["rmsprop"](lr=0.01, alpha=0.99, eps=1e-8)
    expected = -0.01 * G / (np.sqrt(0.01 * G**2) + 1e-8)
    np.testing.assert_allclose(first_update(o), expected, rtol=1e-14)
    np.testing.assert_allclose(first_update(o)[0], [-0.1, 0.1], rtol=1e-6)
    # centered: v − m² = 0.01g² − 0.0001g² = 0.0099g²
    o = opt.OPTIMIZERS["rmsprop"](lr=0.01, centered=True)
    np.testing.assert_allclose(first_update(o), -0.01 * G / (np.sqrt(0.0099 * G**2) + 1e-8), rtol=1e-13)


def test_adagrad_first_step_by_hand():
    o = opt.OPTIMIZERS["adagrad"](lr=0.1)
    np.testing.assert_allclose(first_update(o), -0.1 * G / (np.abs(G) + 1e-10), rtol=1e-15)
    o = opt.OPTIMIZERS["adagrad"](lr=0.1, initial_accumulator_value=1.0)
    np.testing.assert_allclose(first_update(o), -0.1 * G / (np.sqrt(1.0 + G**2) + 1e-10), rtol=1e-15)
    # lr_decay only acts from the second update on: η_2 = lr / (1 + lr_decay)
    o = opt.OPTIMIZERS["adagrad"](lr=0.1, lr_decay=0.5)
    _, state = o.update(G, o.init(P), P)
    second, _ = o.update(G, state, P)
    np.testing.assert_allclose(second, -0.1 / 1.5 * G / (np.sqrt(2.0) * np.abs(G) + 1e-10), rtol=1e-15)


def test_adadelta_first_step_by_hand():
    o = opt.OPTIMIZERS["adadelta"]()
    expected = -1.0 * np.sqrt(1e-6) / np.sqrt(0.1 * G**2 + 1e-6) * G
    np.testing.assert_allclose(first_update(o), expected, rtol=1e-15)


def test_asgd_first_steps_by_hand():
    o = opt.OPTIMIZERS["asgd"](lr=0.1, lambd=0.5, alpha=1.0, t0=1.0)
    state = o.init(P)
    assert (state.eta, state.mu) == (0.1, 1.0)
    updates, state = o.update(G, state, P)
    first = P * (1 - 0.05) - 0.1 * G
    np.testing.assert_allclose(P + updates, first, rtol=1e-15)
    np.testing.assert_array_equal(state.ax, P + updates)        # μ = 1: ax is the iterate
    assert state.eta == pytest.approx(0.1 / (1 + 0.05)) and state.mu == 1.0
    updates, state = o.update(G, state, first)
    second = first * (1 - 0.5 * 0.1 / 1.05) - 0.1 / 1.05 * G
    np.testing.assert_allclose(first + updates, second, rtol=1e-15)
    assert state.mu == 1.0 and state.eta == pytest.approx(0.1 / 1.1)
    _, state3 = o.update(G, state, second)                      # μ = 1/(t − t0) = 1/2 from now on
    assert state3.mu == 0.5


def test_rprop_sign_logic_by_hand():
    o = opt.OPTIMIZERS["rprop"](lr=0.1, etas=(0.5, 1.2), step_sizes=(1e-6, 50))
    params = np.zeros((1, 4))[:, :2].repeat(2, axis=0)
    state = o.init(params)
    updates, state = o.update(np.array([[2.0, -3.0], [0.0, 1e-300]]), state, params)
    np.testing.assert_array_equal(updates, [[-0.1, 0.1], [0.0, -0.1]])   # prev = 0: step unchanged
    np.testing.assert_array_equal(state.step_size, np.full((2, 2), 0.1))
    # same sign: grow; flipped sign: shrink, no move, and forget the gradient;
    # 1e-300·1e-300 underflows to 0: treated as "no sign", as torch does
    updates, state = o.update(np.array([[1.0, 3.0], [5.0, 1e-300]]), state, params)
    np.testing.assert_array_equal(state.step_size, [[0.1 * 1.2, 0.05], [0.1, 0.1]])
    np.testing.assert_array_equal(updates, [[-0.12, 0.0], [-0.1, -0.1]])
    np.testing.assert_array_equal(state.prev, [[1.0, 0.0], [5.0, 1e-300]])
    # after a flip, the next step moves at the shrunk size whatever the sign
    updates, state = o.update(np.array([[1.0, -3.0], [5.0, 1.0]]), state, params)
    np.testing.assert_array_equal(updates[0], [-0.144, 0.05])


def test_rprop_zero_products_match_torch_exactly():
    grads_seq = [np.array([[0.0, 1e-200], [-0.0, 3.0]]), np.array([[2.0, 1e-200], [1.0, -0.0]]),
                 np.array([[-2.0, -1e-200], [0.0, 4.0]]), np.array([[0.0, 5.0], [1.0, 4.0]])]
    o = opt.OPTIMIZERS["rprop"]()
    params = np.array([[0.5, -0.5], [1.0, 2.0]])
    state = o.init(params)
    param = torch.nn.Parameter(torch.tensor(params))
    torch_opt = torch.optim.Rprop([param])
    for grads in grads_seq:
        updates, state = o.update(grads, state, params)
        params = params + updates
        param.grad = torch.tensor(grads)
        torch_opt.step()
        np.testing.assert_array_equal(params, param.detach().numpy())
        np.testing.assert_array_equal(state.step_size, torch_opt.state[param]["step_size"].numpy())
        np.testing.assert_array_equal(state.prev, torch_opt.state[param]["prev"].numpy())


# --- identities ---

def run_points(o, function="two_wells", steps=50):
    return opt.run(o, FUNCTIONS[function], starts_for(function, 1), steps).points


def test_sgd_momentum_zero_is_plain_sgd():
    plain = run_points(opt.OPTIMIZERS["sgd"](lr=0.05))
    np.testing.assert_array_equal(run_points(opt.OPTIMIZERS["sgd"](lr=0.05, momentum=0.0, dampening=0.7)), plain)


def test_sgd_nesterov_is_lookahead_on_the_buffer():
    """Nesterov: θ ← θ − lr·(g + μ·b) with b the heavy-ball buffer."""
    o = opt.OPTIMIZERS["sgd"](lr=0.05, momentum=0.8, nesterov=True)
    fn = FUNCTIONS["two_wells"]
    params = starts_for("two_wells", 1)
    state, buffer = o.init(params), None
    for _ in range(30):
        grads = fn.grad(params)
        buffer = grads.copy() if buffer is None else 0.8 * buffer + grads
        updates, state = o.update(grads, state, params)
        np.testing.assert_allclose(updates, -0.05 * (grads + 0.8 * buffer), rtol=1e-13, atol=1e-300)
        params = params + updates


def test_rmsprop_basic_form():
    """centered=False, momentum=0: θ ← θ − lr·g / (√v + eps), v the EMA of g²."""
    o = opt.OPTIMIZERS["rmsprop"](lr=0.01, alpha=0.9)
    fn = FUNCTIONS["himmelblau"]
    params = starts_for("himmelblau", 2)
    state, v = o.init(params), np.zeros_like(params)
    for _ in range(30):
        grads = fn.grad(params)
        v = 0.9 * v + 0.1 * grads**2
        updates, state = o.update(grads, state, params)
        np.testing.assert_allclose(updates, -0.01 * grads / (np.sqrt(v) + 1e-8), rtol=1e-13, atol=1e-300)
        params = params + updates


def test_asgd_without_decay_is_sgd_until_t0():
    """lambd=0 keeps η = lr: the iterates are plain SGD's, and ax follows them until t0."""
    sgd_points = run_points(opt.OPTIMIZERS["sgd"](lr=0.02))
    o = opt.OPTIMIZERS["asgd"](lr=0.02, lambd=0.0, t0=20.0)
    np.testing.assert_allclose(run_points(o), sgd_points, rtol=1e-13, atol=1e-15)
    fn, params = FUNCTIONS["two_wells"], starts_for("two_wells", 1)
    state, history = o.init(params), []
    for _ in range(30):
        updates, state = o.update(fn.grad(params), state, params)
        params = params + updates
        history.append(params)
    # μ = 1/max(1, t − 1 − t0) at update t: ax is θ up to θ_22, then the mean of θ_22 … θ_30
    np.testing.assert_allclose(state.ax, np.mean(history[21:], axis=0), rtol=1e-12)


def test_maximize_is_minimizing_the_negation():
    class Negated:
        def __init__(self, fn):
            self.domain = fn.domain
            self.value = lambda xy: -fn.value(xy)
            self.grad = lambda xy: -fn.grad(xy)

    fn = FUNCTIONS["himmelblau"]
    for name in TORCH:
        ours = run_points(opt.OPTIMIZERS[name](maximize=True), "himmelblau", 30)
        plain = opt.run(opt.OPTIMIZERS[name](), Negated(fn), starts_for("himmelblau", 1), 30).points
        np.testing.assert_array_equal(ours, plain)


@pytest.mark.parametrize("name", sorted(TORCH))
def test_batched_equals_single_rows(name):
    o = opt.OPTIMIZERS[name](**({"momentum": 0.9} if name in ("sgd", "rmsprop") else {}))
    fn = FUNCTIONS["rastrigin"]
    starts = starts_for("rastrigin", 5)
    batched = opt.run(o, fn, starts, 60).points
    for i, start in enumerate(starts):
        np.testing.assert_array_equal(opt.run(o, fn, start[None], 60).points[:, 0], batched[:, i])


# --- construction ---

@pytest.mark.parametrize("name", sorted(TORCH))
def test_factory_works_with_no_arguments(name):
    o = opt.OPTIMIZERS[name]()
    assert o.name == name
    torch_defaults = TORCH[name]([torch.nn.Parameter(torch.zeros(2))]).defaults
    for key, value in o.hyperparams.items():
        expected = torch_defaults[key]
        assert (tuple(value) == tuple(expected)) if isinstance(value, tuple) else value == expected, key
    assert opt.OPTIMIZERS[name](**o.hyperparams).hyperparams == o.hyperparams
    state = o.init(np.zeros((3, 2)))
    updates, state = o.update(np.ones((3, 2)), state, np.zeros((3, 2)))
    assert updates.shape == (3, 2) and np.isfinite(updates).all() and state.count == 1


BAD = [
    ("sgd", dict(lr=-0.1)), ("sgd", dict(momentum=-0.5)), ("sgd", dict(weight_decay=-1.0)),
    ("sgd", dict(nesterov=True)), ("sgd", dict(nesterov=True, momentum=0.9, dampening=0.1)),
    ("sgd", dict(maximize="yes")), ("sgd", dict(lr="fast")),
    ("adagrad", dict(lr=-1.0)), ("adagrad", dict(lr_decay=-0.1)), ("adagrad", dict(weight_decay=-0.1)),
    ("adagrad", dict(initial_accumulator_value=-1.0)), ("adagrad", dict(eps=-1e-10)),
    ("adadelta", dict(lr=-1.0)), ("adadelta", dict(rho=1.5)), ("adadelta", dict(rho=-0.1)),
    ("adadelta", dict(eps=-1.0)), ("adadelta", dict(weight_decay=-0.1)),
    ("rmsprop", dict(lr=-1.0)), ("rmsprop", dict(eps=-1.0)), ("rmsprop", dict(momentum=-0.1)),
    ("rmsprop", dict(weight_decay=-0.1)), ("rmsprop", dict(alpha=-0.1)), ("rmsprop", dict(centered=1)),
    ("rprop", dict(lr=-1.0)), ("rprop", dict(etas=(1.5, 1.2))), ("rprop", dict(etas=(0.5, 0.9))),
    ("rprop", dict(etas=(0.0, 1.2))), ("rprop", dict(etas=(0.5,))), ("rprop", dict(etas=0.5)),
    ("rprop", dict(step_sizes=(1.0, 0.1))), ("rprop", dict(step_sizes=(-1.0, 1.0))),
    ("asgd", dict(lr=-1.0)), ("asgd", dict(weight_decay=-0.1)), ("asgd", dict(alpha=float("nan"))),
]


@pytest.mark.parametrize("name, kwargs", BAD, ids=[f"{n}-{k}" for n, k in BAD])
def test_bad_hyperparameters_raise_value_error(name, kwargs):
    with pytest.raises(ValueError):
        opt.OPTIMIZERS[name](**kwargs)
