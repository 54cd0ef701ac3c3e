"""The article's figures in Chromium: every figure of every built page becomes a live plot at its
stated state, and its first run's results equal CPython's run of that state; its "Open this in
the playground" link opens the same state in the playground with the same results; and with
JavaScript off the pages read completely (text, tables, a loaded picture for every figure).

The figures are found in the built pages (``[data-figure]``), not in a list kept here. The pages
to look at are those whose Markdown has ``{{ figure:ID }}`` placeholders (site_src/pages), and
every one of those must have become a built figure. The stated state of each figure is
``assets/figures/figures.json`` (site_build/figures.py: the runs the figure's spec states).
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import page_points, relative_difference, wait_until
from cpython_compare import chaos_horizons, cpython_run, same_end

REPO = Path(__file__).resolve().parents[3]
PAGES = REPO / "site_src" / "pages"
PLACEHOLDER = re.compile(r"\{\{\s*figure:([A-Za-z0-9_-]+)\s*\}\}")
COLUMNS = ("start-x", "start-y", "end-x", "end-y", "f-end", "steps")
FIGURE_TIMEOUT = 120.0   # Python's cold start on a busy machine, then the figure's runs


def built_path(source: Path) -> str:
    """The built file of a Markdown page (use_directory_urls): article.md -> article/index.html."""
    relative = source.relative_to(PAGES).with_suffix("")
    if relative.name == "index":
        return (relative.parent / "index.html").as_posix().lstrip("./") or "index.html"
    return (relative / "index.html").as_posix()


def placeholder_pages():
    """{built path: [figure ids]} for every Markdown page with figure placeholders."""
    found = {}
    for source in sorted(PAGES.rglob("*.md")):
        ids = PLACEHOLDER.findall(source.read_text())
        if ids:
            found[built_path(source)] = ids
    return found


PLACEHOLDER_PAGES = placeholder_pages()


class FigureParser(HTMLParser):
    """The figures of a built page: [{id, function, state, picture, alt, width, height, link}]."""

    def __init__(self):
        super().__init__()
        self.figures = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-figure" in attrs:
            self.current = {"id": attrs["data-figure"], "function": attrs.get("data-function"),
                            "state": attrs.get("data-state"), "playground": "data-playground" in attrs}
            self.figures.append(self.current)
        elif self.current is not None and tag == "img" and "picture" not in self.current:
            self.current.update(picture=attrs.get("src"), alt=attrs.get("alt"), width=attrs.get("width"),
                                height=attrs.get("height"))
        elif self.current is not None and tag == "a" and "op-figure-link" in (attrs.get("class") or ""):
            self.current["link"] = attrs.get("href")
            self.current = None


def figures_of(site: Path, path: str):
    parser = FigureParser()
    parser.feed((site / path).read_text())
    return parser.figures


def figure_pages(site: Path):
    """{built path: figures} for every built page that holds figures."""
    pages = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith(("assets/", "pyodide/")):
            continue
        found = figures_of(site, relative)
        if found:
            pages[relative] = found
    return pages


def page_url(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


@pytest.fixture(scope="session")   # cheap and read-only: its tests spread over the workers
def manifest(built_site):
    path = built_site / "assets" / "figures" / "figures.json"
    assert path.exists(), "the build wrote no assets/figures/figures.json"
    return json.loads(path.read_text())


# --- the build put every figure in place ----------------------------------------------------

def test_every_figure_placeholder_became_a_built_figure(built_site, manifest):
    assert PLACEHOLDER_PAGES, "no page of site_src/pages has a {{ figure:ID }} placeholder"
    built = figure_pages(built_site)
    for path, ids in PLACEHOLDER_PAGES.items():
        assert (built_site / path).exists(), f"{path} was not built"
        found = [figure["id"] for figure in built.get(path, [])]
        assert found == ids, f"{path}: the Markdown places figures {ids}, the built page has {found}"
    for path, found in built.items():
        text = (built_site / path).read_text()
        assert "{{ figure" not in text and "{{figure" not in text, f"{path} still has a figure placeholder"
        for figure in found:
            assert figure["playground"] and figure["state"], (path, figure)
            assert figure.get("picture") and figure.get("alt") and figure.get("width") and figure.get("height"), figure
            assert (built_site / path).parent.joinpath(figure["picture"]).resolve().is_file(), figure["picture"]
            assert figure.get("link"), f"{path}: figure {figure['id']} has no playground link"
            assert figure["id"] in manifest and manifest[figure["id"]]["page"] == page_url(path), figure["id"]
            assert manifest[figure["id"]]["hash"] == figure["state"], figure["id"]
    # the service worker stores the pictures for offline reading
    sw = (built_site / "sw.js").read_text()
    for found in built.values():
        for figure in found:
            assert f'"assets/figures/{figure["id"]}.svg"' in sw, figure["id"]


# --- live figures against CPython ---------------------------------------------------------------

def compare_with_cpython(opened, index: int, stated: dict, differences) -> float:
    """The figure's results table (and, for a chaotic run, its drawn points up to the horizon)
    equals CPython's run of the stated state; the largest relative difference."""
    rows = opened.results(index)
    expected = cpython_run(stated)
    # Rows whose end is not CPython's are compared step by step up to their chaos horizon instead
    # (computed only then: it takes two more runs of the figure).
    horizons = {} if all(same_end(row, expected[(row["key"], starts_index(stated, row))]) for row in rows) \
        else chaos_horizons(stated, expected)
    keys = [run["key"] for run in stated["runs"]]
    assert sorted((row["key"], starts_index(stated, row)) for row in rows) == \
        sorted((key, i) for key in keys for i in range(len(stated["starts"]))), rows
    largest = 0.0

    def close(got: float, want: float, what: str) -> None:
        nonlocal largest
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{what}: page {got!r}, CPython {want!r}"
        if max(abs(got), abs(want)) > 1e-12:
            largest = max(largest, relative_difference(got, want))

    for row in rows:
        r = starts_index(stated, row)
        status, last, points, values = expected[(row["key"], r)]
        what = f"{stated['id']} {row['key']} start {r}"
        if (row["key"], r) in horizons:
            horizon = horizons[(row["key"], r)]
            drawn = page_points(opened.page, index, row["key"], horizon, r)
            assert len(drawn) == min(horizon, last + 1), what
            for step, (x, y) in enumerate(drawn):
                close(x, float(points[step, 0]), f"{what} x at step {step}")
                close(y, float(points[step, 1]), f"{what} y at step {step}")
            differences.chaotic.append(f"figure {stated['id']}/{row['key']} (horizon {horizon})")
            continue
        assert row["status"] == status, (what, row, status)
        assert int(float(row["steps"])) == last, (what, row, last)
        close(float(row["end-x"]), float(points[last, 0]), f"{what} end-x")
        close(float(row["end-y"]), float(points[last, 1]), f"{what} end-y")
        close(float(row["f-end"]), float(values[last]), f"{what} f-end")
    if largest > differences.largest:
        differences.largest, differences.where = largest, f"(figure {stated['id']})"
    return largest


def numbers(rows):
    """The rows' keys, numbers and statuses (a label's note, such as "same path as …", depends on
    the plot's size on screen)."""
    return [(row["key"], row["status"], *(row[c] for c in COLUMNS)) for row in rows]


def starts_index(stated: dict, row: dict) -> int:
    start = [float(row["start-x"]), float(row["start-y"])]
    return stated["starts"].index(start)


def figure_state(opened, index: int):
    return opened.page.evaluate(
        """(index) => {
          const e = document.querySelectorAll('[data-playground]')[index];
          return {picture: e.dataset.picture, run: e.dataset.run, contour: e.dataset.contour,
                  hasImage: !!e.querySelector('.op-figure-picture'), python: document.documentElement.dataset.python};
        }""", index)


def wait_figure_live(opened, index: int) -> None:
    """Scrolled to (figures mount when near the viewport): the live plot replaced the picture and
    the figure's runs are done."""
    opened.page.locator("[data-playground]").nth(index).scroll_into_view_if_needed()
    wait_until(opened.page, f"""(() => {{
        const e = document.querySelectorAll('[data-playground]')[{index}];
        return [e.dataset.picture, e.dataset.run, document.documentElement.dataset.python].join(' ');
      }})()""", lambda s: s == "replaced done ready" or s.endswith("failed"), FIGURE_TIMEOUT,
               what=f"figure {index} to go live and finish its runs")
    assert opened.python_status() == "ready"


def stated_entries(opened, index: int):
    """The live playground's enabled entries and starts, as it sends them to Python."""
    return opened.page.evaluate(
        """(index) => {
          const {state} = document.querySelectorAll('[data-playground]')[index].playground;
          return {fn: state.fn, params: state.params, starts: state.starts,
                  runs: state.entries.filter((e) => e.enabled).map(({key, optimizer, hyperparams, steps}) => ({key, optimizer, hyperparams, steps}))};
        }""", index)


@pytest.mark.parametrize("path", sorted(PLACEHOLDER_PAGES), ids=lambda p: p.replace("/index.html", "") or "index")
def test_every_figure_goes_live_and_equals_cpython(open_site, site_url, built_site, manifest, differences, path):
    found = figures_of(built_site, path)
    assert [f["id"] for f in found] == PLACEHOLDER_PAGES[path], "the build placed other figures (see the test above)"
    opened = open_site(page_url(path), wait_contour=False)
    page = opened.page
    ids = page.evaluate("[...document.querySelectorAll('[data-playground]')].map((e) => e.dataset.figure ?? null)")
    assert [i for i in ids if i] == [f["id"] for f in found]
    # Before it is live a figure shows its picture (nothing is blank while Python loads).
    for index in range(len(ids)):
        state = figure_state(opened, index)
        assert state["hasImage"] or state["picture"] == "replaced", (index, state)
    # More than one playground: none writes the page's URL.
    assert page.evaluate("location.hash") == ""
    results = {}
    for index, figure_id in enumerate(ids):
        if figure_id is None:
            continue
        stated = {**manifest[figure_id], "id": figure_id}
        wait_figure_live(opened, index)
        state = figure_state(opened, index)
        assert not state["hasImage"] and state["contour"] == stated["function"], state
        assert page.locator("[data-playground]").nth(index).locator("canvas.pg-canvas-overlay").is_visible()
        # the live playground holds the stated state, and its results are CPython's for it
        live = stated_entries(opened, index)
        assert live == {"fn": stated["function"], "params": stated["params"], "starts": stated["starts"],
                        "runs": stated["runs"]}, figure_id
        compare_with_cpython(opened, index, stated, differences)
        assert sorted(opened.drawn_paths(index)) == sorted(run["key"] for run in stated["runs"])
        results[figure_id] = opened.results(index)
    assert page.evaluate("location.hash") == ""
    opened.assert_clean()

    # Each figure's link opens the same state in the playground, with the same results: the
    # first cold, the others by changing the playground page's hash (as pasting the link does).
    playground = None
    for figure in found:
        target = urljoin(site_url + page_url(path), figure["link"])
        assert target.startswith(site_url) and "#" in target, target
        if playground is None:
            playground = open_site(target[len(site_url):], wait_contour=False)
            playground.wait_ready_and_run()
        else:
            previous = playground.page.evaluate("performance.getEntriesByName('op:table-filled').length")
            playground.page.evaluate("(hash) => { location.hash = hash; }", target[target.index("#"):])
            wait_until(playground.page, "performance.getEntriesByName('op:table-filled').length",
                       lambda n: n > previous, FIGURE_TIMEOUT, what=f"the link of {figure['id']} to run")
            playground.wait_run_done()
        assert playground.page.evaluate("document.querySelectorAll('[data-playground]').length") == 1
        assert not playground.page.evaluate("document.querySelector('[data-playground]').dataset.figure ?? null")
        assert numbers(playground.results()) == numbers(results[figure["id"]]), figure["id"]
    playground.assert_clean()


# --- without JavaScript ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(PLACEHOLDER_PAGES), ids=lambda p: p.replace("/index.html", "") or "index")
def test_the_article_reads_completely_without_javascript(browser, site_url, built_site, path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(site_url + page_url(path))
        page.wait_for_load_state("load")
        assert page.locator(".pg").count() == 0   # no script ran: no playground was mounted
        main = page.locator("main")
        text = " ".join(main.inner_text().split())
        # every paragraph, heading, list item and table cell of the page's HTML is shown
        source = (built_site / path).read_text()
        parser = TextParser()
        parser.feed(source)
        for piece in parser.pieces:
            assert piece in text, f"{path}: not shown without JavaScript: {piece[:80]!r}"
        tables = page.locator("main table")
        assert tables.count() == source.count("<table")
        for i in range(tables.count()):
            assert tables.nth(i).is_visible() and tables.nth(i).locator("tr").count() >= 2
        # every figure: its picture loaded and shown at a real size, its caption and link
        figures = page.locator("figure.op-figure")
        assert figures.count() == len(PLACEHOLDER_PAGES[path])
        for i in range(figures.count()):
            figure = figures.nth(i)
            image = figure.locator("img.op-figure-picture")
            image.scroll_into_view_if_needed()
            wait_until(page, f"document.querySelectorAll('figure.op-figure img')[{i}].complete", timeout=15)
            natural = image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
            assert natural[0] > 0 and natural[1] > 0, (i, natural)
            box = image.bounding_box()
            assert box["width"] > 200 and box["height"] > 150, box
            live = figure.locator("[data-playground]").bounding_box()
            # no empty box: the picture fills the figure's box (its padding aside)
            assert live["height"] < box["height"] + 60, (live, box)
            assert figure.locator("figcaption").inner_text().strip()
            assert figure.locator("a.op-figure-link").is_visible()
        # no other playground is left as an empty box
        assert page.locator("[data-playground]:not([data-figure])").count() == 0
        assert not [url for url in failed if "/assets/figures/" in url], failed
    finally:
        context.close()


class TextParser(HTMLParser):
    """The text runs of <main>'s paragraphs, headings, list items, table cells and captions
    (whitespace folded; a formula, script or hidden element splits a run, as its rendered text
    may differ from its source)."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "td", "th", "figcaption", "dt", "dd"}
    SKIPPED = {"script", "style", "noscript", "math", "template", "svg"}
    VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.runs, self.stack, self.in_main, self.skip = [], [], False, 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        skipping = tag in self.SKIPPED or "hidden" in dict(attrs)
        self.stack.append((tag, skipping))
        if tag == "main":
            self.in_main = True
        if skipping:
            self.skip += 1
        if self.in_main and (tag in self.BLOCKS or skipping):
            self.runs.append("")

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            name, skipping = self.stack.pop()
            if skipping:
                self.skip -= 1
                self.runs.append("")
            if name == tag:
                break
        if tag == "main":
            self.in_main = False
        if tag in self.BLOCKS:
            self.runs.append("")

    def handle_data(self, data):
        if self.in_main and not self.skip and self.runs:
            self.runs[-1] += data

    @property
    def pieces(self):
        return [piece for piece in (" ".join(run.split()) for run in self.runs) if piece]
