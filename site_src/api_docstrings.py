"""A Griffe extension for the API reference: the package's docstrings as Markdown mkdocstrings renders.

The docstrings of ``optimizers`` are plain prose in reStructuredText's habits, not Google's or
NumPy's sections: ``code`` in double backticks (which Markdown reads as code too), a paragraph
ending in ``::`` before an indented literal block, and doctest blocks (``>>>``). (The update
rules are LaTeX between dollars, ``$$`` for a block, which passes through unchanged: mkdocs.yml's
arithmatex marks it and site_build/math_hook.py typesets it.) Markdown would show the ``::`` as
typed and read ``>>>`` as three nested quotes, so before rendering this turns each literal block
and each doctest block into a fenced code block (``text`` and ``pycon``) and ``text::`` into
``text:`` (``text ::`` into ``text``), as reST does. Nothing else changes. A function whose
docstring is set at run time (``f.__doc__ = ...``, as ``schedule_free_sgd``'s, which shares its
update rule with ``schedule_free_adamw``) has none in the source Griffe reads: it gets the
``__doc__`` of the imported function.

mkdocs.yml loads this file by path (the Python handler's ``extensions:``), so a plain ``mkdocs
build`` uses it too. It lives in site_src/ with the pages it renders; the build never ships it.
"""

from __future__ import annotations

import inspect
import logging
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, List

from griffe import Docstring, Extension, Function, Object, dynamic_import

FENCE = "```"
LOG = logging.getLogger("mkdocs.plugins.api_docstrings")   # under "mkdocs": counted by strict mode
DOCTEST = re.compile(r"^\s*>>>( |$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _fenced(language: str, lines: List[str]) -> List[str]:
    body = textwrap.dedent("\n".join(lines)).splitlines()
    while body and not body[-1].strip():
        body.pop()
    return [f"{FENCE}{language}", *body, FENCE]


def markdown_of(docstring: str) -> str:
    """``docstring`` (cleaned, as Griffe keeps it) with its reST blocks as fenced Markdown blocks."""
    lines = docstring.splitlines()
    out: List[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        previous_blank = not out or not out[-1].strip()
        if DOCTEST.match(line) and previous_blank:
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            out.extend(_fenced("pycon", lines[index:end]))
            index = end
            continue
        if line.rstrip().endswith("::") and not DOCTEST.match(line):
            # A literal block: the next lines after blank ones, indented deeper than this one.
            start = index + 1
            while start < len(lines) and not lines[start].strip():
                start += 1
            if start < len(lines) and _indent(lines[start]) > _indent(line):
                end = start
                while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > _indent(line)):
                    end += 1
                text = line.rstrip()[:-2]
                if text.strip():
                    out.append(text.rstrip() if text.endswith(" ") else text + ":")
                out.append("")
                out.extend(_fenced("text", lines[start:end]))
                out.append("")
                index = end
                continue
        out.append(line)
        index += 1
    return "\n".join(out).strip("\n")


class RestBlocksAsMarkdown(Extension):
    """Rewrites every docstring of the loaded package with ``markdown_of``, once the tree is complete
    (``on_object`` fires for every member, ``on_package`` for the package itself)."""

    def on_object(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_of(obj.docstring.value)

    def on_package(self, *, pkg: Object, **kwargs: Any) -> None:
        self.on_object(obj=pkg)

    def on_function(self, *, func: Function, **kwargs: Any) -> None:
        if func.docstring is not None or func.name.startswith("_"):
            return
        checkout = str(Path(func.package.filepath).parent.parent)   # the package's own checkout first
        try:
            text = getattr(dynamic_import(func.path, [checkout, *sys.path]), "__doc__", None)
        except ImportError as error:   # a warning fails MkDocs' strict build: no factory goes missing quietly
            LOG.warning("%s has no docstring in its source and could not be imported: %s", func.path, error)
            return
        if text:
            func.docstring = Docstring(markdown_of(inspect.cleandoc(text)), parent=func)
