"""The first step of reading a formula: its characters checked, then cut into tokens.

The length is checked before anything else (``MAX_LENGTH``). Only printable ASCII and
spaces are read; a few Unicode signs that people paste from documents are read as the
ASCII operator they stand for (``SYNONYMS``: the minus sign, the multiplication signs).
Any other character, control characters, invisible and bidirectional ones included, is
refused with its code point (never echoed, since it may be invisible).

A token is a number (``12``, ``0.5``, ``.5``, ``1e-3``), a name (letters, digits and
``_``, starting with a letter or ``_``; checked by the parser), an operator
(``+ - * / **``, and ``^``, which the parser reads as ``**``), a parenthesis or a comma.
"""

from __future__ import annotations

import math
import re
from typing import List, NamedTuple

from .errors import ExpressionError, quote

MAX_LENGTH = 1000

NUMBER = "number"
NAME = "name"
OPERATOR = "operator"
OPEN = "("
CLOSE = ")"
COMMA = ","
END = "end"

SYNONYMS = {"\u2212": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*"}   # − × · ⋅
OPERATORS = ("**", "+", "-", "*", "/", "^")
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# characters of Python (and of HTML) that a formula never needs, with the reason
REFUSED = {
    "[": "square brackets are not allowed (no subscripts or lists)",
    "]": "square brackets are not allowed (no subscripts or lists)",
    "{": "braces are not allowed",
    "}": "braces are not allowed",
    "'": "quotes are not allowed (no text)",
    '"': "quotes are not allowed (no text)",
    "`": "quotes are not allowed (no text)",
    "=": "'=' is not allowed (no assignments, keywords or comparisons)",
    "<": "'<' is not allowed (no comparisons)",
    ">": "'>' is not allowed (no comparisons)",
    "!": "'!' is not allowed (no comparisons or factorials)",
    ".": "a '.' must belong to a number such as 0.5 (no attributes)",
    ":": "':' is not allowed (no lambdas, slices or annotations)",
    ";": "';' is not allowed (one formula only)",
    "@": "'@' is not allowed (no matrix products or decorators)",
    "%": "'%' is not allowed (no remainders or formatting)",
    "&": "'&' is not allowed (no bitwise operators)",
    "|": "'|' is not allowed (write abs(x) for |x|)",
    "~": "'~' is not allowed (no bitwise operators)",
    "#": "'#' is not allowed (no comments)",
    "$": "'$' is not allowed",
    "?": "'?' is not allowed",
    "\\": "backslashes are not allowed",
}


class Token(NamedTuple):
    """One piece of the formula; ``position`` counts characters from 1."""

    kind: str
    text: str
    position: int
    value: float = 0.0     # a number's value


def check_text(text: object) -> str:
    """``text`` if it is a string of at most ``MAX_LENGTH`` characters, else ``ExpressionError``."""
    if not isinstance(text, str):
        raise ExpressionError(f"the formula must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the formula is too long: {len(text):,} characters, at most {MAX_LENGTH:,}")
    return text


def _refuse_character(char: str, position: int) -> ExpressionError:
    code = ord(char)
    if code < 32 or code == 127 or 0x80 <= code < 0xA0:
        return ExpressionError(f"control character U+{code:04X} at position {position} is not allowed", position)
    if code > 127:
        return ExpressionError(f"character U+{code:04X} at position {position} is not allowed: use plain "
                               "ASCII letters, digits and + - * / ^ ( ) ,", position)
    return ExpressionError(f"{REFUSED.get(char, quote(char) + ' is not allowed')} (at position {position})",
                           position)


def tokenize(text: str) -> List[Token]:
    """The tokens of ``text``, ending with an ``END`` token; ``ExpressionError`` at the first
    character that cannot start a token.

    >>> [token.text for token in tokenize("2*sin(x)^2")]
    ['2', '*', 'sin', '(', 'x', ')', '^', '2', '']
    """
    text = check_text(text)
    tokens: List[Token] = []
    index = 0
    while index < len(text):
        char = SYNONYMS.get(text[index], text[index])
        position = index + 1
        if char == " ":
            index += 1
            continue
        number = _NUMBER.match(text, index)
        if number:
            value = float(number.group())   # bounded length: float() of it is quick
            if not math.isfinite(value):
                raise ExpressionError(f"the number {quote(number.group())} at position {position} is too large",
                                      position)
            tokens.append(Token(NUMBER, number.group(), position, value))
            index = number.end()
            continue
        name = _NAME.match(text, index)
        if name:
            tokens.append(Token(NAME, name.group(), position))
            index = name.end()
            continue
        if text.startswith("**", index):
            tokens.append(Token(OPERATOR, "**", position))
            index += 2
            continue
        if char in OPERATORS:
            tokens.append(Token(OPERATOR, char, position))
        elif char in (OPEN, CLOSE, COMMA):
            tokens.append(Token(char, char, position))
        else:
            raise _refuse_character(text[index], position)
        index += 1
    tokens.append(Token(END, "", len(text) + 1))
    return tokens
