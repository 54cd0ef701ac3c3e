"""The phase that makes the site work offline: sw.js, the service worker, with every file of the build."""

from __future__ import annotations

import hashlib
import json

from .config import BuildConfig, BuildError, BuildState
from .pins import SERVICE_WORKER
from .tools import sha256_of

TEMPLATE = "site_src/service-worker.js"


def write_service_worker(config: BuildConfig, state: BuildState) -> None:
    """sw.js at the site's root: site_src/service-worker.js with this build's id and the list of
    every other file and its sha256, which it precaches (and checks) on install."""
    template = (config.repo / TEMPLATE).read_text()
    if "__BUILD__" not in template or "__FILES__" not in template:
        raise BuildError(f"{TEMPLATE} lost its __BUILD__ or __FILES__ placeholder")
    files = sorted([path.relative_to(state.staging).as_posix(), sha256_of(path)]
                   for path in state.staging.rglob("*") if path.is_file() and path.name != SERVICE_WORKER)
    build = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]
    text = template.replace('"__BUILD__"', json.dumps(build)).replace("__FILES__", json.dumps(files, indent=0))
    (state.staging / SERVICE_WORKER).write_text(text)
    state.build_id = build
