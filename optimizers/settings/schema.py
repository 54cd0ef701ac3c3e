"""The shapes of the settings schema: ``Setting``, ``Condition`` and ``Constraint``, how a
``Setting`` is built from a default and its facts, and how each is written as plain data.

A setting's facts are a dict of ``Setting``'s fields (``kind``, ``description``, ``min``, ...)
without its name and default: the factory's signature gives those. ``build_setting`` joins
the three and refuses facts that contradict the default (a ``KeyError`` that says what is wrong).
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from typing import Any, Mapping, NamedTuple, Optional, Tuple

INF = math.inf


class Setting(NamedTuple):
    """One setting of an optimizer (or of a schedule); see ``optimizers.settings``."""

    name: str
    kind: str                      # number | integer | boolean | tuple | choice | optimizer_settings | schedule
    default: Any
    description: str
    min: float = -INF              # the valid range; an infinite end means no bound
    max: float = INF
    min_inclusive: bool = False    # at an infinite end: whether infinity itself is valid
    max_inclusive: bool = False
    scale: Optional[str] = None    # "log" | "linear" (number, integer)
    slider: Optional[Tuple[float, float]] = None   # suggested slider range, inside the valid one
    step: Optional[int] = None     # 1 for integers
    is_learning_rate: bool = False
    schedule: bool = False         # may be a schedule instead of a number
    nullable: bool = False
    null_means: Optional[str] = None
    required: bool = False         # schedules only: the core has no default for it
    items: Tuple["Setting", ...] = ()
    choices: Tuple[str, ...] = ()
    settings_of: Optional[str] = None
    optimizer_ids: bool = False    # a choice of optimizer ids: in Python a built Optimizer is one too

    @property
    def allow_infinite(self) -> bool:
        return (self.max == INF and self.max_inclusive) or (self.min == -INF and self.min_inclusive)


class Condition(NamedTuple):
    """``setting op value`` or ``setting op other``; a setting is a name or ``name[i]``."""

    setting: str
    op: str                        # "==", "<", "<=", ">", ">="
    value: Any = None
    other: Optional[str] = None


class Constraint(NamedTuple):
    """Where every ``when`` condition holds, every ``require`` condition must; ``text`` says it."""

    require: Tuple[Condition, ...]
    text: str
    when: Tuple[Condition, ...] = ()


_KIND_OF_DEFAULT = {bool: "boolean", int: "integer", float: "number", str: "choice", tuple: "tuple"}


def build_setting(name: str, default: Any, facts: Mapping[str, Any], where: str) -> Setting:
    """The ``Setting`` ``name`` with ``default`` and ``facts`` (``where`` names its owner in
    errors). ``facts`` may hold ``suggested`` (the value a page offers for a required field)
    and ``choices`` as a function (called now, so the choices are the current ones)."""
    facts = dict(facts)
    facts.pop("name", None)
    suggested = facts.pop("suggested", None)
    required = default is inspect.Parameter.empty or default is dataclasses.MISSING
    if required:
        default = suggested
    if callable(facts.get("choices")):
        facts["choices"] = facts["choices"]()
    kind = facts["kind"]
    if kind == "tuple":
        if not isinstance(default, tuple) or len(default) > len(facts["items"]):
            raise KeyError(f"{where}: the facts for {name!r} describe a tuple of at most {len(facts['items'])} "
                           f"numbers, but its default is {default!r}")
        facts["items"] = tuple(build_setting(item["name"], value, item, f"{where} {name}")
                               for item, value in zip(facts["items"], default))
    expected = _KIND_OF_DEFAULT.get(type(default))
    if default is not None and kind != expected and not (kind == "number" and expected == "integer"):
        raise KeyError(f"{where}: the facts say {name!r} is a {kind}, but its default {default!r} is a {expected}")
    if default is None and not (facts.get("nullable") or required):
        raise KeyError(f"{where}: {name!r} defaults to None, so its facts need nullable=True and null_means")
    # an infinite end is inclusive only where infinity itself is a valid value
    for end, bound in (("min", -INF), ("max", INF)):
        if facts.get(end, bound) == bound:
            facts.setdefault(f"{end}_inclusive", False)
    return Setting(name=name, default=default, required=required, **facts)


def as_data(item: Any) -> Any:
    """A ``Setting``, ``Condition`` or ``Constraint`` as plain data (floats stay floats, so
    infinities are still ``inf``: the caller writes them as it writes numbers)."""
    if isinstance(item, Setting):
        data = {"name": item.name, "kind": item.kind, "default": as_data(item.default),
                "description": item.description, "is_learning_rate": item.is_learning_rate,
                "nullable": item.nullable}
        if item.nullable:
            data["null_means"] = item.null_means
        if item.required:
            data["required"] = True
        if item.kind in ("number", "integer"):
            data.update(min=item.min, min_inclusive=item.min_inclusive, max=item.max,
                        max_inclusive=item.max_inclusive, allow_infinite=item.allow_infinite, scale=item.scale,
                        slider=list(item.slider), step=item.step, schedule=item.schedule)
        elif item.kind == "tuple":
            data["items"] = [as_data(sub) for sub in item.items]
        elif item.kind == "choice":
            data["choices"] = list(item.choices)
        elif item.kind == "optimizer_settings":
            data["settings_of"] = item.settings_of
        return data
    if isinstance(item, Condition):
        data = {"setting": item.setting, "op": item.op}
        data.update({"other": item.other} if item.other is not None else {"value": item.value})
        return data
    if isinstance(item, Constraint):
        return {"when": [as_data(c) for c in item.when], "require": [as_data(c) for c in item.require],
                "text": item.text}
    if isinstance(item, (list, tuple)):
        return [as_data(sub) for sub in item]
    return item
