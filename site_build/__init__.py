"""The site's build, one module per concern; ``build.py`` runs the phases in order.

``pins`` (pinned versions and sha256 sums), ``config`` (what the phases share), ``tools``
(hashing, commands, the cache lock), ``fetch`` (npm packages, numpy's Pyodide wheel),
``wheel`` (our content-addressed wheel), ``pages`` (MkDocs), ``assets`` (pyodide/, vendor/,
data/, app/), ``check`` (references resolve inside the site, pins hold).
"""

from .config import BuildConfig, BuildError, BuildState

__all__ = ["BuildConfig", "BuildError", "BuildState"]
