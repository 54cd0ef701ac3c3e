"""The article's figures at build time (site_build/figures.py): the state hash is the one the
page's own codec (site_src/js/state/state.js, run by node) writes and reads, the figure's HTML, and
the static SVG pictures, whose paths end where CPython's runs end.

The end-to-end side (every figure of every built page goes live and equals CPython; the article
without JavaScript) is tests/site/e2e/test_figures.py.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import optimizers as opt
from optimizers.presets import PRESETS, preset_settings
from site_build import css_tokens, figures

REPO = Path(__file__).resolve().parents[2]
STATE_JS = (REPO / "site_src" / "js" / "state" / "state.js").as_uri()
CATALOG_JS = (REPO / "site_src" / "js" / "state" / "catalog.js").as_uri()
SVG = "{http://www.w3.org/2000/svg}"

SPECS = [
    {"id": "plain", "function": "two_wells", "starts": [[0.4, 1.0]], "presets": ["sgd", "momentum", "rmsprop", "adam"],
     "caption": "The defaults from (0.4, 1).", "alt": "Four paths on two wells"},
    {"id": "tuned", "function": "rosenbrock", "starts": [[-1.5, 2.5], [1.5, -0.5]], "presets": ["sgd", "adam"],
     "settings": {"adam": {"lr": 0.05, "betas": [0.8, 0.99]}}, "steps": {"adam": 300, "sgd": 250},
     "caption": "Rosenbrock, Adam with a larger rate.", "alt": "Two optimizers on Rosenbrock"},
    {"id": "others", "function": "two_wells", "starts": [[1.5, 1.5], [-0.1, 1e-7]], "presets": ["adam", "lion"],
     "settings": {"lion": {"lr": 0.003}}, "params": {"a": 2.5}, "caption": "Lion & Adam <i>off</i> the defaults.",
     "alt": "Adam and Lion"},
    {"id": "rastrigin_one", "function": "rastrigin", "starts": [[2.2, 1.3]], "presets": ["momentum"],
     "caption": "One optimizer.", "alt": "Momentum on Rastrigin"},
]


@pytest.fixture(scope="module")
def catalog():
    return figures.catalog()


def run_node(source: str, payload) -> object:
    result = subprocess.run(["node", "--input-type=module", "-e", source], input=json.dumps(payload),
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- the state in each figure's HTML, read back by the page's own fromHash ------------------------

READ_PROBE = """
import {fromHash} from %s;
import {indexCatalog} from %s;
let text = ""; process.stdin.on("data", (d) => text += d);
process.stdin.on("end", () => {
  const {catalog: raw, cases} = JSON.parse(text);
  const catalog = indexCatalog(raw);
  process.stdout.write(JSON.stringify(cases.map(({hash, pageFunction}) => {
    const problems = [];
    const read = fromHash(hash, catalog, pageFunction, problems);
    return {problems, fn: read.fn, params: read.params, starts: read.starts,
            runs: read.entries.filter((e) => e.enabled).map(({key, optimizer, hyperparams, steps}) => ({key, optimizer, hyperparams, steps}))};
  })));
});
""" % (json.dumps(STATE_JS), json.dumps(CATALOG_JS))


def expected_runs(catalog, spec):
    """The runs the spec states, from CPython's presets (not the page's code): each enabled preset in
    the page's order, its settings for the function with the spec's over them."""
    runs = []
    for key in result_order(catalog, spec):
        hyperparams, steps = preset_settings(key, spec["function"])
        hyperparams = {**json.loads(json.dumps(hyperparams)), **json.loads(json.dumps((spec.get("settings") or {}).get(key, {})))}
        runs.append({"key": key, "optimizer": PRESETS[key].optimizer, "hyperparams": hyperparams,
                     "steps": (spec.get("steps") or {}).get(key, steps)})
    return runs


def expected_params(catalog, spec):
    own = next(f for f in catalog["functions"] if f["id"] == spec["function"])["params"]
    return {**own, **{k: float(v) for k, v in (spec.get("params") or {}).items()}}


def test_each_figures_hashes_read_back_by_the_page_give_the_specs_state(catalog):
    """The hash in data-state (on a page of the figure's function) and in the link (on the
    playground page), read by state.js's fromHash, open the spec's function, parameters, starts
    and runs, with no problem to show."""
    playground = catalog["functions"][0]["id"]
    cases, whats = [], []
    for spec in SPECS:
        live, link = [e for e in parse(figures.figure_html(spec, "article/", catalog)) if e["tag"] in ("div", "a")]
        cases.append({"hash": "#" + live["attrs"]["data-state"], "pageFunction": spec["function"]})
        cases.append({"hash": link["attrs"]["href"].split("#", 1)[1], "pageFunction": playground})
        whats += [(spec["id"], "data-state"), (spec["id"], "link")]
    results = run_node(READ_PROBE, {"catalog": catalog, "cases": cases})
    for (spec_id, where), result in zip(whats, results):
        spec = next(s for s in SPECS if s["id"] == spec_id)
        what = (spec_id, where)
        assert result["problems"] == [], what
        assert result["fn"] == spec["function"], what
        assert result["starts"] == spec["starts"], what
        assert result["params"] == expected_params(catalog, spec), what
        assert result["runs"] == expected_runs(catalog, spec), what
        # and the build's own view of the state is the same one
        assert figures.spec_runs(spec, catalog) == result["runs"], what


def result_order(catalog, spec):
    """The enabled presets in the page's entry order: the default presets first, then the catalog's."""
    defaults = catalog["default_presets"]
    ordered = defaults + [p["id"] for p in catalog["presets"] if p["id"] not in defaults]
    return [key for key in ordered if key in spec["presets"]]


def test_state_hash_is_short_for_the_defaults(catalog):
    assert figures.state_hash(SPECS[0], catalog) == "s=0.4%2C1"
    assert figures.figure_states([SPECS[3]], catalog)[0]["link"].startswith("f=rastrigin&s=2.2%2C1.3&o=-sgd%2Cmomentum")


def test_the_build_has_no_port_of_the_url_codec():
    """Figure links come from state.js run by node: figures.py writes no JavaScript numbers, JSON
    or URL encoding of its own, and restates no plot margins."""
    source = (REPO / "site_build" / "figures.py").read_text()
    for port in ("def js_number", "def js_json", "def form_encode", "quote_plus", "def _encode_entries",
                 "def _resolve_preset", "def _default_entries", "MARGIN"):
        assert port not in source, port
    assert len(source.splitlines()) < 400


@pytest.mark.parametrize("change, words", [
    ({"function": "nowhere"}, "no function"),
    ({"presets": ["sgd", "nothing"]}, "no preset 'nothing'"),
    ({"presets": []}, "no preset is switched on"),
    ({"starts": []}, "starts"),
    ({"starts": [[0, float("nan")]]}, "starts"),
    ({"steps": {"sgd": 1.5}}, "whole number"),
    ({"settings": {"sgd": {"steps": 3}}}, "hyperparameters"),
    ({"id": "a b"}, "id"),
])
def test_a_bad_spec_is_refused_in_words(catalog, change, words):
    with pytest.raises(figures.FigureError, match=re.escape(words)):
        figures.state_hash({**SPECS[0], **change}, catalog)


# --- the figure's HTML ------------------------------------------------------------------------

class Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements, self.stack, self.text = [], [], {}

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "parents": [n["tag"] for n in self.stack], "text": ""}
        self.elements.append(node)
        if tag not in ("img",):
            self.stack.append(node)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for node in self.stack:
            node["text"] += data


def parse(html_text):
    tree = Tree()
    tree.feed(html_text)
    return tree.elements


@pytest.mark.parametrize("url, root, playground", [
    ("article/", "../", "../"), ("", "", "./"), ("guide/part/", "../../", "../../"),
    ("article.html", "", "index.html"), ("guide/part.html", "../", "../index.html"),
])
def test_figure_html_holds_the_picture_the_state_and_a_link(catalog, url, root, playground):
    spec = SPECS[2]
    elements = parse(figures.figure_html(spec, url, catalog))
    tags = [e["tag"] for e in elements]
    assert tags == ["figure", "div", "img", "figcaption", "i", "a"]
    figure, live, img, caption, _, link = elements
    assert figure["attrs"]["id"] == "figure-others"
    assert "data-playground" in live["attrs"] and live["attrs"]["data-figure"] == "others"
    assert live["attrs"]["data-function"] == "two_wells"
    assert live["attrs"]["data-state"] == figures.state_hash(spec, catalog)
    assert "style" not in "".join(e["attrs"].keys().__repr__() for e in elements)
    assert img["parents"] == ["figure", "div"]
    assert img["attrs"]["src"] == f"{root}assets/figures/others.svg"
    assert img["attrs"]["alt"] == "Adam and Lion"
    width, height = int(img["attrs"]["width"]), int(img["attrs"]["height"])
    assert (width, height) == figures.picture_size(spec, catalog) == (640, 626)
    assert caption["text"].startswith("Lion & Adam off the defaults.")
    assert link["text"] == figures.LINK_TEXT
    assert link["attrs"]["href"] == playground + "#" + figures.figure_states([spec], catalog)[0]["link"]


def test_picture_size_is_the_live_plots_shape(catalog):
    # scales.js heightForWidth: equal units on both axes, the ratio kept within 0.5 .. 1.25
    assert figures.picture_size(SPECS[0], catalog) == (640, 626)
    wide = next(f for f in catalog["functions"] if (f["domain"][1][1] - f["domain"][1][0]) / (f["domain"][0][1] - f["domain"][0][0]) < 1)
    [[x0, x1], [y0, y1]] = wide["domain"]
    expected = math.floor(574 * max(0.5, (y1 - y0) / (x1 - x0)) + 52 + 0.5)
    spec = {**SPECS[0], "id": "wide", "function": wide["id"], "starts": [[(x0 + x1) / 2, (y0 + y1) / 2]]}
    assert figures.picture_size(spec, catalog) == (640, expected)


# --- the static pictures ------------------------------------------------------------------------

def path_points(d: str):
    """The absolute points of "Mx y l dx dy ..." (figure_svg.mjs's path data)."""
    numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", d)]
    assert d.startswith("M")
    x, y = numbers[0], numbers[1]
    points = [(x, y)]
    for dx, dy in zip(numbers[2::2], numbers[3::2]):
        x, y = x + dx, y + dy
        points.append((x, y))
    return points


def cpython_end(spec, key, start):
    """Where CPython's run of preset ``key`` with the spec's changes ends, and its status."""
    hyperparams, steps = preset_settings(key, spec["function"])
    hyperparams = {**hyperparams, **(spec.get("settings") or {}).get(key, {})}
    steps = (spec.get("steps") or {}).get(key, steps)
    fn = opt.FUNCTIONS[spec["function"]].with_params(**spec.get("params", {}))
    traj = opt.run(opt.OPTIMIZERS[PRESETS[key].optimizer](**hyperparams), fn, np.array([start], dtype=float), steps)
    last = int(traj.last_step[0])
    return traj.points[last, 0], str(traj.status[0])


@pytest.fixture(scope="module")
def pictures(tmp_path_factory, catalog):
    site = tmp_path_factory.mktemp("site")
    written = figures.write_pictures(SPECS, site, pages={spec["id"]: "article/" for spec in SPECS}, cache=None)
    return site, written


def test_write_pictures_writes_one_svg_per_figure_and_the_manifest(pictures, catalog):
    site, written = pictures
    folder = site / "assets" / "figures"
    assert sorted(p.name for p in written) == sorted([f"{s['id']}.svg" for s in SPECS] + ["figures.json"])
    manifest = json.loads((folder / "figures.json").read_text())
    assert list(manifest) == [s["id"] for s in SPECS]
    for spec in SPECS:
        entry = manifest[spec["id"]]
        assert entry["page"] == "article/" and entry["function"] == spec["function"]
        assert entry["starts"] == spec["starts"]
        assert entry["runs"] == figures.spec_runs(spec, catalog)
        assert entry["hash"] == figures.state_hash(spec, catalog)


@pytest.mark.parametrize("spec", SPECS, ids=[s["id"] for s in SPECS])
def test_each_picture_has_a_path_per_preset_and_start_ending_where_cpython_ends(pictures, catalog, spec):
    site, _ = pictures
    path = site / "assets" / "figures" / f"{spec['id']}.svg"
    size = path.stat().st_size
    assert size < 150_000, f"{path.name} is {size} bytes"
    root = ET.fromstring(path.read_text())          # well-formed XML
    assert root.tag == f"{SVG}svg"
    width, height = figures.picture_size(spec, catalog)
    assert (root.get("width"), root.get("height")) == (str(width), str(height))
    assert root.find(f"{SVG}script") is None and "href=\"http" not in path.read_text()
    # the frame's colours and the font are site.css's tokens, the dark ones under prefers-color-scheme
    style = root.find(f"{SVG}style").text
    light, _, dark = style.partition("@media (prefers-color-scheme:dark)")
    tokens = css_tokens.tokens()
    for rule, token in ((".bg{fill:", "--plot-background"), (".ax{stroke:", "--plot-axis"), (".tx{fill:", "--plot-text"),
                        (".lg{fill:", "--panel"), ("stroke:", "--line"), (".lt{fill:", "--text")):
        assert rule + css_tokens.in_scheme(tokens[token], "light") in light, (rule, token)
        assert rule + css_tokens.in_scheme(tokens[token], "dark") in dark, (rule, token)
    assert root.get("font-family") == tokens["--font"]
    defs = {p.get("id"): p.get("d") for p in root.iter(f"{SVG}path") if p.get("id")}
    runs = [u for u in root.iter(f"{SVG}use") if u.get("class") == "run"]
    keys = result_order(catalog, spec)
    assert [(u.get("data-key"), int(u.get("data-start"))) for u in runs] == \
        [(key, row) for key in keys for row in range(len(spec["starts"]))]
    presets = {p["id"]: p for p in catalog["presets"]}
    [[x0, x1], [y0, y1]] = next(f for f in catalog["functions"] if f["id"] == spec["function"])["domain"]
    left, right, top, bottom = 52, width - 14, 12, height - 40      # scales.js MARGIN
    for use in runs:
        key, row = use.get("data-key"), int(use.get("data-start"))
        assert use.get("stroke") == presets[key]["color"]
        if presets[key].get("dash") not in (None, "solid"):
            assert use.get("stroke-dasharray")
        end, status = cpython_end(spec, key, spec["starts"][row])
        px = left + (end[0] - x0) / (x1 - x0) * (right - left)
        py = bottom - (end[1] - y0) / (y1 - y0) * (bottom - top)
        points = path_points(defs[use.get("href").lstrip("#")])
        start = spec["starts"][row]
        sx = left + (start[0] - x0) / (x1 - x0) * (right - left)
        sy = bottom - (start[1] - y0) / (y1 - y0) * (bottom - top)
        assert math.hypot(points[0][0] - sx, points[0][1] - sy) < 0.08, (key, row, points[0], (sx, sy))
        assert math.hypot(points[-1][0] - px, points[-1][1] - py) < 0.08, (key, row, status, points[-1], (px, py))
        assert [float(v) for v in use.get("data-end").split()] == pytest.approx([px, py], abs=0.051)
    # the legend names every preset shown
    legend = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "legend" for t in g.iter(f"{SVG}text")]
    assert legend == [presets[key]["label"] for key in keys]
    # the axes have ticks with numbers
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tx"]
    assert len(ticks) >= 8 and "x" in ticks and "y" in ticks


def test_a_picture_is_drawn_with_the_pages_contour_levels(pictures):
    """The bands are the page's (contours.js run by node): as many filled bands as levels, in viridis."""
    site, _ = pictures
    root = ET.fromstring((site / "assets" / "figures" / "plain.svg").read_text())
    bands = [p for p in root.iter(f"{SVG}path") if p.get("fill-rule") == "evenodd"]
    assert len(bands) >= 10
    assert bands[0].get("fill") == "#440154"                      # viridis(0)
    assert len({b.get("fill") for b in bands}) == len(bands)


def test_a_picture_drawn_once_comes_from_the_cache(pictures, tmp_path):
    site, _ = pictures
    spec = SPECS[0]
    first = figures.write_pictures([spec], tmp_path / "one", cache=tmp_path / "cache")
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"{figures.picture_key(spec)}.svg"]
    drawn = (site / "assets" / "figures" / "plain.svg").read_text()
    assert first[0].read_text() == drawn
    # the cached picture is used (here: a marked copy), under another id and caption too
    cached = tmp_path / "cache" / f"{figures.picture_key(spec)}.svg"
    cached.write_text(drawn.replace("<svg ", "<svg data-cached=\"yes\" ", 1))
    again = figures.write_pictures([{**spec, "id": "renamed", "caption": "other"}], tmp_path / "two", cache=tmp_path / "cache")
    assert 'data-cached="yes"' in again[0].read_text() and again[0].name == "renamed.svg"
    # what the picture shows is in its key
    assert figures.picture_key({**spec, "starts": [[0.5, 1.0]]}) != figures.picture_key(spec)
    assert figures.picture_key({**spec, "settings": {"sgd": {"lr": 0.03}}}) != figures.picture_key(spec)
