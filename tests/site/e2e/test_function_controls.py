"""The function's own controls (issue 7): parameter sliders and fields redraw the contour and
rerun the paths with CPython's ``with_params`` numbers; "Your own f(x, y)" takes a formula
that Python parses and checks (never runs as code), draws it and runs it with CPython's
``from_expression`` numbers; a refused formula is said in the field's alert and loses nothing."""

from __future__ import annotations

import math
from urllib.parse import quote

import numpy as np
import pytest

import optimizers as opt
from conftest import wait_until
from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries
from test_playback import PG

FORMULA = "x**4 - 2*x**2 + y**2 + 0.3*x"


def expression_rows(text, starts, entries):
    function = opt.from_expression(text)
    out = {}
    for key, (optimizer_id, hyperparams, steps) in entries.items():
        trajectory = opt.run(opt.OPTIMIZERS[optimizer_id](**hyperparams), function, np.array(starts, float), steps)
        for row in range(len(starts)):
            last = int(trajectory.last_step[row])
            out[(key, row)] = (*trajectory.points[last, row], trajectory.values[last, row],
                               str(trajectory.status[row]), last)
    return out


def test_a_parameter_slider_redraws_the_contour_and_reruns_with_cpythons_numbers(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_ready_and_run()
    before = opened.base_fingerprint()
    opened.page.get_by_label("Parameter a (slider)", exact=True).fill("1.25")         # input, then change: committed
    opened.page.wait_for_timeout(200)
    opened.wait_run_done()
    params = {"a": 1.25, "b": 3, "c": 0.2, "d": 0.2}
    assert opened.page.evaluate(f"{PG}.state.params") == params
    assert opened.page.get_by_label("Parameter a", exact=True).input_value() == "1.25"
    entries = preset_entries("two_wells", DEFAULTS)
    assert_table_equals(opened, expected_rows("two_wells", [[0.5, 1]], entries, params={"a": 1.25}), [[0.5, 1]])
    wait_until(opened.page, f"{PG}.pythonGrid && {PG}.pythonGrid.params.a === 1.25", what="Python's grid")
    assert opened.drawn_paths() == DEFAULTS            # hidden while the slider moved, back for the new runs
    assert opened.base_fingerprint() != before
    assert "p=a%3A1.25" in opened.page.url

    # A value outside the function's bounds is said beside the field; nothing reruns.
    results = opened.results()
    field = opened.page.get_by_label("Parameter c", exact=True)
    field.fill("0")
    field.press("Enter")
    alert = opened.page.locator(".pg-param-error[role=alert]").filter(has_text="c must be")
    assert alert.inner_text() == "c must be a number between 0.01 and 100."
    assert opened.results() == results and opened.page.evaluate(f"{PG}.state.params") == params

    # Reset: the function's own parameters and the precomputed contour again.
    opened.page.get_by_role("button", name="Reset parameters").click()
    opened.page.wait_for_timeout(200)
    opened.wait_run_done()
    assert_table_equals(opened, expected_rows("two_wells", [[0.5, 1]], entries), [[0.5, 1]])
    assert "p=" not in opened.page.url
    opened.assert_clean()


def test_your_own_formula_is_checked_drawn_and_run_with_cpythons_numbers(open_site):
    opened = open_site("")
    opened.wait_python("ready")
    opened.page.get_by_label("Function", exact=True).select_option("custom")
    field = opened.page.get_by_label("f(x, y)", exact=True)
    alert = opened.page.locator(".pg-expression [role=alert]")
    for hostile in ["__import__('os').system('id')", "x.__class__", "(lambda: 1)()", "sin(x=1)", "x; y",
                    "<img src=x onerror=alert(1)>", "(" * 200 + "x" + ")" * 200, "x" + " + x" * 600]:
        with pytest.raises(opt.ExpressionError) as refused:
            opt.from_expression(hostile[:1000])            # the field holds at most 1000 characters
        field.fill(hostile)
        field.press("Enter")
        said = f"{refused.value}."
        wait_until(opened.page, "document.querySelector('.pg-expression [role=alert]').textContent",
                   lambda text: text == said, what=f"Python's message for {hostile[:30]!r}")
        assert opened.page.evaluate(f"{PG}.state.fn") == "two_wells"      # nothing was taken
        assert field.input_value() == hostile[:1000]                       # and nothing was lost
    assert opened.python_status() == "ready"

    field.fill(FORMULA)
    field.press("Enter")
    wait_until(opened.page, f"{PG}.state.fn === 'custom'", what="the formula taken")
    assert alert.inner_text() == ""
    wait_until(opened.page, "document.querySelector('[data-playground]').dataset.contour === 'custom'", what="its contour")
    minima = opened.page.evaluate(f"{PG}.renderer.scene.minima")
    np.testing.assert_allclose(minima, opt.from_expression(FORMULA).minima, rtol=1e-12)
    opened.click_plot(0.3, 0.3)
    opened.page.wait_for_timeout(100)
    opened.wait_run_done()
    start = opened.page.evaluate(f"{PG}.state.starts")
    entries = preset_entries("two_wells", DEFAULTS)
    assert_table_equals(opened, expression_rows(FORMULA, start, entries), start)
    assert "f=custom" in opened.page.url and "e=" in opened.page.url
    caption = opened.page.locator(".pg-results caption").inner_text()
    assert caption.startswith(f"Where each optimizer ended on f(x, y) = {FORMULA}")

    # The link, cold: the same formula, the same numbers.
    link = opened.page.url
    again = open_site(link[link.index("#"):])
    again.wait_ready_and_run()
    assert again.page.get_by_label("f(x, y)", exact=True).input_value() == FORMULA
    assert again.results() == opened.results()
    opened.assert_clean()
    again.assert_clean()


def test_a_link_with_a_refused_formula_says_why_and_the_page_still_works(open_site):
    opened = open_site("#f=custom&e=" + quote("x + import") + "&s=0.1,0.2", wait_contour=False)
    opened.wait_python("ready")
    wait_until(opened.page, "document.querySelector('.pg-expression [role=alert]').textContent", what="the alert")
    assert "import" in opened.page.locator(".pg-expression [role=alert]").inner_text()
    assert opened.page.get_by_label("f(x, y)", exact=True).input_value() == "x + import"
    # nothing ran with it: no rows, one plain message
    wait_until(opened.page, "document.querySelector('.pg-message').textContent", lambda t: "nothing ran" in t,
               what="the message")
    assert opened.results() == []
    # Another function from the picker works at once.
    opened.page.get_by_label("Function", exact=True).select_option("booth")
    opened.click_plot(0.6, 0.4)
    opened.page.wait_for_timeout(100)
    opened.wait_run_done()
    start = opened.page.evaluate(f"{PG}.state.starts")
    assert_table_equals(opened, expected_rows("booth", start, preset_entries("booth", DEFAULTS)), start)
    assert not any(math.isnan(float(r["end-x"])) for r in opened.results())
    opened.assert_clean(allow_console=lambda text: False)


def test_the_readout_gives_f_at_the_pointer_and_the_formula_is_typeset(open_site):
    opened = open_site("#f=rastrigin&p=A:5")
    opened.wait_python("ready")
    formula = opened.page.locator(".pg-formula math")
    assert formula.count() == 1 and "cos" in formula.text_content()
    assert opened.page.locator(".pg-formula annotation").text_content() == opt.FUNCTIONS["rastrigin"].formula
    box = opened.page.locator("canvas.pg-canvas-overlay").bounding_box()
    opened.page.mouse.move(box["x"] + 150, box["y"] + 120)
    readout = opened.page.locator(".pg-readout")
    wait_until(opened.page, "document.querySelector('.pg-readout').textContent", lambda t: "f = " in t and "…" not in t,
               what="f in the readout")
    point = opened.page.evaluate(f"{PG}.hovered")
    value = float(opt.FUNCTIONS["rastrigin"].with_params(A=5).value([point])[0])
    shown = float(readout.inner_text().split("f = ")[1])
    assert math.isclose(shown, value, rel_tol=1e-4), (shown, value)
    opened.assert_clean()
