"""The article's placeholders and what they become in a page's Markdown.

``{{ n:key }}`` is a measured value in words, inside ``<span class="op-number"
data-number="key">``; ``{{ table:key }}`` a measured table (HTML, every number cell with its
exact value in ``data-value``); ``{{ figure:id }}`` a figure (``figure(spec)``, given by the
hook). A placeholder whose kind or key is unknown raises ``PlaceholderError``.
"""

from __future__ import annotations

import html
import re
from typing import Any, Callable, Dict, List, Mapping

from .values import format_value

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z]+)\s*:\s*([^\s}]+)\s*\}\}")
LEFTOVER = re.compile(r"\{\{[^}]*\}\}")
KINDS = ("n", "table", "figure")


class PlaceholderError(ValueError):
    """A placeholder the measurements have no value for."""


def number_html(key: str, value: Mapping[str, Any]) -> str:
    return f'<span class="op-number" data-number="{html.escape(key)}">{html.escape(format_value(value))}</span>'


def _cell(value: Mapping[str, Any], tag: str) -> str:
    exact = ""
    if value["kind"] in ("percent", "number", "count", "rate"):
        exact = f' data-value="{value["value"]!r}"'
    return f"<{tag}{exact}>{html.escape(format_value(value))}</{tag}>"


def table_html(key: str, table: Mapping[str, Any]) -> str:
    """A table: a header row of ``columns``, then one row per entry, its first cell a row header."""
    head = "".join(f'<th scope="col">{html.escape(column)}</th>' for column in table["columns"])
    rows = []
    for row in table["rows"]:
        cells = [_cell(row[0], "th").replace("<th", '<th scope="row"', 1)] + [_cell(value, "td") for value in row[1:]]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="op-table-scroll"><table class="op-table" data-table="{html.escape(key)}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def fill(markdown: str, measured: Mapping[str, Any], figure: Callable[[Mapping[str, Any]], str],
         where: str = "the page") -> "tuple[str, List[str]]":
    """``markdown`` with every placeholder replaced; and the ids of the figures it holds."""
    figures: List[str] = []

    def replace(match: "re.Match[str]") -> str:
        kind, key = match.group(1), match.group(2)
        if kind == "n":
            if key not in measured["numbers"]:
                raise PlaceholderError(f"{where}: no measured number {key!r} for {match.group(0)}")
            return number_html(key, measured["numbers"][key])
        if kind == "table":
            if key not in measured["tables"]:
                raise PlaceholderError(f"{where}: no measured table {key!r} for {match.group(0)}")
            return "\n\n" + table_html(key, measured["tables"][key]) + "\n\n"
        if kind == "figure":
            if key not in measured["figures"]:
                raise PlaceholderError(f"{where}: no figure {key!r} for {match.group(0)}")
            figures.append(key)
            return "\n\n" + figure(measured["figures"][key]) + "\n\n"
        raise PlaceholderError(f"{where}: unknown placeholder {match.group(0)} (kinds: {', '.join(KINDS)})")

    filled = PLACEHOLDER.sub(replace, markdown)
    leftover = LEFTOVER.search(filled)
    if leftover:
        raise PlaceholderError(f"{where}: malformed placeholder {leftover.group(0)!r}")
    return filled, figures


def numbers_in_text(measured: Mapping[str, Any]) -> Dict[str, str]:
    """Every number's words, by key (what the pages show)."""
    return {key: format_value(value) for key, value in measured["numbers"].items()}
