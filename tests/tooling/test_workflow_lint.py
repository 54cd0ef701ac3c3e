"""The Pages workflow passes actionlint (syntax, expressions, runner labels, deprecated action
runtimes) and zizmor (security: unpinned actions, permissions, template injection, credentials left
in the checkout), both pinned in requirements/quick.txt, with nothing to report; and each linter does
report a workflow that breaks its rules, so these tests can fail.

actionlint runs without its shellcheck and pyflakes integrations (``-shellcheck= -pyflakes=``) so that
it says the same on every machine whether those tools are installed or not. zizmor runs offline (no
GitHub token, no network) with its strictest persona (``pedantic``) and no configuration file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent


def tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: bash scripts/test.sh --quick installs requirements/quick.txt",
                    pytrace=False)
    return path


def actionlint(workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(tool("actionlint")), "-no-color", "-shellcheck=", "-pyflakes=", str(workflow)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def zizmor(workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(tool("zizmor")), "--offline", "--no-config", "--persona=pedantic", "--no-progress",
                           "--color=never", str(workflow)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})


def test_actionlint_reports_nothing_on_the_pages_workflow():
    result = actionlint(WORKFLOW)
    assert (result.returncode, result.stdout.strip()) == (0, ""), result.stdout + result.stderr


def test_zizmor_reports_nothing_on_the_pages_workflow():
    result = zizmor(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr, result.stdout + result.stderr
    assert "suppressed" not in result.stdout + result.stderr, result.stdout + result.stderr


BAD_WORKFLOW = """\
name: bad
on: push
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.head_commit.message }}"
      - run: echo ${{ steps.nothing.outputs.x }
"""


def test_actionlint_reports_a_broken_workflow(tmp_path):
    workflow = tmp_path / ".github" / "workflows" / "bad.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(BAD_WORKFLOW)
    result = actionlint(workflow)
    assert result.returncode != 0
    assert "bad.yml:" in result.stdout, result.stdout + result.stderr


def test_zizmor_reports_an_unpinned_action_broad_permissions_and_template_injection(tmp_path):
    workflow = tmp_path / ".github" / "workflows" / "bad.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(BAD_WORKFLOW.replace("      - run: echo ${{ steps.nothing.outputs.x }\n", ""))
    result = zizmor(workflow)
    assert result.returncode != 0
    for audit in ("unpinned-uses", "excessive-permissions", "template-injection"):
        assert audit in result.stdout, result.stdout + result.stderr
