"""The built site: self-contained, pinned, complete; and a failing phase says one clear sentence."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import build
from site_build import pins
from site_build.check import PINNED_FILES, find_problems
from site_build.tools import sha256_of
from site_build.wheel import wheel_version
import optimizers as opt
from optimizers import presets

REPO = Path(build.__file__).resolve().parent


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def catalog_of(site: Path) -> dict:
    return json.loads((site / "assets" / "data" / "catalog.json").read_text())


# --- what the site holds -------------------------------------------------------------------


def test_the_site_refers_only_to_its_own_files_and_its_pins_hold(built_site):
    assert set(PINNED_FILES) == {f"pyodide/{pins.NUMPY_WHEEL}"} | {
        f"pyodide/{name}" for name in pins.PYODIDE_CORE_SHA256 if name != "pyodide-lock.json"}
    assert find_problems(built_site, PINNED_FILES) == []


def test_the_site_has_the_layout_of_the_contract(built_site):
    for relative in ["assets/app/worker.mjs", "assets/app/main.js", "sw.js", "pyodide/runtime.json",
                     "assets/data/catalog.json", "pyodide/pyodide.mjs",
                     "pyodide/pyodide.asm.js", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip",
                     "pyodide/pyodide-lock.json"]:
        assert (built_site / relative).is_file(), relative
    for markdown in (REPO / "site_src" / "pages").glob("*.md"):
        page = "index.html" if markdown.stem == "index" else f"{markdown.stem}/index.html"
        assert (built_site / page).is_file(), page
    for module in ("worker.mjs", "runtime-download.mjs"):   # the worker and the module it imports
        assert (built_site / "assets/app" / module).read_bytes() == (REPO / "pyodide_app" / module).read_bytes()


def test_the_lock_holds_official_numpy_and_our_wheel_with_their_hashes(built_site):
    lock = json.loads((built_site / "pyodide" / "pyodide-lock.json").read_text())
    official = json.loads((Path(build.BuildConfig().cache) / "npm" / "node_modules" / "pyodide"
                           / "pyodide-lock.json").read_text())
    assert lock["info"] == official["info"] and lock["info"]["version"] == "0.27.7"
    assert set(lock["packages"]) == {"numpy", pins.OUR_PACKAGE}
    assert lock["packages"]["numpy"] == official["packages"]["numpy"]
    numpy_entry, ours = lock["packages"]["numpy"], lock["packages"][pins.OUR_PACKAGE]
    assert numpy_entry["sha256"] == pins.NUMPY_WHEEL_SHA256 == sha256(built_site / "pyodide" / numpy_entry["file_name"])
    assert ours["sha256"] == sha256(built_site / "pyodide" / ours["file_name"])
    assert ours["depends"] == ["numpy"] and ours["imports"] == ["optimizers", "pyodide_app"]
    assert ours["version"].startswith(opt.__version__ + "+") and ours["version"] in ours["file_name"]


def test_our_wheel_version_follows_the_sources(tmp_path):
    """The wheel's version is content-addressed, so browsers never keep a stale copy."""
    repo = tmp_path / "repo"
    for name in ("optimizers", "pyodide_app"):
        shutil.copytree(REPO / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "pyproject.toml", repo / "pyproject.toml")
    config = build.BuildConfig(repo=repo)
    first = wheel_version(config)[0]
    assert first == wheel_version(build.BuildConfig(repo=REPO))[0]
    (repo / "optimizers" / "__pycache__").mkdir(exist_ok=True)
    (repo / "optimizers" / "__pycache__" / "x.pyc").write_bytes(b"ignored")
    assert wheel_version(config)[0] == first
    schedules = repo / "optimizers" / "schedules.py"
    schedules.write_text(schedules.read_text() + "\n# changed\n")
    second = wheel_version(config)[0]
    assert second != first and second.split("+")[0] == first.split("+")[0]


def test_the_catalog_lists_every_function_optimizer_and_preset(built_site):
    catalog = catalog_of(built_site)
    assert [f["id"] for f in catalog["functions"]] == list(opt.FUNCTIONS) + list(opt.MODELS)
    assert [o["id"] for o in catalog["optimizers"]] == list(opt.OPTIMIZERS)
    offered = [p.id for p in presets.PRESETS.values() if p.optimizer in opt.OPTIMIZERS]
    assert [p["id"] for p in catalog["presets"]] == offered
    assert catalog["default_presets"] == [p for p in presets.DEFAULT_PRESETS if p in offered]


def test_the_grids_have_the_contract_layout_and_the_functions_values(built_site):
    catalog = catalog_of(built_site)
    for entry in catalog["functions"]:
        grid = entry["grid"]
        data = np.fromfile(built_site / "assets" / "data" / grid["file"], dtype="<f4")
        assert data.size == grid["nx"] * grid["ny"], entry["id"]
        function = {**opt.FUNCTIONS, **opt.MODELS}[entry["id"]]   # the models on real data are gridded too
        (x_min, x_max), (y_min, y_max) = function.domain
        xs, ys = np.linspace(x_min, x_max, grid["nx"]), np.linspace(y_min, y_max, grid["ny"])
        x, y = np.meshgrid(xs, ys)
        expected = function.value(np.column_stack([x.ravel(), y.ravel()]))
        np.testing.assert_array_equal(data, expected.astype("<f4"), err_msg=entry["id"])
        assert grid["min"] == pytest.approx(float(np.nanmin(expected)))
        assert grid["max"] == pytest.approx(float(np.nanmax(expected)))
        assert 160 <= grid["nx"] <= 200


def test_the_page_script_is_one_bundle_with_d3_inside(built_site):
    """main.js imports nothing but its own chunks (code splitting: what it shares with a module loaded
    on first use, statically; those modules, with import()), so no chain of module requests reaches
    outside the bundle before the first contour; d3's contouring and scales are in the files the
    first paint loads, and their licences are kept beside them."""
    app = built_site / "assets" / "app"
    bundle = (app / "main.js").read_text()
    imports = re.findall(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']""", bundle)
    assert imports and all(re.fullmatch(r"\./chunks/[\w-]+\.js", name) for name in imports), imports
    static = re.findall(r"""\bfrom\s*["'](\./chunks/[^"']+)["']""", bundle)
    first_paint = bundle + "".join((app / name).read_text() for name in static)
    assert "invalid size" in first_paint                  # d3-contour's own check of a grid's size
    assert "44015444025645045745055946075a" in first_paint  # the start of d3-scale-chromatic's viridis ramp
    assert sorted(p.name for p in app.iterdir()) == ["chunks", "file-notice.js", "main.js", "runtime-download.mjs",
                                                     "theme-init.js", "worker.mjs"]
    assert "d3-contour" in (built_site / "assets" / "vendor" / "LICENSES.txt").read_text()


def test_the_runtime_list_names_every_file_the_worker_downloads_with_its_size_and_hash(built_site):
    runtime = json.loads((built_site / "pyodide" / "runtime.json").read_text())
    lock = json.loads((built_site / "pyodide" / "pyodide-lock.json").read_text())
    names = [entry["name"] for entry in runtime["files"]]
    assert names == [*pins.RUNTIME_CORE_FILES, pins.NUMPY_WHEEL, lock["packages"][pins.OUR_PACKAGE]["file_name"]]
    for entry in runtime["files"]:
        path = built_site / "pyodide" / entry["name"]
        assert entry["size"] == path.stat().st_size and entry["sha256"] == sha256_of(path)
    assert re.fullmatch(r"[0-9a-f]{16}", runtime["build"])


def test_the_service_worker_lists_every_other_file_of_the_site_with_its_hash(built_site):
    text = (built_site / "sw.js").read_text()
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", text, re.S).group(1))
    on_disk = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file() and p.name != "sw.js")
    assert [path for path, _ in files] == on_disk
    for path, sha in files:
        assert sha == sha256_of(built_site / path), path
    build_id = re.search(r'const BUILD = "([0-9a-f]{16})";', text).group(1)
    assert build_id and "__FILES__" not in text


def test_the_check_finds_other_origins_missing_files_and_bad_hashes(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "app").mkdir(parents=True)
    (site / "pyodide").mkdir()
    (site / "index.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example.com/x.css"><a href="https://example.org/">ok</a>'
        '<script type="module" src="assets/app/main.js"></script><a href="missing/">gone</a>')
    (site / "assets" / "app" / "main.js").write_text(
        'import {a} from "./here.js";\nimport "https://esm.sh/d3";\nimport x from "d3";\n'
        'const u = new URL("../data/", import.meta.url);')
    (site / "assets" / "app" / "here.js").write_text("export const a = 1;")
    (site / "assets" / "site.css").write_text("body { background: url(https://fonts.example/x.png); }")
    (site / "pyodide" / "w.whl").write_bytes(b"wheel")
    (site / "pyodide" / "pyodide-lock.json").write_text(json.dumps({"info": {"version": "0.27.7"}, "packages": {
        "w": {"file_name": "w.whl", "sha256": "0" * 64}, "gone": {"file_name": "gone.whl", "sha256": "0" * 64}}}))
    problems = "\n".join(find_problems(site, {"pyodide/w.whl": "1" * 64}))
    assert "index.html loads https://cdn.example.com/x.css from another origin" in problems
    assert "example.org" not in problems                     # a plain link away is no request
    assert "index.html refers to missing/" in problems
    assert "main.js loads https://esm.sh/d3 from another origin" in problems
    assert "imports the bare name 'd3'" in problems
    assert "assets/app/main.js refers to ../data/" in problems  # no data/ folder in this fake site
    assert "site.css loads https://fonts.example/x.png" in problems
    assert "w.whl does not have the sha256 pyodide-lock.json gives it" in problems
    assert "gone.whl for gone, which is not in the site" in problems
    assert "pyodide/w.whl does not have the sha256 that site_build/pins.py pins" in problems


# --- failing phases ------------------------------------------------------------------------


def run_cli(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--quiet", *args],
                          capture_output=True, text=True, env=env, timeout=600)


def test_a_tampered_numpy_wheel_is_refused_in_one_sentence_and_the_old_site_stays(built_site, tmp_path):
    pyodide_dir = tmp_path / "pyodide-dist"
    pyodide_dir.mkdir()
    wheel = pyodide_dir / pins.NUMPY_WHEEL
    shutil.copy2(built_site / "pyodide" / pins.NUMPY_WHEEL, wheel)
    with open(wheel, "ab") as stream:
        stream.write(b"tampered")
    out = tmp_path / "site"
    out.mkdir()
    (out / "marker.txt").write_text("the previous site")
    result = run_cli("--out", str(out), "--pyodide-dir", str(pyodide_dir))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("build failed: the numpy wheel in ")
    assert "so it was refused" in lines[0] and pins.NUMPY_WHEEL_SHA256[:16] in lines[0]
    assert (out / "marker.txt").read_text() == "the previous site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_a_pyodide_dir_without_numpy_says_so(tmp_path):
    result = run_cli("--out", str(tmp_path / "site"), "--pyodide-dir", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"build failed: {tmp_path} has no {pins.NUMPY_WHEEL}: give --pyodide-dir "
                                     "a Pyodide 0.27.7 distribution folder")


def test_a_machine_without_npm_is_told_to_install_it(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))  # no npm, no node
    result = run_cli("--out", str(tmp_path / "site"), env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == "build failed: npm is not installed: install Node.js 20 and npm"
    assert not (tmp_path / "site").exists()


def test_a_local_pyodide_distribution_supplies_numpy(built_site, tmp_path):
    pyodide_dir = tmp_path / "pyodide-dist"
    pyodide_dir.mkdir()
    shutil.copy2(built_site / "pyodide" / pins.NUMPY_WHEEL, pyodide_dir / pins.NUMPY_WHEEL)
    report = build.build(build.BuildConfig(out=tmp_path / "site", pyodide_dir=pyodide_dir))
    assert sha256(report.out / "pyodide" / pins.NUMPY_WHEEL) == pins.NUMPY_WHEEL_SHA256
    assert report.size_bytes > 10_000_000 and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_broken_page_link_fails_the_pages_phase_in_one_sentence(tmp_path):
    repo = tmp_path / "repo"
    for name in ("optimizers", "pyodide_app", "site_src", "site_build"):   # site_build: mkdocs.yml's math hook
        shutil.copytree(REPO / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy2(REPO / name, repo / name)
    page = next((repo / "site_src" / "pages").glob("*.md"))
    page.write_text(page.read_text() + "\n\nSee [the missing page](no-such-page.md).\n")
    with pytest.raises(build.BuildError) as failure:
        build.build(build.BuildConfig(repo=repo, out=tmp_path / "site"))
    message = str(failure.value)
    assert message.startswith("MkDocs could not render the pages: ") and "no-such-page.md" in message
    assert "\n" not in message and not (tmp_path / "site").exists()
