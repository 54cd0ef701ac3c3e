"""The API reference's "Use it in Python" section: its example, run against the wheel the built
site holds (installed with pip into a folder of its own, the way the page tells a reader to), prints
exactly the output the page shows, and the playground's numbers are CPython's."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "site_src" / "pages" / "api" / "index.md"


def section_blocks():
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## Use it in Python", 1)[1].split("\n::: ", 1)[0]
    blocks = dict(re.findall(r"```(\w+)\n(.*?)```", section, flags=re.S))
    return blocks["sh"], blocks["python"], blocks["text"]


def test_the_example_prints_what_the_page_says_with_the_built_wheel(built_site, tmp_path):
    install, code, shown = section_blocks()
    assert "pip install site/pyodide/optimizer_paths-*.whl" in install
    wheels = sorted((built_site / "pyodide").glob("optimizer_paths-*.whl"))
    assert len(wheels) == 1, wheels
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheels[0])], check=True)
    # The installed package, not the checkout: run from an empty folder with only the target on the path.
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert run.stdout == shown, (run.stdout, shown)
    imported = subprocess.run([sys.executable, "-c", "import optimizers; print(optimizers.__file__)"],
                              cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(target)})
    assert imported.stdout.startswith(str(target)), imported


def test_the_example_describes_the_playgrounds_default_link():
    # The page says the example is the link #s=0.5,1 with the four default circles: hold it to that.
    _, code, _ = section_blocks()
    assert 'start = [[0.5, 1.0]]' in code and "#s=0.5,1" in code
    assert "DEFAULT_PRESETS" in code and 'FUNCTIONS["two_wells"]' in code
