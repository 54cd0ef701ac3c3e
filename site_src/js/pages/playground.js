// One playground, the composition root: it mounts the layout and the registered controls,
// wires the plot's input, and dispatches. Its state changes in one way only: update(change)
// (state/store.js) gives the next state and the fields that changed; render() asks the
// registry (state/fields.js) what they invalidate and hands each part to its module — the
// scene (contour, view), the run view (paths, table, loss curves, announcements), playback,
// the basin session, the readout — and the URL is written once. The one exception is a preview
// (a gesture or a slider still moving), drawn at once and committed through update on release.
import {loadCatalog, prefetchGrid} from "../state/catalog.js";
import {Renderer} from "../plot/renderer.js";
import {listenToPlot} from "../plot/plot-input.js";
import {Readout, HINT} from "../plot/readout.js";
import {minimaNote} from "../plot/minima-marks.js";
import {onThemeChange} from "../plot/theme.js";
import {sharedWorker} from "../worker/worker-client.js";
import {buildLayout, slotFor} from "./layout.js";
import {Notices} from "./notices.js";
import {Scene} from "./scene.js";
import {lazyPart, loadPart, mountControl, prefetchWhenIdle} from "./lazy-parts.js";
import {Opening} from "./opening.js";
import {yieldToMain} from "./yield.js";
import {CONTROLS} from "../controls/registry.js";
import {RunView} from "../runs/run-view.js";
import {Playback} from "../runs/playback.js";
import {changeLines} from "../runs/announcements.js";
import {HashSync} from "../state/hash-sync.js";
import {applyChange, FIELDS} from "../state/store.js";
import {invalidated, LINKED_FIELDS} from "../state/fields.js";
import {initialState, enabledEntries, functionSpec} from "../state/state.js";

let warmedUp = false;   // once per page: the worker is shared

export class Playground {
  // urlState: read the initial state from, and write it back to, the URL hash. figure: for an
  // article's figure, the figure.js module (main.js loads it only on pages with figures).
  constructor(element, {urlState = false, figure = null} = {}) {
    this.element = element;
    this.urlState = urlState;
    this.figure = figure;
    const picture = figure?.takePicture(element);   // a figure's static picture stays until paths are drawn
    this.ui = buildLayout(element, {hint: HINT, compact: Boolean(figure)});
    this.picture = figure?.showPicture(element, this.ui.plot, picture) ?? null;
    this.opening = new Opening(this);       // a playground page's pre-drawn opening run (opening.js)
    this.notices = new Notices(this);
    element.dataset.run = "idle";
    element.playground = this;   // for tests and the console: the live playground
  }

  // For tests and the console: the runs (entry key -> the worker's run value), and the parts.
  get runs() { return this.runView.runs; }
  get player() { return this.playback.player; }
  get lossChart() { return this.controls.lossChart; }
  get pickerControl() { return this.controls.picker; }
  get settingsPanel() { return this.controls.settingsPanel; }
  get shareControls() { return this.controls.shareControls; }
  get pythonGrid() { return this.scene.pythonGrid; }
  get hovered() { return this.readout.hovered; }

  async mount() {
    // Python was started by main.js; the catalog and the first grid are asked for together.
    this.client = sharedWorker();
    this.client.ensureStarted();
    const catalogPromise = loadCatalog();
    // (a link's function is only known to exist once the catalog is here: asked for then)
    const linked = this.urlState ? new URLSearchParams(location.hash.slice(1, 2000)).get("f") : null;
    if (!linked || linked === this.element.dataset.function) prefetchGrid(this.element.dataset.function);
    try {
      this.catalog = await catalogPromise;
    } catch (error) {
      this.notices.message(`The plot's data could not be loaded: ${error.message}`, true);
      throw error;
    }
    const catalog = this.catalog;
    const requested = this.element.dataset.function;
    this.defaultFunction = catalog.functionsById.has(requested) ? requested : catalog.functions[0].id;
    this.hash = this.urlState ? new HashSync(catalog, this.defaultFunction) : null;
    const problems = [];
    // the URL's state, else a figure's (data-state, read as a link is), else the defaults
    const stated = this.hash?.read(problems) || this.figure?.figureState(this.element.dataset.state, catalog, this.defaultFunction, problems);
    const blank = initialState(catalog, this.defaultFunction);
    const first = applyChange(blank, {state: stated || blank}, catalog);
    this.state = this.opening.apply(first.state, this.defaultFunction);
    if (first.cut) problems.push(first.cut);
    this.notices.linkProblems(problems);
    if (stated) this.hash?.write(this.opening.forHash(this.state));   // the link as it was kept: nothing cut or left out stays in it

    // (start-up in short tasks: a yield between its steps, so the page answers input meanwhile)
    await yieldToMain();
    this.renderer = new Renderer(this.ui.plot, {margins: catalog.plot.margins});
    this.renderer.onMinima = (marks) => {
      this.ui.minimaNote.textContent = minimaNote(marks);
    };
    this.scene = new Scene(this);
    this.readout = new Readout(this);
    this.playback = new Playback(this);
    // the basin session loads with its panel (controls/registry.js); the heavier controls on first use
    this.basins = lazyPart(async () => new (await import("../runs/basin-session.js")).BasinSession(this));
    this.sweeps = lazyPart(async () => new (await import("../runs/sweep-session.js")).SweepSession(this));
    this.controls = {};
    for (const control of CONTROLS) {   // each mounted and shown in a task of its own
      await yieldToMain();
      (this.controls[control.name] = mountControl(control, slotFor(this.ui, control.slot), this)).show(this.state);
    }
    this.runView = new RunView(this);
    onThemeChange(() => this.update({theme: document.documentElement.dataset.themeEffective}));
    this.plotInput = listenToPlot(this.renderer, {
      onPoint: (x, y, event, {home = false} = {}) => this.onPoint(x, y, event.shiftKey, home),
      onHover: (point) => this.readout.onHover(point),
      onCross: (point) => this.readout.onCross(point),
      onView: (view, commit) => (commit ? this.update({view}) : this.scene.previewView(view)),
      describedBy: this.ui.keys.id,
    });

    // The contour from the precomputed grid at once; a contour that needs Python (other
    // parameters, another view) is asked for now and drawn when Python is ready. Runs from
    // the link are queued the same way: nothing here waits on Python.
    this.client.subscribe((status) => this.onPythonStatus(status));
    // Back, Forward or an edited address: that state, through the one update path (restored: its
    // rewrite replaces the entry it came from, never pushes); a hash without our keys is the blank state
    this.hash?.listen((next, linkProblems) => {
      this.notices.linkProblems(linkProblems);
      this.update({state: next || initialState(catalog, this.defaultFunction)}, {restored: true});
    });
    this.render(new Set(FIELDS), new Set(), this.state, {mounted: true});
    await this.drawn;
    this.opening.contourDrawn(this.state);
    // The parts loaded on first use are fetched once the browser is idle after Python is ready, or
    // after the visitor's first touch, or at once when a link has starts (their results need them; the
    // opening run's do not).
    const touched = new Promise((resolve) => ["pointerdown", "keydown", "focusin"]
      .forEach((type) => this.element.addEventListener(type, resolve, {once: true})));
    const python = new Promise((resolve) => {
      const stop = this.client.subscribe(({status}) => status === "ready" && resolve(queueMicrotask(() => stop())));
    });
    if (this.state.sweep) loadPart(this.sweeps);   // a link's sweep runs again at once
    prefetchWhenIdle([...Object.values(this.controls), this.basins, this.sweeps],
                     this.state.starts.length && !this.opening.isOpening(this.state) ? Promise.resolve() : Promise.race([touched, python]));
    return this;
  }

  // The live plot replaces a figure's static picture (data-picture="replaced") once it has paths.
  dropPicture() {
    if (this.picture) this.picture = this.figure.dropPicture(this.element, this.picture);
  }

  // The light or dark theme changed (the state's theme, through update): the canvases read
  // their colours again (theme.js).
  restyle() {
    this.renderer.drawBase();
    this.renderer.drawOverlay();
    this.lossChart.restyle();
  }

  // --- the one update path --------------------------------------------------------

  // cause: what the visitor did, for the screen reader's line ({added, home, removed}), or
  // {restored}: a state Back or Forward brought back; {replace}: a change the page made by itself
  // (no history entry of its own).
  update(change, cause = {}) {
    const previous = this.state;
    const {state, changed, entries, cut} = applyChange(previous, change, this.catalog);
    const previewEnded = this.scene.endPreview();
    this.opening.changed();
    if (cut) this.notices.cut(`Cut to fit: ${cut}.`);
    if (!changed.size) {
      if (previewEnded) this.scene.draw();   // a slider let go where it started: its contour again
      return;
    }
    this.state = state;
    this.render(changed, entries, previous, cause);
    // a committed action is a history entry of its own, playback is not (hash-sync.js); the
    // opening run is never in the link (opening.js)
    if (this.hash && LINKED_FIELDS.some((field) => changed.has(field.name))) {
      this.hash.write(this.opening.forHash(state), cause.restored || cause.replace ? null : changed);
    }
  }

  // What depends on each changed field (the registry's `invalidates`), redrawn once per change.
  render(changed, entryKeys, previous, cause = {}) {   // (cause.mounted: the controls are shown)
    const stale = invalidated(changed);
    const state = this.state;
    if (stale.has("contour")) this.drawn = this.scene.draw();
    if (stale.has("basins")) this.basins.invalidate();
    for (const control of CONTROLS) {
      if (!cause.mounted && control.fields.some((field) => changed.has(field))) this.controls[control.name].show(state);
    }
    if (stale.has("vectors")) this.renderer.setVectors(state.vectors);
    if (stale.has("playback")) this.playback.apply(state.playback);
    if (stale.has("hint")) this.readout.showHint();
    if (stale.has("style") && previous !== state) this.restyle();
    const added = state.vectors.some((name) => !previous.vectors.includes(name));
    if (stale.has("runs") || added) this.runView.runAll();
    else if (stale.has("entry-runs")) this.runView.syncEntries(entryKeys);
    else if (stale.has("outcomes") && state.starts.length) this.runView.reclassify();
    this.sweeps?.sync();   // (asks again only when the sweep's request changed)
    if (previous !== state) this.notices.say(changeLines(previous, state, changed, cause));
  }

  // --- input ----------------------------------------------------------------------

  // home: Enter on the plot before the cross moved (a start in the middle of the view).
  onPoint(x, y, shift, home = false) {
    const added = shift || this.state.startMode === "add";
    const opening = this.opening.isOpening(this.state);
    const kept = opening ? [] : this.state.starts;   // the opening run is replaced
    performance.mark("op:click");
    this.playback.awaitingFirstFrame = true;
    // (a start on the opening run's own point is still the visitor's new start, said and run)
    if (opening && !added && this.state.starts.length === 1 && this.state.starts[0][0] === x &&
        this.state.starts[0][1] === y) this.update({starts: []}, {replace: true});
    // a new start plays from the beginning
    this.update({starts: added ? [...kept, [x, y]] : [[x, y]],
                 playback: {...this.state.playback, step: null}}, {added, home});
  }

  onPythonStatus(status) {
    if (status.status === "ready") this.warmUp();
    this.notices.pythonStatus(status);
    if (this.state?.starts.length && this.runView) {
      this.runView.showStarts();
      if (status.status === "ready" && this.element.dataset.run === "queued") this.element.dataset.run = "running";
    }
  }

  // Python's first call of each optimizer is slow (imports, first allocations): make it
  // once, with two steps, behind anything already queued, so the first click is quick.
  warmUp() {
    if (warmedUp || !this.state) return;
    warmedUp = true;
    const [[x0, x1], [y0, y1]] = this.catalog.functionsById.get(this.state.fn).domain;
    const runs = enabledEntries(this.state).map((e) => ({key: e.key, optimizer: e.optimizer, hyperparams: e.hyperparams, steps: 2}));
    if (!runs.length) return;
    this.client.call("run", {function: functionSpec(this.state, this.catalog),
                             starts: [[(x0 + x1) / 2 + 0.1, (y0 + y1) / 2 + 0.1]], runs}, {tag: "warm-up"})
      .catch(() => {});
  }
}

export async function mountPlayground(element, options) {
  return new Playground(element, options).mount();
}
