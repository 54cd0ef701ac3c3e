// The playground's DOM skeleton, top to bottom: toolbar (function picker, Python's status),
// link notice, plot, playback bar, vectors, the line under it (readout, legend, view and
// start controls), loss curves; then (beside them on a wide screen) the optimizer toggles,
// message, results, share and export, the optimizers' settings, the function's parameters,
// gradient noise, basin maps. Only builds; the controls' registry (controls/registry.js) names
// the slot each control mounts in (slotFor adds a box for a slot the skeleton lacks), and
// playground.js mounts them.
import {el, watchOverflow} from "../controls/dom.js";

function statusBox(tag, className, {live = false} = {}) {
  const node = el(tag, className);
  node.setAttribute("role", "status");
  if (live) node.setAttribute("aria-live", "polite");
  return node;
}

// The keyboard help under the plot (plot-input.js's keys), which the plot points to with
// aria-describedby; ids count up so several playgrounds on a page each have their own.
export const PLOT_KEYS = "Keys on the plot: the arrow keys move a cross (Shift: further), Enter or Space starts " +
  "from it (from the middle of the view before it has moved), + and − zoom. Anywhere in the playground: K plays " +
  "or pauses, comma and full stop step back and forward, [ and ] slow down and speed up.";
let layouts = 0;

// compact: a figure of the article (figure.js): the plot, the toggles, playback and results; the
// function picker and the heavier panels folded into a closed "More tools" <details class="pg-tools">.
export function buildLayout(element, {hint, compact = false}) {
  const id = `pg-${++layouts}`;
  element.classList.add("pg");
  element.replaceChildren();
  const ui = {
    picker: el("div", "pg-picker"),
    params: el("div", "pg-params-box"),
    python: statusBox("div", "pg-python", {live: true}),
    linkNotice: statusBox("p", "pg-link-notice"),
    nonFinite: statusBox("p", "pg-non-finite"),
    plot: el("div", "pg-plot"),
    readout: el("div", "pg-readout", hint),
    playback: el("div", "pg-playback"),
    vectors: el("div", "pg-vectors-box"),
    loss: el("div", "pg-loss"),
    legend: el("div", "pg-legend"),
    startControls: el("div", "pg-start-controls"),
    viewControls: el("div", "pg-view-controls"),
    plotKind: el("div", "pg-plot-kind"),   // the 3-D switch (controls/plot-kind.js)
    toggles: el("div", "pg-toggles"),
    settings: el("section", "pg-settings"),
    noise: el("div", "pg-noise"),
    basins: el("section", "pg-basins"),
    message: statusBox("p", "pg-message", {live: true}),
    results: el("div", "pg-results"),
    keys: el("p", "pg-keys", PLOT_KEYS),
    minimaNote: el("span", "pg-legend-note"),
    // short lines for screen readers (announcements.js): what a run, a toggle or the cross did
    announcer: statusBox("div", "pg-announcer pg-sr-only", {live: true}),
    share: el("div", "pg-share"),
  };
  ui.linkNotice.hidden = true;
  ui.nonFinite.hidden = true;
  ui.message.hidden = true;
  ui.playback.hidden = true;
  ui.loss.hidden = true;
  ui.vectors.hidden = true;
  ui.playback.setAttribute("role", "group");
  ui.playback.setAttribute("aria-label", "Playback (keys: K play or pause, comma and full stop one step, brackets speed)");
  ui.keys.id = `${id}-keys`;
  // the symbols are drawn, the words read
  const symbol = (text) => {
    const span = el("span", "pg-legend-symbol", text);
    span.setAttribute("aria-hidden", "true");
    return span;
  };
  const global = el("span", "pg-legend-global"), local = el("span", "pg-legend-local");
  global.append(symbol("★"), " global minimum");
  local.append(symbol("○"), " other local minimum");
  ui.legend.append(global, local, ui.minimaNote);
  // The results table is not a live region (a screen reader would read all of it after
  // every run): the announcer says in one line per optimizer what changed.
  // (landmarks: named apart when a page has several playgrounds, as an article's figures are)
  const nth = layouts > 1 ? ` (playground ${layouts})` : "";
  ui.basins.setAttribute("aria-label", `Basin maps${nth}`);
  ui.settings.setAttribute("aria-label", `Optimizer settings${nth}`);
  ui.settings.hidden = true;
  const toolbar = el("div", "pg-toolbar");
  toolbar.append(ui.picker, ui.python);
  const figure = el("div", "pg-figure");
  figure.append(ui.plot);
  const below = el("div", "pg-below");
  below.append(ui.readout, ui.legend, ui.viewControls, ui.plotKind, ui.startControls, ui.keys);
  ui.params.hidden = true;
  // Two columns on a wide screen (CSS): the plot and what follows it on the left, the
  // optimizers, their results and the tools on the right; one column otherwise.
  const main = el("div", "pg-main");
  main.append(toolbar, ui.linkNotice, ui.nonFinite, figure, ui.playback, ui.vectors, below, ui.loss);
  const side = el("div", "pg-side");
  const scrollHint = el("p", "pg-scroll-hint", "The table is wider than its box: scroll it sideways for its other columns →");
  side.append(ui.announcer, ui.toggles, ui.message, scrollHint, ui.results, ui.share, ui.settings, ui.params, ui.noise, ui.basins);
  watchOverflow(ui.results, scrollHint);
  if (compact) {
    const tools = el("details", "pg-tools");
    tools.append(el("summary", "pg-tools-summary", "More tools: function, loss curves, settings, export, basin maps"),
                 ui.picker, ui.loss, ui.vectors, ui.share, ui.settings, ui.params, ui.noise, ui.basins);
    side.append(tools);
    element.classList.add("pg-compact");
  }
  element.append(main, side);
  ui.side = side;
  return ui;
}

// The box a registered control mounts in (controls/registry.js names it): one of the skeleton's,
// or, for a slot the skeleton does not have, a new box of its own at the end of the side column,
// so a new control needs no edit here.
export function slotFor(ui, slot) {
  if (!ui[slot]) {
    ui[slot] = el("div", `pg-${slot}`);
    ui.side.append(ui[slot]);
  }
  return ui[slot];
}
