"""The catalog's optimizer facts stay what they were when the settings schema moved next to the
optimizers: ``describe()``'s optimizers (settings, defaults, constraints, docs), presets, preset
groups and schedules equal a snapshot taken before that change (tests/core/data/catalog_optimizers.json).

A deliberate change to these facts updates the snapshot in the same commit (regenerate it with
``python tests/core/test_catalog_snapshot.py``) and says why."""

import json
import pathlib

import pytest

from pyodide_app import api

SNAPSHOT = pathlib.Path(__file__).with_name("data") / "catalog_optimizers.json"
KEYS = ("optimizers", "presets", "default_presets", "preset_groups", "schedules")


def current():
    catalog = json.loads(json.dumps(api.describe(), allow_nan=False))
    return {key: catalog[key] for key in KEYS}


@pytest.fixture(scope="module")
def snapshot():
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", KEYS)
def test_the_catalog_says_what_the_snapshot_says(snapshot, key):
    now = current()[key]
    if key in ("optimizers", "presets"):
        # entry by entry first, so a failure names the entry that changed
        assert [entry["id"] for entry in now] == [entry["id"] for entry in snapshot[key]]
        for ours, before in zip(now, snapshot[key]):
            assert ours == before, ours["id"]
    assert now == snapshot[key]


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(current(), allow_nan=False, indent=1) + "\n", encoding="utf-8")
