"""Checking the page's plain data: every argument comes from a web page (and from its URL), so
each is checked thoroughly, and a bad one raises ``ValueError`` with a message in plain words
that names it. ``plain`` turns Python values back into JSON-ready data."""

from __future__ import annotations

import inspect
import math
import numbers
from typing import Any, Callable, Dict, List, Mapping

import numpy as np

import optimizers
from optimizers import FUNCTIONS, MODELS, OPTIMIZERS, schedules

from .limits import MAX_DEPTH, MAX_TEXT

INFINITY_TEXT = {math.inf: "Infinity", -math.inf: "-Infinity"}


def plain(value: Any) -> Any:
    """Tuples as lists, numpy scalars as Python numbers, schedules as dicts (JSON-ready)."""
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, tuple(schedules.SCHEDULE_KINDS.values())):
        return schedules.to_dict(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return INFINITY_TEXT.get(value, "NaN")  # JSON has no infinity; JavaScript's Number() reads these
    return value


def finite_or_none(values: np.ndarray) -> List[Any]:
    """Floats, with None where a value is not finite (JSON has neither NaN nor infinity)."""
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=np.float64).tolist()]


def default_hyperparams(factory: Callable) -> Dict[str, Any]:
    """The factory's keyword defaults, as plain data (tuples as lists)."""
    return {name: plain(parameter.default)
            for name, parameter in inspect.signature(factory).parameters.items()
            if parameter.default is not inspect.Parameter.empty}


def kind_of(value: Any) -> str:
    """What a value is, in words, for messages ("a number", "text", "a list", ...)."""
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


def check_object(name: str, value: Any, required=(), optional=()) -> Mapping:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be an object, got {kind_of(value)}")
    missing = [key for key in required if key not in value]
    if missing:
        raise ValueError(f"{name} needs {missing[0]!r}")
    unknown = sorted(str(key) for key in value if key not in required and key not in optional)
    if unknown:
        raise ValueError(f"{name} has an unknown field {unknown[0]!r}")
    return value


def check_number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {kind_of(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def check_whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JavaScript numbers arrive as floats sometimes
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {kind_of(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def check_list(name: str, value: Any, low: int, high: int) -> list:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{name} must be a list, got {kind_of(value)}")
    if not low <= len(value) <= high:
        raise ValueError(f"{name} must have between {low} and {high} items, got {len(value)}")
    return list(value)


def check_point(name: str, value: Any) -> List[float]:
    items = check_list(name, value, 2, 2)
    return [check_number(f"{name}[0]", items[0]), check_number(f"{name}[1]", items[1])]


def check_function(value: Any):
    """The ``TestFunction`` a request names: ``{id, params?}`` for a registered one (a test
    function of ``FUNCTIONS`` or a model of ``MODELS``), or
    ``{expression, domain?}`` for a visitor's formula (``optimizers.from_expression``, whose
    ``ExpressionError`` is a ``ValueError`` with a plain message: what is wrong, and where)."""
    if isinstance(value, Mapping) and "expression" in value:
        return _expression_function(value)
    spec = check_object("function", value, required=("id",), optional=("params",))
    function_id = spec["id"]
    offered = {**FUNCTIONS, **MODELS}   # the test functions and the models on real data
    if not isinstance(function_id, str) or function_id not in offered:
        known = ", ".join(offered) or "none yet"
        raise ValueError(f"there is no function {function_id!r} (known: {known})")
    function = offered[function_id]
    params = spec.get("params") or {}
    params = check_object("function.params", params, optional=tuple(function.params))
    return function.with_params(**{key: check_number(f"parameter {key}", v) for key, v in params.items()})


def _expression_function(value: Mapping):
    spec = check_object("function", value, required=("expression",), optional=("domain",))
    text = spec["expression"]
    if not isinstance(text, str):
        raise ValueError(f"function.expression must be text, got {kind_of(text)}")
    if spec.get("domain") is None:
        return optimizers.from_expression(text)
    return optimizers.from_expression(text, domain=check_domain(spec["domain"]))


def check_domain(value: Any, name: str = "domain") -> List[List[float]]:
    """``[[x0, x1], [y0, y1]]``: finite, each range from low to high, and not so wide that its
    width overflows (``[-1e308, 1e308]``)."""
    rows = check_list(name, value, 2, 2)
    domain = [check_point(f"{name}[{i}]", row) for i, row in enumerate(rows)]
    for (low, high), axis in zip(domain, "xy"):
        if not low < high:
            raise ValueError(f"the {name}'s {axis} range must go from low to high, got [{low}, {high}]")
        if not math.isfinite(high - low):
            raise ValueError(f"the {name}'s {axis} range is too wide (its width is not a finite number), "
                             f"got [{low}, {high}]")
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
        items = [check_number(f"{name}[{i}]", item) for i, item in enumerate(check_list(name, value, 0, 16))]
        return items if isinstance(default, list) else tuple(items)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, numbers.Real):
        number = check_number(name, value)
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
    raise ValueError(f"{name} must be a number, a list, text, true/false or a schedule, got {kind_of(value)}")


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
            number = check_number(f"{name}.{key}", item)
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
    settings = check_object(f"{optimizer_id}'s hyperparams", hyperparams or {}, optional=tuple(defaults))
    kwargs = {key: _hyperparam(f"{optimizer_id} {key}", value, raw[key].default) for key, value in settings.items()}
    try:
        return factory(**kwargs)
    except TypeError as error:
        raise ValueError(f"{optimizer_id}: {error}") from None


def check_view(value: Any, function) -> List[List[float]]:
    """A request's ``view`` ``[[x0, x1], [y0, y1]]``, or the function's domain when absent."""
    if value is None:
        return [[float(low), float(high)] for low, high in function.domain]
    return check_domain(value, "view")


def check_noise(value: Any) -> Dict[str, Any]:
    """A request's ``noise`` ``{sigma, seed}`` (none: sigma 0)."""
    if value is None:
        return {"sigma": 0.0, "seed": 0}
    spec = check_object("noise", value, optional=("sigma", "seed"))
    sigma = check_number("noise.sigma", spec.get("sigma", 0.0))
    if sigma < 0:
        raise ValueError(f"noise.sigma must be at least 0, got {sigma}")
    seed = spec.get("seed", 0)
    return {"sigma": sigma, "seed": None if seed is None else check_whole("noise.seed", seed, 0, 2**32 - 1)}
