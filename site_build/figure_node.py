"""Node runs of the page's own JavaScript for the build's figures: ``site_src/js`` is staged in a
temporary folder beside a ``vendor/d3.mjs`` that re-exports the build's npm d3 packages (the page
imports d3 from there), and a script of ours (``figure_state.mjs``: the URL codec;
``figure_svg.mjs``: the pictures; ``figure_geometry.mjs``, staged beside them, what they share) runs over it with one JSON file in and JSON out."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Optional

from site_build.math_hook import node_modules   # the build's npm packages (one place says where)

REPO = Path(__file__).resolve().parent.parent
D3_PACKAGES = ("d3-contour", "d3-scale", "d3-scale-chromatic", "d3-array")


class NodeError(RuntimeError):
    """Node is missing, a package is not installed, or the script failed (its words)."""


def stage(folder: Path, modules: Path) -> None:
    """``folder``/js (site_src/js), ``folder``/vendor/d3.mjs and a package.json of type module."""
    missing = [p for p in D3_PACKAGES if not (modules / p / "package.json").is_file()]
    if missing:
        raise NodeError(f"{', '.join(missing)} not installed in {modules}: run python build.py once (it fetches the npm packages)")
    shutil.copytree(REPO / "site_src" / "js", folder / "js")
    (folder / "vendor").mkdir()
    (folder / "vendor" / "d3.mjs").write_text("".join(
        f'export * from {json.dumps((modules / p / json.loads((modules / p / "package.json").read_text())["module"]).as_uri())};\n'
        for p in D3_PACKAGES))
    (folder / "package.json").write_text('{"type": "module"}\n')
    shutil.copy2(REPO / "site_build" / "figure_geometry.mjs", folder / "figure_geometry.mjs")   # the scripts' shared part


def run_script(script: Path, payload: Any, modules: Optional[Path] = None, what: str = "the figures") -> Any:
    """Run site_build/``script`` (an .mjs beside this module) over the staged page modules with
    ``payload`` as a JSON file (its first argument); its standard output, read as JSON."""
    modules = Path(modules or node_modules())
    with tempfile.TemporaryDirectory(prefix="figures-") as folder:
        folder = Path(folder)
        stage(folder / "modules", modules)
        staged = folder / "modules" / script.name
        shutil.copy2(script, staged)
        source = folder / "input.json"
        source.write_text(json.dumps(payload, allow_nan=True))
        try:
            result = subprocess.run(["node", str(staged), str(source)], cwd=folder, capture_output=True, text=True)
        except FileNotFoundError:
            raise NodeError(f"node is not installed, which {what} need") from None
    if result.returncode != 0:
        raise NodeError(f"{what} failed in node: {result.stderr.strip()[-800:]}")
    return json.loads(result.stdout)
