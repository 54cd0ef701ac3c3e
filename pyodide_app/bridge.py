"""JavaScript <-> Python for the worker: the only module that imports ``js`` and ``pyodide``.

``call(method, args)`` converts the page's plain JavaScript arguments to Python, calls
``api.METHODS[method]`` and returns a plain JavaScript object ``{ok: true, value}`` or
``{ok: false, error: {kind, message}}``; float64 numpy arrays become ``Float64Array`` copies
(one bulk copy each, no per-element Python loop), dicts become plain objects.
A method in ``api.JOBS`` runs as a job instead: ``start_job(method, args)`` replies
``{ok, value: {job}}``, each ``advance(job)`` does a slice of the work and replies
``{ok, value: {done: false, fraction}}`` until ``{ok, value: {done: true, value}}``, and
``cancel(job)`` abandons it; the worker calls them with pauses in between. The imports
of ``js``/``pyodide`` happen inside functions, so CPython can import this module too.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from .api import JOBS, METHODS

IN_PYODIDE = "pyodide" in sys.modules or sys.platform == "emscripten"
ARGS_DEPTH = 12   # deeper JavaScript arguments stay proxies and fail the api's checks


def to_python(args: Any) -> Any:
    """The page's arguments as Python dicts/lists/numbers (a JsProxy is converted, depth-limited)."""
    if IN_PYODIDE:
        from pyodide.ffi import JsProxy
        if isinstance(args, JsProxy):
            return args.to_py(depth=ARGS_DEPTH)
    return args


def float64_array(array: np.ndarray) -> Any:
    """A JavaScript Float64Array holding a copy of ``array`` (flattened)."""
    import js
    data = np.ascontiguousarray(array, dtype=np.float64).reshape(-1)
    typed = js.Float64Array.new(data.size)
    if data.size:
        typed.assign(data)
    return typed


def _with_typed_arrays(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return float64_array(value)
    if isinstance(value, dict):
        return {str(key): _with_typed_arrays(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_typed_arrays(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def to_javascript(value: Any) -> Any:
    """Plain JavaScript objects, arrays and Float64Arrays for a Python result."""
    import js
    from pyodide.ffi import to_js
    return to_js(_with_typed_arrays(value), dict_converter=js.Object.fromEntries, create_pyproxies=False)


def reply(method: str, args: Any) -> dict:
    """The reply as Python data: ``{"ok": True, "value": ...}`` or ``{"ok": False, "error": ...}``."""
    try:
        if not isinstance(method, str) or method not in METHODS:
            raise ValueError(f"there is no method {method!r} (known: {', '.join(METHODS)})")
        return {"ok": True, "value": METHODS[method](to_python(args))}
    except Exception as error:
        return _failure(error)


_jobs: dict = {}      # job id -> the running generator
_next_job = [1]


def _failure(error: BaseException) -> dict:
    if isinstance(error, (ValueError, TypeError)):
        return {"ok": False, "error": {"kind": "ValueError", "message": str(error)}}
    if isinstance(error, MemoryError):
        return {"ok": False, "error": {"kind": "MemoryError",
                                       "message": "Python ran out of memory; ask for fewer steps, starts or lattice points"}}
    return {"ok": False, "error": {"kind": type(error).__name__, "message": f"{type(error).__name__}: {error}"}}


def is_job(method: Any) -> bool:
    return isinstance(method, str) and method in JOBS


def start_job(method: str, args: Any = None) -> Any:
    """Checks the arguments and starts ``api.JOBS[method]``; replies with the job's id."""
    try:
        steps = JOBS[method](to_python(args))
    except Exception as error:
        return to_javascript(_failure(error))
    job = _next_job[0]
    _next_job[0] += 1
    _jobs[job] = steps
    return to_javascript({"ok": True, "value": {"job": job}})


def advance(job: int) -> Any:
    """One slice of a job's work: its progress, or its value once it is done."""
    steps = _jobs.get(job)
    if steps is None:
        return to_javascript({"ok": False, "error": {"kind": "ValueError", "message": f"there is no job {job}"}})
    try:
        fraction = next(steps)
    except StopIteration as finished:
        del _jobs[job]
        return call_result({"ok": True, "value": {"done": True, "value": finished.value}})
    except Exception as error:
        del _jobs[job]
        return to_javascript(_failure(error))
    return to_javascript({"ok": True, "value": {"done": False, "fraction": float(fraction)}})


def cancel(job: int) -> None:
    """Abandons a job (its generator is closed, its memory freed)."""
    steps = _jobs.pop(job, None)
    if steps is not None:
        steps.close()


def call_result(result: dict) -> Any:
    """A reply as a plain JavaScript object, or a plain error if it cannot be converted."""
    try:
        return to_javascript(result)
    except Exception as error:
        return to_javascript({"ok": False, "error": {"kind": type(error).__name__,
                                                     "message": f"could not send the result: {error}"}})


def call(method: str, args: Any = None) -> Any:
    """What the worker calls: ``reply`` converted to a plain JavaScript object."""
    return call_result(reply(method, args))


def versions() -> dict:
    """Python's, numpy's and our package's versions, for the worker's ready message."""
    import importlib.metadata
    import optimizers
    try:
        package = importlib.metadata.version("optimizer-paths")
    except importlib.metadata.PackageNotFoundError:
        package = optimizers.__version__
    return {"python": sys.version.split()[0], "numpy": np.__version__, "optimizers": package}
