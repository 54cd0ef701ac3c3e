"""True minibatch noise (``optimizers.Minibatches``): the order against ``torch.utils.data.DataLoader``'s,
an epoch's gradients against the full one, and whole minibatch runs against ``torch.optim`` fed the same
batches by a real DataLoader.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

import optimizers as opt
from model_reference import CASE_IDS, MODEL_CASES, RUN_RTOL, model_of, penguins_data, row_scale, torch_losses  # noqa: F401
from optimizers.models.minibatch import TorchShuffle
from start_points import points_in, starts_in


@pytest.mark.parametrize("n, batch_size", [(342, 32), (342, 1), (342, 342), (274, 100), (7, 3), (1, 1)])
@pytest.mark.parametrize("seed", [0, 1, 2 ** 32 - 1])
def test_the_shuffle_is_torch_dataloaders_order(n, batch_size, seed):
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    shuffle = TorchShuffle(n, seed)
    for epoch in range(3):
        batches = [batch[0].numpy() for batch in loader]
        assert [len(b) for b in batches] == [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
        assert np.array_equal(np.concatenate(batches), shuffle.order(epoch))


def test_minibatches_deal_each_epochs_examples_once_and_keep_the_partial_batch():
    model = opt.MODELS["tanh_network"]
    batches = opt.Minibatches(model, 100, seed=4)
    assert batches.batches_per_epoch == 4
    for epoch in range(3):
        dealt = [batches.batch(epoch * 4 + j) for j in range(4)]
        assert [len(b) for b in dealt] == [100, 100, 100, 42]
        assert sorted(np.concatenate(dealt).tolist()) == list(range(342))
    assert not np.array_equal(batches.batch(0), batches.batch(4))
    assert batches.epoch_of_step(0) == 0 and batches.epoch_of_step(4) == 0 and batches.epoch_of_step(5) == 1
    assert batches.epoch_of_step(np.arange(10)).tolist() == [0, 0, 0, 0, 0, 1, 1, 1, 1, 2]
    for bad in ({"batch_size": 0}, {"batch_size": 343}, {"batch_size": 10, "seed": 2 ** 32}, {"batch_size": 1.5}):
        with pytest.raises(ValueError):
            opt.Minibatches(model, **bad)


@pytest.mark.parametrize("model_id, params", MODEL_CASES, ids=CASE_IDS)
@pytest.mark.parametrize("batch_size", [1, 32, 100, "all"])
def test_an_epochs_minibatch_gradients_average_to_the_full_gradient(model_id, params, batch_size):
    model = model_of(model_id, params)
    batches = opt.Minibatches(model, model.size if batch_size == "all" else batch_size, seed=9)
    xy = points_in(model, 16, seed=3)
    weighted = sum(len(batches.batch(j)) * batches.grad(xy, j) for j in range(batches.batches_per_epoch))
    full = model.grad(xy)
    assert np.all(np.abs(weighted / model.size - full) <= 1e-12 * row_scale(full)), np.abs(weighted / model.size - full).max()


def torch_minibatch_points(model, torch_cls, kwargs, starts, steps, batch_size, seed):
    """torch.optim's points ``(steps+1, N, 2)`` with a real DataLoader dealing the batches."""
    examples = model.examples
    loader = DataLoader(TensorDataset(torch.tensor(examples.x), torch.tensor(examples.y)), batch_size=batch_size,
                        shuffle=True, generator=torch.Generator().manual_seed(seed))
    param = torch.nn.Parameter(torch.tensor(starts))
    optimizer = torch_cls([param], **kwargs)
    points = [starts.copy()]
    while len(points) <= steps:
        for x, y in loader:
            optimizer.zero_grad()
            torch_losses(model.id, param, x, y).sum().backward()
            optimizer.step()
            points.append(param.detach().numpy().copy())
            if len(points) > steps:
                break
    return np.stack(points)


OPTIMIZER_CASES = [
    ("sgd", {"lr": 0.05}, torch.optim.SGD),
    ("momentum", {"lr": 0.02, "momentum": 0.9}, torch.optim.SGD),
    ("rmsprop", {"lr": 0.01}, torch.optim.RMSprop),
    ("adam", {"lr": 0.05}, torch.optim.Adam),
]


@pytest.mark.parametrize("model_id, params", MODEL_CASES, ids=CASE_IDS)
@pytest.mark.parametrize("name, kwargs, torch_cls", OPTIMIZER_CASES, ids=[case[0] for case in OPTIMIZER_CASES])
def test_a_minibatch_run_equals_torch_optim_fed_the_same_batches(model_id, params, name, kwargs, torch_cls):
    model = model_of(model_id, params)
    starts = starts_in(model, 4, seed=11)
    steps, batch_size, seed = 60, 64, 123           # 6 batches an epoch (the last of 22), 10 epochs
    ours = opt.OPTIMIZERS["sgd" if name == "momentum" else name](**kwargs)
    trajectory = opt.run(ours, model, starts, steps, minibatch=opt.Minibatches(model, batch_size, seed))
    assert (trajectory.status == "ok").all()
    theirs = torch_minibatch_points(model, torch_cls, kwargs, starts, steps, batch_size, seed)
    mine = trajectory.points
    error = np.abs(mine - theirs)
    assert np.all(error <= RUN_RTOL * row_scale(mine, theirs)), (name, float((error / row_scale(mine, theirs)).max()))
    moved = np.abs(mine[-1] - mine[0]).max()
    assert moved > 1e-3                               # the comparison is not of points standing still


def test_a_minibatch_run_is_not_the_full_batch_run_and_records_its_noisy_gradients():
    model = opt.MODELS["tanh_network"]
    sgd = opt.OPTIMIZERS["sgd"](lr=0.1)
    starts = [[0.5, 0.3]]
    full = opt.run(sgd, model, starts, 30, record="grad")
    batches = opt.Minibatches(model, 16, seed=0)
    noisy = opt.run(sgd, model, starts, 30, record="grad", minibatch=batches)
    assert not np.array_equal(full.points, noisy.points)
    assert np.array_equal(noisy.values, model.value(noisy.points.reshape(-1, 2)).reshape(31, 1))  # full-data loss
    for k in (1, 2, 30):
        expected = model.batch_grad(noisy.points[k - 1], batches.batch(k - 1))
        assert np.array_equal(noisy.recorded["grad"][k], expected)
    assert np.array_equal(full.recorded["grad"][1], model.grad(starts))


def test_a_batched_minibatch_run_equals_single_runs_bit_for_bit():
    model = opt.MODELS["linear_regression"]
    starts = np.vstack([starts_in(model, 7, seed=8), [[1e9, 0.0]]])      # the last row escapes
    adam = opt.OPTIMIZERS["adam"](lr=0.5)
    batched = opt.run(adam, model, starts, 120, minibatch=opt.Minibatches(model, 50, seed=6))
    assert batched.status[-1] == "escaped" and (batched.status[:-1] == "ok").all()
    for i in range(len(starts)):
        single = opt.run(adam, model, starts[i:i + 1], 120, minibatch=opt.Minibatches(model, 50, seed=6))
        assert np.array_equal(single.points[:, 0], batched.points[:, i], equal_nan=True)
        assert single.status[0] == batched.status[i] and single.last_step[0] == batched.last_step[i]


def test_a_minibatch_of_another_function_is_refused():
    line = opt.MODELS["linear_regression"]
    with pytest.raises(ValueError, match="minibatch deals the examples"):
        opt.run(opt.OPTIMIZERS["sgd"](), line.with_params(standardize=1), [[0.0, 0.0]], 3,
                minibatch=opt.Minibatches(line, 8))
    with pytest.raises(ValueError, match="minibatch deals the examples"):
        opt.run(opt.OPTIMIZERS["sgd"](), opt.FUNCTIONS["booth"], [[0.0, 0.0]], 3, minibatch=opt.Minibatches(line, 8))


def test_gaussian_noise_adds_to_the_minibatch_gradient():
    model = opt.MODELS["linear_regression"].with_params(standardize=1)
    sgd = opt.OPTIMIZERS["sgd"](lr=0.1)
    batches = opt.Minibatches(model, 10, seed=2)
    both = opt.run(sgd, model, [[0.0, 0.0], [1.0, 1.0]], 5, noise=0.5, seed=4, record="grad", minibatch=batches)
    draws = np.random.default_rng(4).standard_normal((5, 2, 2))
    for k in range(1, 6):
        expected = model.batch_grad(both.points[k - 1], batches.batch(k - 1)) + 0.5 * draws[k - 1]
        assert np.array_equal(both.recorded["grad"][k], expected)
