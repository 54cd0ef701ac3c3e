"""Every number and figure of the article, measured with the optimizers core, as plain data.

``measure()`` returns ``{"lattices": ..., "numbers": {key: value}, "tables": {key: table},
"figures": {id: spec}}`` (values as in ``values``; a table is ``{"columns": [...], "rows":
[[value, ...], ...]}``; a figure spec is what ``site_build.figures.figure_html`` takes).
``source_hash()`` is a hash of everything the numbers depend on (the optimizers package,
the page's API module and this package), which keys the build cache (``cache``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict

from . import rastrigin, rosenbrock, two_wells
from .values import count, text

REPO = Path(__file__).resolve().parents[2]
# what the numbers depend on (not the hook or the rendering, which only write them out)
SOURCES = ("optimizers", "pyodide_app") + tuple(
    f"site_build/article/{name}.py" for name in ("measure", "lattice", "values", "ends", "two_wells", "rastrigin",
                                                 "rosenbrock"))
# lattice sides: two wells is the article's main case; Rastrigin's 121 dips get about ten
# starts per dip side at 101; Rosenbrock's long runs (10,000 steps) use a coarser lattice
LATTICES = {"two_wells": 201, "rastrigin": 101, "rosenbrock": 101, "rosenbrock_long": 41}


def source_hash(repo: Path = REPO) -> str:
    """sha256 of the sources the numbers depend on (paths and contents, in a fixed order)."""
    digest = hashlib.sha256()
    for source in SOURCES:
        root = repo / source
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*")
                                                     if p.is_file() and "__pycache__" not in p.parts
                                                     and p.suffix != ".pyc")
        for path in files:
            digest.update(path.relative_to(repo).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def measure() -> Dict[str, Any]:
    numbers: Dict[str, Any] = {}
    tables: Dict[str, Any] = {}
    figures: Dict[str, Any] = {}
    for part in (two_wells.measure(LATTICES["two_wells"]), rastrigin.measure(LATTICES["rastrigin"]),
                 rosenbrock.measure(LATTICES["rosenbrock"], LATTICES["rosenbrock_long"])):
        for key in part["numbers"]:
            if key in numbers:
                raise ValueError(f"the article's number {key!r} is measured twice")
        numbers.update(part["numbers"])
        tables.update(part["tables"])
        figures.update(part["figures"])
    for name, side in LATTICES.items():
        numbers[f"lattice_{name}"] = text(f"{side} × {side}")
        numbers[f"lattice_{name}_starts"] = count(side * side)
    return {"lattices": dict(LATTICES), "numbers": numbers, "tables": tables, "figures": figures}
