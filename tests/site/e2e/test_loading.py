"""Loading that never gets stuck (issue 6): every URL field starts Python on a cold load and
gives CPython's numbers; a slow connection finishes with rising progress; failed files are
named and Retry works; a dead or broken worker is replaced; hostile links answer at once."""

from __future__ import annotations

import json
import math
import re
import time
from urllib.parse import quote

import numpy as np
import pytest

import optimizers as opt
from optimizers.presets import PRESETS, preset_settings

pytestmark = pytest.mark.cold   # about loading and offline use: fresh browser contexts, never the warm one

DEFAULTS = ["sgd", "momentum", "rmsprop", "adam"]
ADAM_JSON = '{"optimizer":"adam","hyperparams":{"lr":0.05,"betas":[0.8,0.99]},"steps":60,"label":"Adam"}'


def expected_rows(function_id, starts, entries, params=None, noise=(0.0, 0)):
    """CPython's end of every (entry, start) pair: {(key, start index): (x, y, f, status, steps)}.

    ``entries``: key -> (optimizer id, hyperparams, steps); the page runs each entry as one
    batched request over all starts, so CPython does the same."""
    fn = opt.FUNCTIONS[function_id]
    if params:
        fn = fn.with_params(**params)
    out, runs = {}, {}
    for key, (optimizer_id, hyperparams, steps) in entries.items():
        hyper = {k: tuple(v) if isinstance(v, list) else v for k, v in hyperparams.items()}
        same = json.dumps([optimizer_id, hyperparams, steps], sort_keys=True, default=repr)   # entries alike: run once
        if same not in runs:
            runs[same] = opt.run(opt.OPTIMIZERS[optimizer_id](**hyper), fn, np.array(starts, dtype=float), steps,
                                 noise=noise[0], seed=noise[1])
        traj = runs[same]
        for row in range(len(starts)):
            last = int(traj.last_step[row])
            out[(key, row)] = (*traj.points[last, row], traj.values[last, row], str(traj.status[row]), last)
    return out


def preset_entries(function_id, keys):
    return {key: (PRESETS[key].optimizer, *preset_settings(key, function_id)) for key in keys}


def assert_table_equals(opened, expected, starts):
    rows = opened.results()
    assert len(rows) == len(expected), rows
    for row in rows:
        start = (float(row["start-x"]), float(row["start-y"]))
        index = [tuple(s) for s in starts].index(start)
        x, y, f, status, steps = expected[(row["key"], index)]
        assert row["status"] == status and int(float(row["steps"])) == steps, (row, status, steps)
        for got, want, what in ((row["end-x"], x, "end-x"), (row["end-y"], y, "end-y"), (row["f-end"], f, "f-end")):
            assert math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-12), (row["key"], what, got, want)


COLD_LINKS = [  # (id, hash, function, params, starts, entries, noise)
    ("s", "#s=0.5,1", "two_wells", None, [[0.5, 1]], preset_entries("two_wells", DEFAULTS), (0.0, 0)),
    ("f", "#f=booth&s=1,2", "booth", None, [[1, 2]], preset_entries("booth", DEFAULTS), (0.0, 0)),
    ("p", "#p=a:1,c:0.3&s=0.5,1", "two_wells", {"a": 1, "c": 0.3}, [[0.5, 1]],
     preset_entries("two_wells", DEFAULTS), (0.0, 0)),
    ("o", "#o=sgd,-momentum,-rmsprop,adam~" + quote(ADAM_JSON) + "&s=0.5,1", "two_wells", None, [[0.5, 1]],
     {**preset_entries("two_wells", ["sgd"]), "adam": ("adam", {"lr": 0.05, "betas": [0.8, 0.99]}, 60)}, (0.0, 0)),
    ("v", "#v=-1,1,-1,1&s=0.2,0.3", "two_wells", None, [[0.2, 0.3]], preset_entries("two_wells", DEFAULTS), (0.0, 0)),
    ("n", "#n=0.1,7&s=0.5,1", "two_wells", None, [[0.5, 1]], preset_entries("two_wells", DEFAULTS), (0.1, 7)),
    ("t", "#t=20,300&s=0.5,1", "two_wells", None, [[0.5, 1]], preset_entries("two_wells", DEFAULTS), (0.0, 0)),
    ("all", "#f=two_wells&p=a:2.5,c:0.3&v=-1.5,1.5,-1,1&n=0.05,3&s=0.5,1;-0.5,-1&o=-sgd,momentum,rmsprop,adam&t=end,200",
     "two_wells", {"a": 2.5, "c": 0.3}, [[0.5, 1], [-0.5, -1]], preset_entries("two_wells", DEFAULTS[1:]), (0.05, 3)),
    ("f+o+s", "#f=himmelblau&o=adam,rmsprop&s=1,1;-1,-1;0,3", "himmelblau", None, [[1, 1], [-1, -1], [0, 3]],
     preset_entries("himmelblau", ["adam", "rmsprop"]), (0.0, 0)),
]


@pytest.mark.parametrize("name, link, function_id, params, starts, entries, noise", COLD_LINKS,
                         ids=[case[0] for case in COLD_LINKS])
def test_a_cold_link_starts_python_and_gives_cpythons_numbers(open_site, name, link, function_id, params, starts,
                                                             entries, noise):
    opened = open_site(link)
    opened.wait_python("ready")
    opened.wait_run_done()
    assert opened.page.locator(".pg-link-notice").is_hidden(), opened.page.locator(".pg-link-notice").inner_text()
    assert_table_equals(opened, expected_rows(function_id, starts, entries, params, noise), starts)
    assert opened.playground().get_attribute("data-contour") == function_id
    opened.assert_clean()


def test_a_slow_connection_finishes_with_rising_progress(open_site, wait):
    opened = open_site("", hold_pyodide=True)
    page = opened.page
    cdp = opened.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 40,
                                                  "downloadThroughput": 500 * 1024, "uploadThroughput": 200 * 1024})
    began = time.monotonic()
    opened.release()
    seen = []
    while opened.python_status() == "loading" and time.monotonic() - began < 150:
        text = page.locator(".pg-python").first.inner_text()
        match = re.search(r"([\d.]+) of ([\d.]+) MB \((\d+) %\)", text)
        if match:
            seen.append((float(match.group(1)), float(match.group(3))))
        time.sleep(0.5)
    seconds = time.monotonic() - began
    opened.wait_python("ready", timeout=5)
    megabytes = [mb for mb, _ in seen]
    assert megabytes == sorted(megabytes) and len(set(megabytes)) >= 10, seen
    assert seen[0][1] < 50 and seen[-1][1] >= 90, seen
    # 17 MB at 500 KiB/s: the throttle held, and the fixed 30 s limit of old would have failed.
    assert seconds > 30, f"ready after {seconds:.1f} s: the throttle did not apply"
    opened.click_plot(0.62, 0.35)
    opened.wait_run_done()
    print(f"\nready after {seconds:.1f} s at 500 KiB/s; progress went {seen[0]} -> {seen[-1]} in {len(seen)} samples")
    opened.assert_clean()


def failing(kind):
    """A route handler that breaks one runtime file while ``state['broken']``; it counts
    every request for a file of pyodide/ in ``state['asked']``."""
    state = {"broken": True, "hits": 0, "asked": {}, "order": []}

    def handle(route, request):
        path = request.url.split("?")[0]
        # The page's own requests, not the service worker's offline copy (which revalidates: no-cache).
        offline_copy = request.service_worker is not None or "no-cache" in request.headers.get("cache-control", "")
        if "/pyodide/" in path and not offline_copy:
            name = path.rsplit("/", 1)[1]
            state["asked"][name] = state["asked"].get(name, 0) + 1
            state["order"].append((round(time.monotonic(), 2), name, request.headers.get("cache-control")))
        if not state["broken"]:
            return False
        if kind == "missing wasm" and path.endswith("/pyodide.asm.wasm"):
            state["hits"] += 1
            route.fulfill(status=404, body="not here")
            return True
        if kind == "lock 404" and path.endswith("/pyodide-lock.json"):
            state["hits"] += 1
            route.fulfill(status=404, body="not here")
            return True
        if kind == "damaged numpy" and "/numpy-" in path and path.endswith(".whl"):
            state["hits"] += 1
            response = route.fetch()
            body = bytearray(response.body())
            body[len(body) // 2] ^= 0xFF
            route.fulfill(response=response, body=bytes(body))
            return True
        return False

    return state, handle


@pytest.mark.parametrize("kind, named", [("missing wasm", "pyodide.asm.wasm"), ("lock 404", "pyodide-lock.json"),
                                         ("damaged numpy", "numpy-2.0.2")])
def test_a_broken_file_is_named_within_20_s_and_retry_works_once_it_is_back(open_site, matches_cpython, kind, named):
    state, handle = failing(kind)
    began = time.monotonic()
    opened = open_site("", route=handle)
    opened.wait_python("failed", timeout=25)
    seconds = time.monotonic() - began
    assert seconds < 20, f"failed only after {seconds:.1f} s"
    text = opened.page.locator(".pg-python").first.inner_text()
    assert named in text and "Retry" in text, text
    # The contour still shows, and a click is kept for the retry.
    assert len(set(opened.base_fingerprint())) > 10
    opened.click_plot(0.62, 0.35)
    assert opened.run_state() == "queued"
    asked_before = dict(state["asked"])
    state["broken"] = False
    opened.page.get_by_role("button", name="Retry").first.click()
    opened.wait_python("ready")
    opened.wait_run_done()
    matches_cpython(opened.results(), "two_wells", opened.page)
    # Retry asked again only for what had not arrived (and the small list of files).
    again = {name for name, count in state["asked"].items() if count > asked_before.get(name, 0)}
    assert again <= {named_file(state, named), "runtime.json", "pyodide.mjs", "pyodide.asm.js"}, (again, state["order"])
    assert not again & {"python_stdlib.zip", "pyodide.asm.wasm"} - {named_file(state, named)}, again
    print(f"\n{kind}: named after {seconds:.1f} s: {text!r}")
    opened.assert_clean(allow_console=lambda t: "404" in t or "Failed to load resource" in t)


def test_a_download_that_stops_arriving_fails_after_the_stall_limit_and_retry_works(open_site, matches_cpython):
    held = []
    state = {"stalling": True}

    def stall(route, request):
        if state["stalling"] and request.url.endswith("/pyodide.asm.wasm"):
            held.append(route)   # never answered: no byte ever arrives
            return True
        return False

    # The limit is 20 s for a visitor; the page's ?stall=S (a hook for tests, worker-client.js) sets it,
    # so this test waits 3 s, not 20 (tests/js/stall.test.mjs checks the default and the bounds).
    began = time.monotonic()
    opened = open_site("?stall=3", route=stall)
    opened.wait_python("failed", timeout=60)
    seconds = time.monotonic() - began
    text = opened.page.locator(".pg-python").first.inner_text()
    assert "no data arrived for 3 s while loading pyodide.asm.wasm" in text.lower() and "Retry" in text, text
    assert 2.5 < seconds < 25, f"failed after {seconds:.1f} s"
    state["stalling"] = False
    opened.page.get_by_role("button", name="Retry").first.click()
    opened.wait_python("ready")
    opened.click_plot(0.62, 0.35)
    opened.wait_run_done()
    matches_cpython(opened.results(), "two_wells", opened.page)
    print(f"\nstalled download reported after {seconds:.1f} s: {text!r}")
    for route in held:
        try:
            route.abort()
        except Exception:   # the page may have dropped the request already
            pass
    opened.assert_clean(allow_console=lambda t: "Failed to load resource" in t or "aborted" in t.lower())


def named_file(state, named):
    """The full name of the file a test broke, as requested."""
    return next(name for name in state["asked"] if name.startswith(named))


def test_going_offline_while_python_loads_is_called_offline(open_site):
    opened = open_site("", hold_pyodide=True)
    opened.context.set_offline(True)
    opened.release()
    opened.wait_python("failed", timeout=25)
    text = opened.page.locator(".pg-python").first.inner_text()
    assert "offline" in text and "Retry" in text, text
    assert "missing" not in text, text
    opened.context.set_offline(False)
    opened.page.get_by_role("button", name="Retry").first.click()
    opened.wait_python("ready")
    opened.assert_clean(allow_console=lambda t: "ERR_INTERNET_DISCONNECTED" in t or "Failed to load" in t
                        or "Failed to fetch" in t)


def test_a_worker_terminated_from_outside_is_replaced_and_the_click_computes(open_site, matches_cpython):
    opened = open_site("#s=0.5,1")
    opened.wait_python("ready")
    opened.wait_run_done()
    hash_before = opened.page.evaluate("location.hash")
    opened.page.evaluate("document.querySelector('[data-playground]').playground.client.worker.terminate()")
    opened.click_plot(0.62, 0.35)
    opened.wait_run_done(timeout=40)
    matches_cpython(opened.results(), "two_wells", opened.page)
    assert opened.page.evaluate("document.querySelector('[data-playground]').playground.client.restarts") == 1
    assert "restarted" in opened.page.locator(".pg-message").inner_text()
    # The state is the visitor's: the toggles and the new start, nothing reset.
    assert opened.page.evaluate("location.hash") != hash_before
    for label in ("SGD", "Momentum", "RMSProp", "Adam"):
        assert opened.page.get_by_role("button", name=label, exact=True).first.get_attribute("aria-pressed") == "true"
    opened.assert_clean()


def test_a_fatal_python_error_is_replaced_and_the_next_click_computes(open_site, matches_cpython):
    opened = open_site("#o=sgd,-momentum,-rmsprop,adam")
    opened.wait_python("ready")
    worker = next(w for w in opened.page.workers if "blob:" in w.url)
    try:
        worker.evaluate("pyodide._api.fatal_error(new Error('a fatal error for the test'))")
    except Exception:   # fatal_error throws once it has marked Python as dead
        pass
    opened.click_plot(0.62, 0.35)
    opened.wait_run_done(timeout=40)
    rows = opened.results()
    assert [row["key"] for row in rows] == ["sgd", "adam"]
    matches_cpython(rows, "two_wells", opened.page)
    assert opened.page.evaluate("document.querySelector('[data-playground]').playground.client.restarts") == 1
    opened.assert_clean(allow_console=lambda t: "fatal" in t.lower() or "Pyodide" in t or "test" in t)


HOSTILE_LINKS = [
    ("50,000 starts", "#s=" + ";".join(f"{i % 97 / 50 - 1},{i % 89 / 45 - 1}" for i in range(50_000)),
     "keeps the first 100"),
    ("a 200,000-character function", "#f=" + "x" * 200_000, "200,000 characters"),
    ("a 200,000-character view", "#v=" + "1" * 200_000 + "&s=0.5,1", "200,000 characters long"),
    ("zero speed", "#t=end,0&s=0.5,1", "playback speed"),
    ("negative speed", "#t=end,-5&s=0.5,1", "playback speed"),
    ("repeated keys", "#s=0.5,1&s=0.1,0.1&s=2,2", "appears 3 times"),
    ("deep JSON", "#o=adam~" + "[" * 15_000 + "&s=0.5,1", "not readable JSON"),
    ("70 entries", "#o=" + ",".join(
        f'k{i}~{{"optimizer":"sgd","hyperparams":{{"lr":0.01}},"steps":5,"label":"k{i}"}}' for i in range(70))
     + "&s=0.5,1", "keeps the first 64"),
    ("a repeated optimizer", "#o=sgd,adam,sgd&s=0.5,1", "listed more than once"),
]


@pytest.mark.parametrize("name, link, said", HOSTILE_LINKS, ids=[case[0] for case in HOSTILE_LINKS])
def test_a_hostile_link_answers_within_a_second_with_a_notice_and_python_stays_usable(open_site, name, link, said):
    began = time.monotonic()
    opened = open_site(link)
    notice = opened.page.locator(".pg-link-notice")
    notice.wait_for(state="visible", timeout=10000)
    seconds = time.monotonic() - began
    text = notice.inner_text()
    assert said in text, text
    assert len(text) < 600, f"the notice quotes too much ({len(text)} characters)"
    # From the page's script starting to the notice (before that, Chromium alone takes a few seconds
    # to take in a 600 kB address, whatever the page does).
    answer_ms = opened.page.evaluate("performance.getEntriesByName('op:link-read')[0].startTime"
                                     " - performance.getEntriesByName('op:start')[0].startTime")
    assert answer_ms < 1000, f"the notice came {answer_ms:.0f} ms after the page's script started"
    width = opened.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1100, f"the page grew {width} px wide"
    opened.wait_python("ready")
    if opened.page.evaluate("document.querySelector('[data-playground]').playground.state.starts.length") == 0:
        opened.click_plot(0.62, 0.35)
    opened.wait_run_done(timeout=60)
    assert 0 < len(opened.results()) <= 100 * 64
    print(f"\n{name}: notice {answer_ms:.0f} ms after the script started ({seconds:.2f} s after goto): {text[:160]!r}")
    opened.assert_clean()
