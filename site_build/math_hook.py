"""An MkDocs hook: the LaTeX of the pages and of the API reference's docstrings as MathML, at build time.

``pymdownx.arithmatex`` (generic mode, dollar syntax, mkdocs.yml) marks ``$...$`` as
``<span class="arithmatex">\\(...\\)</span>`` and a ``$$...$$`` block as ``<div class="arithmatex">\\[...\\]</div>``,
in the Markdown pages and in the docstrings mkdocstrings renders alike; ``\\$`` is a literal dollar
sign. Once every page's content is HTML (``on_env``, before any template is rendered), this hook
collects the formulas of all pages, has KaTeX typeset them in one ``node site_build/typeset.mjs`` call
(MathML only, display mode for blocks, no stylesheet or fonts needed) and puts each one's MathML in
place: an inline formula becomes KaTeX's ``<span class="katex"><math>...``, a block
``<div class="math-block"><span class="katex"><math display="block">...``. A formula KaTeX refuses
(``throwOnError``, ``strict``) fails the build with a message naming the page and the formula.

KaTeX comes from the build's npm packages: ``$OPTIMIZER_PATHS_NODE_MODULES`` (the build's pages phase
sets it), else the default cache's (``$OPTIMIZER_PATHS_CACHE`` or ``~/.cache/optimizer-paths``, then
``npm/node_modules``), so a plain ``mkdocs build`` works after one ``python build.py``.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import List, NamedTuple, Sequence, Tuple

from mkdocs.exceptions import PluginError

SCRIPT = Path(__file__).resolve().with_name("typeset.mjs")
# arithmatex's generic output: the formula HTML-escaped inside its delimiters
FORMULA = re.compile(r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
                     r'|<div class="arithmatex">\s*\\\[(?P<block>.*?)\\\]\s*</div>', re.DOTALL)
FAILED = re.compile(r"^formula (\d+): (.*)$", re.MULTILINE)


class Formula(NamedTuple):
    latex: str
    display: bool


def formulas_in(content: str) -> List[Formula]:
    """The formulas arithmatex marked in ``content``, in order."""
    found = []
    for match in FORMULA.finditer(content):
        block = match.group("block") is not None
        found.append(Formula(html.unescape(match.group("block" if block else "inline")).strip(), block))
    return found


def with_mathml(content: str, mathml: Sequence[str]) -> str:
    """``content`` with its arithmatex formulas replaced, in order, by ``mathml``."""
    pieces = iter(mathml)

    def replace(match: re.Match) -> str:
        typeset = next(pieces)
        return f'<div class="math-block">{typeset}</div>' if match.group("block") is not None else typeset

    return FORMULA.sub(replace, content)


def node_modules() -> Path:
    """Where the build's npm packages (KaTeX among them) are installed."""
    given = os.environ.get("OPTIMIZER_PATHS_NODE_MODULES")
    if given:
        return Path(given)
    cache = Path(os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths")
    return cache.expanduser() / "npm" / "node_modules"


class TypesetError(Exception):
    """KaTeX refused formulas: ``failures`` lists (index into the formulas, KaTeX's message)."""

    def __init__(self, failures: List[Tuple[int, str]], detail: str = ""):
        super().__init__(detail or "; ".join(f"formula {index}: {message}" for index, message in failures))
        self.failures = failures


def typeset(formulas: Sequence[Formula], modules: Path) -> List[str]:
    """The MathML of ``formulas`` from one run of KaTeX (site_build/typeset.mjs)."""
    if not formulas:
        return []
    if not (modules / "katex").is_dir():
        raise PluginError(f"KaTeX is not installed in {modules}: run python build.py once (it fetches the npm packages)")
    with tempfile.TemporaryDirectory(prefix="math-") as folder:
        source = Path(folder) / "formulas.json"
        source.write_text(json.dumps([{"latex": f.latex, "display": f.display} for f in formulas]))
        try:
            result = subprocess.run(["node", str(SCRIPT), str(source)], cwd=modules.parent, capture_output=True,
                                    text=True)
        except FileNotFoundError:
            raise PluginError("node is not installed, which typesetting the pages' formulas with KaTeX needs") from None
    if result.returncode != 0:
        failures = [(int(index), message) for index, message in FAILED.findall(result.stderr)]
        raise TypesetError(failures, "" if failures else " ".join(result.stderr.split())[-500:])
    return json.loads(result.stdout)


def typeset_pages(contents: Sequence[Tuple[str, str]], modules: Path) -> List[str]:
    """Each ``(page name, HTML content)``'s content with its formulas as MathML (one KaTeX run for all)."""
    found = [(name, formula) for name, content in contents for formula in formulas_in(content)]
    try:
        mathml = typeset([formula for _, formula in found], modules)
    except TypesetError as error:
        if not error.failures:
            raise PluginError(f"KaTeX could not typeset the pages' formulas: {error}") from None
        lines = []
        for index, message in error.failures:
            name, formula = found[index]
            fence = "$$" if formula.display else "$"
            lines.append(f"{name}: {fence}{' '.join(formula.latex.split())}{fence}: {message}")
        raise PluginError("KaTeX refused a formula: " + "; ".join(lines)) from None
    out, start = [], 0
    for name, content in contents:
        count = len(formulas_in(content))
        out.append(with_mathml(content, mathml[start:start + count]))
        start += count
    return out


def on_env(env, config, files, **kwargs):
    """Every page's Markdown (docstrings included) is HTML by now and no template has run yet."""
    pages = [file.page for file in files.documentation_pages() if file.page is not None and file.page.content]
    contents = typeset_pages([(page.file.src_uri, page.content) for page in pages], node_modules())
    for page, content in zip(pages, contents):
        page.content = content
    return env
