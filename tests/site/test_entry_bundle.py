"""The entry bundle holds what the first paint and a click need; the rest loads on first use (issue 16).

``assets/app/main.js`` and the chunks it imports statically (code it shares with modules loaded by
``import()``) are what every page loads first (after its first paint: the picture is in the HTML). uPlot and the loss chart, the settings
panel, basin maps and share/export must be in chunks of their own, loaded with ``import()``; a chunk
must not use ``import.meta.url`` (in a chunk it is the chunk's URL, not ``assets/app/``); every page
has its loader fetch the entry's static chunks with the entry (after the first paint), and the entry stays
within its budget.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

STATIC_IMPORT = re.compile(r'(?:^|[;}\s])import\s*(?:[\w${},\s*]+?from\s*)?"(\./[^"]+)"')
DYNAMIC_IMPORT = re.compile(r'import\("(\./[^"]+)"\)')
# Text only each lazily loaded part has (uPlot's own class name, labels the modules write).
LAZY_MARKERS = {
    "uPlot (the loss chart)": '"u-over"',
    "the settings panel": '"More settings"',
    "the basin-map panel": '"pg-basins-resolution"',
    "share and export": '"pg-download-png"',
}
# bytes: main.js and its static chunks, gzip -9 (232 kB / 88 kB gzip before issue 16; 51.4 kB after the
# lazy loading alone; 63.1 kB once the opening run, history, the 3-D switch, real models' controls and the
# results table's new rows joined it on 2026-12-07; 51.9 kB on 2026-12-08 once viridis was a table of its own,
# without d3-scale-chromatic's d3-color and d3-interpolate)
ENTRY_GZIP_BUDGET = 55_000


def static_closure(app: Path, name: str = "main.js") -> list[Path]:
    """``name`` and every file it imports statically, transitively (paths under ``app``)."""
    seen: list[Path] = []
    todo = [app / name]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        todo += [(path.parent / found).resolve() for found in STATIC_IMPORT.findall(path.read_text())]
    return seen


@pytest.fixture(scope="module")
def app(built_site) -> Path:
    return built_site / "assets" / "app"


def test_the_entry_holds_none_of_the_parts_loaded_on_first_use(app):
    entry = static_closure(app)
    text = "".join(path.read_text() for path in entry)
    chunks = "".join(path.read_text() for path in (app / "chunks").glob("*.js") if path not in entry)
    for part, marker in LAZY_MARKERS.items():
        assert marker not in text, f"{part} is in the entry bundle ({', '.join(p.name for p in entry)})"
        assert marker in chunks, f"{part} is in no chunk loaded with import()"
    assert DYNAMIC_IMPORT.search(text), "the entry loads nothing with import()"


def test_no_chunk_reads_its_own_url(app):
    for path in (app / "chunks").glob("*.js"):
        assert "import.meta" not in path.read_text(), f"{path.name} uses import.meta (its URL is the chunk's)"


def test_every_page_preloads_the_entrys_static_chunks(built_site, app):
    """The page's loader (file-notice.js) starts the entry after the first paint and has the browser fetch
    the entry's static chunks with it: every page that names the entry names exactly those chunks, and no
    page fetches the entry, its chunks or the catalog before its first paint (no module script, no
    preload in the HTML)."""
    chunks = sorted(p.relative_to(app).as_posix() for p in static_closure(app)[1:])
    loader = re.compile(r'<script src="[^"]*assets/app/file-notice\.js" data-entry="[^"]*assets/app/main\.js" '
                        r'data-preload="([^"]*)" data-fetch="[^"]*assets/data/catalog\.json" defer></script>')
    pages = [p for p in built_site.rglob("*.html") if 'assets/app/main.js"' in p.read_text()]
    assert pages
    for page in pages:
        text = page.read_text()
        found = loader.search(text)
        assert found, page
        assert sorted(found.group(1).split()) == chunks, page
        assert 'type="module"' not in text and 'rel="modulepreload"' not in text and 'rel="preload"' not in text, page


def test_the_entry_stays_within_its_budget(app):
    size = sum(len(gzip.compress(path.read_bytes(), 9)) for path in static_closure(app))
    assert size <= ENTRY_GZIP_BUDGET, f"the entry bundle is {size} bytes gzipped (budget {ENTRY_GZIP_BUDGET})"
