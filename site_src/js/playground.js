// One playground: wires the state, the catalog, the renderer, the player, the worker,
// the toggles, the function picker and the results table together.
import {loadCatalog, loadGrid} from "./catalog.js";
import {computeContours} from "./contours.js";
import {Renderer} from "./renderer.js";
import {Player} from "./player.js";
import {sharedWorker} from "./worker-client.js";
import {renderToggles} from "./toggles.js";
import {renderResults, format} from "./results.js";
import {renderFunctionPicker} from "./function-picker.js";
import {initialState, fromHash, toHash, enabledEntries, runArgs, reresolveEntries} from "./state.js";

let warmedUp = false;   // once per page: the worker is shared

function markOnce(name) {
  if (!performance.getEntriesByName(name, "mark").length) performance.mark(name);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Playground {
  // urlState: read the initial state from, and write it back to, the URL hash.
  constructor(element, {urlState = false} = {}) {
    this.element = element;
    this.urlState = urlState;
    this.token = 0;              // bumps whenever a new run replaces the old one
    this.runs = new Map();       // entry key -> run value (or {error}) for the current start points
    this.awaitingFirstFrame = false;
    this.drawToken = 0;
    this.buildDom();
    element.playground = this;   // for tests and the console: the live playground
  }

  buildDom() {
    const e = this.element;
    e.classList.add("pg");
    e.replaceChildren();
    this.toolbar = el("div", "pg-toolbar");
    this.picker = el("div", "pg-picker");
    this.python = el("div", "pg-python");
    this.python.setAttribute("role", "status");
    this.python.setAttribute("aria-live", "polite");
    this.toolbar.append(this.picker, this.python);
    this.figure = el("div", "pg-figure");
    this.plot = el("div", "pg-plot");
    this.figure.append(this.plot);
    this.below = el("div", "pg-below");
    this.readout = el("div", "pg-readout", "Click the plot to start every enabled optimizer from that point (shift-click adds a start).");
    this.legend = el("div", "pg-legend");
    this.legend.append(el("span", "pg-legend-global", "★ global minimum"), el("span", "pg-legend-local", "○ other local minimum"));
    this.replay = el("button", "pg-replay", "Replay");
    this.replay.type = "button";
    this.replay.hidden = true;
    this.replay.addEventListener("click", () => {
      if (this.player.length > 0) this.player.start(this.player.length);
    });
    this.below.append(this.readout, this.replay, this.legend);
    this.toggles = el("div", "pg-toggles");
    this.linkNotice = el("p", "pg-link-notice");
    this.linkNotice.setAttribute("role", "status");
    this.linkNotice.hidden = true;
    this.message = el("p", "pg-message");
    this.message.setAttribute("role", "status");
    this.message.setAttribute("aria-live", "polite");
    this.message.hidden = true;
    this.results = el("div", "pg-results");
    this.results.setAttribute("aria-live", "polite");
    e.append(this.toolbar, this.linkNotice, this.figure, this.below, this.toggles, this.message, this.results);
    e.dataset.run = "idle";
  }

  async mount() {
    try {
      this.catalog = await loadCatalog();
    } catch (error) {
      this.showMessage(`The plot's data could not be loaded: ${error.message}`, true);
      throw error;
    }
    const catalog = this.catalog;
    const requested = this.element.dataset.function;
    this.defaultFunction = catalog.functionsById.has(requested) ? requested : catalog.functions[0].id;
    const linkProblems = [];
    this.state = (this.urlState && fromHash(location.hash, catalog, this.defaultFunction, linkProblems)) ||
      initialState(catalog, this.defaultFunction);
    this.showLinkProblems(linkProblems);

    this.renderer = new Renderer(this.plot, {
      onPoint: (x, y, event) => this.onPoint(x, y, event.shiftKey),
      onHover: (p) => this.onHover(p),
    });
    this.player = new Player({
      speed: this.state.playback.speed,
      onFrame: (step) => this.onFrame(step),
    });
    this.pickerControl = renderFunctionPicker(this.picker, catalog.functions, {
      selected: this.state.fn,
      onChange: (id) => this.switchFunction(id),
    });
    this.renderToggles();

    // The contour first (from the precomputed grid), then Python starts loading.
    const drawn = this.drawFunction();
    this.client = sharedWorker();
    this.client.subscribe((status) => this.onPythonStatus(status));
    if (this.urlState) {
      window.addEventListener("hashchange", () => this.onHashChange());
    }
    try {
      await drawn;
    } finally {
      this.client.ensureStarted();
    }
    if (this.state.starts.length) this.runAll();
    return this;
  }

  renderToggles() {
    renderToggles(this.toggles, this.state.entries, {
      defaultKeys: this.catalog.default_presets ?? [],
      onToggle: (key, enabled) => this.toggle(key, enabled),
    });
  }

  // --- the contour ----------------------------------------------------------------

  async drawFunction() {
    const fn = this.catalog.functionsById.get(this.state.fn);
    const token = ++this.drawToken;
    this.element.dataset.function = fn.id;
    let grid = await loadGrid(fn);
    const customParams = Object.entries(this.state.params).some(([k, v]) => fn.params[k] !== v);
    if (token !== this.drawToken) return;
    const view = this.state.view ?? fn.domain;
    this.setScene(fn, grid, view, customParams ? null : fn);
    markOnce("op:contour-drawn");
    if (customParams || this.state.view) {
      // Other parameters or another view need a grid from Python.
      const value = await this.client.call("grid", {
        function: {id: fn.id, params: this.state.params}, nx: fn.grid.nx, ny: fn.grid.ny, domain: view,
      }, {tag: "grid"}).catch((error) => {
        this.showMessage(`Could not compute the contour for these parameters: ${error.message}`, true);
        return null;
      });
      if (!value || token !== this.drawToken) return;
      grid = {nx: value.nx, ny: value.ny, domain: value.domain, values: value.values, min: value.min, max: value.max};
      this.setScene(fn, grid, view, null);
    }
  }

  setScene(fn, grid, view, minimaFrom) {
    const contours = computeContours(grid, {scale: fn.contour_scale});
    this.renderer.setScene({
      view, contours,
      minima: minimaFrom ? minimaFrom.minima : [],
      globalMinima: minimaFrom ? minimaFrom.global_minima : [],
    });
    this.element.dataset.contour = fn.id;
  }

  async switchFunction(id) {
    if (id === this.state.fn) return;
    const fn = this.catalog.functionsById.get(id);
    this.clearRun();
    // Entries still on their preset's settings take the preset's settings for the new
    // function (smaller SGD and Momentum rates on steep functions, for example).
    reresolveEntries(this.state.entries, this.catalog, this.state.fn, id);
    this.state.fn = id;
    this.state.params = {...fn.params};
    this.state.view = null;
    this.state.starts = [];
    this.pickerControl.set(id);
    this.renderToggles();
    this.writeHash();
    await this.drawFunction();
  }

  // --- runs -----------------------------------------------------------------------

  onPoint(x, y, add) {
    performance.mark("op:click");
    this.awaitingFirstFrame = true;
    this.state.starts = add ? [...this.state.starts, [x, y]] : [[x, y]];
    this.writeHash();
    this.runAll();
  }

  clearRun() {
    this.token++;
    this.client?.dropQueued((request) => request.tag !== "run");
    this.runs.clear();
    this.player?.stop();
    this.renderer?.setPaths([]);
    this.plot.dataset.paths = "";
    if (this.replay) this.replay.hidden = true;
    this.renderer?.setStarts([]);
    this.renderer?.drawFrame(0);
    renderResults(this.results, []);
    this.element.dataset.run = "idle";
    this.hideMessage();
  }

  runAll() {
    const starts = this.state.starts;
    this.clearRun();
    this.state.starts = starts;
    this.updateStarts();
    const entries = enabledEntries(this.state);
    if (!entries.length) {
      this.showMessage("Every optimizer is switched off: turn one on in the bar below the plot.");
      return;
    }
    this.element.dataset.run = this.client.status === "ready" ? "running" : "queued";
    // The shortest runs first: the first path is drawn as soon as possible.
    for (const entry of [...entries].sort((a, b) => a.steps - b.steps)) this.runEntry(entry);
  }

  // One request per optimizer, so the quickest is drawn first.
  runEntry(entry) {
    const token = this.token;
    const args = runArgs(this.state, [entry]);
    this.runs.set(entry.key, null);
    this.client.call("run", args, {tag: "run"}).then(
      (value) => {
        if (value === null || token !== this.token || !entry.enabled) return;
        const run = value.runs?.[0] ?? {error: "the worker returned no run"};
        this.runs.set(entry.key, run);
        if (run.error) this.showMessage(`${entry.label} could not run: ${run.error}`, true);
        this.onRunArrived();
      },
      (error) => {
        if (token !== this.token || !entry.enabled) return;
        this.runs.set(entry.key, {error: `${error.kind ?? "Error"}: ${error.message}`});
        this.showMessage(`${entry.label} could not run: ${error.message}`, true);
        this.onRunArrived();
      });
  }

  onRunArrived() {
    this.element.dataset.run = "running";
    this.updateStarts();
    const paths = [];
    let length = 0;
    for (const entry of this.state.entries) {
      const run = this.runs.get(entry.key);
      if (!entry.enabled || !run || run.error) continue;
      paths.push({key: entry.key, color: entry.color, points: run.points, n: run.n, lastStep: run.last_step});
      length = Math.max(length, ...run.last_step);
    }
    this.renderer.setPaths(paths);
    this.plot.dataset.paths = paths.map((p) => p.key).join(" ");
    this.replay.hidden = paths.length === 0;
    if (paths.length === 1 && this.player.length === 0) this.player.start(length);
    else this.player.extend(length);
    this.renderTable();
  }

  onFrame(step) {
    this.renderer.drawFrame(step);
    if (this.awaitingFirstFrame && this.renderer.paths.length) {
      this.awaitingFirstFrame = false;
      performance.mark("op:first-frame");
    }
  }

  renderTable() {
    const rows = [];
    let complete = true;
    for (const entry of this.state.entries) {
      if (!entry.enabled || !this.runs.has(entry.key)) continue;
      const run = this.runs.get(entry.key);
      if (!run) { complete = false; continue; }
      this.state.starts.forEach((start, row) => {
        if (run.error) {
          rows.push({key: entry.key, label: entry.label, color: entry.color, start, error: run.error});
          return;
        }
        const n = run.n;
        const last = run.last_step[row];
        const i = (last * n + row) * 2;
        rows.push({
          key: entry.key, label: entry.label, color: entry.color, start,
          end: [run.points[i], run.points[i + 1]], value: run.values[last * n + row],
          steps: last, status: run.status[row],
        });
      });
    }
    const [x, y] = this.state.starts[0] ?? [NaN, NaN];
    const where = this.state.starts.length === 1 ? ` from (${format(x)}, ${format(y)})` : "";
    const fn = this.catalog.functionsById.get(this.state.fn);
    renderResults(this.results, rows, {caption: `Where each optimizer ended on ${fn.name}${where}`});
    if (complete && rows.length) {
      this.element.dataset.run = "done";
      performance.mark("op:table-filled");
    }
  }

  updateStarts() {
    const queued = this.client.status !== "ready";
    this.renderer.setStarts(this.state.starts.map(([x, y]) => ({x, y, queued})));
    this.renderer.drawOverlay();
  }

  toggle(key, enabled) {
    const entry = this.state.entries.find((e) => e.key === key);
    if (!entry) return;
    entry.enabled = enabled;
    this.writeHash();
    if (!this.state.starts.length) return;
    if (!enabled) {
      this.runs.delete(key);
      this.onRunArrived();
      if (!enabledEntries(this.state).length) {
        this.player.stop();
        this.renderer.drawFrame(0);
        this.element.dataset.run = "idle";
      }
      return;
    }
    // Switched on: run it for the current start points and replay every path.
    this.player.stop();
    this.element.dataset.run = this.client.status === "ready" ? "running" : "queued";
    this.runEntry(entry);
  }

  // --- Python's status and messages -----------------------------------------------

  onPythonStatus({status, message}) {
    const box = this.python;
    box.replaceChildren();
    box.dataset.status = status;
    if (status === "loading") {
      const bar = el("progress", "pg-progress");
      bar.setAttribute("aria-label", "Loading Python");
      box.append(bar, el("span", "pg-python-text", message || "Loading Python…"));
    } else if (status === "ready") {
      this.warmUp();
      const v = this.client.versions;
      const detail = v ? ` (Python ${v.python}, numpy ${v.numpy})` : "";
      box.append(el("span", "pg-python-text", `Python is ready${detail}.`));
    } else {
      const text = el("span", "pg-python-text pg-failed",
        `${message} The contour still works, but paths need Python. Check your connection to this site and try again.`);
      const retry = el("button", "pg-retry", "Retry");
      retry.type = "button";
      retry.addEventListener("click", () => this.client.retry());
      box.append(text, retry);
    }
    if (this.state?.starts.length) {
      this.updateStarts();
      if (status === "ready" && this.element.dataset.run === "queued") this.element.dataset.run = "running";
    }
  }

  // Python's first call of each optimizer is slow (imports, first allocations): make it
  // once, with two steps, behind anything already queued, so the first click is quick.
  warmUp() {
    if (warmedUp || !this.state) return;
    warmedUp = true;
    const fn = this.catalog.functionsById.get(this.state.fn);
    const [[x0, x1], [y0, y1]] = fn.domain;
    const runs = enabledEntries(this.state).map((e) => ({key: e.key, optimizer: e.optimizer, hyperparams: e.hyperparams, steps: 2}));
    if (!runs.length) return;
    this.client.call("run", {function: {id: fn.id, params: this.state.params},
                             starts: [[(x0 + x1) / 2 + 0.1, (y0 + y1) / 2 + 0.1]], runs}, {tag: "warm-up"})
      .catch(() => {});
  }

  showMessage(text, isError = false) {
    this.message.textContent = text;
    this.message.classList.toggle("pg-message-error", isError);
    this.message.hidden = false;
  }

  // Parts of the URL hash that could not be read: said once, in plain words; the rest of
  // the link still applies.
  showLinkProblems(problems) {
    this.linkNotice.hidden = problems.length === 0;
    this.linkNotice.textContent = problems.length
      ? `Part of this link could not be read, so defaults are used for it: ${problems.join("; ")}.`
      : "";
  }

  hideMessage() {
    this.message.hidden = true;
    this.message.textContent = "";
  }

  onHover(point) {
    if (!point) {
      this.readout.textContent = this.state.starts.length
        ? "Click elsewhere for a new start; shift-click adds one."
        : "Click the plot to start every enabled optimizer from that point (shift-click adds a start).";
      return;
    }
    this.readout.textContent = `x = ${point[0].toFixed(3)}, y = ${point[1].toFixed(3)}`;
  }

  // --- the URL hash ---------------------------------------------------------------

  writeHash() {
    if (!this.urlState) return;
    const hash = toHash(this.state, this.catalog, this.defaultFunction);
    this.lastHash = hash;
    history.replaceState(null, "", location.pathname + location.search + hash);
  }

  async onHashChange() {
    if (location.hash === this.lastHash) return;
    const linkProblems = [];
    const next = fromHash(location.hash, this.catalog, this.defaultFunction, linkProblems);
    this.showLinkProblems(linkProblems);
    if (!next) return;
    this.clearRun();
    this.state = next;
    this.pickerControl.set(next.fn);
    this.renderToggles();
    await this.drawFunction();
    if (next.starts.length) this.runAll();
  }
}

export async function mountPlayground(element, options) {
  return new Playground(element, options).mount();
}
