"""How the suite is spread over xdist workers (``--dist loadgroup``, scripts/test.sh).

A test goes to whichever worker is free, one by one, so a long file (the article's live figures, the
loading tests) no longer holds one worker while the other idles, as ``--dist loadfile`` did. The
exception is a test that uses a fixture made once per module (or class): all the tests of that
module go to one worker together (an ``xdist_group`` named after the module), so the fixture (a
Pyodide process, the article's measurements, a build under a sub-path) is still made once. The rule
reads the fixtures each test asks for, so a new test file needs no list to edit.
"""

from __future__ import annotations

import pytest

SHARED_SCOPES = {"module", "class", "package"}


def shares_a_fixture(item) -> bool:
    """Whether the test asks (directly or through other fixtures) for a fixture of a scope wider than
    the test and narrower than the session."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(definition.scope in SHARED_SCOPES
               for definitions in info.name2fixturedefs.values() for definition in definitions)


def group_items(items) -> None:
    """Put every test of a module that has a module-scoped fixture in one xdist group."""
    grouped = {item.module.__name__ for item in items if getattr(item, "module", None) and shares_a_fixture(item)}
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__name__ in grouped:
            item.add_marker(pytest.mark.xdist_group(module.__name__))


# Which tests go out first: the browser's (seconds each), then the site's others, then the core's
# thousands of short ones, which fill the workers' last minutes evenly. (In the order of
# collection a browser test handed out last kept one worker busy alone for its minute or two.)
FIRST_TO_LAST = ("tests/site/e2e/", "tests/site/", "tests/tooling/", "tests/")


def heavy_first(items) -> None:
    """Reorder ``items`` in place by FIRST_TO_LAST, a module's tests keeping their order."""
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((index for index, prefix in enumerate(FIRST_TO_LAST) if path.startswith(prefix)),
                    len(FIRST_TO_LAST))
    items.sort(key=rank)
