"""MkDocs hook: each playground page's opening state, drawn into its HTML (issue 16).

A playground page places ``<div class="playground" data-playground data-function="two_wells"
data-opening="0.5,1"></div>``; ``data-opening`` is the start of the page's **opening run**, which the
page's text states. After MkDocs renders the page (``on_page_content``) that element gets the
playground's skeleton (``.pg-main > .pg-figure > .pg-plot`` and an empty ``.pg-side``, which
``site_src/js/pages/layout.js`` adopts without moving) with the opening state pre-drawn in the plot:
the contour, the minima, the axes and each of the page's default optimizers' path from the start,
animating at once.

It is the article's figures' pipeline (``site_build/figures.py``): the state is the page's own
(``figure_state.mjs`` runs ``state.js``'s ``initialState`` with the start), the grid and the paths
are Python's numbers (``pyodide_app.api.grid`` and ``api.run`` with the page's default entries, in
``figures.figure_data``), and ``opening_svg.mjs`` draws them with the page's ``contours.js``,
``scales.js`` and ``path-style.js``. The picture scales to the plot's box, whatever the window:
see ``opening_svg.mjs``. The margins it leaves are site.css's ``--plot-margin-*``, which must equal
the catalog's ``plot.margins`` (the build fails otherwise).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:   # `mkdocs build` from the repository, outside build.py
    sys.path.insert(0, str(REPO))

from mkdocs.exceptions import PluginError  # noqa: E402

from site_build import css_tokens, figures  # noqa: E402
from site_build.figure_node import NodeError, run_script  # noqa: E402

SVG_SCRIPT = Path(__file__).resolve().with_name("opening_svg.mjs")
PLAYGROUND = re.compile(r'<div class="playground" data-playground ([^>]*)></div>')
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
MARGIN_TOKENS = {side: f"--plot-margin-{side}" for side in ("top", "right", "bottom", "left")}
DEFAULT_SPEED = 150   # steps per second: state/fields.js's playback default (checked by the tests)


class OpeningError(ValueError):
    """A playground page's opening run that cannot be drawn (bad start, unknown function)."""


def parse_start(text: str) -> Tuple[float, float]:
    """``"0.5,1"`` -> (0.5, 1.0); an OpeningError for anything else."""
    parts = text.split(",")
    try:
        x, y = (float(p) for p in parts)
    except ValueError:
        raise OpeningError(f"data-opening must be two numbers, 'x,y', not {text!r}") from None
    return x, y


def opening_spec(function_id: str, start: Tuple[float, float], cat: dict) -> dict:
    """The figure spec of a page's opening state: its function, the start, the default presets."""
    return {"id": f"opening-{function_id}", "function": function_id, "starts": [list(start)],
            "presets": list(cat["default_presets"])}


def check_margins(cat: dict) -> None:
    """site.css's --plot-margin-* (the picture's padding) must be the catalog's plot.margins."""
    found = css_tokens.scheme_tokens(list(MARGIN_TOKENS.values()))["light"]
    for side, token in MARGIN_TOKENS.items():
        if found[token].strip() != f"{cat['plot']['margins'][side]}px":
            raise OpeningError(f"site.css {token} is {found[token]!r}, the catalog's plot.margins.{side} is "
                               f"{cat['plot']['margins'][side]}: make them equal")


def opening_html(function_id: str, start: Tuple[float, float], cat: Optional[dict] = None) -> str:
    """The pre-drawn picture of a playground page's opening state (a ``.pg-opening`` element)."""
    cat = cat or figures.catalog()
    check_margins(cat)
    spec = opening_spec(function_id, start, cat)
    try:
        data = figures.figure_data(spec, cat)
    except figures.FigureError as error:
        raise OpeningError(str(error)) from None
    data["minima_values"] = next(f for f in cat["functions"] if f["id"] == function_id).get("minima_values", [])
    payload = {"openings": [data], "margins": cat["plot"]["margins"], "speed": DEFAULT_SPEED}
    try:
        [picture] = run_script(SVG_SCRIPT, payload, what="drawing the playground's opening picture")
    except NodeError as error:
        raise OpeningError(str(error)) from None
    return picture


def playground_html(attributes: str, picture: str) -> str:
    """The playground element with the skeleton layout.js adopts, the picture in its plot."""
    return (f'<div class="playground pg" data-playground {attributes}>'
            f'<div class="pg-main"><div class="pg-figure"><div class="pg-plot">{picture}</div></div></div>'
            f'<div class="pg-side"></div></div>')


def fill(page_html: str, cat: Optional[dict] = None) -> str:
    """``page_html`` with every playground that has ``data-opening`` pre-drawn."""
    def replace(match: re.Match) -> str:
        found: Dict[str, str] = dict(ATTRIBUTE.findall(match.group(1)))
        if "data-opening" not in found or "data-state" in found:
            return match.group(0)
        function_id = html.unescape(found.get("data-function", ""))
        start = parse_start(html.unescape(found["data-opening"]))
        return playground_html(match.group(1), opening_html(function_id, start, cat))
    return PLAYGROUND.sub(replace, page_html)


def on_page_content(page_html: str, page, config, files) -> str:
    if "data-opening" not in page_html:
        return page_html
    try:
        return fill(page_html)
    except (OpeningError, figures.FigureError, css_tokens.TokenError) as error:
        raise PluginError(f"{page.file.src_uri}: the opening picture: {error}") from None


__all__: List[str] = ["fill", "opening_html", "opening_spec", "parse_start", "on_page_content"]
