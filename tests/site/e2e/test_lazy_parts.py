"""Parts loaded on first use (issue 16): the loss chart (uPlot) and the settings panel are not fetched
for the first paint; the visitor's first touch has them fetched (from 127.0.0.1, every other origin
blocked) while Python still loads, and then they work: the click's table, the loss curves and a
learning rate changed in the settings panel give CPython's numbers."""

from __future__ import annotations

from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_loss_and_vectors import assert_columns_equal, chart, cpython_runs
from test_playback import PG
from conftest import wait_until

# (the tools' panels are closed at first paint; the loss curves' panel is open on a desktop from the
# start, showing the opening run's curves, so its chunk comes as soon as the panel shows)
LAZY = ("settings-panel", "basin-controls", "sweep-panel", "share-controls")


def fetched_chunks(opened) -> list:
    return opened.page.evaluate("""performance.getEntriesByType('resource').map((e) => e.name)
        .filter((name) => name.includes('/assets/app/chunks/')).map((name) => name.split('/').pop())""")


def loaded(opened, part) -> bool:
    return any(name.startswith(part + "-") for name in fetched_chunks(opened))


def test_parts_load_on_first_touch_and_then_give_cpythons_numbers(open_site):
    # Python held back and the panels left closed, as a visitor finds them: only a touch loads them
    opened = open_site("", hold_pyodide=True, panels_open=False)
    opened.page.wait_for_timeout(500)
    for part in LAZY:
        assert not loaded(opened, part), f"{part} was fetched for the first paint: {fetched_chunks(opened)}"

    opened.click_plot(0.625, 0.25)   # the first touch; (0.5, 1) on two wells' [-2, 2] view
    for part in LAZY:
        wait_until(opened.page, f"performance.getEntriesByType('resource').some((e) => e.name.includes('/chunks/{part}-'))",
                   what=f"{part} to load after the first touch")
    assert opened.python_status() == "loading"
    opened.release()
    opened.wait_python()
    opened.wait_run_done()
    start = [opened.page.evaluate(f"{PG}.state.starts[0]")]
    assert_table_equals(opened, expected_rows("two_wells", start, preset_entries("two_wells", DEFAULTS)), start)
    assert_columns_equal(chart(opened), cpython_runs("two_wells", start[0]))

    opened.page.evaluate("document.querySelectorAll('details.pg-panel').forEach((d) => { d.open = true; })")
    field = opened.page.get_by_label("SGD learning rate", exact=True)
    field.fill("0.05")
    field.press("Enter")
    opened.page.wait_for_timeout(150)
    opened.wait_run_done()
    entries = {**preset_entries("two_wells", DEFAULTS), "sgd": ("sgd", {"lr": 0.05}, 500)}
    assert_table_equals(opened, expected_rows("two_wells", start, entries), start)
    opened.assert_clean()
