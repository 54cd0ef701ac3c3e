"""The data sets' path into the site: the wheel phase stages them into our package, its version
covers their bytes, and the installed package reads them from itself with no cache at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from site_build import datasets as build_datasets
from site_build.config import BuildConfig, BuildState
from site_build.wheel import build_wheel, wheel_version

REPO = Path(__file__).resolve().parents[2]
DATA_PATH = "optimizers/data/datasets/penguins.bin"


def test_the_wheel_version_covers_the_data_files(tmp_path):
    config = BuildConfig(repo=REPO)
    data = tmp_path / "penguins.bin"
    data.write_bytes(b"one")
    with_data = wheel_version(config, [data])[0]
    assert with_data != wheel_version(config)[0]
    assert wheel_version(config, [data])[0] == with_data
    data.write_bytes(b"two")
    assert wheel_version(config, [data])[0] != with_data


def test_the_wheel_holds_the_data_and_the_installed_package_reads_them_there(tmp_path):
    files = build_datasets.ensure_datasets()
    config = BuildConfig(repo=REPO, cache=tmp_path / "cache")
    state = BuildState(staging=tmp_path / "staging", dataset_files=files)
    build_wheel(config, state)
    assert not (REPO / "optimizers" / "data" / "datasets").exists()     # staged, never in the checkout
    with zipfile.ZipFile(state.our_wheel) as wheel:
        assert wheel.read(DATA_PATH) == files[0].read_bytes()
        assert wheel.read("optimizers/data/datasets/penguins.txt") == files[1].read_bytes()
        wheel.extractall(tmp_path / "installed")
    empty_cache = tmp_path / "no-cache"
    empty_cache.mkdir()
    script = ("import optimizers as opt\n"
              "from optimizers import datasets\n"
              "print(datasets.find('penguins'))\n"
              "print(opt.MODELS['tanh_network'].value([[0.0, 0.0]])[0])\n")
    env = {**os.environ, "OPTIMIZER_PATHS_CACHE": str(empty_cache), "PYTHONPATH": str(tmp_path / "installed")}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found, value = result.stdout.split()
    assert Path(found) == tmp_path / "installed" / DATA_PATH
    assert abs(float(value) - 1.0) < 1e-12
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
