"""The tier rule (tests/tiers.py), run by pytest itself on a small test tree laid out like this
repository's: which tests the quick tier keeps, that it never imports a full-tier file, and that
the full suite runs everything with the full-tier tests marked ``full``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
QUICK_ONES = {"tests/core/test_plain.py::test_plain", "tests/tooling/test_lint_like.py::test_lint_like",
              "tests/core/test_numpy_helper.py::test_uses_a_plain_helper"}
FULL_ONES = {"tests/core/test_torch.py::test_torch", "tests/core/test_via_helper.py::test_via_helper",
             "tests/core/test_lazy.py::test_lazy_import", "tests/core/test_fixture.py::test_site",
             "tests/core/test_fixture.py::test_through_another_fixture", "tests/core/test_marked.py::test_marked",
             "tests/site/test_anything.py::test_anything"}


def lay_out(root: Path, *, raise_if_imported: bool) -> None:
    """A repository with tests/tiers.py, tests/xdist_groups.py and tests/conftest.py copied from this one, and test files
    that need (or not) torch, Playwright, the built site or a mark."""
    guard = 'raise RuntimeError("the quick tier imported a full-tier file")\n' if raise_if_imported else ""
    files = {
        "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["tests"]\nmarkers = ["full: full tier"]\n',
        "tests/core/conftest.py": """
            import pytest

            @pytest.fixture
            def built_site():
                return "site"

            @pytest.fixture
            def page_of_site(built_site):
                return built_site + "/index.html"
            """,
        "tests/core/start_helper.py": "import numpy as np\n\ndef start():\n    return np.zeros(2)\n",
        "tests/core/torch_helper.py": "import torch\n" + guard,
        "tests/core/test_plain.py": "import numpy\n\ndef test_plain():\n    assert numpy.zeros(1)[0] == 0\n",
        "tests/core/test_numpy_helper.py": "from start_helper import start\n\n"
                                           "def test_uses_a_plain_helper():\n    assert len(start()) == 2\n",
        "tests/core/test_torch.py": "import torch\n" + guard + "\ndef test_torch():\n    pass\n",
        "tests/core/test_via_helper.py": "from torch_helper import torch\n\ndef test_via_helper():\n    pass\n",
        "tests/core/test_lazy.py": guard + "def test_lazy_import():\n    import playwright.sync_api\n",
        "tests/core/test_fixture.py": "def test_site(built_site):\n    pass\n\n"
                                      "def test_through_another_fixture(page_of_site):\n    pass\n",
        "tests/core/test_marked.py": "import pytest\n\n@pytest.mark.full\ndef test_marked():\n    pass\n",
        "tests/tooling/test_lint_like.py": "def test_lint_like():\n    pass\n",
        "tests/site/conftest.py": guard,
        "tests/site/test_anything.py": guard + "def test_anything():\n    pass\n",
    }
    if not raise_if_imported:   # the full suite imports these files: a stand-in spares torch's seconds
        files["tests/core/torch.py"] = '"""A stand-in for torch: the rule goes by the name imported."""\n'

    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    for name in ("tiers.py", "xdist_groups.py", "conftest.py"):
        shutil.copy(TESTS / name, root / "tests" / name)


def collected(root: Path, *arguments: str) -> set:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-p", "no:xdist", "-p", "no:randomly", *arguments], cwd=root, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {line.strip() for line in result.stdout.splitlines() if "::" in line}


def test_the_quick_tier_keeps_only_tests_that_need_no_torch_browser_or_site(tmp_path):
    lay_out(tmp_path, raise_if_imported=True)       # importing any full-tier file would fail collection
    assert collected(tmp_path, "--quick") == QUICK_ONES


def test_the_full_suite_runs_everything_and_marks_the_full_tier(tmp_path):
    lay_out(tmp_path, raise_if_imported=False)
    assert collected(tmp_path) == QUICK_ONES | FULL_ONES
    assert collected(tmp_path, "-m", "full") == FULL_ONES


@pytest.mark.parametrize("source, chain", [
    ("import torch\n", "torch"),
    ("from torch.optim import Adam\n", "torch"),
    ("import qhoptim.pyt as qh\n", "qhoptim"),
    ("def test():\n    import playwright.sync_api\n", "playwright"),
    ("from torch_reference import run\n", "torch_reference -> torch"),
    ("import numpy\nfrom start_points import starts_in\n", None),
    ("import torchvision_lookalike_not_torch\n", None),
])
def test_the_import_rule_follows_local_helpers_and_lazy_imports(tmp_path, monkeypatch, source, chain):
    import tiers
    monkeypatch.setattr(tiers, "REPO", tmp_path)
    tiers.full_tier_import.cache_clear()
    folder = tmp_path / "tests" / "core"
    folder.mkdir(parents=True)
    (folder / "torch_reference.py").write_text("import torch\n")
    (folder / "start_points.py").write_text("import numpy as np\n")
    (folder / "test_x.py").write_text(source)
    try:
        assert tiers.full_tier_import(folder / "test_x.py") == chain
    finally:
        tiers.full_tier_import.cache_clear()


def test_this_repositorys_torch_parity_tests_are_full_tier_and_its_core_tests_are_quick():
    import tiers
    core = TESTS / "core"
    for name in ("test_parity_adam_family.py", "test_parity_sgd_family.py", "test_extra_optimizers.py",
                 "test_record.py"):
        assert tiers.full_tier_import(core / name), name
    for name in ("test_runs.py", "test_functions.py", "test_api.py"):
        assert tiers.full_tier_import(core / name) is None, name
