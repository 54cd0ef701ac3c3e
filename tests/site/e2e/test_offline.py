"""Offline after one visit (the service worker), under GitHub Pages' sub-path, and a new build
deployed under an open page: offered, never mixed with the old one."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serve import serve_in_background  # scripts/serve.py (tests/site/conftest.py puts it on the path)

import build

pytestmark = pytest.mark.cold   # about loading and offline use: fresh browser contexts, never the warm one

REPO = Path(__file__).resolve().parents[3]
OFFLINE_READY_TIMEOUT = 60.0


def wait_offline_ready(opened, wait):
    wait(opened.page, "document.documentElement.dataset.offline === 'ready'", timeout=OFFLINE_READY_TIMEOUT,
         what="every file of the site to be stored by the service worker")


def visit_then_go_offline(opened, wait, matches_cpython, other_page: str):
    """The first visit computes; offline, a reload and another page compute again."""
    opened.wait_python("ready")
    opened.click_plot(0.62, 0.35)
    opened.wait_run_done()
    wait_offline_ready(opened, wait)
    opened.context.set_offline(True)
    opened.page.reload()
    opened.wait_python("ready")
    assert opened.page.evaluate("navigator.onLine") is False
    assert opened.page.evaluate("!!navigator.serviceWorker.controller")
    opened.click_plot(0.3, 0.6)
    opened.wait_run_done()
    matches_cpython(opened.results(), "two_wells", opened.page)
    assert opened.drawn_paths()
    # Another page of the site, never opened before, offline.
    opened.page.get_by_role("link", name=other_page.title(), exact=True).first.click()
    wait(opened.page, "document.querySelector('[data-playground]')?.dataset.contour", timeout=20)
    function_id = opened.playground().get_attribute("data-contour")
    opened.wait_python("ready")
    opened.click_plot(0.55, 0.45)
    opened.wait_run_done()
    matches_cpython(opened.results(), function_id, opened.page)


def test_the_site_works_offline_after_one_visit(open_site, wait, matches_cpython):
    opened = open_site("")
    visit_then_go_offline(opened, wait, matches_cpython, "rastrigin")
    opened.assert_clean()


def test_a_warm_start_from_the_stored_snapshot_gives_cpythons_numbers(open_site, wait, matches_cpython):
    opened = open_site("#s=0.5,1")
    opened.wait_python("ready")
    opened.wait_run_done()
    cold_rows = opened.results()
    matches_cpython(cold_rows, "two_wells", opened.page)
    client = "document.querySelector('[data-playground]').playground.client"
    assert opened.page.evaluate(f"{client}.warm") is False
    wait(opened.page, f"{client}.snapshotState", lambda state: state in ("saved", "failed"), timeout=60,
         what="the heap snapshot to be stored")
    assert opened.page.evaluate(f"{client}.snapshotState") == "saved"
    for path in ("rosenbrock/", "#s=0.5,1"):
        opened.page.goto(opened.origin + "/" + path)
        opened.wait_python("ready")
        assert opened.page.evaluate(f"{client}.warm") is True, path
    opened.wait_run_done()
    rows = opened.results()
    assert rows == cold_rows
    matches_cpython(rows, "two_wells", opened.page)
    # A snapshot from another runtime or worker is never restored: its key is runtime.json's.
    key = opened.page.evaluate("fetch('pyodide/runtime.json').then(r => r.json()).then(j => j.snapshot)")
    stored = opened.page.evaluate(
        "caches.open('optimizer-paths|/|python-snapshot').then(c => c.keys()).then(k => k.map(r => r.url))")
    assert stored == [f"{opened.origin}/pyodide/__python-snapshot__/{key}"]
    opened.assert_clean()


@pytest.fixture
def subpath_site(built_site):
    server, url = serve_in_background(built_site, prefix="/optimizer-paths/")
    yield url
    server.shutdown()
    server.server_close()


def test_the_site_works_under_a_sub_path_and_offline_there(open_site, subpath_site, wait, matches_cpython):
    for path in ("article/", "rastrigin/", "rosenbrock/"):
        opened = open_site(path, base=subpath_site)
        opened.wait_python("ready")
        opened.click_plot(0.55, 0.45)
        opened.wait_run_done()
        matches_cpython(opened.results(), opened.playground().get_attribute("data-contour"), opened.page)
        opened.assert_clean()
    opened = open_site("", base=subpath_site)
    visit_then_go_offline(opened, wait, matches_cpython, "rosenbrock")
    scope = opened.page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert urlsplit(scope).path == "/optimizer-paths/"
    caches = opened.page.evaluate("caches.keys()")
    assert caches and all(name.startswith("optimizer-paths|/optimizer-paths/|") for name in caches), caches
    opened.assert_clean()


def copy_sources(target: Path) -> Path:
    """What build.py reads, copied, so a test can change a source and build again."""
    for name in ("site_src", "optimizers", "pyodide_app", "site_build"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "package.json", "package-lock.json", "README.md", "build.py"):
        shutil.copy2(REPO / name, target / name)
    return target


def test_a_new_build_is_offered_and_never_mixed_with_the_open_one(browser, built_site, tmp_path, wait, matches_cpython):
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    server, url = serve_in_background(served)
    context = browser.new_context(viewport={"width": 1100, "height": 1200})
    context.route("**/*", lambda route, request: route.continue_() if request.url.startswith((url, "blob:"))
                  else route.abort())
    try:
        page = context.new_page()
        page.goto(url)
        wait(page, "document.documentElement.dataset.python === 'ready'", timeout=90)
        wait(page, "document.documentElement.dataset.offline === 'ready'", timeout=OFFLINE_READY_TIMEOUT)
        page.reload()   # now under the service worker
        wait(page, "document.documentElement.dataset.python === 'ready'", timeout=90)
        old_heading = page.locator("h1").first.inner_text()
        old_sw = (served / "sw.js").read_text()

        # The same site with one changed source, deployed over the old one.
        sources = copy_sources(tmp_path / "repo")
        index = sources / "site_src" / "pages" / "index.md"
        index.write_text(index.read_text().replace(old_heading, old_heading + " (new build)", 1))
        build.build(build.BuildConfig(out=tmp_path / "new-site", repo=sources))
        new_sw = (tmp_path / "new-site" / "sw.js").read_text()
        assert new_sw != old_sw
        shutil.rmtree(served)
        shutil.copytree(tmp_path / "new-site", served)

        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        notice = page.locator(".update-notice")
        notice.wait_for(state="visible", timeout=60000)
        assert "A new version of this site is ready" in notice.inner_text()
        # Until the visitor asks, the page runs on its own build: every file it asks for is the old one.
        assert page.locator("h1").first.inner_text() == old_heading
        fetched = page.evaluate("fetch('sw.js').then(r => r.text())")
        assert fetched == new_sw   # the service worker script itself is not precached...
        old_catalog = json.loads((built_site / "assets" / "data" / "catalog.json").read_text())
        assert page.evaluate("fetch('assets/data/catalog.json').then(r => r.json())") == old_catalog
        assert page.evaluate("fetch('./').then(r => r.text())") == (built_site / "index.html").read_text()
        page.locator("canvas.pg-canvas-overlay").click(position={"x": 300, "y": 200})
        wait(page, "document.querySelector('[data-playground]').dataset.run === 'done'", timeout=30)

        with page.expect_navigation(timeout=30000):
            page.get_by_role("button", name="Reload").click()
        page.wait_for_load_state("load")
        assert "(new build)" in page.locator("h1").first.inner_text()
        wait(page, "document.documentElement.dataset.python === 'ready'", timeout=90)
        assert page.evaluate("fetch('./').then(r => r.text())") == (tmp_path / "new-site" / "index.html").read_text()
        assert page.locator(".update-notice").count() == 0
    finally:
        context.close()
        server.shutdown()
        server.server_close()
