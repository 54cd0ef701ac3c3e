"""The optimizer registry: stable id -> factory.

Each factory takes keyword hyperparameters (torch.optim's names and defaults for the
optimizers torch has), checks them, and returns an ``Optimizer``. Every factory works
with no arguments.
"""

from __future__ import annotations

from typing import Callable, Dict

from ..base import Optimizer
from .sgd import sgd
# torch.optim's other optimizers:
from .adam import adam, adamw
from .nadam import nadam
from .radam import radam
from .adamax import adamax
from .adagrad import adagrad
from .adadelta import adadelta
from .rmsprop import rmsprop
from .rprop import rprop
from .asgd import asgd
# beyond torch.optim:
from .lion import lion
from .adabelief import adabelief
from .yogi import yogi
from .adan import adan
from .quasi_hyperbolic import qhm, qhadam
from .lookahead import lookahead
from .eve import eve
from .yellowfin import yellowfin
from .schedule_free import schedule_free_sgd, schedule_free_adamw
from .madgrad import madgrad
from .prodigy import prodigy

OPTIMIZERS: Dict[str, Callable[..., Optimizer]] = {
    "sgd": sgd,
    "adam": adam,
    "adamw": adamw,
    "nadam": nadam,
    "radam": radam,
    "adamax": adamax,
    "adagrad": adagrad,
    "adadelta": adadelta,
    "rmsprop": rmsprop,
    "rprop": rprop,
    "asgd": asgd,
    "lion": lion,
    "adabelief": adabelief,
    "yogi": yogi,
    "adan": adan,
    "qhm": qhm,
    "qhadam": qhadam,
    "lookahead": lookahead,
    "eve": eve,
    "yellowfin": yellowfin,
    "schedule_free_sgd": schedule_free_sgd,
    "schedule_free_adamw": schedule_free_adamw,
    "madgrad": madgrad,
    "prodigy": prodigy,
}
