"""The optimizers: one module each (or a few related ones per module), registered on import.

Each factory is declared with ``optimizers.registry.optimizer`` in its own module, which puts
it into ``OPTIMIZERS`` (stable id -> factory) when the module is imported. Every factory takes
keyword hyperparameters (torch.optim's names and defaults for the optimizers torch has), checks
them against its settings' schema, and returns an ``Optimizer``; it works with no arguments.

The modules are imported in the order ``ORDER`` gives (the order the catalog and the page list
the optimizers in), then every other module of this folder, by name: a new optimizer is its
own file, and nothing here needs to change for it.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..registry import OPTIMIZERS

ORDER = (
    "sgd",
    # torch.optim's other optimizers:
    "adam", "nadam", "radam", "adamax", "adagrad", "adadelta", "rmsprop", "rprop", "asgd",
    # beyond torch.optim:
    "lion", "adabelief", "yogi", "adan", "quasi_hyperbolic", "lookahead", "eve", "yellowfin", "schedule_free",
    "madgrad", "prodigy",
)
SHARED_PARTS = ("moments",)   # building blocks, no optimizer of their own


def _import_all() -> None:
    found = sorted(module.name for module in pkgutil.iter_modules(__path__))
    for name in ORDER + tuple(name for name in found if name not in ORDER and name not in SHARED_PARTS):
        importlib.import_module(f"{__name__}.{name}")


_import_all()

__all__ = ["OPTIMIZERS"]
