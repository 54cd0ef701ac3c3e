"""Offline, a folder's URL typed without its trailing slash ("/rastrigin") opens that folder's page,
as it does online (the host redirects it): the service worker gives the same redirect."""

from __future__ import annotations

import pytest

from test_offline import wait_offline_ready

pytestmark = pytest.mark.cold   # about loading and offline use: fresh browser contexts, never the warm one


def test_a_folder_url_without_its_slash_opens_offline(open_site, wait, matches_cpython):
    opened = open_site("")
    opened.wait_python("ready")
    wait_offline_ready(opened, wait)
    opened.context.set_offline(True)
    # Never opened before, typed without the slash, with a link's state after it.
    opened.page.goto(opened.origin + "/rastrigin#s=0.5,-1.5")
    assert opened.page.evaluate("navigator.onLine") is False
    assert opened.page.evaluate("location.pathname") == "/rastrigin/"
    # (the page rewrites the hash to what it kept, percent-encoded as its links are)
    assert opened.page.evaluate("decodeURIComponent(location.hash)") == "#s=0.5,-1.5"
    wait(opened.page, "document.querySelector('[data-playground]')?.dataset.contour", lambda v: v == "rastrigin",
         timeout=20, what="the Rastrigin contour")
    opened.wait_python("ready")
    opened.wait_run_done()
    matches_cpython(opened.results(), "rastrigin", opened.page)
    # A path that is no folder of the site is still the network's (offline: the browser's error page).
    response_status = opened.page.evaluate(
        "fetch('no-such-folder').then(r => r.status, () => 'failed')")
    assert response_status == "failed"
    opened.assert_clean(allow_console=lambda text: "no-such-folder" in text or "Failed to fetch" in text
                        or "ERR_INTERNET_DISCONNECTED" in text)


def test_ready_to_work_offline_is_said_once(open_site, wait):
    opened = open_site("")
    opened.wait_python("ready")
    wait_offline_ready(opened, wait)
    notice = opened.page.get_by_role("status").filter(has_text="Ready to work offline")
    notice.wait_for(timeout=5000)
    assert notice.count() == 1
    # It never covers the plot: a click through it still reaches what lies under it.
    assert opened.page.evaluate("getComputedStyle(document.querySelector('.offline-notice')).pointerEvents") == "none"
    # Said once on this device: not on a reload, nor on another page of the site.
    for path in ("", "rastrigin/"):
        opened.page.goto(opened.origin + "/" + path)
        opened.wait_python("ready")
        wait_offline_ready(opened, wait)
        opened.page.wait_for_timeout(500)
        assert opened.page.locator(".offline-notice").count() == 0, path
    opened.assert_clean()
