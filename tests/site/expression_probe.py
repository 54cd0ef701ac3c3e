"""Formulas read inside Pyodide (and in CPython), for test_pyodide_expression.py.

``compute(cases_json)`` first feeds every hostile text to ``optimizers.from_expression``
and to ``pyodide_app.bridge.reply`` (recording what each raised or replied), then, as
proof that Python survived them, evaluates the valid formulas (values, gradients, minima,
canonical text, LaTeX) and a plain Python sum. It returns JSON text (``NaN``/``Infinity``
allowed). Inside Pyodide this file runs as a script with the global ``INPUT``; its last
expression is the result.
"""

import json


def _floats(array):
    import numpy as np
    return [float(v) for v in np.asarray(array, dtype=np.float64).reshape(-1)]


def compute(cases_json):
    import numpy as np

    import optimizers
    from pyodide_app import bridge

    cases = json.loads(cases_json)
    out = {"hostile": [], "api": [], "valid": {}, "alive": None}
    for text in cases["hostile"]:
        try:
            optimizers.from_expression(text)
        except Exception as error:  # noqa: BLE001 (the test wants to see any kind)
            out["hostile"].append({"kind": type(error).__name__, "message": str(error),
                                   "value_error": isinstance(error, ValueError)})
        else:
            out["hostile"].append({"kind": "accepted"})
        reply = bridge.reply("grid", {"function": {"expression": text}, "nx": 3, "ny": 3})
        out["api"].append(reply.get("error", {"kind": "accepted"}))
    points = np.array(cases["points"], dtype=np.float64)
    for text in cases["valid"]:
        function = optimizers.from_expression(text)
        out["valid"][text] = {
            "value": _floats(function.value(points)), "grad": _floats(function.grad(points)),
            "minima": _floats(function.minima) if text in cases["minima"] else [],
            "expression": function.expression, "formula": function.formula,
            "contour_scale": function.contour_scale,
        }
    out["non_finite"] = {}
    from pyodide_app import api
    for text in cases.get("non_finite", []):
        made = api.grid({"function": {"expression": text}, "nx": 41, "ny": 41})
        ran = api.run({"function": {"expression": text}, "starts": [[0.5, 0.5], [-1.0, 1.0]],
                       "runs": [{"optimizer": "sgd", "hyperparams": {"lr": 0.01}, "steps": 30}]})["runs"][0]
        out["non_finite"][text] = {
            "non_finite": made["non_finite"], "min": made["min"], "max": made["max"], "minima": made["minima"],
            "finite": [bool(v) for v in np.isfinite(made["values"])], "status": ran["status"],
            "outcomes": [said["kind"] for said in ran["outcomes"]]}
    out["alive"] = sum(k * k for k in range(10))
    return json.dumps(out)


OUTPUT = compute(INPUT) if "INPUT" in globals() else None  # noqa: F821 (set by pyodide_runner.mjs)
OUTPUT
