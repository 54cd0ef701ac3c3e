#!/usr/bin/env bash
# README command 2: install what the tests need, then run them.
#
#   bash scripts/test.sh [pytest arguments]          the full suite (what .ci/run runs)
#   bash scripts/test.sh --quick [pytest arguments]  the quick tier: Node's tests of the page's
#                                                    modules and every Python test that needs neither
#                                                    torch nor a browser nor the built site
#
# Works on a fresh Debian machine with Python 3.11, Node 20 and root: Chromium comes from Debian's
# packages (Playwright drives it, it never downloads a browser); the quick tier needs no Chromium.
# Nothing is installed when nothing changed: apt runs only when chromium is missing, pip only when
# the requirement files differ from those of the last install (a stamp in .venv holds their sha256).
# Which tier a test is in is decided by tests/tiers.py from what the test needs.
set -euo pipefail
cd "$(dirname "$0")/.."
unset OPTIMIZER_PATHS_ARTICLE_REUSE   # a development shortcut of the build; tests build with fresh numbers

tier=full
if [ "${1:-}" = "--quick" ]; then
    tier=quick
    shift
fi
PYTHON="${PYTHON:-python3}"
VENV=".venv"

if [ "$tier" = full ] && ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating $VENV ..."
    "$PYTHON" -m venv "$VENV"
fi

# requirements/test.txt includes quick.txt, which includes build.txt: a tier's stamp is the sha256 of
# the files it reads, so editing any of them reinstalls, and a full install counts for the quick tier.
requirement_files() {
    if [ "$1" = full ]; then
        echo requirements/build.txt requirements/quick.txt requirements/test.txt
    else
        echo requirements/build.txt requirements/quick.txt
    fi
}
stamp_of() {
    # shellcheck disable=SC2046  # the file names have no spaces
    cat $(requirement_files "$1") | sha256sum | cut -d' ' -f1
}
if [ "$(cat "$VENV/.$tier-requirements.sha256" 2>/dev/null)" != "$(stamp_of "$tier")" ]; then
    requirements="requirements/test.txt"
    [ "$tier" = quick ] && requirements="requirements/quick.txt"
    echo "Installing $requirements into $VENV ..."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    stamp_of "$tier" > "$VENV/.$tier-requirements.sha256"
    if [ "$tier" = full ]; then
        stamp_of quick > "$VENV/.quick-requirements.sha256"
    fi
fi

# The page's pure JavaScript modules: Node's own test runner. Some run the page's contour code over
# the build's d3, so the build's npm packages come first (from the download cache when unchanged).
"$VENV/bin/python" -m site_build.js_packages >/dev/null
node --test tests/js/

# pytest on every core (xdist; `-n 0` among the arguments runs it in one process instead). The full
# suite hands tests out one by one to whichever worker is free, except that the tests of a module
# with a module-scoped fixture (a Pyodide process, the article's measurements) go to one worker
# together (tests/xdist_groups.py); the site is built once for all workers (tests/site/conftest.py).
if [ "$tier" = quick ]; then
    exec "$VENV/bin/python" -m pytest --quick -n auto "$@"
fi
exec "$VENV/bin/python" -m pytest -n auto --dist loadgroup "$@"
