// The playground's DOM skeleton, top to bottom: toolbar (function picker, Python's status),
// link notice, plot, playback bar, vectors, the line under it (readout, legend, view and
// start controls), loss curves; then (beside them on a wide screen) the optimizer toggles,
// message, results, share and export, the optimizers' settings, the function's parameters,
// gradient noise, basin maps. Only builds; playground.js wires the behaviour.
import {el, watchOverflow} from "./dom.js";

function statusBox(tag, className, {live = false} = {}) {
  const node = el(tag, className);
  node.setAttribute("role", "status");
  if (live) node.setAttribute("aria-live", "polite");
  return node;
}

export function buildLayout(element, {hint}) {
  element.classList.add("pg");
  element.replaceChildren();
  const ui = {
    picker: el("div", "pg-picker"),
    params: el("div", "pg-params-box"),
    python: statusBox("div", "pg-python", {live: true}),
    linkNotice: statusBox("p", "pg-link-notice"),
    plot: el("div", "pg-plot"),
    readout: el("div", "pg-readout", hint),
    playback: el("div", "pg-playback"),
    vectors: el("div", "pg-vectors-box"),
    loss: el("div", "pg-loss"),
    legend: el("div", "pg-legend"),
    startControls: el("div", "pg-start-controls"),
    viewControls: el("div", "pg-view-controls"),
    toggles: el("div", "pg-toggles"),
    settings: el("section", "pg-settings"),
    noise: el("div", "pg-noise"),
    basins: el("section", "pg-basins"),
    message: statusBox("p", "pg-message", {live: true}),
    results: el("div", "pg-results"),
    share: el("div", "pg-share"),
  };
  ui.linkNotice.hidden = true;
  ui.message.hidden = true;
  ui.playback.hidden = true;
  ui.loss.hidden = true;
  ui.vectors.hidden = true;
  ui.playback.setAttribute("role", "group");
  ui.playback.setAttribute("aria-label", "Playback (keys: K play or pause, comma and full stop one step, brackets speed)");
  ui.legend.append(el("span", "pg-legend-global", "★ global minimum"),
                   el("span", "pg-legend-local", "○ other local minimum"));
  ui.results.setAttribute("aria-live", "polite");
  ui.basins.setAttribute("aria-label", "Basin maps");
  ui.settings.setAttribute("aria-label", "Optimizer settings");
  ui.settings.hidden = true;
  const toolbar = el("div", "pg-toolbar");
  toolbar.append(ui.picker, ui.python);
  const figure = el("div", "pg-figure");
  figure.append(ui.plot);
  const below = el("div", "pg-below");
  below.append(ui.readout, ui.legend, ui.viewControls, ui.startControls);
  ui.params.hidden = true;
  // Two columns on a wide screen (CSS): the plot and what follows it on the left, the
  // optimizers, their results and the tools on the right; one column otherwise.
  const main = el("div", "pg-main");
  main.append(toolbar, ui.linkNotice, figure, ui.playback, ui.vectors, below, ui.loss);
  const side = el("div", "pg-side");
  const scrollHint = el("p", "pg-scroll-hint", "The table is wider than its box: scroll it sideways for its other columns →");
  side.append(ui.toggles, ui.message, scrollHint, ui.results, ui.share, ui.settings, ui.params, ui.noise, ui.basins);
  watchOverflow(ui.results, scrollHint);
  element.append(main, side);
  return ui;
}
