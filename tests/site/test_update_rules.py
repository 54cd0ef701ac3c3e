"""Each optimizer's update rule is typeset: the LaTeX of the docstrings and pages ($...$, $$...$$)
becomes MathML at build time (pymdownx.arithmatex marks it, site_build/math_hook.py has KaTeX
typeset it), and a formula KaTeX refuses fails the build, naming the page and the formula."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

import build
import optimizers as opt
from pyodide_app import api
from site_build import math_hook

REPO = Path(__file__).resolve().parents[2]
BLOCK_MATH = '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">'
SKIPPED = {"math", "code", "pre", "script", "style"}   # where LaTeX-looking text is expected
RAW_LATEX = re.compile(r"\$[^$\s](?:[^$]*[^$\s])?\$|\\[()\[\]]|\\[A-Za-z]+")   # $x$ as arithmatex reads it


class _Entries(HTMLParser):
    """The start tags of each API entry, by its heading's id: from a heading of the reference
    (class ``doc-heading``, its id the object's dotted path) up to the next one."""

    def __init__(self):
        super().__init__()
        self.current, self.tags = None, {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "doc-heading" in (attributes.get("class") or "").split():
            self.current = attributes.get("id")
            self.tags.setdefault(self.current, [])
        elif self.current is not None:
            self.tags[self.current].append((tag, attributes))


class _Text(HTMLParser):
    """A page's text outside math, code and scripts, and the classes used."""

    def __init__(self):
        super().__init__()
        self.depth, self.text, self.classes = 0, [], set()

    def handle_starttag(self, tag, attrs):
        self.classes.update((dict(attrs).get("class") or "").split())
        if tag in SKIPPED:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.text.append(data)


# MathML elements with a fixed number of children (MathML Core): a browser draws a wrong count
# as plain text in a row (KaTeX writes ``D^{\max}`` as an msubsup of four, so the rules write
# ``D^{\mathrm{max}}``).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ARITY = {"msub": 2, "msup": 2, "msubsup": 3, "mfrac": 2, "mroot": 2, "munder": 2, "mover": 2, "munderover": 3}


class _Scripts(HTMLParser):
    """Counts the children of every fixed-arity MathML element of a page."""

    def __init__(self):
        super().__init__()
        self.stack, self.wrong = [], []

    def handle_starttag(self, tag, attrs):
        if self.stack:
            self.stack[-1][1] += 1
        if tag not in VOID:
            self.stack.append([tag, 0, self.getpos()])

    def handle_endtag(self, tag):
        while self.stack:
            name, children, where = self.stack.pop()
            if name in ARITY and children != ARITY[name]:
                self.wrong.append(f"<{name}> with {children} children at line {where[0]}")
            if name == tag:
                break


def _entries(page: str):
    parser = _Entries()
    parser.feed(page)
    return parser.tags


def _block_math(tags) -> int:
    return sum(tag == "math" and attributes.get("display") == "block" for tag, attributes in tags)


def test_every_optimizer_entry_of_the_reference_shows_its_update_rule_as_display_math(built_site):
    page = (built_site / "api" / "optimizers" / "index.html").read_text(encoding="utf-8")
    ids = [entry["id"] for entry in api.describe()["optimizers"]]
    assert len(ids) == len(opt.OPTIMIZERS) >= 24
    entries, missing = _entries(page), []
    for optimizer_id in ids:
        factory = opt.OPTIMIZERS[optimizer_id]
        tags = entries.get(f"{factory.__module__}.{factory.__qualname__}", [])
        if not (_block_math(tags) and any(tag == "annotation" for tag, _ in tags)):
            missing.append(optimizer_id)
    assert missing == []
    # the rules are KaTeX's MathML: an annotation keeps the LaTeX, no HTML rendering, no inline style
    assert page.count(BLOCK_MATH) >= len(ids)
    assert 'class="katex-html"' not in page and " style=" not in page


def test_the_entries_are_told_apart(built_site):
    """The entry finder stops at the next heading: Adam's entry does not hold AdamW's rule."""
    page = (built_site / "api" / "optimizers" / "index.html").read_text(encoding="utf-8")
    entries = _entries(page)
    assert _block_math(entries["optimizers.methods.adam.adam"]) == 1
    assert _block_math(entries["optimizers.methods.sgd.sgd"]) == 1
    assert _block_math(entries["optimizers.methods.eve.eve"]) == 2   # the feedback, then the step
    assert _block_math(entries["optimizers.methods"]) == 0           # the package's own entry


def test_no_built_page_has_raw_latex_left(built_site):
    leftovers = {}
    for path in sorted(built_site.rglob("*.html")):
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        found = RAW_LATEX.findall("".join(parser.text))
        if found or "arithmatex" in parser.classes:
            leftovers[str(path.relative_to(built_site))] = found[:3] or ["arithmatex"]
    assert leftovers == {}


def test_every_script_fraction_and_root_has_the_children_mathml_needs(built_site):
    wrong = {}
    for path in sorted(built_site.rglob("*.html")):
        parser = _Scripts()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.wrong:
            wrong[str(path.relative_to(built_site))] = parser.wrong[:3]
    assert wrong == {}


def test_the_function_formulas_are_still_typeset_for_the_catalog(built_site):
    catalog = json.loads((built_site / "assets" / "data" / "catalog.json").read_text())
    for function in catalog["functions"]:
        assert function["formula_mathml"].startswith('<span class="katex"><math ')
        assert 'display="block"' not in function["formula_mathml"]


# --- the Markdown side and the hook, without a build -----------------------------------------


def _markdown(text: str) -> str:
    """``text`` rendered with mkdocs.yml's arithmatex settings."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    settings = next(item["pymdownx.arithmatex"] for item in config["markdown_extensions"]
                    if isinstance(item, dict) and "pymdownx.arithmatex" in item)
    return markdown.markdown(text, extensions=["pymdownx.arithmatex"],
                             extension_configs={"pymdownx.arithmatex": settings})


def test_dollars_mark_inline_and_display_math_and_an_escaped_dollar_is_a_dollar_sign():
    page = _markdown("A step of $\\eta_t < 1$ costs \\$5, or \\$6.\n\n$$\n\\theta_t = \\theta_{t-1}\n$$\n")
    assert math_hook.formulas_in(page) == [math_hook.Formula("\\eta_t < 1", False),
                                           math_hook.Formula("\\theta_t = \\theta_{t-1}", True)]
    assert "costs $5, or $6." in page
    assert math_hook.formulas_in(_markdown("It costs $5 and $6 is more.")) == []   # a dollar before a digit and space
    assert math_hook.formulas_in(_markdown("`$x$` and\n\n    $y$\n")) == []          # code is code


def test_each_formula_is_replaced_by_its_mathml_in_place():
    page = ('<p>a <span class="arithmatex">\\(x &lt; 1\\)</span> b</p>\n'
            '<div class="arithmatex">\\[\ny^2\n\\]</div>\n<p>c</p>')
    assert math_hook.formulas_in(page) == [math_hook.Formula("x < 1", False), math_hook.Formula("y^2", True)]
    assert math_hook.with_mathml(page, ["<i>X</i>", "<b>Y</b>"]) == (
        '<p>a <i>X</i> b</p>\n<div class="math-block"><b>Y</b></div>\n<p>c</p>')


def _katex_modules() -> Path:
    modules = math_hook.node_modules()
    if not (modules / "katex").is_dir():
        pytest.skip(f"KaTeX is not installed in {modules} (a build installs it)")
    return modules


def test_the_hook_typesets_all_pages_in_one_call_and_names_a_refused_formula():
    modules = _katex_modules()
    pages = [("a.md", '<p><span class="arithmatex">\\(\\alpha\\)</span></p>'),
             ("b.md", '<p>none</p>'),
             ("c.md", '<div class="arithmatex">\\[\\frac{1}{2}\\]</div>')]
    a, b, c = math_hook.typeset_pages(pages, modules)
    assert "<mi>α</mi>" in a and "<math" in a and "arithmatex" not in a
    assert b == "<p>none</p>"
    assert c.startswith('<div class="math-block"><span class="katex">' + BLOCK_MATH) and "<mfrac>" in c
    broken = pages + [("d.md", '<p><span class="arithmatex">\\(\\frac{1}{\\)</span></p>')]
    with pytest.raises(math_hook.PluginError) as failure:
        math_hook.typeset_pages(broken, modules)
    assert "d.md: $\\frac{1}{$" in str(failure.value) and "KaTeX" in str(failure.value)
    assert "a.md" not in str(failure.value)


def test_a_latex_error_in_a_page_fails_the_build_naming_the_page_and_the_formula(tmp_path):
    repo = tmp_path / "repo"
    for name in ("optimizers", "pyodide_app", "site_src", "site_build"):
        shutil.copytree(REPO / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy2(REPO / name, repo / name)
    page = repo / "site_src" / "pages" / "rastrigin.md"
    page.write_text(page.read_text() + "\n\nA broken rule:\n\n$$\n\\theta_t = \\frac{1}{\n$$\n")
    with pytest.raises(build.BuildError) as failure:
        build.build(build.BuildConfig(repo=repo, out=tmp_path / "site"))
    message = str(failure.value)
    assert message.startswith("MkDocs could not render the pages: ")
    assert "rastrigin.md: $$\\theta_t = \\frac{1}{$$" in message
    assert "\n" not in message and not (tmp_path / "site").exists()


def test_the_browser_lays_the_rules_out_as_math_that_fits_a_desktop_column(browser, site_url):
    """Chromium's MathML: each block is taller than a line (its rows are stacked), its columns
    are aligned by site.css (the "=" of every row at one x), and none needs a scroll bar at a
    desktop width (a scrolling region would need to be focusable, axe's rule)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_url + "api/optimizers/")
        blocks = page.evaluate("""() => [...document.querySelectorAll('.math-block')].map((block) => {
            const math = block.querySelector('math[display=block]');
            const table = math.querySelector('mtable');
            const equals = table ? [...table.children].map((row) => row.children[1]?.querySelector('mo'))
                .filter((mo) => mo && mo.textContent === '=').map((mo) => Math.round(mo.getBoundingClientRect().left)) : [];
            return {id: block.closest('.doc-object').querySelector('.doc-heading').id, height: math.getBoundingClientRect().height,
                    overflow: block.scrollWidth - block.clientWidth, equals};
        })""")
    finally:
        page.close()
    assert len(blocks) >= 24
    assert [b["id"] for b in blocks if b["height"] < 40] == []
    assert [b["id"] for b in blocks if b["overflow"] > 1] == []
    misaligned = [b["id"] for b in blocks if len(set(b["equals"])) > 1]
    assert misaligned == [] and sum(len(b["equals"]) > 1 for b in blocks) >= 20
