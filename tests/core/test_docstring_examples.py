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
    finder = doctest.DocTestFinder()
    examples = sum(len(test.examples) for m in ["optimizers"] + MODULES
                   for test in finder.find(importlib.import_module(m)))
    assert examples >= 10
