"""What each optimizer's settings are, as data a generic settings panel can draw and check.

``settings_schema(optimizer_id)`` gives one ``Setting`` per keyword argument of the
factory, in the signature's order and with its default, plus what the signature cannot
say (the facts table ``FACTS``, with per-optimizer ``OVERRIDES``): the kind of value, the
valid range (each end inclusive or not; an infinite end, and whether infinity itself is a
valid value), a log or linear slider and its suggested range, which setting is the
learning rate, and a one-line description. ``settings_constraints`` lists the rules
between settings (Eve's ``k <= K``). ``schedule_schema()`` does the same for the
learning-rate schedules of ``optimizers.schedules``. ``check_settings`` is the reference
reading of all that: the problems (in plain words) that a set of settings, as plain data,
has; the core accepts exactly the settings it finds none in (the tests hold both to that).

Kinds: ``number``, ``integer`` (``step`` 1), ``boolean``, ``tuple`` (a fixed number of
numbers, each an ``items`` entry with its own range: ``betas``), ``choice`` (text, one of
``choices``: Lookahead's ``inner``), ``optimizer_settings`` (an object of the settings of
the optimizer that the setting ``settings_of`` names: look that optimizer's schema up by
id) and, in schedules, ``schedule`` (a nested schedule). A ``number`` with ``schedule``
may also be a schedule (``{"kind": "cosine", ...}``). A ``nullable`` setting may be None,
which means ``null_means``. A new factory argument whose name is not in ``FACTS`` makes
``settings_schema`` raise a ``KeyError`` that says what to add.

>>> [s.name for s in settings_schema("adam")][:3]
['lr', 'betas', 'eps']
>>> learning_rate("yellowfin"), learning_rate("lookahead")
('lr_factor', None)
>>> check_settings("eve", {"k": 20.0})
['eve: k must not exceed K']
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import numbers
import re
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

from . import schedules
from .methods import OPTIMIZERS

INF = math.inf


class Setting(NamedTuple):
    """One setting of an optimizer (or of a schedule); see the module's docstring."""

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


# --- the facts table ------------------------------------------------------------------------

def _rate(slider=(1e-5, 10.0), description="Learning rate: the step size (a number, or a schedule over the steps).",
          **more):
    facts = dict(kind="number", description=description, min=0.0, min_inclusive=True, scale="log", slider=slider,
                 is_learning_rate=True, schedule=True)
    facts.update(more)
    return facts


def _unit(low_open=False, high_open=False, description="", slider=None, **more):
    """A number in [0, 1] (either end open)."""
    slider = slider or (0.01 if low_open else 0.0, 0.9999 if high_open else 1.0)
    return dict(kind="number", description=description, min=0.0, max=1.0, min_inclusive=not low_open,
                max_inclusive=not high_open, scale="linear", slider=slider, **more)


def _positive(description, slider, scale="log", open_=False, **more):
    """A number in [0, inf) (or (0, inf))."""
    return dict(kind="number", description=description, min=0.0, min_inclusive=not open_, scale=scale,
                slider=slider, **more)


def _any(description, slider, scale="linear"):
    return dict(kind="number", description=description, scale=scale, slider=slider)


def _flag(description):
    return dict(kind="boolean", description=description)


def _whole(description, low, slider):
    return dict(kind="integer", description=description, min=low, min_inclusive=True, scale="linear",
                slider=tuple(int(end) for end in slider), step=1)


def _pair(description, *items):
    return dict(kind="tuple", description=description, items=items)


def _item(name, fact):
    return dict(fact, name=name)


BETA1 = _item("beta1", _unit(high_open=True, description="β1: decay of the first moment (running mean of gradients)."))
BETA2 = _item("beta2", _unit(high_open=True, description="β2: decay of the second moment (running mean of g²)."))
WEIGHT_DECAY = _positive("Weight decay: pulls the point towards the origin (0: none).", (0.0, 1.0), scale="linear")
DECOUPLED = _flag("Decoupled weight decay (AdamW's form): shrink the point rather than add to the gradient.")

FACTS: Dict[str, Dict[str, Any]] = {
    "lr": _rate(),
    "momentum": _positive("Momentum: the share of the previous step carried into the next (0: none).",
                          (0.0, 0.999), scale="linear"),
    "dampening": _any("Dampening: the share of the new gradient the momentum buffer leaves out.", (0.0, 1.0)),
    "weight_decay": WEIGHT_DECAY,
    "nesterov": _flag("Nesterov momentum: step from the look-ahead point (needs momentum > 0 and dampening 0)."),
    "maximize": _flag("Climb instead of descend (maximise f)."),
    "betas": _pair("Decay rates of the moving averages.", BETA1, BETA2,
                   _item("beta3", _unit(high_open=True, description="β3: decay of the third average."))),
    "eps": _positive("ε: a small number added to the denominator, for numerical safety.", (1e-16, 1.0)),
    "amsgrad": _flag("AMSGrad: divide by the largest second moment so far."),
    "bias_correction": _flag("Bias correction: divide the moments by 1 − βᵗ (off: the 2018 post's form)."),
    "decoupled_weight_decay": DECOUPLED,
    "weight_decouple": DECOUPLED,
    "momentum_decay": _positive("ψ: how fast the momentum warms up towards β1.", (1e-4, 1.0)),
    "lr_decay": _positive("Learning-rate decay: the rate is divided by 1 + (t − 1)·lr_decay.", (1e-6, 1.0)),
    "initial_accumulator_value": _positive("Starting value of the sum of squared gradients.", (0.0, 1.0),
                                           scale="linear"),
    "initial_accumulator": _positive("Starting value of both moments.", (1e-8, 1.0)),
    "rho": _unit(description="ρ: decay of the running averages of g² and of the squared steps."),
    "alpha": _positive("α: decay of the running average of g².", (0.0, 0.9999), scale="linear"),
    "centered": _flag("Centred: divide by the gradient's running standard deviation instead of its RMS."),
    "etas": _pair("Factors that shrink and grow each coordinate's step length.",
                  _item("eta_minus", dict(_unit(low_open=True, high_open=True),
                                          description="η−: shrinks the step when the gradient's sign flips.")),
                  _item("eta_plus", dict(kind="number", min=1.0, min_inclusive=False, scale="linear", slider=(1.01, 3.0),
                                         description="η+: grows the step while the gradient's sign holds."))),
    "step_sizes": _pair("Smallest and largest step length.",
                        _item("min", _positive("Smallest step length.", (1e-8, 1.0))),
                        _item("max", _positive("Largest step length.", (1e-3, 100.0)))),
    "lambd": _any("λ: decay term of the step size η = lr/(1 + λ·lr·t)^α.", (1e-8, 1.0), scale="log"),
    "t0": _any("Update count after which the averaging starts.", (1.0, 1e7), scale="log"),
    "nu": _unit(description="ν: weight of the momentum step against the plain gradient step (0: SGD, 1: momentum)."),
    "nus": _pair("Weights of the moments against the plain gradient (1, 1: Adam).",
                 _item("nu1", _unit(description="ν1: weight of the first moment against g, in the numerator.")),
                 _item("nu2", _unit(description="ν2: weight of the second moment against g², in the denominator."))),
    "inner": dict(kind="choice", description="The optimizer Lookahead wraps (its settings: inner_hyperparams).",
                  choices=lambda: tuple(name for name in OPTIMIZERS if name != "lookahead")),
    "inner_hyperparams": dict(kind="optimizer_settings", settings_of="inner", nullable=True,
                              null_means="the inner optimizer's defaults",
                              description="The inner optimizer's settings (the learning rate is among them); "
                                          "missing ones take its defaults."),
    "k": _whole("k: fast steps between two pull-backs to the slow weights.", 1, (1.0, 50.0)),
    "K": _positive("K: the largest relative change of the loss the feedback follows (upper clip).", (0.1, 100.0)),
    "f_star": _any("f*: a lower bound of f, subtracted from the loss (at or below the function's minimum).",
                   (-100.0, 10.0)),
    "mu": _unit(high_open=True, description="Momentum of the first step only; later steps use the tuned momentum."),
    "beta": _unit(high_open=True, description="β: decay of the running statistics."),
    "curv_win_width": _whole("Width of the window of recent ‖g‖² behind the curvature range.", 1, (1.0, 100.0)),
    "zero_debias": _flag("Debias the running statistics by 1 − βᵗ."),
    "h_min_log_smooth": _flag("Average the smallest curvature on a log scale."),
    "h_max_log_smooth": _flag("Average the largest curvature on a log scale."),
    "stat_protect_fac": _positive("From the third step, clip the gradient to norm √(factor·h_max).", (1.0, 1e4),
                                  open_=True),
    "lr_factor": _rate(slider=(1e-3, 10.0), description="Multiplies the tuned rate on every step (a number or a "
                                                        "schedule): YellowFin's learning rate."),
    "warmup_steps": _whole("Steps of linear warm-up of the rate (0: none).", 0, (0.0, 1000.0)),
    "r": _positive("r: power of the step count in the averaging weights.", (0.0, 2.0), scale="linear"),
    "weight_lr_power": _positive("Power of the largest rate so far in the averaging weights.", (0.0, 4.0),
                                 scale="linear"),
    "beta3": dict(_unit(high_open=True, description="β3: decay of the sums behind the step-size estimate."),
                  nullable=True, null_means="√β2"),
    "d0": _positive("Starting estimate of the step size D.", (1e-10, 1.0), open_=True),
    "d_coef": _positive("Multiplies the estimated step size D.", (1e-2, 10.0), open_=True),
    "growth_rate": dict(kind="number", min=1.0, min_inclusive=True, max=INF, max_inclusive=True, scale="log",
                        slider=(1.0, 100.0), nullable=True, null_means="no limit (the same as Infinity)",
                        description="The largest factor D may grow by in one step (Infinity: no limit)."),
    "safeguard_warmup": _flag("Leave the rate out of the estimate's denominator (for warm-up schedules)."),
}

# (optimizer id, setting name) -> facts for that optimizer: with a "kind" they replace the
# shared facts; without one they are merged over them
OVERRIDES: Dict[Tuple[str, str], Dict[str, Any]] = {
    ("adadelta", "lr"): dict(description="Scales Adadelta's step Δ (1: the paper's rule)."),
    ("rprop", "lr"): dict(description="The initial step length of every coordinate (a schedule is read at step 0 "
                                      "only)."),
    ("prodigy", "lr"): dict(slider=(1e-3, 10.0), description="Multiplies the learned step size D (1 is meant "
                                                             "to be left alone)."),
    ("prodigy", "bias_correction"): dict(description="Bias correction: scale the step by √(1 − β2ᵗ)/(1 − β1ᵗ)."),
    ("yellowfin", "lr"): dict(kind="number", min=0.0, min_inclusive=True, scale="log", slider=(1e-6, 1.0),
                              description="Rate of the first step only; later steps use the tuned rate "
                                          "(lr_factor scales them)."),
    ("qhm", "momentum"): _unit(description="β: decay of the momentum buffer (a running mean of gradients)."),
    ("madgrad", "momentum"): _unit(high_open=True, description="Momentum by averaging: θ moves 1 − momentum of "
                                                               "the way to the dual-averaging point."),
    ("schedule_free_sgd", "momentum"): _unit(low_open=True, high_open=True,
                                             description="β: interpolation between the averaged and the base "
                                                         "sequence."),
    ("asgd", "alpha"): _any("α: power of the step-size decay η = lr/(1 + λ·lr·t)^α.", (0.0, 2.0)),
    ("lookahead", "alpha"): _unit(description="α: how far the slow weights move towards the fast ones at a "
                                              "pull-back (1: the inner optimizer alone)."),
    ("eve", "k"): _positive("k: the smallest relative change of the loss the feedback follows (lower clip).",
                            (0.0, 1.0), scale="linear"),
    ("eve", "betas"): _pair("Decay rates of the moments and of the loss feedback.", BETA1, BETA2,
                            _item("beta3", _unit(description="β3: decay of the loss feedback d (1: d stays 1, "
                                                             "Adam)."))),
    ("adan", "betas"): _pair("Decay rates of the moving averages.", BETA1,
                             _item("beta2", _unit(high_open=True, description="β2: decay of the running mean "
                                                                              "of gradient differences.")),
                             _item("beta3", _unit(high_open=True, description="β3: decay of the second moment."))),
    ("lion", "betas"): _pair("Decay rates of the momentum.",
                             _item("beta1", _unit(high_open=True, description="β1: mix of momentum and gradient "
                                                                              "whose sign is the step.")),
                             _item("beta2", _unit(high_open=True, description="β2: decay of the momentum."))),
    ("schedule_free_adamw", "betas"): _pair(
        "Interpolation and second-moment decay.",
        _item("beta1", _unit(low_open=True, high_open=True, description="β1: interpolation between the averaged "
                                                                        "and the base sequence.")),
        BETA2),
}

CONSTRAINTS: Dict[str, Tuple[Constraint, ...]] = {
    "sgd": (Constraint(when=(Condition("nesterov", "==", True),),
                       require=(Condition("momentum", ">", 0.0), Condition("dampening", "==", 0.0)),
                       text="nesterov momentum needs momentum > 0 and dampening = 0"),),
    "rprop": (Constraint(require=(Condition("step_sizes[0]", "<=", other="step_sizes[1]"),),
                         text="the smallest step length must not exceed the largest"),),
    "eve": (Constraint(require=(Condition("k", "<=", other="K"),), text="k must not exceed K"),),
}

# --- schedules ------------------------------------------------------------------------------

def _field_rate(description, is_learning_rate=True):
    """A rate inside a schedule: a plain number; ``is_learning_rate`` marks the field a page
    fills with the learning rate it had before the schedule was picked."""
    return _rate(description=description, schedule=False, is_learning_rate=is_learning_rate)


SCHEDULE_FACTS: Dict[Tuple[str, str], Dict[str, Any]] = {
    ("constant", "value"): _field_rate("The rate."),
    ("step", "init"): _field_rate("The rate before the first drop."),
    ("step", "step_size"): dict(_whole("Steps between two drops.", 1, (1.0, 1000.0)), suggested=100),
    ("step", "gamma"): _positive("Factor the rate is multiplied by at each drop.", (0.0, 1.0), scale="linear"),
    ("exponential", "init"): _field_rate("The rate at the first step."),
    ("exponential", "gamma"): dict(_positive("Factor the rate is multiplied by at every step.", (0.9, 1.0),
                                             scale="linear"), suggested=0.99),
    ("cosine", "init"): _field_rate("The rate at the first step."),
    ("cosine", "decay_steps"): dict(_whole("Steps of the cosine decay.", 1, (1.0, 10000.0)), suggested=500),
    ("cosine", "final"): _field_rate("The rate at the end of the decay, and after it.", is_learning_rate=False),
    ("linear_warmup", "peak"): _field_rate("The rate at the end of the warm-up."),
    ("linear_warmup", "warmup_steps"): dict(_whole("Steps of the warm-up.", 1, (1.0, 1000.0)), suggested=50),
    ("linear_warmup", "start"): _field_rate("The rate at the first step.", is_learning_rate=False),
    ("linear_warmup", "after"): dict(kind="schedule", nullable=True, null_means="stay at the peak",
                                     description="The schedule after the warm-up (its steps counted from there)."),
}


def _build(name: str, default: Any, facts: Mapping[str, Any], where: str) -> Setting:
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
        facts["items"] = tuple(_build(item["name"], value, item, f"{where} {name}")
                               for item, value in zip(facts["items"], default))
    expected = {bool: "boolean", int: "integer", float: "number", str: "choice", tuple: "tuple"}.get(type(default))
    if default is not None and kind != expected and not (kind == "number" and expected == "integer"):
        raise KeyError(f"{where}: the facts say {name!r} is a {kind}, but its default {default!r} is a {expected}")
    if default is None and not (facts.get("nullable") or required):
        raise KeyError(f"{where}: {name!r} defaults to None, so its facts need nullable=True and null_means")
    # an infinite end is inclusive only where infinity itself is a valid value
    for end, bound in (("min", -INF), ("max", INF)):
        if facts.get(end, bound) == bound:
            facts.setdefault(f"{end}_inclusive", False)
    return Setting(name=name, default=default, required=required, **facts)


def settings_schema(optimizer_id: str) -> Tuple[Setting, ...]:
    """The settings of ``OPTIMIZERS[optimizer_id]``, in its signature's order, with its defaults."""
    factory = OPTIMIZERS[optimizer_id]
    schema = []
    for name, parameter in inspect.signature(factory).parameters.items():
        if name not in FACTS and (optimizer_id, name) not in OVERRIDES:
            raise KeyError(f"{optimizer_id}'s setting {name!r} has no entry in optimizers.settings.FACTS (or "
                           f"OVERRIDES[({optimizer_id!r}, {name!r})]): add its kind, range, scale, slider and a "
                           "one-line description")
        facts = OVERRIDES.get((optimizer_id, name), {})
        if "kind" not in facts:  # a partial override, over the shared facts
            facts = {**FACTS[name], **facts}
        schema.append(_build(name, parameter.default, facts, optimizer_id))
    return tuple(schema)


def settings_constraints(optimizer_id: str) -> Tuple[Constraint, ...]:
    """The rules between ``optimizer_id``'s settings that no single range says."""
    OPTIMIZERS[optimizer_id]  # an unknown id is a KeyError here too
    return CONSTRAINTS.get(optimizer_id, ())


def learning_rate(optimizer_id: str) -> Optional[str]:
    """The name of the setting that is ``optimizer_id``'s learning rate, or None (Lookahead:
    its rate is the inner optimizer's, inside ``inner_hyperparams``)."""
    names = [s.name for s in settings_schema(optimizer_id) if s.is_learning_rate]
    if len(names) > 1:
        raise KeyError(f"{optimizer_id} has more than one learning rate: {names}")
    return names[0] if names else None


def schedule_schema() -> Dict[str, Tuple[Setting, ...]]:
    """Each schedule kind of ``optimizers.schedules`` -> its fields as ``Setting``s."""
    result = {}
    for kind, cls in schedules.SCHEDULE_KINDS.items():
        fields = []
        for field in dataclasses.fields(cls):
            if (kind, field.name) not in SCHEDULE_FACTS:
                raise KeyError(f"schedule {kind!r}'s field {field.name!r} has no entry in "
                               "optimizers.settings.SCHEDULE_FACTS")
            fields.append(_build(field.name, field.default, SCHEDULE_FACTS[(kind, field.name)], f"schedule {kind}"))
        result[kind] = tuple(fields)
    return result


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


# --- checking settings against the schema ----------------------------------------------------

_OPS = {"==": lambda a, b: a == b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def _number(setting: Setting, value: Any, name: str) -> Tuple[Optional[float], List[str]]:
    if isinstance(value, str) and value in ("Infinity", "-Infinity"):
        value = INF if value == "Infinity" else -INF
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        return None, [f"{name} must be a number, got {value!r}"]
    number = float(value)
    if setting.kind == "integer" and not number.is_integer():
        return None, [f"{name} must be a whole number, got {value!r}"]
    low_ok = number >= setting.min if setting.min_inclusive else number > setting.min
    high_ok = number <= setting.max if setting.max_inclusive else number < setting.max
    if not (low_ok and high_ok):
        left, right = "[" if setting.min_inclusive else "(", "]" if setting.max_inclusive else ")"
        return None, [f"{name} must be in {left}{setting.min:g}, {setting.max:g}{right}, got {value!r}"]
    return number, []


def _check_value(setting: Setting, value: Any, name: str, siblings: Mapping[str, Any], depth: int) -> List[str]:
    if value is None:
        return [] if setting.nullable else [f"{name} must not be empty"]
    if setting.kind == "schedule" or (setting.schedule and isinstance(value, Mapping)):
        return check_schedule(value, name, depth + 1)
    if setting.kind in ("number", "integer"):
        return _number(setting, value, name)[1]
    if setting.kind == "boolean":
        return [] if isinstance(value, bool) else [f"{name} must be true or false, got {value!r}"]
    if setting.kind == "tuple":
        if not isinstance(value, (list, tuple)) or len(value) != len(setting.items):
            return [f"{name} must be a list of {len(setting.items)} numbers, got {value!r}"]
        return [p for item, v, i in zip(setting.items, value, range(len(value)))
                for p in _number(item, v, f"{name}[{i}]")[1]]
    if setting.kind == "choice":
        return [] if isinstance(value, str) and value in setting.choices else \
            [f"{name} must be one of {', '.join(setting.choices)}, got {value!r}"]
    if setting.kind == "optimizer_settings":
        inner = siblings.get(setting.settings_of)
        if not isinstance(value, Mapping) or "kind" in value:
            return [f"{name} must be an object of settings, got {value!r}"]
        return check_settings(inner, value, depth + 1) if inner in OPTIMIZERS else []
    raise ValueError(f"unknown kind {setting.kind!r}")


def check_value(setting: Setting, value: Any) -> List[str]:
    """The problems of one value (plain data) for one setting, on its own (no constraints;
    an ``optimizer_settings`` value is checked against its inner optimizer's defaults)."""
    return _check_value(setting, value, setting.name, {}, 0)


def _resolve(path: str, values: Mapping[str, Any]) -> Any:
    name, index = _PATH.match(path).groups()
    value = values.get(name)
    if index is not None:
        value = value[int(index)] if isinstance(value, (list, tuple)) and int(index) < len(value) else None
    if isinstance(value, str) and value in ("Infinity", "-Infinity"):
        value = INF if value == "Infinity" else -INF
    return value


def _holds(condition: Condition, values: Mapping[str, Any]) -> bool:
    left = _resolve(condition.setting, values)
    right = _resolve(condition.other, values) if condition.other is not None else condition.value
    return _OPS[condition.op](left, right)


def check_settings(optimizer_id: str, values: Mapping[str, Any], depth: int = 0) -> List[str]:
    """The problems of ``values`` (settings as plain data: lists for tuples, ``"Infinity"``
    text, schedules as dicts) for ``optimizer_id``; ``[]`` when the core accepts them.
    Settings left out take their defaults."""
    if optimizer_id not in OPTIMIZERS:
        return [f"there is no optimizer {optimizer_id!r}"]
    if depth > 4:
        return [f"{optimizer_id}: settings nest too deep"]
    schema = {s.name: s for s in settings_schema(optimizer_id)}
    unknown = [key for key in values if key not in schema]
    if unknown:
        return [f"{optimizer_id} has no setting {key!r}" for key in unknown]
    full = {name: as_data(s.default) for name, s in schema.items()}
    full.update(values)
    problems = [p for name, value in values.items()
                for p in _check_value(schema[name], value, f"{optimizer_id} {name}", full, depth)]
    if not problems:
        problems = [f"{optimizer_id}: {c.text}" for c in settings_constraints(optimizer_id)
                    if all(_holds(w, full) for w in c.when) and not all(_holds(r, full) for r in c.require)]
    return problems


def check_schedule(value: Any, name: str = "lr", depth: int = 0) -> List[str]:
    """The problems of a schedule given as plain data (``{"kind": "cosine", ...}``)."""
    if depth > 4:
        return [f"{name}: schedules nest too deep"]
    if not isinstance(value, Mapping) or value.get("kind") not in schedules.SCHEDULE_KINDS:
        return [f"{name} must be a schedule of kind {', '.join(schedules.SCHEDULE_KINDS)}, got {value!r}"]
    fields = {s.name: s for s in schedule_schema()[value["kind"]]}
    problems = [f"{name} ({value['kind']}) has no field {key!r}" for key in value if key != "kind" and key not in fields]
    problems += [f"{name} ({value['kind']}) needs {key!r}" for key, s in fields.items() if s.required and key not in value]
    return problems or [p for key, item in value.items() if key != "kind"
                        for p in _check_value(fields[key], item, f"{name}.{key}", value, depth)]
