"""Learning-rate schedules: the learning rate as a function of the step count.

Every optimizer's ``lr`` is a plain number or one of these schedules (as optax allows).
A schedule is called with ``count``, the number of updates already made (0 for the
first update), and returns the learning rate for that update. Each is a frozen
dataclass, so it prints, compares, and turns into plain data with ``to_dict``
(and back with ``schedule_from_dict``), which is how the site sends it to Python.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Mapping, Union



@dataclasses.dataclass(frozen=True)
class Constant:
    """``lr(count) = value``."""

    value: float

    def __call__(self, count: int) -> float:
        return self.value


@dataclasses.dataclass(frozen=True)
class Step:
    """``lr(count) = init * gamma ** (count // step_size)`` (torch's ``StepLR``)."""

    init: float
    step_size: int
    gamma: float = 0.1

    def __call__(self, count: int) -> float:
        return self.init * self.gamma ** (count // self.step_size)


@dataclasses.dataclass(frozen=True)
class Exponential:
    """``lr(count) = init * gamma ** count`` (torch's ``ExponentialLR``)."""

    init: float
    gamma: float

    def __call__(self, count: int) -> float:
        return self.init * self.gamma ** count


@dataclasses.dataclass(frozen=True)
class Cosine:
    """Cosine decay from ``init`` to ``final`` over ``decay_steps``, then ``final``.

    ``lr(count) = final + (init - final) * (1 + cos(pi * min(count, T) / T)) / 2``
    (torch's ``CosineAnnealingLR`` closed form; Loshchilov & Hutter 2017, SGDR).
    """

    init: float
    decay_steps: int
    final: float = 0.0

    def __call__(self, count: int) -> float:
        progress = min(count, self.decay_steps) / self.decay_steps
        return self.final + (self.init - self.final) * (1.0 + math.cos(math.pi * progress)) / 2.0


@dataclasses.dataclass(frozen=True)
class LinearWarmup:
    """Linear ramp from ``start`` to ``peak`` over ``warmup_steps``, then ``after``.

    ``lr(count) = start + (peak - start) * count / W`` for ``count < W``; afterwards
    ``after(count - W)`` when a schedule is given, else ``peak`` (optax's
    ``linear_schedule`` joined to another schedule).
    """

    peak: float
    warmup_steps: int
    start: float = 0.0
    after: Union["Schedule", None] = None

    def __call__(self, count: int) -> float:
        if count < self.warmup_steps:
            return self.start + (self.peak - self.start) * count / self.warmup_steps
        if self.after is None:
            return self.peak
        return self.after(count - self.warmup_steps)


Schedule = Union[Constant, Step, Exponential, Cosine, LinearWarmup]
SCHEDULE_KINDS = {"constant": Constant, "step": Step, "exponential": Exponential,
                  "cosine": Cosine, "linear_warmup": LinearWarmup}


def as_schedule(lr: Any, name: str = "lr") -> Schedule:
    """``lr`` as a schedule: a number becomes ``Constant``; a schedule (or its dict) is checked
    field by field against the schedules' settings schema (``optimizers.settings``).

    Raises ``ValueError`` with a plain message for a negative or non-numeric rate.
    """
    from .settings.check import schedule_of   # (optimizers.settings describes this module's classes)
    return schedule_of(lr, name)


def to_dict(schedule: Schedule) -> dict:
    """Plain data for a schedule: ``{"kind": "cosine", "init": 0.1, ...}``."""
    kind = next(k for k, cls in SCHEDULE_KINDS.items() if isinstance(schedule, cls))
    fields = {}
    for field in dataclasses.fields(schedule):
        value = getattr(schedule, field.name)
        fields[field.name] = to_dict(value) if isinstance(value, tuple(SCHEDULE_KINDS.values())) else value
    return {"kind": kind, **fields}


def schedule_from_dict(data: Mapping[str, Any]) -> Schedule:
    """The inverse of ``to_dict``; an unknown kind or field is a ``ValueError``."""
    kind = data.get("kind")
    if kind not in SCHEDULE_KINDS:
        raise ValueError(f"unknown schedule kind {kind!r}; known: {', '.join(SCHEDULE_KINDS)}")
    cls = SCHEDULE_KINDS[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    fields = {k: v for k, v in data.items() if k != "kind"}
    unknown = set(fields) - names
    if unknown:
        raise ValueError(f"schedule {kind!r} has no setting {sorted(unknown)[0]!r}")
    if isinstance(fields.get("after"), Mapping):
        fields["after"] = schedule_from_dict(fields["after"])
    try:
        return cls(**fields)
    except TypeError as error:
        raise ValueError(f"schedule {kind!r}: {error}") from None
