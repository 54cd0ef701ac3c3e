"""Phases that lay out the site's files around the pages: pyodide/, assets/vendor, assets/data, assets/app."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from . import css_tokens
from .config import BuildConfig, BuildError, BuildState
from .fetch import official_lock
from .pins import (APP_ENTRY, D3_PACKAGES, RUNTIME_CORE_FILES, NUMPY_WHEEL, OUR_IMPORTS, OUR_PACKAGE, PYODIDE_CORE_SHA256,
                   PYODIDE_VERSION, WORKER_MODULES)
from .tools import copy_tree, run_command, sha256_of


def write_pyodide_folder(config: BuildConfig, state: BuildState) -> None:
    """site/pyodide/: core files, numpy's and our wheel, and a lock with the official info + both."""
    folder = state.staging / "pyodide"
    folder.mkdir(parents=True, exist_ok=True)
    source = state.node_modules / "pyodide"
    for name, pinned in PYODIDE_CORE_SHA256.items():
        if name == "pyodide-lock.json":
            continue
        if sha256_of(source / name) != pinned:
            raise BuildError(f"npm's pyodide/{name} does not have the sha256 site_build/pins.py pins for Pyodide {PYODIDE_VERSION}")
        shutil.copy2(source / name, folder / name)
    shutil.copy2(state.numpy_wheel, folder / NUMPY_WHEEL)
    shutil.copy2(state.our_wheel, folder / state.our_wheel.name)
    official = official_lock(state)
    lock = {
        "info": official["info"],
        "packages": {
            "numpy": official["packages"]["numpy"],
            OUR_PACKAGE: {
                "name": OUR_PACKAGE, "version": state.our_version, "file_name": state.our_wheel.name,
                "install_dir": "site", "sha256": sha256_of(state.our_wheel), "package_type": "package",
                "imports": list(OUR_IMPORTS), "depends": ["numpy"], "unvendored_tests": False,
            },
        },
    }
    (folder / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    write_runtime_manifest(folder, [*RUNTIME_CORE_FILES, NUMPY_WHEEL, state.our_wheel.name],
                           config.repo / "pyodide_app" / "worker.mjs")


def write_runtime_manifest(folder, names, worker) -> None:
    """pyodide/runtime.json: the files the worker downloads itself (with byte counts for its
    progress, and sha256 sums it checks) before Pyodide starts, and an id of that set."""
    files = [{"name": name, "size": (folder / name).stat().st_size, "sha256": sha256_of(folder / name)}
             for name in names]
    build = hashlib.sha256("".join(f"{f['name']}:{f['sha256']};" for f in files).encode()).hexdigest()[:16]
    # What a stored heap snapshot depends on: the runtime, its standard library, and the worker
    # (its loadPyodide options and pre-imports). A change to any of them makes old snapshots unused.
    runtime = "".join(f["sha256"] for f in files if f["name"] in RUNTIME_CORE_FILES)
    snapshot = hashlib.sha256((runtime + sha256_of(worker)).encode()).hexdigest()[:16]
    (folder / "runtime.json").write_text(json.dumps({"build": build, "snapshot": snapshot, "files": files},
                                                    indent=1) + "\n")


def bundle_vendor(config: BuildConfig, state: BuildState) -> None:
    """assets/vendor/d3.mjs (esbuild bundle of the d3 parts), uplot.mjs (uPlot's ES module),
    assets/css/uplot.css (its stylesheet: copy_app_assets joins it into site.css), and their licences (three.js's too: the 3-D view's chunk bundles it)."""
    vendor = state.staging / "assets" / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    uplot = state.node_modules / "uplot" / "dist"
    shutil.copy2(uplot / "uPlot.esm.js", vendor / "uplot.mjs")
    (state.staging / "assets" / "css").mkdir(parents=True, exist_ok=True)
    shutil.copy2(uplot / "uPlot.min.css", state.staging / "assets" / "css" / "uplot.css")
    entry = state.node_modules.parent / "d3-entry.mjs"
    entry.write_text("".join(f'export * from "{name}";\n' for name in D3_PACKAGES))
    run_command([str(state.node_modules / ".bin" / "esbuild"), str(entry), "--bundle", "--format=esm",
                 "--minify", "--legal-comments=eof", "--log-level=error",
                 f"--outfile={vendor / 'd3.mjs'}"], state.node_modules.parent, "bundling d3 with esbuild")
    licences = []
    for package in sorted({*D3_PACKAGES, "d3-color", "d3-format", "d3-interpolate", "d3-time",
                           "d3-time-format", "internmap", "uplot", "three"}):
        licence = next((state.node_modules / package).glob("LICENSE*"), None)
        version = json.loads((state.node_modules / package / "package.json").read_text())["version"]
        if licence is not None:
            licences.append(f"== {package} {version} ==\n{licence.read_text().strip()}\n")
    (vendor / "LICENSES.txt").write_text("\n".join(licences))


def typeset(formulas, state: BuildState) -> list:
    """MathML of LaTeX formulas (inline), by KaTeX from npm (site_build/typeset.mjs) at build time."""
    with tempfile.TemporaryDirectory(prefix="formulas-") as folder:   # not in the cache: builds run in parallel
        source = Path(folder) / "formulas.json"
        source.write_text(json.dumps(formulas))
        script = Path(__file__).with_name("typeset.mjs")
        output = run_command(["node", str(script), str(source)], state.node_modules.parent,
                             "typesetting the formulas with KaTeX")
    return json.loads(output)


def write_data(config: BuildConfig, state: BuildState) -> None:
    """assets/data/catalog.json (= pyodide_app.api.describe() plus grid files and each
    function's formula as MathML) and grids/<id>.f32."""
    if str(config.repo) not in sys.path:
        sys.path.insert(0, str(config.repo))
    from pyodide_app import api

    data = state.staging / "assets" / "data"
    (data / "grids").mkdir(parents=True, exist_ok=True)
    try:
        catalog = api.describe()
        catalog["grid"] = {"nx": config.grid_size, "ny": config.grid_size}   # the grids written here
        for entry in catalog["functions"]:
            grid = api.grid({"function": {"id": entry["id"]}, "nx": config.grid_size, "ny": config.grid_size})
            file = f"grids/{entry['id']}.f32"
            grid["values"].astype("<f4").tofile(data / file)
            entry["grid"] = {"nx": grid["nx"], "ny": grid["ny"], "file": file, "min": grid["min"], "max": grid["max"]}
        for entry, mathml in zip(catalog["functions"], typeset([f["formula"] for f in catalog["functions"]], state)):
            entry["formula_mathml"] = mathml
        text = json.dumps(catalog, indent=1, allow_nan=False)
    except Exception as error:
        raise BuildError(f"precomputing catalog.json and the grids failed: {type(error).__name__}: {error}") from None
    (data / "catalog.json").write_text(text + "\n")


def copy_app_assets(config: BuildConfig, state: BuildState) -> None:
    """site_src/css/*.css -> assets/css, and site_src/css/site/*.css joined into assets/css/site.css; site_src/js bundled by esbuild into assets/app/main.js (one
    request instead of a chain of module imports, d3 included) and, for modules loaded on first use
    with import(), assets/app/chunks/, the classic file-notice.js
    and theme-init.js beside it; pyodide_app's WORKER_MODULES (worker.mjs and what it imports) -> assets/app."""
    assets = state.staging / "assets"
    (assets / "css").mkdir(parents=True, exist_ok=True)
    for sheet in (config.repo / "site_src" / "css").glob("*.css"):   # a stylesheet of its own (api.css)
        shutil.copy2(sheet, assets / "css" / sheet.name)
    # site.css: uPlot's stylesheet (the loss chart's) and site_src/css/site's parts, joined and minified:
    # one render-blocking request, as small as it can be, before the first paint.
    joined = assets / "css" / "site.source.css"
    uplot = assets / "css" / "uplot.css"
    joined.write_text(uplot.read_text(encoding="utf-8") + "\n" + css_tokens.site_css(), encoding="utf-8")
    uplot.unlink()
    try:
        run_command([str(state.node_modules / ".bin" / "esbuild"), str(joined), "--minify", "--log-level=error",
                     f"--outfile={assets / 'css' / 'site.css'}"],
                    state.node_modules.parent, "minifying site.css with esbuild")
    finally:
        joined.unlink()
    app = assets / "app"
    app.mkdir(parents=True, exist_ok=True)
    # The sources import d3 and uPlot from "../vendor/": bundle them from beside the staged vendor folder.
    # d3.mjs is, for this bundle, a re-export of npm's d3 packages (not bundle_vendor's minified copy),
    # so esbuild keeps only the parts the page imports (the packages declare no side effects).
    sources = assets / ".app-sources"
    copy_tree(config.repo / "site_src" / "js", sources)
    # The 3-D view (plot3d/, loaded with import()) imports three.js by its npm name: esbuild finds it
    # through a node_modules link beside the staged sources (the link goes with them, the cache stays).
    (sources / "node_modules").symlink_to(state.node_modules, target_is_directory=True)
    (assets / "vendor" / "d3.mjs").write_text("".join(f'export * from "{name}";\n' for name in D3_PACKAGES))
    try:
        # Code splitting: a module the page imports with import() (a panel, a chart, the 3-D view)
        # becomes its own file under assets/app/chunks/, fetched on first use, not with the entry.
        run_command([str(state.node_modules / ".bin" / "esbuild"), str(sources / APP_ENTRY), "--bundle",
                     "--format=esm", "--splitting", "--minify", "--legal-comments=eof", "--log-level=error",
                     f"--outdir={app}", "--entry-names=[name]", "--chunk-names=chunks/[name]-[hash]",
                     f"--metafile={sources / 'meta.json'}"],
                    state.node_modules.parent, "bundling the page's JavaScript with esbuild",
                    env={**os.environ, "NODE_PATH": str(state.node_modules)})
        for classic in ("file-notice.js", "theme-init.js"):   # classic scripts, not modules (minified alone)
            run_command([str(state.node_modules / ".bin" / "esbuild"), str(sources / classic), "--minify",
                         "--log-level=error", f"--outfile={app / classic}"],
                        state.node_modules.parent, f"minifying {classic} with esbuild")
        preload_entry_chunks(state.staging, entry_chunks(json.loads((sources / "meta.json").read_text()), app,
                                                         state.node_modules.parent))
    finally:
        shutil.rmtree(sources, ignore_errors=True)
    for bundled in ("d3.mjs", "uplot.mjs"):   # inside the bundle now; their licences stay
        (assets / "vendor" / bundled).unlink(missing_ok=True)
    for module in WORKER_MODULES:   # the worker and the modules it imports, side by side
        shutil.copy2(config.repo / "pyodide_app" / module, app / module)


def entry_chunks(meta: dict, app: Path, cwd: Path) -> list:
    """The chunks the entry bundle imports statically (code that the entry shares with modules loaded
    by import(): esbuild puts it in a chunk of its own), as paths relative to ``app``, from esbuild's
    metafile (whose paths are relative to esbuild's working folder ``cwd``)."""
    here = lambda path: (cwd / path).resolve()   # noqa: E731
    for output, facts in meta["outputs"].items():
        if here(output) == (app / APP_ENTRY).resolve():
            return sorted(here(i["path"]).relative_to(app.resolve()).as_posix()
                          for i in facts["imports"] if i["kind"] == "import-statement")
    raise BuildError(f"esbuild's metafile has no output {APP_ENTRY}")


def preload_entry_chunks(site: Path, chunks: list) -> None:
    """Every page whose loader starts the entry (``data-entry="…assets/app/main.js"`` on the classic
    file-notice.js, which loads it after the first paint) names the entry's static chunks beside it
    (``data-preload``, paths relative to the entry), so the loader has the browser fetch them with the
    entry instead of after reading it (no second round trip)."""
    marker = re.compile(r'data-entry="[^"]*assets/app/' + re.escape(APP_ENTRY) + r'"')
    for page in site.rglob("*.html"):
        text = page.read_text()
        found = marker.search(text)
        if not found or not chunks:
            continue
        page.write_text(text[:found.end()] + f' data-preload="{" ".join(chunks)}"' + text[found.end():])
