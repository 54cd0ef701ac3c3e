"""Tests of ``optimizers.from_expression`` against text that tries to break it: hostile inputs,
each refused with a message that says what is wrong; the nesting and size bounds at their edges;
overflow that gives inf or nan quietly. Hypothesis: any text either gives a function whose values
equal a plain recursive evaluation of its tree, or ``ExpressionError``. (Valid formulas and the text
they print back: tests/core/test_expression.py.)
"""

from __future__ import annotations

import math
import sys
import time
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import optimizers as opt
from optimizers.expression import MAX_DEPTH, MAX_LENGTH, MAX_PARTS, ExpressionError, parse
from optimizers.expression import nodes

RNG_POINTS = np.random.default_rng(11).uniform(-2.0, 2.0, size=(300, 2))
X = RNG_POINTS[:, 0]


# --- hostile input -------------------------------------------------------------------------

# text -> words its message must contain
HOSTILE = {
    "x.__class__": "no attributes",
    "().__class__.__bases__": "no attributes",
    "x.real": "no attributes",
    "__import__('os')": "quotes are not allowed",
    "__import__": "unknown name '__import__'",
    "import os": "'import' at position 1 is a Python keyword",
    "lambda: x": "no lambdas",
    "(lambda t: t)(x)": "no lambdas",
    "lambda x": "'lambda' at position 1 is a Python keyword",
    "[x for x in (1, 2)]": "no subscripts or lists",
    "sum(t for t in x)": "unknown name 'sum'",
    "{x: 1}": "braces",
    "sin(x=1)": "keywords",
    "sin(*x)": "no starred arguments",
    "hypot(x, **y)": "no starred arguments",
    "foo(x)": "unknown name 'foo' at position 1",
    "sin(foo)": "unknown name 'foo' at position 5",
    "eval(x)": "unknown name 'eval'",
    "exec": "unknown name 'exec'",
    "open": "unknown name 'open'",
    "X + y": "names are lower case",
    "sin(x, y)": "sin at position 1 takes 1 argument, got 2",
    "sin()": "takes 1 argument, got none",
    "atan2(x)": "atan2 at position 1 takes 2 arguments, got 1",
    "sin": "is a function: write sin(...)",
    "sin x": "is a function",
    "x[0]": "no subscripts",
    "'x'": "quotes are not allowed (no text)",
    '"x"': "quotes are not allowed (no text)",
    "b'x'": "quotes are not allowed",
    "x if y else 1": "'if' at position 3 is a Python keyword",
    "x < y": "no comparisons",
    "x == y": "'=' is not allowed",
    "x @ y": "'@' is not allowed",
    "x % 2": "'%' is not allowed",
    "x; y": "';' is not allowed",
    "x # y": "no comments",
    "x | y": "write abs(x)",
    "~x": "no bitwise",
    "x\\": "backslashes",
    "x" * 100_000: "too long: 100,000 characters, at most 1,000",
    "(" * 1000 + "x" + ")" * 1000: "too long",
    "-" * 1000 + "x": "too long",
    "x**" * 1000 + "x": "too long",
    "(" * 400 + "x" + ")" * 400: "nests too deeply at position 52",
    "-" * 900 + "x": "nests too deeply",
    "x**" * 300 + "x": "nests too deeply",
    "sin(" * 150 + "x" + ")" * 150: "nests too deeply",
    "+".join(["x"] * 450): "too many parts",
    "x\x00": "control character U+0000 at position 2",
    "x\n+ y": "control character U+000A at position 2",
    "x\t": "control character U+0009",
    "x\x7f": "control character U+007F",
    "x\u202e": "character U+202E at position 2 is not allowed",
    "x\u200by": "character U+200B at position 2",
    "\ufeffx": "character U+FEFF at position 1",
    "x\u00a0+ y": "character U+00A0",
    "\u0445": "character U+0445",     # Cyrillic "x"
    "x\U0001F600": "character U+1F600",
    "<script>alert(1)</script>": "'<' is not allowed (no comparisons) (at position 1)",
    "&lt;b&gt;": "'&' is not allowed",
    "": "the formula is empty",
    "   ": "the formula is empty",
    "x +": "the formula is incomplete",
    "x *": "the formula is incomplete",
    "x **": "the formula is incomplete",
    "-": "the formula is incomplete",
    "(x + 1": "the '(' at position 1 is never closed",
    "sin(x": "the '(' at position 4 is never closed",
    "x + 1)": "the ')' at position 6 has no matching '('",
    "()": "empty parentheses at position 1",
    ")(": "unexpected ')' at position 1",
    "2x": "missing operator before 'x' at position 2",
    "x y": "missing operator before 'y' at position 3",
    "(x)(y)": "missing operator before '(' at position 4",
    "x, y": "may only separate a function's arguments",
    "max(x, y,)": "unexpected ')' at position 10",
    "x +* y": "unexpected '*' at position 4",
    "x ^^ y": "unexpected '^' at position 4",
    "1e400 * x": "the number '1e400' at position 1 is too large",
    "1.2.3": "missing operator before '.3'",
    "x.": "no attributes",
    "1_000": "missing operator before '_000'",
    "0x1f": "missing operator before 'x1f'",
}


@pytest.mark.parametrize("text", list(HOSTILE), ids=[repr(t[:24]) for t in HOSTILE])
def test_hostile_input_is_refused_with_a_plain_message(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        began = time.perf_counter()
        with pytest.raises(ExpressionError) as caught:
            opt.from_expression(text)
        assert time.perf_counter() - began < 0.5
    message = str(caught.value)
    assert HOSTILE[text] in message
    assert isinstance(caught.value, ValueError)
    assert len(message) < 200 and message.isascii() and message.isprintable()
    assert "<script" not in message and "alert" not in message
    if caught.value.position is not None:
        assert f"position {caught.value.position}" in message
        assert 1 <= caught.value.position <= len(text) + 1


def test_text_that_is_not_a_string_is_refused():
    for value in (None, 3, b"x", ["x"]):
        with pytest.raises(ExpressionError, match="must be text"):
            opt.from_expression(value)


def test_a_long_identifier_is_quoted_in_short():
    with pytest.raises(ExpressionError) as caught:
        opt.from_expression("a" * 900)
    assert len(str(caught.value)) < 120 and "..." in str(caught.value)


# --- the bounds at their edges ---------------------------------------------------------------

NESTINGS = {
    "parentheses": lambda n: "(" * n + "x" + ")" * n,
    "signs": lambda n: "-" * n + "x",
    "powers": lambda n: "1**" * n + "x",
    "calls": lambda n: "sin(" * n + "x" + ")" * n,
    "calls in sums": lambda n: "1+sin(" * (n // 2) + "x" + ")" * (n // 2),
    "exponents with signs": lambda n: "2**-" * (n // 2) + "x",
}


def python_frames() -> int:
    frame, count = sys._getframe(), 0
    while frame is not None:
        frame, count = frame.f_back, count + 1
    return count


def tree_height(node) -> int:
    if isinstance(node, (nodes.Number, nodes.Constant, nodes.Variable)):
        return 1
    if isinstance(node, nodes.Negate):
        return 1 + tree_height(node.operand)
    if isinstance(node, nodes.Power):
        return 1 + max(tree_height(node.base), tree_height(node.exponent))
    children = [n for _, n in node.terms] if isinstance(node, nodes.Sum) else \
        [n for _, n in node.factors] if isinstance(node, nodes.Product) else node.args
    return 1 + max(tree_height(child) for child in children)


@pytest.mark.parametrize("kind", list(NESTINGS))
def test_nesting_up_to_the_limit_works_and_past_it_is_refused(kind):
    deepest = NESTINGS[kind](MAX_DEPTH)
    # the parser and the evaluation stay within a small, fixed number of Python frames
    limit = python_frames() + 4 * MAX_DEPTH + 40
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        fn = opt.from_expression(deepest)
        fn.value(RNG_POINTS), fn.grad(RNG_POINTS)
    finally:
        sys.setrecursionlimit(old)
    assert tree_height(parse(deepest)) <= 3 * MAX_DEPTH + 3
    with pytest.raises(ExpressionError, match="nests too deeply"):
        opt.from_expression(NESTINGS[kind](MAX_DEPTH + 2))


def test_deep_parentheses_and_signs_keep_their_meaning():
    np.testing.assert_array_equal(opt.from_expression(NESTINGS["parentheses"](MAX_DEPTH)).value(RNG_POINTS), X)
    np.testing.assert_array_equal(opt.from_expression(NESTINGS["signs"](MAX_DEPTH)).value(RNG_POINTS), X)
    np.testing.assert_array_equal(opt.from_expression(NESTINGS["signs"](MAX_DEPTH - 1)).value(RNG_POINTS), -X)


def test_length_and_parts_limits():
    at_length = "x" + " " * (MAX_LENGTH - 1)
    assert opt.from_expression(at_length).expression == "x"
    with pytest.raises(ExpressionError, match="too long"):
        opt.from_expression(at_length + " ")
    longest_sum = "+".join(["x"] * ((MAX_PARTS + 1) // 2))      # MAX_PARTS parts
    fn = opt.from_expression(longest_sum)
    np.testing.assert_allclose(fn.value(RNG_POINTS), X * ((MAX_PARTS + 1) // 2), rtol=1e-12)
    assert tree_height(parse(longest_sum)) == 2                  # a long sum is one node
    with pytest.raises(ExpressionError, match="too many parts"):
        opt.from_expression(longest_sum + "+x")


# --- overflow: inf/nan, quickly, without exceptions or warnings -------------------------------

OVERFLOWING = ["10**10**10", "exp(exp(x*1000))", "10^10^10^10 * x", "(-8)**(1/3) + x", "1/(0*x)",
               "log(0*x) + y", "x**1e300", "sqrt(-1 - x**2)", "tan(pi/2) * 1e308 * 1e308", "0**-1 + x",
               "arcsin(2 + x)", "cosh(1e5*y)", "hypot(1e308*x, 1e308*y)", "x^y^x^y"]


@pytest.mark.parametrize("text", OVERFLOWING)
def test_overflow_gives_inf_or_nan_quickly_and_silently(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        began = time.perf_counter()
        fn = opt.from_expression(text)
        values, grads = fn.value(RNG_POINTS), fn.grad(RNG_POINTS)
        fn.minima
        assert time.perf_counter() - began < 5.0
    assert values.shape == (len(X),) and grads.shape == (len(X), 2)


def test_huge_powers_are_infinite():
    assert opt.from_expression("10**10**10").value([[0.0, 0.0]]).tolist() == [math.inf]
    assert opt.from_expression("exp(exp(x*1000))").value([[1.0, 0.0], [-1.0, 0.0]]).tolist() == [math.inf, 1.0]


# --- any text: ExpressionError, or the values of its tree ----------------------------------------

NUMPY = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "arcsin": np.arcsin, "arccos": np.arccos,
         "arctan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "arcsinh": np.arcsinh,
         "arccosh": np.arccosh, "arctanh": np.arctanh, "exp": np.exp, "expm1": np.expm1, "log": np.log,
         "log2": np.log2, "log10": np.log10, "log1p": np.log1p, "sqrt": np.sqrt, "cbrt": np.cbrt,
         "abs": np.abs, "arctan2": np.arctan2, "hypot": np.hypot, "minimum": np.minimum, "maximum": np.maximum}


def reference_value(node, x, y):
    """The tree's value, evaluated the plain way (values only, one numpy call per node)."""
    if isinstance(node, nodes.Number):
        return np.full(x.shape, node.value)
    if isinstance(node, nodes.Constant):
        return np.full(x.shape, {"pi": math.pi, "e": math.e}[node.name])
    if isinstance(node, nodes.Variable):
        return {"x": x, "y": y}[node.name]
    if isinstance(node, nodes.Negate):
        return np.negative(reference_value(node.operand, x, y))
    if isinstance(node, nodes.Sum):
        total = reference_value(node.terms[0][1], x, y)
        for sign, term in node.terms[1:]:
            total = (np.add if sign == "+" else np.subtract)(total, reference_value(term, x, y))
        return total
    if isinstance(node, nodes.Product):
        total = reference_value(node.factors[0][1], x, y)
        for op, factor in node.factors[1:]:
            total = (np.multiply if op == "*" else np.divide)(total, reference_value(factor, x, y))
        return total
    if isinstance(node, nodes.Power):
        return np.power(reference_value(node.base, x, y), reference_value(node.exponent, x, y))
    assert isinstance(node, nodes.Call)
    return NUMPY[node.name](*[reference_value(arg, x, y) for arg in node.args])


NAMES = ["x", "y", "pi", "e", "sin", "cos", "atan2", "arctan2", "max", "minimum", "hypot", "abs", "sqrt",
         "log", "exp", "tanh", "asin", "foo", "lambda", "import", "__class__", "Sin"]
TOKENS = NAMES + ["0", "1", "2.5", ".5", "1e3", "1e-2", "1e400", "+", "-", "*", "/", "**", "^", "(", ")",
                  ",", " ", ".", "[", "]", "'", "=", "<", "\u2212", "\u00d7", "\u202e", "\x00", "\u200b"]


@st.composite
def formulas(draw, depth=0):
    """Grammar-shaped text that is often valid: random nesting, signs, calls and spacing."""
    space = draw(st.sampled_from(["", " "]))
    if depth >= 4 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(["x", "y", "pi", "e", "0", "1", "2", "0.5", "1e-3", "3.25", "1e2"]))
    kind = draw(st.sampled_from(["binary", "binary", "sign", "call", "call2", "paren"]))
    if kind == "binary":
        op = draw(st.sampled_from(["+", "-", "*", "/", "**", "^"]))
        return draw(formulas(depth + 1)) + space + op + space + draw(formulas(depth + 1))
    if kind == "sign":
        return draw(st.sampled_from(["-", "+"])) + draw(formulas(depth + 1))
    if kind == "paren":
        return "(" + draw(formulas(depth + 1)) + ")"
    if kind == "call":
        name = draw(st.sampled_from(["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
                                     "asinh", "acosh", "atanh", "exp", "expm1", "log", "ln", "log2", "log10",
                                     "log1p", "sqrt", "cbrt", "abs"]))
        return name + "(" + draw(formulas(depth + 1)) + ")"
    name = draw(st.sampled_from(["atan2", "arctan2", "hypot", "min", "max", "minimum", "maximum"]))
    return name + "(" + draw(formulas(depth + 1)) + "," + space + draw(formulas(depth + 1)) + ")"


ANY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="xye()+-*/^., 0123456789sincoqrtablgpm_", max_size=40),
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join),
    formulas(),
)
SAMPLE = np.array([[0.3, -1.2], [-1.7, 0.4], [1.0, 1.0], [0.0, 0.0], [2.0, -2.0], [-0.5, 1.5]])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
@example("x + (-y)").via("a Negate as a later term")
@example("2**-x**2/y*3").via("power, sign and product precedence")
@example("--(x)").via("double sign")
def test_any_text_is_refused_or_evaluates_as_its_tree(text):
    try:
        tree = parse(text)
    except ExpressionError as error:
        assert str(error) and len(str(error)) < 200 and str(error).isprintable()
        return
    fn = opt.from_expression(text)
    with np.errstate(all="ignore"):
        expected = reference_value(tree, np.ascontiguousarray(SAMPLE[:, 0]), np.ascontiguousarray(SAMPLE[:, 1]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values, grads = fn.value(SAMPLE), fn.grad(SAMPLE)
    np.testing.assert_array_equal(values, expected)
    assert grads.shape == (len(SAMPLE), 2)
    assert parse(fn.expression) == tree                      # the canonical text reads back the same
    assert fn.formula.startswith("f(x, y) = ") and fn.formula.isascii()
