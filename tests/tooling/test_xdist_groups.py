"""The suite's spread over xdist workers (tests/xdist_groups.py): tests of a module with a
module-scoped fixture stay together, all others go one by one."""

from __future__ import annotations

from pathlib import Path

from xdist_groups import group_items, heavy_first

pytest_plugins = ["pytester"]

SHARED = """
import pytest

@pytest.fixture(scope="module")
def expensive():
    return 1

@pytest.fixture
def cheap(expensive):
    return expensive + 1

def test_direct(expensive):
    assert expensive

def test_through_another_fixture(cheap):
    assert cheap

def test_without_it():
    assert True
"""

ALONE = """
import pytest

@pytest.fixture(scope="session")
def everywhere():
    return 1

def test_one(everywhere):
    assert everywhere

def test_two():
    assert True
"""


def groups(items):
    return {item.name: [mark.args[0] for mark in item.iter_markers("xdist_group")] for item in items}


def test_a_module_with_a_module_fixture_is_one_group_and_the_others_are_not_grouped(pytester):
    shared = pytester.makepyfile(test_shared=SHARED)
    alone = pytester.makepyfile(test_alone=ALONE)
    items = pytester.getitems(shared) + pytester.getitems(alone)
    group_items(items)
    found = groups(items)
    assert found["test_direct"] == found["test_through_another_fixture"] == found["test_without_it"] == ["test_shared"]
    assert found["test_one"] == found["test_two"] == []


def test_under_xdist_a_groups_module_fixture_is_made_once(pytester, tmp_path):
    """The groups reach xdist's scheduler: with two workers, the module's fixture is made once (with a
    pytest whose test ids xdist cannot rename, every worker made it: see requirements/quick.txt)."""
    made = tmp_path / "made"
    made.mkdir()
    pytester.makeconftest(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        import pytest
        from xdist_groups import group_items

        @pytest.hookimpl(tryfirst=True)
        def pytest_collection_modifyitems(items):
            group_items(items)
        """)
    tests = "\n".join(f"def test_{i}(expensive):\n    assert expensive\n" for i in range(12))
    fixture = (f"import os, pytest\n\n@pytest.fixture(scope='module')\ndef expensive():\n"
               f"    open(os.path.join({str(made)!r}, str(os.getpid())), 'w').close()\n    return 1\n\n")
    pytester.makepyfile(test_shared=fixture + tests)
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=12)
    assert len(list(made.iterdir())) == 1, "the module's fixture was made by more than one worker"


def test_browser_tests_go_out_first_and_the_cores_last_each_module_in_its_order():
    class Item:
        def __init__(self, nodeid):
            self.nodeid = nodeid

    names = ["tests/core/test_a.py::one", "tests/core/test_a.py::two", "tests/site/test_build.py::x",
             "tests/site/e2e/test_view.py::b", "tests/tooling/test_t.py::t", "tests/site/e2e/test_view.py::a"]
    items = [Item(name) for name in names]
    heavy_first(items)
    assert [item.nodeid for item in items] == [
        "tests/site/e2e/test_view.py::b", "tests/site/e2e/test_view.py::a", "tests/site/test_build.py::x",
        "tests/tooling/test_t.py::t", "tests/core/test_a.py::one", "tests/core/test_a.py::two"]
