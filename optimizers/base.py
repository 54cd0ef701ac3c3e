"""The shapes every optimizer shares: a pair of pure functions plus its settings.

An optimizer is built by a factory that checks its hyperparameters and captures them
(optax's ``GradientTransformation``; the checks come from its settings' schema, in
``optimizers.registry``). ``init(params)`` returns the first state, an
immutable ``NamedTuple``; ``update(grads, state, params, value)`` returns the updates
and the next state, and the caller applies ``params + updates``.

Every array is batched over rows: ``params`` and ``grads`` are float64 ``(N, 2)``,
``value`` is ``(N,)``. Each row is an independent run, so nothing may mix rows. In a
state, every array is per row (its first axis is the batch's N) and every other leaf
(``count``, a float shared by all rows) is the same for every row: ``iterate`` drops the
rows of a batch that stopped by taking those rows of each array.
"""

from __future__ import annotations

import numbers
from typing import Any, Callable, Mapping, NamedTuple

import numpy as np

Array = np.ndarray
InitFn = Callable[[Array], Any]
UpdateFn = Callable[..., "tuple[Array, Any]"]
StateVectorsFn = Callable[[Any], Mapping[str, Array]]


def no_state_vectors(state: Any) -> Mapping[str, Array]:
    """The ``state_vectors`` of an optimizer that exposes none: an empty mapping."""
    return {}


class Optimizer(NamedTuple):
    """An optimizer: ``init`` and ``update`` as pure functions, and the settings they captured.

    ``name`` is the registry id (``"adam"``); ``hyperparams`` are the keyword arguments it
    was built with, defaults filled in, so ``OPTIMIZERS[o.name](**o.hyperparams)`` builds
    the same optimizer again.

    ``state_vectors(state)`` names the per-row ``(N, 2)`` vectors of a state that are worth
    showing, for ``run(..., record=...)``: torch.optim's state keys where torch has the
    optimizer (``momentum_buffer``, ``exp_avg``, ``exp_avg_sq``, ``square_avg``, ``sum``, ...),
    plus ``moment``, the first moment or velocity the step follows, when there is one. A
    vector the optimizer does not keep with its settings (SGD's buffer without momentum)
    is absent. The default exposes nothing.
    """

    name: str
    hyperparams: Mapping[str, Any]
    init: InitFn
    update: UpdateFn
    state_vectors: StateVectorsFn = no_state_vectors


def as_params(params: Any) -> Array:
    """``params`` as a float64 ``(N, 2)`` array (a single point ``(2,)`` becomes one row)."""
    array = np.asarray(params, dtype=np.float64)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2), got {array.shape}")
    return array


# --- checks of run arguments: a plain ValueError (optimizers' settings: optimizers.settings) ---


def check_number(name: str, value: Any, *, low: float = -np.inf, high: float = np.inf,
                 low_open: bool = False, high_open: bool = False) -> float:
    """Return ``value`` as a float after checking it is a real number in the given range.

    >>> check_number("eps", 1e-8, low=0.0)
    1e-08
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    too_low = number <= low if low_open else number < low
    too_high = number >= high if high_open else number > high
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        raise ValueError(f"{name} must be in {left}{low:g}, {high:g}{right}, got {value!r}")
    return number


def check_whole_number(name: str, value: Any, low: int = 0) -> int:
    """Return ``value`` as an int after checking it is a whole number (not a bool), at least ``low``.

    >>> check_whole_number("steps", 10)
    10
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number, at least {low}, got {value!r}")
    return int(value)
