"""A new optimizer is its file (with its settings' facts) and nothing else: once its module is
imported, it is in ``OPTIMIZERS``, has a settings schema, is in the catalog and among the presets
(``newer`` at its defaults, or ``torch_defaults`` when it names a torch class), is listed by the API
reference, and its arguments are checked from its schema. The registry is left as it was."""

import importlib.util
import json
import math
import pathlib

import numpy as np
import pytest

import optimizers as opt
from optimizers import presets, registry, settings
from optimizers.schedules import Cosine
from pyodide_app import api
from site_build import optimizer_reference

TINY = pathlib.Path(__file__).with_name("data") / "tiny_sign_descent.py"


def load_as_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def tiny():
    before, presets_before = list(opt.OPTIMIZERS), list(presets.PRESETS)
    module = load_as_module(TINY, "tiny_sign_descent")
    yield module.tiny_sign_descent
    registry.unregister("tiny_sign_descent")
    assert list(opt.OPTIMIZERS) == before and list(presets.PRESETS) == presets_before


def test_importing_its_file_registers_it_last_with_its_label(tiny):
    assert opt.OPTIMIZERS["tiny_sign_descent"] is tiny
    assert list(opt.OPTIMIZERS)[-1] == "tiny_sign_descent"
    declaration = registry.registration("tiny_sign_descent")
    assert (declaration.label, declaration.torch) == ("Tiny sign descent", None)


def test_its_schema_joins_its_own_facts_and_the_shared_ones(tiny):
    schema = {s.name: s for s in settings.settings_schema("tiny_sign_descent")}
    assert list(schema) == ["lr", "shrink", "weight_decay", "maximize"]
    assert settings.learning_rate("tiny_sign_descent") == "lr" and schema["lr"].schedule
    shrink = schema["shrink"]
    assert (shrink.kind, shrink.min, shrink.max, shrink.min_inclusive, shrink.max_inclusive) == \
        ("number", 0.0, 1.0, True, False)
    assert shrink.description.startswith("Share by which")
    assert schema["weight_decay"] == settings.settings_schema("sgd")[3]   # the shared facts, as SGD's


def test_it_is_in_the_catalog_with_a_newer_preset_at_its_defaults(tiny):
    catalog = json.loads(json.dumps(api.describe(), allow_nan=False))
    entry = next(o for o in catalog["optimizers"] if o["id"] == "tiny_sign_descent")
    assert entry["hyperparams"] == {"lr": 0.05, "shrink": 0.0, "weight_decay": 0.0, "maximize": False}
    assert [s["name"] for s in entry["settings"]] == list(entry["hyperparams"])
    assert entry["doc"].startswith("Sign descent with a shrinking step")
    preset = next(p for p in catalog["presets"] if p["optimizer"] == "tiny_sign_descent")
    assert (preset["id"], preset["label"], preset["group"], preset["hyperparams"]) == \
        ("tiny_sign_descent", "Tiny sign descent", "newer", {})
    assert preset["color"] and preset["dash"] and preset["marker"]
    lookahead = next(o for o in catalog["optimizers"] if o["id"] == "lookahead")
    assert "tiny_sign_descent" in next(s for s in lookahead["settings"] if s["name"] == "inner")["choices"]


def test_the_api_reference_lists_it_among_the_optimizers_beyond_torch(tiny):
    entry = f"::: {tiny.__module__}.tiny_sign_descent\n"
    assert any(e.startswith(entry) for e in optimizer_reference.entries("beyond torch"))
    assert not any(e.startswith(entry) for e in optimizer_reference.entries("torch"))


@pytest.mark.parametrize("kwargs, plain, message", [
    ({"shrink": 1.0}, {"shrink": 1.0}, r"shrink must be in \[0, 1\), got 1.0"),
    ({"shrink": "a bit"}, {"shrink": "a bit"}, "shrink must be a number"),
    ({"shrink": math.nan}, None, "shrink must be a finite number"),
    ({"lr": -0.1}, {"lr": -0.1}, "lr must be in"),
    ({"lr": Cosine(init=-1.0, decay_steps=5)}, {"lr": {"kind": "cosine", "init": -1.0, "decay_steps": 5}},
     "lr.init must be in"),
    ({"weight_decay": -1.0}, {"weight_decay": -1.0}, "weight_decay must be in"),
    ({"maximize": "yes"}, {"maximize": "yes"}, "maximize must be true or false"),
])
def test_its_arguments_are_checked_from_its_schema(tiny, kwargs, plain, message):
    with pytest.raises(ValueError, match=message):
        tiny(**kwargs)
    if plain is not None:   # the page's reading of the same schema (JSON has no NaN)
        assert settings.check_settings("tiny_sign_descent", plain) != []
        with pytest.raises(ValueError, match=message):
            api.build_optimizer("tiny_sign_descent", plain)
    with pytest.raises(TypeError):
        tiny(momentum=0.9)


def test_it_runs_with_a_schedule_maximizes_and_rebuilds_from_its_hyperparams(tiny):
    fn = opt.FUNCTIONS["two_wells"]
    starts = np.array([[0.3, 0.4], [-1.2, 0.7]])
    path = opt.run(tiny(lr=0.1, shrink=0.1), fn, starts, 5).points
    first = starts - 0.1 * np.sign(fn.grad(starts))
    np.testing.assert_array_equal(path[1], first)
    np.testing.assert_array_equal(path[2], first - 0.1 * 0.9 * np.sign(fn.grad(first)))
    scheduled = opt.run(tiny(lr=Cosine(init=0.1, decay_steps=4)), fn, starts, 1).points
    np.testing.assert_array_equal(scheduled[1], first)
    grads = fn.grad(starts)
    up, _ = tiny(maximize=True).update(grads, tiny().init(starts), starts)
    down, _ = tiny().update(-grads, tiny().init(starts), starts)
    np.testing.assert_array_equal(up, down)
    built = tiny(lr=0.2, maximize=True)
    assert built.name == "tiny_sign_descent"
    assert built.hyperparams == {"lr": 0.2, "shrink": 0.0, "weight_decay": 0.0, "maximize": True}
    assert opt.OPTIMIZERS["tiny_sign_descent"](**built.hyperparams).hyperparams == built.hyperparams


def test_one_that_torch_has_gets_a_torch_defaults_preset_and_the_torch_section(tmp_path):
    source = TINY.read_text(encoding="utf-8").replace('label="Tiny sign descent",',
                                                      'label="Tiny sign descent", torch="TinySign",')
    path = tmp_path / "tiny_torch.py"
    path.write_text(source, encoding="utf-8")
    try:
        module = load_as_module(path, "tiny_torch")
        preset = presets.PRESETS["torch_tiny_sign_descent"]
        assert (preset.label, preset.group, preset.optimizer, dict(preset.hyperparams)) == \
            ("TinySign (torch defaults)", "torch_defaults", "tiny_sign_descent", {})
        assert "tiny_sign_descent" not in presets.PRESETS
        assert any(e.startswith(f"::: {module.__name__}.tiny_sign_descent\n")
                   for e in optimizer_reference.entries("torch"))
    finally:
        if "tiny_sign_descent" in opt.OPTIMIZERS:
            registry.unregister("tiny_sign_descent")
    assert "torch_tiny_sign_descent" not in presets.PRESETS


def test_an_id_is_registered_once():
    with pytest.raises(KeyError, match="already an optimizer 'adam'"):
        registry.optimizer("adam", label="Adam again")(lambda lr=1e-3: None)
    assert opt.OPTIMIZERS["adam"].registration.label == "Adam"
