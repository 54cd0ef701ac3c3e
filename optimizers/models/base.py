"""``ModelFunction``: the loss of a two-parameter model on a real data set, as a test function.

A model function is a ``TestFunction`` (value, grad, domain, minima, global_minima, params,
with_params) whose two coordinates are the model's two parameters and whose value is the mean
loss over the data set's examples. It adds what a minibatch needs: ``size`` (the number of
examples) and the loss and gradient on a subset of them (``batch_value``, ``batch_grad``).
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable, Mapping, NamedTuple, Optional, Tuple

import numpy as np

from ..base import Array, as_params
from ..functions.base import Domain, TestFunction
from .losses import ExampleLoss

BLOCK_VALUES = 16384   # values per (rows, examples) block: 128 kB, so numpy reuses its memory (in CPython,
                       # larger temporaries are mapped and unmapped on every call, several times slower)


def block_rows(examples: int) -> int:
    """How many parameter rows go in one block with ``examples`` examples each."""
    return max(1, BLOCK_VALUES // max(examples, 1))


class Examples(NamedTuple):
    """The examples a model is fitted to: inputs ``x`` and targets ``y``, both ``(B,)``, read-only."""

    x: Array
    y: Array


def frozen_examples(x: Any, y: Any) -> Examples:
    """``Examples`` of float64 copies that cannot be written to."""
    x, y = np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:
        raise ValueError("a model's inputs and targets must be two non-empty 1-D arrays of one length")
    x.setflags(write=False)
    y.setflags(write=False)
    return Examples(x, y)


def mean_loss(xy: Array, examples: Examples, loss: ExampleLoss) -> Array:
    """``(M,)``: each row's loss averaged over ``examples``, a block of rows at a time.

    The average of a row is the same numpy reduction whatever the other rows are, so a
    batch of rows gives every row the bits it would get alone.
    """
    out, rows = np.empty(xy.shape[0]), block_rows(len(examples.x))
    for start in range(0, xy.shape[0], rows):
        block = slice(start, start + rows)
        out[block] = loss.value(xy[block], examples.x, examples.y).mean(axis=1)
    return out


def mean_grad(xy: Array, examples: Examples, loss: ExampleLoss) -> Array:
    """``(M, 2)``: each row's gradient averaged over ``examples`` (see ``mean_loss``)."""
    out, rows = np.empty((xy.shape[0], 2)), block_rows(len(examples.x))
    for start in range(0, xy.shape[0], rows):
        block = slice(start, start + rows)
        first, second = loss.grad(xy[block], examples.x, examples.y)
        out[block, 0] = first.mean(axis=1)
        out[block, 1] = second.mean(axis=1)
    return out


def mean_loss_and_grad(xy: Array, examples: Examples, loss: ExampleLoss) -> "tuple[Array, Array]":
    """``(mean_loss, mean_grad)`` in one pass over the blocks, with the same bits as the two apart."""
    value, grad = np.empty(xy.shape[0]), np.empty((xy.shape[0], 2))
    rows = block_rows(len(examples.x))
    for start in range(0, xy.shape[0], rows):
        block = slice(start, start + rows)
        losses, first, second = loss.both(xy[block], examples.x, examples.y)
        value[block] = losses.mean(axis=1)
        grad[block, 0] = first.mean(axis=1)
        grad[block, 1] = second.mean(axis=1)
    return value, grad


def _full_value_and_grad(examples_of: Callable[..., Examples], loss: ExampleLoss, xy: Array,
                         **params: float) -> "tuple[Array, Array]":
    return mean_loss_and_grad(xy, examples_of(**params), loss)


def _full_value(examples_of: Callable[..., Examples], loss: ExampleLoss, xy: Array, **params: float) -> Array:
    return mean_loss(xy, examples_of(**params), loss)


def _full_grad(examples_of: Callable[..., Examples], loss: ExampleLoss, xy: Array, **params: float) -> Array:
    return mean_grad(xy, examples_of(**params), loss)


@dataclasses.dataclass(frozen=True, eq=False)
class ModelFunction(TestFunction):
    """The mean loss of a model with parameters ``(p₁, p₂)`` (the plane's axes) on a data set.

    Build one with ``model_function``. ``examples_of(**params)`` gives the ``Examples`` for the
    function's parameters (it reads the data set on first use, so importing ``optimizers``
    needs no data); ``loss`` is the per-example loss; ``domain_of(**params)``, when given,
    is the view for those parameters (``with_params`` recomputes it). ``switches`` name the
    parameters that take only the values 0 and 1.
    """

    dataset: str = ""                 # the data set's name (``optimizers.datasets.load``)
    task: str = ""                    # in plain words: what is fitted to what
    about: str = ""                   # what the surface shows, with its numbers (plain words)
    examples_of: Optional[Callable[..., Examples]] = None
    loss: Optional[ExampleLoss] = None
    domain_of: Optional[Callable[..., Domain]] = None
    switches: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.domain_of is not None:
            object.__setattr__(self, "domain", self.domain_of(**self.params))

    def __repr__(self) -> str:
        return "ModelFunction" + super().__repr__()[len("TestFunction"):]

    def _check_param(self, key: str, value: Any) -> float:
        value = super()._check_param(key, value)
        if key in self.switches and value not in (0.0, 1.0):
            raise ValueError(f"{key} is a switch: it must be 0 or 1, got {value!r}")
        return value

    @property
    def examples(self) -> Examples:
        """The examples at the current parameters (read once, then kept)."""
        return self.examples_of(**self.params)

    @property
    def size(self) -> int:
        """How many examples the loss averages over (the full batch)."""
        return len(self.examples.x)

    def batch_value(self, xy: Any, rows: Any) -> Array:
        """The mean loss on the examples ``rows`` (indices) only, ``(N,)``."""
        examples = self.examples
        rows = np.asarray(rows, dtype=np.intp)
        return mean_loss(as_params(xy), Examples(examples.x[rows], examples.y[rows]), self.loss)

    def batch_grad(self, xy: Any, rows: Any) -> Array:
        """The exact gradient of ``batch_value``, ``(N, 2)``: a minibatch's stochastic gradient."""
        examples = self.examples
        rows = np.asarray(rows, dtype=np.intp)
        return mean_grad(as_params(xy), Examples(examples.x[rows], examples.y[rows]), self.loss)


def model_function(*, id: str, name: str, formula: str, dataset: str, task: str,
                   examples_of: Callable[..., Examples], loss: ExampleLoss, domain: Domain,
                   domain_of: Optional[Callable[..., Domain]] = None, params: Optional[Mapping[str, float]] = None,
                   param_bounds: Optional[Mapping[str, tuple]] = None, switches: Tuple[str, ...] = (),
                   search_step: Any = None, contour_scale: str = "linear", reference: str = "",
                   about: str = "") -> ModelFunction:
    """A ``ModelFunction`` whose value and gradient average ``loss`` over ``examples_of(**params)``
    (kept per parameter values, so the data set is read and transformed once)."""
    cached = functools.lru_cache(maxsize=8)(examples_of)
    return ModelFunction(
        id=id, name=name, formula=formula,
        value_fn=functools.partial(_full_value, cached, loss), grad_fn=functools.partial(_full_grad, cached, loss),
        value_and_grad_fn=functools.partial(_full_value_and_grad, cached, loss),
        domain=domain, params=dict(params or {}), param_bounds=dict(param_bounds or {}), search_step=search_step,
        contour_scale=contour_scale, reference=reference, dataset=dataset, task=task, about=about, examples_of=cached,
        loss=loss, domain_of=domain_of, switches=tuple(switches))
