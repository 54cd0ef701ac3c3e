"""Small tools the phases use: hashing, running a command with a one-sentence failure, the cache lock."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import List

from .config import BuildError
from .pins import NETWORK_ERRORS


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_command(command: List[str], cwd: Path, what: str, network: str = "", env: dict | None = None) -> str:
    """Run a command (in ``env`` if given); on failure raise one sentence (naming ``network`` if it looks like one)."""
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    except FileNotFoundError:
        raise BuildError(f"{command[0]} is not installed, which {what} needs") from None
    if result.returncode != 0:
        output = result.stderr + result.stdout
        if network and any(marker in output for marker in NETWORK_ERRORS):
            raise BuildError(f"could not reach {network} while {what}")
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        detail = next((line for line in reversed(lines) if "error" in line.lower()), lines[-1] if lines else "")
        raise BuildError(f"{what} failed ({' '.join(command[:3])} exited with {result.returncode}): {detail}")
    return result.stdout


@contextlib.contextmanager
def cache_lock(cache: Path):
    """Serialise the phases that write the cache (parallel test workers build at once)."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store"))
