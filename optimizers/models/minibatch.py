"""True minibatch noise: the gradient of a model function on a minibatch of its examples.

``Minibatches(model, batch_size, seed)`` deals the model's ``n`` examples into batches of
``batch_size`` (1 to ``n``), shuffled anew each epoch, in exactly the order that

    torch.utils.data.DataLoader(dataset, batch_size, shuffle=True,
                                generator=torch.Generator().manual_seed(seed))

gives when a training loop runs through it epoch after epoch (torch 2.x, checked against the
installed torch by ``tests/core/test_minibatches.py``). torch's CPU generator is a 32-bit Mersenne
Twister seeded by ``init_genrand(seed)``, as ``numpy.random.RandomState(seed)``; each epoch the
DataLoader first draws a 64-bit base seed for its workers (two 32-bit outputs), then its
``RandomSampler`` calls ``torch.randperm(n)`` (a Fisher-Yates shuffle: for ``i = 0 .. n-2``
swap item ``i`` with item ``i + u_i mod (n - i)``, ``u_i`` the next 32-bit output) and, to find
that no samples are left, ``randperm(n)`` once more, whose result it drops. The last batch of an
epoch holds the ``n mod batch_size`` examples left over when that is not 0 (DataLoader's default
``drop_last=False``): it is kept, and its gradient is the mean over those examples only.

Update ``k`` of a run (``k = 1, 2, ...``, the one that makes ``points[k]``) uses batch number
``k - 1``: batch ``j`` of epoch ``e`` for ``k - 1 = e * batches_per_epoch + j``. Every row of a
batched run uses the same batches (the rows are runs from different starts on the same data).

>>> import optimizers as opt
>>> model = opt.MODELS["tanh_network"]
>>> batches = opt.Minibatches(model, batch_size=32, seed=0)   # doctest: +SKIP
>>> traj = opt.run(opt.OPTIMIZERS["adam"](lr=0.05), model, [[0.5, 0.5]], 100,
...                minibatch=batches)                           # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any, List

import numpy as np

from ..base import Array, as_params, check_whole_number

SEED_LIMIT = 2 ** 32   # torch's generator keeps only the low 32 bits of a seed for its Mersenne Twister
BASE_SEED_DRAWS = 2    # 32-bit outputs in the DataLoader's 64-bit base seed, drawn before each epoch


def torch_randperm(draws: Array, n: int) -> Array:
    """``torch.randperm(n)`` on CPU given its ``n - 1`` 32-bit draws (torch's Fisher-Yates)."""
    order = list(range(n))
    offsets = (draws[:max(n - 1, 0)] % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
    for i, offset in enumerate(offsets):
        j = i + offset
        order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=np.intp)


class TorchShuffle:
    """The per-epoch orders of a ``DataLoader(shuffle=True)`` over ``n`` examples, seeded ``seed``.

    ``order(epoch)`` is a read-only ``(n,)`` array; epochs are drawn in turn and kept, since
    each continues the generator where the one before stopped.
    """

    def __init__(self, n: int, seed: int):
        self.n = check_whole_number("n", n, low=1)
        self.seed = check_whole_number("seed", seed)
        if self.seed >= SEED_LIMIT:
            raise ValueError(f"seed must be below 2**32 (torch's generator keeps only 32 bits), got {seed}")
        self._generator = np.random.MT19937(0)
        self._generator.state = np.random.RandomState(self.seed).get_state(legacy=False)
        self._orders: List[Array] = []

    def order(self, epoch: int) -> Array:
        while len(self._orders) <= epoch:
            raw = self._generator.random_raw(BASE_SEED_DRAWS + 2 * (self.n - 1))
            order = torch_randperm(raw[BASE_SEED_DRAWS:], self.n)
            order.setflags(write=False)
            self._orders.append(order)
        return self._orders[epoch]


class Minibatches:
    """The minibatches of ``model``'s examples that a run's updates use (see the module's docstring).

    ``grad(params, update)`` is the gradient of update ``update + 1`` (0-based ``update``: the
    batch index), which ``optimizers.run(..., minibatch=...)`` calls. ``batch(update)`` gives
    its example indices, ``epoch_of_step(step)`` the epoch of the batch that made ``points[step]``.
    """

    def __init__(self, model: Any, batch_size: int, seed: int = 0):
        size = int(model.size)
        self.function = model
        self.batch_size = check_whole_number("batch_size", batch_size, low=1)
        if self.batch_size > size:
            raise ValueError(f"batch_size must be at most the number of examples, {size}, got {batch_size}")
        self.size = size
        self.batches_per_epoch = -(-size // self.batch_size)   # the last one partial when it does not divide
        self._shuffle = TorchShuffle(size, seed)
        self.seed = self._shuffle.seed

    def __repr__(self) -> str:
        return f"Minibatches({self.function.id!r}, batch_size={self.batch_size}, seed={self.seed})"

    def batch(self, update: int) -> Array:
        """The example indices of batch number ``update`` (0-based, counted across epochs)."""
        epoch, within = divmod(check_whole_number("update", update), self.batches_per_epoch)
        start = within * self.batch_size
        return self._shuffle.order(epoch)[start:start + self.batch_size]

    def grad(self, params: Any, update: int) -> Array:
        """The gradient at each row of ``params`` on batch ``update``: ``(N, 2)``, rows independent."""
        return self.function.batch_grad(as_params(params), self.batch(update))

    def epoch_of_step(self, step: Any) -> Any:
        """The epoch (0-based) of the batch that made ``points[step]``: ``(step - 1) // batches_per_epoch``
        for ``step >= 1``; the start, ``step = 0``, counts as epoch 0. Works on arrays of steps."""
        steps = np.asarray(step)
        if np.any(steps < 0):
            raise ValueError("steps are counted from 0")
        epochs = np.maximum(steps - 1, 0) // self.batches_per_epoch
        return int(epochs) if epochs.ndim == 0 else epochs
