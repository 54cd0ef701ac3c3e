"""Adam, AdamW, NAdam, RAdam and Adamax against torch.optim (float64), plus hand-computed
steps, identities and hyperparameter checks.

The parity tests are a table: every optimizer with every option, numeric hyperparameters
drawn by Hypothesis, on several functions from several starts at once (rows are
independent runs).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st

import optimizers as opt
from optimizers.schedules import Exponential
from start_points import starts_in
from torch_reference import assert_run_matches_torch, assert_steps_match_torch, torch_points_with_schedule

FUNCTION_IDS = ("rosenbrock", "two_wells", "himmelblau", "rastrigin", "beale", "six_hump_camel")
TORCH_CLASSES = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "nadam": torch.optim.NAdam,
                 "radam": torch.optim.RAdam, "adamax": torch.optim.Adamax}
PARITY = settings(max_examples=20, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])


# --- hyperparameters drawn by Hypothesis ---

def log_uniform(low, high):
    return st.floats(math.log10(low), math.log10(high)).map(lambda e: 10.0 ** e)


BETA1 = st.one_of(st.just(0.9), st.just(0.0), st.floats(0.0, 0.99))
BETA2 = st.one_of(st.just(0.999), st.floats(0.5, 0.9999), st.floats(0.0, 0.5))
WEIGHT_DECAY = st.one_of(st.just(0.0), st.floats(0.0, 0.5))


def common(lr=(1e-4, 0.1)):
    return dict(lr=log_uniform(*lr), betas=st.tuples(BETA1, BETA2),
                eps=st.one_of(st.just(1e-8), log_uniform(1e-10, 1e-3)), weight_decay=WEIGHT_DECAY)


# (case id, optimizer id, fixed options, strategies for the rest)
CASES = [
    ("adam", "adam", {}, common()),
    ("adam-amsgrad", "adam", {"amsgrad": True}, common()),
    ("adam-maximize", "adam", {"maximize": True}, common()),
    ("adam-decoupled", "adam", {"decoupled_weight_decay": True}, common()),
    ("adam-amsgrad-decoupled-maximize", "adam",
     {"amsgrad": True, "decoupled_weight_decay": True, "maximize": True}, common()),
    ("adamw", "adamw", {}, common()),
    ("adamw-amsgrad", "adamw", {"amsgrad": True}, common()),
    ("adamw-maximize", "adamw", {"maximize": True}, common()),
    ("nadam", "nadam", {}, {**common(), "momentum_decay": st.one_of(st.just(4e-3), st.floats(0.0, 0.1))}),
    ("nadam-decoupled", "nadam", {"decoupled_weight_decay": True},
     {**common(), "momentum_decay": st.floats(0.0, 0.1)}),
    ("nadam-maximize", "nadam", {"maximize": True}, {**common(), "momentum_decay": st.floats(0.0, 0.1)}),
    # RAdam's first steps are plain momentum SGD (lr times the gradient): smaller rates
    ("radam", "radam", {}, common(lr=(1e-5, 3e-3))),
    ("radam-decoupled", "radam", {"decoupled_weight_decay": True}, common(lr=(1e-5, 3e-3))),
    # ...and ascending in that phase blows up fast on quartics: fewer finite steps to compare
    ("radam-maximize", "radam", {"maximize": True}, common(lr=(1e-5, 3e-3))),
    ("adamax", "adamax", {}, common()),
    ("adamax-maximize", "adamax", {"maximize": True}, common()),
]


@pytest.mark.parametrize("case_id, name, options, strategies", CASES, ids=[c[0] for c in CASES])
def test_matches_torch(case_id, name, options, strategies):
    @PARITY
    @given(hyperparams=st.fixed_dictionaries(strategies), function_id=st.sampled_from(FUNCTION_IDS),
           seed=st.integers(0, 2**16))
    def check(hyperparams, function_id, seed):
        kwargs = {**hyperparams, **options}
        fn = opt.FUNCTIONS[function_id]
        starts = starts_in(fn, 4, seed)
        ours = opt.OPTIMIZERS[name](**kwargs)
        min_steps = 3 if case_id == "radam-maximize" else 20
        assert_steps_match_torch(ours, TORCH_CLASSES[name], kwargs, fn, starts, steps=200, min_steps=min_steps)
        assert_run_matches_torch(ours, TORCH_CLASSES[name], kwargs, fn, starts)

    check()


@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_defaults_match_torch(name, function_id):
    """No arguments on both sides, 200 steps walked from 3 starts on each function."""
    fn = opt.FUNCTIONS[function_id]
    steps = assert_steps_match_torch(opt.OPTIMIZERS[name](), TORCH_CLASSES[name], {}, fn,
                                     starts_in(fn, 3, 7), steps=200)
    assert steps == 200


@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
def test_schedule_matches_torch_with_lr_set_each_step(name):
    """A schedule's rate at ``count`` is torch's group lr for that step."""
    schedule = Exponential(init=0.05, gamma=0.97)
    extra = {"weight_decay": 0.1}
    if name in ("nadam", "radam"):
        extra["decoupled_weight_decay"] = True
    ours = opt.OPTIMIZERS[name](lr=schedule, **extra)
    fn = opt.FUNCTIONS["two_wells"]
    starts = starts_in(fn, 3, 1)
    trajectory = opt.run(ours, fn, starts, 30)
    theirs = torch_points_with_schedule(TORCH_CLASSES[name], schedule, fn, starts, 30, **extra)
    for step in range(30):
        np.testing.assert_allclose(trajectory.points[step + 1], theirs[step + 1], rtol=1e-10, atol=0)


# --- torch's defaults and hyperparameter checks ---

@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
def test_no_arguments_give_torch_defaults(name):
    ours = opt.OPTIMIZERS[name]()
    theirs = TORCH_CLASSES[name]([torch.nn.Parameter(torch.zeros(2))]).defaults
    for key, value in ours.hyperparams.items():
        if key == "bias_correction":
            assert value is True
        elif key == "betas":
            assert tuple(value) == tuple(theirs[key])
        else:
            assert value == theirs[key], key
    assert ours.name == name
    rebuilt = opt.OPTIMIZERS[name](**ours.hyperparams)
    assert rebuilt.hyperparams == ours.hyperparams


BAD = [
    ({"lr": -1e-3}, "lr"),
    ({"lr": "fast"}, "lr"),
    ({"eps": -1.0}, "eps"),
    ({"betas": (1.0, 0.999)}, r"betas\[0\] must be in \[0, 1\)"),
    ({"betas": (-0.1, 0.999)}, r"betas\[0\]"),
    ({"betas": (0.9, 1.0)}, r"betas\[1\] must be in \[0, 1\)"),
    ({"betas": (0.9,)}, "betas"),
    ({"betas": 0.9}, "betas"),
    ({"weight_decay": -0.1}, "weight_decay"),
    ({"weight_decay": float("nan")}, "weight_decay"),
    ({"maximize": "yes"}, "maximize"),
]
EXTRA_BAD = {
    "adam": [({"amsgrad": 1}, "amsgrad"), ({"bias_correction": None}, "bias_correction"),
             ({"decoupled_weight_decay": "no"}, "decoupled_weight_decay")],
    "adamw": [({"amsgrad": "no"}, "amsgrad"), ({"bias_correction": 0}, "bias_correction")],
    "nadam": [({"momentum_decay": -1e-3}, "momentum_decay"),
              ({"decoupled_weight_decay": 1}, "decoupled_weight_decay")],
    "radam": [({"decoupled_weight_decay": None}, "decoupled_weight_decay")],
    "adamax": [],
}


@pytest.mark.parametrize("name, kwargs, message",
                         [(n, k, m) for n in sorted(TORCH_CLASSES) for k, m in BAD + EXTRA_BAD[n]])
def test_bad_hyperparameters_raise_value_error(name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        opt.OPTIMIZERS[name](**kwargs)


@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
def test_unknown_keyword_is_a_type_error(name):
    with pytest.raises(TypeError):
        opt.OPTIMIZERS[name](foreach=True)


# --- hand-computed first steps ---

def first_update(o, grads, params=None):
    params = np.zeros_like(grads) if params is None else params
    updates, state = o.update(grads, o.init(params), params)
    return updates, state


def test_adam_first_step_has_size_lr():
    """m̂_1 = g and v̂_1 = g², so the first step is −lr·g/(|g| + eps)."""
    g = np.array([[2.0, -1.0], [1e-3, 50.0]])
    updates, state = first_update(opt.OPTIMIZERS["adam"](lr=0.1), g)
    np.testing.assert_allclose(updates, -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    np.testing.assert_allclose(state.mu, 0.1 * g, rtol=4e-15)
    np.testing.assert_allclose(state.nu, 0.001 * g * g, rtol=4e-15)
    assert state.count == 1


def test_adam_without_bias_correction_first_step():
    """m = 0.1·g, v = 0.001·g²: the step is −lr·0.1·g/(√0.001·|g| + eps) ≈ −0.316·lr·sign(g)."""
    g = np.array([[2.0, -1.0]])
    updates, _ = first_update(opt.OPTIMIZERS["adam"](lr=0.1, eps=0.0, bias_correction=False), g)
    np.testing.assert_allclose(updates, [[-0.1 * 0.1 / math.sqrt(0.001), 0.1 * 0.1 / math.sqrt(0.001)]],
                               rtol=1e-14)
    np.testing.assert_allclose(updates, [[-0.31622776601683794, 0.31622776601683794]], rtol=1e-14)


def test_adam_without_bias_correction_follows_its_formula():
    """θ ← θ − lr·m/(√v + eps) with m, v the plain EMAs, over a whole run."""
    fn = opt.FUNCTIONS["two_wells"]
    lr, b1, b2, eps = 0.02, 0.8, 0.99, 1e-6
    starts = starts_in(fn, 3, 5)
    trajectory = opt.run(opt.OPTIMIZERS["adam"](lr=lr, betas=(b1, b2), eps=eps, bias_correction=False),
                         fn, starts, 100)
    theta, m, v = starts.copy(), np.zeros_like(starts), np.zeros_like(starts)
    for step in range(1, 101):
        g = fn.grad(theta)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        theta = theta - lr * m / (np.sqrt(v) + eps)
        np.testing.assert_allclose(trajectory.points[step], theta, rtol=1e-9, atol=1e-12)


def test_adamw_first_step_decays_then_steps():
    p = np.array([[1.0, -2.0]])
    g = np.array([[0.5, 0.5]])
    updates, _ = first_update(opt.OPTIMIZERS["adamw"](lr=0.1, weight_decay=0.5), g, p)
    expected = p * (1 - 0.1 * 0.5) - 0.1 * g / (np.abs(g) + 1e-8) - p
    np.testing.assert_allclose(updates, expected, rtol=1e-14)


def test_nadam_first_step():
    lr, b1, psi = 2e-3, 0.9, 4e-3
    g = np.array([[3.0, -0.25]])
    updates, state = first_update(opt.OPTIMIZERS["nadam"](), g)
    mu1 = b1 * (1 - 0.5 * 0.96 ** psi)
    mu2 = b1 * (1 - 0.5 * 0.96 ** (2 * psi))
    denom = np.abs(g) + 1e-8  # √(v_1/(1 − β2)) = |g|
    expected = -lr * (1 - mu1) / (1 - mu1) * g / denom - lr * mu2 / (1 - mu1 * mu2) * (1 - b1) * g / denom
    np.testing.assert_allclose(updates, expected, rtol=1e-13)
    assert state.mu_product == pytest.approx(mu1, rel=1e-15)


def test_radam_first_steps_are_momentum_sgd():
    """With β2 = 0.999, ρ_t ≤ 5 for t ≤ 5 (ρ_5 ≈ 4.99): the step is −lr·m̂_t."""
    o = opt.OPTIMIZERS["radam"](lr=0.1)
    params = np.zeros((1, 2))
    state = o.init(params)
    g = np.array([[2.0, -1.0]])
    for _ in range(5):
        updates, state = o.update(g, state, params)
        np.testing.assert_allclose(updates, -0.1 * g, rtol=1e-14)  # constant g: m̂_t = g
    updates, state = o.update(g, state, params)
    assert np.all(np.abs(updates) < 0.1 * np.abs(g))  # rectified Adam step from t = 6 on


def test_adamax_first_step():
    g = np.array([[2.0, -1e-3]])
    updates, state = first_update(opt.OPTIMIZERS["adamax"](lr=0.1), g)
    np.testing.assert_allclose(updates, -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    np.testing.assert_array_equal(state.nu, np.abs(g) + 1e-8)


# --- identities ---

def run_points(o, function_id="himmelblau", steps=100, count=4, seed=3):
    fn = opt.FUNCTIONS[function_id]
    return opt.run(o, fn, starts_in(fn, count, seed), steps).points


def test_adamw_without_weight_decay_is_adam():
    np.testing.assert_array_equal(run_points(opt.OPTIMIZERS["adamw"](lr=0.05, weight_decay=0.0)),
                                  run_points(opt.OPTIMIZERS["adam"](lr=0.05)))


def test_adam_with_decoupled_weight_decay_is_adamw():
    kwargs = dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.3, amsgrad=True)
    np.testing.assert_array_equal(run_points(opt.OPTIMIZERS["adamw"](**kwargs)),
                                  run_points(opt.OPTIMIZERS["adam"](decoupled_weight_decay=True, **kwargs)))


@pytest.mark.parametrize("name", ["nadam", "radam"])
def test_decoupled_flag_without_weight_decay_changes_nothing(name):
    np.testing.assert_array_equal(run_points(opt.OPTIMIZERS[name](lr=0.01)),
                                  run_points(opt.OPTIMIZERS[name](lr=0.01, decoupled_weight_decay=True)))


@pytest.mark.parametrize("name", ["adam", "adamw"])
def test_amsgrad_changes_nothing_while_second_moment_grows(name):
    """With a constant gradient v_t = (1 − β2^t)·g² only grows, so max(v̂, v_t) = v_t."""
    g = np.array([[1.5, -0.2], [3.0, 4.0]])
    params = np.zeros((2, 2))
    plain, ams = opt.OPTIMIZERS[name](lr=0.1), opt.OPTIMIZERS[name](lr=0.1, amsgrad=True)
    s1, s2 = plain.init(params), ams.init(params)
    for _ in range(50):
        u1, s1 = plain.update(g, s1, params)
        u2, s2 = ams.update(g, s2, params)
        np.testing.assert_array_equal(u1, u2)
        params = params + u1
    np.testing.assert_array_equal(s2.nu_max, s2.nu)


def test_adam_with_beta1_zero_and_no_bias_correction_is_rmsprop():
    """β1 = 0 makes m_t = g; without bias corrections Adam is torch's RMSprop(alpha=β2)."""
    fn = opt.FUNCTIONS["rosenbrock"]
    ours = opt.OPTIMIZERS["adam"](lr=1e-3, betas=(0.0, 0.95), eps=1e-7, bias_correction=False)
    assert_steps_match_torch(ours, torch.optim.RMSprop, dict(lr=1e-3, alpha=0.95, eps=1e-7), fn,
                             starts_in(fn, 4, 9), steps=200, min_steps=200)


@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
def test_maximize_on_f_is_minimize_on_minus_f(name):
    g = np.random.default_rng(0).normal(size=(5, 2))
    params = np.random.default_rng(1).normal(size=(5, 2))
    up, down = opt.OPTIMIZERS[name](lr=0.01, maximize=True), opt.OPTIMIZERS[name](lr=0.01)
    s1, s2 = up.init(params), down.init(params)
    for _ in range(10):
        u1, s1 = up.update(g, s1, params)
        u2, s2 = down.update(-g, s2, params)
        np.testing.assert_array_equal(u1, u2)


@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
def test_batched_run_equals_single_runs(name):
    fn = opt.FUNCTIONS["two_wells"]
    o = opt.OPTIMIZERS[name](lr=0.02, weight_decay=0.1)
    starts = starts_in(fn, 5, 11)
    batched = opt.run(o, fn, starts, 60)
    for row in range(5):
        single = opt.run(o, fn, starts[row:row + 1], 60)
        np.testing.assert_array_equal(batched.points[:, row], single.points[:, 0])


@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
def test_update_is_pure(name):
    """The state is an immutable NamedTuple, and update neither mutates it nor its inputs."""
    o = opt.OPTIMIZERS[name](weight_decay=0.1)
    params = np.array([[1.0, 2.0], [-0.5, 0.25]])
    grads = np.array([[0.3, -0.7], [2.0, 0.1]])
    state = o.init(params)
    assert isinstance(state, tuple) and hasattr(state, "_fields") and state.count == 0
    copies = [np.copy(x) for x in state]
    p0, g0 = params.copy(), grads.copy()
    first, _ = o.update(grads, state, params)
    again, new_state = o.update(grads, state, params)
    np.testing.assert_array_equal(first, again)
    for before, after in zip(copies, state):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(params, p0)
    np.testing.assert_array_equal(grads, g0)
    assert new_state.count == 1 and type(new_state) is type(state)
