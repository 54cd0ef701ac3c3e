"""Ready-made optimizer settings for the site to offer, as plain data.

``post2018`` are the settings of the 2018 blog post this site grew out of; its Adam
ran without bias correction. ``torch_defaults`` are torch.optim's defaults for each
optimizer torch has. Each preset says how many steps it runs by default.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple


class Preset(NamedTuple):
    id: str                      # stable key, used in URLs
    label: str                   # what the page shows: "Momentum"
    optimizer: str               # an OPTIMIZERS id
    hyperparams: Mapping[str, Any]
    steps: int
    group: str                   # "post2018" or "torch_defaults"


POST_2018 = (
    Preset("sgd", "SGD", "sgd", {"lr": 2e-2}, 500, "post2018"),
    Preset("momentum", "Momentum", "sgd", {"lr": 1e-2, "momentum": 0.8}, 200, "post2018"),
    Preset("rmsprop", "RMSProp", "rmsprop", {"lr": 1e-2, "alpha": 0.99, "eps": 1e-6}, 300, "post2018"),
    Preset("adam", "Adam", "adam",
           {"lr": 1e-2, "betas": (0.7, 0.999), "eps": 1e-6, "bias_correction": False}, 100, "post2018"),
)

TORCH_DEFAULT_STEPS = 500
TORCH_OPTIMIZERS = {
    "sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "nadam": "NAdam", "radam": "RAdam",
    "adamax": "Adamax", "adagrad": "Adagrad", "adadelta": "Adadelta", "rmsprop": "RMSprop",
    "rprop": "Rprop", "asgd": "ASGD",
}
TORCH_DEFAULTS = tuple(
    Preset(f"torch_{name}", f"{label} (torch defaults)", name, {}, TORCH_DEFAULT_STEPS, "torch_defaults")
    for name, label in TORCH_OPTIMIZERS.items())

PRESETS: Mapping[str, Preset] = {p.id: p for p in POST_2018 + TORCH_DEFAULTS}
DEFAULT_PRESETS = tuple(p.id for p in POST_2018)  # what the playground shows first
