"""Models on real data at the Python/JS line: their catalog entries and a run's minibatches.

The catalog lists the models of ``optimizers.MODELS`` beside the test functions, in a group of
their own (``FUNCTION_GROUPS``): each entry is a function's (id, name, formula, domain, minima,
parameters) with ``group: "models"`` and ``model``: the data set, the task in words, the number
of examples (the full batch), the surface's facts in plain words, and the data's source and
licence. ``check_minibatch`` reads a run's ``minibatch`` argument ``{size, seed}``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from optimizers import MODELS, Minibatches, datasets

from .checks import check_object, check_whole

FUNCTION_GROUPS = [   # the function picker's groups, in order
    {"id": "functions", "label": "Test functions"},
    {"id": "models", "label": "Real models"},
]


def plain_text(text: str) -> str:
    """Docstring-style text as the page shows it: ``code`` marks dropped, lines joined."""
    return " ".join(text.replace("``", "").split())


def describe_model(model) -> Dict[str, Any]:
    """The ``model`` part of a model's catalog entry (what the page says about it)."""
    data = datasets.load(model.dataset)
    paragraphs = [plain_text(p) for p in model.about.strip().split("\n\n")]
    return {
        "dataset": model.dataset,
        "task": model.task,
        "examples": int(model.size),
        "about": paragraphs,
        "has_minimum": bool(len(model.minima)),
        "source": data.source,
        "licence": data.licence,
        # a switch that moves the surface (standardising the feature) moves its view with it
        "switch_views": {key: {str(value): [[float(low), float(high)] for low, high in
                                            model.with_params(**{key: float(value)}).domain] for value in (0, 1)}
                         for key in model.switches},
    }


def model_entries(describe_function) -> List[Dict[str, Any]]:
    """Every model's catalog entry: ``describe_function(model)`` (the test functions' fields)
    plus ``group`` and ``model``."""
    return [{**describe_function(model), "group": "models", "model": describe_model(model)}
            for model in MODELS.values()]


def check_minibatch(value: Any, function) -> Optional[Minibatches]:
    """A run's ``minibatch``, ``{size, seed}``: ``Minibatches`` of ``function``'s examples, or
    None (no minibatch asked for, or ``size`` the whole data set: the exact full gradient).
    Only a model on a data set has minibatches."""
    if value is None:
        return None
    spec = check_object("minibatch", value, required=("size",), optional=("seed",))
    if function.id not in MODELS or not hasattr(function, "size"):
        raise ValueError(f"minibatches need a model on a data set; {function.name} is a formula, "
                         "not a model")
    size = check_whole("minibatch.size", spec["size"], 1, function.size)
    seed = check_whole("minibatch.seed", spec.get("seed", 0), 0, 2 ** 32 - 1)
    if size == function.size:
        return None
    return Minibatches(function, size, seed)


def minibatch_reply(batches: Optional[Minibatches]) -> Dict[str, Any]:
    """What a run's reply says of its minibatches (nothing for exact gradients)."""
    if batches is None:
        return {}
    return {"minibatch": {"size": batches.batch_size, "seed": batches.seed,
                          "batches_per_epoch": batches.batches_per_epoch}}
