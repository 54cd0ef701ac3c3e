"""Bare reference pages for bench/site.py: the least a page must do to show the same thing.

``write_bare_pages(site_copy)`` writes a folder ``_bench_bare/`` into a copy of the built site
(so the pages are same-origin with it and use its very files) holding:

- ``contour.html``: fetches ``assets/data/grids/two_wells.f32`` and the catalog entry's
  nx/ny/min/max from ``assets/data/catalog.json``, computes 24 linear contour bands with
  d3-contour (bundled here with the build's esbuild, ESM) and fills them on a canvas in plain JS,
  then ``performance.mark("bare:contour-drawn")``.
- ``python.html``: starts a module worker the way our page does (a ``blob:`` URL that only
  imports an absolute module URL); the worker does only ``loadPyodide({indexURL})``,
  ``loadPackage("numpy")`` and ``pyimport("numpy")``, then posts a message, and the page
  marks ``bare:python-ready``.

No inline scripts and no CSP: one module script per page.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

NPM = Path.home() / ".cache" / "optimizer-paths" / "npm"
ESBUILD = NPM / "node_modules" / ".bin" / "esbuild"
FOLDER = "_bench_bare"
CONTOUR_PAGE = f"{FOLDER}/contour.html"
PYTHON_PAGE = f"{FOLDER}/python.html"

ENTRY = 'export { contours } from "d3-contour";\n'

CONTOUR_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare contour</title>
<script type="module" src="contour.js"></script></head>
<body><canvas id="plot" width="600" height="600"></canvas></body></html>
"""

CONTOUR_JS = """import { contours } from "./d3-contour.mjs";

const ID = "two_wells";
const [catalog, buffer] = await Promise.all([
  fetch("../assets/data/catalog.json").then((r) => r.json()),
  fetch(`../assets/data/grids/${ID}.f32`).then((r) => r.arrayBuffer()),
]);
const { nx, ny, min, max } = catalog.functions.find((f) => f.id === ID).grid;
const values = new Float32Array(buffer);
const count = 24;
const thresholds = Array.from({ length: count }, (_, i) => min + (max - min) * i / count);
const bands = contours().size([nx, ny]).thresholds(thresholds)(values);

const canvas = document.getElementById("plot");
const context = canvas.getContext("2d");
const sx = canvas.width / nx, sy = canvas.height / ny;
bands.forEach((band, k) => {
  const t = k / (bands.length - 1);
  context.beginPath();
  for (const polygon of band.coordinates) {
    for (const ring of polygon) {
      ring.forEach(([x, y], i) => {
        const px = x * sx, py = canvas.height - y * sy;   // row 0 at y_min: bottom
        if (i === 0) context.moveTo(px, py); else context.lineTo(px, py);
      });
      context.closePath();
    }
  }
  context.fillStyle = `rgb(${Math.round(40 + 200 * t)}, ${Math.round(60 + 150 * t)}, ${Math.round(120 + 60 * t)})`;
  context.fill("evenodd");
  context.strokeStyle = "rgba(0, 0, 0, 0.3)";
  context.stroke();
});
performance.mark("bare:contour-drawn");
"""

PYTHON_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare pyodide</title>
<script type="module" src="python.js"></script></head>
<body><p>bare Pyodide</p></body></html>
"""

PYTHON_JS = """const workerURL = new URL("python-worker.mjs", import.meta.url).href;
const blob = new Blob([`import ${JSON.stringify(workerURL)};`], { type: "text/javascript" });
const worker = new Worker(URL.createObjectURL(blob), { type: "module" });
worker.onmessage = (event) => {
  if (event.data.type === "ready") performance.mark("bare:python-ready");
  document.documentElement.dataset.python = event.data.type;
};
"""

PYTHON_WORKER = """const PYODIDE_URL = new URL("../pyodide/", import.meta.url).href;
try {
  const { loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE_URL).href);
  const pyodide = await loadPyodide({ indexURL: PYODIDE_URL });
  await pyodide.loadPackage("numpy", { messageCallback: () => {} });
  pyodide.pyimport("numpy");
  self.postMessage({ type: "ready" });
} catch (error) {
  self.postMessage({ type: "failed", message: String(error) });
}
"""


def write_bare_pages(site_copy: Path) -> None:
    """Write ``_bench_bare/`` into ``site_copy`` (a copy of the built site, never the build's own)."""
    folder = Path(site_copy) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entry.mjs").write_text(ENTRY)
    if not ESBUILD.exists():
        raise FileNotFoundError(f"{ESBUILD} is missing: build the site once so its npm cache is filled")
    subprocess.run(
        [str(ESBUILD), "entry.mjs", "--bundle", "--format=esm", "--minify", "--outfile=d3-contour.mjs",
         "--log-level=warning"],
        cwd=folder, check=True, env={**os.environ, "NODE_PATH": str(NPM / "node_modules")},
    )
    for name, text in [("contour.html", CONTOUR_HTML), ("contour.js", CONTOUR_JS), ("python.html", PYTHON_HTML),
                       ("python.js", PYTHON_JS), ("python-worker.mjs", PYTHON_WORKER)]:
        (folder / name).write_text(text)
