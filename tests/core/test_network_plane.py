"""The network's trajectory plane (``optimizers.models.network`` and ``plane``) against an independent
computation: the same network in torch (``nn.Sequential``, ``F.cross_entropy``, autograd), trained by
``torch.optim`` on the batches a real ``DataLoader`` deals, then PCA by numpy's SVD written here from the
paper's definition, the path projected and the loss evaluated by torch on the plane's lattice.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

import optimizers as opt
from model_reference import penguins_data  # noqa: F401  (the data files, as a fixture)
from optimizers.models import plane as plane_module
from optimizers.models.network import penguin_species, train
from pyodide_app import api

torch.set_default_dtype(torch.float64)
RTOL = 1e-9


def torch_network(network, theta):
    model = torch.nn.Sequential(torch.nn.Linear(network.features, network.hidden), torch.nn.Tanh(),
                                torch.nn.Linear(network.hidden, 3))
    torch.nn.utils.vector_to_parameters(torch.tensor(theta), model.parameters())
    return model


def torch_training(network, torch_cls, kwargs, steps, seed, batch_size):
    """The iterates ``(steps + 1, P)`` of torch.optim on the batches of a seeded DataLoader."""
    x, y = torch.tensor(network.inputs), torch.tensor(network.labels, dtype=torch.long)
    model = torch_network(network, network.initial(seed)[0])
    optimizer = torch_cls(model.parameters(), **kwargs)
    loader = DataLoader(TensorDataset(x, y), batch_size=batch_size or network.size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    iterates = [torch.nn.utils.parameters_to_vector(model.parameters()).detach().numpy().copy()]
    while len(iterates) <= steps:
        for batch_x, batch_y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(batch_x if batch_size else x), batch_y if batch_size else y).backward()
            optimizer.step()
            iterates.append(torch.nn.utils.parameters_to_vector(model.parameters()).detach().numpy().copy())
            if len(iterates) > steps:
                break
    return np.array(iterates)


def torch_loss(network, theta):
    with torch.no_grad():
        model = torch_network(network, theta)
        return float(F.cross_entropy(model(torch.tensor(network.inputs)),
                                     torch.tensor(network.labels, dtype=torch.long)))


def svd_plane(iterates):
    """The paper's PCA, by numpy's SVD: directions (signs as the module says), path, explained shares."""
    offsets = iterates[:-1] - iterates[-1]
    centred = offsets - offsets.mean(axis=0)
    _, singular, rows = np.linalg.svd(centred, full_matrices=False)
    directions = rows[:2] * np.sign(rows[:2] @ offsets[0])[:, None]
    path = (iterates - iterates[-1]) @ directions.T
    return directions, path, singular[:2] ** 2 / (singular ** 2).sum()


CASES = [("adam", torch.optim.Adam, {"lr": 0.01}, None, 3),
         ("adam", torch.optim.Adam, {"lr": 0.01}, 32, 5),
         ("sgd", torch.optim.SGD, {"lr": 0.2, "momentum": 0.9}, 50, 1),
         ("rmsprop", torch.optim.RMSprop, {"lr": 0.003}, None, 0)]


@pytest.mark.parametrize("optimizer_id, torch_cls, kwargs, batch_size, seed", CASES)
def test_the_plane_equals_torch_training_and_numpys_svd(optimizer_id, torch_cls, kwargs, batch_size, seed):
    network = penguin_species()
    steps = 60
    theirs = torch_training(network, torch_cls, kwargs, steps, seed, batch_size)
    ours = opt.OPTIMIZERS[optimizer_id](**kwargs)
    plane = plane_module.trajectory_plane(network, ours, steps, seed=seed, batch_size=batch_size, resolution=9)
    directions, path, explained = svd_plane(theirs)
    scale = np.abs(path).max()
    assert np.abs(plane.path - path).max() <= RTOL * scale
    assert np.abs(plane.directions - directions).max() <= 1e-8
    assert np.allclose(plane.explained, explained, rtol=1e-9, atol=0)
    assert plane.variance_fraction == pytest.approx(explained.sum(), rel=1e-12)
    # the fraction is the share of the centred offsets' squared length that the plane keeps
    offsets = theirs[:-1] - theirs[-1]
    centred = offsets - offsets.mean(axis=0)
    kept = ((centred @ directions.T) ** 2).sum() / (centred ** 2).sum()
    assert plane.variance_fraction == pytest.approx(kept, rel=1e-9)
    assert 0 < plane.variance_fraction <= 1
    # the lattice covers the path with the stated margin, and its losses are torch's
    for axis, values in ((plane.xs, path[:, 0]), (plane.ys, path[:, 1])):
        span = values.max() - values.min()
        assert values.min() - plane_module.MARGIN * span == pytest.approx(axis[0], abs=RTOL * scale)
        assert values.max() + plane_module.MARGIN * span == pytest.approx(axis[-1], abs=RTOL * scale)
    for i in range(0, 9, 2):
        for j in range(0, 9, 2):
            theta = theirs[-1] + plane.xs[j] * directions[0] + plane.ys[i] * directions[1]
            assert plane.losses[i, j] == pytest.approx(torch_loss(network, theta), rel=RTOL)
    assert np.allclose(plane.path_losses, [torch_loss(network, t) for t in theirs], rtol=RTOL, atol=0)


def test_the_api_reply_is_the_cores_plane_and_a_bad_request_is_refused_before_any_work():
    network = penguin_species()
    args = {"optimizer": "adam", "hyperparams": {"lr": 0.02}, "steps": 40, "seed": 7, "batch_size": 64}
    reply = api.plane(args)
    core = plane_module.trajectory_plane(network, opt.OPTIMIZERS["adam"](lr=0.02), 40, seed=7, batch_size=64)
    assert np.array_equal(reply["path"], core.path.reshape(-1))
    assert np.array_equal(reply["grid"]["values"], core.losses.reshape(-1))
    assert reply["variance_fraction"] == core.variance_fraction and reply["steps"] == 40
    assert reply["grid"]["nx"] == reply["grid"]["ny"] == plane_module.RESOLUTION
    assert reply["parameters"] == network.parameters == api.describe()["network_plane"]["parameters"]
    assert 100 <= network.parameters < 1000
    job = api.JOBS["plane"](args)
    fractions = []
    while True:
        try:
            fractions.append(next(job))
        except StopIteration as finished:
            assert np.array_equal(finished.value["path"], reply["path"])
            break
    assert len(fractions) > 10 and fractions == sorted(fractions) and 0 < fractions[0] and fractions[-1] < 1
    for bad in ({"optimizer": "nope", "steps": 10}, {"optimizer": "adam", "steps": 1},
                {"optimizer": "adam", "steps": 10, "batch_size": 0}, {"optimizer": "adam", "steps": 10, "extra": 1}):
        with pytest.raises(ValueError):
            api.JOBS["plane"](bad)


def test_the_network_gradient_is_autograds_and_rows_are_independent():
    network = penguin_species()
    thetas = np.concatenate([network.initial(seed) for seed in range(3)])
    values, grads = network.loss_and_grad(thetas, rows=np.arange(0, 342, 3))
    for theta, value, grad in zip(thetas, values, grads):
        model = torch_network(network, theta)
        rows = torch.arange(0, 342, 3)
        loss = F.cross_entropy(model(torch.tensor(network.inputs)[rows]), torch.tensor(network.labels)[rows])
        loss.backward()
        theirs = torch.cat([p.grad.reshape(-1) for p in model.parameters()]).numpy()
        assert value == pytest.approx(float(loss.detach()), rel=1e-12)
        assert np.abs(grad - theirs).max() <= 1e-12 * np.abs(theirs).max()
        alone = network.loss_and_grad(theta[None, :], rows=np.arange(0, 342, 3))
        assert alone[0][0] == value and np.array_equal(alone[1][0], grad)
    iterates, losses = _drive(train(network, opt.OPTIMIZERS["sgd"](lr=0.1), 5, seed=1))
    assert iterates.shape == (6, network.parameters) and np.array_equal(iterates[0], network.initial(1)[0])


def _drive(job):
    while True:
        try:
            next(job)
        except StopIteration as finished:
            return finished.value
