"""The optimizer registry: ``@optimizer(...)`` declares an optimizer, and importing its module registers it.

A factory is written once, in its own file in ``optimizers/methods/``, with its settings'
facts next to it::

    @optimizer("adam", label="Adam", torch="Adam", settings={"amsgrad": flag("AMSGrad: ...")})
    def adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, ..., maximize=False) -> Optimizer:
        ...                                        # the body: init and update, as closures
        return Transform(init, update, state_vectors)

The body returns a ``Transform``; the factory the decorator makes of it (``adam`` above, and
``OPTIMIZERS["adam"]``) returns the ``Optimizer``.

The signature gives the settings' names, order and defaults (every factory works with no
arguments); ``settings`` gives the facts of the settings this optimizer has that
``optimizers.settings.facts.SHARED`` does not describe (or describes otherwise: facts without
a ``kind`` are merged over the shared ones), and ``constraints`` the rules between them. From
these the registry, once for every optimizer:

- checks every argument against the schema (``optimizers.settings.check``) and the
  constraints, raising a ``ValueError`` in torch's manner before the body runs; the body gets
  the checked values (floats, bools, tuples of floats) and a learning rate that may be a
  schedule (a setting with ``schedule``) as a schedule: call it with the step count;
- handles ``maximize``: the registry negates the gradient before the body's ``update``
  (torch's ``maximize``: the gradient is negated first, before weight decay), so a body leaves
  its ``maximize`` argument alone;
- records ``hyperparams``: the checked arguments, defaults filled in, the learning rate as given
  (a number or a schedule), so ``OPTIMIZERS[o.name](**o.hyperparams)`` builds it again;
- adds the optimizer to ``OPTIMIZERS`` (in import order) with its schema, its ``label`` (what the
  page calls it) and ``torch`` (torch.optim's class name, if torch has it): the catalog, the
  API reference and the presets (a ``torch_defaults`` or a ``newer`` preset at its defaults)
  read them from here.

A setting the facts do not describe, a default that contradicts them or a factory without
defaults fails at import, with a ``KeyError`` that says what to add.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Dict, Mapping, NamedTuple, Optional, Tuple

from .base import Array, InitFn, Optimizer, StateVectorsFn, UpdateFn, no_state_vectors
from .schedules import Constant, SCHEDULE_KINDS
from .settings.check import broken, check, named_in
from .settings.facts import SHARED, Facts
from .settings.schema import Constraint, Setting, build_setting

OPTIMIZERS: Dict[str, Callable[..., Optimizer]] = {}   # id -> factory, in registration (import) order


class Transform(NamedTuple):
    """What a factory's body returns: its pure functions (``Optimizer`` without name and settings).

    ``hyperparams`` is left out (None) except where the body knows better what to record than
    its checked arguments (Lookahead records its inner optimizer by id, with all its settings).
    """

    init: InitFn
    update: UpdateFn
    state_vectors: StateVectorsFn = no_state_vectors
    hyperparams: Optional[Mapping[str, Any]] = None


class Registration(NamedTuple):
    """An optimizer as declared: id, label, torch's class name, settings' facts, constraints."""

    id: str
    label: str
    torch: Optional[str]
    facts: Tuple[Tuple[str, Any, Facts], ...]   # (name, default, facts), in the signature's order
    constraints: Tuple[Constraint, ...]

    def schema(self) -> Tuple[Setting, ...]:
        """The settings, built now (so a choice of optimizers lists the ones registered now)."""
        return tuple(build_setting(name, default, facts, self.id) for name, default, facts in self.facts)


def registration(optimizer_id: str) -> Registration:
    """The declaration of ``OPTIMIZERS[optimizer_id]`` (a ``KeyError`` for an unknown id, or
    for a factory put into ``OPTIMIZERS`` by hand instead of with ``@optimizer``)."""
    found = getattr(OPTIMIZERS[optimizer_id], "registration", None)
    if found is None:
        raise KeyError(f"{optimizer_id} was not declared with optimizers.registry.optimizer(...), so it has no "
                       "settings schema: declare it with its settings' facts")
    return found


def _facts(optimizer_id: str, name: str, declared: Mapping[str, Facts]) -> Facts:
    own = declared.get(name)
    if own is not None and "kind" in own:
        return own
    if name not in SHARED:
        raise KeyError(f"{optimizer_id}'s setting {name!r} has no facts: give its kind, range, scale, slider and a "
                       f"one-line description in @optimizer({optimizer_id!r}, settings={{{name!r}: ...}}) (builders "
                       "in optimizers.settings.facts), or add it to optimizers.settings.facts.SHARED")
    return {**SHARED[name], **(own or {})}   # a partial declaration, over the shared facts


def _ascending(update: UpdateFn) -> UpdateFn:
    """``update`` on the negated gradient: torch's ``maximize`` (negation is exact, so a
    maximizing run is the descent of -f bit for bit)."""
    def update_ascending(grads: Array, state: Any, params: Array, value=None):
        return update(-grads, state, params, value)
    return update_ascending


def optimizer(optimizer_id: str, *, label: str, torch: Optional[str] = None,
              settings: Optional[Mapping[str, Facts]] = None, constraints: Tuple[Constraint, ...] = ()):
    """Declare and register an optimizer factory (see the module's docstring)."""
    declared = dict(settings or {})

    def register(body: Callable[..., Transform]) -> Callable[..., Optimizer]:
        if optimizer_id in OPTIMIZERS:
            raise KeyError(f"there is already an optimizer {optimizer_id!r}")
        signature = inspect.signature(body)
        unknown = sorted(set(declared) - set(signature.parameters))
        if unknown:
            raise KeyError(f"{optimizer_id} declares facts for {unknown[0]!r}, which is not one of its arguments")
        missing = [name for name, p in signature.parameters.items() if p.default is inspect.Parameter.empty]
        if missing:
            raise KeyError(f"{optimizer_id}'s argument {missing[0]!r} has no default: every factory works with "
                           "no arguments")
        declaration = Registration(optimizer_id, label, torch, tuple(
            (name, p.default, _facts(optimizer_id, name, declared)) for name, p in signature.parameters.items()),
            tuple(constraints))
        built = declaration.schema()   # facts that contradict a default fail here, at import
        lazy = any(callable(facts.get("choices")) for _, _, facts in declaration.facts)

        @functools.wraps(body)
        def factory(*args, **kwargs) -> Optimizer:
            bound = signature.bind(*args, **kwargs)   # an unknown keyword is a TypeError, as in torch
            bound.apply_defaults()
            recorded, given = {}, dict(bound.arguments)
            schema = declaration.schema() if lazy else built   # choices of optimizers: the ones there are now
            for setting in schema:
                value, problems = check(setting, given[setting.name], setting.name, plain=False, siblings=given)
                if problems:
                    raise ValueError(problems[0])
                recorded[setting.name] = value
            for constraint in broken(declaration.constraints, recorded):
                values = ", ".join(f"{name}={recorded[name]!r}" for name in named_in(constraint))
                raise ValueError(f"{constraint.text}, got {values}")
            arguments = {name: _as_body_argument(setting, recorded[name])
                         for name, setting in zip(recorded, schema)}
            transform = body(**arguments)
            update = _ascending(transform.update) if recorded.get("maximize") else transform.update
            hyperparams = dict(transform.hyperparams if transform.hyperparams is not None else recorded)
            return Optimizer(optimizer_id, hyperparams, transform.init, update, transform.state_vectors)

        factory.registration = declaration
        OPTIMIZERS[optimizer_id] = factory
        return factory

    return register


def _as_body_argument(setting: Setting, value: Any) -> Any:
    """A checked value as the body takes it: a rate that may be a schedule is always one."""
    if setting.schedule and not isinstance(value, tuple(SCHEDULE_KINDS.values())):
        return Constant(value)
    return value


def unregister(optimizer_id: str) -> None:
    """Take an optimizer out of the registry (for tests that declare one of their own)."""
    del OPTIMIZERS[optimizer_id]
