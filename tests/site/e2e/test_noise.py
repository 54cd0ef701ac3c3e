"""Gradient noise on screen (issue 8's stochastic gradients): a level and a seed, committed
with Enter, rerun every optimizer with CPython's numbers; "stochastic" is said only then."""

from __future__ import annotations

from test_loading import DEFAULTS, assert_table_equals, expected_rows, preset_entries


def test_noise_set_on_screen_gives_cpythons_noisy_runs_and_says_so(open_site):
    opened = open_site("#s=0.5,1")
    opened.wait_python("ready")
    opened.wait_run_done()
    caption = opened.page.locator(".pg-results caption")
    assert "stochastic" not in caption.inner_text() and "stochastic" not in opened.page.locator(".pg-noise").inner_text()

    sigma = opened.page.get_by_label("Gradient noise σ")
    seed = opened.page.get_by_label("Seed", exact=True)
    sigma.fill("0.1")
    seed.fill("7")
    seed.press("Enter")
    opened.page.wait_for_timeout(200)
    opened.wait_run_done()
    entries = preset_entries("two_wells", DEFAULTS)
    assert_table_equals(opened, expected_rows("two_wells", [[0.5, 1]], entries, noise=(0.1, 7)), [[0.5, 1]])
    assert "stochastic gradients (Gaussian noise σ = 0.1, seed 7)" in caption.inner_text()
    assert "n=0.1%2C7" in opened.page.url or "n=0.1,7" in opened.page.url

    # A value the page cannot use is said beside the fields, and nothing reruns.
    before = opened.results()
    sigma.fill("-1")
    sigma.press("Enter")
    alert = opened.page.locator(".pg-noise [role=alert]")
    assert "noise level is a number from 0 to 100" in alert.inner_text()
    assert opened.results() == before

    # Back to 0: exact gradients, and the caption no longer says stochastic.
    sigma.fill("0")
    sigma.press("Enter")
    opened.page.wait_for_timeout(200)
    opened.wait_run_done()
    assert_table_equals(opened, expected_rows("two_wells", [[0.5, 1]], entries), [[0.5, 1]])
    assert "stochastic" not in caption.inner_text()
    opened.assert_clean()
