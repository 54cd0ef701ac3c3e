"""The article's values as plain data, and how each is written in the text.

A value is ``{"kind": kind, "value": ...}``: ``percent`` (a share, 0 to 1), ``number`` (a
float, three significant digits), ``count`` (a whole number), ``rate`` (a setting as typed,
e.g. 0.02), ``point`` (``[x, y]``) or ``text``. The measurement makes them; the pages and the
tests write them with ``format_value``, so a number reads the same everywhere.
"""

from __future__ import annotations

import math
from typing import Any, Dict, Mapping, Sequence

MINUS = "\u2212"


def percent(share: float) -> Dict[str, Any]:
    return {"kind": "percent", "value": float(share)}


def number(value: float) -> Dict[str, Any]:
    return {"kind": "number", "value": float(value)}


def count(value: int) -> Dict[str, Any]:
    return {"kind": "count", "value": int(value)}


def rate(value: float) -> Dict[str, Any]:
    return {"kind": "rate", "value": float(value)}


def point(xy: Sequence[float]) -> Dict[str, Any]:
    return {"kind": "point", "value": [float(xy[0]), float(xy[1])]}


def text(words: str) -> Dict[str, Any]:
    return {"kind": "text", "value": str(words)}


def _signed(words: str) -> str:
    return words.replace("-", MINUS)


def _significant(value: float, digits: int) -> str:
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    return _signed(f"{value:.{digits}g}")


def format_percent(share: float) -> str:
    """A share as a percentage: one decimal, two significant digits below 0.1 %, never a
    rounded 0 % or 100 % for a share that is not exactly that."""
    value = 100.0 * share
    if value == 0.0 or value == 100.0:
        return f"{value:.0f}%"
    if value < 0.1:
        return f"{float(f'{value:.2g}'):g}%" if value >= 0.001 else "<0.001%"
    words = f"{value:.1f}"
    if words == "100.0":
        return ">99.9%"
    return f"{words}%"


def format_value(value: Mapping[str, Any]) -> str:
    """The words for one value (see the module's docstring)."""
    kind, raw = value["kind"], value["value"]
    if kind == "percent":
        return format_percent(raw)
    if kind == "number":
        return _significant(raw, 3)
    if kind == "count":
        return f"{raw:,}"
    if kind == "rate":
        return _signed(f"{raw:g}")
    if kind == "point":
        return f"({_significant(raw[0], 4)}, {_significant(raw[1], 4)})"
    if kind == "text":
        return raw
    raise ValueError(f"unknown kind of value {kind!r}")


def listing(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
