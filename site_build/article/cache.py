"""The article's measurements in the build cache: ``<cache>/article/<source hash>.json``.

The numbers change only when the sources they depend on change (``measure.source_hash``),
so a build measures once per change of the optimizers package, the page's API or this
package, and reads the file otherwise.

For development only: with ``OPTIMIZER_PATHS_ARTICLE_REUSE=1`` a build whose sources have no
measurement yet reuses the newest stored one (and says so) instead of measuring for minutes;
tests and CI never set it, and ``tests/site/test_article_numbers.py`` measures afresh anyway.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, Optional

from . import measure as measure_module


def default_cache_dir() -> Path:
    """The build's cache (``site_build.config.BuildConfig``'s default): $OPTIMIZER_PATHS_CACHE or
    ~/.cache/optimizer-paths."""
    return Path(os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths").expanduser()


def load_or_measure(cache_dir: Optional[Path] = None,
                    measure: Callable[[], Dict[str, Any]] = measure_module.measure,
                    name: str = "article", source_hash: Callable[[], str] = measure_module.source_hash,
                    reuse: bool = True) -> Dict[str, Any]:
    """The cached measurements for the current sources, measuring (and storing) them if absent.

    ``name`` is the cache's folder, ``source_hash`` what keys it; ``reuse=False`` (the "Real
    models" page's measurements, which are cheap) never reuses another source's file."""
    folder = Path(cache_dir or default_cache_dir()) / name
    path = folder / f"{source_hash()[:16]}.json"
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass   # a damaged file is measured again
    if reuse and os.environ.get("OPTIMIZER_PATHS_ARTICLE_REUSE") == "1":
        stored = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
        if stored:
            print(f"article: OPTIMIZER_PATHS_ARTICLE_REUSE=1, reusing {stored[-1].name} measured for other "
                  "sources (development only)", file=sys.stderr)
            return json.loads(stored[-1].read_text(encoding="utf-8"))
    result = json.loads(json.dumps(measure()))   # exactly what a later build would read
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False, encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)
    os.replace(handle.name, path)
    return result
