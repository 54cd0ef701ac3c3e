#!/usr/bin/env bash
# README command 2: install everything the tests need, build the site, run every test.
# Works on a fresh Debian machine with Python 3.11, Node 20 and root (Chromium comes
# from Debian's packages; Playwright drives it, it never downloads a browser).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install --quiet -r requirements/test.txt

# The page's pure JavaScript modules (URL codec, link limits): Node's own test runner.
node --test tests/js/

# The site tests build the site themselves (tests/site/conftest.py), reusing the download cache.
exec .venv/bin/python -m pytest "$@"
