"""Optimizer Paths' numpy core: test functions, optimizers as pure functions, batched runs.

>>> import optimizers as opt
>>> fn = opt.FUNCTIONS["two_wells"]
>>> o = opt.OPTIMIZERS["adam"](lr=1e-2, betas=(0.7, 0.999))
>>> traj = opt.run(o, fn, [[-1.5, 1.0], [0.5, -0.5]], steps=100)
>>> traj.points.shape
(101, 2, 2)
"""

import importlib

from .base import Optimizer
from . import outcomes
from .functions import FUNCTIONS, TestFunction
from .methods import OPTIMIZERS
from .trajectory import Trajectory, recordable, run
from . import schedules

# Imported on first use (PEP 562), so a run needs none of them: the formula parser, basin maps, the
# models on real data and the presets (Pyodide's start-up imports this package before it is ready).
_LAZY = {"ExpressionError": ".expression", "from_expression": ".expression",
         "Basins": ".basin_map", "BasinsCancelled": ".basin_map", "basins": ".basin_map", "iter_basins": ".basin_map",
         "MODELS": ".models", "Minibatches": ".models", "ModelFunction": ".models",
         "DEFAULT_PRESETS": ".presets", "PRESETS": ".presets", "Preset": ".presets", "preset_settings": ".presets"}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_LAZY})


__all__ = ["Basins", "BasinsCancelled", "DEFAULT_PRESETS", "ExpressionError", "FUNCTIONS", "MODELS", "Minibatches",
           "ModelFunction", "OPTIMIZERS", "Optimizer", "PRESETS", "Preset", "TestFunction", "Trajectory", "basins",
           "iter_basins", "from_expression", "outcomes", "preset_settings", "recordable", "run", "schedules"]
__version__ = "0.1.0"
