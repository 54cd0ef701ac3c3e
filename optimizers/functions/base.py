"""``TestFunction``: a 2-D function with its analytic gradient, view and minima."""

from __future__ import annotations

import dataclasses
import types
from functools import cached_property
from typing import Any, Callable, Mapping, Optional, Tuple, Union

import numpy as np

from ..base import Array, as_params, check_number
from .minima import find_minima, global_mask

Domain = Tuple[Tuple[float, float], Tuple[float, float]]
Bounds = Tuple[float, float, bool]  # (low, high, open): the parameter must lie in [low, high] or (low, high)


@dataclasses.dataclass(frozen=True, eq=False)
class TestFunction:
    """A test function on the plane, batched over rows of ``(N, 2)`` float64 arrays.

    ``value_fn(xy, **params)`` and ``grad_fn(xy, **params)`` hold the formulas; they
    work row by row (no reduction across rows), so a batched call equals N single calls.
    ``value_and_grad_fn(xy, **params)``, when given, returns both at once, sharing the work
    they have in common (two wells' exponentials); it must give the very bits of
    ``value_fn`` and ``grad_fn``, since runs use it in their place (see ``value_and_grad``).

    The local minima are found, not listed by hand: ``search_step`` (a number, or a
    function of the parameters) is the spacing of a lattice over the view whose discrete
    local minima seed a Newton refinement; ``exact_minima(**params)`` adds closed-form
    points (or is the only source when ``search_step`` is ``None``). Only refined points
    with a vanishing gradient and a positive-definite Hessian inside the view are kept.
    So ``with_params`` recomputes them for the new parameters.
    """

    __test__ = False  # not a pytest test class despite its name

    id: str
    name: str
    formula: str                      # LaTeX of f(x, y)
    value_fn: Callable[..., Array]
    grad_fn: Callable[..., Array]
    domain: Domain
    params: Mapping[str, float] = dataclasses.field(default_factory=dict)
    param_bounds: Mapping[str, Bounds] = dataclasses.field(default_factory=dict)
    search_step: Union[None, float, Callable[..., float]] = None
    exact_minima: Optional[Callable[..., Array]] = None
    contour_scale: str = "linear"     # "linear" or "log": how the site spaces contour levels
    reference: str = ""               # where the function comes from
    value_and_grad_fn: Optional[Callable[..., "tuple[Array, Array]"]] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", types.MappingProxyType(
            {key: float(value) for key, value in self.params.items()}))
        for key, value in self.params.items():
            self._check_param(key, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TestFunction):
            return NotImplemented
        return self.id == other.id and dict(self.params) == dict(other.params)

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted(self.params.items()))))

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"TestFunction({self.id!r}{', ' if params else ''}{params})"

    def _check_param(self, key: str, value: Any) -> float:
        low, high, is_open = self.param_bounds.get(key, (-np.inf, np.inf, False))
        return check_number(key, value, low=low, high=high, low_open=is_open, high_open=is_open)

    def value(self, xy: Any) -> Array:
        """f at each row of ``xy``: ``(N, 2) -> (N,)``."""
        return self.value_fn(as_params(xy), **self.params)

    def grad(self, xy: Any) -> Array:
        """The analytic gradient at each row: ``(N, 2) -> (N, 2)``."""
        return self.grad_fn(as_params(xy), **self.params)

    def value_and_grad(self, xy: Any) -> "tuple[Array, Array]":
        """``(value(xy), grad(xy))``, bit for bit, in one pass where the function has
        ``value_and_grad_fn`` (cheaper: the terms both need are computed once)."""
        xy = as_params(xy)
        if self.value_and_grad_fn is None:
            return self.value_fn(xy, **self.params), self.grad_fn(xy, **self.params)
        return self.value_and_grad_fn(xy, **self.params)

    def with_params(self, **changes: float) -> "TestFunction":
        """The same function with some parameters changed; its minima are recomputed.

        Raises ``ValueError`` for a name the function does not have or a value out of range.
        """
        unknown = set(changes) - set(self.params)
        if unknown:
            known = ", ".join(self.params) or "none"
            raise ValueError(f"{self.id} has no parameter {sorted(unknown)[0]!r} (its parameters: {known})")
        params = dict(self.params)
        for key, value in changes.items():
            params[key] = self._check_param(key, value)
        if params == dict(self.params):
            return self                   # keeps the minima already computed
        return dataclasses.replace(self, params=params)

    @cached_property
    def minima(self) -> Array:
        """Every local minimum in the view (global ones included), ``(K, 2)``, read-only.

        Sorted by value, then x, then y; ``(0, 2)`` when there is none. Minima outside
        ``domain`` are left out (Rosenbrock with ``a=2`` has its minimum (2, 4) outside the
        view, so none is listed). Computed on first use, then cached.
        """
        step = self.search_step(**self.params) if callable(self.search_step) else self.search_step
        exact = None if self.exact_minima is None else self.exact_minima(**self.params)
        points = find_minima(self.value, self.grad, self.domain, step, exact)
        points.setflags(write=False)
        return points

    @cached_property
    def minima_values(self) -> Array:
        """f at each of ``minima``, ``(K,)``."""
        values = self.value(self.minima)
        values.setflags(write=False)
        return values

    @cached_property
    def global_minima(self) -> Array:
        """The minima with the lowest value (ties within rounding all count), ``(G, 2)``."""
        points = self.minima[global_mask(self.minima_values)]
        points.setflags(write=False)
        return points
