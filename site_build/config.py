"""What the phases share: the build's settings, the state they hand on, and the one error type."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Callable, List, Optional

from .pins import GRID_SIZE

REPO = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    """A phase failed; the message is one sentence saying what to do."""


@dataclasses.dataclass
class BuildConfig:
    out: Path = REPO / "site"
    cache: Optional[Path] = None            # default: $OPTIMIZER_PATHS_CACHE or ~/.cache/optimizer-paths
    pyodide_dir: Optional[Path] = None      # a local Pyodide 0.27.7 distribution to take numpy from
    repo: Path = REPO
    grid_size: int = GRID_SIZE
    log: Callable[[str], None] = lambda message: None

    def __post_init__(self):
        self.out = Path(self.out).resolve()
        self.repo = Path(self.repo).resolve()
        if self.cache is None:
            self.cache = Path(os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths")
        self.cache = Path(self.cache).expanduser().resolve()
        if self.pyodide_dir is not None:
            self.pyodide_dir = Path(self.pyodide_dir).expanduser().resolve()


@dataclasses.dataclass
class BuildState:
    """What the phases hand on to each other."""

    staging: Path
    node_modules: Optional[Path] = None
    numpy_wheel: Optional[Path] = None
    our_wheel: Optional[Path] = None
    dataset_files: List[Path] = dataclasses.field(default_factory=list)  # staged into our wheel
    our_version: str = ""
    build_id: str = ""                      # sw.js's id of this build (a hash of every file)
    size_bytes: int = 0
    file_count: int = 0
    notes: List[str] = dataclasses.field(default_factory=list)
