"""Ready-made optimizer settings for the site to offer, as plain data.

``post2018`` are the settings of the 2018 blog post this site grew out of; its Adam
ran without bias correction, and ``adam_bc``, "Adam (bias-corrected)", is the same Adam
with it, so the post's quirk can be seen side by side. ``tuned`` are the post's four
optimizers with the learning rate (and Momentum's momentum) searched on each function
for a stated objective (``optimizers.tuning``; data in ``TUNED_DATA``, rerun with
``scripts/tune_presets.py``). ``torch_defaults`` are torch.optim's defaults for each
optimizer torch has; ``newer`` are the optimizers torch lacks, at settings that suit
``two_wells``. Each preset says how many steps it runs by default.

The last two groups follow the registry (``optimizers.registry``): every registered optimizer
that names a torch class gets a ``torch_defaults`` preset, and every other one a ``newer``
preset, at its settings in ``NEWER_SETTINGS`` if it has any there, else at its defaults. So a
new optimizer is offered by the page with no edit here; ``PRESETS`` is worked out again when
the registry changes.

Per-function adjustments: the 2018 settings were tuned for ``two_wells``. On functions
with much steeper walls plain SGD and Momentum at those rates overshoot and blow up from
most starts, so a preset may carry ``by_function``: function id -> ``{"hyperparams":
{...}, "steps": n}``, both optional, the hyperparams merged over the preset's own.
``preset_settings(preset_id, function_id)`` resolves them; the catalog (``describe()``),
the page and the tests all go through it, so they agree on the numbers.

The adjusted rates were chosen by measurement: for each function where a 2018 preset
failed (diverged or escaped) from more than ~5% of 400 uniformly random starts in the
function's domain, the largest rate of the form 1, 2 or 5 x 10^k at which it fails from
at most ~2% of starts (checked over three seeds), and more steps where the smaller rate
would otherwise stop the path early. ``saddle`` and ``monkey_saddle`` are left alone:
there escaping is the point. RMSProp and Adam normalise their steps and need no change.
Rastrigin's SGD is adjusted for another reason: at 2e-2 it never fails but never settles,
ending outside the plot from 98% of starts; Momentum keeps its rate there, since hopping
over a few ridges is what the page shows about it.
"""

from __future__ import annotations

import json
from importlib import resources
from types import MappingProxyType
from typing import Any, Dict, Iterator, Mapping, NamedTuple, Optional, Tuple

from .methods import OPTIMIZERS

NO_ADJUSTMENTS: Mapping[str, Mapping[str, Any]] = MappingProxyType({})
TUNED_DATA = "data/tuned_presets.json"   # relative to this package; written by scripts/tune_presets.py


class Preset(NamedTuple):
    """One ready-made optimizer setting the page offers (one of its circles).

    ``id`` is the stable key used in URLs, ``label`` what the page shows (``"Momentum"``),
    ``optimizer`` an ``OPTIMIZERS`` id and ``hyperparams`` its keyword arguments; ``steps``
    is how many steps a run takes; ``group`` is ``"post2018"``, ``"tuned"``, ``"newer"``
    or ``"torch_defaults"``. ``by_function`` maps a function id to adjustments,
    ``{"hyperparams": {...}, "steps": n}``, that ``preset_settings`` merges over the rest.
    """

    id: str                      # stable key, used in URLs
    label: str                   # what the page shows: "Momentum"
    optimizer: str               # an OPTIMIZERS id
    hyperparams: Mapping[str, Any]
    steps: int
    group: str                   # "post2018", "tuned", "newer" or "torch_defaults"
    # function id -> {"hyperparams": {...merged over the preset's}, "steps": n}
    by_function: Mapping[str, Mapping[str, Any]] = NO_ADJUSTMENTS


POST_2018_ADAM = Preset("adam", "Adam", "adam",
                        {"lr": 1e-2, "betas": (0.7, 0.999), "eps": 1e-6, "bias_correction": False}, 100, "post2018")
POST_2018 = (
    Preset("sgd", "SGD", "sgd", {"lr": 2e-2}, 500, "post2018", by_function={
        "rosenbrock": {"hyperparams": {"lr": 1e-3}, "steps": 1000},       # fails 0% (2e-3: 24%)
        "beale": {"hyperparams": {"lr": 1e-4}, "steps": 1000},            # ~2% (2e-4: 11%)
        "goldstein_price": {"hyperparams": {"lr": 2e-6}, "steps": 1000},  # 0.3% (5e-6: 7%)
        "levi13": {"hyperparams": {"lr": 2e-3}},                          # 0.5% (5e-3: 4%)
        # never fails at 2e-2, but lr x curvature of a dip (~400) is 8, above the stable 2: it
        # bounces from ridge to ridge off the plot from 98% of starts; 2e-3 settles in a dip.
        "rastrigin": {"hyperparams": {"lr": 2e-3}},
    }),
    Preset("momentum", "Momentum", "sgd", {"lr": 1e-2, "momentum": 0.8}, 200, "post2018", by_function={
        "rosenbrock": {"hyperparams": {"lr": 5e-4}, "steps": 500},        # 0% (1e-3: 9%)
        "beale": {"hyperparams": {"lr": 2e-5}, "steps": 1000},            # 0.7% (5e-5: 5%)
        "goldstein_price": {"hyperparams": {"lr": 1e-6}, "steps": 1000},  # 1% (2e-6: 6%)
        "levi13": {"hyperparams": {"lr": 1e-3}},                          # 2% (2e-3: 9%)
    }),
    Preset("rmsprop", "RMSProp", "rmsprop", {"lr": 1e-2, "alpha": 0.99, "eps": 1e-6}, 300, "post2018"),
    POST_2018_ADAM,
    # the post's Adam with the bias correction it lacked: same settings, steps and adjustments
    POST_2018_ADAM._replace(id="adam_bc", label="Adam (bias-corrected)",
                            hyperparams={**POST_2018_ADAM.hyperparams, "bias_correction": True}),
)


def _tuned_by_function(data: Mapping[str, Any], preset: Preset) -> Dict[str, Dict[str, Any]]:
    """The tuning's result for one 2018 preset as ``by_function``: for each function it was
    tuned on, the searched hyperparams (merged over the preset's) and the steps it used."""
    return {function_id: {"hyperparams": dict(entry["presets"][preset.id]["hyperparams"]),
                          "steps": int(entry["presets"][preset.id]["steps"])}
            for function_id, entry in data["functions"].items() if preset.id in entry.get("presets", {})}


def tuned_presets(data: Mapping[str, Any]) -> Tuple[Preset, ...]:
    """The ``tuned`` group from the tuning's data (``optimizers.tuning.tune``): one preset
    per tuned 2018 preset, ``"<id>_tuned"``, with the 2018 settings and the tuned ones per
    function. A function the tuning skipped (``saddle``) keeps the 2018 preset's settings there."""
    tuned_ids = {preset_id for entry in data["functions"].values() for preset_id in entry.get("presets", {})}
    return tuple(Preset(f"{preset.id}_tuned", f"{preset.label} (tuned)", preset.optimizer, preset.hyperparams,
                        preset.steps, "tuned",
                        by_function={**preset.by_function, **_tuned_by_function(data, preset)})
                 for preset in POST_2018 if preset.id in tuned_ids)


TUNED = tuned_presets(json.loads(resources.files(__package__).joinpath(TUNED_DATA).read_text(encoding="utf-8")))

TORCH_DEFAULT_STEPS = 500

# The optimizers torch.optim does not have, at settings that suit two_wells: from 400
# random starts in its view, each ends in one of the wells within its steps from >= 90%
# (Lookahead 97%, the others >= 99%). Like SGD, the ones
# that take plain gradient steps (QHM, Lookahead around SGD, schedule-free SGD) need smaller
# rates on steep functions; Prodigy's learned step is damped on Ackley and Levi 13. Each
# adjustment is the largest rate of the form 1, 2 or 5 x 10^k that fails from <= 2% of 400
# random starts over three seeds.
SGD_LIKE_RATES = {"rosenbrock": 2e-3, "beale": 2e-4, "goldstein_price": 5e-6, "levi13": 5e-3}
LOOKAHEAD_RATES = {"rosenbrock": 1e-3, "beale": 1e-4, "goldstein_price": 2e-6, "levi13": 5e-3}
SCHEDULE_FREE_SGD_RATES = {"rosenbrock": 1e-3, "beale": 1e-4, "goldstein_price": 2e-6, "levi13": 1e-2,
                           "himmelblau": 2e-2, "six_hump_camel": 2e-2}
NEWER_STEPS = 300


def _rates(rates: Mapping[str, float], key: str = "lr") -> Dict[str, Dict[str, Any]]:
    return {function: {"hyperparams": {key: rate}} for function, rate in rates.items()}


NEWER_SETTINGS = tuple(Preset(key, label, optimizer, hyperparams, NEWER_STEPS, "newer", by_function=adjustments)
                       for key, label, optimizer, hyperparams, adjustments in (
    ("lion", "Lion", "lion", {"lr": 2e-2}, NO_ADJUSTMENTS),
    ("adabelief", "AdaBelief", "adabelief", {"lr": 2e-2}, NO_ADJUSTMENTS),
    ("yogi", "Yogi", "yogi", {"lr": 2e-2}, NO_ADJUSTMENTS),
    ("adan", "Adan", "adan", {"lr": 5e-2}, NO_ADJUSTMENTS),
    ("qhm", "QHM", "qhm", {"lr": 2e-2, "momentum": 0.9, "nu": 0.7}, _rates(SGD_LIKE_RATES)),
    ("qhadam", "QHAdam", "qhadam", {"lr": 2e-2}, NO_ADJUSTMENTS),
    ("lookahead", "Lookahead (SGD)", "lookahead", {"inner": "sgd", "inner_hyperparams": {"lr": 2e-2}},
     {function: {"hyperparams": {"inner_hyperparams": {"lr": rate}}} for function, rate in LOOKAHEAD_RATES.items()}),
    # Eve needs a lower bound f_star of f: -2.5 is below every function's minimum in view but one
    ("eve", "Eve", "eve", {"lr": 2e-2, "f_star": -2.5}, {"styblinski_tang": {"hyperparams": {"f_star": -80.0}}}),
    ("yellowfin", "YellowFin", "yellowfin", {}, NO_ADJUSTMENTS),
    ("schedule_free_sgd", "Schedule-free SGD", "schedule_free_sgd", {"lr": 5e-2}, _rates(SCHEDULE_FREE_SGD_RATES)),
    ("schedule_free_adamw", "Schedule-free AdamW", "schedule_free_adamw", {"lr": 5e-2}, NO_ADJUSTMENTS),
    ("madgrad", "MADGRAD", "madgrad", {"lr": 1e-2}, NO_ADJUSTMENTS),
    ("prodigy", "Prodigy", "prodigy", {"lr": 1.0}, _rates({"ackley": 0.2, "levi13": 0.2})),
))



def _registered() -> Iterator[Tuple[str, Any]]:
    """(id, declaration) of each registered optimizer, in registry order (a factory put into
    ``OPTIMIZERS`` by hand has no declaration and no preset)."""
    for optimizer_id, factory in OPTIMIZERS.items():
        declaration = getattr(factory, "registration", None)
        if declaration is not None:
            yield optimizer_id, declaration


def torch_defaults() -> Tuple[Preset, ...]:
    """One ``torch_defaults`` preset, ``"torch_<id>"``, per registered optimizer torch has."""
    return tuple(Preset(f"torch_{optimizer_id}", f"{declaration.torch} (torch defaults)", optimizer_id, {},
                        TORCH_DEFAULT_STEPS, "torch_defaults")
                 for optimizer_id, declaration in _registered() if declaration.torch)


def newer(taken: Tuple[str, ...] = ()) -> Tuple[Preset, ...]:
    """``NEWER_SETTINGS``, then a ``newer`` preset at its defaults for each registered optimizer
    torch lacks that has none there (its id that of the optimizer, unless a preset in ``taken``
    has it already: then ``"<id>_defaults"``)."""
    offered = {preset.optimizer for preset in NEWER_SETTINGS}
    taken = set(taken) | {preset.id for preset in NEWER_SETTINGS}
    return NEWER_SETTINGS + tuple(
        Preset(optimizer_id if optimizer_id not in taken else f"{optimizer_id}_defaults", declaration.label,
               optimizer_id, {}, NEWER_STEPS, "newer")
        for optimizer_id, declaration in _registered() if not declaration.torch and optimizer_id not in offered)


class _Presets(Mapping):
    """``PRESETS``: preset id -> ``Preset``, in the page's order, worked out again whenever the
    registry has changed since it was last read."""

    def __init__(self):
        self._registry, self._presets = None, {}

    def _current(self) -> Dict[str, Preset]:
        registry = tuple((key, id(factory)) for key, factory in OPTIMIZERS.items())
        if registry != self._registry:
            fixed = POST_2018 + TUNED
            every = fixed + newer(tuple(p.id for p in fixed)) + torch_defaults()
            self._registry, self._presets = registry, {p.id: p for p in every}
        return self._presets

    def __getitem__(self, preset_id: str) -> Preset:
        return self._current()[preset_id]

    def __iter__(self):
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


PRESETS: Mapping[str, Preset] = _Presets()
DEFAULT_PRESETS = ("sgd", "momentum", "rmsprop", "adam")  # what the playground shows first
PRESET_GROUPS: Mapping[str, str] = MappingProxyType({   # group id -> what the page calls it, in the page's order
    "post2018": "The 2018 post's settings",
    "tuned": "Tuned per function",
    "newer": "Newer optimizers",
    "torch_defaults": "torch.optim at its defaults",
})


def preset_settings(preset_id: str, function_id: Optional[str] = None) -> Tuple[Dict[str, Any], int]:
    """``(hyperparams, steps)`` of a preset on a function: its own settings with that
    function's adjustments (if any) merged over them. Raises ``KeyError`` for an unknown
    preset; a function without adjustments (or ``None``) gets the preset's own settings."""
    preset = PRESETS[preset_id]
    adjustment = preset.by_function.get(function_id, {}) if function_id is not None else {}
    hyperparams = {**preset.hyperparams, **adjustment.get("hyperparams", {})}
    return hyperparams, int(adjustment.get("steps", preset.steps))


# --- how the page tells the presets apart -------------------------------------------------
# Each preset is drawn in a colour, a dash pattern and a marker shape (at its path's start and
# end), so no two are told apart by colour alone. Positions count the default presets first
# (in DEFAULT_PRESETS' order), then the others in PRESETS' order (``preset_cues``).
#
# PALETTE: its first 11 colours stay at least CIEDE2000 15 apart from each other in normal
# vision and as seen with deuteranopia and protanopia (Machado et al. 2009, severity 1;
# ``optimizers.colors``, checked by tests/core/test_palette.py); the first five (the 2018
# post's presets) at least 22. They were picked by a max-min search over the sRGB cube in
# steps of 15: the first ten among colours with a contrast of at least 6:1 against black (paths
# are drawn on a dark casing over the contour map), chroma at least 20 and a little away from
# viridis, the contour map's colours; the rest, one at a time, as far as possible from those
# before (at least 4.5:1 against black). All 33 keep at least ΔE 9.6 apart in normal vision (5.9
# with the deficiencies, where the dash and the marker tell them apart).
PALETTE = (
    "#0096ff", "#c37800", "#87ffff", "#ffff96", "#c38796", "#2dd2ff", "#f0b400", "#e1a587",
    "#d2ffe1", "#ff1eb4", "#78785a",
    "#b4c3c3", "#f03c69", "#1e87a5", "#3c69ff", "#2d9678", "#f0d296", "#c3ff00", "#877887",
    "#b4a54b", "#d2c3b4", "#ff87d2", "#b4693c", "#4bb4a5", "#69e15a", "#00b4ff", "#b478d2",
    "#00c3d2", "#f0d2e1", "#69ffb4", "#a5e1ff", "#966996", "#f07887",
)
SEPARATED_COLORS = 11   # how many of PALETTE's first colours are >= 15 apart in every vision
# Dash patterns and marker shapes by name (site_src/js/plot/path-style.js draws them). Position i
# takes DASHES[i % 5] and MARKERS[i % 7]: as 5 and 7 share no factor, the first 35 positions
# all get different (dash, marker) pairs, and the first five differ in both.
DASHES = ("solid", "dashed", "dotted", "dash-dot", "long-dash")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "triangle-down")


# Copies of an entry ("Add a copy": the same optimizer at other settings) take their own cues, one
# per copy number n = 1, 2, ...: COPY_PALETTE[(n - 1) % 4] and COPY_DASHES[(n - 1) % 3] (4 and 3 share
# no factor: 12 different pairs), with the marker of the entry they copy. No preset has these colours
# or dashes. The four colours stay at least CIEDE2000 15 apart from each other and from the four
# default presets' colours in normal vision and with deuteranopia and protanopia (a max-min search
# over the sRGB cube in steps of 15, among colours with a contrast of at least 6:1 against black,
# the default presets fixed; tests/core/test_palette.py checks it), and at least 5 from every
# preset's colour in normal vision.
COPY_PALETTE = ("#968787", "#c3c3a5", "#5ab4c3", "#d2c300")
COPY_DASHES = ("dash-dot-dot", "long-short", "sparse-dot")


def copy_cue(number: int, marker: str) -> Dict[str, str]:
    """The colour and dash of copy ``number`` (1, 2, ...), with the copied entry's ``marker``."""
    return {"color": COPY_PALETTE[(number - 1) % len(COPY_PALETTE)],
            "dash": COPY_DASHES[(number - 1) % len(COPY_DASHES)], "marker": marker}


def cue(index: int) -> Dict[str, str]:
    """The colour, dash pattern and marker of position ``index`` (round again past the ends)."""
    return {"color": PALETTE[index % len(PALETTE)], "dash": DASHES[index % len(DASHES)],
            "marker": MARKERS[index % len(MARKERS)]}


def preset_cues(preset_ids=None, default_ids=DEFAULT_PRESETS) -> Dict[str, Dict[str, str]]:
    """Each preset's ``cue``: the presets in ``default_ids`` first (in that order), then the
    others in ``preset_ids``' order (default: every preset, in ``PRESETS``' order)."""
    preset_ids = list(PRESETS) if preset_ids is None else list(preset_ids)
    order = [key for key in default_ids if key in preset_ids] + [key for key in preset_ids if key not in default_ids]
    return {key: cue(index) for index, key in enumerate(order)}
