"""A visitor's own f(x, y), read safely: a small parser, never ``eval``.

- ``tokenizer``: the text's length and characters checked, then cut into tokens;
- ``parser``: a Pratt parser with explicit bounds on nesting and size -> a tree;
- ``nodes``: the tree's immutable nodes, evaluated batched in forward mode (value, d/dx, d/dy);
- ``elementary``: the functions a formula may call, with their derivatives;
- ``render``: the tree back to canonical text (for the URL) and to LaTeX;
- ``custom``: ``from_expression``, the formula as a ``TestFunction``;
- ``errors``: ``ExpressionError``, a ``ValueError`` saying what is wrong and where.

>>> import optimizers as opt
>>> fn = opt.from_expression("x^2 + 3*y^2")
>>> fn.value([[1.0, 2.0]]).tolist(), fn.grad([[1.0, 2.0]]).tolist()
([13.0], [[2.0, 12.0]])
"""

from .custom import ExpressionFunction, from_expression
from .errors import ExpressionError
from .parser import MAX_DEPTH, MAX_PARTS, parse
from .render import to_latex, to_source
from .tokenizer import MAX_LENGTH

__all__ = ["ExpressionError", "ExpressionFunction", "MAX_DEPTH", "MAX_LENGTH", "MAX_PARTS", "from_expression",
           "parse", "to_latex", "to_source"]
