"""A Pratt parser for formulas in x and y, with explicit bounds on size and nesting.

Grammar (Python's precedence; ``^`` is a synonym of ``**``)::

    formula := sum
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := ("+" | "-") unary | power
    power   := atom ("**" unary)?                   right-associative: 2**3**2 = 2**9
    atom    := number | "x" | "y" | "pi" | "e" | name "(" sum ("," sum)* ")" | "(" sum ")"

so ``-x**2`` is ``-(x**2)`` and ``2**-x`` is ``2**(-x)``, as in Python. The parser is
top-down operator precedence (V. R. Pratt, POPL 1973; the binding powers follow
A. Kladov, "Simple but Powerful Pratt Parsing", 2020). Nothing else is accepted: no
attributes, subscripts, keywords, strings, comparisons, lambdas or starred arguments
(the tokenizer already refuses their characters), and only the functions of
``elementary.ELEMENTARY`` (and their ``ALIASES``) with their own number of arguments.

Bounds, checked before the work they guard: the text's length (tokenizer), the nesting
(``MAX_DEPTH`` levels of parentheses, function calls, signs and powers, checked on entry
to each recursive call, so Python's stack never grows past about ``4 * MAX_DEPTH``
frames: a deep recursion kills Pyodide outright), and the number of parts (``MAX_PARTS``
numbers, names, operators and calls). Chains of ``+``/``-`` and of ``*``/``/`` become one
``Sum``/``Product`` node, so the tree is at most about ``3 * MAX_DEPTH`` nodes deep too.
"""

from __future__ import annotations

import keyword
from typing import List

from .elementary import ALIASES, CONSTANTS, ELEMENTARY, VARIABLES
from .errors import ExpressionError, quote
from .nodes import Call, Constant, Negate, Node, Number, Power, Product, Sum, Variable
from .tokenizer import CLOSE, COMMA, END, NAME, NUMBER, OPEN, OPERATOR, Token, tokenize

MAX_DEPTH = 50
MAX_PARTS = 400
BINDING = {"+": (10, 11), "-": (10, 11), "*": (20, 21), "/": (20, 21), "**": (41, 40)}  # (left, right)
SYNONYM = {"^": "**"}
PREFIX = 30          # a sign binds tighter than * and / but looser than ** on its right
OPERAND = "a number, x, y, a function or '('"
NAMES_HINT = "names are x, y, pi, e and functions such as sin(x)"


def _describe(token: Token) -> str:
    return "the end" if token.kind == END else f"{quote(token.text)} at position {token.position}"


def _keyword_error(token: Token) -> ExpressionError:
    return ExpressionError(f"{quote(token.text)} at position {token.position} is a Python keyword, which a "
                           f"formula cannot use ({NAMES_HINT})", token.position)


def _combine(op: str, left: Node, right: Node) -> Node:
    """``left op right``, extending a ``Sum``/``Product`` chain rather than nesting it."""
    if op in ("+", "-"):
        terms = left.terms if isinstance(left, Sum) else (("+", left),)
        return Sum(terms + ((op, right),))
    if op in ("*", "/"):
        factors = left.factors if isinstance(left, Product) else (("*", left),)
        return Product(factors + ((op, right),))
    return Power(left, right)


class _Parser:
    """The cursor over the tokens; ``parse`` is the way in."""

    def __init__(self, tokens: List[Token]):
        self.tokens = tokens
        self.index = 0
        self.parts = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def count(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise ExpressionError(f"the formula has too many parts (at most {MAX_PARTS} numbers, names and "
                                  f"operators); it goes past that at position {self.peek().position}",
                                  self.peek().position)

    def expression(self, min_power: int, depth: int) -> Node:
        """The longest expression starting here whose operators bind at least ``min_power``."""
        if depth > MAX_DEPTH:
            position = self.peek().position
            raise ExpressionError(f"the formula nests too deeply at position {position} (at most {MAX_DEPTH} "
                                  "levels of parentheses, functions, signs and powers)", position)
        left = self.prefix(depth)
        while True:
            token = self.peek()
            if token.kind != OPERATOR:
                return left
            op = SYNONYM.get(token.text, token.text)
            left_power, right_power = BINDING[op]
            if left_power < min_power:
                return left
            self.advance()
            self.count()
            left = _combine(op, left, self.expression(right_power, depth + 1))

    def prefix(self, depth: int) -> Node:
        token = self.advance()
        if token.kind == NUMBER:
            self.count()
            return Number(token.value)
        if token.kind == NAME:
            return self.name(token, depth)
        if token.kind == OPERATOR and token.text in ("+", "-"):
            self.count()
            operand = self.expression(PREFIX, depth + 1)
            return operand if token.text == "+" else Negate(operand)
        if token.kind == OPEN:
            if self.peek().kind == CLOSE:
                raise ExpressionError(f"empty parentheses at position {token.position}", token.position)
            inner = self.expression(0, depth + 1)
            self.close(token)
            return inner
        if token.kind == END:
            raise ExpressionError(f"the formula is incomplete: expected {OPERAND} at the end (position "
                                  f"{token.position})", token.position)
        previous = self.tokens[self.index - 2] if self.index >= 2 else None
        starred = token.text in ("*", "**") and previous is not None and previous.kind in (OPEN, COMMA)
        hint = " (a formula has no starred arguments)" if starred else ""
        raise ExpressionError(f"unexpected {_describe(token)}: expected {OPERAND}{hint}", token.position)

    def name(self, token: Token, depth: int) -> Node:
        text, position = token.text, token.position
        if text in VARIABLES:
            self.count()
            return Variable(text)
        if text in CONSTANTS:
            self.count()
            return Constant(text, CONSTANTS[text])
        canonical = ALIASES.get(text, text)
        if canonical in ELEMENTARY:
            return self.call(token, canonical, depth)
        if keyword.iskeyword(text) or keyword.issoftkeyword(text):
            raise _keyword_error(token)
        lower = text.lower()
        if lower in VARIABLES or lower in CONSTANTS or ALIASES.get(lower, lower) in ELEMENTARY:
            raise ExpressionError(f"unknown name {quote(text)} at position {position}: names are lower case "
                                  f"({quote(lower)})", position)
        raise ExpressionError(f"unknown name {quote(text)} at position {position} ({NAMES_HINT})", position)

    def call(self, token: Token, canonical: str, depth: int) -> Node:
        arity = ELEMENTARY[canonical].arity
        wanted = "1 argument" if arity == 1 else f"{arity} arguments"
        opening = self.peek()
        if opening.kind != OPEN:
            raise ExpressionError(f"{quote(token.text)} at position {token.position} is a function: write "
                                  f"{token.text}(...) with {wanted}", token.position)
        self.advance()
        if self.peek().kind == CLOSE:
            raise ExpressionError(f"{token.text} at position {token.position} takes {wanted}, got none",
                                  token.position)
        args = [self.expression(0, depth + 1)]
        while self.peek().kind == COMMA:
            self.advance()
            args.append(self.expression(0, depth + 1))
        self.close(opening)
        if len(args) != arity:
            raise ExpressionError(f"{token.text} at position {token.position} takes {wanted}, got {len(args)}",
                                  token.position)
        self.count()
        return Call(canonical, tuple(args))

    def close(self, opening: Token) -> None:
        token = self.peek()
        if token.kind == CLOSE:
            self.advance()
            return
        if token.kind == END:
            raise ExpressionError(f"the '(' at position {opening.position} is never closed", opening.position)
        raise self.after_operand(token)

    def after_operand(self, token: Token) -> ExpressionError:
        """The error for a token that cannot follow a complete operand."""
        position = token.position
        if token.kind == CLOSE:
            return ExpressionError(f"the ')' at position {position} has no matching '('", position)
        if token.kind == COMMA:
            return ExpressionError(f"a ',' (at position {position}) may only separate a function's arguments",
                                   position)
        if token.kind == NAME and (keyword.iskeyword(token.text) or keyword.issoftkeyword(token.text)):
            return _keyword_error(token)
        return ExpressionError(f"missing operator before {_describe(token)} (write * to multiply)", position)


def parse(text: str) -> Node:
    """The tree of ``text``, or ``ExpressionError`` saying what is wrong and where.

    >>> parse("-x^2")
    Negate(operand=Power(base=Variable(name='x'), exponent=Number(value=2.0)))
    """
    tokens = tokenize(text)
    if tokens[0].kind == END:
        raise ExpressionError("the formula is empty")
    parser = _Parser(tokens)
    tree = parser.expression(0, 0)
    if parser.peek().kind != END:
        raise parser.after_operand(parser.peek())
    return tree
