"""The optimizers beyond torch.optim, against their reference implementations (float64).

References: ``pytorch_optimizer`` (Lion, AdaBelief, Yogi, Adan, QHM, Lookahead, MADGRAD,
Prodigy), the QHM authors' ``qhoptim`` (QHM, QHAdam) and the schedule-free authors'
``schedulefree`` (SGD, AdamW), each stepped along its own path for >= 100 steps to 1e-12
relative. Eve and YellowFin have no matching reference package: their first steps are
computed here by hand from the papers' equations (plain float arithmetic), and identities
tie them and the others to torch.optim (Eve with β3 = 1 is Adam, QHAdam with ν = (1, 1)
is Adam, QHM with ν = 1 is dampened momentum, Lookahead with α = 1 is its inner optimizer).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st

import optimizers as opt
from optimizers.schedules import Cosine
from start_points import starts_in
from torch_reference import assert_steps_match_torch
from test_extra_optimizers_by_hand import _same_path

import pytorch_optimizer as po
import qhoptim.pyt as qh
import schedulefree

torch.set_default_dtype(torch.float64)
# qhoptim (2019) calls torch's deprecated add_(Number, Tensor) overload
pytestmark = pytest.mark.filterwarnings("ignore:This overload of add_? is deprecated:UserWarning")

FUNCTION_IDS = ("rosenbrock", "two_wells", "himmelblau")
EXTRA_IDS = ("lion", "adabelief", "yogi", "adan", "qhm", "qhadam", "lookahead", "eve", "yellowfin",
             "schedule_free_sgd", "schedule_free_adamw", "madgrad", "prodigy")
STEPS = 120
PARITY = settings(max_examples=8, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])


def train_mode(cls):
    """schedulefree's optimizers must be put in train mode before stepping."""
    def build(params, **kwargs):
        optimizer = cls(params, **kwargs)
        optimizer.train()
        return optimizer
    return build


def lookahead_of(inner_cls, k, alpha):
    def build(params, **kwargs):
        return po.Lookahead(inner_cls(params, **kwargs), k=k, alpha=alpha)
    return build


# (case id, our id, our hyperparameters, reference class, reference keyword arguments)
CASES = [
    ("lion-default", "lion", {}, po.Lion, {}),
    ("lion", "lion", dict(lr=0.01, betas=(0.95, 0.98)), po.Lion, dict(lr=0.01, betas=(0.95, 0.98))),
    ("lion-wd", "lion", dict(lr=0.003, weight_decay=0.5), po.Lion, dict(lr=0.003, weight_decay=0.5)),
    ("lion-l2", "lion", dict(lr=0.003, weight_decay=0.5, weight_decouple=False), po.Lion,
     dict(lr=0.003, weight_decay=0.5, weight_decouple=False)),
    ("adabelief-default", "adabelief", {}, po.AdaBelief, {}),
    ("adabelief", "adabelief", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-12), po.AdaBelief,
     dict(lr=0.05, betas=(0.8, 0.99), eps=1e-12)),
    ("adabelief-l2", "adabelief", dict(lr=0.02, weight_decay=0.1, weight_decouple=False), po.AdaBelief,
     dict(lr=0.02, weight_decay=0.1, weight_decouple=False)),
    ("yogi-default", "yogi", {}, po.Yogi, {}),
    ("yogi", "yogi", dict(lr=0.05, betas=(0.5, 0.9), eps=1e-6, initial_accumulator=0.1), po.Yogi,
     dict(lr=0.05, betas=(0.5, 0.9), eps=1e-6, initial_accumulator=0.1)),
    ("yogi-wd", "yogi", dict(lr=0.01, weight_decay=0.2), po.Yogi, dict(lr=0.01, weight_decay=0.2)),
    ("adan-default", "adan", {}, po.Adan, {}),
    ("adan", "adan", dict(lr=0.02, betas=(0.9, 0.8, 0.95), eps=1e-10), po.Adan,
     dict(lr=0.02, betas=(0.9, 0.8, 0.95), eps=1e-10)),
    ("adan-wd", "adan", dict(lr=0.01, weight_decay=0.3), po.Adan, dict(lr=0.01, weight_decay=0.3)),
    ("adan-wd-decoupled", "adan", dict(lr=0.01, weight_decay=0.3, weight_decouple=True), po.Adan,
     dict(lr=0.01, weight_decay=0.3, weight_decouple=True)),
    ("qhm-default-qhoptim", "qhm", {}, qh.QHM, dict(lr=1e-3, momentum=0.999, nu=0.7)),
    ("qhm-qhoptim", "qhm", dict(lr=2e-3, momentum=0.9, nu=0.5, weight_decay=0.1), qh.QHM,
     dict(lr=2e-3, momentum=0.9, nu=0.5, weight_decay=0.1)),
    ("qhm-po", "qhm", dict(lr=2e-3, momentum=0.95, nu=0.8), po.QHM, dict(lr=2e-3, momentum=0.95, nu=0.8)),
    ("qhm-po-decoupled", "qhm", dict(lr=2e-3, momentum=0.9, nu=0.3, weight_decay=0.5, weight_decouple=True),
     po.QHM, dict(lr=2e-3, momentum=0.9, nu=0.3, weight_decay=0.5, weight_decouple=True)),
    ("qhadam-default", "qhadam", {}, qh.QHAdam, dict(betas=(0.995, 0.999), nus=(0.7, 1.0))),
    ("qhadam", "qhadam", dict(lr=0.03, betas=(0.9, 0.99), nus=(0.5, 0.8), eps=1e-6), qh.QHAdam,
     dict(lr=0.03, betas=(0.9, 0.99), nus=(0.5, 0.8), eps=1e-6)),
    ("qhadam-wd", "qhadam", dict(lr=0.01, weight_decay=0.2, weight_decouple=True), qh.QHAdam,
     dict(lr=0.01, betas=(0.995, 0.999), nus=(0.7, 1.0), weight_decay=0.2, decouple_weight_decay=True)),
    ("lookahead-sgd", "lookahead", dict(inner="sgd", inner_hyperparams=dict(lr=1e-3, momentum=0.9), k=3,
                                        alpha=0.4),
     lookahead_of(torch.optim.SGD, 3, 0.4), dict(lr=1e-3, momentum=0.9)),
    ("lookahead-default", "lookahead", {}, lookahead_of(torch.optim.SGD, 5, 0.5), dict(lr=1e-3)),
    ("lookahead-lion", "lookahead", dict(inner="lion", inner_hyperparams=dict(lr=0.01), k=7, alpha=0.8),
     lookahead_of(po.Lion, 7, 0.8), dict(lr=0.01)),
    ("madgrad-default", "madgrad", {}, po.MADGRAD, {}),
    ("madgrad", "madgrad", dict(lr=0.02, momentum=0.5, eps=1e-8), po.MADGRAD,
     dict(lr=0.02, momentum=0.5, eps=1e-8)),
    ("madgrad-no-momentum", "madgrad", dict(lr=0.01, momentum=0.0), po.MADGRAD, dict(lr=0.01, momentum=0.0)),
    ("madgrad-wd", "madgrad", dict(lr=0.01, weight_decay=0.1), po.MADGRAD, dict(lr=0.01, weight_decay=0.1)),
    ("madgrad-wd-decoupled", "madgrad", dict(lr=0.01, weight_decay=0.1, weight_decouple=True), po.MADGRAD,
     dict(lr=0.01, weight_decay=0.1, weight_decouple=True)),
    ("sf-sgd", "schedule_free_sgd", dict(lr=1e-3), train_mode(schedulefree.SGDScheduleFree), dict(lr=1e-3)),
    ("sf-sgd-options", "schedule_free_sgd", dict(lr=2e-3, momentum=0.8, weight_decay=0.1, warmup_steps=10,
                                                 r=1.0, weight_lr_power=1.0),
     train_mode(schedulefree.SGDScheduleFree),
     dict(lr=2e-3, momentum=0.8, weight_decay=0.1, warmup_steps=10, r=1.0, weight_lr_power=1.0)),
    ("sf-adamw-default", "schedule_free_adamw", {}, train_mode(schedulefree.AdamWScheduleFree), {}),
    ("sf-adamw-options", "schedule_free_adamw", dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.05,
                                                     warmup_steps=20, eps=1e-10),
     train_mode(schedulefree.AdamWScheduleFree),
     dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.05, warmup_steps=20, eps=1e-10)),
]

# Prodigy's D is one number per torch parameter group: compare one row at a time.
PRODIGY_CASES = [
    ("prodigy-default", {}, {}),
    ("prodigy-options", dict(lr=0.5, betas=(0.8, 0.99), d_coef=0.5, growth_rate=1.05, weight_decay=0.01,
                             bias_correction=True),
     dict(lr=0.5, betas=(0.8, 0.99), d_coef=0.5, growth_rate=1.05, weight_decay=0.01, bias_correction=True)),
    ("prodigy-safeguard", dict(beta3=0.9, d0=1e-4, safeguard_warmup=True),
     dict(beta3=0.9, d0=1e-4, safeguard_warmup=True)),
]


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_steps_match_reference(case, function_id):
    _, name, ours, reference, theirs = case
    fn = opt.FUNCTIONS[function_id]
    compared = assert_steps_match_torch(opt.OPTIMIZERS[name](**ours), reference, theirs, fn,
                                        starts_in(fn, 4, seed=len(name)), steps=STEPS, min_steps=100)
    assert compared >= 100


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
@pytest.mark.parametrize("case", PRODIGY_CASES, ids=[c[0] for c in PRODIGY_CASES])
def test_prodigy_matches_reference_row_by_row(case, function_id):
    _, ours, theirs = case
    fn = opt.FUNCTIONS[function_id]
    for row in starts_in(fn, 3, seed=7):
        assert_steps_match_torch(opt.OPTIMIZERS["prodigy"](**ours), po.Prodigy, theirs, fn, row[None, :],
                                 steps=STEPS, min_steps=100)


def _po_parity(name, ours, reference, theirs, function_id):
    # drawn settings may blow up (AdaBelief with β1 = 0 divides by √ε): compare the finite steps
    fn = opt.FUNCTIONS[function_id]
    assert_steps_match_torch(opt.OPTIMIZERS[name](**ours), reference, theirs, fn, starts_in(fn, 3, seed=1),
                             steps=100, min_steps=1)


LR = st.floats(-4.0, -1.5).map(lambda e: 10.0 ** e)
BETA = st.floats(0.0, 0.99)
FUNCTION = st.sampled_from(FUNCTION_IDS)


@PARITY
@given(lr=LR, b1=BETA, b2=st.floats(0.5, 0.9999), function_id=FUNCTION)
def test_adam_like_parity_over_hyperparameters(lr, b1, b2, function_id):
    for name, cls in (("adabelief", po.AdaBelief), ("yogi", po.Yogi)):
        kwargs = dict(lr=lr, betas=(b1, b2))
        _po_parity(name, kwargs, cls, kwargs, function_id)


@PARITY
@given(lr=LR, b1=BETA, b2=BETA, b3=st.floats(0.5, 0.999), function_id=FUNCTION)
def test_lion_adan_parity_over_hyperparameters(lr, b1, b2, b3, function_id):
    _po_parity("lion", dict(lr=lr, betas=(b1, b2)), po.Lion, dict(lr=lr, betas=(b1, b2)), function_id)
    _po_parity("adan", dict(lr=lr, betas=(b1, b2, b3)), po.Adan, dict(lr=lr, betas=(b1, b2, b3)), function_id)


@PARITY
@given(lr=LR, momentum=st.floats(0.0, 0.999), nu=st.floats(0.0, 1.0), nu2=st.floats(0.0, 1.0),
       function_id=FUNCTION)
def test_quasi_hyperbolic_parity_over_hyperparameters(lr, momentum, nu, nu2, function_id):
    _po_parity("qhm", dict(lr=lr, momentum=momentum, nu=nu), qh.QHM, dict(lr=lr, momentum=momentum, nu=nu),
               function_id)
    kwargs = dict(lr=lr, betas=(min(momentum, 0.99), 0.999), nus=(nu, nu2))
    _po_parity("qhadam", kwargs, qh.QHAdam, kwargs, function_id)


# --- contract: no-argument factories, validation, batching, rebuilding, schedules ---

@pytest.mark.parametrize("name", EXTRA_IDS)
def test_every_factory_works_with_no_arguments(name):
    o = opt.OPTIMIZERS[name]()
    assert o.name == name
    fn = opt.FUNCTIONS["two_wells"]
    traj = opt.run(o, fn, starts_in(fn, 3, seed=0), 20)
    assert traj.points.shape == (21, 3, 2)
    assert (traj.status == "ok").all()
    assert isinstance(o.init(np.zeros((2, 2))), tuple) and hasattr(o.init(np.zeros((2, 2))), "_fields")


@pytest.mark.parametrize("name", EXTRA_IDS)
@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_batched_rows_equal_single_runs(name, function_id):
    fn = opt.FUNCTIONS[function_id]
    starts = starts_in(fn, 4, seed=11)
    o = opt.OPTIMIZERS[name]()
    batched = opt.run(o, fn, starts, 40)
    for i, row in enumerate(starts):
        single = opt.run(o, fn, row[None, :], 40)
        np.testing.assert_array_equal(batched.points[:, i], single.points[:, 0])
        assert batched.status[i] == single.status[0]


@pytest.mark.parametrize("name", EXTRA_IDS)
def test_hyperparams_rebuild_the_same_optimizer(name):
    o = opt.OPTIMIZERS[name]()
    again = opt.OPTIMIZERS[name](**o.hyperparams)
    _same_path(o, again, steps=30, rtol=0.0)


@pytest.mark.parametrize("name", [n for n in EXTRA_IDS if n not in ("yellowfin", "lookahead")])
def test_a_schedule_as_learning_rate(name):
    base = opt.OPTIMIZERS[name]().hyperparams["lr"]
    scheduled = opt.OPTIMIZERS[name](lr=Cosine(init=base, decay_steps=10))
    constant = opt.OPTIMIZERS[name](lr=base)
    fn = opt.FUNCTIONS["two_wells"]
    starts = starts_in(fn, 2, seed=5)
    a, b = opt.run(scheduled, fn, starts, 20).points, opt.run(constant, fn, starts, 20).points
    np.testing.assert_array_equal(a[:2], b[:2])  # the first step uses lr(0) = init
    assert not np.allclose(a[-1], b[-1])


def test_yellowfin_lr_factor_schedule():
    fn = opt.FUNCTIONS["two_wells"]
    o = opt.OPTIMIZERS["yellowfin"](lr_factor=Cosine(init=1.0, decay_steps=5))
    traj = opt.run(o, fn, [[0.3, 0.4]], 10)
    np.testing.assert_array_equal(traj.points[6:], traj.points[5:6].repeat(5, axis=0))


BAD = [
    ("lion", dict(lr=-1.0)), ("lion", dict(betas=(1.0, 0.9))), ("lion", dict(betas=(0.9,))),
    ("lion", dict(weight_decay=-0.1)), ("lion", dict(weight_decouple="yes")),
    ("adabelief", dict(eps=-1.0)), ("adabelief", dict(betas=(0.9, 1.5))),
    ("yogi", dict(initial_accumulator=-1.0)), ("yogi", dict(lr="fast")),
    ("adan", dict(betas=(0.9, 0.9))), ("adan", dict(betas=(0.9, 0.9, 1.0))), ("adan", dict(weight_decay=-1)),
    ("qhm", dict(nu=1.5)), ("qhm", dict(momentum=-0.1)), ("qhm", dict(lr=float("nan"))),
    ("qhadam", dict(nus=(0.7,))), ("qhadam", dict(nus=(0.7, -0.1))), ("qhadam", dict(betas=(0.9, 1.0))),
    ("lookahead", dict(k=0)), ("lookahead", dict(k=2.5)), ("lookahead", dict(alpha=1.5)),
    ("lookahead", dict(inner="nope")), ("lookahead", dict(inner=3)), ("lookahead", dict(inner="lookahead")),
    ("lookahead", dict(inner_hyperparams=dict(lr=-1.0))),
    ("lookahead", dict(inner_hyperparams=dict(nope=1.0))),
    ("eve", dict(betas=(0.9, 0.999))), ("eve", dict(betas=(0.9, 0.999, 1.5))), ("eve", dict(k=-1.0)),
    ("eve", dict(k=20.0, K=10.0)), ("eve", dict(f_star=float("inf"))),
    ("yellowfin", dict(beta=1.0)), ("yellowfin", dict(curv_win_width=0)), ("yellowfin", dict(mu=1.0)),
    ("yellowfin", dict(stat_protect_fac=0.0)), ("yellowfin", dict(lr_factor=-1.0)),
    ("yellowfin", dict(zero_debias=1)),
    ("schedule_free_sgd", dict(momentum=0.0)), ("schedule_free_sgd", dict(warmup_steps=-1)),
    ("schedule_free_adamw", dict(betas=(0.0, 0.999))), ("schedule_free_adamw", dict(r=-1.0)),
    ("madgrad", dict(momentum=1.0)), ("madgrad", dict(eps=-1e-6)),
    ("prodigy", dict(d0=0.0)), ("prodigy", dict(growth_rate=0.5)), ("prodigy", dict(beta3=1.0)),
    ("prodigy", dict(d_coef=-1.0)),
]


@pytest.mark.parametrize("name,kwargs", BAD, ids=[f"{n}-{sorted(k)[0]}-{i}" for i, (n, k) in enumerate(BAD)])
def test_bad_hyperparameters_raise_value_error(name, kwargs):
    with pytest.raises((ValueError, TypeError)) as info:
        opt.OPTIMIZERS[name](**kwargs)
    # an unknown inner keyword is torch's TypeError in spirit; everything else must be a ValueError
    if not (name == "lookahead" and "nope" in str(kwargs)):
        assert info.type is ValueError
