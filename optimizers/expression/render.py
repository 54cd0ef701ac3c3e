"""A parsed formula written back out: canonical source text, and LaTeX.

``to_source(tree)`` is the formula in the parser's own syntax (``**`` for powers, numpy's
function names, numbers as Python's shortest round-trip ``repr``), with the parentheses
the tree needs and no others, so ``parse(to_source(tree)) == tree``: the text the page
puts in its URL. ``to_latex(tree)`` is for display (KaTeX/MathJax).
"""

from __future__ import annotations

from .elementary import ELEMENTARY
from .nodes import Constant, Negate, Node, Number, Power, Product, Sum, Variable

SUM, PRODUCT, NEGATE, POWER, ATOM = 1, 2, 3, 4, 5


def _precedence(node: Node) -> int:
    if isinstance(node, Sum):
        return SUM
    if isinstance(node, Product):
        return PRODUCT
    if isinstance(node, Negate):
        return NEGATE
    if isinstance(node, Power):
        return POWER
    return ATOM


def number_text(value: float) -> str:
    """Whole numbers without ``.0`` (``2``), others as ``repr`` (``0.5``, ``1e-05``)."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


# --- source ---------------------------------------------------------------------------------


def _wrapped_source(node: Node, parenthesize: bool) -> str:
    text = to_source(node)
    return f"({text})" if parenthesize else text


def to_source(node: Node) -> str:
    """The canonical text of ``node``.

    >>> from .parser import parse
    >>> to_source(parse("(x-1)^2+ -(y*2)  + atan2(y, x)"))
    '(x - 1)**2 + (-(y*2)) + arctan2(y, x)'
    """
    if isinstance(node, Number):
        return number_text(node.value)
    if isinstance(node, (Constant, Variable)):
        return node.name
    if isinstance(node, Negate):
        return "-" + _wrapped_source(node.operand, _precedence(node.operand) <= PRODUCT)
    if isinstance(node, Sum):
        first, rest = node.terms[0][1], node.terms[1:]
        text = _wrapped_source(first, _precedence(first) < SUM)
        for sign, term in rest:
            text += f" {sign} " + _wrapped_source(term, _precedence(term) in (SUM, NEGATE))
        return text
    if isinstance(node, Product):
        first, rest = node.factors[0][1], node.factors[1:]
        text = _wrapped_source(first, _precedence(first) <= SUM)
        for op, factor in rest:
            text += op + _wrapped_source(factor, _precedence(factor) <= NEGATE)
        return text
    if isinstance(node, Power):
        return (_wrapped_source(node.base, _precedence(node.base) <= POWER) + "**"
                + _wrapped_source(node.exponent, _precedence(node.exponent) <= PRODUCT))
    return f"{node.name}(" + ", ".join(to_source(arg) for arg in node.args) + ")"


# --- LaTeX ----------------------------------------------------------------------------------


def _paren(text: str) -> str:
    return r"\left(" + text + r"\right)"


def _latex_number(value: float) -> str:
    text = number_text(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = "10^{" + str(int(exponent)) + "}"
    return power if mantissa == "1" else mantissa + r" \cdot " + power


def _starts_with_a_digit(node: Node) -> bool:
    """A factor that needs a ``\\cdot`` before it (``x \\cdot 2``, ``x \\cdot 2^{y}``); any other is
    written right after the previous one (``2 x``, ``x y``, ``3 \\sin(x)``, ``2 \\left(x + 1\\right)``)."""
    if isinstance(node, Power):
        node = node.base
    return isinstance(node, Number)


def _product_latex(node: Product) -> str:
    first = node.factors[0][1]
    text, single, after_fraction = to_latex(first), first, False   # single: the one factor ``text`` still is
    for op, factor in node.factors[1:]:
        body = to_latex(factor)
        if op == "/":
            text, single, after_fraction = r"\frac{" + text + "}{" + body + "}", None, True
            continue
        if single is not None and _precedence(single) == SUM:
            text = _paren(text)
        if _precedence(factor) <= NEGATE:
            body = _paren(body)
        juxtapose = not after_fraction and not _starts_with_a_digit(factor)
        text, single, after_fraction = text + (" " if juxtapose else r" \cdot ") + body, None, False
    return text


def to_latex(node: Node) -> str:
    """LaTeX for ``node`` (the right-hand side of ``f(x, y) = ...``).

    >>> from .parser import parse
    >>> to_latex(parse("2*x^2 - sqrt(y)/3"))
    '2 x^{2} - \\\\frac{\\\\sqrt{y}}{3}'
    """
    if isinstance(node, Number):
        return _latex_number(node.value)
    if isinstance(node, Constant):
        return r"\pi" if node.name == "pi" else "e"
    if isinstance(node, Variable):
        return node.name
    if isinstance(node, Negate):
        body = to_latex(node.operand)
        return "-" + (_paren(body) if _precedence(node.operand) in (SUM, NEGATE) else body)
    if isinstance(node, Sum):
        text = to_latex(node.terms[0][1])
        for sign, term in node.terms[1:]:
            body = to_latex(term)
            text += f" {sign} " + (_paren(body) if _precedence(term) in (SUM, NEGATE) else body)
        return text
    if isinstance(node, Product):
        return _product_latex(node)
    if isinstance(node, Power):
        base = to_latex(node.base)
        number_base = isinstance(node.base, Number) and "e" in number_text(node.base.value)
        if _precedence(node.base) <= POWER or number_base:
            base = _paren(base)
        return base + "^{" + to_latex(node.exponent) + "}"
    template = ELEMENTARY[node.name].latex
    for index, arg in enumerate(node.args, start=1):
        template = template.replace(f"#{index}", to_latex(arg))
    return template
