"""The last phase: every reference resolves inside the site, nothing names another origin, every path is
relative (so the site works under a sub-path such as GitHub Pages' ``/<repo>/``), pins hold."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Dict, List, Optional

from .config import BuildConfig, BuildError, BuildState
from .pins import NUMPY_WHEEL, NUMPY_WHEEL_SHA256, PYODIDE_CORE_SHA256, PYODIDE_VERSION
from .tools import sha256_of

JS_SPECIFIERS = re.compile(  # import "x", from "x", import("x"), new URL("x", import.meta.url)
    r"""(?:\bimport\s*\(\s*|\bimport\s+|\bfrom\s*)(["'])([^"'\n]+?)\1"""
    r"""|new\s+URL\s*\(\s*(["'])([^"'\n]+?)\3\s*,\s*import\.meta\.url""")
CSS_URLS = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)|@import\s+(["'])([^"']+)\3""")
LOADING_ATTRIBUTES = {"src", "href", "data", "poster", "action", "formaction",
                      "data-entry", "data-fetch"}   # (the page's loader, file-notice.js: what it fetches)
_ROOT = r"""(?P<path>/(?![/\\])[^"'`\s)>\\]*)"""   # "/x" but not "//host" (another origin, checked apart)
ROOT_ABSOLUTE = [re.compile(pattern) for pattern in (  # a path from the server's root, in HTML, CSS or JS text
    r"""\b(?:href|src|srcset|poster|action|formaction)\s*[=:]\s*\\?["'`]""" + _ROOT,  # href="/", {src: "/x"}
    r"""\burl\(\s*["']?""" + _ROOT,                                                   # url(/x), url("/x")
    r"""@import\s+["']""" + _ROOT,
    r"""\b(?:fetch|URL|Worker|SharedWorker|importScripts|EventSource|sendBeacon|import)\s*\(\s*["'`]""" + _ROOT,
    r"""(?:\bimport|\bfrom)\s*["']""" + _ROOT,                                        # import "/x", from "/x"
    r"""["'`](?P<path>/(?:assets|pyodide)/[^"'`\s]*)""",                              # any "/assets/…" string
)]
SKIPPED_SCHEMES = ("data:", "blob:", "mailto:", "javascript:", "#", "about:")
PINNED_FILES = {  # path in the site -> the sha256 site_build/pins.py pins for it
    f"pyodide/{NUMPY_WHEEL}": NUMPY_WHEEL_SHA256,
    **{f"pyodide/{name}": sha for name, sha in PYODIDE_CORE_SHA256.items() if name != "pyodide-lock.json"}}


def _resolve(site: Path, page: Path, reference: str, folder_ok: bool) -> Optional[Path]:
    """The file a same-origin reference names (a folder's index.html for a page link; the
    folder itself where scripts build URLs on it), or None when it should not be checked."""
    reference = reference.split("#")[0].split("?")[0]
    if not reference:
        return None
    target = site / reference.lstrip("/") if reference.startswith("/") else page.parent / reference
    if reference.endswith("/") or target.is_dir():
        return target if folder_ok else target / "index.html"
    return target


def _html_references(text: str):
    """(tag, attribute, value) for every URL-bearing attribute, and the inline module scripts."""
    from html.parser import HTMLParser

    found, scripts = [], []

    class Collect(HTMLParser):
        in_script = False

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in LOADING_ATTRIBUTES and value:
                    found.append((tag, name, value.strip()))
            entry = dict(attrs).get("data-entry")
            if entry and dict(attrs).get("data-preload"):   # the loader's chunks, relative to its entry
                folder = entry.strip().rsplit("/", 1)[0] + "/" if "/" in entry else ""
                found.extend((tag, "data-preload", folder + chunk) for chunk in dict(attrs)["data-preload"].split())
            self.in_script = tag == "script"

        def handle_endtag(self, tag):
            self.in_script = False

        def handle_data(self, data):
            if self.in_script:
                scripts.append(data)

    Collect().feed(text)
    return found, "\n".join(scripts)


def root_absolute_paths(text: str) -> List[str]:
    """The root-absolute paths ("/assets/x", href="/") a file's text refers to, in order, once each."""
    found = {}
    for pattern in ROOT_ABSOLUTE:
        for match in pattern.finditer(text):
            found.setdefault(match.start("path"), match.group("path"))
    return list(dict.fromkeys(found[start] for start in sorted(found)))


def find_problems(site: Path, pinned: Dict[str, str]) -> List[str]:
    """Everything wrong with a built site, one sentence each (an empty list when all is well)."""
    problems: List[str] = []

    def check_reference(page: Path, reference: str, external_ok: bool = False, folder_ok: bool = False) -> None:
        where = page.relative_to(site).as_posix()
        if re.match(r"^(https?:)?//", reference):
            if not external_ok:
                problems.append(f"{where} loads {reference} from another origin")
            return
        if reference.startswith(SKIPPED_SCHEMES) or re.match(r"^[a-z][a-z0-9+.-]*:", reference):
            return
        target = _resolve(site, page, reference, folder_ok)
        if target is not None and not target.exists():
            problems.append(f"{where} refers to {reference}, which is not in the site")

    def check_script(page: Path, text: str) -> None:
        in_pyodide = page.parent.name == "pyodide"
        for match in JS_SPECIFIERS.finditer(text):
            specifier = match.group(2) or match.group(4)
            if specifier.startswith(("./", "../", "/", "http:", "https:")):
                check_reference(page, specifier, folder_ok=True)
            elif not in_pyodide and re.match(r"^[@a-zA-Z]", specifier) and not specifier.startswith("node:"):
                problems.append(f"{page.relative_to(site).as_posix()} imports the bare name {specifier!r}")

    def check_relative(page: Path, text: str, more: List[str] = ()) -> None:
        """GitHub Pages serves a project site under /<repo>/, where a path from the root misses."""
        for path in dict.fromkeys([*more, *root_absolute_paths(text)]):
            problems.append(f"{page.relative_to(site).as_posix()} refers to the root-absolute path {path}, "
                            "which misses when the site is served under a sub-path: make it relative")

    for page in sorted(site.rglob("*")):
        if page.suffix == ".html":
            text = page.read_text(errors="replace")
            attributes, inline = _html_references(text)
            for tag, name, value in attributes:
                check_reference(page, value, external_ok=tag == "a" and name == "href")
            check_script(page, inline)
            check_relative(page, text, [value for _, _, value in attributes if re.match(r"^/(?![/\\])", value)])
        elif page.suffix in (".js", ".mjs", ".css"):
            text = page.read_text(errors="replace")
            if page.suffix == ".css":
                for match in CSS_URLS.finditer(text):
                    check_reference(page, match.group(2) or match.group(4))
            elif page.parent.name != "pyodide" or page.name == "pyodide.mjs":
                check_script(page, text)
            check_relative(page, text)
    lock_path = site / "pyodide" / "pyodide-lock.json"
    if lock_path.exists():
        lock = json.loads(lock_path.read_text())
        if lock["info"].get("version") != PYODIDE_VERSION:
            problems.append(f"pyodide-lock.json says version {lock['info'].get('version')}, not {PYODIDE_VERSION}")
        for name, entry in lock["packages"].items():
            wheel = lock_path.parent / entry["file_name"]
            if not wheel.exists():
                problems.append(f"pyodide-lock.json lists {entry['file_name']} for {name}, which is not in the site")
            elif sha256_of(wheel) != entry["sha256"]:
                problems.append(f"{entry['file_name']} does not have the sha256 pyodide-lock.json gives it")
    else:
        problems.append("pyodide/pyodide-lock.json is missing")
    for relative, sha in pinned.items():
        path = site / relative
        if not path.exists():
            problems.append(f"{relative} is missing")
        elif sha256_of(path) != sha:
            problems.append(f"{relative} does not have the sha256 that site_build/pins.py pins")
    return problems


def check_site(config: BuildConfig, state: BuildState) -> None:
    """Every reference resolves inside the site, nothing names another origin, no path starts at the
    server's root (GitHub Pages serves the site under /<repo>/), pinned hashes match."""
    problems = find_problems(state.staging, PINNED_FILES)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        for problem in problems[1:]:
            config.log(f"also: {problem}")
        raise BuildError(f"the built site failed its check: {problems[0]}{more}")
    files = [path for path in state.staging.rglob("*") if path.is_file()]
    state.file_count = len(files)
    state.size_bytes = sum(path.stat().st_size for path in files)
