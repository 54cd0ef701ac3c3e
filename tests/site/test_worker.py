"""The module worker in headless Chromium, started as the page starts it, under the page's CSP.

A probe page (served by Playwright's routing at the site's origin, so nothing is added to
the site) carries exactly the Content-Security-Policy the pages use and starts
``assets/app/worker.mjs`` from a ``blob:`` URL that only imports it (ARCHITECTURE.md).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time

import pytest
from serve import serve_in_background  # scripts/serve.py (tests/site/conftest.py puts it on the path)

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
       "connect-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'self'")

PROBE_HTML = f"""<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<script type="module" src="__probe__.mjs"></script></head><body>probe</body></html>"""

PROBE_JS = """
const messages = [];
window.probeMessages = messages;
const workerUrl = new URL("assets/app/worker.mjs", document.baseURI).href;
const blob = new Blob([`import "${workerUrl}";`], { type: "text/javascript" });
const worker = new Worker(URL.createObjectURL(blob), { type: "module" });
worker.onmessage = (event) => {
  const m = event.data;
  if (m.type === "reply" && m.ok && m.value && m.value.runs) {
    for (const run of m.value.runs) {
      if (run.points) run.points_kind = Object.prototype.toString.call(run.points), run.points = run.points.length;
      if (run.values) run.values = run.values.length;
    }
  }
  messages.push(m);
};
worker.onerror = (event) => messages.push({ type: "error", message: String(event.message) });
window.probeSend = (request) => worker.postMessage(request);
window.probeSend({ id: 1, method: "run", args: {
  function: { id: "two_wells" }, starts: [[-1.5, 1.0], [0.5, -0.5]],
  runs: [{ key: "adam", optimizer: "adam", hyperparams: { lr: 0.01, betas: [0.7, 0.999] }, steps: 100 }] } });
"""


def wait_for(page, expression: str, seconds: float):
    """Poll ``expression`` with page.evaluate (wait_for_function is blocked by the CSP)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {expression}: {page.evaluate('probeMessages')}")


def route_probe(page, base_url: str) -> None:
    """Answer ``__probe__.html`` and ``__probe__.mjs`` at ``base_url`` without adding them to the site."""
    page.route(base_url + "__probe__.html", lambda route: route.fulfill(
        status=200, content_type="text/html", body=PROBE_HTML))
    page.route(base_url + "__probe__.mjs", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=PROBE_JS))


@pytest.fixture()
def probe_page(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    outside = []
    page.on("request", lambda request: None if request.url.startswith((site_url, "blob:", "data:"))
            else outside.append(request.url))
    route_probe(page, site_url)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(site_url + "__probe__.html")
    yield page, outside, violations
    context.close()


def test_worker_loads_python_under_the_page_csp_and_answers_a_queued_run(probe_page):
    page, outside, violations = probe_page
    wait_for(page, "probeMessages.some(m => m.type === 'ready' || m.type === 'failed' || m.type === 'error')", 90)
    messages = page.evaluate("probeMessages")
    assert not [m for m in messages if m["type"] in ("failed", "error")], messages
    ready = next(m for m in messages if m["type"] == "ready")
    assert ready["versions"]["python"].startswith("3.12")
    assert ready["versions"]["numpy"] == "2.0.2"
    phases = [m["phase"] for m in messages if m["type"] == "progress"]
    assert list(dict.fromkeys(phases)) == ["download", "runtime", "packages", "api"]
    downloads = [m for m in messages if m["type"] == "progress" and m["phase"] == "download"]
    total = sum(f["size"] for f in json.loads(page.evaluate(
        "fetch('pyodide/runtime.json').then(r => r.text())"))["files"])
    assert all(m["total"] == total for m in downloads) and downloads[-1]["loaded"] == total
    assert [m["loaded"] for m in downloads] == sorted(m["loaded"] for m in downloads)
    reply = wait_for(page, "probeMessages.find(m => m.type === 'reply' && m.id === 1)", 30)
    assert reply["ok"], reply
    run = reply["value"]["runs"][0]
    assert run["points_kind"] == "[object Float64Array]"
    assert run["points"] == 101 * 2 * 2 and run["values"] == 101 * 2
    assert not outside, f"requests left the site's origin: {outside}"
    assert not violations, violations
    print(f"\nPyodide ready in the worker after {ready['seconds']:.2f} s")


def test_worker_replies_with_plain_errors(probe_page):
    page, _, _ = probe_page
    wait_for(page, "probeMessages.some(m => m.type === 'ready' || m.type === 'failed')", 90)
    page.evaluate("""probeSend({id: 2, method: "run", args: {function: {id: "nope"}, starts: [[0, 0]], runs: []}});
                     probeSend({id: 3, method: "exec", args: {code: "import os"}});
                     probeSend({id: 4, method: "grid", args: {function: {id: "two_wells"}, nx: 5, ny: 4}});""")
    wait_for(page, "[2, 3, 4].every(id => probeMessages.some(m => m.type === 'reply' && m.id === id))", 30)
    replies = {m["id"]: m for m in page.evaluate("probeMessages") if m["type"] == "reply"}
    assert replies[2]["ok"] is False and "no function 'nope'" in replies[2]["error"]["message"]
    assert replies[3]["ok"] is False and "no method 'exec'" in replies[3]["error"]["message"]
    assert replies[4]["ok"] and replies[4]["value"]["nx"] == 5


def test_a_long_run_is_a_sliced_job_that_answers_others_meanwhile_and_stops_on_cancel(probe_page):
    """run (api.JOBS): job-progress while it runs, a grid asked meanwhile is answered first, and
    cancel stops it (error kind "Cancelled"); a run to its end carries the core's outcomes."""
    page, _, _ = probe_page
    wait_for(page, "probeMessages.some(m => m.type === 'ready' || m.type === 'failed')", 90)
    long_run = {"function": {"id": "two_wells"}, "starts": [[0.5, 1.0], [-1.2, 0.3]],
                "runs": [{"key": f"sgd{i}", "optimizer": "sgd", "hyperparams": {"lr": 1e-4}, "steps": 10_000}
                         for i in range(8)]}
    page.evaluate("(args) => probeSend({id: 10, method: 'run', args})", long_run)
    wait_for(page, "probeMessages.some(m => m.type === 'job-progress' && m.id === 10)", 30)
    page.evaluate("probeSend({id: 11, method: 'grid', args: {function: {id: 'booth'}, nx: 5, ny: 5}})")
    wait_for(page, "probeMessages.some(m => m.type === 'reply' && m.id === 11)", 30)
    page.evaluate("probeSend({type: 'cancel', id: 10})")
    reply = wait_for(page, "probeMessages.find(m => m.type === 'reply' && m.id === 10)", 30)
    messages = page.evaluate("probeMessages")
    order = [m["id"] for m in messages if m["type"] == "reply" and m["id"] in (10, 11)]
    assert order == [11, 10], "the grid was answered while the run was still going"
    assert reply["ok"] is False and reply["error"]["kind"] == "Cancelled"
    fractions = [m["fraction"] for m in messages if m["type"] == "job-progress" and m["id"] == 10]
    assert fractions == sorted(fractions) and 0 < fractions[-1] < 1
    page.evaluate("""probeSend({id: 12, method: "run", args: {function: {id: "two_wells"}, starts: [[0.5, 1.0]],
                     view: [[-2, 2], [-2, 2]], runs: [{optimizer: "sgd", hyperparams: {lr: 0.02}, steps: 500}]}})""")
    done = wait_for(page, "probeMessages.find(m => m.type === 'reply' && m.id === 12)", 30)
    assert done["ok"], done
    said = done["value"]["runs"][0]["outcomes"][0]
    assert said["kind"] == "converged" and said["step"] == 500 and said["global"] is False


def test_a_wheel_with_a_wrong_hash_fails_start_up_in_plain_words(browser, built_site, tmp_path):
    """loadPackage only logs a bad hash; the worker's errorCallback must turn it into "failed"."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    lock_path = site / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    ours = next(entry for name, entry in lock["packages"].items() if name != "numpy")
    ours["sha256"] = "0" * 64
    lock_path.write_text(json.dumps(lock))
    # The lock itself is as the site lists it (the worker's own download check passes), so
    # the wheel's hash is what loadPackage finds wrong.
    runtime_path = site / "pyodide" / "runtime.json"
    runtime = json.loads(runtime_path.read_text())
    for entry in runtime["files"]:
        if entry["name"] == "pyodide-lock.json":
            entry.update(size=lock_path.stat().st_size, sha256=hashlib.sha256(lock_path.read_bytes()).hexdigest())
    runtime_path.write_text(json.dumps(runtime))
    server, url = serve_in_background(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        route_probe(page, url)
        page.goto(url + "__probe__.html")
        failed = wait_for(page, "probeMessages.find(m => m.type === 'failed' || m.type === 'ready')", 90)
        assert failed["type"] == "failed" and failed["phase"] == "packages", failed
        assert "could not load Python packages" in failed["message"]
        print(f"\nstart-up failure as the page sees it: {failed['message']}")
        reply = wait_for(page, "probeMessages.find(m => m.type === 'reply' && m.id === 1)", 10)
        assert reply["ok"] is False and reply["error"]["message"].startswith("Python did not start")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
