"""The model functions, run in CPython and inside Pyodide, for test_pyodide_models.py.

``compute(cases_json)`` takes each model's values, gradients and minima at the given points,
the minibatch orders, and a minibatch run per case, and says where the data file was read
from; it returns JSON text. Inside Pyodide this file runs as a script with the global
``INPUT``; its last expression is the result.
"""

import json

import numpy as np


def _floats(array):
    return [float(x) for x in np.asarray(array, dtype=np.float64).reshape(-1)]


def compute(cases_json):
    import optimizers as opt
    from optimizers import datasets

    cases = json.loads(cases_json)
    out = {"data_file": str(datasets.find("penguins")), "models": {}}
    for case in cases:
        model = opt.MODELS[case["model"]].with_params(**case["params"])
        xy = np.array(case["points"], dtype=np.float64)
        batches = opt.Minibatches(model, case["batch_size"], case["seed"])
        optimizer = opt.OPTIMIZERS[case["optimizer"]](**case["hyperparams"])
        run = opt.run(optimizer, model, case["starts"], case["steps"], minibatch=batches)
        out["models"][case["id"]] = {
            "value": _floats(model.value(xy)), "grad": _floats(model.grad(xy)),
            "minima": _floats(model.minima), "domain": _floats(model.domain),
            "orders": [[int(i) for i in batches.batch(k)] for k in range(2 * batches.batches_per_epoch)],
            "points": _floats(run.points), "values": _floats(run.values), "status": run.status.tolist(),
        }
    return json.dumps(out)


OUTPUT = compute(INPUT) if "INPUT" in globals() else None  # noqa: F821 (set by pyodide_runner.mjs)
OUTPUT
