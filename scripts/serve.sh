#!/usr/bin/env bash
# Build the site if needed and serve it on http://127.0.0.1:8000 (README command 1).
#
# Needs Python 3.11+, Node.js 20 with npm, and the package registries (PyPI, npm) on the
# first run; later runs work offline from the cache (~/.cache/optimizer-paths). It creates
# or reuses .venv, installs requirements/build.txt into it, rebuilds site/ when a source is
# newer than the last build (or site/ is missing), then serves site/ until Ctrl+C.
# PORT=8080 scripts/serve.sh serves on another port; extra arguments go to build.py.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
PORT="${PORT:-8000}"
VENV=".venv"

if ! command -v "$PYTHON" >/dev/null; then
  echo "serve.sh: $PYTHON is not installed: install Python 3.11 or newer" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating $VENV …"
  "$PYTHON" -m venv "$VENV" || {
    echo "serve.sh: could not create $VENV: install python3-venv (apt-get install python3-venv)" >&2
    exit 1
  }
fi

wanted="$(sha256sum requirements/build.txt | cut -d' ' -f1)"
if [ "$(cat "$VENV/.build-requirements.sha256" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing requirements/build.txt into $VENV …"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements/build.txt || {
    echo "serve.sh: could not install requirements/build.txt (is PyPI reachable?)" >&2
    exit 1
  }
  echo "$wanted" > "$VENV/.build-requirements.sha256"
fi

built="site/assets/data/catalog.json"
sources=(build.py site_build package.json package-lock.json mkdocs.yml pyproject.toml optimizers pyodide_app site_src)
if [ ! -f "$built" ] || [ -n "$(find "${sources[@]}" -newer "$built" -not -path '*/__pycache__*' -print -quit 2>/dev/null)" ] \
   || [ "$#" -gt 0 ]; then
  "$VENV/bin/python" build.py --quiet "$@"
fi

exec "$VENV/bin/python" scripts/serve.py --root site --host 127.0.0.1 --port "$PORT"
