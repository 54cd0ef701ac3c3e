// The playground's DOM skeleton, top to bottom: toolbar (function picker, Python's
// status), link notice, plot, playback bar, the line under it (readout, legend), optimizer
// toggles, gradient noise, message, results. Only builds; playground.js wires the behaviour.
import {el} from "./dom.js";

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
    python: statusBox("div", "pg-python", {live: true}),
    linkNotice: statusBox("p", "pg-link-notice"),
    plot: el("div", "pg-plot"),
    readout: el("div", "pg-readout", hint),
    playback: el("div", "pg-playback"),
    legend: el("div", "pg-legend"),
    toggles: el("div", "pg-toggles"),
    noise: el("div", "pg-noise"),
    message: statusBox("p", "pg-message", {live: true}),
    results: el("div", "pg-results"),
  };
  ui.linkNotice.hidden = true;
  ui.message.hidden = true;
  ui.playback.hidden = true;
  ui.playback.setAttribute("role", "group");
  ui.playback.setAttribute("aria-label", "Playback (keys: K play or pause, comma and full stop one step, brackets speed)");
  ui.legend.append(el("span", "pg-legend-global", "★ global minimum"),
                   el("span", "pg-legend-local", "○ other local minimum"));
  ui.results.setAttribute("aria-live", "polite");
  const toolbar = el("div", "pg-toolbar");
  toolbar.append(ui.picker, ui.python);
  const figure = el("div", "pg-figure");
  figure.append(ui.plot);
  const below = el("div", "pg-below");
  below.append(ui.readout, ui.legend);
  element.append(toolbar, ui.linkNotice, figure, ui.playback, below, ui.toggles, ui.noise, ui.message, ui.results);
  return ui;
}
