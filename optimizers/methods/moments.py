"""Building blocks shared by the adaptive optimizers: moments, bias corrections, weight decay.

Each is a small pure function on float64 ``(N, 2)`` arrays (or Python floats for the
per-step scalars), written in the same order of operations as torch's CPU kernels so
that optimizers composed from them reproduce ``torch.optim`` to a few ulps:

- ``lerp(start, end, weight)`` is ``torch.lerp`` (two formulas, by the size of ``weight``);
- ``ema(moment, value, decay)`` is torch's ``moment.lerp_(value, 1 - decay)``;
- ``ema_of_squares(moment, grad, decay)`` is ``moment.mul_(decay).addcmul_(grad, grad, value=1 - decay)``;
- ``bias_correction(decay, count)`` is ``1 - decay ** count``;
- ``l2_weight_decay`` adds ``weight_decay * params`` to the gradient (coupled, "L2");
- ``decoupled_weight_decay`` shrinks the parameters by ``1 - lr * weight_decay``
  (Loshchilov & Hutter 2019) and is applied to ``params`` before the step.

>>> import numpy as np
>>> ema(np.zeros((1, 2)), np.array([[1.0, -2.0]]), 0.9)
array([[ 0.1, -0.2]])
"""

from __future__ import annotations

import numpy as np

from ..base import Array


def lerp(start: Array, end: Array, weight: float) -> Array:
    """``torch.lerp(start, end, weight)`` for a scalar weight, with torch's two formulas.

    ``start + weight·(end − start)`` when ``|weight| < 0.5``, else
    ``end − (end − start)·(1 − weight)``, which is the more accurate one for weights near 1.
    """
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


def ema(moment: Array, value: Array, decay: float) -> Array:
    """Exponential moving average ``decay·moment + (1 − decay)·value``, as torch's ``lerp_``."""
    return lerp(moment, value, 1.0 - decay)


def ema_of_squares(moment: Array, grad: Array, decay: float) -> Array:
    """``decay·moment + (1 − decay)·grad²``, as torch's ``mul_(decay).addcmul_(g, g, value=1 − decay)``."""
    return moment * decay + (1.0 - decay) * grad * grad


def bias_correction(decay: float, count: int) -> float:
    """``1 − decay**count``: the weight an EMA started at zero has put on data after ``count`` steps."""
    return 1.0 - decay ** float(count)


def l2_weight_decay(grads: Array, params: Array, weight_decay: float) -> Array:
    """Coupled ("L2") weight decay: ``grads + weight_decay·params`` (``grads`` when it is 0)."""
    if weight_decay == 0.0:
        return grads
    return grads + weight_decay * params


def decoupled_weight_decay(params: Array, lr: float, weight_decay: float) -> Array:
    """Decoupled weight decay: the parameters shrunk by ``1 − lr·weight_decay`` before the step."""
    if weight_decay == 0.0:
        return params
    return params * (1.0 - lr * weight_decay)


def apply_weight_decay(grads: Array, params: Array, lr: float, weight_decay: float,
                       decoupled: bool) -> "tuple[Array, Array]":
    """Weight decay either way: ``(grads, start)`` where the step starts from ``start``.

    Decoupled: ``(grads, params·(1 − lr·weight_decay))``; coupled (L2):
    ``(grads + weight_decay·params, params)``.
    """
    if decoupled:
        return grads, decoupled_weight_decay(params, lr, weight_decay)
    return l2_weight_decay(grads, params, weight_decay), params


def updates_between(params: Array, new_params: Array) -> Array:
    """The updates that take ``params`` to ``new_params`` (``params + updates == new_params`` up to an ulp)."""
    return new_params - params


def zeros_like_params(params: Array) -> Array:
    """A zero moment with the shape of ``params``, float64."""
    return np.zeros(np.shape(params), dtype=np.float64)
