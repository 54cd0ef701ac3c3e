"""The browser boundary of Optimizer Paths.

``api`` takes and returns plain data (and float64 numpy arrays) and runs in CPython too;
``bridge`` is the only module that imports ``js``/``pyodide`` (lazily, inside functions);
``worker.mjs`` is the module Web Worker that loads Pyodide and calls ``bridge.call``.
"""
