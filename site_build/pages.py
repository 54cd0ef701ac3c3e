"""The phase that renders the Markdown pages with MkDocs (strict)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import List

from .config import BuildConfig, BuildError, BuildState


@contextlib.contextmanager
def _environment_for_hooks(config: BuildConfig, state: BuildState):
    """The MkDocs hooks use this build's npm packages (site_build/math_hook.py, figures.py: KaTeX, d3)
    and its cache (site_build/article/: measurements; figures.py: pictures), also under --cache."""
    values = {"OPTIMIZER_PATHS_CACHE": str(config.cache)}
    if state.node_modules is not None:
        values["OPTIMIZER_PATHS_NODE_MODULES"] = str(state.node_modules)
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def render_pages(config: BuildConfig, state: BuildState) -> None:
    """MkDocs (strict) renders site_src/pages with the theme in site_src/theme into the staging folder."""
    mkdocs_yml = config.repo / "mkdocs.yml"
    pages, theme = config.repo / "site_src" / "pages", config.repo / "site_src" / "theme"
    if not pages.is_dir() or not theme.is_dir():
        state.notes.append("no pages rendered: site_src/pages or site_src/theme does not exist yet")
        return
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    messages: List[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage().strip().splitlines()[0])

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with contextlib.redirect_stdout(sys.stderr), _environment_for_hooks(config, state):
            mkdocs_config = load_config(str(mkdocs_yml), site_dir=str(state.staging), strict=True)
            mkdocs_build(mkdocs_config)
        # mkdocstrings always writes its stylesheet; no page links it (api.css styles the reference)
        (state.staging / "assets" / "_mkdocstrings.css").unlink(missing_ok=True)
    except (exceptions.MkDocsException, exceptions.Abort, SystemExit) as error:
        detail = "; ".join(messages) or str(error)
        raise BuildError(f"MkDocs could not render the pages: {detail}") from None
    except Exception as error:  # a template error names the file and line
        raise BuildError(f"MkDocs could not render the pages: {type(error).__name__}: {error}") from None
    finally:
        logger.removeHandler(handler)
