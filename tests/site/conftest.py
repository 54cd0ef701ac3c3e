"""Session fixtures for the site's tests: a built site and a local server for it.

``built_site`` builds once per test session (parallel xdist workers share one build) into
a temporary folder, reusing the download cache (``$OPTIMIZER_PATHS_CACHE`` or
``~/.cache/optimizer-paths``). Set ``OPTIMIZER_PATHS_SITE=/path/to/site`` to test an
already built site instead. ``site_url`` serves it on 127.0.0.1 on a free port.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
for folder in (REPO, REPO / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import build  # noqa: E402  (build.py at the repo's root)
from serve import serve_in_background  # noqa: E402  (scripts/serve.py)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _build_once(shared: Path) -> Path:
    """Build into ``shared/site`` unless another worker already did (under a file lock)."""
    shared.mkdir(parents=True, exist_ok=True)
    out, done, failed = shared / "site", shared / "built.json", shared / "failed.txt"
    with open(shared / "build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"the site did not build: {failed.read_text()}", pytrace=False)
        if not done.exists():
            try:
                report = build.build(build.BuildConfig(out=out))
            except build.BuildError as error:
                failed.write_text(str(error))
                pytest.fail(f"the site did not build: {error}", pytrace=False)
            done.write_text(json.dumps({"seconds": report.seconds, "bytes": report.size_bytes}))
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, request) -> Path:
    """The path of a freshly built site (or of ``$OPTIMIZER_PATHS_SITE``)."""
    worker_id = getattr(request.config, "workerinput", {}).get("workerid", "master")   # also without xdist
    existing = os.environ.get("OPTIMIZER_PATHS_SITE")
    if existing:
        return Path(existing).resolve()
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if worker_id != "master" else base) / "optimizer-paths-built"
    return _build_once(shared)


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL (ending in "/") of ``built_site`` served on 127.0.0.1 for the session."""
    server, url = serve_in_background(built_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's) via Playwright, for the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed: run scripts/test.sh, which installs it "
                    "(or apt-get install chromium)", pytrace=False)
    import playwright.sync_api as playwright_api
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
