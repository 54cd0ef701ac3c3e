// The playground's DOM skeleton around one big plot (issue 16). Two columns on a wide screen,
// one on a phone:
//   .pg-main: the plot, the optimizer circles (toggles) right under it, then the line under them
//             (readout, legend, view and start controls, the note where f is not finite);
//   .pg-side: the toolbar (function picker, Python's status), the link notice, the playback bar,
//             the message line, the results, the loss curves (a panel open from the start, but
//             on a phone), then the tools, each in a panel of its own (<details class="pg-panel">
//             whose <summary> holds a heading), closed until asked for: settings, function
//             parameters, gradient noise, arrows, basin maps, share and export, keys.
// Every box the page fills later keeps its space from the start (site.css), so nothing shifts.
// When the build pre-drew the opening state (site_build/opening.py: .pg-main > .pg-figure >
// .pg-plot holding .pg-opening), those nodes are adopted, never moved, so the picture's
// animation runs on. Only builds; the controls' registry (controls/registry.js) names the slot
// each control mounts in (slotFor adds a box for a slot the skeleton lacks), and playground.js
// mounts them.
import {el, watchOverflow} from "../controls/dom.js";

function statusBox(tag, className, {live = false} = {}) {
  const node = el(tag, className);
  node.setAttribute("role", "status");
  if (live) node.setAttribute("aria-live", "polite");
  return node;
}

// The keyboard help (plot-input.js's keys), which the plot points to with aria-describedby; ids
// count up so several playgrounds on a page each have their own.
export const PLOT_KEYS = "Keys on the plot: the arrow keys move a cross (Shift: further), Enter or Space starts " +
  "from it (from the middle of the view before it has moved), + and − zoom. Anywhere in the playground: K plays " +
  "or pauses, comma and full stop step back and forward, [ and ] slow down and speed up.";
let layouts = 0;

// The tool panels of a playground page, in order: [ui slot, heading].
export const PANELS = [
  ["settings", "Settings"],
  ["params", "Parameters"],
  ["noise", "Noise"],
  ["vectors", "Arrows"],
  ["basins", "Basin maps"],
  ["sweep", "Sweeps"],
  ["share", "Share, export"],
  ["keys", "Keys"],
];
// The loss curves are a panel too: open from the first paint on a screen wider than a phone's,
// closed on a phone (whose page stays short: the plot, the circles, playback and results).
const LOSS_OPEN = "(min-width: 600px)";

// A closed <details> with a heading in its summary, holding `box`.
function panel(name, title, box, level) {
  const details = el("details", `pg-panel pg-panel-${name}`);
  details.dataset.panel = name;
  const summary = el("summary", "pg-panel-summary");
  summary.append(el(level, "pg-panel-title", title));
  details.append(summary, box);
  return details;
}

// The pre-drawn skeleton the build wrote (site_build/opening.py), or null.
function adopted(element) {
  const plot = element.querySelector(":scope > .pg-main > .pg-figure > .pg-plot");
  if (!plot) return null;
  const figure = plot.parentElement, main = figure.parentElement;
  const side = element.querySelector(":scope > .pg-side") ?? el("div", "pg-side");
  for (const node of [...element.childNodes]) if (node !== main && node !== side) node.remove();
  for (const node of [...main.childNodes]) if (node !== figure) node.remove();
  side.replaceChildren();
  return {main, figure, plot, side};
}

// compact: a figure of the article (figure.js): the plot, the toggles, playback and results; the
// function picker and the heavier panels folded into a closed "More tools" <details class="pg-tools">.
export function buildLayout(element, {hint, compact = false}) {
  const id = `pg-${++layouts}`;
  element.classList.add("pg");
  const kept = compact ? null : adopted(element);
  if (!kept) element.replaceChildren();
  const ui = {
    picker: el("div", "pg-picker"),
    params: el("div", "pg-params-box"),
    python: statusBox("div", "pg-python", {live: true}),
    linkNotice: statusBox("p", "pg-link-notice"),
    nonFinite: statusBox("p", "pg-non-finite"),
    plot: kept?.plot ?? el("div", "pg-plot"),
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
    sweep: el("div", "pg-sweep-box"),   // the learning-rate sweep (runs/sweep-panel.js)
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
  ui.params.hidden = true;
  const toolbar = el("div", "pg-toolbar");
  toolbar.append(ui.picker, ui.python);
  const figure = kept?.figure ?? el("div", "pg-figure");
  if (!kept) figure.append(ui.plot);
  const below = el("div", "pg-below");
  below.append(ui.readout, ui.legend, ui.viewControls, ui.plotKind, ui.startControls, ui.nonFinite);
  const main = kept?.main ?? el("div", "pg-main");
  const side = kept?.side ?? el("div", "pg-side");
  const scrollHint = el("p", "pg-scroll-hint", "The table is wider than its box: scroll it sideways for its other columns →");
  watchOverflow(ui.results, scrollHint);
  ui.panels = el("div", "pg-panels");
  if (compact) {
    main.append(toolbar, ui.linkNotice, figure, ui.playback, ui.vectors, below, ui.keys, ui.loss);
    side.append(ui.announcer, ui.toggles, ui.message, scrollHint, ui.results, ui.share, ui.settings, ui.params,
                ui.noise, ui.basins);
    const tools = el("details", "pg-tools");
    tools.append(el("summary", "pg-tools-summary", "More tools: function, loss curves, settings, export, basin maps"),
                 ui.picker, ui.loss, ui.vectors, ui.share, ui.settings, ui.params, ui.noise, ui.basins);
    side.append(tools);
    element.classList.add("pg-compact");
  } else {
    main.append(ui.toggles, below);   // after the plot's figure, which stays where it is
    ui.panels.append(...PANELS.map(([name, title]) => panel(name, title, ui[name], "h2")));
    const loss = panel("loss", "Loss at each step", ui.loss, "h2");
    loss.open = typeof matchMedia !== "function" || matchMedia(LOSS_OPEN).matches;
    side.append(ui.announcer, toolbar, ui.linkNotice, ui.playback, ui.message, scrollHint, ui.results, loss,
                ui.panels);
  }
  if (!kept) element.append(main, side);
  ui.side = side;
  return ui;
}

// The box a registered control mounts in (controls/registry.js names it): one of the skeleton's,
// or, for a slot the skeleton does not have, a new box of its own in the side column before the
// tool panels, so a new control needs no edit here.
export function slotFor(ui, slot) {
  if (!ui[slot]) {
    ui[slot] = el("div", `pg-${slot}`);
    if (ui.panels.isConnected && ui.panels.parentElement === ui.side) ui.side.insertBefore(ui[slot], ui.panels);
    else ui.side.append(ui[slot]);
  }
  return ui[slot];
}
