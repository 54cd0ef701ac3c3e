"""The one reading of the settings schema: what a value of a setting may be.

``check(setting, value, name, plain=...)`` returns the value as the core uses it and the
problems it has, in plain words (``betas[0] must be in [0, 1), got 1.0``). Two kinds of input
share it:

- Python values (``plain=False``), from a factory call (``optimizers.registry``): numbers become
  floats (whole numbers ints), flags bools, tuples tuples of floats, and a number that may be a
  schedule may also be a schedule object or its dict; infinity only where the range includes it;
- plain data (``plain=True``), from a page or a link: lists for tuples, ``"Infinity"`` text for
  infinity, schedules and inner settings as dicts (``check_settings``, ``check_schedule``).

The factories raise the first problem as a ``ValueError``; ``check_settings`` lists them all.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any, Iterable, List, Mapping, Optional, Tuple

import numpy as np

from .. import schedules
from .schedule_facts import schedule_schema
from .schema import INF, Condition, Constraint, Setting

Problems = List[str]
MAX_DEPTH = 4                      # schedules inside schedules, settings inside Lookahead's
INFINITY_TEXT = {"Infinity": INF, "-Infinity": -INF}
SCHEDULE_TYPES = tuple(schedules.SCHEDULE_KINDS.values())
_OPS = {"==": lambda a, b: a == b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def _number(setting: Setting, value: Any, name: str, plain: bool) -> Tuple[Any, Problems]:
    if plain and isinstance(value, str) and value in INFINITY_TEXT:
        value = INFINITY_TEXT[value]
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None, [f"{name} must be a number, got {value!r}"]
    number = float(value)
    if math.isnan(number) or (math.isinf(number) and not (
            (number == INF and setting.max == INF and setting.max_inclusive)
            or (number == -INF and setting.min == -INF and setting.min_inclusive))):
        return None, [f"{name} must be a finite number, got {value!r}"]
    whole = number.is_integer() if plain else isinstance(value, (int, np.integer))
    if setting.kind == "integer" and not whole:
        return None, [f"{name} must be a whole number, got {value!r}"]
    low_ok = number >= setting.min if setting.min_inclusive else number > setting.min
    high_ok = number <= setting.max if setting.max_inclusive else number < setting.max
    if not (low_ok and high_ok):
        left, right = "[" if setting.min_inclusive else "(", "]" if setting.max_inclusive else ")"
        return None, [f"{name} must be in {left}{setting.min:g}, {setting.max:g}{right}, got {value!r}"]
    return (int(value) if setting.kind == "integer" and not plain else number), []


def check(setting: Setting, value: Any, name: str, *, plain: bool, siblings: Optional[Mapping[str, Any]] = None,
          depth: int = 0) -> Tuple[Any, Problems]:
    """``(value as the core uses it, problems)`` of one value of ``setting``; ``siblings`` are
    the other settings' values (Lookahead's inner settings are checked against its ``inner``)."""
    if value is None and (setting.nullable or plain):
        return None, [] if setting.nullable else [f"{name} must not be empty"]
    if setting.kind == "schedule" or (setting.schedule and (
            isinstance(value, Mapping) or (not plain and isinstance(value, SCHEDULE_TYPES)))):
        if plain:
            return value, check_schedule(value, name, depth + 1)
        if not isinstance(value, (Mapping, *SCHEDULE_TYPES)):
            return None, [f"{name} must be a schedule (or nothing), got {value!r}"]
        try:
            return schedule_of(value, name, depth + 1), []
        except ValueError as error:
            return None, [str(error)]
    if setting.kind in ("number", "integer"):
        return _number(setting, value, name, plain)
    if setting.kind == "boolean":
        if isinstance(value, bool) or (not plain and isinstance(value, np.bool_)):
            return bool(value), []
        return None, [f"{name} must be true or false, got {value!r}"]
    if setting.kind == "tuple":
        count = len(setting.items)
        if not isinstance(value, (list, tuple) if plain else (list, tuple, np.ndarray)) or len(value) != count:
            return None, [f"{name} must be {count} numbers, got {value!r}"]
        checked = [_number(item, v, f"{name}[{i}]", plain) for i, (item, v) in enumerate(zip(setting.items, value))]
        return tuple(v for v, _ in checked), [p for _, problems in checked for p in problems]
    if setting.kind == "choice":
        if isinstance(value, str) and value in setting.choices:
            return value, []
        if setting.optimizer_ids and not plain and _is_optimizer(value):
            return value, []
        return None, [f"{name} must be one of {', '.join(setting.choices)}, got {value!r}"]
    if setting.kind == "optimizer_settings":
        if not isinstance(value, Mapping) or "kind" in value:
            return None, [f"{name} must be an object of settings, got {value!r}"]
        inner = (siblings or {}).get(setting.settings_of)
        if plain and isinstance(inner, str) and _registered(inner):
            return dict(value), check_settings(inner, value, depth + 1)
        return dict(value), []   # in Python, the inner factory checks them when it is built
    raise ValueError(f"unknown kind {setting.kind!r}")


def check_value(setting: Setting, value: Any) -> Problems:
    """The problems of one value (plain data) for one setting, on its own (no constraints;
    an ``optimizer_settings`` value is checked against its inner optimizer's defaults)."""
    return check(setting, value, setting.name, plain=True)[1]


# --- constraints --------------------------------------------------------------------------------


def _resolve(path: str, values: Mapping[str, Any]) -> Any:
    name, index = _PATH.match(path).groups()
    value = values.get(name)
    if index is not None:
        value = value[int(index)] if isinstance(value, (list, tuple)) and int(index) < len(value) else None
    if isinstance(value, str) and value in INFINITY_TEXT:
        value = INFINITY_TEXT[value]
    return value


def _holds(condition: Condition, values: Mapping[str, Any]) -> bool:
    left = _resolve(condition.setting, values)
    right = _resolve(condition.other, values) if condition.other is not None else condition.value
    return _OPS[condition.op](left, right)


def broken(constraints: Iterable[Constraint], values: Mapping[str, Any]) -> List[Constraint]:
    """The constraints ``values`` (every setting's value) break."""
    return [c for c in constraints
            if all(_holds(w, values) for w in c.when) and not all(_holds(r, values) for r in c.require)]


def named_in(constraint: Constraint) -> List[str]:
    """The settings a constraint names, in its order (``step_sizes[0]`` names ``step_sizes``)."""
    paths = [c.setting for c in constraint.when + constraint.require]
    paths += [c.other for c in constraint.require if c.other is not None]
    return list(dict.fromkeys(_PATH.match(path).group(1) for path in paths))


# --- optimizers and schedules -------------------------------------------------------------------


def _registered(optimizer_id: str) -> bool:
    from ..registry import OPTIMIZERS   # the registry checks its factories' arguments with this module
    return optimizer_id in OPTIMIZERS


def _is_optimizer(value: Any) -> bool:
    from ..base import Optimizer
    return isinstance(value, Optimizer)


def check_settings(optimizer_id: str, values: Mapping[str, Any], depth: int = 0) -> Problems:
    """The problems of ``values`` (settings as plain data: lists for tuples, ``"Infinity"``
    text, schedules as dicts) for ``optimizer_id``; ``[]`` when the core accepts them.
    Settings left out take their defaults."""
    from . import settings_constraints, settings_schema
    from .schema import as_data

    if not _registered(optimizer_id):
        return [f"there is no optimizer {optimizer_id!r}"]
    if depth > MAX_DEPTH:
        return [f"{optimizer_id}: settings nest too deep"]
    schema = {s.name: s for s in settings_schema(optimizer_id)}
    unknown = [key for key in values if key not in schema]
    if unknown:
        return [f"{optimizer_id} has no setting {key!r}" for key in unknown]
    full = {name: as_data(s.default) for name, s in schema.items()}
    full.update(values)
    problems = [p for name, value in values.items()
                for p in check(schema[name], value, f"{optimizer_id} {name}", plain=True, siblings=full,
                               depth=depth)[1]]
    if not problems:
        problems = [f"{optimizer_id}: {c.text}" for c in broken(settings_constraints(optimizer_id), full)]
    return problems


def check_schedule(value: Any, name: str = "lr", depth: int = 0) -> Problems:
    """The problems of a schedule given as plain data (``{"kind": "cosine", ...}``)."""
    if depth > MAX_DEPTH:
        return [f"{name}: schedules nest too deep"]
    if not isinstance(value, Mapping) or value.get("kind") not in schedules.SCHEDULE_KINDS:
        return [f"{name} must be a schedule of kind {', '.join(schedules.SCHEDULE_KINDS)}, got {value!r}"]
    fields = {s.name: s for s in schedule_schema()[value["kind"]]}
    problems = [f"{name} ({value['kind']}) has no field {key!r}" for key in value if key != "kind" and key not in fields]
    problems += [f"{name} ({value['kind']}) needs {key!r}" for key, s in fields.items() if s.required and key not in value]
    return problems or [p for key, item in value.items() if key != "kind"
                        for p in check(fields[key], item, f"{name}.{key}", plain=True, siblings=value,
                                       depth=depth)[1]]


RATE = Setting("lr", "number", None, "a learning rate", min=0.0, min_inclusive=True)


def schedule_of(value: Any, name: str = "lr", depth: int = 0) -> "schedules.Schedule":
    """``value`` (a number, a schedule, or a schedule's dict) as a checked schedule: a number
    becomes ``Constant``; every field is checked against the schedule's schema. Raises
    ``ValueError`` with a plain message."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{name}: schedules nest too deep")
    if isinstance(value, Mapping):
        value = schedules.schedule_from_dict(value)
    if not isinstance(value, SCHEDULE_TYPES):
        number, problems = _number(RATE, value, name, plain=False)
        if problems:
            raise ValueError(problems[0])
        return schedules.Constant(number)
    kind = next(k for k, cls in schedules.SCHEDULE_KINDS.items() if isinstance(value, cls))
    for field in schedule_schema()[kind]:
        label = name if kind == "constant" else f"{name}.{field.name}"
        _, problems = check(field, getattr(value, field.name), label, plain=False, depth=depth)
        if problems:
            raise ValueError(problems[0])
    return value
