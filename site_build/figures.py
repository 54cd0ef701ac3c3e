"""The article's figures: a live plot opened at a stated state, with a static picture for readers
without JavaScript (and while Python loads).

A figure spec is plain data::

    {"id": "two-wells-adam", "function": "two_wells", "starts": [[0.4, 1.0]],
     "presets": ["sgd", "adam"],                       # the presets switched on
     "settings": {"adam": {"lr": 0.05}},               # optional: hyperparameters over the preset's
     "steps": {"adam": 200},                           # optional: steps instead of the preset's
     "params": {"a": 2.0},                             # optional: the function's parameters
     "view": [[-1, 1], [-1, 1]],                       # optional: the view (else the function's own)
     "minibatch": {"size": 16, "seed": 0},             # optional: a model's minibatches
     "caption": "…", "alt": "…"}

- ``figure_states(specs)`` is, for each spec, the page's state and URL hashes, computed by the
  page's own codec (``site_src/js/state/state.js`` run by node through ``figure_state.mjs``, once
  for all the specs asked at a time; ``prepare(specs)`` asks for all of a build's at once);
- ``figure_html(spec, page)`` is the ``<figure>``: a ``[data-playground]`` element with
  ``data-state`` (the hash for the figure's own function) holding the static picture, the
  caption and a link that opens the same state on the playground page;
- ``write_pictures(specs, site_dir)`` writes ``assets/figures/<id>.svg`` (contours, each enabled
  preset's path from each start, legend, axes; computed here with ``pyodide_app.api``, drawn by
  ``site_build/figure_svg.mjs`` with the page's own contour, scale and path-style code and the
  colours and font of site.css's tokens) and ``assets/figures/figures.json`` (each figure's page
  and the runs it states, for the tests).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from site_build import css_tokens
from site_build.figure_node import NodeError, run_script

REPO = Path(__file__).resolve().parent.parent
STATE_SCRIPT = Path(__file__).resolve().with_name("figure_state.mjs")
SVG_SCRIPT = Path(__file__).resolve().with_name("figure_svg.mjs")
FIGURES_FOLDER = "assets/figures"
MANIFEST = "figures.json"
PICTURE_WIDTH = 640                      # CSS pixels; the height keeps x and y units equal (scales.js)
LINK_TEXT = "Open this in the playground"
SHOWN = ("function", "starts", "presets", "settings", "steps", "params", "view", "minibatch")   # what a picture shows
# The stylesheet's tokens a picture uses (site.css): its background and frame as the live plot's
# canvas, the legend box as a panel, and the page's font.
THEME_TOKENS = {"background": "--plot-background", "axis": "--plot-axis", "text": "--plot-text",
                "legend": "--panel", "legend_line": "--line", "legend_text": "--text"}
FONT_TOKEN = "--font"


class FigureError(ValueError):
    """A figure spec that cannot be drawn (unknown function or preset, no start, bad settings)."""


def _functions(catalog: dict) -> Dict[str, dict]:
    return {f["id"]: f for f in catalog["functions"]}


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


def check_spec(spec: dict, catalog: dict) -> None:
    """Raise FigureError naming what is wrong with ``spec``."""
    name = spec.get("id")
    if not isinstance(name, str) or not name or not all(c.isalnum() or c in "-_" for c in name):
        raise FigureError(f"a figure needs an id of letters, digits, - and _, not {name!r}")
    if spec.get("function") not in _functions(catalog):
        raise FigureError(f"figure {name}: there is no function {spec.get('function')!r}")
    starts = spec.get("starts")
    if not starts or not all(isinstance(p, (list, tuple)) and len(p) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in p) for p in starts):
        raise FigureError(f"figure {name}: starts must be a non-empty list of [x, y]")
    optimizers = {o["id"] for o in catalog["optimizers"]}
    offered = {p["id"] for p in catalog["presets"] if p["optimizer"] in optimizers}   # the page's entries
    chosen = list(spec.get("presets") or [])
    if not chosen:
        raise FigureError(f"figure {name}: no preset is switched on")
    for key in [*chosen, *(spec.get("settings") or {}), *(spec.get("steps") or {})]:
        if key not in offered:
            raise FigureError(f"figure {name}: there is no preset {key!r}")
    for key, steps in (spec.get("steps") or {}).items():
        if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
            raise FigureError(f"figure {name}: steps of {key} must be a whole number")
    view = spec.get("view")
    if view is not None and not (isinstance(view, (list, tuple)) and len(view) == 2 and all(
            isinstance(r, (list, tuple)) and len(r) == 2 and all(isinstance(v, (int, float)) and math.isfinite(v)
                                                                 for v in r) and r[0] < r[1] for r in view)):
        raise FigureError(f"figure {name}: view must be [[x0, x1], [y0, y1]] with x0 < x1 and y0 < y1")
    batch = spec.get("minibatch")
    if batch is not None and not (isinstance(batch, dict) and set(batch) <= {"size", "seed"}
                                  and isinstance(batch.get("size"), int) and isinstance(batch.get("seed", 0), int)):
        raise FigureError(f"figure {name}: minibatch must be {{size, seed}} of whole numbers")
    for key, settings in (spec.get("settings") or {}).items():
        if not isinstance(settings, dict) or any(k in ("optimizer", "hyperparams", "steps", "label") for k in settings):
            raise FigureError(f"figure {name}: settings of {key} must be an object of hyperparameters")


# --- states and hashes, by the page's own codec ---------------------------------------------

_STATES: Dict[str, dict] = {}


def _shown_key(spec: dict) -> str:
    return json.dumps({k: spec.get(k) for k in SHOWN}, sort_keys=True)


def figure_states(specs: Iterable[dict], catalog_: Optional[dict] = None) -> List[dict]:
    """For each spec: {hash, link, state: {fn, params, starts, runs}, size: [width, height]}, from
    one node run of figure_state.mjs for the specs not asked before in this process. ``hash`` is
    the playground's URL hash (no "#") on a page of the spec's function, ``link`` on the
    playground page (the site's index, of the catalog's first function); ``runs`` are the
    enabled entries as the page sends them."""
    cat = catalog_ or catalog()
    specs = list(specs)
    for spec in specs:
        check_spec(spec, cat)
    todo = {_shown_key(spec): spec for spec in specs if _shown_key(spec) not in _STATES}
    if todo:
        payload = {"catalog": cat, "playground": cat["functions"][0]["id"], "width": PICTURE_WIDTH,
                   "specs": [{"id": spec["id"], **{k: spec[k] for k in SHOWN if k in spec}} for spec in todo.values()]}
        try:
            results = run_script(STATE_SCRIPT, payload, what="the figures' links")
        except NodeError as error:
            raise FigureError(str(error)) from None
        for key, result in zip(todo, results):
            if "error" in result:
                raise FigureError(result["error"])
            _STATES[key] = result
    return [_STATES[_shown_key(spec)] for spec in specs]


def prepare(specs: Iterable[dict], catalog_: Optional[dict] = None) -> None:
    """Compute the states of all of a build's figures in one node run (figure_html then reuses them)."""
    figure_states(specs, catalog_)


def spec_state(spec: dict, catalog_: Optional[dict] = None) -> dict:
    """The page state the spec describes, as state.js builds it: {fn, params, starts, runs}."""
    return figure_states([spec], catalog_)[0]["state"]


def spec_runs(spec: dict, catalog_: Optional[dict] = None) -> List[dict]:
    """The ``run`` entries the page sends for the spec: its enabled entries, in the page's order."""
    return spec_state(spec, catalog_)["runs"]


def state_hash(spec: dict, catalog_: Optional[dict] = None) -> str:
    """The playground's URL hash (without "#") for ``spec`` on a page of the spec's function."""
    return figure_states([spec], catalog_)[0]["hash"]


def picture_size(spec: dict, catalog_: Optional[dict] = None) -> tuple:
    """(width, height) of the picture: scales.js heightForWidth for the function's domain."""
    return tuple(figure_states([spec], catalog_)[0]["size"])


# --- the figure's HTML ----------------------------------------------------------------------

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


def figure_html(spec: dict, page: Any, catalog_: Optional[dict] = None) -> str:
    """The ``<figure>`` for ``spec`` on ``page``: the static picture inside the element the page's
    JavaScript turns into a live playground (at ``data-state``), the caption, and a link that
    opens the same state on the playground page."""
    [state] = figure_states([spec], catalog_)
    e = lambda text: html.escape(str(text), quote=True)   # noqa: E731
    width, height = state["size"]
    link = playground_href(page) + "#" + state["link"]
    caption = spec.get("caption") or ""
    picture = root_prefix(page) + FIGURES_FOLDER + "/" + spec["id"] + ".svg"
    return (
        f'<figure class="op-figure" id="figure-{e(spec["id"])}">'
        f'<div class="playground op-figure-live" data-playground data-figure="{e(spec["id"])}" '
        f'data-function="{e(spec["function"])}" data-state="{e(state["hash"])}">'
        f'<img class="op-figure-picture" src="{e(picture)}" '
        f'alt="{e(spec.get("alt") or caption)}" width="{width}" height="{height}">'
        f'</div>'
        f'<figcaption>{caption} <a class="op-figure-link" href="{e(link)}">{LINK_TEXT}</a></figcaption>'
        f'</figure>'
    )


# --- the static pictures ---------------------------------------------------------------------

def theme() -> dict:
    """The pictures' colours in each scheme and their font, from site.css's tokens:
    {"light": {name: colour}, "dark": {…}, "font": "system-ui, …"}."""
    names = list(THEME_TOKENS.values()) + [FONT_TOKEN]
    try:
        found = css_tokens.scheme_tokens(names)
    except css_tokens.TokenError as error:
        raise FigureError(f"the figures' colours: {error}") from None
    out = {scheme: {key: found[scheme][name] for key, name in THEME_TOKENS.items()} for scheme in css_tokens.SCHEMES}
    out["font"] = found["light"][FONT_TOKEN]
    return out


def figure_data(spec: dict, cat: dict, grid_size: Optional[int] = None) -> dict:
    """What figure_svg.mjs draws for ``spec``: grid, minima, and each run's paths (domain units,
    up to each row's last finite point), with the preset's colour, dash and marker. The grid is
    the build's size (catalog ``grid``, else 161 a side)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from pyodide_app import api

    [figure] = figure_states([spec], cat)
    state = figure["state"]
    fn = _functions(cat)[spec["function"]]
    side = grid_size or (cat.get("grid") or {}).get("nx") or 161
    function = {"id": fn["id"], "params": state["params"]}
    view = state.get("view") or fn["domain"]
    grid = api.grid({"function": function, "nx": side, "ny": side, "domain": view})
    request = {"function": function, "starts": state["starts"], "runs": state["runs"], "view": view}
    batch = state.get("minibatch") or {}
    if batch.get("size") is not None and batch["size"] < (fn.get("model") or {}).get("examples", 0):
        request["minibatch"] = {"size": batch["size"], "seed": batch.get("seed", 0)}
    result = api.run(request)
    presets = {p["id"]: p for p in cat["presets"]}
    runs = []
    for run in result["runs"]:
        if "error" in run:
            raise FigureError(f"figure {spec['id']}: {run['key']} could not run: {run['error']}")
        points = run["points"].reshape(run["steps"] + 1, run["n"], 2)
        paths = [points[: int(last) + 1, row].tolist() for row, last in enumerate(run["last_step"])]
        preset = presets[run["key"]]
        runs.append({"key": run["key"], "label": preset["label"], "color": preset.get("color", "#ffffff"),
                     "dash": preset.get("dash"), "marker": preset.get("marker"), "paths": paths,
                     "status": list(run["status"])})
    width, height = figure["size"]
    return {"id": spec["id"], "width": width, "height": height, "view": view,
            "scale": fn.get("contour_scale", "linear"),
            "grid": {"nx": grid["nx"], "ny": grid["ny"], "domain": grid["domain"], "min": grid["min"],
                     "max": grid["max"], "values": [float(v) for v in grid["values"].astype("float32")]},
            "minima": grid["minima"], "global_minima": grid["global_minima"], "starts": state["starts"],
            "runs": runs}


def _model_fields(spec: dict, cat: dict) -> dict:
    """What a figure's manifest adds for a stated view or a model's minibatches (the run request's
    ``view`` and ``minibatch``, as figure_data sends them)."""
    fields = {}
    if spec.get("view"):
        fields["view"] = [list(map(float, axis)) for axis in spec["view"]]
    batch = spec.get("minibatch")
    examples = (_functions(cat)[spec["function"]].get("model") or {}).get("examples", 0)
    if batch and batch.get("size") is not None and batch["size"] < examples:
        fields["minibatch"] = {"size": batch["size"], "seed": batch.get("seed", 0)}
    return fields


def render_svgs(figures: List[dict], modules: Optional[Path] = None, cat: Optional[dict] = None) -> List[str]:
    """The SVG text of each of ``figures`` (figure_data's output), from one node run."""
    cat = cat or catalog()
    payload = {"figures": figures, "theme": theme(), "margins": cat["plot"]["margins"]}
    try:
        return run_script(SVG_SCRIPT, payload, modules, what="drawing the figures' pictures")
    except NodeError as error:
        raise FigureError(str(error)) from None


SOURCES = ("optimizers/**/*.py", "pyodide_app/**/*.py", "site_build/figure*.py", "site_build/figure_*.mjs",
           "site_build/css_tokens.py", "site_src/js/**/*.js", "site_src/css/site/*.css")
_SOURCES_DIGEST: Optional[str] = None


def sources_digest() -> str:
    """A hash of everything a picture depends on: the core, the API, these modules, the node
    scripts, the page's JavaScript they run and the stylesheet's tokens (once per process)."""
    global _SOURCES_DIGEST
    if _SOURCES_DIGEST is None:
        digest = hashlib.sha256()
        for path in sorted({p for pattern in SOURCES for p in REPO.glob(pattern) if p.is_file()}):
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        _SOURCES_DIGEST = digest.hexdigest()
    return _SOURCES_DIGEST


def picture_key(spec: dict) -> str:
    """The cache key of a spec's picture: what it shows (not its id, caption or alt) and the sources."""
    shown = {k: spec.get(k) for k in SHOWN}
    text = json.dumps({"spec": shown, "sources": sources_digest(), "width": PICTURE_WIDTH}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_folder() -> Path:
    """<the build's cache>/figures ($OPTIMIZER_PATHS_CACHE or ~/.cache/optimizer-paths, as the build's)."""
    root = Path(os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths")
    return root.expanduser() / "figures"


def _cache_write(folder: Path, key: str, svg: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}.svg"
        partial.write_text(svg)
        os.replace(partial, folder / f"{key}.svg")
    except OSError:
        pass   # a cache that cannot be written only costs time


def write_pictures(specs: Iterable[dict], site_dir: Any, modules: Optional[Path] = None,
                   pages: Optional[Dict[str, str]] = None, cache: Any = "default") -> List[Path]:
    """assets/figures/<id>.svg for every spec, and figures.json: {id: {page, function, params,
    starts, runs, hash}} (``pages`` maps a figure id to the url of the page it is on, when known).
    A picture already drawn for the same spec and sources comes from ``cache`` (a folder; by default
    the build cache's figures/; None: draw every one)."""
    cat = catalog()
    specs = list(specs)
    if len({spec.get("id") for spec in specs}) < len(specs):
        twice = sorted({s["id"] for s in specs if sum(t.get("id") == s.get("id") for t in specs) > 1})
        raise FigureError(f"two figures are called {', '.join(map(str, twice))}")
    states = dict(zip((spec["id"] for spec in specs), figure_states(specs, cat)))
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
    for spec, svg in zip(todo, render_svgs(data, modules, cat) if todo else []):
        drawn[spec["id"]] = svg
        if cached_folder is not None:
            _cache_write(cached_folder, picture_key(spec), svg)
    written = []
    for spec in specs:
        path = folder / f"{spec['id']}.svg"
        path.write_text(drawn[spec["id"]])
        written.append(path)
    manifest = {spec["id"]: {"page": (pages or {}).get(spec["id"]), "function": spec["function"],
                             "params": states[spec["id"]]["state"]["params"],
                             "starts": states[spec["id"]]["state"]["starts"],
                             "runs": states[spec["id"]]["state"]["runs"], "hash": states[spec["id"]]["hash"],
                             **_model_fields(spec, cat)}
                for spec in specs}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    written.append(folder / MANIFEST)
    return written
