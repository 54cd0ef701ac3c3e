"""The article's numbers: recomputed with the core, and checked against the built pages.

``site_build.article.measure`` is run afresh here (not read from the build cache), and every
number, table and figure caption the built pages show must be what it gives. The claims
the figures and the prose rest on are checked again with the core directly (``optimizers.run``
and ``optimizers.basins``, without the measurement package), so a change of an optimizer
that breaks a sentence of the article fails here.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List

import numpy as np
import pytest

import optimizers as opt
from optimizers.presets import PRESETS, preset_settings
from pyodide_app import api
from site_build.article import measure as measure_module
from site_build.article import render
from site_build.article.values import format_value

PAGES = ("article", "newer-optimizers", "rastrigin", "rosenbrock")


@pytest.fixture(scope="module")
def measured():
    return measure_module.measure()


class ArticleParser(HTMLParser):
    """The measured values a built page shows: numbers, table cells, figures' alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.numbers: List[tuple] = []                 # (key, text)
        self.tables: Dict[str, List[List[tuple]]] = {}  # key -> rows of (text, data-value)
        self.figures: Dict[str, str] = {}              # figure id -> the picture's alt text
        self._number = None
        self._table = None
        self._cell = None
        self._figure = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "span" and "data-number" in attributes:
            self._number = [attributes["data-number"], ""]
        elif tag == "table" and "data-table" in attributes:
            self._table = attributes["data-table"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = ["", attributes.get("data-value")]
        elif tag == "figure" and (attributes.get("id") or "").startswith("figure-"):
            self._figure = attributes["id"][len("figure-"):]
        elif tag == "img" and self._figure:
            self.figures[self._figure] = attributes.get("alt") or ""

    def handle_endtag(self, tag):
        if tag == "span" and self._number is not None:
            self.numbers.append(tuple(self._number))
            self._number = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(tuple(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "figure":
            self._figure = None

    def handle_data(self, data):
        if self._number is not None:
            self._number[1] += data
        if self._cell is not None:
            self._cell[0] += data


def parse(built_site: Path, page: str) -> ArticleParser:
    parser = ArticleParser()
    parser.feed((built_site / page / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def pages(built_site):
    return {page: parse(built_site, page) for page in PAGES}


# --- the pages show the measured numbers -------------------------------------------------

def test_every_number_on_the_pages_is_the_measured_one(pages, measured):
    shown = 0
    for page, parsed in pages.items():
        for key, words in parsed.numbers:
            assert key in measured["numbers"], f"{page}: {key} is not measured"
            assert words == format_value(measured["numbers"][key]), (page, key)
            shown += 1
    assert shown >= 100, "the article shows its numbers"
    assert len({key for parsed in pages.values() for key, _ in parsed.numbers}) >= 80


def test_every_table_on_the_pages_is_the_measured_one(pages, measured):
    tables = {key: table for parsed in pages.values() for key, table in parsed.tables.items()}
    assert set(tables) == set(measured["tables"]), "every measured table is on a page, once"
    for key, table in measured["tables"].items():
        header, *rows = tables[key]
        assert [text for text, _ in header] == table["columns"], key
        assert len(rows) == len(table["rows"]), key
        for shown, row in zip(rows, table["rows"]):
            assert [text for text, _ in shown] == [format_value(value) for value in row], key
            for (_, exact), value in zip(shown, row):
                if value["kind"] in ("percent", "number", "count", "rate"):
                    assert float(exact) == value["value"], key


def test_every_figure_is_on_a_page_with_its_measured_alt_text(pages, measured):
    figures = {figure_id: alt for parsed in pages.values() for figure_id, alt in parsed.figures.items()}
    assert set(figures) == set(measured["figures"])
    for figure_id, spec in measured["figures"].items():
        assert figures[figure_id] == spec["alt"], figure_id


def test_the_pages_hold_no_placeholder(built_site):
    for page in PAGES:
        text = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert "{{" not in text, page


def test_an_unknown_placeholder_fails(measured):
    with pytest.raises(render.PlaceholderError, match="no_such_number"):
        render.fill("{{ n:no_such_number }}", measured, lambda spec: "")
    with pytest.raises(render.PlaceholderError, match="unknown placeholder"):
        render.fill("{{ picture:observation-1 }}", measured, lambda spec: "")
    with pytest.raises(render.PlaceholderError, match="no figure"):
        render.fill("{{ figure:nope }}", measured, lambda spec: "")


def test_the_cache_key_follows_the_sources(tmp_path):
    for source in measure_module.SOURCES:
        target = tmp_path / source
        if source.endswith(".py"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("x = 1\n")
        else:
            target.mkdir(parents=True)
            (target / "a.py").write_text("x = 1\n")
    before = measure_module.source_hash(tmp_path)
    assert measure_module.source_hash(tmp_path) == before
    (tmp_path / "optimizers" / "a.py").write_text("x = 2\n")
    assert measure_module.source_hash(tmp_path) != before


# --- the numbers, recomputed with the core directly -----------------------------------------

def _optimizer(preset_id, function_id, **overrides):
    hyperparams, steps = preset_settings(preset_id, function_id)
    return api.build_optimizer(PRESETS[preset_id].optimizer, {**hyperparams, **overrides}), steps


def _value(measured, key):
    return measured["numbers"][key]["value"]


def _row(measured, table, name):
    return next(row for row in measured["tables"][table]["rows"] if row[0]["value"] == name)


def test_the_two_wells_minima_are_the_cores(measured):
    function = opt.FUNCTIONS["two_wells"]
    deep = np.asarray(function.global_minima)[0]
    shallow = next(m for m in np.asarray(function.minima) if not np.array_equal(m, deep))
    assert _value(measured, "tw_deep") == deep.tolist() and _value(measured, "tw_shallow") == shallow.tolist()
    assert abs(deep[0]) != 1.0 and abs(shallow[0]) != 1.0   # the article says they are not at (±1, 0)
    (x0, x1), _ = function.domain
    assert _value(measured, "tw_tolerance") == pytest.approx(0.01 * (x1 - x0))   # "one hundredth of the width"


@pytest.mark.parametrize("preset_id, table, row", [
    ("adam", "two-wells-2018", "Adam"),
    ("adam_bc", "adam-bias-correction", "Adam with bias correction"),
    ("torch_adam", "torch-defaults", "Adam"),
    ("sgd", "two-wells-2018", "SGD"),
])
def test_deep_well_fractions_from_the_core(measured, preset_id, table, row):
    function = opt.FUNCTIONS["two_wells"]
    side = measured["lattices"]["two_wells"]
    optimizer, steps = _optimizer(preset_id, "two_wells")
    basins = opt.basins(optimizer, function, (side, side), steps)
    deep = next(i for i, m in enumerate(np.asarray(function.minima))
                if np.array_equal(m, np.asarray(function.global_minima)[0]))
    share = float(np.mean(basins.labels == deep))
    assert _row(measured, table, row)[3]["value"] == pytest.approx(share, abs=1e-12)


def _ends(function_id, start, preset_ids, steps=None):
    function = opt.FUNCTIONS[function_id]
    ends = {}
    for preset_id in preset_ids:
        optimizer, preset_steps = _optimizer(preset_id, function_id)
        trajectory = opt.run(optimizer, function, [start], steps or preset_steps)
        ends[preset_id] = trajectory.points[trajectory.last_step[0], 0]
    return ends


def _near(point, target, function_id):
    return np.linalg.norm(np.asarray(point) - np.asarray(target)) <= \
        opt.basin_map.default_tolerance(opt.FUNCTIONS[function_id])


def test_observation_1_start_ends_in_different_wells(measured):
    spec = measured["figures"]["observation-1"]
    ends = _ends("two_wells", spec["starts"][0], ("sgd", "momentum", "rmsprop", "adam"))
    deep, shallow = _value(measured, "tw_deep"), _value(measured, "tw_shallow")
    assert _near(ends["adam"], deep, "two_wells")
    assert sum(_near(ends[key], shallow, "two_wells") for key in ("sgd", "momentum", "rmsprop")) \
        == _value(measured, "obs1_others_shallow") >= 1
    # the prose: Adam ends in the deep well from the most starts, narrowly ahead of RMSProp
    assert _value(measured, "obs1_most_label") == "Adam"
    assert 0 < _value(measured, "tw_adam_deep") - _value(measured, "tw_rmsprop_deep") < 0.05


def test_observation_2_momentum_spirals_and_sgd_does_not(measured):
    start = measured["figures"]["observation-2"]["starts"][0]
    function = opt.FUNCTIONS["two_wells"]
    optimizer, steps = _optimizer("momentum", "two_wells")
    points = opt.run(optimizer, function, [start], steps).points[:, 0]
    centre = np.asarray(function.minima)[np.argmin(np.linalg.norm(np.asarray(function.minima) - points[-1], axis=1))]
    relative = points - centre
    far = np.linalg.norm(relative, axis=1) > _value(measured, "obs2_turn_radius")
    turned = 0.0
    for a, b, both_far in zip(relative[:-1], relative[1:], far[:-1] & far[1:]):
        if both_far:   # the signed angle from a to b
            turned += np.arctan2(a[0] * b[1] - a[1] * b[0], a @ b)
    assert abs(turned) / (2 * np.pi) == pytest.approx(_value(measured, "obs2_start_turns"), rel=1e-9)
    assert abs(turned) / (2 * np.pi) >= 1.0, "it circles its minimum at least once"
    assert _value(measured, "obs2_sgd_most_turns") < 1.0
    # every rate in the table is above the rate at which momentum starts to swing
    rates = [row[0]["value"] for row in measured["tables"]["momentum-rates"]["rows"]]
    assert min(rates) > _value(measured, "obs2_spiral_rate_deep")


def test_observation_3_slow_sgd_stops_short(measured):
    start = measured["figures"]["observation-3"]["starts"][0]
    ends = _ends("two_wells", start, ("sgd", "torch_sgd"))
    minima = np.asarray(opt.FUNCTIONS["two_wells"].minima)
    assert any(_near(ends["sgd"], m, "two_wells") for m in minima)
    assert not any(_near(ends["torch_sgd"], m, "two_wells") for m in minima)
    assert _value(measured, "obs3_slow_still_moving") > 0.2 and _value(measured, "obs3_post_reached") > 0.99
    # the post's rate sits below the stability bound, the last rate of the table above it
    assert _value(measured, "obs3_post_lr") < _value(measured, "obs3_stable_below") < _value(measured, "obs3_fast_lr")
    assert _value(measured, "obs3_fast_reached") < 0.05


def test_observation_4_momentum_crosses_ridges_the_others_stay(measured):
    start = measured["figures"]["observation-4"]["starts"][0]
    function = opt.FUNCTIONS["rastrigin"]
    minima = np.asarray(function.minima)
    nearest = minima[np.argmin(np.linalg.norm(minima - np.asarray(start), axis=1))]
    ends = _ends("rastrigin", start, ("sgd", "rmsprop", "adam"))
    assert all(_near(end, nearest, "rastrigin") for end in ends.values())
    assert not np.array_equal(nearest, np.asarray(function.global_minima)[0])
    optimizer, steps = _optimizer("momentum", "rastrigin")
    points = opt.run(optimizer, function, [start], steps).points[:, 0]
    spacing = _value(measured, "ra_spacing")
    crossed = int(np.abs(np.diff(np.rint(points / spacing), axis=0)).sum())
    assert crossed == _value(measured, "obs4_start_ridges") >= 2
    # the prose: the post's momentum rate is above the dips' bound, 0.008 below it and settles
    assert _value(measured, "obs4_momentum_lr") > _value(measured, "obs4_momentum_stable_below")
    bound = _value(measured, "obs4_momentum_stable_below")
    below = next(row for row in measured["tables"]["rastrigin-momentum"]["rows"]
                 if 0.8 * bound < row[0]["value"] < bound)
    assert below[4]["value"] == 0.0 and below[3]["value"] > 0.3     # none still moving, many in another dip
    assert _value(measured, "obs4_momentum_any_dip") < 0.01
    assert _value(measured, "obs4_post_sgd_lr") > _value(measured, "obs4_sgd_stable_below") > _value(measured, "obs4_sgd_lr")


def test_observation_5_all_reach_rosenbrocks_minimum_along_different_roads(measured):
    spec = measured["figures"]["observation-5"]
    start, steps = spec["starts"][0], spec["steps"]
    ends = _ends("rosenbrock", start, ("sgd", "momentum", "rmsprop", "adam"), steps=max(steps.values()))
    assert all(_near(end, [1.0, 1.0], "rosenbrock") for end in ends.values())
    # the prose: with the playground's steps most starts do not arrive; the roads differ
    for key in ("sgd", "momentum", "rmsprop", "adam"):
        assert _value(measured, f"rb_{key}_reach") < 0.5
    lengths = {key: _value(measured, f"obs5_{key}_length") for key in ("sgd", "momentum", "rmsprop", "adam")}
    assert lengths["rmsprop"] > max(lengths["sgd"], lengths["momentum"])


def test_the_adam_section_claims(measured):
    assert _value(measured, "adam_factor_1") > 3 and _value(measured, "adam_factor_100") > 1
    assert _value(measured, "adam_bc_still_moving") > 0.2
    long_row = _row(measured, "adam-bias-correction", "Adam with bias correction, more steps")
    assert long_row[5]["value"] == 0.0 and long_row[6]["value"] == 0.0   # arrives from every start
    assert _value(measured, "adam_bc_long_deep") < min(_value(measured, "tw_adam_deep"),
                                                       _value(measured, "tw_rmsprop_deep"))
    assert _value(measured, "torch_adam_still_moving") > 0.5


def test_the_newer_page_claims(measured):
    newer = [key for key, preset in PRESETS.items() if preset.group == "newer"]
    assert _value(measured, "newer_tw_most_share") - _value(measured, "tw_adam_deep") < 0.03
    for row in measured["tables"]["newer-two-wells"]["rows"]:   # "in a well from nearly every start"
        assert row[5]["value"] + row[6]["value"] < 0.05, row[0]["value"]
    assert _value(measured, "tw_all_agree") < _value(measured, "obs1_agree")
    assert _value(measured, "tw_all_count") == 4 + len(newer)
    assert _value(measured, "newer_ra_eve_nearest") > 0.9 and _value(measured, "newer_ra_yellowfin_nearest") > 0.9
    assert sum(_value(measured, f"newer_ra_{key}_nearest") > 0.9 for key in newer) > len(newer) / 2
    assert _value(measured, "newer_ra_qhm_still_moving") > 0.5
    assert _value(measured, "newer_ra_lookahead_gone") > 0.5
    spec = measured["figures"]["newer-rosenbrock"]
    ends = _ends("rosenbrock", spec["starts"][0], newer, steps=max(spec["steps"].values()))
    assert sum(_near(end, [1.0, 1.0], "rosenbrock") for end in ends.values()) == _value(measured, "newer_rb_reached_count")


def test_every_figure_caption_tells_the_run_replys_outcomes(measured):
    """A figure's caption and the table under its live plot tell one answer: api.run's outcomes
    (optimizers.outcomes), which the page shows. Observation 1's RMSProp was the case where they
    disagreed (the table said "still moving", the caption "ends in the shallow well")."""
    from site_build.article import rastrigin, rosenbrock, two_wells
    from site_build.article.ends import describe_ends
    from site_build.article.lattice import preset_entry
    names = {"two_wells": two_wells.name_well, "rastrigin": rastrigin.name_dip, "rosenbrock": rosenbrock.name_minimum}
    labels = {"observation-3": {"sgd": f"SGD at {_value(measured, 'obs3_post_lr'):g}",
                                "torch_sgd": f"SGD at {_value(measured, 'obs3_slow_lr'):g}"}}
    for figure_id, spec in measured["figures"].items():
        entries = [preset_entry(key, spec["function"], steps=(spec.get("steps") or {}).get(key))
                   for key in spec["presets"]]
        reply = api.run({"function": {"id": spec["function"]}, "starts": spec["starts"], "runs": entries})
        ends = [{"key": run["key"], "outcome": said["minimum"] if said["kind"] == "converged" else said["kind"]}
                for run in reply["runs"] for said in run["outcomes"][:1]]
        sentence = describe_ends(ends, names[spec["function"]], labels.get(figure_id, {}))
        assert spec["caption"].endswith(sentence), figure_id
        if figure_id == "observation-1":
            rmsprop = next(run for run in reply["runs"] if run["key"] == "rmsprop")["outcomes"][0]
            assert rmsprop["kind"] == "converged" and rmsprop["global"] is False
            assert "RMSProp end in the shallow well" in spec["caption"]
