"""What the page may ask Python for: plain data in, plain data and float64 arrays out.

``describe()`` is the catalog (build.py writes it to catalog.json, adding grid files),
``run(args)`` runs optimizers from start points, ``grid(args)`` samples a function for
contouring, ``basins(args)`` makes basin maps. A long method is also offered as a job
(``JOBS``): a generator that yields the share of its work done and returns its value, so
the worker can report progress, answer other requests and hear "cancel" in between. The arguments are checked thoroughly, since they come from a web page (and
from its URL): a bad request raises ``ValueError`` with a message in plain words, while a
bad optimizer entry in ``run`` is reported in that entry and the others still run.
Nothing here imports ``js`` or ``pyodide``; ``bridge.py`` converts to and from JavaScript.
"""

from __future__ import annotations

import inspect
import math
import numbers
import time
from typing import Any, Callable, Dict, Generator, List, Mapping

import numpy as np

import optimizers
from optimizers import FUNCTIONS, OPTIMIZERS, outcomes, presets, schedules, settings
from optimizers.basin_map import LABEL_DIVERGED, LABEL_LEFT_VIEW, LABEL_NONE
from optimizers.expression.custom import DEFAULT_DOMAIN
from optimizers.trajectory import STATUS_DIVERGED, STATUS_ESCAPED, STATUS_OK

MAX_STARTS = 10_000
MAX_STEPS = 10_000
MAX_RUNS = 64
MAX_POINTS_PER_RUN = 2_000_000    # (steps + 1) * starts: 32 MB of points, 16 MB of values
MAX_POINTS_PER_CALL = 8_000_000
MAX_GRID_SIDE = 1_000
MAX_GRID_POINTS = 1_000_000
MAX_BASIN_SIDE = 400
MAX_BASIN_WORK = 2_000_000_000    # lattice points x steps, summed over the maps of one call
BASIN_YIELD_WORK = 400_000        # lattice points x steps between two progress reports (~25 ms in Pyodide)
MAX_VALUE_POINTS = 1_000         # points per ``values`` request
STATE_WORK = MAX_POINTS_PER_CALL  # point-steps, starts x enabled entries x (steps + 1), one page state may ask for
MAX_TEXT = 64
MAX_DEPTH = 4                     # schedules inside schedules, hyperparams inside lookahead's
INFINITY_TEXT = {math.inf: "Infinity", -math.inf: "-Infinity"}


# --- describe -----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Tuples as lists, numpy scalars as Python numbers, schedules as dicts (JSON-ready)."""
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple(schedules.SCHEDULE_KINDS.values())):
        return schedules.to_dict(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return INFINITY_TEXT.get(value, "NaN")  # JSON has no infinity; JavaScript's Number() reads these
    return value


def _finite_or_none(values: np.ndarray) -> List[Any]:
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=np.float64).tolist()]


def _describe_function(function) -> Dict[str, Any]:
    return {
        "id": function.id,
        "name": function.name,
        "formula": function.formula,
        "params": {key: float(value) for key, value in function.params.items()},
        "domain": [[float(low), float(high)] for low, high in function.domain],
        "minima": function.minima.tolist(),
        "minima_values": _finite_or_none(function.minima_values),
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
            "open": bool(is_open), "slider": slider}


CUSTOM_FUNCTION = {  # the catalog's entry for a visitor's own formula (optimizers.from_expression)
    "id": "custom", "name": "Your own f(x, y)", "example": "x**4 - 2*x**2 + y**2 + 0.3*x",
    "domain": [[float(low), float(high)] for low, high in DEFAULT_DOMAIN], "contour_scale": "linear",
}


def _first_paragraph(factory: Callable) -> str:
    doc = inspect.getdoc(factory) or ""
    return " ".join(doc.split("\n\n")[0].split())


def default_hyperparams(factory: Callable) -> Dict[str, Any]:
    """The factory's keyword defaults, as plain data (tuples as lists)."""
    return {name: _plain(parameter.default)
            for name, parameter in inspect.signature(factory).parameters.items()
            if parameter.default is not inspect.Parameter.empty}


def _describe_preset(preset: presets.Preset) -> Dict[str, Any]:
    """A preset as plain data; ``by_function`` holds, for each function it is adjusted on,
    the full settings it runs with there (``presets.preset_settings``)."""
    by_function = {}
    for function_id in preset.by_function:
        hyperparams, steps = presets.preset_settings(preset.id, function_id)
        by_function[function_id] = {"hyperparams": _plain(hyperparams), "steps": steps}
    return {"id": preset.id, "label": preset.label, "optimizer": preset.optimizer,
            "hyperparams": _plain(preset.hyperparams), "steps": preset.steps, "group": preset.group,
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
            "settings": _plain(settings.as_data(settings.settings_schema(name))),
            "learning_rate": settings.learning_rate(name),
            "constraints": _plain(settings.as_data(settings.settings_constraints(name)))}


def _describe_schedules() -> List[Dict[str, Any]]:
    """Each schedule kind ``optimizers.schedules`` offers, with its fields' schema."""
    return [{"kind": kind, "doc": _first_paragraph(schedules.SCHEDULE_KINDS[kind]),
             "params": _plain(settings.as_data(fields)),
             "learning_rate": next((s.name for s in fields if s.is_learning_rate), None)}
            for kind, fields in settings.schedule_schema().items()]


GRID_SIDE = 161   # points per side of the build's contour grids (odd: a symmetric domain's centre is sampled)
PLOT_MARGINS = {"top": 12, "right": 14, "bottom": 40, "left": 52}   # CSS px around the plot's axes


def limits() -> Dict[str, int]:
    """The caps this API enforces, for the page to respect before it asks (``state_work``: the
    most point-steps, starts x enabled entries x (steps + 1), one page state may ask for)."""
    return {"starts": MAX_STARTS, "steps": MAX_STEPS, "runs": MAX_RUNS,
            "points_per_run": MAX_POINTS_PER_RUN, "points_per_request": MAX_POINTS_PER_CALL,
            "grid_side": MAX_GRID_SIDE, "grid_points": MAX_GRID_POINTS,
            "basin_resolution_min": 2, "basin_resolution_max": MAX_BASIN_SIDE, "basin_work": MAX_BASIN_WORK,
            "value_points": MAX_VALUE_POINTS, "state_work": STATE_WORK}


def describe(args: Any = None) -> Dict[str, Any]:
    """The catalog: every registered function, optimizer (with its settings' schema), the
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
        "functions": [_describe_function(function) for function in FUNCTIONS.values()],
        "optimizers": [_describe_optimizer(name, factory) for name, factory in OPTIMIZERS.items()],
        "schedules": _describe_schedules(),
        "presets": [{**_describe_preset(p), **cues[p.id]} for p in offered],
        "default_presets": default_presets,
        "preset_groups": [{"id": group, "label": label} for group, label in presets.PRESET_GROUPS.items()],
        "palette": list(PALETTE),
        "dashes": list(presets.DASHES),
        "markers": list(presets.MARKERS),
        "custom_function": dict(CUSTOM_FUNCTION),
        "limits": limits(),
        "recordable": [{"name": name, "label": label} for name, label in RECORDABLE.items()],
        "grid": {"nx": GRID_SIDE, "ny": GRID_SIDE},
        "plot": {"margins": dict(PLOT_MARGINS)},
        "end_point_tolerance": {"view_share": outcomes.VIEW_SHARE, "gap_share": outcomes.GAP_SHARE},
        "outcome_kinds": list(outcomes.KINDS),
    }


# --- checking plain data ------------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, numbers.Number):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _object(name: str, value: Any, required=(), optional=()) -> Mapping:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be an object, got {_kind(value)}")
    missing = [key for key in required if key not in value]
    if missing:
        raise ValueError(f"{name} needs {missing[0]!r}")
    unknown = sorted(str(key) for key in value if key not in required and key not in optional)
    if unknown:
        raise ValueError(f"{name} has an unknown field {unknown[0]!r}")
    return value


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {_kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def _whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JavaScript numbers arrive as floats sometimes
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {_kind(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def _list(name: str, value: Any, low: int, high: int) -> list:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{name} must be a list, got {_kind(value)}")
    if not low <= len(value) <= high:
        raise ValueError(f"{name} must have between {low} and {high} items, got {len(value)}")
    return list(value)


def _point(name: str, value: Any) -> List[float]:
    items = _list(name, value, 2, 2)
    return [_number(f"{name}[0]", items[0]), _number(f"{name}[1]", items[1])]


def _function(value: Any):
    """The ``TestFunction`` a request names: ``{id, params?}`` for a registered one, or
    ``{expression, domain?}`` for a visitor's formula (``optimizers.from_expression``, whose
    ``ExpressionError`` is a ``ValueError`` with a plain message: what is wrong, and where)."""
    if isinstance(value, Mapping) and "expression" in value:
        return _expression_function(value)
    spec = _object("function", value, required=("id",), optional=("params",))
    function_id = spec["id"]
    if not isinstance(function_id, str) or function_id not in FUNCTIONS:
        known = ", ".join(FUNCTIONS) or "none yet"
        raise ValueError(f"there is no function {function_id!r} (known: {known})")
    function = FUNCTIONS[function_id]
    params = spec.get("params") or {}
    params = _object("function.params", params, optional=tuple(function.params))
    return function.with_params(**{key: _number(f"parameter {key}", v) for key, v in params.items()})


def _expression_function(value: Mapping):
    spec = _object("function", value, required=("expression",), optional=("domain",))
    text = spec["expression"]
    if not isinstance(text, str):
        raise ValueError(f"function.expression must be text, got {_kind(text)}")
    if spec.get("domain") is None:
        return optimizers.from_expression(text)
    return optimizers.from_expression(text, domain=_domain(spec["domain"]))


def _domain(value: Any) -> List[List[float]]:
    rows = _list("domain", value, 2, 2)
    domain = [_point(f"domain[{i}]", row) for i, row in enumerate(rows)]
    for (low, high), axis in zip(domain, "xy"):
        if not low < high:
            raise ValueError(f"the domain's {axis} range must go from low to high, got [{low}, {high}]")
    return domain


def _hyperparam(name: str, value: Any, default: Any, depth: int = 0) -> Any:
    """One setting from JSON: lists become tuples (unless the default is a list), a dict with
    a ``kind`` becomes a schedule, another dict is checked item by item (an inner optimizer's
    settings), "Infinity"/"-Infinity" become floats where the default is a number."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{name} nests too deep")
    if isinstance(value, Mapping):
        if "kind" in value:
            return schedules.schedule_from_dict(_plain_schedule(name, value, depth))
        return {str(key): _hyperparam(f"{name}.{key}", item, None, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_number(f"{name}[{i}]", item) for i, item in enumerate(_list(name, value, 0, 16))]
        return items if isinstance(default, list) else tuple(items)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, numbers.Real):
        number = _number(name, value)
        # a whole number stays one where the default is (or, inside an inner optimizer's
        # settings, whose defaults are not known here, where it came as one)
        known_whole = isinstance(default, int) and not isinstance(default, bool)
        came_whole = default is None and isinstance(value, numbers.Integral)
        return int(number) if (known_whole or came_whole) and number.is_integer() else number
    if isinstance(value, str):
        if value in ("Infinity", "-Infinity") and not isinstance(default, str):
            return math.inf if value == "Infinity" else -math.inf
        if len(value) > MAX_TEXT:
            raise ValueError(f"{name} is too long")
        return value
    raise ValueError(f"{name} must be a number, a list, text, true/false or a schedule, got {_kind(value)}")


def _plain_schedule(name: str, value: Mapping, depth: int) -> Dict[str, Any]:
    if depth > MAX_DEPTH:
        raise ValueError(f"{name}: schedules nest too deep")
    plain = {}
    for key, item in value.items():
        if key == "kind" or (key == "after" and item is None):   # a warm-up with nothing after it
            plain[key] = item
        elif isinstance(item, Mapping):
            plain[key] = _plain_schedule(f"{name}.{key}", item, depth + 1)
        else:
            number = _number(f"{name}.{key}", item)
            plain[key] = int(number) if key.endswith(("steps", "step_size")) and number.is_integer() else number
    return plain


def build_optimizer(optimizer_id: Any, hyperparams: Any):
    """``OPTIMIZERS[optimizer_id](**hyperparams)`` from plain data, with plain-word errors."""
    if not isinstance(optimizer_id, str) or optimizer_id not in OPTIMIZERS:
        known = ", ".join(OPTIMIZERS) or "none yet"
        raise ValueError(f"there is no optimizer {optimizer_id!r} (known: {known})")
    factory = OPTIMIZERS[optimizer_id]
    defaults = default_hyperparams(factory)
    raw = inspect.signature(factory).parameters
    settings = _object(f"{optimizer_id}'s hyperparams", hyperparams or {}, optional=tuple(defaults))
    kwargs = {key: _hyperparam(f"{optimizer_id} {key}", value, raw[key].default) for key, value in settings.items()}
    try:
        return factory(**kwargs)
    except TypeError as error:
        raise ValueError(f"{optimizer_id}: {error}") from None


# --- run ----------------------------------------------------------------------------------


def _run_one(entry: Any, function, starts: np.ndarray, noise: Dict[str, Any], view) -> Dict[str, Any]:
    key = entry.get("key") if isinstance(entry, Mapping) else None
    optimizer_id = entry.get("optimizer") if isinstance(entry, Mapping) else None
    try:
        spec = _object("a run", entry, required=("optimizer", "steps"), optional=("key", "hyperparams", "record"))
        if key is not None and not isinstance(key, str):
            raise ValueError("a run's key must be text")
        steps = _whole("steps", spec["steps"], 0, MAX_STEPS)
        if (steps + 1) * len(starts) > MAX_POINTS_PER_RUN:
            raise ValueError(f"{steps} steps from {len(starts)} starts is too much for one run "
                             f"(at most {MAX_POINTS_PER_RUN:,} points); use fewer steps or starts")
        record = _record(spec.get("record"))
        optimizer = build_optimizer(optimizer_id, spec.get("hyperparams"))
        trajectory = optimizers.run(optimizer, function, starts, steps, noise=noise["sigma"], seed=noise["seed"],
                                    record=record)
    except ValueError as error:
        return {"key": key, "optimizer": optimizer_id, "error": str(error)}
    except Exception as error:  # an optimizer's own bug must not sink the other runs
        return {"key": key, "optimizer": optimizer_id, "error": f"{type(error).__name__}: {error}"}
    return {
        "key": key if key is not None else optimizer_id,
        "optimizer": optimizer_id,
        "steps": steps,
        "n": len(starts),
        "points": np.ascontiguousarray(trajectory.points, dtype=np.float64).reshape(-1),
        "values": np.ascontiguousarray(trajectory.values, dtype=np.float64).reshape(-1),
        "status": [str(s) for s in trajectory.status],
        "last_step": [int(s) for s in trajectory.last_step],
        "outcomes": _outcome_records(outcomes.run_outcomes(trajectory, function, view), function,
                                     trajectory.last_step),
        **({"recorded": {name: np.ascontiguousarray(vectors, dtype=np.float64).reshape(-1)
                         for name, vectors in trajectory.recorded.items()}} if record else {}),
    }


RECORDABLE = {   # what the page may ask a run to record, with the label it shows for each
    "grad": "Downhill (−gradient)",
    "moment": "−Momentum or first moment",
    "step": "Step taken",
}
RECORD_NAMES = tuple(RECORDABLE)


def _record(value: Any) -> tuple:
    """A run's ``record``: some of ``RECORD_NAMES`` (a name the optimizer lacks is left out)."""
    if value is None:
        return ()
    names = _list("record", value, 0, len(RECORD_NAMES))
    for name in names:
        if name not in RECORD_NAMES:
            raise ValueError(f"record may name {', '.join(RECORD_NAMES)}, got {name!r}")
    return tuple(names)


def _noise(value: Any) -> Dict[str, Any]:
    if value is None:
        return {"sigma": 0.0, "seed": 0}
    spec = _object("noise", value, optional=("sigma", "seed"))
    sigma = _number("noise.sigma", spec.get("sigma", 0.0))
    if sigma < 0:
        raise ValueError(f"noise.sigma must be at least 0, got {sigma}")
    seed = spec.get("seed", 0)
    return {"sigma": sigma, "seed": None if seed is None else _whole("noise.seed", seed, 0, 2**32 - 1)}


def run(args: Any) -> Dict[str, Any]:
    """Run each entry of ``args["runs"]`` from every start point; see ARCHITECTURE.md."""
    began = time.perf_counter()
    spec = _object("run's arguments", args, required=("function", "starts", "runs"), optional=("noise", "view"))
    function = _function(spec["function"])
    view = _view(spec.get("view"), function)
    starts = np.array([_point(f"starts[{i}]", p) for i, p in enumerate(_list("starts", spec["starts"], 1, MAX_STARTS))],
                      dtype=np.float64)
    noise = _noise(spec.get("noise"))
    entries = _list("runs", spec["runs"], 1, MAX_RUNS)
    total = sum((e["steps"] + 1) * len(starts) for e in entries
                if isinstance(e, Mapping) and isinstance(e.get("steps"), numbers.Real)
                and not isinstance(e.get("steps"), bool) and 0 <= e["steps"] <= MAX_STEPS)
    if total > MAX_POINTS_PER_CALL:
        raise ValueError(f"these runs would compute {total:,} points, more than {MAX_POINTS_PER_CALL:,} at once; "
                         "use fewer steps, starts or optimizers")
    return {"runs": [_run_one(entry, function, starts, noise, view) for entry in entries],
            "seconds": time.perf_counter() - began}


# --- outcomes -----------------------------------------------------------------------------


def _view(value: Any, function) -> List[List[float]]:
    """A request's ``view`` ``[[x0, x1], [y0, y1]]``, or the function's domain when absent."""
    if value is None:
        return [[float(low), float(high)] for low, high in function.domain]
    rows = _list("view", value, 2, 2)
    view = [_point(f"view[{i}]", row) for i, row in enumerate(rows)]
    for (low, high), axis in zip(view, "xy"):
        if not low < high:
            raise ValueError(f"the view's {axis} range must go from low to high, got [{low}, {high}]")
    return view


def _outcome_records(ended: "outcomes.Outcomes", function, last_step) -> List[Dict[str, Any]]:
    with np.errstate(all="ignore"):
        return outcomes.as_records(ended, function.minima, outcomes.global_flags(function.minima_values), last_step)


STATUSES = (STATUS_OK, STATUS_DIVERGED, STATUS_ESCAPED)


def _end(name: str, value: Any) -> List[float]:
    """A run's last point: two numbers (NaN, or null for NaN, where the run stopped at none)."""
    items = _list(name, value, 2, 2)
    end = []
    for i, item in enumerate(items):
        if item is None:
            end.append(math.nan)
        elif isinstance(item, bool) or not isinstance(item, numbers.Real):
            raise ValueError(f"{name}[{i}] must be a number, got {_kind(item)}")
        else:
            end.append(float(item))
    return end


def outcomes_method(args: Any) -> Dict[str, Any]:
    """How runs ended, re-decided for a view without running them again (``optimizers.outcomes``):
    ``{function, view?, ends: [[x, y], ...], status: [...], last_step?: [...]}`` -> ``{outcomes}``,
    the same dicts as ``run``'s (``step`` is null without ``last_step``)."""
    spec = _object("outcomes' arguments", args, required=("function", "ends", "status"),
                   optional=("view", "last_step"))
    function = _function(spec["function"])
    view = _view(spec.get("view"), function)
    ends = [_end(f"ends[{i}]", end) for i, end in enumerate(_list("ends", spec["ends"], 0, MAX_STARTS * MAX_RUNS))]
    status = _list("status", spec["status"], len(ends), len(ends))
    for i, item in enumerate(status):
        if item not in STATUSES:
            raise ValueError(f"status[{i}] must be one of {', '.join(STATUSES)}, got {item!r}")
    last_step = None
    if spec.get("last_step") is not None:
        last_step = [_whole(f"last_step[{i}]", step, 0, MAX_STEPS)
                     for i, step in enumerate(_list("last_step", spec["last_step"], len(ends), len(ends)))]
    ended = outcomes.classify(np.array(ends, dtype=np.float64).reshape(-1, 2), status, function.minima, view)
    return {"outcomes": _outcome_records(ended, function, last_step)}


# --- grid ---------------------------------------------------------------------------------


def grid(args: Any) -> Dict[str, Any]:
    """``nx * ny`` values of a function, row 0 at y_min, x fastest, corners sampled; and the
    function's minima (found over its own domain, for its parameters or formula)."""
    spec = _object("grid's arguments", args, required=("function", "nx", "ny"), optional=("domain",))
    function = _function(spec["function"])
    nx = _whole("nx", spec["nx"], 2, MAX_GRID_SIDE)
    ny = _whole("ny", spec["ny"], 2, MAX_GRID_SIDE)
    if nx * ny > MAX_GRID_POINTS:
        raise ValueError(f"a grid of {nx} by {ny} is too large (at most {MAX_GRID_POINTS:,} points)")
    domain = _domain(spec["domain"]) if spec.get("domain") is not None \
        else [[float(low), float(high)] for low, high in function.domain]
    xs = np.linspace(domain[0][0], domain[0][1], nx)
    ys = np.linspace(domain[1][0], domain[1][1], ny)
    x, y = np.meshgrid(xs, ys)  # (ny, nx), row 0 at y_min
    with np.errstate(all="ignore"):
        values = np.asarray(function.value(np.stack([x.ravel(), y.ravel()], axis=1)), dtype=np.float64)
    finite = values[np.isfinite(values)]
    with np.errstate(all="ignore"):
        minima = np.asarray(function.minima).reshape(-1, 2)
        minima_values = np.asarray(function.minima_values)
        global_minima = np.asarray(function.global_minima).reshape(-1, 2)
    return {"nx": nx, "ny": ny, "domain": domain, "values": np.ascontiguousarray(values),
            "min": float(finite.min()) if finite.size else None,
            "max": float(finite.max()) if finite.size else None,
            "minima": minima.tolist(), "minima_values": _finite_or_none(minima_values),
            "global_minima": global_minima.tolist()}



def values(args: Any) -> Dict[str, Any]:
    """f at a few points (the page's pointer readout): ``{function, points: [[x, y], ...]}``
    -> ``{values: Float64Array}`` (inf or NaN where f overflows there)."""
    spec = _object("values' arguments", args, required=("function", "points"))
    function = _function(spec["function"])
    points = np.array([_point(f"points[{i}]", p) for i, p in enumerate(_list("points", spec["points"], 1, MAX_VALUE_POINTS))],
                      dtype=np.float64)
    with np.errstate(all="ignore"):
        return {"values": np.ascontiguousarray(function.value(points), dtype=np.float64)}


# --- basins -------------------------------------------------------------------------------


def _basin_map(key, optimizer_id, result, global_indices) -> Dict[str, Any]:
    """One map as plain data: the core's labels (``optimizers.outcomes``' rule over the map's
    domain, which is the view) and the share of each ending."""
    labels = result.labels.astype(np.float64)
    total = labels.size
    reached_global = int(np.isin(result.labels, global_indices).sum()) if len(global_indices) else 0
    return {
        "key": key, "optimizer": optimizer_id,
        "labels": labels.reshape(-1),
        "fractions": [float(f) for f in result.fractions],
        "global_fraction": reached_global / total,
        "fraction_still_moving": int(np.count_nonzero(labels == LABEL_NONE)) / total,
        "fraction_left_view": int(np.count_nonzero(labels == LABEL_LEFT_VIEW)) / total,
        "fraction_diverged": int(np.count_nonzero(labels == LABEL_DIVERGED)) / total,
    }


def basins_job(args: Any) -> Generator[float, None, Dict[str, Any]]:
    """``basins`` as a job: yields the share of the work done, returns the maps.

    Checks every argument before the first yield (a bad request raises at once); a bad
    optimizer entry is reported in its map and the others are still made.
    """
    spec = _object("basins' arguments", args, required=("function", "runs", "resolution"),
                   optional=("domain", "noise"))
    function = _function(spec["function"])
    resolution = _whole("resolution", spec["resolution"], 2, MAX_BASIN_SIDE)
    domain = _domain(spec["domain"]) if spec.get("domain") is not None \
        else [[float(low), float(high)] for low, high in function.domain]
    noise = _noise(spec.get("noise"))
    entries = _list("runs", spec["runs"], 1, MAX_RUNS)
    planned = []
    for entry in entries:
        key = entry.get("key") if isinstance(entry, Mapping) else None
        optimizer_id = entry.get("optimizer") if isinstance(entry, Mapping) else None
        try:
            entry = _object("a run", entry, required=("optimizer", "steps"), optional=("key", "hyperparams"))
            if key is not None and not isinstance(key, str):
                raise ValueError("a run's key must be text")
            steps = _whole("steps", entry["steps"], 0, MAX_STEPS)
            planned.append((key if key is not None else optimizer_id, optimizer_id,
                            build_optimizer(optimizer_id, entry.get("hyperparams")), steps, None))
        except ValueError as error:
            planned.append((key, optimizer_id, None, 0, str(error)))
    points = resolution * resolution
    work = sum(points * max(steps, 1) for *_, steps, _ in planned)
    if work > MAX_BASIN_WORK:
        raise ValueError(f"these maps would take {work:,} point-steps, more than {MAX_BASIN_WORK:,} at once; "
                         "use a coarser lattice, fewer steps or fewer optimizers")
    return _basins_steps(function, domain, resolution, noise, planned, work)


def _basins_steps(function, domain, resolution, noise, planned, work) -> Generator[float, None, Dict[str, Any]]:
    global_indices = [index for index, point in enumerate(np.asarray(function.minima).reshape(-1, 2))
                      if any(np.array_equal(point, g) for g in np.asarray(function.global_minima).reshape(-1, 2))]
    chunk_rows = max(1, optimizers.basin_map.CHUNK_STARTS // resolution) * resolution
    yield_every = max(1, BASIN_YIELD_WORK // min(chunk_rows, resolution * resolution))
    maps, done = [], 0
    for key, optimizer_id, optimizer, steps, error in planned:
        share = resolution * resolution * max(steps, 1)
        if error is not None:
            maps.append({"key": key, "optimizer": optimizer_id, "error": error})
        else:
            try:
                steps_done = optimizers.iter_basins(optimizer, function, (resolution, resolution), steps, domain=domain,
                                                    noise=noise["sigma"], seed=noise["seed"], yield_every=yield_every)
                while True:
                    try:
                        fraction, _ = next(steps_done)
                    except StopIteration as finished:
                        result = finished.value
                        break
                    yield (done + share * fraction) / work
                maps.append(_basin_map(key, optimizer_id, result, global_indices))
            except ValueError as error:
                maps.append({"key": key, "optimizer": optimizer_id, "error": str(error)})
            except Exception as error:  # an optimizer's own bug must not sink the other maps
                maps.append({"key": key, "optimizer": optimizer_id, "error": f"{type(error).__name__}: {error}"})
        done += share
    return {"resolution": resolution, "domain": domain, "minima": np.asarray(function.minima).reshape(-1, 2).tolist(),
            "global_minima": global_indices, "maps": maps}


def basins(args: Any) -> Dict[str, Any]:
    """Basin maps for each entry of ``args["runs"]`` on one lattice; see ARCHITECTURE.md.

    Labels per start (row 0 at y_min, x fastest, ``resolution`` points per side, corners
    included, as ``optimizers.basins`` samples): the index of the minimum reached, -1 (no
    minimum: still moving), -2 (diverged: its values overflowed) or -3 (left the view:
    escaped far away, or ended outside the view at no minimum): ``optimizers.outcomes``'
    rule, with the map's ``domain`` as the view.
    """
    steps_done = basins_job(args)
    while True:
        try:
            next(steps_done)
        except StopIteration as finished:
            return finished.value


METHODS: Dict[str, Callable[[Any], Dict[str, Any]]] = {"describe": describe, "run": run, "grid": grid,
                                                      "values": values, "basins": basins,
                                                      "outcomes": outcomes_method}
JOBS: Dict[str, Callable[[Any], Generator[float, None, Dict[str, Any]]]] = {"basins": basins_job}
