"""The paths' colours and second cues: the colour science in ``optimizers.colors`` against
published data, the default palette's separation in normal vision and with deuteranopia and
protanopia, and each preset's (dash, marker) pair."""

import re
from itertools import combinations
from pathlib import Path

import pytest

from optimizers import colors, presets
from pyodide_app import api
from site_build import css_tokens

PATH_STYLE_JS = Path(__file__).resolve().parents[2] / "site_src" / "js" / "plot" / "path-style.js"

# Sharma, Wu and Dalal (2005), Table 1: pairs 1, 2, 3, 7, 13, 17, 19, 25, 29, 32, 34 (L*a*b* of
# the two colours and their CIEDE2000 difference to 4 decimals). They exercise the hue-angle
# branches (mean hue across 0/360, a* = 0 with b* of either sign), a large difference, and
# near-black colours.
SHARMA_2005 = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 3.1571, -77.2803), (50.0000, 0.0000, -82.7485), 2.8615),
    ((50.0000, 2.8361, -74.0200), (50.0000, 0.0000, -82.7485), 3.4412),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.1736, 0.5854), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize("lab1, lab2, expected", SHARMA_2005)
def test_ciede2000_matches_sharma_wu_dalal(lab1, lab2, expected):
    assert round(colors.delta_e2000(lab1, lab2), 4) == expected
    assert round(colors.delta_e2000(lab2, lab1), 4) == expected   # symmetric


def test_srgb_to_lab_known_values():
    # white is L* 100 with no colour; sRGB red and blue as published (e.g. Lindbloom's calculator)
    assert colors.srgb_to_lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=1e-9)
    assert colors.srgb_to_lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.05)
    assert colors.srgb_to_lab("#0000ff") == pytest.approx((32.30, 79.19, -107.86), abs=0.05)
    assert colors.srgb_to_lab("#808080")[0] == pytest.approx(53.59, abs=0.05)


def test_machado_simulation_keeps_greys_and_merges_red_green():
    # rows of each matrix sum to 1: greys are seen unchanged
    for vision in ("deuteranopia", "protanopia"):
        for grey in ("#000000", "#777777", "#ffffff"):
            assert colors.simulate(grey, vision) == grey
    # a red and a green of similar lightness look far apart, but nearly alike with deuteranopia
    assert colors.difference("#d62728", "#2ca02c") > 60
    assert colors.difference("#b8860b", "#6b8e23", "deuteranopia") < colors.difference("#b8860b", "#6b8e23") / 3


def test_the_old_palette_failed_as_the_issue_says():
    # the issue's figures (Momentum #4cc9f0 vs Adam #ff5ce1, SGD #ff3b3b vs RMSProp #ff9f1c)
    assert colors.difference("#4cc9f0", "#ff5ce1", "deuteranopia") < 5
    assert colors.difference("#ff3b3b", "#ff9f1c", "deuteranopia") < 13


def default_palette():
    """The default presets' colours and the rest of the 2018 post's group (adam_bc)."""
    cues = presets.preset_cues()
    keys = list(presets.DEFAULT_PRESETS) + [p.id for p in presets.POST_2018 if p.id not in presets.DEFAULT_PRESETS]
    return [cues[key]["color"] for key in keys]


@pytest.mark.parametrize("vision", colors.VISIONS)
def test_default_palette_stays_apart_in_every_vision(vision):
    palette = default_palette()
    assert len(palette) == 5 and len(set(palette)) == 5
    closest, where = colors.closest_pair(palette, [vision])
    assert closest >= 15, where


def test_palette_first_colours_stay_apart():
    # PALETTE's first SEPARATED_COLORS colours all differ by >= 15 under every vision, and the next
    # would not: the number in presets.py is what the palette achieves.
    n = presets.SEPARATED_COLORS
    assert n >= 10
    assert colors.closest_pair(presets.PALETTE[:n])[0] >= 15
    assert colors.closest_pair(presets.PALETTE[:n + 1])[0] < 15
    assert len(set(presets.PALETTE)) == len(presets.PALETTE)
    # the whole palette, as presets.py says: >= 9.6 in normal vision, >= 5.9 with the deficiencies
    assert colors.closest_pair(presets.PALETTE, ["normal"])[0] >= 9.6
    assert colors.closest_pair(presets.PALETTE)[0] >= 5.9


def test_palette_reads_on_the_dark_casing():
    # every path colour has a contrast of at least 4:1 against the casing drawn
    # around it (WCAG asks 3:1 of graphics), the default ones at least 5:1
    casing = "#121212"
    css = css_tokens.site_css()
    # the same casing in both colour schemes: the contour colours under the paths do not change
    assert set(re.findall(r"--plot-path-casing:\s*([^;]+);", css)) == {casing}
    assert min(colors.contrast_ratio(c, casing) for c in presets.PALETTE) >= 4
    assert min(colors.contrast_ratio(c, casing) for c in default_palette()) >= 5


def test_every_preset_has_its_own_dash_and_marker_pair():
    catalog = api.describe()
    pairs = [(p["dash"], p["marker"]) for p in catalog["presets"]]
    assert len(set(pairs)) == len(pairs)
    assert all(p["dash"] in catalog["dashes"] and p["marker"] in catalog["markers"] for p in catalog["presets"])
    # the five of the 2018 post differ in both
    post = [p for p in catalog["presets"] if p["group"] == "post2018"]
    assert len({p["dash"] for p in post}) == len(post) == len({p["marker"] for p in post})
    # catalog and presets.py agree, and colours are still PALETTE's in the documented order
    cues = presets.preset_cues([p["id"] for p in catalog["presets"]], catalog["default_presets"])
    assert {p["id"]: {k: p[k] for k in ("color", "dash", "marker")} for p in catalog["presets"]} == cues


def test_the_page_knows_every_dash_and_marker():
    # path-style.js draws each name the catalog may send (an unknown one would fall back silently)
    text = PATH_STYLE_JS.read_text(encoding="utf-8")
    dashes = text[text.index("export const DASHES"):text.index("};", text.index("export const DASHES"))]
    markers = text[text.index("export const MARKERS"):text.index("];", text.index("export const MARKERS"))]
    assert sorted(re.findall(r'"([a-z-]+)":', dashes)) == sorted(presets.DASHES + presets.COPY_DASHES)
    assert sorted(re.findall(r'"([a-z-]+)"', markers)) == sorted(presets.MARKERS)
    for marker in presets.MARKERS[1:]:
        assert f'"{marker}"' in text[text.index("export function markerPath"):]


def test_each_colour_is_written_once_in_site_css():
    # the dark palette is not a second list: each token is declared once, in :root, a colour that
    # differs between the schemes as light-dark(light, dark); <html data-theme> only sets color-scheme
    from site_build import css_tokens

    css = css_tokens.site_css()
    declared = re.findall(r"(--[\w-]+)\s*:", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    tokens = css_tokens.tokens(css)
    assert [name for name in tokens if declared.count(name) != 1] == [], "a token is declared again outside :root"
    assert "prefers-color-scheme" not in css
    schemed = {name: css_tokens.split_light_dark(value) for name, value in tokens.items() if value.startswith("light-dark(")}
    assert len(schemed) >= 25 and all(light != dark for light, dark in schemed.values())
    assert re.search(r':root\[data-theme="dark"\]\s*\{\s*color-scheme:\s*dark;\s*\}', css)
    assert re.search(r':root\[data-theme="light"\]\s*\{\s*color-scheme:\s*light;\s*\}', css)
    # the values read apart: light-dark() keeps the commas inside rgba()
    assert css_tokens.split_light_dark("light-dark(rgba(0, 0, 0, 0.07), rgba(255, 255, 255, 0.1))") == \
        ("rgba(0, 0, 0, 0.07)", "rgba(255, 255, 255, 0.1)")
    assert css_tokens.in_scheme("#121212", "dark") == "#121212"
