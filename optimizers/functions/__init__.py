"""The test-function registry: stable id -> ``TestFunction`` at its default parameters.

>>> from optimizers.functions import FUNCTIONS
>>> fn = FUNCTIONS["rosenbrock"].with_params(a=1.5)
>>> fn.global_minima.tolist()
[[1.5, 2.25]]
"""

from typing import Dict

from .base import TestFunction
from .multimodal import ACKLEY, LEVI13, RASTRIGIN, TWO_WELLS
from .polynomials import GOLDSTEIN_PRICE, HIMMELBLAU, SIX_HUMP_CAMEL, STYBLINSKI_TANG, THREE_HUMP_CAMEL
from .saddles import MONKEY_SADDLE, SADDLE
from .valleys import BEALE, BOOTH, MATYAS, MCCORMICK, ROSENBROCK

FUNCTIONS: Dict[str, TestFunction] = {fn.id: fn for fn in (
    TWO_WELLS, RASTRIGIN, ROSENBROCK, BEALE, BOOTH, HIMMELBLAU, GOLDSTEIN_PRICE, SIX_HUMP_CAMEL,
    THREE_HUMP_CAMEL, ACKLEY, LEVI13, STYBLINSKI_TANG, MATYAS, MCCORMICK, SADDLE, MONKEY_SADDLE)}

__all__ = ["FUNCTIONS", "TestFunction"]
