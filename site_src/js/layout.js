// The playground's DOM skeleton, top to bottom: toolbar (function picker, Python's
// status), link notice, plot, the line under it (readout, Replay, legend), optimizer
// toggles, message, results. Only builds; playground.js wires the behaviour.
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
    replay: el("button", "pg-replay", "Replay"),
    legend: el("div", "pg-legend"),
    toggles: el("div", "pg-toggles"),
    message: statusBox("p", "pg-message", {live: true}),
    results: el("div", "pg-results"),
  };
  ui.linkNotice.hidden = true;
  ui.message.hidden = true;
  ui.replay.type = "button";
  ui.replay.hidden = true;
  ui.legend.append(el("span", "pg-legend-global", "★ global minimum"),
                   el("span", "pg-legend-local", "○ other local minimum"));
  ui.results.setAttribute("aria-live", "polite");
  const toolbar = el("div", "pg-toolbar");
  toolbar.append(ui.picker, ui.python);
  const figure = el("div", "pg-figure");
  figure.append(ui.plot);
  const below = el("div", "pg-below");
  below.append(ui.readout, ui.replay, ui.legend);
  element.append(toolbar, ui.linkNotice, figure, below, ui.toggles, ui.message, ui.results);
  return ui;
}
