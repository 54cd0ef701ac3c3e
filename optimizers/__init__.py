"""Optimizer Paths' numpy core: test functions, optimizers as pure functions, batched runs.

>>> import optimizers as opt
>>> fn = opt.FUNCTIONS["two_wells"]
>>> o = opt.OPTIMIZERS["adam"](lr=1e-2, betas=(0.7, 0.999))
>>> traj = opt.run(o, fn, [[-1.5, 1.0], [0.5, -0.5]], steps=100)
>>> traj.points.shape
(101, 2, 2)
"""

from .base import Optimizer
from .expression import ExpressionError, from_expression
from .basin_map import Basins, BasinsCancelled, basins, iter_basins
from . import outcomes
from .functions import FUNCTIONS, TestFunction
from .methods import OPTIMIZERS
from .trajectory import Trajectory, recordable, run
from .presets import DEFAULT_PRESETS, PRESETS, Preset, preset_settings
from . import schedules

__all__ = ["Basins", "BasinsCancelled", "DEFAULT_PRESETS", "ExpressionError", "FUNCTIONS", "OPTIMIZERS", "Optimizer", "PRESETS",
           "Preset", "TestFunction", "Trajectory", "basins", "iter_basins", "from_expression", "preset_settings", "recordable", "run",
           "outcomes", "schedules"]
__version__ = "0.1.0"
