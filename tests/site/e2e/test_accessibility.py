"""Accessibility (issue 9): axe-core finds nothing on any built page, in light and dark colours
(the system's setting and the header's switch), before and after a run with every panel open;
on a touch phone every visible control is at least 44 x 44 CSS pixels; and screenshots of the
playground in both colours, on a desktop and a phone, for a person to look at.

axe-core is the npm package the build installs into its cache (package.json's devDependencies;
never shipped). The page's Content-Security-Policy blocks an injected <script> (inline), so its
source is evaluated through Playwright instead (DevTools' evaluation is not subject to the CSP).
The screenshots go to test-output/screenshots/ (ignored by git).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest

import build
from site_build import css_tokens
from conftest import OpenedPage, site_only_context, wait_until

REPO = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44            # CSS px, WCAG 2.5.5 (AAA) and Apple's/Google's guidance for touch
BASINS_TIMEOUT = 120.0
START = "#s=0.5,1"        # a link with a start point: the page runs it as soon as Python is ready
PLAYGROUNDS_PER_PAGE = 2   # an article's figures are all the same playground: the first two are run


# --- the pages and the tools ------------------------------------------------------------------

@pytest.fixture(scope="session")   # cheap and read-only: its tests spread over the workers
def axe_source() -> str:
    path = build.BuildConfig(out=REPO / "site").cache / "npm" / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the site once (its npm step installs axe-core into the cache)",
                    pytrace=False)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")   # cheap and read-only: its tests spread over the workers
def page_paths(built_site) -> List[str]:
    """Every HTML page of the built site, as a path relative to its root ("" for the home page)."""
    paths = []
    for html in sorted(built_site.rglob("*.html")):
        relative = html.relative_to(built_site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    assert "" in paths and any(p.startswith("api/") for p in paths), paths
    return paths


def opened(page, site_url) -> OpenedPage:
    return OpenedPage(page=page, context=page.context, origin=site_url, console_errors=[], page_errors=[],
                      outside_requests=[], held=[], holding={"on": False})


def playground_count(page) -> int:
    return page.evaluate("document.querySelectorAll('[data-playground]').length")


def goto(page, site_url, path: str) -> int:
    """Open a page (with a start point in its link); wait for the contour of its playground (an
    article's figures mount when scrolled near: run_and_open_everything does that). Returns the
    number of playgrounds."""
    page.goto(site_url + path + START)
    count = playground_count(page)
    if page.evaluate("document.querySelectorAll('[data-playground]:not([data-state])').length"):
        wait_until(page, "performance.getEntriesByName('op:contour-drawn').length", timeout=30,
                   what=f"the contour on /{path}")
    return count


def run_and_open_everything(page, site_url, path: str, count: int) -> None:
    """The first PLAYGROUNDS_PER_PAGE playgrounds mounted and run (a figure runs its own state;
    another one the link's start or a click), every <details> open, the vectors on, and a basin
    map in the first playground."""
    view = opened(page, site_url)
    for index in range(min(count, PLAYGROUNDS_PER_PAGE)):
        box = view.playground(index)
        box.scroll_into_view_if_needed()
        wait_until(page, f"!!document.querySelectorAll('[data-playground]')[{index}].querySelector('.pg-canvas-overlay')",
                   timeout=30, what=f"playground {index} on /{path} to mount")
        view.wait_python("ready")
        if view.run_state(index) != "done":
            try:
                view.wait_run_done(index, timeout=5)
            except AssertionError:          # nothing to run from the link: click the plot
                view.click_plot(0.7, 0.3, index)
        view.wait_run_done(index, timeout=90)
        open_every_panel(page)
        for checkbox in box.locator(".pg-vectors input[type=checkbox]").all():
            if checkbox.is_visible() and not checkbox.is_checked():
                checkbox.check()
        view.wait_run_done(index, timeout=90)
        assert box.locator(".pg-loss-chart canvas").count(), f"no loss chart in playground {index} on /{path}"
        if index == 0:
            lattice = box.get_by_label("Lattice")
            lattice.select_option(lattice.locator("option").first.get_attribute("value"))
            box.get_by_role("button", name="Basin map").click()
            wait_until(page, "document.querySelector('[data-playground]').dataset.basins",
                       lambda s: s in ("done", "failed"), BASINS_TIMEOUT, what=f"a basin map on /{path}")
            assert box.get_attribute("data-basins") == "done", box.locator(".pg-basins").inner_text()
    open_every_panel(page)
    page.evaluate("window.scrollTo(0, 0)")


# Every closed <details> opened, and every panel behind a button that says it is collapsed
# (aria-expanded="false") opened with a click, outside the site's header; returns how many.
OPEN_PANELS = """() => {
  let opened = 0;
  for (const details of document.querySelectorAll('details:not([open])')) {
    details.open = true;
    opened++;
  }
  for (const button of document.querySelectorAll('[aria-expanded="false"]')) {
    if (button.closest('.site-header')) continue;
    const box = button.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) {
      button.click();
      opened++;
    }
  }
  return opened;
}"""


def open_every_panel(page) -> None:
    """Every panel and <details> open, those inside opened ones too (a panel may build its
    insides when opened, or load them: each round waits for that)."""
    for _ in range(6):
        if not page.evaluate(OPEN_PANELS):
            return
        page.wait_for_timeout(300)
    raise AssertionError("panels kept closing or appearing: six rounds of opening did not open them all")


def axe_violations(page, axe_source: str) -> List[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then((result) => result.violations.map((v) => ({
             rule: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary}))})))""")


class Findings:
    """Violations collected over many pages and states, reported together: one line per page,
    rule and element, naming the states it was seen in."""

    def __init__(self):
        self.seen: Dict[tuple, List[str]] = {}
        self.checks = 0

    def check(self, page, axe_source: str, path: str, state: str) -> None:
        self.checks += 1
        for violation in axe_violations(page, axe_source):
            for node in violation["nodes"]:
                summary = " ".join(node["summary"].split())
                key = (f"/{path}", violation["rule"], violation["impact"], violation["help"], node["target"], summary)
                self.seen.setdefault(key, []).append(state)

    def assert_none(self) -> None:
        lines = [f"{page} [{rule}, {impact}] {help_} at {target!r} ({'; '.join(states)}): {summary}"
                 for (page, rule, impact, help_, target, summary), states in self.seen.items()]
        assert not lines, f"axe-core found {len(lines)} problem(s) in {self.checks} checks:\n" + "\n".join(lines)


def choose_theme(page, label: str) -> None:
    """Pick Auto, Light or Dark in the header's switch, as a visitor does (a click on its label)."""
    # force: a page animating several playgrounds can starve Playwright's "stable" check
    page.locator(".theme-switch label", has_text=label).click(force=True)
    expected = {"Auto": None, "Light": "light", "Dark": "dark"}[label]
    wait_until(page, "document.documentElement.getAttribute('data-theme')", lambda v: v == expected,
               timeout=5, what=f"the {label} theme")


def css_rgb(hex_colour: str) -> str:
    """"#1d2026" as a computed style writes it, "rgb(29, 32, 38)"."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def custom_properties(page) -> Dict[str, str]:
    """Every custom property the stylesheets set, as computed on <html> now; a colour (site.css
    writes each once as light-dark(light, dark), which a custom property keeps as text) as the
    colour it resolves to there, "rgb(…)"."""
    return page.evaluate("""() => {
        const names = new Set();
        for (const sheet of document.styleSheets) {
          let rules;
          try { rules = sheet.cssRules; } catch { continue; }
          const walk = (list) => { for (const rule of list) {
            if (rule.style) for (const name of rule.style) if (name.startsWith('--')) names.add(name);
            if (rule.cssRules) walk(rule.cssRules);
          } };
          walk(rules);
        }
        const style = getComputedStyle(document.documentElement);
        const probe = document.createElement('span');
        probe.hidden = true;
        document.body.append(probe);
        const value = (n) => {
          const text = style.getPropertyValue(n).trim();
          if (!CSS.supports('color', text)) return text;
          probe.style.color = `var(${n})`;
          return getComputedStyle(probe).color;
        };
        const values = Object.fromEntries([...names].sort().map((n) => [n, value(n)]));
        probe.remove();
        return values;
      }""")


def axis_label_color(page) -> List[int]:
    """The colour of the first opaque pixel in the base canvas's left margin (the y axis's labels), or None."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('canvas.pg-canvas-base');
        const {data} = canvas.getContext('2d').getImageData(0, 0, Math.floor(canvas.width * 0.08), canvas.height);
        let best = null;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200) { best = [data[i], data[i + 1], data[i + 2]]; break; }
        return best;
      }""")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


# --- axe-core, every page, both colours -------------------------------------------------------

def test_axe_finds_nothing_on_any_page_in_light_and_dark_before_and_after_a_run(browser, site_url, page_paths,
                                                                                axe_source):
    context = site_only_context(browser, site_url, viewport=DESKTOP)
    findings = Findings()
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path in page_paths:
            page.emulate_media(color_scheme="dark")
            count = goto(page, site_url, path)
            findings.check(page, axe_source, path, "system dark, on load")
            page.emulate_media(color_scheme="light")
            findings.check(page, axe_source, path, "light, on load")
            state = "on load"
            if count:
                run_and_open_everything(page, site_url, path, count)
                state = "after a run, every panel open"
                findings.check(page, axe_source, path, f"light, {state}")
                if path == "":
                    screenshot(page, "desktop-light.png")
                page.emulate_media(color_scheme="dark")
                findings.check(page, axe_source, path, f"system dark, {state}")
                page.emulate_media(color_scheme="light")
            choose_theme(page, "Dark")
            findings.check(page, axe_source, path, f"Dark by the switch, {state}")
            if count and path == "":
                screenshot(page, "desktop-dark.png")
            choose_theme(page, "Auto")
        assert not errors, f"page errors: {errors}"
        assert not context.outside, f"requests outside the site: {context.outside}"
    finally:
        context.close()
    findings.assert_none()


# --- the switch --------------------------------------------------------------------------------

def test_the_switch_is_remembered_applies_before_paint_and_redraws_the_canvases(browser, site_url):
    context = site_only_context(browser, site_url, viewport=DESKTOP, color_scheme="light")
    try:
        page = context.new_page()
        goto(page, site_url, "")
        switch = page.get_by_role("group", name="Colours")
        assert switch.is_visible()
        assert page.get_by_role("radio", name="Auto (as your system)").is_checked()
        light_properties = custom_properties(page)
        light_axis = axis_label_color(page)
        assert light_axis, "no axis label drawn in the base canvas's left margin"
        # Keyboard: the radios are one tab stop; arrows move the choice.
        page.get_by_role("radio", name="Auto (as your system)").focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert page.get_by_role("radio", name="Dark").is_checked()
        wait_until(page, "document.documentElement.dataset.theme", lambda v: v == "dark", timeout=5)
        switched = custom_properties(page)
        assert switched["--text"] != light_properties["--text"]
        assert switched["--plot-text"] != light_properties["--plot-text"]
        # every colour site.css writes as light-dark() takes its dark half, and only those change
        schemed = {name for name, value in css_tokens.tokens().items() if value.startswith("light-dark(")}
        changed = {name for name in light_properties if switched[name] != light_properties[name]}
        assert changed == schemed, (changed ^ schemed)
        assert all(switched[name] == css_rgb(css_tokens.in_scheme(css_tokens.tokens()[name], "dark"))
                   for name in ("--text", "--bg", "--plot-axis", "--plot-text")), switched
        # The theme reached the playground through its one update path (the state's theme field),
        # and the canvases redrew in the dark colours (the axis labels are light now).
        wait_until(page, "document.querySelector('[data-playground]').playground?.state?.theme",
                   lambda v: v == "dark", timeout=5, what="the playground's state.theme")
        dark_axis = axis_label_color(page)
        assert dark_axis != light_axis and sum(dark_axis) > sum(light_axis), (light_axis, dark_axis)
        # The system's dark colours are the switch's (site.css writes each colour once, as
        # light-dark(): the system's dark scheme and the switch's Dark both pick its dark half).
        choose_theme(page, "Auto")
        page.emulate_media(color_scheme="dark")
        system = custom_properties(page)
        differing = {name: (system[name], switched[name]) for name in system if system[name] != switched[name]}
        assert not differing, f"the dark colours differ between the system's and the switch's: {differing}"
        # The switch's Light wins over a dark system.
        choose_theme(page, "Light")
        assert custom_properties(page) == light_properties
        # Remembered (not in the link), and applied by the blocking theme-init.js before any paint:
        # the first style the page computes is already dark.
        choose_theme(page, "Dark")
        assert "theme" not in page.url
        page.emulate_media(color_scheme="light")
        page.goto(site_url + "rastrigin/")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert page.get_by_role("radio", name="Dark").is_checked()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 25)"
        # theme-init.js is a blocking classic script in <head>, before the first stylesheet.
        order = page.evaluate("""() => [...document.head.querySelectorAll('script, link[rel=stylesheet]')].map((n) =>
            n.tagName === 'SCRIPT' ? `script ${n.getAttribute('src')} ${n.type || 'classic'} ${n.defer || n.async}` : 'css')""")
        assert order[0].startswith("script ") and "theme-init.js classic false" in order[0], order
        assert not context.outside
    finally:
        context.close()


# --- touch targets -----------------------------------------------------------------------------

# Interactive elements and the box a finger hits: a radio or checkbox inside a <label> is hit
# through its label. Inline links inside a sentence (a p or li with other text) are exempt (WCAG
# 2.5.5's "inline" exception), and only those; navigation links and lone links are measured.
MEASURE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], ' +
                   '[tabindex]:not([tabindex="-1"])';
  const visible = (node) => {
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    if (node.closest('details:not([open]) > :not(summary)')) return false;
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const describe = (node) => {
    let text = node.tagName.toLowerCase();
    if (node.id) text += '#' + node.id;
    if (node.className && typeof node.className === 'string') text += '.' + node.className.trim().split(/\\s+/).join('.');
    if (node.type && node.tagName === 'INPUT') text += `[type=${node.type}]`;
    const name = (node.getAttribute('aria-label') || node.textContent || node.value || '').trim().slice(0, 40);
    return name ? `${text} "${name}"` : text;
  };
  const inlineInSentence = (node) => {
    if (node.tagName !== 'A' || getComputedStyle(node).display !== 'inline') return false;
    const block = node.parentElement.closest('p, li');
    return !!block && block.textContent.trim().length > node.textContent.trim().length + 3;
  };
  const out = [];
  const seen = new Set();
  for (const node of document.querySelectorAll(selector)) {
    if (node.disabled && node.tagName !== 'A') { /* still a target when enabled: measured */ }
    const target = (node.tagName === 'INPUT' && ['radio', 'checkbox'].includes(node.type) && node.closest('label'))
      || node;
    if (seen.has(target) || !visible(target) || inlineInSentence(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    out.push({what: describe(target), width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10});
  }
  return out;
}"""


def test_on_a_touch_phone_every_visible_control_is_at_least_44_px(browser, site_url, page_paths):
    context = site_only_context(browser, site_url, viewport=PHONE, has_touch=True, is_mobile=True,
                          device_scale_factor=2, color_scheme="light")
    offenders, measured = [], 0
    try:
        page = context.new_page()
        for path in page_paths:
            count = goto(page, site_url, path)
            if count:
                run_and_open_everything(page, site_url, path, count)
            if path == "":
                page.evaluate("window.scrollTo(0, 0)")
                screenshot(page, "phone-light.png")
                page.emulate_media(color_scheme="dark")
                screenshot(page, "phone-dark.png")
                page.evaluate("document.querySelector('.pg-results')?.scrollIntoView()")
                screenshot(page, "phone-dark-results.png")
                page.emulate_media(color_scheme="light")
            open_every_panel(page)              # (the screenshots may have moved focus: open again)
            targets = page.evaluate(MEASURE)
            measured += len(targets)
            if path == "":
                # the opened "More settings" were measured: Adam's switch (bias_correction) among them
                switches = [t for t in targets if "pg-setting-switch" in t["what"]]
                assert switches, "no switch under an opened 'More settings' was measured"
            offenders += [f"/{path}: {t['what']} is {t['width']} x {t['height']}" for t in targets
                          if t["width"] < MIN_TARGET - 0.5 or t["height"] < MIN_TARGET - 0.5]
        assert not context.outside
    finally:
        context.close()
    assert measured > 50, f"only {measured} controls measured: the enumeration is broken"
    assert not offenders, f"{len(offenders)} of {measured} controls are smaller than {MIN_TARGET} x {MIN_TARGET} px " \
                          "on a touch phone:\n" + "\n".join(offenders)
