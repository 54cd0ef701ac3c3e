"""``python -m site_build.js_packages``: the build's npm packages (package.json and
package-lock.json, the build's first phase) installed in the download cache, and their folder
printed. scripts/test.sh runs it before Node's tests, some of which run the page's modules over
the build's d3 (tests/js/with-d3.mjs), so they pass on a fresh machine before any build."""

from __future__ import annotations

import sys
from pathlib import Path

from .config import BuildConfig, BuildError, BuildState
from .fetch import fetch_js_packages
from .tools import cache_lock


def ensure_js_packages() -> Path:
    config = BuildConfig()
    state = BuildState(staging=config.cache)   # the phase only sets state.node_modules
    with cache_lock(config.cache):
        fetch_js_packages(config, state)
    return state.node_modules


def main() -> int:
    try:
        print(ensure_js_packages())
    except BuildError as error:
        print(f"installing the build's npm packages failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
