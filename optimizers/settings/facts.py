"""Builders for a setting's facts, and the facts of the settings many optimizers share.

An optimizer declares its settings' facts next to it (``@optimizer(..., settings={...})`` in its
own file, ``optimizers.registry``), written with these builders:

- ``rate``: a learning rate, in [0, inf) on a log slider, which may be a schedule;
- ``unit``: a number in [0, 1], either end open; ``positive``: in [0, inf) or (0, inf);
- ``real``: any finite number; ``whole``: a whole number from ``low`` up; ``flag``: true or false;
- ``numbers``: a fixed number of numbers (``betas``), each an ``item`` with its own facts;
- ``choice`` and ``optimizer_settings``: Lookahead's inner optimizer and its settings.

``SHARED`` holds the facts of the settings several optimizers have, by name (``lr``, ``eps``,
``weight_decay``, ``maximize``, ``betas``, ...): a setting an optimizer does not declare takes
them; one it declares without a ``kind`` is merged over them (a description of its own).
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

Facts = Dict[str, Any]


def rate(slider: Tuple[float, float] = (1e-5, 10.0),
         description: str = "Learning rate: the step size (a number, or a schedule over the steps).", **more) -> Facts:
    """A learning rate: in [0, inf), log slider, ``is_learning_rate``, may be a schedule."""
    facts = dict(kind="number", description=description, min=0.0, min_inclusive=True, scale="log", slider=slider,
                 is_learning_rate=True, schedule=True)
    facts.update(more)
    return facts


def unit(low_open: bool = False, high_open: bool = False, description: str = "", slider=None, **more) -> Facts:
    """A number in [0, 1] (either end open), on a linear slider."""
    slider = slider or (0.01 if low_open else 0.0, 0.9999 if high_open else 1.0)
    return dict(kind="number", description=description, min=0.0, max=1.0, min_inclusive=not low_open,
                max_inclusive=not high_open, scale="linear", slider=slider, **more)


def positive(description: str, slider: Tuple[float, float], scale: str = "log", open_: bool = False, **more) -> Facts:
    """A number in [0, inf) (or (0, inf) with ``open_``)."""
    return dict(kind="number", description=description, min=0.0, min_inclusive=not open_, scale=scale,
                slider=slider, **more)


def real(description: str, slider: Tuple[float, float], scale: str = "linear") -> Facts:
    """Any finite number."""
    return dict(kind="number", description=description, scale=scale, slider=slider)


def flag(description: str) -> Facts:
    """True or false."""
    return dict(kind="boolean", description=description)


def whole(description: str, low: int, slider: Tuple[float, float]) -> Facts:
    """A whole number, at least ``low``."""
    return dict(kind="integer", description=description, min=low, min_inclusive=True, scale="linear",
                slider=tuple(int(end) for end in slider), step=1)


def numbers(description: str, *items: Facts) -> Facts:
    """A fixed number of numbers (a tuple in Python, a list in plain data), each an ``item``."""
    return dict(kind="tuple", description=description, items=items)


def item(name: str, facts: Facts) -> Facts:
    """One number of a ``numbers`` setting, with its name (``beta1``)."""
    return dict(facts, name=name)


def choice(description: str, choices, optimizer_ids: bool = False) -> Facts:
    """Text, one of ``choices`` (a tuple, or a function giving the current ones)."""
    return dict(kind="choice", description=description, choices=choices, optimizer_ids=optimizer_ids)


def optimizer_settings(description: str, settings_of: str, null_means: str) -> Facts:
    """An object of the settings of the optimizer the setting ``settings_of`` names (or None)."""
    return dict(kind="optimizer_settings", settings_of=settings_of, nullable=True, null_means=null_means,
                description=description)


BETA1 = item("beta1", unit(high_open=True, description="β1: decay of the first moment (running mean of gradients)."))
BETA2 = item("beta2", unit(high_open=True, description="β2: decay of the second moment (running mean of g²)."))
DECOUPLED = flag("Decoupled weight decay (AdamW's form): shrink the point rather than add to the gradient.")

SHARED: Dict[str, Facts] = {
    "lr": rate(),
    "momentum": positive("Momentum: the share of the previous step carried into the next (0: none).",
                         (0.0, 0.999), scale="linear"),
    "weight_decay": positive("Weight decay: pulls the point towards the origin (0: none).", (0.0, 1.0),
                             scale="linear"),
    "maximize": flag("Climb instead of descend (maximise f)."),
    "betas": numbers("Decay rates of the moving averages.", BETA1, BETA2,
                     item("beta3", unit(high_open=True, description="β3: decay of the third average."))),
    "eps": positive("ε: a small number added to the denominator, for numerical safety.", (1e-16, 1.0)),
    "bias_correction": flag("Bias correction: divide the moments by 1 − βᵗ (off: the 2018 post's form)."),
    "decoupled_weight_decay": DECOUPLED,
    "weight_decouple": DECOUPLED,
}
