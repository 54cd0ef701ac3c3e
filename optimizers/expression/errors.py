"""``ExpressionError``: what is wrong with a typed formula, and where, in plain words."""

from __future__ import annotations

from typing import Optional

EXCERPT_LENGTH = 24   # characters of the visitor's text quoted in a message at most


class ExpressionError(ValueError):
    """A formula that cannot be used, with a message for the visitor.

    ``position`` counts characters from 1 (as the message does), ``None`` when the
    problem is not at one place (an empty or too long text).

    >>> from optimizers import from_expression
    >>> try:
    ...     from_expression("x + foo")
    ... except ExpressionError as error:
    ...     print(error, "|", error.position)
    unknown name 'foo' at position 5 (names are x, y, pi, e and functions such as sin(x)) | 5
    """

    def __init__(self, message: str, position: Optional[int] = None):
        super().__init__(message)
        self.position = position


def quote(text: str) -> str:
    """``text`` in single quotes, cut to ``EXCERPT_LENGTH`` characters (it is printable ASCII
    by the time a message quotes it: the tokenizer rejects everything else first)."""
    if len(text) > EXCERPT_LENGTH:
        text = text[:EXCERPT_LENGTH - 3] + "..."
    return "'" + text + "'"
