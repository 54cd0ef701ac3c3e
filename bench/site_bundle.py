"""The entry bundle's size and the JavaScript unused at load, for bench/site.py (section ``bundle``).

- ``entry_size(site)``: ``assets/app/main.js`` and the chunks it imports statically (what every page
  loads before its first paint), in bytes and gzip -9 bytes; and the chunks loaded later with import().
- ``unused_at_load(browser, origin, url)``: Chromium's block coverage (CDP ``Profiler.startPreciseCoverage``
  with ``detailed: true``, started before the navigation) taken once the page's first contour is drawn and
  its load event has fired: for every script of the page from the site's origin (not the worker's), the
  bytes that never ran. A byte belongs to the innermost range V8 reports around it.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

STATIC_IMPORT = re.compile(r'(?:^|[;}\s])import\s*(?:[\w${},\s*]+?from\s*)?"(\./[^"]+)"')


def static_closure(app: Path, name: str = "main.js") -> list[Path]:
    seen, todo = [], [app / name]
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.append(path)
            todo += [(path.parent / found).resolve() for found in STATIC_IMPORT.findall(path.read_text())]
    return seen


def entry_size(site: Path) -> dict:
    app = Path(site) / "assets" / "app"
    entry = static_closure(app)
    later = [p for p in sorted((app / "chunks").glob("*.js")) if p not in entry] if (app / "chunks").exists() else []
    size = lambda paths: sum(p.stat().st_size for p in paths)   # noqa: E731
    packed = lambda paths: sum(len(gzip.compress(p.read_bytes(), 9)) for p in paths)   # noqa: E731
    return {"entry files": len(entry), "entry bytes": size(entry), "entry gzip": packed(entry),
            "later files": len(later), "later bytes": size(later), "later gzip": packed(later)}


def used_bytes(functions: list) -> tuple[int, int]:
    """(bytes, bytes that ran) of one script from V8's precise coverage of its functions."""
    ranges = sorted((r["startOffset"], -r["endOffset"], r["count"]) for f in functions for r in f["ranges"])
    if not ranges:
        return 0, 0
    length = max(-end for _, end, _ in ranges)
    ran = bytearray(length)
    for start, end, count in ranges:   # outer ranges first: an inner range overrides its parent
        ran[start:-end] = (b"\x01" if count else b"\x00") * (-end - start)
    return length, sum(ran)


def unused_at_load(session, url: str, wait_for) -> dict:
    """Coverage of ``url`` in ``session`` (a fresh bench Session) at its first contour and load event."""
    page = session.page
    cdp = session.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.startPreciseCoverage", {"callCount": False, "detailed": True})
    page.goto(url)
    wait_for(page, "performance.getEntriesByName('op:contour-drawn').length > 0 && document.readyState === 'complete'")
    coverage = cdp.send("Profiler.takePreciseCoverage")["result"]
    origin = url.split("/", 3)[:3]
    files = {}
    for script in coverage:
        if script["url"].split("/", 3)[:3] != origin or not script["url"].endswith(".js"):
            continue
        total, ran = used_bytes(script["functions"])
        name = script["url"].rsplit("/", 1)[-1]
        had = files.get(name, (0, 0))
        files[name] = (had[0] + total, had[1] + ran)
    total = sum(t for t, _ in files.values())
    unused = sum(t - r for t, r in files.values())
    return {"files": files, "bytes": total, "unused": unused, "share": 100 * unused / total if total else None}


def report_bundle(size: dict, coverage: list[dict]) -> None:
    print("\nentry bundle (assets/app/main.js and the chunks it imports statically: what a page loads before its "
          "first paint)")
    print(f"  {size['entry files']} files, {size['entry bytes']:,} bytes, {size['entry gzip']:,} gzip; loaded on first "
          f"use: {size['later files']} chunks, {size['later bytes']:,} bytes, {size['later gzip']:,} gzip")
    if coverage:
        shares = sorted(c["share"] for c in coverage)
        last = coverage[-1]
        print(f"  JavaScript unused at load (block coverage at the first contour and the load event): median "
              f"{shares[len(shares) // 2]:.0f} % of {last['bytes']:,} bytes (aim under 20 %: "
              + ("yes" if shares[len(shares) // 2] < 20 else "NO") + ")")
        for name, (total, ran) in sorted(last["files"].items(), key=lambda item: -item[1][0]):
            print(f"    {name:<40}{total:>9,} bytes, {100 * (total - ran) / total if total else 0:5.1f} % unused")
