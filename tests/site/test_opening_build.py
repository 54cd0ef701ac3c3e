"""Each playground page's opening picture at build time (site_build/opening.py, opening_svg.mjs): the
skeleton layout.js adopts, one path per default optimizer whose end marker sits where CPython's run
ends, the axes' margins the catalog's, and what the hook leaves alone. The page side (the live plot
taking over, the table equal to CPython's) is tests/site/e2e/test_first_paint.py."""

from __future__ import annotations

import re

import pytest

from optimizers.presets import PRESETS, preset_settings
from pyodide_app import api
from site_build import figures, opening


@pytest.fixture(scope="module")
def catalog():
    return figures.catalog()


def page_with(attributes):
    return f'<p>before</p><div class="playground" data-playground {attributes}></div><p>after</p>'


@pytest.mark.parametrize("function_id, start", [("two_wells", (0.5, 1.0)), ("rosenbrock", (-1.2, 1.0))])
def test_the_opening_picture_ends_each_path_where_cpython_ends(catalog, function_id, start):
    filled = opening.fill(page_with(f'data-function="{function_id}" data-opening="{start[0]},{start[1]}"'), catalog)
    assert filled.startswith('<p>before</p><div class="playground pg" data-playground ')
    assert '<div class="pg-main"><div class="pg-figure"><div class="pg-plot"><div class="pg-opening"' in filled
    assert filled.endswith('<div class="pg-side"></div></div><p>after</p>')
    [[x0, x1], [y0, y1]] = next(f for f in catalog["functions"] if f["id"] == function_id)["domain"]
    # each run's end marker: the last mark of its .pg-opening-end group, at percentages of the plot area
    ends = re.findall(r'<g class="pg-opening-end"[^>]*>(.*?)</g>', filled)
    runs = re.findall(r'class="pg-opening-run" data-key="([a-z_]+)" data-start="0" data-steps="(\d+)"', filled)
    assert [key for key, _ in runs] == catalog["default_presets"] and len(ends) == len(runs)
    for (key, steps), group in zip(runs, ends):
        hyperparams, preset_steps = preset_settings(key, function_id)
        reply = api.run({"function": {"id": function_id}, "starts": [list(start)],
                         "runs": [{"key": key, "optimizer": PRESETS[key].optimizer, "hyperparams": hyperparams,
                                   "steps": preset_steps}]})["runs"][0]
        last = int(reply["last_step"][0])
        assert int(steps) == last
        ex, ey = reply["points"][2 * last], reply["points"][2 * last + 1]
        u, v = (float(p) for p in re.findall(r'<svg x="([-\d.]+)%" y="([-\d.]+)%"', group)[-1])
        assert u == pytest.approx(100 * (ex - x0) / (x1 - x0), abs=2e-3)
        assert v == pytest.approx(100 * (y1 - ey) / (y1 - y0), abs=2e-3)
    # the plot area keeps the view's proportions; the axes' tick marks sit in the catalog's margins
    assert re.search(r'class="pg-opening-plot" viewBox="0 0 1000 1000"', filled)
    margins = catalog["plot"]["margins"]
    assert f'<path d="M{margins["left"] - 5} ' in filled


def test_the_hook_leaves_other_playgrounds_alone(catalog):
    for attributes in ['data-function="two_wells"', 'data-function="two_wells" data-opening="1,1" data-state="s=1%2C1"']:
        page = page_with(attributes)
        assert opening.fill(page, catalog) == page


@pytest.mark.parametrize("text", ["", "1", "1,2,3", "a,b"])
def test_a_bad_start_is_refused_in_words(text):
    with pytest.raises(opening.OpeningError, match="two numbers"):
        opening.parse_start(text)


def test_the_pictures_margins_must_be_the_catalogs(catalog):
    opening.check_margins(catalog)
    other = {**catalog, "plot": {"margins": {**catalog["plot"]["margins"], "left": 60}}}
    with pytest.raises(opening.OpeningError, match="--plot-margin-left"):
        opening.check_margins(other)
