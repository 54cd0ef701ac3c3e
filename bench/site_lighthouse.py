"""Lighthouse on the playground, mobile and desktop, for bench/site.py (section ``lighthouse``).

Lighthouse is npm's ``lighthouse@12.2.3`` (it runs on Node 20), installed by this module into its own
folder of the download cache, ``~/.cache/optimizer-paths/lighthouse-12.2.3/`` (``npm install --no-save
--ignore-scripts``), never into the site's package.json. It runs the performance category against the
site served on 127.0.0.1 with ``CHROME_PATH=/usr/bin/chromium`` and ``--chrome-flags="--headless=new
--no-sandbox"`` (Lighthouse's default mobile emulation and simulated throttling; ``--preset=desktop`` for
desktop), and its JSON is read for: the performance score, cumulative layout shift, total blocking time,
and the share of JavaScript unused at load (``script-treemap-data``: unused bytes over all script bytes,
what Lighthouse's coverage saw when it stopped).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

VERSION = "12.2.3"
FOLDER = Path(os.environ.get("OPTIMIZER_PATHS_CACHE", Path.home() / ".cache" / "optimizer-paths")) / f"lighthouse-{VERSION}"
CLI = FOLDER / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = "/usr/bin/chromium"
AIMS = {  # figure -> (aim, "min" or "max")
    "performance mobile": (90, "min"), "performance desktop": (98, "min"),
    "layout shift mobile": (0.02, "max"), "layout shift desktop": (0.02, "max"),
    "blocking ms mobile": (200, "max"), "unused JS % mobile": (20, "max"),
}


def install() -> Path:
    """Lighthouse's CLI, installed into the cache folder the first time."""
    if not CLI.exists():
        FOLDER.mkdir(parents=True, exist_ok=True)
        (FOLDER / "package.json").write_text('{"name": "optimizer-paths-lighthouse", "private": true}\n')
        subprocess.run(["npm", "install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund",
                        f"lighthouse@{VERSION}"], cwd=FOLDER, check=True, capture_output=True, text=True)
    return CLI


def unused_share(report: dict) -> float | None:
    """Unused JavaScript bytes over all JavaScript bytes at the end of Lighthouse's load, in %."""
    nodes = report["audits"].get("script-treemap-data", {}).get("details", {}).get("nodes", [])
    total = sum(node.get("resourceBytes", 0) for node in nodes)
    unused = sum(node.get("unusedBytes", 0) for node in nodes)
    return 100 * unused / total if total else None


def lighthouse(url: str, form: str) -> dict:
    """Lighthouse's figures for ``url`` as a ``form`` ("mobile" or "desktop") page."""
    cli = install()
    with tempfile.TemporaryDirectory(prefix="op-lighthouse-") as folder:
        out = Path(folder) / "report.json"
        command = ["node", str(cli), url, "--output=json", f"--output-path={out}", "--quiet",
                   "--only-categories=performance", "--chrome-flags=--headless=new --no-sandbox"]
        if form == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=600,
                       env={**os.environ, "CHROME_PATH": CHROME})
        report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        f"performance {form}": round(100 * (report["categories"]["performance"]["score"] or 0)),
        f"layout shift {form}": audits["cumulative-layout-shift"]["numericValue"],
        f"blocking ms {form}": audits["total-blocking-time"]["numericValue"],
        f"unused JS % {form}": unused_share(report),
        f"first contentful paint ms {form}": audits["first-contentful-paint"]["numericValue"],
        f"largest contentful paint ms {form}": audits["largest-contentful-paint"]["numericValue"],
    }


def run_lighthouse(url: str) -> dict:
    figures = {}
    for form in ("mobile", "desktop"):
        figures.update(lighthouse(url, form))
    return figures


def report_lighthouse(figures: dict) -> None:
    print("\nLighthouse 12.2.3 on the playground (performance category; mobile: emulated phone, simulated "
          "throttling; desktop: --preset=desktop)")
    print(f"{'figure':<36}{'value':>10}{'aim':>10}  met")
    for name, value in figures.items():
        aim = AIMS.get(name)
        shown = "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) and value < 1 else f"{value:.0f}")
        if aim is None or value is None:
            print(f"{name:<36}{shown:>10}")
            continue
        bound, kind = aim
        met = value >= bound if kind == "min" else value <= bound
        print(f"{name:<36}{shown:>10}{('>= ' if kind == 'min' else '<= ') + format(bound, 'g'):>10}  "
              + ("yes" if met else "NO"))
