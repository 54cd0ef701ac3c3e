"""The catalog (``describe()``): what the page knows of Python, written once, here.

Every registered function, optimizer (with its settings' schema), schedule kind and preset
(with its colour, dash pattern and marker shape), and the facts the page must not restate:
the API's ``limits``, the ``recordable`` vectors, the contour ``grid``'s size, the ``plot``'s
margins and the outcome rule's ``end_point_tolerance``. build.py writes it to catalog.json,
adding each function's grid file.
"""

from __future__ import annotations

import inspect
import math
from typing import Any, Callable, Dict, List

import optimizers
from optimizers import FUNCTIONS, OPTIMIZERS, outcomes, presets, schedules, settings, sweep
from optimizers.expression.custom import DEFAULT_DOMAIN

from .checks import default_hyperparams, finite_or_none, plain
from .limits import GRID_SIDE, limits
from .models import FUNCTION_GROUPS, model_entries
from .planes import describe_plane
from .runs import RECORDABLE


def _describe_function(function) -> Dict[str, Any]:
    return {
        "id": function.id,
        "name": function.name,
        "formula": function.formula,
        "params": {key: float(value) for key, value in function.params.items()},
        "domain": [[float(low), float(high)] for low, high in function.domain],
        "minima": function.minima.tolist(),
        "minima_values": finite_or_none(function.minima_values),
        "global_minima": function.global_minima.tolist(),
        "contour_scale": function.contour_scale,
        "param_ranges": {key: _param_range(function, key) for key in function.params},
    }


def _param_range(function, key: str) -> Dict[str, Any]:
    """A parameter's valid range (``min``/``max``, null when unbounded; ``open``: both ends
    excluded) and the range a slider offers: a quarter to four times the default (from 0
    when 0 is the bound), inside the valid range."""
    low, high, is_open = function.param_bounds.get(key, (-math.inf, math.inf, False))
    default = float(function.params[key])
    if default > 0:
        slider = [0.0 if low == 0 and not is_open else default / 4, default * 4]
    elif default < 0:
        slider = [default * 4, default / 4]
    else:
        slider = [-1.0, 1.0]
    inset = 1e-6 * (slider[1] - slider[0]) if is_open else 0.0
    slider = [max(slider[0], low + inset), min(slider[1], high - inset)]
    return {"min": low if math.isfinite(low) else None, "max": high if math.isfinite(high) else None,
            "open": bool(is_open), "slider": slider, "switch": key in getattr(function, "switches", ())}


CUSTOM_FUNCTION = {  # the catalog's entry for a visitor's own formula (optimizers.from_expression)
    "id": "custom", "name": "Your own f(x, y)", "example": "x**4 - 2*x**2 + y**2 + 0.3*x",
    "domain": [[float(low), float(high)] for low, high in DEFAULT_DOMAIN], "contour_scale": "linear",
}


def _first_paragraph(factory: Callable) -> str:
    doc = inspect.getdoc(factory) or ""
    return " ".join(doc.split("\n\n")[0].split())


def _describe_preset(preset: presets.Preset) -> Dict[str, Any]:
    """A preset as plain data; ``by_function`` holds, for each function it is adjusted on,
    the full settings it runs with there (``presets.preset_settings``)."""
    by_function = {}
    for function_id in preset.by_function:
        hyperparams, steps = presets.preset_settings(preset.id, function_id)
        by_function[function_id] = {"hyperparams": plain(hyperparams), "steps": steps}
    return {"id": preset.id, "label": preset.label, "optimizer": preset.optimizer,
            "hyperparams": plain(preset.hyperparams), "steps": preset.steps, "group": preset.group,
            "by_function": by_function}


# The paths' colours (optimizers.presets.PALETTE: apart in normal vision and with red-green
# colour vision deficiencies); with each a dash pattern and a marker shape (presets.DASHES,
# presets.MARKERS), so no two presets differ by colour alone.
PALETTE = presets.PALETTE


def preset_colors(preset_ids: List[str], default_ids: List[str]) -> Dict[str, str]:
    """Each preset's colour: the default presets first (in ``default_ids``' order), then the
    others in ``preset_ids``' order, each taking the next colour of ``PALETTE`` (round again
    past its end); ``presets.preset_cues`` gives the dash and marker with it."""
    return {key: cue["color"] for key, cue in presets.preset_cues(preset_ids, default_ids).items()}


def _describe_optimizer(name: str, factory: Callable) -> Dict[str, Any]:
    """An optimizer as plain data: its defaults, and its settings' schema (``optimizers.settings``)."""
    return {"id": name, "doc": _first_paragraph(factory), "hyperparams": default_hyperparams(factory),
            "settings": plain(settings.as_data(settings.settings_schema(name))),
            "learning_rate": settings.learning_rate(name),
            "constraints": plain(settings.as_data(settings.settings_constraints(name)))}


def _describe_schedules() -> List[Dict[str, Any]]:
    """Each schedule kind ``optimizers.schedules`` offers, with its fields' schema."""
    return [{"kind": kind, "doc": _first_paragraph(schedules.SCHEDULE_KINDS[kind]),
             "params": plain(settings.as_data(fields)),
             "learning_rate": next((s.name for s in fields if s.is_learning_rate), None)}
            for kind, fields in settings.schedule_schema().items()]


# What a sweep's chart may show against the swept value: the final loss or the distance to the nearest minimum.
SWEEP_MEASURES = {"loss": "Final loss", "distance": "Distance to the nearest minimum"}

PLOT_MARGINS = {"top": 12, "right": 14, "bottom": 40, "left": 52}   # CSS px around the plot's axes


def describe(args: Any = None) -> Dict[str, Any]:
    """The catalog: every registered function (the test functions, then the models on real
    data of ``optimizers.MODELS``, each with its ``group`` of ``function_groups``), optimizer (with its settings' schema), the
    schedule kinds, and the presets whose optimizer exists (each with its colour, dash pattern
    and marker shape; ``palette``, ``dashes`` and ``markers`` for entries that are no preset);
    and the facts the page must not restate: the API's ``limits``, the ``recordable`` vectors,
    the contour ``grid``'s size, the ``plot``'s margins and the ``end_point_tolerance`` of
    ``optimizers.outcomes``."""
    offered = [p for p in presets.PRESETS.values() if p.optimizer in OPTIMIZERS]
    default_presets = [key for key in presets.DEFAULT_PRESETS if key in {p.id for p in offered}]
    cues = presets.preset_cues([p.id for p in offered], default_presets)
    return {
        "version": optimizers.__version__,
        "functions": ([{**_describe_function(function), "group": "functions"} for function in FUNCTIONS.values()]
                      + model_entries(_describe_function)),
        "function_groups": [dict(group) for group in FUNCTION_GROUPS],
        "optimizers": [_describe_optimizer(name, factory) for name, factory in OPTIMIZERS.items()],
        "schedules": _describe_schedules(),
        "presets": [{**_describe_preset(p), **cues[p.id]} for p in offered],
        "default_presets": default_presets,
        "preset_groups": [{"id": group, "label": label} for group, label in presets.PRESET_GROUPS.items()],
        "palette": list(PALETTE),
        "dashes": list(presets.DASHES),
        "markers": list(presets.MARKERS),
        "copy_palette": list(presets.COPY_PALETTE),
        "copy_dashes": list(presets.COPY_DASHES),
        "sweep": {"count": sweep.DEFAULT_COUNT, "max_count": sweep.MAX_VALUES,
                  "learning_rate": list(sweep.LEARNING_RATE_RANGE), "measures": [{"name": name, "label": label} for name, label in SWEEP_MEASURES.items()]},
        "custom_function": dict(CUSTOM_FUNCTION),
        "limits": limits(),
        "recordable": [{"name": name, "label": label} for name, label in RECORDABLE.items()],
        "grid": {"nx": GRID_SIDE, "ny": GRID_SIDE},
        "plot": {"margins": dict(PLOT_MARGINS)},
        "end_point_tolerance": {"view_share": outcomes.VIEW_SHARE, "gap_share": outcomes.GAP_SHARE},
        "outcome_kinds": list(outcomes.KINDS),
        "network_plane": describe_plane(),
    }
