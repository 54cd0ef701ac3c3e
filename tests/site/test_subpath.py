"""The site under a sub-path, as GitHub Pages serves a project site (https://<user>.github.io/<repo>/).

scripts/serve.py's ``prefix`` serves the built site under /optimizer-paths/ only; a crawl over plain
HTTP then follows every page's links and every reference of its HTML, CSS, JS and JSON and finds each
one under the prefix. site_build/check.py refuses root-absolute paths, which would miss there.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from pathlib import Path

import pytest

from serve import normalise_prefix, serve_in_background
from site_build.check import CSS_URLS, JS_SPECIFIERS, _html_references, find_problems, root_absolute_paths

REPO = Path(__file__).resolve().parents[2]
PREFIX = "/optimizer-paths/"
# Files the worker asks for by names it puts together at run time (new URL(name, PYODIDE_URL)),
# which no pattern can follow from its source; the crawl starts from these too, where the site has them.
RUN_TIME_ENTRIES = ["pyodide/runtime.json", "pyodide/pyodide-lock.json", "pyodide/pyodide.mjs"]
JSON_FILE_KEYS = {"file", "file_name", "name", "path", "url"}   # catalog grids, lock wheels, runtime files
RELATIVE_FILE = re.compile(r"^(?:\.{1,2}/)*[\w.+-]+(?:/[\w.+-]+)*\.[a-z0-9]+$")
SOURCE_MAP = re.compile(r"^//[#@]\s*sourceMappingURL=(\S+)", re.M)      # a source map, beside its file


@pytest.fixture(scope="module")
def prefixed(built_site):
    """(server, base URL ending in /optimizer-paths/) serving ``built_site`` under the prefix."""
    server, url = serve_in_background(built_site, prefix=PREFIX)
    yield server, url
    server.shutdown()
    server.server_close()


def request(url: str, method: str = "GET"):
    """(status, headers, body) without following redirects."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


# --- references in what the server sends ---------------------------------------------------


def html_references(text: str):
    """(reference, is_page_link) for URL-bearing attributes, plus the inline scripts' specifiers."""
    attributes, scripts = _html_references(text)   # the build check's own reading of HTML
    return ([(value, tag == "a") for tag, _, value in attributes]
            + [(reference, False) for reference in js_references(scripts)])


def js_references(text: str):
    """Relative module specifiers, new URL(x, import.meta.url) and a source map comment."""
    found = [match.group(2) or match.group(4) for match in JS_SPECIFIERS.finditer(text)]
    return [reference for reference in found if reference.startswith(("./", "../", "/"))] + SOURCE_MAP.findall(text)


def json_references(value):
    """File names a JSON file gives relative to itself (catalog grids, lock wheels, runtime files)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in JSON_FILE_KEYS and isinstance(item, str) and RELATIVE_FILE.match(item):
                yield item
            else:
                yield from json_references(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_references(item)


def references(url: str, body: bytes):
    """(reference, fetch_it) for what a served file refers to; a folder a script builds URLs on is
    checked to exist in the site but not fetched (GitHub Pages lists no folders)."""
    path = urllib.parse.urlsplit(url).path
    text = body.decode("utf-8", errors="replace")
    if path.endswith(("/", ".html")):
        return [(reference, is_link or not reference.endswith("/")) for reference, is_link in html_references(text)]
    if path.endswith((".js", ".mjs")) and ("/pyodide/" not in path or path.endswith("/pyodide.mjs")):
        return [(reference, not reference.endswith("/")) for reference in js_references(text)]
    if path.endswith(".css"):
        return [(match.group(2) or match.group(4), True) for match in CSS_URLS.finditer(text)]
    if path.endswith(".json"):
        return [(reference, True) for reference in json_references(json.loads(text))]
    return []


def crawl(base: str, site: Path):
    """Fetch everything reachable from ``base`` (and RUN_TIME_ENTRIES); returns (fetched, problems)
    where fetched maps each site file reached to the bytes served for it."""
    prefix_path = urllib.parse.urlsplit(base).path
    fetched, problems = {}, []
    queue = deque([(base, "the start", True)])
    queue.extend((base + entry, "the worker", True) for entry in RUN_TIME_ENTRIES if (site / entry).is_file())
    done = set()
    while queue:
        url, referrer, fetch_it = queue.popleft()
        url = urllib.parse.urldefrag(url)[0].split("?")[0]
        if (url, fetch_it) in done:
            continue
        done.add((url, fetch_it))
        if not url.startswith(base):
            problems.append(f"{referrer} refers to {url}, outside {prefix_path}")
            continue
        relative = urllib.parse.unquote(url[len(base):])
        local = site / relative
        if not fetch_it:
            if not local.is_dir():
                problems.append(f"{referrer} builds URLs on {url}, which is no folder of the site")
            continue
        status, headers, body = request(url)
        if status != 200:
            problems.append(f"{referrer} refers to {url}, which is HTTP {status} under the prefix")
            continue
        if b"<title>Directory listing for" in body:
            problems.append(f"{referrer} refers to the folder {url}, which GitHub Pages would not list")
            continue
        fetched[(local / "index.html" if relative.endswith("/") or not relative else local)
                .relative_to(site).as_posix()] = (headers.get("Content-Type", ""), body)
        for reference, fetch_reference in references(url, body):
            if reference.startswith(("data:", "blob:", "mailto:", "javascript:", "#", "about:")):
                continue
            if re.match(r"^(https?:)?//", reference):
                continue                                    # other origins: site_build/check.py's part
            queue.append((urllib.parse.urljoin(url, reference), url, fetch_reference))
    return fetched, problems


# --- the site under /optimizer-paths/ --------------------------------------------------------


def test_every_page_and_every_reference_resolves_under_the_prefix(built_site, prefixed):
    _, base = prefixed
    assert base.endswith(PREFIX)
    fetched, problems = crawl(base, built_site)
    assert problems == []
    pages = {path.relative_to(built_site).as_posix() for path in built_site.rglob("index.html")}
    assert pages and pages <= set(fetched), f"pages no link reaches: {sorted(pages - set(fetched))}"
    for relative, (content_type, body) in fetched.items():
        assert body == (built_site / relative).read_bytes(), relative
    # the crawl went everywhere the page goes: its scripts and styles, the data, Python
    reached = set(fetched)
    for relative in ["assets/data/catalog.json", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip",
                     "pyodide/pyodide.asm.js"]:
        assert relative in reached, relative
    catalog = json.loads((built_site / "assets/data/catalog.json").read_text())
    for function in catalog["functions"]:
        assert f"assets/data/{function['grid']['file']}" in reached
    lock = json.loads((built_site / "pyodide/pyodide-lock.json").read_text())
    for entry in lock["packages"].values():
        assert f"pyodide/{entry['file_name']}" in reached
    for kind in ("*.js", "*.mjs", "*.css"):
        for path in (built_site / "assets").rglob(kind):
            assert path.relative_to(built_site).as_posix() in reached, path
    assert fetched["pyodide/pyodide.asm.wasm"][0] == "application/wasm"
    assert fetched["index.html"][0].startswith("text/html")
    assert fetched["assets/app/worker.mjs"][0].startswith("text/javascript")


def test_every_file_of_the_site_is_served_under_the_prefix(built_site, prefixed):
    """Also what no page names (sitemaps, licences, a service worker's own list)."""
    _, base = prefixed
    for path in sorted(built_site.rglob("*")):
        if path.is_file():
            relative = path.relative_to(built_site).as_posix()
            status, _, body = request(base + urllib.parse.quote(relative))
            assert (status, body == path.read_bytes()) == (200, True), relative


def test_outside_the_prefix_everything_is_a_404(built_site, prefixed):
    _, base = prefixed
    origin = base[: -len(PREFIX)]
    for path in ["/", "/index.html", "/assets/data/catalog.json", "/pyodide/pyodide.mjs", "/article/",
                 "/optimizer-pathsX/", "/optimizer/", "/x/optimizer-paths/"]:
        assert request(origin + path)[0] == 404, path
        assert request(origin + path, "HEAD")[0] == 404, path
    assert request(base)[0] == 200 and request(base, "HEAD")[0] == 200


def test_the_bare_prefix_redirects_to_it_with_the_slash(built_site, prefixed):
    _, base = prefixed
    origin = base[: -len(PREFIX)]
    status, headers, _ = request(origin + "/optimizer-paths")
    assert (status, headers["Location"]) == (301, "/optimizer-paths/")
    status, headers, _ = request(origin + "/optimizer-paths?x=1")
    assert (status, headers["Location"]) == (301, "/optimizer-paths/?x=1")
    # a folder inside the prefix keeps it when it gets its slash
    status, headers, _ = request(base + "article")
    assert (status, urllib.parse.urlsplit(headers["Location"]).path) == (301, "/optimizer-paths/article/")
    # urllib (as a browser) ends on the page
    with urllib.request.urlopen(origin + "/optimizer-paths", timeout=30) as response:
        assert response.url == base and response.read() == (built_site / "index.html").read_bytes()


def test_without_a_prefix_the_site_is_served_from_the_root_as_before(built_site):
    server, url = serve_in_background(built_site)
    try:
        assert urllib.parse.urlsplit(url).path == "/"
        assert request(url)[0] == 200
        assert request(url + "assets/data/catalog.json")[0] == 200
        assert request(url + "optimizer-paths/")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_prefixes_are_normalised_and_odd_ones_refused():
    assert [normalise_prefix(p) for p in ["/", "", "optimizer-paths", "/optimizer-paths", "/optimizer-paths/",
                                          "/a//b"]] == ["/", "/", PREFIX, PREFIX, PREFIX, "/a/b/"]
    for odd in ["/../x", "/a?b", "/a#b", "/a b", "/%2e%2e/"]:
        with pytest.raises(ValueError):
            normalise_prefix(odd)


def test_the_command_line_serves_under_a_prefix(built_site):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, str(REPO / "scripts" / "serve.py"), "--root", str(built_site),
                                "--port", str(port), "--prefix", "optimizer-paths", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/optimizer-paths/" in line, line + process.stderr.read()
        assert request(f"http://127.0.0.1:{port}/optimizer-paths/")[0] == 200
        assert request(f"http://127.0.0.1:{port}/")[0] == 404
    finally:
        process.terminate()
        process.wait(timeout=30)
    refused = subprocess.run([sys.executable, str(REPO / "scripts" / "serve.py"), "--root", str(built_site),
                              "--prefix", "/../x"], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "--prefix" in refused.stderr and "Traceback" not in refused.stderr


# --- the build refuses root-absolute paths ---------------------------------------------------


def test_the_built_site_has_no_root_absolute_path(built_site):
    assert [problem for problem in find_problems(built_site, {}) if "root-absolute" in problem] == []


def test_the_check_finds_root_absolute_paths_in_html_css_and_js(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "app").mkdir(parents=True)
    (site / "assets" / "css").mkdir(parents=True)
    (site / "pyodide").mkdir()
    (site / "pyodide" / "pyodide-lock.json").write_text(json.dumps({"info": {"version": "0.27.7"}, "packages": {}}))
    for relative in ["assets/app/here.js", "assets/css/site.css", "assets/data.json", "pyodide/pyodide.mjs"]:
        (site / relative).touch()
    (site / "index.html").write_text(
        '<a href="/">home</a><a href=/article/>unquoted</a><link rel="stylesheet" href="/assets/css/site.css">'
        '<script type="module" src="/assets/app/here.js"></script><img src="/logo.svg" alt="">'
        '<div style="background: url(/bg.png)"></div>'
        '<script type="module">import "/assets/app/here.js"; fetch("/assets/data.json");</script>'
        # all fine: relative, other origins, protocol-relative (another origin's concern), anchors
        '<a href="article/">ok</a><a href="./">ok</a><a href="https://example.org/x">ok</a><a href="#top">ok</a>'
        '<link rel="stylesheet" href="assets/css/site.css">')
    (site / "assets" / "app" / "main.js").write_text(
        'import {a} from "/assets/app/here.js";\n'
        'const data = await fetch("/assets/data.json");\n'
        'const wasm = new URL("/pyodide/pyodide.asm.wasm", location.href);\n'
        "const worker = new Worker(`/assets/app/worker.mjs`);\n"
        "element.innerHTML = '<img src=\"/cat.png\">';\n"
        'const link = el("a", {href: "/"});\n'
        'const base = "/pyodide/";\n'
        # all fine
        'import {b} from "./here.js"; const c = new URL("../data.json", import.meta.url);\n'
        'if (path.endsWith("/")) path += "index.html"; const parts = path.split("/");\n'
        'const d = x / 2 / y; const re = /\\/assets\\//;\n')
    (site / "assets" / "css" / "site.css").write_text(
        '@import "/assets/css/base.css";\nbody { background: url("/assets/bg.png"); }\n'
        "h1 { background: url(img/ok.png), url(data:image/png;base64,AAA=); }\n")
    problems = find_problems(site, {})
    flagged = {(problem.split(" ")[0], problem.split("root-absolute path ")[1].split(",")[0])
               for problem in problems if "root-absolute" in problem}
    assert flagged == {
        ("index.html", "/"), ("index.html", "/article/"), ("index.html", "/assets/css/site.css"),
        ("index.html", "/assets/app/here.js"), ("index.html", "/logo.svg"), ("index.html", "/bg.png"),
        ("index.html", "/assets/data.json"),
        ("assets/app/main.js", "/assets/app/here.js"), ("assets/app/main.js", "/assets/data.json"),
        ("assets/app/main.js", "/pyodide/pyodide.asm.wasm"), ("assets/app/main.js", "/assets/app/worker.mjs"),
        ("assets/app/main.js", "/cat.png"), ("assets/app/main.js", "/"), ("assets/app/main.js", "/pyodide/"),
        ("assets/css/site.css", "/assets/css/base.css"), ("assets/css/site.css", "/assets/bg.png")}
    message = next(problem for problem in problems if problem.startswith("assets/app/main.js refers to the root"))
    assert message.endswith("which misses when the site is served under a sub-path: make it relative")
    assert root_absolute_paths('a.href = "//cdn.example.com/x.js"; u = "https://example.org/assets/x"') == []
