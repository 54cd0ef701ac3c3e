"""Every HTML page of the built site: its links and anchors resolve, it has a title and a
description, its images have alt text; and the API reference documents every optimizer.

Pages are read with the standard library's ``html.parser``; a link is resolved as a browser
would from the page's own address (``x/index.html`` is served at ``x/``), inside the site.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Dict, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

import pytest

import optimizers as opt

LINKING = {("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
           ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("form", "action")}


@dataclass
class Page:
    """What the check needs from one HTML page."""

    ids: set = field(default_factory=set)
    links: List[Tuple[str, str]] = field(default_factory=list)   # (tag, URL)
    title: Optional[str] = None
    descriptions: List[str] = field(default_factory=list)
    images_without_alt: List[str] = field(default_factory=list)
    inline_styles: int = 0      # <style> elements and style="" attributes
    inline_scripts: int = 0     # <script> elements without src


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False
        self._title: List[str] = []
        self._script_without_src = False

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes: Dict[str, Optional[str]] = dict(attrs)
        if attributes.get("id"):
            self.page.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.page.ids.add(attributes["name"])
        for name, value in attributes.items():
            if (tag, name) in LINKING and value is not None:
                self.page.links.append((tag, value.strip()))
        if "style" in attributes:
            self.page.inline_styles += 1
        if tag == "style":
            self.page.inline_styles += 1
        if tag == "script":
            self._script_without_src = "src" not in attributes
        if tag == "title":
            self._in_title = True
        if tag == "meta" and (attributes.get("name") or "").lower() == "description":
            self.page.descriptions.append((attributes.get("content") or "").strip())
        if tag == "img" and not (attributes.get("alt") or "").strip():
            self.page.images_without_alt.append(attributes.get("src") or "?")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script_without_src = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.page.title = "".join(self._title).strip()
        if tag == "script" and self._script_without_src:
            self._script_without_src = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        if self._script_without_src and data.strip():
            self.page.inline_scripts += 1
            self._script_without_src = False


def parse_page(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def html_pages(site: Path) -> List[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def pages(built_site) -> Dict[Path, Page]:
    found = {path: parse_page(path) for path in html_pages(built_site)}
    assert found, f"no HTML page in {built_site}"
    return found


def page_address(site: Path, path: Path) -> PurePosixPath:
    """The address a page is served at, from the site's root: ``x/index.html`` at ``x/``."""
    return PurePosixPath("/") / path.relative_to(site).as_posix()


def resolve(site: Path, page: Path, url: str) -> Optional[Tuple[Path, str]]:
    """(the file, the fragment) a same-origin ``url`` on ``page`` names, or None for another
    origin or scheme. A folder (or a URL ending in "/") names its index.html."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    base = page_address(site, page).parent
    address = PurePosixPath(unquote(parts.path)) if parts.path.startswith("/") else base / unquote(parts.path)
    normal: List[str] = []
    for part in address.parts[1:]:
        if part == "..":
            if not normal:
                return site / "..", fragment   # above the site's root: never in the build
            normal.pop()
        elif part not in (".", ""):
            normal.append(part)
    target = site.joinpath(*normal)
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, fragment


def where(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


# --- the check, on every page -------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(built_site, pages):
    problems = []
    for path, page in pages.items():
        for tag, url in page.links:
            if url.startswith(("data:", "blob:", "mailto:", "javascript:")):
                continue
            resolved = resolve(built_site, path, url)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.resolve().is_relative_to(built_site.resolve()) or not target.is_file():
                problems.append(f"{where(built_site, path)}: <{tag}> {url} names a file the build does not have")
                continue
            if "=" in fragment and "data-playground" in target.read_text(encoding="utf-8"):
                continue   # a playground's state (f=...&s=...), as the article's figure links carry
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if fragment not in ids:
                    problems.append(f"{where(built_site, path)}: <{tag}> {url}: no id {fragment!r} "
                                    f"on {where(built_site, target)}")
    assert problems == []


def test_every_page_has_a_title_and_a_description(built_site, pages):
    problems = []
    for path, page in pages.items():
        if not page.title:
            problems.append(f"{where(built_site, path)} has no <title> text")
        if len(page.descriptions) != 1 or not page.descriptions[0]:
            problems.append(f"{where(built_site, path)} needs one non-empty <meta name=\"description\">, "
                            f"has {page.descriptions}")
    assert problems == []


def test_every_image_has_alt_text(built_site, pages):
    assert [f"{where(built_site, path)}: <img src={src}>" for path, page in pages.items()
            for src in page.images_without_alt] == []


def test_the_pages_need_no_inline_style_or_script(built_site, pages):
    """The theme's Content-Security-Policy allows styles and scripts from files only."""
    assert [f"{where(built_site, path)}: {page.inline_styles} inline styles, {page.inline_scripts} inline scripts"
            for path, page in pages.items() if page.inline_styles or page.inline_scripts] == []


def test_the_descriptions_are_the_pages_own_where_they_have_one(built_site, pages):
    api = [page for path, page in pages.items() if where(built_site, path).startswith("api/")]
    assert len(api) >= 2
    assert len({page.descriptions[0] for page in api}) == len(api), "each API page describes itself"


# --- the check's own parts, on small cases --------------------------------------------------


def test_the_resolver_follows_a_browser(tmp_path):
    (tmp_path / "api" / "optimizers").mkdir(parents=True)
    for name in ("index.html", "api/index.html", "api/optimizers/index.html"):
        (tmp_path / name).write_text("<title>t</title>")
    page = tmp_path / "api" / "optimizers" / "index.html"
    assert resolve(tmp_path, page, "../") == (tmp_path / "api" / "index.html", "")
    assert resolve(tmp_path, page, "../../#top") == (tmp_path / "index.html", "top")
    assert resolve(tmp_path, page, "#optimizers.methods.adam.adam") == (page, "optimizers.methods.adam.adam")
    assert resolve(tmp_path, page, "../..") == (tmp_path / "index.html", "")
    assert resolve(tmp_path, page, "https://example.org/") is None
    assert resolve(tmp_path, page, "../../../../x")[0] == tmp_path / ".."
    assert resolve(tmp_path, tmp_path / "index.html", "assets/x%20y.css") == (tmp_path / "assets" / "x y.css", "")


def test_the_parser_sees_titles_descriptions_images_ids_and_inline_code(tmp_path):
    path = tmp_path / "page.html"
    path.write_text('<html><head><title> A page </title><meta name="description" content="About it.">'
                    '<style>p{}</style><script>go()</script><script src="x.js"></script></head>'
                    '<body><h2 id="one">x</h2><a name="two"></a><a href="#one">1</a>'
                    '<img src="a.png" alt="A plot"><img src="b.png"><img src="c.png" alt=" ">'
                    '<p style="color:red">r</p></body></html>')
    page = parse_page(path)
    assert page.title == "A page" and page.descriptions == ["About it."]
    assert page.ids == {"one", "two"}
    assert ("a", "#one") in page.links and ("script", "x.js") in page.links
    assert page.images_without_alt == ["b.png", "c.png"]
    assert (page.inline_styles, page.inline_scripts) == (2, 1)


# --- the API reference ----------------------------------------------------------------------


def test_the_api_reference_documents_every_optimizer_with_its_docstring(built_site, pages):
    """Each factory of OPTIMIZERS has its own heading (its dotted path as id) and its docstring's
    text, update rule included, on the optimizers page."""
    page_path = built_site / "api" / "optimizers" / "index.html"
    page = pages[page_path]
    text = page_path.read_text(encoding="utf-8")
    missing = []
    for key, factory in opt.OPTIMIZERS.items():
        anchor = f"{factory.__module__}.{factory.__qualname__}"
        first_line = inspect.getdoc(factory).splitlines()[0]
        visible = first_line.replace("``", "")
        if anchor not in page.ids or not _contains_text(text, visible):
            missing.append(key)
    assert missing == []
    assert text.count('display="block"') >= len(opt.OPTIMIZERS), "the update rules are typeset (MathML)"
    assert "&gt;&gt;&gt;" in text and "<blockquote" not in text, "doctests are code, not nested quotes"
    assert "::</p>" not in text and ":: " not in text


def _contains_text(html: str, visible: str) -> bool:
    """Whether ``visible`` (a docstring line without its backticks) is in ``html``'s text."""
    import html as html_module
    import re

    plain = html_module.unescape(re.sub(r"<[^>]+>", "", html))
    return " ".join(visible.split()) in " ".join(plain.split())


def test_the_docstring_extension_turns_rest_blocks_into_fenced_markdown():
    """site_src/api_docstrings.py, which mkdocs.yml loads by path for the reference."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "site_src" / "api_docstrings.py"
    spec = importlib.util.spec_from_file_location("api_docstrings_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = ("Update rule, with ``g``::\n\n    m = b·m + g\n      θ ← θ − lr·m\n\nDefaults ::\n\n    lr=1\n\n"
            "Then prose.\n\n>>> 1 + 1\n2\n\nEnd.")
    assert module.markdown_of(text) == (
        "Update rule, with ``g``:\n\n```text\nm = b·m + g\n  θ ← θ − lr·m\n```\n\nDefaults\n\n```text\nlr=1\n```\n\n"
        "Then prose.\n\n```pycon\n>>> 1 + 1\n2\n```\n\nEnd.")
    assert module.markdown_of("No blocks here: a::b stays.") == "No blocks here: a::b stays."
