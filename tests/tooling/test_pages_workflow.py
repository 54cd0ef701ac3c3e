"""The GitHub Pages workflow: its shape matches the official starter workflows, its machine is the
README's, the quick test tier runs before the build, its build step (run here with bash as written)
builds a whole site, and its hidden-file check stops a site that upload-pages-artifact would cut.
Its pins are checked in test_workflow_pins.py and its lint in test_workflow_lint.py."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
BUILD_STEP_ID = "build-site"
HIDDEN_FILES_STEP_ID = "no-hidden-files"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def triggers_of(workflow: dict) -> dict:
    """The `on:` mapping (YAML 1.1 reads the bare key `on` as the boolean True)."""
    return workflow.get("on", workflow.get(True))


def steps_of(workflow: dict, job: str) -> list:
    return workflow["jobs"][job]["steps"]


def step_using(workflow: dict, job: str, action: str) -> dict:
    matches = [step for step in steps_of(workflow, job) if step.get("uses", "").split("@")[0] == action]
    assert len(matches) == 1, f"job {job} should use {action} once"
    return matches[0]


def step_with_id(workflow: dict, step_id: str) -> dict:
    matches = [step for step in steps_of(workflow, "build") if step.get("id") == step_id]
    assert len(matches) == 1, f"the build job has no step with id {step_id}"
    return matches[0]


def build_step(workflow: dict) -> dict:
    return step_with_id(workflow, BUILD_STEP_ID)


def test_it_runs_on_pushes_to_main_and_by_hand(workflow):
    triggers = triggers_of(workflow)
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}


def test_each_job_has_only_the_permissions_it_needs_and_one_deployment_runs_at_a_time(workflow):
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_the_official_pages_actions_build_then_deploy(workflow):
    assert set(workflow["jobs"]) == {"build", "deploy"}
    build_steps = steps_of(workflow, "build")
    order = [step.get("uses", "").split("@")[0] or step.get("id") for step in build_steps]
    assert order.index(BUILD_STEP_ID) < order.index(HIDDEN_FILES_STEP_ID) \
        < order.index("actions/upload-pages-artifact"), order
    upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "${{ env.SITE_DIR }}"
    assert upload["with"]["include-hidden-files"] is False
    checkout = step_using(workflow, "build", "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False
    assert workflow["jobs"]["build"]["env"]["SITE_DIR"] == "site"

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["steps"][0]["id"] == "deployment"


def test_the_quick_test_tier_runs_before_the_build_so_a_broken_build_is_never_deployed(workflow):
    steps = steps_of(workflow, "build")
    runs = [step.get("run", "") for step in steps]
    quick = [index for index, run in enumerate(runs) if run.strip().startswith("bash scripts/test.sh --quick")]
    assert len(quick) == 1, runs
    assert quick[0] < steps.index(build_step(workflow))
    assert "continue-on-error" not in steps[quick[0]] and "if" not in steps[quick[0]]
    assert "--quick" in (REPO / "scripts" / "test.sh").read_text()


def test_the_machine_is_the_readmes(workflow):
    """Python and Node versions are the ones the README's first line of set-up names."""
    readme = (REPO / "README.md").read_text()
    python = re.search(r"Python (\d+\.\d+)", readme).group(1)
    node = re.search(r"Node (\d+)", readme).group(1)
    assert (python, node) == ("3.11", "20")
    assert str(step_using(workflow, "build", "actions/setup-python")["with"]["python-version"]) == python
    assert str(step_using(workflow, "build", "actions/setup-node")["with"]["node-version"]) == node


def test_the_download_cache_is_keyed_on_the_pins_and_the_npm_lock(workflow):
    cache = step_using(workflow, "build", "actions/cache")["with"]
    assert cache["path"] == "~/.cache/optimizer-paths"
    assert "hashFiles('site_build/pins.py', 'package-lock.json')" in cache["key"]
    for name in ("site_build/pins.py", "package-lock.json"):
        assert (REPO / name).is_file(), name


def test_the_build_step_runs_serve_shs_commands(workflow):
    step = build_step(workflow)
    assert step.get("shell") == "bash"
    script = step["run"]
    assert "${{" not in script, "the build step's commands must run under plain bash (the test runs them)"
    serve_sh = (REPO / "scripts" / "serve.sh").read_text()
    for command in ['"$PYTHON" -m venv "$VENV"', 'sha256sum requirements/build.txt',
                    '-m pip install --quiet --disable-pip-version-check -r requirements/build.txt',
                    '.build-requirements.sha256']:
        assert command in script, command
        assert command in serve_sh, f"serve.sh no longer runs {command!r}: keep the workflow in step with it"
    assert 'build.py --out "$SITE_DIR"' in script


def run_hidden_files_check(workflow: dict, site: Path) -> subprocess.CompletedProcess:
    script = step_with_id(workflow, HIDDEN_FILES_STEP_ID)["run"]
    assert "${{" not in script
    return subprocess.run(["bash", "-c", script], cwd=REPO, env={**os.environ, "SITE_DIR": str(site)},
                          capture_output=True, text=True, timeout=60)


def test_the_hidden_file_check_passes_a_site_without_hidden_files(workflow, tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "data").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html>")
    (site / "assets" / "data" / "catalog.json").write_text("{}")
    result = run_hidden_files_check(workflow, site)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("hidden", [".nojekyll", "assets/.cache/x.json", "assets/.well-known"])
def test_the_hidden_file_check_stops_a_site_with_a_hidden_file(workflow, tmp_path, hidden):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html>")
    (site / hidden).parent.mkdir(parents=True, exist_ok=True)
    (site / hidden).write_text("x")
    result = run_hidden_files_check(workflow, site)
    assert result.returncode == 1
    first_hidden = next(part for part in hidden.split("/") if part.startswith("."))
    assert first_hidden in result.stdout, result.stdout


@pytest.mark.full   # builds a whole site (about a minute): only in the full suite
def test_the_build_step_builds_a_site_into_site_dir(workflow, tmp_path):
    """Run the step's lines with bash, from the repo, into a temporary SITE_DIR.

    VENV points to a stand-in whose bin/python runs the repo's .venv (so nothing is created and
    the shared .venv gets no stamp file); the step still checks the requirements with pip, which
    finds them installed, and writes its stamp into the stand-in.
    """
    real_python = REPO / ".venv" / "bin" / "python"
    if not real_python.exists():
        real_python = Path(sys.executable)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    wrapper = venv / "bin" / "python"
    wrapper.write_text(f'#!/bin/sh\nexec "{real_python}" "$@"\n')
    wrapper.chmod(0o755)
    site = tmp_path / "out" / "site"
    env = {**os.environ, "SITE_DIR": str(site), "VENV": str(venv), "PIP_NO_INPUT": "1"}
    result = subprocess.run(["bash", "-c", build_step(workflow)["run"]], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "Creating" not in result.stdout                  # the venv was reused, not made
    wanted = hashlib.sha256((REPO / "requirements" / "build.txt").read_bytes()).hexdigest()
    assert (venv / ".build-requirements.sha256").read_text().strip() == wanted
    for relative in ("index.html", "pyodide/pyodide.asm.wasm", "assets/data/catalog.json"):
        assert (site / relative).is_file(), relative
    assert (site / "pyodide" / "pyodide.asm.wasm").stat().st_size > 1_000_000
    assert '"functions"' in (site / "assets" / "data" / "catalog.json").read_text()
    hidden = run_hidden_files_check(workflow, site)
    assert hidden.returncode == 0, "the built site holds hidden files: " + hidden.stdout
