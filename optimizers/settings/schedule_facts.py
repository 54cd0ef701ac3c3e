"""The facts of each learning-rate schedule's fields (``optimizers.schedules``), and
``schedule_schema()``: each schedule kind -> its fields as ``Setting``s, in field order."""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, Tuple

from .. import schedules
from .facts import Facts, positive, rate, whole
from .schema import Setting, build_setting


def field_rate(description: str, is_learning_rate: bool = True) -> Facts:
    """A rate inside a schedule: a plain number; ``is_learning_rate`` marks the field a page
    fills with the learning rate it had before the schedule was picked."""
    return rate(description=description, schedule=False, is_learning_rate=is_learning_rate)


SCHEDULE_FACTS: Dict[Tuple[str, str], Dict[str, Any]] = {
    ("constant", "value"): field_rate("The rate."),
    ("step", "init"): field_rate("The rate before the first drop."),
    ("step", "step_size"): dict(whole("Steps between two drops.", 1, (1.0, 1000.0)), suggested=100),
    ("step", "gamma"): positive("Factor the rate is multiplied by at each drop.", (0.0, 1.0), scale="linear"),
    ("exponential", "init"): field_rate("The rate at the first step."),
    ("exponential", "gamma"): dict(positive("Factor the rate is multiplied by at every step.", (0.9, 1.0),
                                            scale="linear"), suggested=0.99),
    ("cosine", "init"): field_rate("The rate at the first step."),
    ("cosine", "decay_steps"): dict(whole("Steps of the cosine decay.", 1, (1.0, 10000.0)), suggested=500),
    ("cosine", "final"): field_rate("The rate at the end of the decay, and after it.", is_learning_rate=False),
    ("linear_warmup", "peak"): field_rate("The rate at the end of the warm-up."),
    ("linear_warmup", "warmup_steps"): dict(whole("Steps of the warm-up.", 1, (1.0, 1000.0)), suggested=50),
    ("linear_warmup", "start"): field_rate("The rate at the first step.", is_learning_rate=False),
    ("linear_warmup", "after"): dict(kind="schedule", nullable=True, null_means="stay at the peak",
                                     description="The schedule after the warm-up (its steps counted from there)."),
}

_SCHEMA: Dict[str, Tuple[Setting, ...]] = {}


def schedule_schema() -> Dict[str, Tuple[Setting, ...]]:
    """Each schedule kind of ``optimizers.schedules`` -> its fields as ``Setting``s."""
    if not _SCHEMA:
        for kind, cls in schedules.SCHEDULE_KINDS.items():
            fields = []
            for field in dataclasses.fields(cls):
                if (kind, field.name) not in SCHEDULE_FACTS:
                    raise KeyError(f"schedule {kind!r}'s field {field.name!r} has no entry in "
                                   "optimizers.settings.schedule_facts.SCHEDULE_FACTS")
                fields.append(build_setting(field.name, field.default, SCHEDULE_FACTS[(kind, field.name)],
                                            f"schedule {kind}"))
            _SCHEMA[kind] = tuple(fields)
    return dict(_SCHEMA)
