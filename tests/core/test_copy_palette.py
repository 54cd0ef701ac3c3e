"""The cues of copies ("Add a copy"): colours apart from each other and from the default
presets' in normal vision and with deuteranopia and protanopia, no preset's colour or dash, and
the catalog publishing them (the page never invents a copy's colour)."""

from itertools import combinations

from optimizers import colors, presets
from pyodide_app import api


def default_colours():
    cues = presets.preset_cues()
    return [cues[key]["color"] for key in presets.DEFAULT_PRESETS]


def test_copy_colours_stay_apart_from_each_other_and_the_default_presets():
    copies = list(presets.COPY_PALETTE)
    assert len(copies) == len(set(copies)) >= 4
    for vision in colors.VISIONS:
        for a, b in combinations(copies + default_colours(), 2):
            if a in copies or b in copies:
                assert colors.difference(a, b, vision) >= 15, (a, b, vision)


def test_copies_look_like_no_preset():
    catalog = api.describe()
    preset_colours = {p["color"] for p in catalog["presets"]}
    assert not preset_colours & set(presets.COPY_PALETTE)
    assert min(colors.difference(c, p) for c in presets.COPY_PALETTE for p in preset_colours) >= 5
    assert not set(presets.COPY_DASHES) & {p["dash"] for p in catalog["presets"]}
    # they read on the paths' dark casing as the presets' colours do
    assert min(colors.contrast_ratio(c, "#121212") for c in presets.COPY_PALETTE) >= 5


def test_copy_numbers_cycle_through_distinct_pairs():
    pairs = {(presets.copy_cue(n, "circle")["color"], presets.copy_cue(n, "circle")["dash"]) for n in range(1, 13)}
    assert len(pairs) == 12
    assert presets.copy_cue(1, "square") == {"color": presets.COPY_PALETTE[0], "dash": presets.COPY_DASHES[0],
                                             "marker": "square"}
    catalog = api.describe()
    assert catalog["copy_palette"] == list(presets.COPY_PALETTE)
    assert catalog["copy_dashes"] == list(presets.COPY_DASHES)
