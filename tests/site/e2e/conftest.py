"""Fixtures for the end-to-end tests: one headless Chromium per session (``browser``, from
``tests/site/conftest.py``), pages in a warm context shared by the tests that are not about
loading (or in a fresh context, for those that are), and helpers that read the page.

Every context blocks requests outside the site's origin (and the tests assert none was
attempted), and collects console errors and page errors, which the tests assert absent.
Under the page's strict CSP ``wait_for_function`` with a string is blocked, so waiting
is done by polling ``page.evaluate``.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Callable, Dict, List, Optional
from urllib.parse import urlsplit

import pytest

from cpython_compare import (Differences, assert_matches_cpython, chaos_horizon,  # noqa: F401  (tests import
                             cpython_trajectory, page_points, relative_difference)  # them from here)

PYTHON_READY_TIMEOUT = 90.0   # a cold Pyodide load takes ~5 s, more on a busy 2-core machine
RUN_TIMEOUT = 30.0


def wait_until(page, expression: str, predicate: Callable = bool, timeout: float = 30.0,
               interval: float = 0.1, what: str = ""):
    """Poll ``page.evaluate(expression)`` until ``predicate(value)``; return the value."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if predicate(value):
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what or expression}; last value {value!r}")


@dataclasses.dataclass
class OpenedPage:
    """A page of the built site plus what its context saw."""

    page: object
    context: object
    origin: str
    console_errors: List[str]
    page_errors: List[str]
    outside_requests: List[str]
    held: List[object]
    holding: Dict[str, bool]

    # --- Python and runs ---------------------------------------------------------------

    def python_status(self) -> str:
        return self.page.evaluate("document.documentElement.dataset.python")

    def wait_python(self, status: str = "ready", timeout: float = PYTHON_READY_TIMEOUT) -> float:
        began = time.monotonic()
        wait_until(self.page, "document.documentElement.dataset.python", lambda s: s in (status, "failed")
                   if status != "failed" else s == "failed", timeout, what=f'data-python="{status}"')
        assert self.python_status() == status, self.page.locator(".pg-python").first.inner_text()
        return time.monotonic() - began

    def wait_ready_and_run(self) -> None:
        """Python ready, then the link's (or the click's) runs done."""
        self.wait_python("ready")
        self.wait_run_done()

    def release(self) -> None:
        """Let the held Pyodide requests through."""
        self.holding["on"] = False
        for route in self.held:
            route.continue_()
        self.held.clear()

    def playground(self, index: int = 0):
        return self.page.locator("[data-playground]").nth(index)

    def click_plot(self, fx: float, fy: float, index: int = 0, modifiers=None) -> None:
        """Click the plot area at fractions (fx, fy) of its width and height (0, 0 top left)."""
        canvas = self.playground(index).locator("canvas.pg-canvas-overlay")
        box = canvas.bounding_box()
        left, top, right, bottom = 52, 12, box["width"] - 14, box["height"] - 40  # scales.js MARGIN
        position = {"x": left + fx * (right - left), "y": top + fy * (bottom - top)}
        canvas.click(position=position, modifiers=modifiers or [])

    def run_state(self, index: int = 0) -> str:
        return self.playground(index).get_attribute("data-run")

    def wait_run_done(self, index: int = 0, timeout: float = RUN_TIMEOUT) -> None:
        wait_until(self.page, f"document.querySelectorAll('[data-playground]')[{index}].dataset.run",
                   lambda s: s == "done", timeout, what="the run to finish")

    def results(self, index: int = 0) -> List[dict]:
        """The results table's rows: {key, label, <col>: float from data-value, status}."""
        return self.page.evaluate(
            """(index) => {
              const table = document.querySelectorAll('[data-playground]')[index].querySelector('.pg-results table');
              if (!table) return [];
              return [...table.tBodies].flatMap((body) => [...body.rows]).filter((tr) => tr.dataset.key).map((tr) => {
                const row = {key: tr.dataset.key, label: tr.querySelector('th').textContent};
                for (const cell of tr.querySelectorAll('[data-col]')) {
                  row[cell.dataset.col] = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
                }
                return row;
              });
            }""", index)

    def drawn_paths(self, index: int = 0) -> List[str]:
        text = self.playground(index).locator(".pg-plot").get_attribute("data-paths") or ""
        return text.split()

    def overlay_pixels_near(self, color: str, index: int = 0, tolerance: int = 12) -> int:
        """How many overlay pixels are within ``tolerance`` of ``color`` ("#rrggbb")."""
        return self.page.evaluate(
            """([index, color, tol]) => {
              const canvas = document.querySelectorAll('[data-playground]')[index].querySelector('canvas.pg-canvas-overlay');
              const {data} = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
              const r = parseInt(color.slice(1, 3), 16), g = parseInt(color.slice(3, 5), 16), b = parseInt(color.slice(5, 7), 16);
              let count = 0;
              for (let i = 0; i < data.length; i += 4) {
                if (data[i + 3] > 250 && Math.abs(data[i] - r) <= tol && Math.abs(data[i + 1] - g) <= tol &&
                    Math.abs(data[i + 2] - b) <= tol) count++;
              }
              return count;
            }""", [index, color, tolerance])

    def base_fingerprint(self, index: int = 0) -> List[int]:
        """A coarse sample of the contour layer's pixels, to tell two pictures apart."""
        return self.page.evaluate(
            """(index) => {
              const canvas = document.querySelectorAll('[data-playground]')[index].querySelector('canvas.pg-canvas-base');
              const {data, width, height} = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
              const out = [];
              for (let j = 1; j < 16; j++) for (let i = 1; i < 16; i++) {
                const k = (Math.floor(j * height / 16) * width + Math.floor(i * width / 16)) * 4;
                out.push(data[k], data[k + 1], data[k + 2]);
              }
              return out;
            }""", index)

    def marks(self) -> Dict[str, float]:
        return self.page.evaluate(
            "Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))")

    def assert_clean(self, allow_console: Callable[[str], bool] = lambda text: False) -> None:
        assert not self.outside_requests, f"requests outside the site's origin: {self.outside_requests}"
        errors = [e for e in self.console_errors if not allow_console(e)]
        assert not errors, f"console errors: {errors}"
        assert not self.page_errors, f"page errors: {self.page_errors}"


DEFAULT_VIEWPORT = {"width": 1100, "height": 1200}


class WarmContext:
    """One browser context per xdist worker that the pages of tests not about loading share: after
    the first page its HTTP cache, service worker and stored Python heap snapshot are warm, so a
    later page's Python is ready sooner (tests about loading, offline use or held downloads open a
    fresh context: ``open_site(..., cold=True)``, or ``pytestmark = pytest.mark.cold`` on a module).
    Requests outside the site's origin are blocked here too, and counted against the pages of the
    test that is running."""

    def __init__(self, browser, site_url: str):
        self.browser = browser
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
        self.opened: List["OpenedPage"] = []   # the pages of the running test
        self.context = None
        self.closed = True

    def get(self):
        """The warm context; a new one if a test closed it (``opened.context.close()``)."""
        if self.closed:
            self.context = self.browser.new_context(viewport=DEFAULT_VIEWPORT)
            self.closed = False
            self.context.on("close", lambda _: setattr(self, "closed", True))
            self.context.route("**/*", self.handle)
        return self.context

    def handle(self, route, request) -> None:
        url = request.url
        if url.startswith(self.origin + "/") or url == self.origin or url.startswith(("blob:", "data:")):
            route.continue_()
            return
        for opened in self.opened or []:
            opened.outside_requests.append(url)
        route.abort()


@pytest.fixture(scope="session")
def warm_context(browser, site_url):
    warm = WarmContext(browser, site_url)
    yield warm
    if not warm.closed:
        warm.context.close()


@pytest.fixture
def open_site(browser, site_url, warm_context, request):
    """``open_site(path, hold_pyodide=False, route=None, cold=False)`` -> OpenedPage, closed after the test.

    ``hold_pyodide`` holds every request under pyodide/ until ``release()``; ``route`` is an
    extra ``(route, request) -> bool`` handler that returns True when it handled the request.
    The page opens in the worker's warm context (``WarmContext``) unless it holds or routes
    requests, is served from another base, or the test asks for a cold one (``cold=True`` or the
    ``cold`` marker); a cold page gets a fresh context of its own.
    """
    contexts, pages = [], []
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    marked_cold = request.node.get_closest_marker("cold") is not None

    def open_page(path: str = "", *, hold_pyodide: bool = False, route: Optional[Callable] = None,
                  viewport=None, wait_contour: bool = True, base: Optional[str] = None,
                  cold: bool = False, panels_open: bool = True) -> OpenedPage:
        """``base``: another root URL of the site (say, served under a sub-path); requests
        outside it are blocked and counted like those to other origins. ``panels_open``: open
        the playground's tool panels (closed for a visitor until asked for; layout.js) once the
        contour is drawn, so a test reaches every control."""
        root = base or site_url
        allowed = root if base else origin + "/"
        fresh = cold or marked_cold or hold_pyodide or route is not None or base is not None
        context = browser.new_context(viewport=viewport or DEFAULT_VIEWPORT) if fresh else warm_context.get()
        opened = OpenedPage(page=None, context=context, origin=origin, console_errors=[], page_errors=[],
                            outside_requests=[], held=[], holding={"on": hold_pyodide})
        if fresh:
            contexts.append(context)

            def handle(route_, request_):
                url = request_.url
                if not (url.startswith(allowed) or url == origin) and not url.startswith(("blob:", "data:")):
                    opened.outside_requests.append(url)
                    route_.abort()
                    return
                if route is not None and route(route_, request_):
                    return
                if opened.holding["on"] and "/pyodide/" in urlsplit(url).path:
                    opened.held.append(route_)
                    return
                route_.continue_()

            context.route("**/*", handle)
        else:
            warm_context.opened.append(opened)
        page = context.new_page()
        if not fresh:
            pages.append(page)
            page.set_viewport_size(viewport or DEFAULT_VIEWPORT)
        opened.page = page
        page.on("console", lambda message: message.type == "error" and opened.console_errors.append(message.text))
        page.on("pageerror", lambda error: opened.page_errors.append(str(error)))
        page.goto(root + path)
        if wait_contour:
            # A built-in function's contour comes with the page; a typed formula's waits for Python,
            # which takes more than 15 s to start on a loaded machine with two xdist workers.
            wait_until(page, "performance.getEntriesByName('op:contour-drawn').length",
                       timeout=PYTHON_READY_TIMEOUT, what="the contour to be drawn")
            if panels_open:
                page.evaluate("document.querySelectorAll('details.pg-panel').forEach((d) => { d.open = true; })")
        return opened

    yield open_page
    for page in pages:
        if not page.is_closed():
            page.close()
    warm_context.opened.clear()
    for context in contexts:
        context.close()


# --- the same runs in CPython (cpython_compare.py) ----------------------------------------------

@pytest.fixture(scope="session")
def differences():
    return Differences


def difference_lines() -> List[str]:
    """The largest page-vs-CPython difference of this process, as lines for the end of the run."""
    if not Differences.where:
        return []
    lines = [f"largest page-vs-CPython relative difference: {Differences.largest:.3g} {Differences.where}"]
    if Differences.chaotic:
        lines.append("compared step by step up to their chaos horizon: "
                     + ", ".join(sorted(set(Differences.chaotic))))
    return lines


def pytest_sessionfinish(session):
    """Under xdist a worker's terminal summary is not shown: hand the lines to the controller, which
    prints them (tests/conftest.py)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["summary_lines"] = difference_lines()


def pytest_terminal_summary(terminalreporter):
    """Report the largest page-vs-CPython difference at the end of the run (also under -q)."""
    for line in difference_lines():
        terminalreporter.write_line(line)


@pytest.fixture
def matches_cpython(differences):
    """``matches_cpython(rows, function_id)``: assert the rows equal CPython's runs; the
    largest relative difference is returned and kept for the session's report."""
    return lambda rows, function_id, page=None, index=0: assert_matches_cpython(
        rows, function_id, differences, page=page, index=index)


@pytest.fixture
def wait():
    """``wait(page, expression, predicate=bool, timeout=30)``: poll page.evaluate."""
    return wait_until


def site_only_context(browser, site_url: str, **options):
    """A browser context that reaches only the site: any other request is aborted and listed in
    ``context.outside`` (the other end-to-end tests' pages do the same through ``open_site``)."""
    context = browser.new_context(**options)
    outside: List[str] = []

    def only_the_site(route):
        if route.request.url.startswith((site_url, "blob:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    context.outside = outside
    return context
