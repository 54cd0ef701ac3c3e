"""The article's figures: a live plot opened at a stated state, with a static picture for readers
without JavaScript (and while Python loads).

A figure spec is plain data::

    {"id": "two-wells-adam", "function": "two_wells", "starts": [[0.4, 1.0]],
     "presets": ["sgd", "adam"],                       # the presets switched on
     "settings": {"adam": {"lr": 0.05}},               # optional: hyperparameters over the preset's
     "steps": {"adam": 200},                           # optional: steps instead of the preset's
     "params": {"a": 2.0},                             # optional: the function's parameters
     "caption": "…", "alt": "…"}

- ``state_hash(spec, catalog, page_function)`` is the playground's URL hash for it, written exactly
  as ``site_src/js/state/state.js``'s ``toHash`` writes it (tests/site/test_figures_build.py holds the two
  together by running the JS codec itself);
- ``figure_html(spec, page)`` is the ``<figure>``: a ``[data-playground]`` element with
  ``data-state`` (the hash for the figure's own function) holding the static picture, the
  caption and a link that opens the same state on the playground page;
- ``write_pictures(specs, site_dir)`` writes ``assets/figures/<id>.svg`` (contours, each enabled
  preset's path from each start, legend, axes; computed here with ``pyodide_app.api``, drawn by
  ``site_build/figure_svg.mjs`` with the page's own contour and scale code) and
  ``assets/figures/figures.json`` (each figure's page and the runs it states, for the tests).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional
from urllib.parse import quote_plus

REPO = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().with_name("figure_svg.mjs")
FIGURES_FOLDER = "assets/figures"
MANIFEST = "figures.json"
PICTURE_WIDTH = 640                      # CSS pixels; the height keeps x and y units equal (scales.js)
MARGIN = {"top": 12, "right": 14, "bottom": 40, "left": 52}   # scales.js MARGIN
LINK_TEXT = "Open this in the playground"
ENTRY_FIELDS = ("optimizer", "hyperparams", "steps", "label")


class FigureError(ValueError):
    """A figure spec that cannot be drawn (unknown function or preset, no start, bad settings)."""


# --- JavaScript's ways of writing numbers, JSON and URLSearchParams ------------------------

def js_number(value: float) -> str:
    """``String(value)`` in JavaScript: the shortest round-trip digits, JS's exponent rules."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number here")
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    text = repr(abs(value))                  # Python's repr is the shortest round-trip too
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = (len(whole) if whole != "0" else -(len(fraction) - len(fraction.lstrip("0"))))
    point += int(exponent) if exponent else 0                 # value = 0.digits × 10^point
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    body = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{body}e{'+' if e >= 0 else '-'}{abs(e)}"


def js_json(value: Any) -> str:
    """``JSON.stringify(value)``: no spaces, numbers as JavaScript writes them, keys in order."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(js_json(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{js_json(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"{type(value).__name__} is not plain data")


def form_encode(text: str) -> str:
    """One value as ``URLSearchParams.toString()`` writes it (application/x-www-form-urlencoded)."""
    return quote_plus(text, safe="*").replace("~", "%7E")


# --- the state a spec describes, as state.js builds it ------------------------------------

def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _resolve_preset(preset: dict, fn_id: str) -> dict:
    """state.js resolvePreset: the preset's settings on ``fn_id`` (its by_function adjustment)."""
    adjusted = (preset.get("by_function") or {}).get(fn_id)
    if not adjusted:
        return preset
    return {**preset, "hyperparams": adjusted.get("hyperparams", preset.get("hyperparams")),
            "steps": adjusted.get("steps", preset.get("steps"))}


def _default_entries(catalog: dict, fn_id: str) -> List[dict]:
    """state.js defaultEntries: the default presets first and on, every other offered preset off."""
    optimizers = {o["id"] for o in catalog["optimizers"]}
    presets = [p for p in catalog["presets"] if p["optimizer"] in optimizers]
    defaults = catalog.get("default_presets") or []
    first = [p for key in defaults for p in presets if p["id"] == key]
    rest = [p for p in presets if p["id"] not in defaults]

    def entry(preset, enabled):
        resolved = _resolve_preset(preset, fn_id)
        return {"key": preset["id"], "optimizer": resolved["optimizer"],
                "hyperparams": _plain(resolved.get("hyperparams") or {}), "steps": resolved["steps"],
                "label": resolved["label"], "enabled": enabled}

    return [entry(p, True) for p in first] + [entry(p, False) for p in rest]


def _functions(catalog: dict) -> Dict[str, dict]:
    return {f["id"]: f for f in catalog["functions"]}


def check_spec(spec: dict, catalog: dict) -> None:
    """Raise FigureError naming what is wrong with ``spec``."""
    name = spec.get("id")
    if not isinstance(name, str) or not name or not all(c.isalnum() or c in "-_" for c in name):
        raise FigureError(f"a figure needs an id of letters, digits, - and _, not {name!r}")
    if spec.get("function") not in _functions(catalog):
        raise FigureError(f"figure {name}: there is no function {spec.get('function')!r}")
    starts = spec.get("starts")
    if not starts or not all(isinstance(p, (list, tuple)) and len(p) == 2 and all(
            isinstance(v, (int, float)) and math.isfinite(v) for v in p) for p in starts):
        raise FigureError(f"figure {name}: starts must be a non-empty list of [x, y]")
    offered = {e["key"] for e in _default_entries(catalog, spec["function"])}
    chosen = list(spec.get("presets") or [])
    if not chosen:
        raise FigureError(f"figure {name}: no preset is switched on")
    for key in [*chosen, *(spec.get("settings") or {}), *(spec.get("steps") or {})]:
        if key not in offered:
            raise FigureError(f"figure {name}: there is no preset {key!r}")
    for key, steps in (spec.get("steps") or {}).items():
        if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
            raise FigureError(f"figure {name}: steps of {key} must be a whole number")
    for key, settings in (spec.get("settings") or {}).items():
        if not isinstance(settings, dict) or any(k in ENTRY_FIELDS for k in settings):
            raise FigureError(f"figure {name}: settings of {key} must be an object of hyperparameters")


def spec_state(spec: dict, catalog: dict) -> dict:
    """The page state the spec describes: {fn, params, starts, entries} (entries as state.js's)."""
    check_spec(spec, catalog)
    fn_id = spec["function"]
    own_params = _functions(catalog)[fn_id]["params"]
    params = {**own_params, **{k: float(v) for k, v in (spec.get("params") or {}).items() if k in own_params}}
    enabled = set(spec["presets"])
    settings, steps = spec.get("settings") or {}, spec.get("steps") or {}
    entries = []
    for entry in _default_entries(catalog, fn_id):
        entry = {**entry, "enabled": entry["key"] in enabled}
        if entry["key"] in settings:
            entry["hyperparams"] = {**entry["hyperparams"], **_plain(settings[entry["key"]])}
        if entry["key"] in steps:
            entry["steps"] = steps[entry["key"]]
        entries.append(entry)
    return {"fn": fn_id, "params": params, "starts": [[float(x), float(y)] for x, y in spec["starts"]],
            "entries": entries}


def spec_runs(spec: dict, catalog: dict) -> List[dict]:
    """The ``run`` entries the page sends for the spec: its enabled entries, in the page's order."""
    return [{"key": e["key"], "optimizer": e["optimizer"], "hyperparams": e["hyperparams"], "steps": e["steps"]}
            for e in spec_state(spec, catalog)["entries"] if e["enabled"]]


def _encode_entries(entries: List[dict], catalog: dict, fn_id: str) -> str:
    """state.js codecs.entries.encode."""
    presets = {p["id"]: p for p in catalog["presets"]}
    defaults = catalog.get("default_presets") or []
    parts = []
    for entry in entries:
        preset = presets.get(entry["key"])
        own = preset is None or not _same_settings(entry, _resolve_preset(preset, fn_id))
        if not entry["enabled"] and not own and entry["key"] not in defaults:
            continue
        text = ("" if entry["enabled"] else "-") + entry["key"]
        if own:
            text += "~" + js_json({"optimizer": entry["optimizer"], "hyperparams": entry["hyperparams"],
                                   "steps": entry["steps"], "label": entry["label"]})
        parts.append(text)
    return ",".join(parts)


def _same_settings(entry: dict, preset: dict) -> bool:
    return (entry["optimizer"] == preset["optimizer"] and entry["steps"] == preset["steps"]
            and entry["label"] == preset["label"]
            and _plain(entry["hyperparams"]) == _plain(preset.get("hyperparams") or {}))


def state_hash(spec: dict, catalog: dict, page_function: Optional[str] = None) -> str:
    """The playground's URL hash (without "#") for ``spec`` on a page whose own function is
    ``page_function`` (default: the spec's), exactly as state.js's toHash writes it."""
    state = spec_state(spec, catalog)
    page_function = page_function or state["fn"]
    fn = _functions(catalog)[state["fn"]]
    fields = []
    if state["fn"] != page_function:
        fields.append(("f", state["fn"]))
    if state["params"] != fn["params"]:
        fields.append(("p", ",".join(f"{k}:{js_number(v)}" for k, v in state["params"].items())))
    fields.append(("s", ";".join(",".join(js_number(v) for v in p) for p in state["starts"])))
    entries = _encode_entries(state["entries"], catalog, state["fn"])
    if entries != _encode_entries(_default_entries(catalog, page_function), catalog, page_function):
        fields.append(("o", entries))
    return "&".join(f"{key}={form_encode(text)}" for key, text in fields)


# --- the figure's HTML ----------------------------------------------------------------------

def picture_size(spec: dict, catalog: dict, width: int = PICTURE_WIDTH) -> tuple:
    """(width, height) of the picture: scales.js heightForWidth for the function's domain."""
    [[x0, x1], [y0, y1]] = _functions(catalog)[spec["function"]]["domain"]
    plot_width = width - MARGIN["left"] - MARGIN["right"]
    ratio = min(1.25, max(0.5, (y1 - y0) / (x1 - x0)))
    return width, int(math.floor(plot_width * ratio + MARGIN["top"] + MARGIN["bottom"] + 0.5))


def _page_url(page: Any) -> str:
    return page if isinstance(page, str) else (getattr(page, "url", "") or "")


def root_prefix(page: Any) -> str:
    """The relative path from ``page`` (an MkDocs Page or its url, "article/") to the site's root."""
    url = _page_url(page).split("#")[0].split("?")[0].lstrip("/")
    return "../" * url.count("/")


def playground_href(page: Any) -> str:
    """The playground page (the site's index) relative to ``page``."""
    url = _page_url(page)
    directory_urls = not url.endswith(".html")
    prefix = root_prefix(page)
    return (prefix or "./") if directory_urls else prefix + "index.html"


_CATALOG: Optional[dict] = None


def catalog() -> dict:
    """``pyodide_app.api.describe()`` (what catalog.json holds), once per process."""
    global _CATALOG
    if _CATALOG is None:
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        from pyodide_app import api
        _CATALOG = api.describe()
    return _CATALOG


def figure_html(spec: dict, page: Any, catalog_: Optional[dict] = None) -> str:
    """The ``<figure>`` for ``spec`` on ``page``: the static picture inside the element the page's
    JavaScript turns into a live playground (at ``data-state``), the caption, and a link that
    opens the same state on the playground page."""
    cat = catalog_ or catalog()
    check_spec(spec, cat)
    e = lambda text: html.escape(str(text), quote=True)   # noqa: E731
    prefix = root_prefix(page)
    width, height = picture_size(spec, cat)
    own = state_hash(spec, cat)
    link = playground_href(page) + "#" + state_hash(spec, cat, cat["functions"][0]["id"])
    caption = spec.get("caption") or ""
    return (
        f'<figure class="op-figure" id="figure-{e(spec["id"])}">'
        f'<div class="playground op-figure-live" data-playground data-figure="{e(spec["id"])}" '
        f'data-function="{e(spec["function"])}" data-state="{e(own)}">'
        f'<img class="op-figure-picture" src="{e(prefix + FIGURES_FOLDER + "/" + spec["id"] + ".svg")}" '
        f'alt="{e(spec.get("alt") or caption)}" width="{width}" height="{height}">'
        f'</div>'
        f'<figcaption>{caption} <a class="op-figure-link" href="{e(link)}">{LINK_TEXT}</a></figcaption>'
        f'</figure>'
    )


# --- the static pictures ---------------------------------------------------------------------

def node_modules() -> Path:
    """The build's npm packages: $OPTIMIZER_PATHS_NODE_MODULES (the build sets it), else the
    default cache's ($OPTIMIZER_PATHS_CACHE or ~/.cache/optimizer-paths, then npm/node_modules)."""
    given = os.environ.get("OPTIMIZER_PATHS_NODE_MODULES")
    if given:
        return Path(given)
    cache = Path(os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths")
    return cache.expanduser() / "npm" / "node_modules"


def _simplify(points: List[List[float]], tolerance: float) -> List[List[float]]:
    """Ramer-Douglas-Peucker (first and last points kept), each segment's distances by numpy."""
    import numpy as np

    if len(points) < 3:
        return points
    xy = np.asarray(points, dtype=float)
    keep = np.zeros(len(xy), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(xy) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        (ax, ay), (bx, by) = xy[first], xy[last]
        dx, dy = bx - ax, by - ay
        inner = xy[first + 1:last]
        length = math.hypot(dx, dy)
        if length > 0:
            distance = np.abs(dy * (inner[:, 0] - ax) - dx * (inner[:, 1] - ay)) / length
        else:
            distance = np.hypot(inner[:, 0] - ax, inner[:, 1] - ay)
        where = int(np.argmax(distance))
        if distance[where] > tolerance:
            where += first + 1
            keep[where] = True
            stack += [(first, where), (where, last)]
    return xy[keep].tolist()


def figure_data(spec: dict, cat: dict, grid_size: int = 161) -> dict:
    """What figure_svg.mjs draws for ``spec``: grid, minima, and each run's paths (domain units,
    up to each row's last finite point), with the preset's colour, dash and marker."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from pyodide_app import api

    state = spec_state(spec, cat)
    fn = _functions(cat)[spec["function"]]
    function = {"id": fn["id"], "params": state["params"]}
    grid = api.grid({"function": function, "nx": grid_size, "ny": grid_size})
    result = api.run({"function": function, "starts": state["starts"], "runs": spec_runs(spec, cat)})
    presets = {p["id"]: p for p in cat["presets"]}
    runs = []
    for run in result["runs"]:
        if "error" in run:
            raise FigureError(f"figure {spec['id']}: {run['key']} could not run: {run['error']}")
        steps, n = run["steps"], run["n"]
        points = run["points"].reshape(steps + 1, n, 2)
        paths = [points[: int(last) + 1, row].tolist() for row, last in enumerate(run["last_step"])]
        preset = presets[run["key"]]
        runs.append({"key": run["key"], "label": preset["label"], "color": preset.get("color", "#ffffff"),
                     "dash": preset.get("dash"), "marker": preset.get("marker"), "paths": paths,
                     "status": list(run["status"])})
    width, height = picture_size(spec, cat)
    return {"id": spec["id"], "width": width, "height": height, "view": fn["domain"],
            "scale": fn.get("contour_scale", "linear"),
            "grid": {"nx": grid["nx"], "ny": grid["ny"], "domain": grid["domain"], "min": grid["min"],
                     "max": grid["max"], "values": [float(v) for v in grid["values"].astype("float32")]},
            "minima": grid["minima"], "global_minima": grid["global_minima"], "starts": state["starts"],
            "runs": runs}


def _stage_modules(modules: Path, folder: Path) -> None:
    """site_src/js (plot/contours.js, plot/scales.js) beside a vendor/d3.mjs that re-exports npm's d3
    packages, so node runs the page's own contour and scale code (type: module)."""
    shutil.copytree(REPO / "site_src" / "js", folder / "js")   # contours.js and scales.js, and what they import
    (folder / "vendor").mkdir()
    packages = ("d3-contour", "d3-scale", "d3-scale-chromatic", "d3-array")
    (folder / "vendor" / "d3.mjs").write_text("".join(
        f'export * from {json.dumps((modules / p / json.loads((modules / p / "package.json").read_text())["module"]).as_uri())};\n'
        for p in packages))
    (folder / "package.json").write_text('{"type": "module"}\n')


def render_svgs(figures: List[dict], modules: Optional[Path] = None) -> List[str]:
    """The SVG text of each of ``figures`` (figure_data's output), from one node run."""
    modules = Path(modules or node_modules())
    if not (modules / "d3-contour").is_dir():
        raise FigureError(f"d3-contour is not installed in {modules}: run python build.py once (it fetches the npm packages)")
    with tempfile.TemporaryDirectory(prefix="figures-") as folder:
        folder = Path(folder)
        _stage_modules(modules, folder / "modules")
        script = folder / "modules" / SCRIPT.name
        shutil.copy2(SCRIPT, script)
        source = folder / "figures.json"
        source.write_text(json.dumps(figures, allow_nan=True))
        try:
            result = subprocess.run(["node", str(script), str(source)], cwd=folder, capture_output=True, text=True)
        except FileNotFoundError:
            raise FigureError("node is not installed, which drawing the figures' pictures needs") from None
    if result.returncode != 0:
        raise FigureError(f"drawing the figures' pictures failed: {result.stderr.strip()[-500:]}")
    return json.loads(result.stdout)


SOURCES = ("optimizers/**/*.py", "pyodide_app/*.py", "site_build/figures.py", "site_build/figure_svg.mjs",
           "site_src/js/**/*.js")
_SOURCES_DIGEST: Optional[str] = None


def sources_digest() -> str:
    """A hash of everything a picture depends on: the core, the API, this module, the drawing script
    and the page's JavaScript it runs (once per process)."""
    global _SOURCES_DIGEST
    if _SOURCES_DIGEST is None:
        digest = hashlib.sha256()
        for path in sorted({p for pattern in SOURCES for p in REPO.glob(pattern) if p.is_file()}):
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        _SOURCES_DIGEST = digest.hexdigest()
    return _SOURCES_DIGEST


def picture_key(spec: dict) -> str:
    """The cache key of a spec's picture: what it shows (not its id, caption or alt) and the sources."""
    shown = {k: spec.get(k) for k in ("function", "starts", "presets", "settings", "steps", "params")}
    text = json.dumps({"spec": shown, "sources": sources_digest(), "width": PICTURE_WIDTH}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_folder() -> Path:
    """<the build's cache>/figures ($OPTIMIZER_PATHS_CACHE or ~/.cache/optimizer-paths, as the build's)."""
    root = Path(os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths")
    return root.expanduser() / "figures"


def write_pictures(specs: Iterable[dict], site_dir: Any, modules: Optional[Path] = None,
                   pages: Optional[Dict[str, str]] = None, cache: Any = "default") -> List[Path]:
    """assets/figures/<id>.svg for every spec, and figures.json: {id: {page, function, params,
    starts, runs, hash}} (``pages`` maps a figure id to the url of the page it is on, when known).
    A picture already drawn for the same spec and sources comes from ``cache`` (a folder; by default
    the build cache's figures/; None: draw every one)."""
    cat = catalog()
    specs = list(specs)
    seen = set()
    for spec in specs:
        check_spec(spec, cat)
        if spec["id"] in seen:
            raise FigureError(f"two figures are called {spec['id']}")
        seen.add(spec["id"])
    folder = Path(site_dir) / FIGURES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    cached_folder = cache_folder() if cache == "default" else (Path(cache) if cache is not None else None)
    drawn = {}
    if cached_folder is not None:
        for spec in specs:
            cached = cached_folder / f"{picture_key(spec)}.svg"
            if cached.is_file():
                drawn[spec["id"]] = cached.read_text()
    todo = [spec for spec in specs if spec["id"] not in drawn]
    data = [figure_data(spec, cat) for spec in todo]
    for item in data:   # paths to about a pixel: the picture is drawn at PICTURE_WIDTH
        [[x0, x1], [y0, y1]] = item["view"]
        unit = (x1 - x0) / (item["width"] - MARGIN["left"] - MARGIN["right"])
        for run in item["runs"]:
            run["ends"] = [path[-1] for path in run["paths"]]
            run["paths"] = [_simplify(path, 0.35 * unit) for path in run["paths"]]   # finite up to last_step
    for spec, svg in zip(todo, render_svgs(data, modules) if todo else []):
        drawn[spec["id"]] = svg
        if cached_folder is not None:
            try:
                cached_folder.mkdir(parents=True, exist_ok=True)
                partial = cached_folder / f".{picture_key(spec)}.{os.getpid()}.svg"
                partial.write_text(svg)
                os.replace(partial, cached_folder / f"{picture_key(spec)}.svg")
            except OSError:
                pass   # a cache that cannot be written only costs time
    written = []
    for spec in specs:
        path = folder / f"{spec['id']}.svg"
        path.write_text(drawn[spec["id"]])
        written.append(path)
    manifest = {spec["id"]: {"page": (pages or {}).get(spec["id"]), "function": spec["function"],
                             "params": spec_state(spec, cat)["params"], "starts": spec_state(spec, cat)["starts"],
                             "runs": spec_runs(spec, cat), "hash": state_hash(spec, cat)}
                for spec in specs}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    written.append(folder / MANIFEST)
    return written
