"""The functions a formula may call: numpy ufuncs with their partial derivatives.

Each entry has a fixed arity, the numpy function for values, ``partials(args, value)``
giving ``∂f/∂arg_i`` for each argument (the forward-mode chain rule multiplies them by
the arguments' derivatives), and a LaTeX template where ``#1``, ``#2`` stand for the
rendered arguments. Derivatives are the textbook ones (e.g. Abramowitz & Stegun,
Handbook of Mathematical Functions, ch. 4); where a function has a kink the one-sided
choice is stated:

- ``abs``: ``sign(u)``, so 0 at 0 (a subgradient, as numpy/torch's ``sign``);
- ``minimum``/``maximum``: 1 for the argument that is chosen, 1/2 each on a tie (as
  torch's ``minimum``/``maximum``);
- ``sqrt``, ``cbrt``, ``arcsin``, ``arccos``, ``arccosh``, ``arctanh`` and the logarithms
  have infinite slopes at the edge of their domain, given as ``inf``/``nan``.

Outside a function's domain numpy gives ``nan`` (``log(-1)``, ``arcsin(2)``); callers
evaluate under ``np.errstate(all="ignore")``.
"""

from __future__ import annotations

import math
from typing import Callable, Dict, NamedTuple, Sequence, Tuple

import numpy as np

Array = np.ndarray


class Elementary(NamedTuple):
    """A function of one or two arguments, with its partial derivatives."""

    arity: int
    value: Callable[..., Array]
    partials: Callable[[Sequence[Array], Array], Tuple[Array, ...]]
    latex: str


def _choice_weight(first_chosen: Array, tie: Array) -> Array:
    return np.where(first_chosen, 1.0, np.where(tie, 0.5, 0.0))


def _arctan2_partials(args, value):
    a, b = args
    h = np.hypot(a, b)
    return (b / h) / h, (-a / h) / h


def _minimum_partials(args, value):
    weight = _choice_weight(args[0] < args[1], args[0] == args[1])
    return weight, 1.0 - weight


def _maximum_partials(args, value):
    weight = _choice_weight(args[0] > args[1], args[0] == args[1])
    return weight, 1.0 - weight


ELEMENTARY: Dict[str, Elementary] = {
    "sin": Elementary(1, np.sin, lambda a, v: (np.cos(a[0]),), r"\sin\left(#1\right)"),
    "cos": Elementary(1, np.cos, lambda a, v: (-np.sin(a[0]),), r"\cos\left(#1\right)"),
    "tan": Elementary(1, np.tan, lambda a, v: (1.0 + v * v,), r"\tan\left(#1\right)"),
    "arcsin": Elementary(1, np.arcsin, lambda a, v: (1.0 / np.sqrt(1.0 - a[0] * a[0]),),
                         r"\arcsin\left(#1\right)"),
    "arccos": Elementary(1, np.arccos, lambda a, v: (-1.0 / np.sqrt(1.0 - a[0] * a[0]),),
                         r"\arccos\left(#1\right)"),
    "arctan": Elementary(1, np.arctan, lambda a, v: (1.0 / (1.0 + a[0] * a[0]),), r"\arctan\left(#1\right)"),
    "sinh": Elementary(1, np.sinh, lambda a, v: (np.cosh(a[0]),), r"\sinh\left(#1\right)"),
    "cosh": Elementary(1, np.cosh, lambda a, v: (np.sinh(a[0]),), r"\cosh\left(#1\right)"),
    "tanh": Elementary(1, np.tanh, lambda a, v: (1.0 - v * v,), r"\tanh\left(#1\right)"),
    "arcsinh": Elementary(1, np.arcsinh, lambda a, v: (1.0 / np.hypot(a[0], 1.0),),
                          r"\operatorname{arsinh}\left(#1\right)"),
    "arccosh": Elementary(1, np.arccosh, lambda a, v: (1.0 / (np.sqrt(a[0] - 1.0) * np.sqrt(a[0] + 1.0)),),
                          r"\operatorname{arcosh}\left(#1\right)"),
    "arctanh": Elementary(1, np.arctanh, lambda a, v: (1.0 / ((1.0 - a[0]) * (1.0 + a[0])),),
                          r"\operatorname{artanh}\left(#1\right)"),
    "exp": Elementary(1, np.exp, lambda a, v: (v,), r"\exp\left(#1\right)"),
    "expm1": Elementary(1, np.expm1, lambda a, v: (v + 1.0,), r"\left(\exp\left(#1\right) - 1\right)"),
    "log": Elementary(1, np.log, lambda a, v: (1.0 / a[0],), r"\ln\left(#1\right)"),
    "log2": Elementary(1, np.log2, lambda a, v: (1.0 / (a[0] * math.log(2.0)),), r"\log_{2}\left(#1\right)"),
    "log10": Elementary(1, np.log10, lambda a, v: (1.0 / (a[0] * math.log(10.0)),),
                        r"\log_{10}\left(#1\right)"),
    "log1p": Elementary(1, np.log1p, lambda a, v: (1.0 / (1.0 + a[0]),), r"\ln\left(1 + #1\right)"),
    "sqrt": Elementary(1, np.sqrt, lambda a, v: (0.5 / v,), r"\sqrt{#1}"),
    "cbrt": Elementary(1, np.cbrt, lambda a, v: (1.0 / (3.0 * v * v),), r"\sqrt[3]{#1}"),
    "abs": Elementary(1, np.abs, lambda a, v: (np.sign(a[0]),), r"\left|#1\right|"),
    "arctan2": Elementary(2, np.arctan2, _arctan2_partials, r"\operatorname{arctan2}\left(#1, #2\right)"),
    "hypot": Elementary(2, np.hypot, lambda a, v: (a[0] / v, a[1] / v), r"\operatorname{hypot}\left(#1, #2\right)"),
    "minimum": Elementary(2, np.minimum, _minimum_partials, r"\min\left(#1, #2\right)"),
    "maximum": Elementary(2, np.maximum, _maximum_partials, r"\max\left(#1, #2\right)"),
}

ALIASES: Dict[str, str] = {
    "asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh", "acosh": "arccosh",
    "atanh": "arctanh", "atan2": "arctan2", "ln": "log", "min": "minimum", "max": "maximum",
}

CONSTANTS: Dict[str, float] = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")
