"""``TestFunction``: a 2-D function with its analytic gradient, view and minima."""

from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import Any, Callable, Mapping, Tuple

import numpy as np

from ..base import Array, as_params

Domain = Tuple[Tuple[float, float], Tuple[float, float]]


@dataclasses.dataclass(frozen=True)
class TestFunction:
    """A test function on the plane, batched over rows of ``(N, 2)`` float64 arrays.

    ``value_fn(xy, **params)`` and ``grad_fn(xy, **params)`` hold the formulas;
    ``minima_fn(**params)`` returns ``(K, 2)`` approximate local minima (closed form, or
    guesses that ``minima`` refines with Newton steps on the analytic gradient).
    """

    id: str
    name: str
    formula: str                      # LaTeX of f(x, y)
    value_fn: Callable[..., Array]
    grad_fn: Callable[..., Array]
    minima_fn: Callable[..., Array]
    domain: Domain
    params: Mapping[str, float] = dataclasses.field(default_factory=dict)
    contour_scale: str = "linear"     # "linear" or "log": how the site spaces contour levels
    reference: str = ""               # where the function comes from

    def value(self, xy: Any) -> Array:
        """f at each row of ``xy``: ``(N, 2) -> (N,)``."""
        return self.value_fn(as_params(xy), **self.params)

    def grad(self, xy: Any) -> Array:
        """The analytic gradient at each row: ``(N, 2) -> (N, 2)``."""
        return self.grad_fn(as_params(xy), **self.params)

    def with_params(self, **changes: float) -> "TestFunction":
        """The same function with some parameters changed; its minima are recomputed."""
        unknown = set(changes) - set(self.params)
        if unknown:
            known = ", ".join(self.params) or "none"
            raise ValueError(f"{self.id} has no parameter {sorted(unknown)[0]!r} (its parameters: {known})")
        params = dict(self.params)
        for key, value in changes.items():
            number = float(value)
            if not np.isfinite(number):
                raise ValueError(f"parameter {key} must be a finite number, got {value!r}")
            params[key] = number
        return dataclasses.replace(self, params=params)

    @cached_property
    def minima(self) -> Array:
        """Every known local minimum in the view (global ones included), ``(K, 2)``."""
        raise NotImplementedError  # filled in with the functions

    @cached_property
    def global_minima(self) -> Array:
        """The minima with the lowest value, ``(G, 2)``."""
        raise NotImplementedError  # filled in with the functions
