"""A small multilayer perceptron on the Palmer penguins, in numpy: the network of the trajectory plane.

``Network`` classifies the 342 penguins' species (Adélie, Chinstrap, Gentoo) from their four
measurements (bill length and depth, flipper length, body mass, each standardised) with one
hidden layer of ``hidden`` tanh units and a softmax, fitted by the mean cross-entropy:

    z = W₂ tanh(W₁ x + b₁) + b₂,    loss = mean over examples of logsumexp(z) - z[species]

Its parameters are one flat vector (``parameters`` of them: 8 × hidden + 3, 259 for 32 units),
in ``torch.nn.Sequential(Linear(4, hidden), Tanh(), Linear(hidden, 3))``'s order: W₁ (hidden × 4,
row by row), b₁, W₂ (3 × hidden), b₂. Everything is batched over rows of ``(G, parameters)``
(every row its own network) and computed with elementwise products and sums along one axis
(no BLAS, no einsum), so a result does not depend on the other rows, nor on the machine's BLAS.

``train`` runs an optimizer of ``optimizers.OPTIMIZERS`` (the same pure ``init``/``update``) on
it, on the full batch or on minibatches dealt in ``torch.utils.data.DataLoader``'s order
(``optimizers.models.minibatch.TorchShuffle``), and returns every iterate.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Generator, Optional, Tuple

import numpy as np

from .. import datasets
from ..base import Array, check_whole_number
from .minibatch import TorchShuffle
from .penguins import DATASET, standardized

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
CLASSES = 3
HIDDEN = 32
BLOCK_VALUES = 1 << 16   # values of a (rows, examples, hidden) block: 512 kB


@dataclasses.dataclass(frozen=True, eq=False)
class Network:
    """A one-hidden-layer tanh network classifying ``labels`` from ``inputs`` (see the module)."""

    inputs: Array        # (n, features), standardised
    labels: Array        # (n,) class indices
    hidden: int = HIDDEN

    @property
    def size(self) -> int:
        """The number of examples (the full batch)."""
        return len(self.labels)

    @property
    def features(self) -> int:
        return self.inputs.shape[1]

    @property
    def parameters(self) -> int:
        """The length of a parameter vector."""
        h, f = self.hidden, self.features
        return h * f + h + CLASSES * h + CLASSES

    def unpack(self, theta: Array) -> Tuple[Array, Array, Array, Array]:
        """``(W₁ (G, h, f), b₁ (G, h), W₂ (G, 3, h), b₂ (G, 3))`` views of rows ``theta`` ``(G, P)``."""
        h, f, g = self.hidden, self.features, theta.shape[0]
        cut = np.cumsum([h * f, h, CLASSES * h])
        return (theta[:, :cut[0]].reshape(g, h, f), theta[:, cut[0]:cut[1]],
                theta[:, cut[1]:cut[2]].reshape(g, CLASSES, h), theta[:, cut[2]:])

    def initial(self, seed: int) -> Array:
        """``(1, P)``: torch's default initialisation of ``nn.Linear`` (uniform in ±1/√fan_in for
        weights and biases), drawn from ``numpy.random.default_rng(seed)`` layer by layer."""
        rng = np.random.default_rng(check_whole_number("seed", seed))
        h, f = self.hidden, self.features
        first = rng.uniform(-1.0, 1.0, h * f + h) / np.sqrt(f)
        second = rng.uniform(-1.0, 1.0, CLASSES * h + CLASSES) / np.sqrt(h)
        return np.concatenate([first, second])[None, :]

    def _forward(self, theta: Array, rows: Optional[Array]):
        inputs = self.inputs if rows is None else self.inputs[rows]
        labels = self.labels if rows is None else self.labels[rows]
        w1, b1, w2, b2 = self.unpack(theta)
        # (G, B, h): the sum over the features of W₁[g, h, i] x[b, i], one feature at a time
        pre = w1[:, None, :, 0] * inputs[None, :, None, 0]
        for i in range(1, self.features):
            pre = pre + w1[:, None, :, i] * inputs[None, :, None, i]
        hidden = np.tanh(pre + b1[:, None, :])
        # (G, B, 3): each class's sum over the hidden units
        logits = np.stack([(hidden * w2[:, None, c, :]).sum(axis=-1) for c in range(CLASSES)], axis=-1)
        logits = logits + b2[:, None, :]
        top = logits.max(axis=-1, keepdims=True)
        shifted = np.exp(logits - top)
        total = shifted.sum(axis=-1, keepdims=True)
        picked = np.take_along_axis(logits, labels[None, :, None].astype(np.intp).repeat(len(theta), 0), -1)
        losses = (top + np.log(total) - picked)[:, :, 0]            # (G, B)
        return inputs, labels, hidden, shifted / total, losses

    def loss(self, theta: Array, rows: Optional[Array] = None) -> Array:
        """``(G,)``: each row's mean cross-entropy on the examples ``rows`` (all when None)."""
        theta = np.asarray(theta, dtype=np.float64).reshape(-1, self.parameters)
        count = self.size if rows is None else len(rows)
        step = max(1, BLOCK_VALUES // (count * self.hidden))
        out = np.empty(len(theta))
        for start in range(0, len(theta), step):
            out[start:start + step] = self._forward(theta[start:start + step], rows)[-1].mean(axis=1)
        return out

    def loss_and_grad(self, theta: Array, rows: Optional[Array] = None) -> Tuple[Array, Array]:
        """``((G,), (G, P))``: the mean cross-entropy on ``rows`` and its exact gradient (backpropagation)."""
        theta = np.asarray(theta, dtype=np.float64).reshape(-1, self.parameters)
        inputs, labels, hidden, probabilities, losses = self._forward(theta, rows)
        count = len(labels)
        _, _, w2, _ = self.unpack(theta)
        d_logits = probabilities.copy()
        d_logits[:, np.arange(count), labels.astype(np.intp)] -= 1.0
        d_logits /= count                                              # (G, B, 3)
        # sums over the examples (axis 1), one class or feature at a time
        d_w2 = np.stack([(d_logits[:, :, c, None] * hidden).sum(axis=1) for c in range(CLASSES)], axis=1)
        d_b2 = d_logits.sum(axis=1)
        d_hidden = d_logits[:, :, 0, None] * w2[:, None, 0, :]                     # (G, B, h)
        for c in range(1, CLASSES):
            d_hidden = d_hidden + d_logits[:, :, c, None] * w2[:, None, c, :]
        d_pre = d_hidden * (1.0 - hidden * hidden)
        d_w1 = np.stack([(d_pre * inputs[None, :, None, i]).sum(axis=1) for i in range(self.features)], axis=-1)
        d_b1 = d_pre.sum(axis=1)
        g = len(theta)
        grad = np.concatenate([d_w1.reshape(g, -1), d_b1, d_w2.reshape(g, -1), d_b2], axis=1)
        return losses.mean(axis=1), grad


@functools.lru_cache(maxsize=1)
def penguin_species(hidden: int = HIDDEN) -> Network:
    """The species of the 342 penguins from their four measurements (standardised)."""
    data = datasets.load(DATASET)
    columns = data.columns
    inputs = np.stack([standardized(columns[name]) for name in FEATURES], axis=1)
    labels = columns["species"].astype(np.intp)
    inputs.setflags(write=False)
    labels.setflags(write=False)
    return Network(inputs, labels, hidden)


def train(network: Network, optimizer, steps: int, *, seed: int = 0, batch_size: Optional[int] = None,
          yield_every: Optional[int] = None) -> Generator[float, None, Tuple[Array, Array]]:
    """Train ``network`` from ``network.initial(seed)`` for ``steps`` updates of ``optimizer``; a
    generator that yields the share done every ``yield_every`` steps and returns ``(iterates
    (steps + 1, P), losses (steps + 1,))``, the full-data loss at each iterate.

    ``batch_size`` (None: the full batch) takes update ``k``'s gradient on batch ``k - 1`` of a
    ``DataLoader(shuffle=True)`` seeded ``seed`` (as ``optimizers.Minibatches``). A step whose
    parameters or loss are not finite ends the training there (the iterates stop early).
    """
    steps = check_whole_number("steps", steps)
    if batch_size is not None:
        batch_size = check_whole_number("batch_size", batch_size, low=1)
        if batch_size > network.size:
            raise ValueError(f"batch_size must be at most {network.size}, got {batch_size}")
    shuffle = TorchShuffle(network.size, seed) if batch_size is not None else None
    per_epoch = -(-network.size // batch_size) if batch_size is not None else 1
    params = network.initial(seed)
    value, grad = network.loss_and_grad(params)
    state = optimizer.init(params)
    iterates, losses = [params[0]], [value[0]]
    for k in range(steps):
        if shuffle is not None:
            epoch, within = divmod(k, per_epoch)
            rows = shuffle.order(epoch)[within * batch_size:(within + 1) * batch_size]
            grad = network.loss_and_grad(params, rows)[1]
        updates, state = optimizer.update(grad, state, params, value)
        params = params + updates
        value, grad = network.loss_and_grad(params)
        if not (np.isfinite(params).all() and np.isfinite(value).all()):
            break
        iterates.append(params[0])
        losses.append(value[0])
        if yield_every and (k + 1) % yield_every == 0 and k + 1 < steps:
            yield (k + 1) / steps
    return np.array(iterates), np.array(losses)
