"""A visitor's own f(x, y) as a ``TestFunction``: ``from_expression``.

The formula is parsed (``parser.parse``), never run as Python; its values and exact
gradient come from the tree's forward mode (``nodes``), under
``np.errstate(all="ignore")``, so overflow gives ``inf``/``nan`` and never an exception
or a warning. Its minima are found like the built-in functions' (``functions.minima``:
lattice seeds, then Newton steps with the Hessian by central differences of the exact
gradient), on a lattice of ``SEARCH_CELLS`` cells across the view.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from ..base import Array
from ..functions.base import Domain, TestFunction
from .nodes import Node, Point
from .parser import parse
from .render import to_latex, to_source

DEFAULT_DOMAIN: Domain = ((-2.0, 2.0), (-2.0, 2.0))
SEARCH_CELLS = 100         # lattice cells across the view for the minima search
SCALE_SAMPLES = 41         # grid points per side used to choose the contour scale
LOG_MEDIAN = 0.14          # "log" contours when the median of (f - min) / (max - min) is below this
NAME_LENGTH = 40
REFERENCE = "User-defined: typed in by the visitor, parsed and differentiated by optimizers.expression."


@dataclasses.dataclass(frozen=True, eq=False)
class ExpressionFunction(TestFunction):
    """A ``TestFunction`` made from a formula; ``expression`` is its canonical text
    (``render.to_source``), which ``from_expression`` reads back to the same function.

    Two of them are equal when their canonical text and view are (the id, "custom", and
    the empty params, which ``TestFunction`` compares, are the same for all).
    """

    __test__ = False

    expression: str = ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TestFunction):
            return NotImplemented
        return (isinstance(other, ExpressionFunction) and self.expression == other.expression
                and self.domain == other.domain)

    def __hash__(self) -> int:
        return hash((self.id, self.expression, self.domain))

    def __repr__(self) -> str:
        return f"from_expression({self.expression!r}, domain={self.domain!r})"


def _point(xy: Array, gradient: bool) -> Point:
    x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
    return Point(x, y, np.ones(x.shape) if gradient else None)


def tree_values(tree: Node, xy: Array) -> Array:
    """f at each row of ``xy`` (``(N, 2) -> (N,)``)."""
    with np.errstate(all="ignore"):
        value, _, _ = tree.evaluate(_point(xy, gradient=False))
    return value


def tree_gradient(tree: Node, xy: Array) -> Array:
    """The exact gradient at each row of ``xy`` (``(N, 2) -> (N, 2)``)."""
    with np.errstate(all="ignore"):
        value, dx, dy = tree.evaluate(_point(xy, gradient=True))
    zero = np.zeros(value.shape)
    return np.stack([zero if dx is None else dx, zero if dy is None else dy], axis=1)


def check_domain(domain: Any) -> Domain:
    """``domain`` as ``((x_min, x_max), (y_min, y_max))`` of finite floats, low below high."""
    try:
        (x_min, x_max), (y_min, y_max) = domain
        bounds = tuple(float(v) for v in (x_min, x_max, y_min, y_max))
    except (TypeError, ValueError):
        raise ValueError(f"the domain must be ((x_min, x_max), (y_min, y_max)), got {domain!r}") from None
    for axis, low, high in (("x", *bounds[:2]), ("y", *bounds[2:])):
        if not (math.isfinite(low) and math.isfinite(high) and low < high and math.isfinite(high - low)):
            raise ValueError(f"the domain's {axis} range must be finite and go from low to high, "
                             f"got [{low}, {high}]")
    return (bounds[0], bounds[1]), (bounds[2], bounds[3])


def contour_scale(tree: Node, domain: Domain) -> str:
    """``"log"`` for a landscape whose values crowd near its minimum over the view (most
    of a grid within ``LOG_MEDIAN`` of the range above the lowest value, as Rosenbrock's,
    Beale's, Booth's), else ``"linear"``. This picks the built-in functions' own scale for
    15 of the 16 (Three-hump camel, near the edge, would get "linear")."""
    (x_min, x_max), (y_min, y_max) = domain
    x, y = np.meshgrid(np.linspace(x_min, x_max, SCALE_SAMPLES), np.linspace(y_min, y_max, SCALE_SAMPLES))
    values = tree_values(tree, np.stack([x.ravel(), y.ravel()], axis=1))
    values = values[np.isfinite(values)]
    if values.size < 2:
        return "linear"
    low, high = float(values.min()), float(values.max())
    if not high - low > 0 or not math.isfinite(high - low):
        return "linear"
    return "log" if float(np.median((values - low) / (high - low))) < LOG_MEDIAN else "linear"


def from_expression(text: str, domain: Any = DEFAULT_DOMAIN) -> ExpressionFunction:
    """The ``TestFunction`` of a formula in ``x`` and ``y``, with its exact gradient.

    The formula uses numbers (``2``, ``0.5``, ``1e-3``), ``x``, ``y``, ``pi``, ``e``,
    ``+ - * /``, ``**`` for powers (``^`` too, as a synonym), signs, parentheses and
    the functions ``sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh
    arctanh exp expm1 log log2 log10 log1p sqrt cbrt abs`` (one argument) and
    ``arctan2 hypot minimum maximum`` (two); ``asin``, ``atan2``, ``ln``, ``min``, ``max``
    and the like are aliases. Precedence is Python's (``-x**2`` is ``-(x**2)``). At most
    1,000 characters, 400 parts and 50 levels of nesting. Anything else raises
    ``ExpressionError`` (a ``ValueError``) saying what is wrong and at which position.

    The function has id ``"custom"``, no parameters, ``domain`` as its view, LaTeX in
    ``formula`` and the canonical text in ``expression``. A bad ``domain`` raises
    ``ValueError``.

    >>> import optimizers as opt
    >>> fn = opt.from_expression("(x - 1)^2 + 10*(y - x^2)^2", domain=((-2, 2), (-1, 3)))
    >>> fn.expression, fn.contour_scale
    ('(x - 1)**2 + 10*(y - x**2)**2', 'log')
    >>> fn.grad([[0.0, 1.0]]).tolist(), fn.global_minima.tolist()
    ([[-2.0, 20.0]], [[1.0, 1.0]])
    """
    tree = parse(text)
    domain = check_domain(domain)
    source = to_source(tree)
    width, height = domain[0][1] - domain[0][0], domain[1][1] - domain[1][0]
    name = source if len(source) <= NAME_LENGTH else source[:NAME_LENGTH - 3] + "..."
    return ExpressionFunction(
        id="custom",
        name=f"Custom: {name}",
        formula="f(x, y) = " + to_latex(tree),
        value_fn=lambda xy: tree_values(tree, xy),
        grad_fn=lambda xy: tree_gradient(tree, xy),
        domain=domain,
        search_step=max(width, height) / SEARCH_CELLS,
        contour_scale=contour_scale(tree, domain),
        reference=REFERENCE,
        expression=source,
    )

