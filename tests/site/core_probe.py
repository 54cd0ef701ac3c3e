"""The same calls, run in CPython and inside Pyodide, for test_pyodide_core.py.

``compute(cases_json)`` runs each case through ``pyodide_app.api`` (and the functions'
values, gradients and minima, and the package's doctests) and returns JSON text. Inside
Pyodide this file is run as a script with the global ``INPUT``; its last expression is
the result.
"""

import doctest
import importlib
import json
import pkgutil

import numpy as np


def _floats(array):
    return [float(x) for x in np.asarray(array, dtype=np.float64).reshape(-1)]


def compute(cases_json):
    import optimizers
    from pyodide_app import api

    cases = json.loads(cases_json)
    out = {"runs": {}, "functions": {}, "doctests": {}}
    for case in cases["runs"]:
        result = api.run(case["args"])["runs"][0]
        if "error" in result:
            out["runs"][case["id"]] = {"error": result["error"]}
        else:
            out["runs"][case["id"]] = {"points": _floats(result["points"]), "values": _floats(result["values"]),
                                       "status": result["status"], "last_step": result["last_step"],
                                       "outcomes": [[said["kind"], said["minimum"], said["global"], said["step"]]
                                                    for said in result["outcomes"]]}
    for function_id, points in cases["functions"].items():
        function = optimizers.FUNCTIONS[function_id]
        xy = np.array(points, dtype=np.float64)
        out["functions"][function_id] = {
            "value": _floats(function.value(xy)), "grad": _floats(function.grad(xy)),
            "minima": _floats(function.minima), "global_minima": _floats(function.global_minima),
            "minima_values": _floats(function.value(np.asarray(function.minima).reshape(-1, 2))),
        }
    if cases.get("doctests"):
        names = ["optimizers"] + [m.name for m in pkgutil.walk_packages(optimizers.__path__, "optimizers.")]
        for name in names:
            module = importlib.import_module(name)
            result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                                     report=False)
            out["doctests"][name] = [result.failed, result.attempted]
    return json.dumps(out)


OUTPUT = compute(INPUT) if "INPUT" in globals() else None  # noqa: F821 (set by pyodide_runner.mjs)
OUTPUT
