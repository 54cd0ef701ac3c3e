"""Which tier a test belongs to: the quick tier or only the full suite.

The quick tier (``bash scripts/test.sh --quick``) holds the tests that need neither torch nor a
browser nor the built site; the full suite holds everything. A test is decided by where it lives and
what it needs, never by a list of files, so a new test file lands in the right tier by itself:

* **Folder.** Only ``tests/core/`` (the numpy core and the Python/JS boundary under CPython) and
  ``tests/tooling/`` (the Pages workflow, its pins and lint, this rule) can be quick. Everything in
  ``tests/site/`` builds, measures or loads the site and is full-tier.
* **Imports.** A test file that imports one of ``FULL_TIER_PACKAGES`` (torch, the torch-based
  reference optimizers, Playwright), directly or through a local helper module it imports
  (``tests/core/torch_reference.py``, say), anywhere in the file (a lazy import inside a test
  counts), is full-tier. This is read from the source with ``ast`` before the file is imported, so
  the quick tier never imports torch and runs where torch is not installed.
* **Fixtures.** A test that asks, directly or through other fixtures, for one of
  ``FULL_TIER_FIXTURES`` (the built site, its server, the browser) is full-tier.
* **Marker.** A test marked ``@pytest.mark.full`` is full-tier: for the rare test that does heavy
  work without such a fixture (the workflow's build step builds a whole site by itself).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Tuple

import pytest

from xdist_groups import group_items, heavy_first

REPO = Path(__file__).resolve().parents[1]

QUICK_TIER_FOLDERS = ("core", "tooling")      # folders of tests/ whose tests can be quick
FULL_TIER_PACKAGES = frozenset({"torch", "pytorch_optimizer", "qhoptim", "schedulefree", "playwright"})
FULL_TIER_FIXTURES = frozenset({"built_site", "site_url", "browser"})
FULL_MARKER = "full"


def imported_modules(tree: ast.AST) -> Iterable[str]:
    """Dotted names a parsed module imports anywhere in it, lazy imports in functions included
    (``from a.b import c`` gives ``a.b`` and ``a.b.c``); relative imports are not followed."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"


def local_files(dotted: str, search_roots: Tuple[Path, ...]) -> Iterable[Path]:
    """The repository's own source files that importing ``dotted`` would run, if any."""
    parts = dotted.split(".")
    for root in search_roots:
        for depth in range(1, len(parts) + 1):
            base = root.joinpath(*parts[:depth])
            for candidate in (base.with_suffix(".py"), base / "__init__.py"):
                if candidate.is_file():
                    yield candidate.resolve()


def search_roots_for(path: Path) -> Tuple[Path, ...]:
    """Where a module at ``path`` finds its local imports: its folder and every folder above it up to
    the repository's root (pytest puts test folders on ``sys.path``; the root holds the packages and
    ``build.py``), and ``scripts/`` (the site's conftest puts it there)."""
    roots = [path.parent]
    folder = path.parent
    while folder != REPO and REPO in folder.parents:
        folder = folder.parent
        roots.append(folder)
    roots.append(REPO / "scripts")
    return tuple(dict.fromkeys(roots))


@lru_cache(maxsize=None)
def full_tier_import(path: Path) -> Optional[str]:
    """The import chain that puts the file at ``path`` in the full tier ("torch_reference -> torch"),
    or None when the file and the local modules it imports need none of ``FULL_TIER_PACKAGES``."""
    return _full_tier_import(path.resolve(), frozenset())


def _full_tier_import(path: Path, seen: frozenset) -> Optional[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None  # pytest reports the broken file itself when it imports it
    seen = seen | {path}
    roots = search_roots_for(path)
    for dotted in imported_modules(tree):
        if dotted.split(".")[0] in FULL_TIER_PACKAGES:
            return dotted.split(".")[0]
        for local in local_files(dotted, roots):
            if local in seen or REPO not in local.parents or ".venv" in local.parts:
                continue
            chain = _full_tier_import(local, seen)
            if chain:
                return f"{local.stem} -> {chain}"
    return None


def in_quick_folder(path: Path, tests: Path) -> bool:
    """Whether ``path`` lies in one of the ``QUICK_TIER_FOLDERS`` of the folder ``tests``."""
    try:
        relative = path.resolve().relative_to(tests.resolve())
    except ValueError:
        return False
    return len(relative.parts) > 1 and relative.parts[0] in QUICK_TIER_FOLDERS


def full_tier_reason(item, tests: Path) -> Optional[str]:
    """Why a collected pytest item belongs to the full tier only, or None if it is quick.
    ``tests`` is the folder that holds the tier folders (the one with the conftest that uses this)."""
    path = Path(getattr(item, "path", ""))
    if not in_quick_folder(path, tests):
        return "not in " + " or ".join(f"tests/{folder}/" for folder in QUICK_TIER_FOLDERS)
    if item.get_closest_marker(FULL_MARKER) is not None:
        return "marked full"
    fixtures = FULL_TIER_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    if fixtures:
        return "uses " + ", ".join(sorted(fixtures))
    if path.suffix == ".py":
        chain = full_tier_import(path)
        if chain:
            return "imports " + chain
    return None


# --- pytest hooks (tests/conftest.py imports these) -----------------------------------------------

def pytest_addoption(parser):
    parser.addoption("--quick", action="store_true", default=False,
                     help="run only the quick tier: no torch, no browser, no built site (tests/tiers.py)")


def pytest_ignore_collect(collection_path: Path, config):
    """In the quick tier, do not even import what is full-tier: folders outside the quick folders,
    and test files that import a full-tier package (so torch and Playwright are never imported)."""
    if not config.getoption("quick"):
        return None
    tests = Path(__file__).resolve().parent
    path = collection_path.resolve()
    if path.is_dir():
        if path.parent == tests and path.name not in QUICK_TIER_FOLDERS:
            return True
        return None
    if path.suffix == ".py" and path.name.startswith("test_") \
            and (not in_quick_folder(path, tests) or full_tier_import(path)):
        return True
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every full-tier test ``full``; with ``--quick``, deselect them. Then group the tests that
    share a module's fixture for xdist and put the long ones first (``xdist_groups.py``). First among the hooks: on a worker,
    xdist's own hook reads the ``xdist_group`` marks into the test ids, so they must be there."""
    tests = Path(__file__).resolve().parent
    kept, dropped = [], []
    for item in items:
        if full_tier_reason(item, tests) is None:
            kept.append(item)
        else:
            item.add_marker(FULL_MARKER)
            dropped.append(item)
    if config.getoption("quick") and dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    group_items(items)
    heavy_first(items)


def pytest_report_header(config):
    if config.getoption("quick"):
        return "tier: quick (no torch, no browser, no built site; the rule is in tests/tiers.py)"
    return None
