"""Every optimizer's settings on screen (issue 7's contract): "<label> learning rate" is a
number field whose committed change reruns that optimizer with CPython's numbers for those
settings; the slider beside it, the other settings, the schedule and Reset do the same; a
value out of range is said beside the field, a value the core refuses comes back as that
optimizer's message while the others still run."""

from __future__ import annotations

import numpy as np

import optimizers as opt
from optimizers.presets import preset_settings
from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_playback import PG

START = [[0.5, 1]]


def hyperparams_of(opened, key):
    return opened.page.evaluate(f"{PG}.state.entries.find((e) => e.key === {key!r}).hyperparams")


def rerun(opened):
    opened.page.wait_for_timeout(150)
    opened.wait_run_done()


def test_a_learning_rate_set_on_screen_gives_cpythons_run_for_those_settings(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    field = opened.page.get_by_label("SGD learning rate", exact=True)
    assert field.input_value() == "0.02"
    assert opened.page.get_by_label("SGD learning rate (slider)", exact=True).count() == 1
    field.fill("0.05")
    field.press("Enter")
    rerun(opened)
    entries = {**preset_entries("two_wells", DEFAULTS), "sgd": ("sgd", {"lr": 0.05}, 500)}
    assert_table_equals(opened, expected_rows("two_wells", START, entries), START)
    # the slider follows the value in use (the field keeps the focus)
    slider = opened.page.get_by_label("SGD learning rate (slider)", exact=True)
    assert slider.get_attribute("aria-valuetext") == "0.05"
    assert abs(int(slider.input_value()) - round(1000 * (np.log(0.05) - np.log(1e-5)) / np.log(1e6))) <= 1

    # Leaving the field commits too; the slider proposes a rounded value from its log scale.
    field.fill("0.003")
    opened.page.get_by_label("SGD steps", exact=True).focus()
    rerun(opened)
    assert hyperparams_of(opened, "sgd") == {"lr": 0.003}
    opened.page.get_by_label("SGD learning rate (slider)", exact=True).fill("700")
    rerun(opened)
    lr = hyperparams_of(opened, "sgd")["lr"]
    assert lr == float(f"{1e-5 * (10 / 1e-5) ** 0.7:.3g}") and field.input_value() == repr(lr).rstrip("0")
    entries["sgd"] = ("sgd", {"lr": lr}, 500)
    assert_table_equals(opened, expected_rows("two_wells", START, entries), START)

    # Out of range: said beside the field, nothing reruns.
    results = opened.results()
    field.fill("-1")
    field.press("Enter")
    alert = opened.page.locator('.pg-settings-entry[data-key="sgd"] [role=alert]')
    assert alert.inner_text() == "learning rate must be a number at least 0."
    assert opened.results() == results

    # Steps and Reset.
    steps = opened.page.get_by_label("SGD steps", exact=True)
    steps.fill("40")
    steps.press("Enter")
    rerun(opened)
    assert opened.page.evaluate(f"{PG}.state.entries.find((e) => e.key === 'sgd').steps") == 40
    opened.page.get_by_role("button", name="Reset SGD to its preset").click()
    rerun(opened)
    assert_table_equals(opened, expected_rows("two_wells", START, preset_entries("two_wells", DEFAULTS)), START)
    assert "o=" not in opened.page.url
    opened.assert_clean()


def test_other_settings_schedules_and_the_cores_own_refusal(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    # A setting the core refuses in combination: Momentum's message beside its fields, the others run.
    opened.page.locator('.pg-settings-entry[data-key="momentum"] summary').click()
    opened.page.get_by_label("Momentum dampening", exact=True).fill("0.5")
    opened.page.get_by_label("Momentum dampening", exact=True).press("Enter")
    rerun(opened)
    opened.page.get_by_label("Momentum nesterov", exact=True).check()
    rerun(opened)
    with __import__("pytest").raises(ValueError) as refused:
        opt.OPTIMIZERS["sgd"](lr=1e-2, momentum=0.8, dampening=0.5, nesterov=True)
    alert = opened.page.locator('.pg-settings-entry[data-key="momentum"] [role=alert]')
    assert alert.inner_text().startswith("Momentum could not run: ")
    assert "nesterov" in alert.inner_text() and "dampening" in str(refused.value)
    others = {key: value for key, value in preset_entries("two_wells", DEFAULTS).items() if key != "momentum"}
    rows = [r for r in opened.results() if r["key"] != "momentum"]
    expected = expected_rows("two_wells", START, others)
    assert len(rows) == 3 and all(abs(float(r["end-x"]) - expected[(r["key"], 0)][0]) <= 1e-9 for r in rows)

    # Adam's rate on a cosine schedule: CPython's run with the same schedule.
    opened.page.locator('.pg-settings-entry[data-key="adam"] summary').click()
    opened.page.get_by_label("Adam learning-rate schedule", exact=True).select_option("cosine")
    rerun(opened)
    decay = opened.page.get_by_label("Adam schedule decay_steps", exact=True)
    decay.fill("80")
    decay.press("Enter")
    rerun(opened)
    hyperparams, steps = preset_settings("adam", "two_wells")
    schedule = {"kind": "cosine", "init": 0.01, "decay_steps": 80, "final": 0}
    assert hyperparams_of(opened, "adam")["lr"] == schedule
    adam = {"adam": ("adam", {**hyperparams, "lr": opt.schedules.schedule_from_dict(schedule)}, steps)}
    expected = expected_rows("two_wells", START, adam)
    row = next(r for r in opened.results() if r["key"] == "adam")
    assert abs(float(row["end-x"]) - expected[("adam", 0)][0]) <= 1e-9 * max(1, abs(expected[("adam", 0)][0]))
    assert abs(float(row["f-end"]) - expected[("adam", 0)][2]) <= 1e-9 * max(1, abs(expected[("adam", 0)][2]))
    # The learning-rate field now sets the schedule's starting rate.
    rate = opened.page.get_by_label("Adam learning rate", exact=True)
    assert rate.input_value() == "0.01"
    rate.fill("0.02")
    rate.press("Enter")
    rerun(opened)
    assert hyperparams_of(opened, "adam")["lr"] == {**schedule, "init": 0.02}
    opened.assert_clean()


def test_lookaheads_learning_rate_is_its_inner_optimizers(open_site):
    opened = open_site("#s=0.5,1&o=lookahead")
    opened.wait_ready_and_run()
    field = opened.page.get_by_label("Lookahead (SGD) learning rate", exact=True)
    assert field.input_value() == "0.02"
    field.fill("0.01")
    field.press("Enter")
    rerun(opened)
    assert hyperparams_of(opened, "lookahead") == {"inner": "sgd", "inner_hyperparams": {"lr": 0.01}}
    entries = {"lookahead": ("lookahead", {"inner": "sgd", "inner_hyperparams": {"lr": 0.01}},
                             preset_settings("lookahead", "two_wells")[1])}
    assert_table_equals(opened, expected_rows("two_wells", START, entries), START)
    opened.assert_clean()
