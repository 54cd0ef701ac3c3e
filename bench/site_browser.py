"""Browser helpers shared by bench/site.py and its sections: a fresh context per load (other origins
aborted and listed, bytes counted, the HTTP cache optionally disabled), polling the page (its CSP blocks
``wait_for_function``'s string predicates), performance marks, the worker's fetch timeline, and ``Bench``,
what a section gets: the browser, the served copy of the site and its URL, and the number of runs."""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_SECONDS = 120
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class Bench:
    """What a section of bench/site.py gets: ``browser`` (Playwright's Chromium), ``origin`` and ``base``
    (the served copy's origin and root URL), ``site`` (the copy's folder, bare pages included),
    ``page`` (path of our page under ``base``), ``runs``; ``outside`` collects requests to other origins
    (the run fails if any), ``ratios`` rows (label, ours, bare, aim) for the closing table, ``lighthouse``
    Lighthouse's figures."""
    browser: object
    origin: str
    base: str
    site: Path
    page: str = ""
    runs: int = 3
    outside: set = field(default_factory=set)
    ratios: list = field(default_factory=list)
    lighthouse: dict = field(default_factory=dict)

    def session(self, *, service_workers: str = "block", cache_disabled: bool = True) -> "Session":
        return Session(self.browser, self.origin, service_workers=service_workers, cache_disabled=cache_disabled)


def wait_for(page, expression: str, seconds: float = TIMEOUT_SECONDS):
    """Poll with page.evaluate (the page's CSP blocks wait_for_function's string predicates)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"waited {seconds} s for {expression}")


def marks(page) -> dict:
    return {m["name"]: m["startTime"] for m in
            page.evaluate("performance.getEntriesByType('mark').map(m => ({name: m.name, startTime: m.startTime}))")}


def mark_time(page, name: str, seconds: float = TIMEOUT_SECONDS) -> float:
    """The start time of mark ``name`` (ms from the navigation start), polling until it exists."""
    return wait_for(page, f"(performance.getEntriesByName({name!r})[0] || {{}}).startTime", seconds)


class Session:
    """A fresh browser context and page on ``origin``: other origins aborted and listed, bytes counted."""

    def __init__(self, browser, origin: str, *, service_workers: str, cache_disabled: bool):
        self.context = browser.new_context(viewport=VIEWPORT, service_workers=service_workers)
        self.outside: list[str] = []
        self.finished = []
        self.context.route(re.compile("^(?!" + re.escape(origin) + ")"), self._abort)
        self.page = self.context.new_page()
        if cache_disabled:
            cdp = self.context.new_cdp_session(self.page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.page.on("requestfinished", lambda request: self.finished.append(request))
        self.page.on("request", lambda request: None if request.url.startswith((origin, "blob:", "data:"))
                     else self.outside.append(request.url))

    def _abort(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def transferred(self) -> int:
        total = 0
        for request in self.finished:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def close(self) -> None:
        self.context.close()


def worker_timeline(page) -> list[tuple[str, float, float]]:
    """(file, start, end) in ms from the page's navigation start, for the files the page's workers fetched."""
    rows = []
    origin = page.evaluate("performance.timeOrigin")
    for worker in page.workers:
        try:
            offset = worker.evaluate("performance.timeOrigin") - origin
            entries = worker.evaluate(
                "performance.getEntriesByType('resource').map(e => [e.name, e.startTime, e.responseEnd])")
        except Exception:  # noqa: BLE001 (a worker that is gone has nothing to say)
            continue
        rows += [(name.rsplit("/", 1)[-1], offset + start, offset + end) for name, start, end in entries]
    return sorted(rows, key=lambda row: row[1])


def open_with_python(page, url: str, what: str) -> None:
    """Open ``url`` and wait until Python is ready there (failing with `what` when it fails)."""
    page.goto(url)
    wait_for(page, "['ready', 'failed'].includes(document.documentElement.dataset.python)")
    state = page.evaluate("document.documentElement.dataset.python")
    if state != "ready":
        raise RuntimeError(f"Python did not start {what}: data-python={state}")


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f} ms ({min(values):.0f}-{max(values):.0f})"
