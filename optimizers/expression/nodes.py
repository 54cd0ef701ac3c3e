"""A parsed formula as a tree of small immutable nodes, evaluated in forward mode.

``node.evaluate(point)`` returns ``(value, d/dx, d/dy)``, each an ``(N,)`` float64 array
over the rows of the batch, with ``None`` for a derivative that is exactly zero (the
node does not depend on that variable). The ``None``s are what keep the gradient exact:
``x**2`` never multiplies ``0 * log(x)`` (``nan`` for ``x < 0``), and a ``Point`` without
seeds (``Point(x, y)``) computes values only, by the very same operations.

Forward-mode differentiation with dual numbers: Griewank & Walther, Evaluating
Derivatives (SIAM, 2nd ed. 2008), ch. 3. Every operation works element by element, so
a batch of N rows gives the same bits as N single rows.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple, Optional, Tuple, Union

import numpy as np

from .elementary import ELEMENTARY

Array = np.ndarray
Derivative = Optional[Array]
Dual = Tuple[Array, Derivative, Derivative]


class Point(NamedTuple):
    """The batch the tree is evaluated at: ``x`` and ``y`` contiguous ``(N,)`` arrays;
    ``seed`` is ``np.ones(N)`` to compute the gradient too, ``None`` for values only."""

    x: Array
    y: Array
    seed: Optional[Array] = None


def _scaled(d: Derivative, factor: Array) -> Derivative:
    return None if d is None else d * factor


def _divided(d: Derivative, divisor: Array) -> Derivative:
    return None if d is None else d / divisor


def _plus(a: Derivative, b: Derivative) -> Derivative:
    if a is None:
        return b
    return a if b is None else a + b


def _minus(a: Derivative, b: Derivative) -> Derivative:
    if b is None:
        return a
    return -b if a is None else a - b


def _negated(d: Derivative) -> Derivative:
    return None if d is None else -d


@dataclasses.dataclass(frozen=True)
class Number:
    """A literal, always non-negative (``-2`` is ``Negate(Number(2.0))``)."""

    value: float

    def evaluate(self, point: Point) -> Dual:
        return np.full(point.x.shape, self.value), None, None


@dataclasses.dataclass(frozen=True)
class Constant:
    """``pi`` or ``e``."""

    name: str
    value: float

    def evaluate(self, point: Point) -> Dual:
        return np.full(point.x.shape, self.value), None, None


@dataclasses.dataclass(frozen=True)
class Variable:
    """``x`` or ``y``."""

    name: str

    def evaluate(self, point: Point) -> Dual:
        if self.name == "x":
            return point.x, point.seed, None
        return point.y, None, point.seed


@dataclasses.dataclass(frozen=True)
class Negate:
    """``-operand``."""

    operand: "Node"

    def evaluate(self, point: Point) -> Dual:
        v, dx, dy = self.operand.evaluate(point)
        return -v, _negated(dx), _negated(dy)


@dataclasses.dataclass(frozen=True)
class Sum:
    """``t0 ± t1 ± ...`` evaluated left to right; ``terms`` are ``(sign, node)``, the first sign ``"+"``.

    A chain of ``+``/``-`` is one node, so a long sum does not make a deep tree.
    """

    terms: Tuple[Tuple[str, "Node"], ...]

    def evaluate(self, point: Point) -> Dual:
        v, dx, dy = self.terms[0][1].evaluate(point)
        for sign, node in self.terms[1:]:
            w, wx, wy = node.evaluate(point)
            if sign == "+":
                v, dx, dy = v + w, _plus(dx, wx), _plus(dy, wy)
            else:
                v, dx, dy = v - w, _minus(dx, wx), _minus(dy, wy)
        return v, dx, dy


@dataclasses.dataclass(frozen=True)
class Product:
    """``f0 */ f1 */ ...`` evaluated left to right; ``factors`` are ``(op, node)``, the first op ``"*"``.

    ``(u w)' = u' w + u w'`` and ``(u / w)' = (u' - (u / w) w') / w``.
    """

    factors: Tuple[Tuple[str, "Node"], ...]

    def evaluate(self, point: Point) -> Dual:
        v, dx, dy = self.factors[0][1].evaluate(point)
        for op, node in self.factors[1:]:
            w, wx, wy = node.evaluate(point)
            if op == "*":
                dx = _plus(_scaled(dx, w), _scaled(wx, v))
                dy = _plus(_scaled(dy, w), _scaled(wy, v))
                v = v * w
            else:
                v = v / w
                dx = _divided(_minus(dx, _scaled(wx, v)), w)
                dy = _divided(_minus(dy, _scaled(wy, v)), w)
        return v, dx, dy


@dataclasses.dataclass(frozen=True)
class Power:
    """``base ** exponent`` with numpy's float power (``10**10**10`` is ``inf`` at once).

    ``d(u^w) = w u^(w-1) du + u^w ln(u) dw``; the first term is 0 where ``w == 0`` and
    the second where ``u^w == 0`` (their limits), and each is left out when ``du``/``dw``
    is exactly zero.
    """

    base: "Node"
    exponent: "Node"

    def evaluate(self, point: Point) -> Dual:
        u, ux, uy = self.base.evaluate(point)
        w, wx, wy = self.exponent.evaluate(point)
        v = np.power(u, w)
        dx = dy = None
        if ux is not None or uy is not None:
            slope = np.where(w == 0.0, 0.0, w * np.power(u, w - 1.0))
            dx, dy = _scaled(ux, slope), _scaled(uy, slope)
        if wx is not None or wy is not None:
            growth = np.where(v == 0.0, 0.0, v * np.log(u))
            dx, dy = _plus(dx, _scaled(wx, growth)), _plus(dy, _scaled(wy, growth))
        return v, dx, dy


@dataclasses.dataclass(frozen=True)
class Call:
    """``name(arg, ...)`` for a function of ``ELEMENTARY`` (canonical numpy name)."""

    name: str
    args: Tuple["Node", ...]

    def evaluate(self, point: Point) -> Dual:
        function = ELEMENTARY[self.name]
        duals = [arg.evaluate(point) for arg in self.args]
        values = [dual[0] for dual in duals]
        v = function.value(*values)
        if all(dual[1] is None and dual[2] is None for dual in duals):
            return v, None, None
        dx = dy = None
        for partial, (_, ax, ay) in zip(function.partials(values, v), duals):
            dx, dy = _plus(dx, _scaled(ax, partial)), _plus(dy, _scaled(ay, partial))
        return v, dx, dy


Node = Union[Number, Constant, Variable, Negate, Sum, Product, Power, Call]
