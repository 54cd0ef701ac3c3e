"""MkDocs hook: the article's measured numbers, tables and figures in the pages.

Registered under ``hooks:`` in mkdocs.yml. Before the build it loads the measurements
(``cache.load_or_measure``: from the build cache, or measured with the core; the article's and
the "Real models" page's, ``real_models``, each cached on its own); on each page it
replaces the placeholders (``render.fill``; an unknown one fails the build, which is strict);
after the build it writes the static pictures of the figures the pages hold
(``site_build.figures.write_pictures``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, Optional

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:   # `mkdocs build` from the repository, outside build.py
    sys.path.insert(0, str(REPO))

from mkdocs.exceptions import PluginError  # noqa: E402

from site_build.article import cache, real_models, render  # noqa: E402

_measured: Optional[Dict[str, Any]] = None
_figure_pages: Dict[str, str] = {}


def merged(*parts: Dict[str, Any]) -> Dict[str, Any]:
    """The numbers, tables and figures of several measurements in one (a key measured twice fails)."""
    out: Dict[str, Any] = {"numbers": {}, "tables": {}, "figures": {}}
    for part in parts:
        for kind in out:
            twice = set(out[kind]) & set(part.get(kind, {}))
            if twice:
                raise ValueError(f"{kind[:-1]} {sorted(twice)[0]!r} is measured twice")
            out[kind].update(part.get(kind, {}))
        out.update({key: value for key, value in part.items() if key not in out})
    return out


def on_pre_build(config) -> None:
    global _measured
    _figure_pages.clear()
    try:
        _measured = merged(cache.load_or_measure(), real_models.load_or_measure())
    except Exception as error:   # a failing measurement names itself, not a traceback
        raise PluginError(f"the article's numbers could not be measured: {type(error).__name__}: {error}") from error
    if _measured.get("figures"):   # every figure's link from one node run of the page's codec
        from site_build import figures

        try:
            figures.prepare(_measured["figures"].values())
        except Exception as error:
            raise PluginError(f"the article's figures could not be stated: {type(error).__name__}: {error}") from error


def on_page_markdown(markdown: str, page, config, files) -> str:
    if "{{" not in markdown:
        return markdown
    from site_build import figures

    try:
        filled, used = render.fill(markdown, _measured, lambda spec: figures.figure_html(spec, page),
                                   where=page.file.src_uri)
    except render.PlaceholderError as error:
        raise PluginError(str(error)) from None
    for figure_id in used:
        if figure_id in _figure_pages:
            raise PluginError(f"{page.file.src_uri}: figure {figure_id!r} is already on {_figure_pages[figure_id]}")
        _figure_pages[figure_id] = page.url
    return filled


def on_post_build(config) -> None:
    if not _figure_pages:
        return
    from site_build import figures

    specs = [_measured["figures"][figure_id] for figure_id in _figure_pages]
    try:
        figures.write_pictures(specs, config["site_dir"], pages=dict(_figure_pages))
    except Exception as error:
        raise PluginError(f"the article's figures could not be drawn: {type(error).__name__}: {error}") from error
