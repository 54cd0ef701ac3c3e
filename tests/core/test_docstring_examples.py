"""The runnable examples in the core's docstrings are right."""

import doctest
import importlib
import pkgutil

import pytest

import optimizers

MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(optimizers.__path__, "optimizers."))


@pytest.mark.parametrize("module_name", ["optimizers"] + MODULES)
def test_docstring_examples(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {module_name}"


def test_the_examples_cover_the_main_entry_points():
    attempted = sum(doctest.testmod(importlib.import_module(m)).attempted for m in ["optimizers"] + MODULES)
    assert attempted >= 10
