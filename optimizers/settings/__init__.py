"""What each optimizer's settings are, as data a generic settings panel can draw and check.

Each optimizer declares its settings next to it (``@optimizer(..., settings={...})`` in its own
file, ``optimizers.registry``): its signature gives their names, order and defaults, its
declaration (over the shared facts of ``facts.SHARED``) what the signature cannot say: the kind
of value, the valid range (each end inclusive or not; an infinite end, and whether infinity
itself is a valid value), a log or linear slider and its suggested range, which setting is the
learning rate, a one-line description, and the rules between settings (Eve's ``k <= K``).

``settings_schema(optimizer_id)`` gives one ``Setting`` per keyword argument of the factory,
``settings_constraints`` the rules, ``schedule_schema()`` the same for the learning-rate
schedules of ``optimizers.schedules`` (``schedule_facts``). ``check`` is the one reading of all
that: the factories check their arguments with it, and ``check_settings`` gives the problems
(in plain words) that a set of settings, as plain data, has; the core accepts exactly the
settings it finds none in (the tests hold both to that).

Kinds: ``number``, ``integer`` (``step`` 1), ``boolean``, ``tuple`` (a fixed number of
numbers, each an ``items`` entry with its own range: ``betas``), ``choice`` (text, one of
``choices``: Lookahead's ``inner``), ``optimizer_settings`` (an object of the settings of
the optimizer that the setting ``settings_of`` names: look that optimizer's schema up by
id) and, in schedules, ``schedule`` (a nested schedule). A ``number`` with ``schedule``
may also be a schedule (``{"kind": "cosine", ...}``). A ``nullable`` setting may be None,
which means ``null_means``.

>>> [s.name for s in settings_schema("adam")][:3]
['lr', 'betas', 'eps']
>>> learning_rate("yellowfin"), learning_rate("lookahead")
('lr_factor', None)
>>> check_settings("eve", {"k": 20.0})
['eve: k must not exceed K']
"""

from __future__ import annotations

from typing import Optional, Tuple

from .check import check, check_schedule, check_settings, check_value
from .schedule_facts import schedule_schema
from .schema import INF, Condition, Constraint, Setting, as_data

__all__ = ["INF", "Condition", "Constraint", "Setting", "as_data", "check", "check_schedule", "check_settings",
           "check_value", "learning_rate", "schedule_schema", "settings_constraints", "settings_schema"]


def settings_schema(optimizer_id: str) -> Tuple[Setting, ...]:
    """The settings of ``OPTIMIZERS[optimizer_id]``, in its signature's order, with its defaults."""
    from ..registry import registration   # the registry checks its factories' arguments with this package
    return registration(optimizer_id).schema()


def settings_constraints(optimizer_id: str) -> Tuple[Constraint, ...]:
    """The rules between ``optimizer_id``'s settings that no single range says."""
    from ..registry import registration
    return registration(optimizer_id).constraints


def learning_rate(optimizer_id: str) -> Optional[str]:
    """The name of the setting that is ``optimizer_id``'s learning rate, or None (Lookahead:
    its rate is the inner optimizer's, inside ``inner_hyperparams``)."""
    names = [s.name for s in settings_schema(optimizer_id) if s.is_learning_rate]
    if len(names) > 1:
        raise KeyError(f"{optimizer_id} has more than one learning rate: {names}")
    return names[0] if names else None
