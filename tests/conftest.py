"""The test tiers: ``pytest --quick`` runs the quick tier, plain ``pytest`` everything, and every
full-tier test carries the ``full`` marker (so ``-m full`` and ``-m "not full"`` select by tier too).
The rule and the hooks are in ``tests/tiers.py``. Under xdist, lines that a worker leaves in
``workeroutput["summary_lines"]`` are printed at the end by the controller."""

import pytest

from tiers import (pytest_addoption, pytest_collection_modifyitems,  # noqa: F401  (pytest hooks)
                   pytest_ignore_collect, pytest_report_header)

WORKER_LINES = pytest.StashKey[list]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """Under xdist, keep the lines a worker wants printed at the end (``workeroutput["summary_lines"]``,
    set by tests/site/e2e/conftest.py), since only the controller's terminal summary is shown."""
    lines = getattr(node, "workeroutput", {}).get("summary_lines", [])
    node.config.stash.setdefault(WORKER_LINES, []).extend(f"[{node.gateway.id}] {line}" for line in lines)


def pytest_terminal_summary(terminalreporter, config):
    for line in config.stash.get(WORKER_LINES, []):
        terminalreporter.write_line(line)
