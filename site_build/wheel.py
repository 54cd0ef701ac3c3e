"""The phase that builds our wheel, under a version that names its sources' content.

The data files the ``fetch_datasets`` phase wrote (``state.dataset_files``) are staged into
``optimizers/data/datasets/`` of the wheel's copy of the sources (never the checkout), and
their bytes are part of the version's hash.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import List, Sequence

from .config import BuildConfig, BuildError, BuildState
from .pins import KEEP_WHEELS, OUR_IMPORTS, OUR_PACKAGE
from .tools import copy_tree, run_command


def source_files(config: BuildConfig) -> List[Path]:
    """The files our wheel is built from, in a stable order."""
    files = [config.repo / "pyproject.toml"]
    for package in OUR_IMPORTS:
        files += sorted(path for path in (config.repo / package).rglob("*")
                        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")
    return files


DATASETS_FOLDER = ("optimizers", "data", "datasets")   # where the staged copy holds the data files


def wheel_version(config: BuildConfig, data_files: Sequence[Path] = ()) -> "tuple[str, re.Match, str]":
    """``<pyproject version>+<sha8 of the sources and data files>``, with the pyproject text and its
    version match."""
    digest = hashlib.sha256()
    for path in source_files(config):
        digest.update(path.relative_to(config.repo).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for path in data_files:
        digest.update("/".join(DATASETS_FOLDER + (path.name,)).encode() + b"\0" + path.read_bytes() + b"\0")
    pyproject = (config.repo / "pyproject.toml").read_text()
    match = re.search(r'^version\s*=\s*"([^"+]+)"', pyproject, re.MULTILINE)
    if match is None:
        raise BuildError("pyproject.toml has no static version = \"...\" line")
    return f"{match.group(1)}+{digest.hexdigest()[:8]}", match, pyproject


def build_wheel(config: BuildConfig, state: BuildState) -> None:
    """``pip wheel --no-deps`` of our sources under version ``<version>+<sha8 of the sources>``."""
    version, match, pyproject = wheel_version(config, state.dataset_files)
    wheels = config.cache / "wheels"
    name = f"{OUR_PACKAGE.replace('-', '_')}-{version}-py3-none-any.whl"
    if not (wheels / name).exists():
        wheels.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=config.cache) as scratch:
            source = Path(scratch) / "source"
            source.mkdir()
            for package in OUR_IMPORTS:
                copy_tree(config.repo / package, source / package)
            datasets = source.joinpath(*DATASETS_FOLDER)
            datasets.mkdir(parents=True, exist_ok=True)
            for path in state.dataset_files:
                shutil.copy2(path, datasets / path.name)
            (source / "pyproject.toml").write_text(
                pyproject[:match.start(1)] + version + pyproject[match.end(1):])
            readme = config.repo / "README.md"
            (source / "README.md").write_text(readme.read_text() if readme.exists() else "Optimizer Paths\n")
            built = Path(scratch) / "wheel"
            run_command([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                         "--disable-pip-version-check", "--wheel-dir", str(built), str(source)],
                        config.repo, "building our wheel")
            wheel = next(built.glob("*.whl"), None)
            if wheel is None or wheel.name != name:
                raise BuildError(f"pip wheel made {wheel.name if wheel else 'no wheel'}, expected {name}")
            os.replace(wheel, wheels / name)
        for old in sorted(wheels.glob("*.whl"), key=lambda path: path.stat().st_mtime)[:-KEEP_WHEELS]:
            old.unlink(missing_ok=True)
    state.our_wheel = wheels / name
    state.our_version = version
