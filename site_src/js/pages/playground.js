// One playground. Its state changes in one way only: update(change) (store.js) gives the next
// state and the fields that changed; render() redraws what depends on them, and the URL is
// written once. Each control (picker, toggles, playback bar, noise, vectors, basin panel)
// shows its field and proposes changes through update; none knows another. The runs'
// lifecycle is run-session.js's, the basin maps' basin-session.js's.
import {loadCatalog, loadGrid, prefetchGrid} from "../state/catalog.js";
import {computeContours} from "../plot/contours.js";
import {Renderer} from "../plot/renderer.js";
import {listenToPlot, zoomedView} from "../plot/plot-input.js";
import {crossLine, minimumTolerance, runLines, startLine, startRemovedLine, toggleLine} from "../runs/announcements.js";
import {minimaNote} from "../plot/minima-marks.js";
import {renderViewControls} from "../controls/view-controls.js";
import {allowedView} from "../state/view-math.js";
import {Player} from "../runs/player.js";
import {sharedWorker} from "../worker/worker-client.js";
import {buildLayout} from "./layout.js";
import {renderPythonStatus} from "../worker/python-status.js";
import {renderToggles} from "../controls/toggles.js";
import {renderResults, resultRows, format} from "../runs/results.js";
import {renderFunctionPicker, CUSTOM} from "../controls/function-picker.js";
import {renderPlaybackControls, keyAction, nextSpeed} from "../controls/playback-controls.js";
import {renderNoiseControls, describeNoise} from "../controls/noise-controls.js";
import {renderVectorControls} from "../controls/vector-controls.js";
import {renderStartControls} from "../controls/start-controls.js";
import {renderParamControls} from "../controls/param-controls.js";
import {renderSettingsPanel} from "../controls/settings-panel.js";
import {renderShareControls} from "../controls/share-controls.js";
import {fileName, legendItems, runsCsv, runsJson} from "../runs/export.js";
import {renderLossChart} from "../runs/loss-chart.js";
import {onThemeChange} from "../plot/theme.js";
import {knownMinimum} from "../runs/loss-data.js";
import {HashSync} from "../state/hash-sync.js";
import {dropPicture, figureState, isFigure, showPicture, takePicture} from "./figure.js";
import {BasinSession} from "../runs/basin-session.js";
import {RunSession} from "../runs/run-session.js";
import {applyChange, settledState} from "../state/store.js";
import {initialState, enabledEntries, runArgs, toHash, functionSpec, presetSettings} from "../state/state.js";

const PLAYGROUND_PAGE = new URL("../../", import.meta.url);   // the site's root page (assets/app/main.js is two down)

const TOUCH = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
const HINT = TOUCH ? "Tap the plot to start every enabled optimizer from that point (\"Add starts\" adds more)."
  : "Click the plot to start every enabled optimizer from that point (shift-click adds a start).";
const HINT_AFTER_RUN = TOUCH ? "Tap elsewhere for a new start; \"Add starts\" adds more." : "Click elsewhere for a new start; shift-click adds one.";
const HINT_ADDING = "Each click or tap on the plot adds a start.";

const CROSS_PAUSE_MS = 300;   // the keyboard cross is announced once it rests this long

let warmedUp = false;   // once per page: the worker is shared

export class Playground {
  // urlState: read the initial state from, and write it back to, the URL hash.
  constructor(element, {urlState = false} = {}) {
    this.element = element;
    this.urlState = urlState;
    this.awaitingFirstFrame = false;
    this.addingStarts = false;   // "Add starts" mode: a click adds a start instead of replacing them
    this.drawToken = 0;          // bumps whenever another contour is asked for
    const picture = takePicture(element);   // a figure's static picture stays until paths are drawn (figure.js)
    this.ui = buildLayout(element, {hint: HINT, compact: isFigure(element)});
    this.picture = showPicture(element, this.ui.plot, picture);
    element.dataset.run = "idle";
    element.playground = this;   // for tests and the console: the live playground
  }

  // The entry key -> run value map of the current runs (tests read it).
  get runs() {
    return this.runSession.runs;
  }

  async mount() {
    // Python was started by main.js; the catalog and the first grid are asked for together.
    this.client = sharedWorker();
    this.client.ensureStarted();
    const catalogPromise = loadCatalog();
    // (a link's function is only known to exist once the catalog is here: asked for then)
    const linked = this.urlState ? new URLSearchParams(location.hash.slice(1)).get("f") : null;
    if (!linked || linked === this.element.dataset.function) prefetchGrid(this.element.dataset.function);
    try {
      this.catalog = await catalogPromise;
    } catch (error) {
      this.showMessage(`The plot's data could not be loaded: ${error.message}`, true);
      throw error;
    }
    const catalog = this.catalog;
    const requested = this.element.dataset.function;
    this.defaultFunction = catalog.functionsById.has(requested) ? requested : catalog.functions[0].id;
    this.hash = this.urlState ? new HashSync(catalog, this.defaultFunction) : null;
    const linkProblems = [];
    // the URL's state, else a figure's (data-state, read as a link is), else the defaults
    const stated = this.hash?.read(linkProblems) || figureState(this.element.dataset.state, catalog, this.defaultFunction, linkProblems);
    this.state = settledState(stated || initialState(catalog, this.defaultFunction), catalog);
    this.showLinkProblems(linkProblems);

    this.renderer = new Renderer(this.ui.plot);
    this.runSession = new RunSession(this.client, {onResult: (key, run) => this.onRunResult(key, run)});
    this.buildControls();
    onThemeChange(() => this.restyle());
    this.renderer.onMinima = (marks) => {
      this.ui.minimaNote.textContent = minimaNote(marks);
    };
    this.plotInput = listenToPlot(this.renderer, {
      onPoint: (x, y, event, {home = false} = {}) => this.onPoint(x, y, event.shiftKey, home),
      onHover: (point) => this.onHover(point),
      onCross: (point) => this.onCross(point),
      onView: (view, commit) => this.setView(view, commit),
      describedBy: this.ui.keys.id,
    });

    // The contour from the precomputed grid at once; a contour that needs Python (other
    // parameters, another view) is asked for now and drawn when Python is ready. Runs from
    // the link are queued the same way: nothing here waits on Python.
    this.client.subscribe((status) => this.onPythonStatus(status));
    this.hash?.listen((next, problems) => {
      this.showLinkProblems(problems);
      if (next) this.update({state: next});
    });
    const drawn = this.drawFunction();
    this.showControls();
    if (this.state.starts.length) this.runAll();
    await drawn;
    return this;
  }

  buildControls() {
    this.player = new Player({
      speed: this.state.playback.speed,
      onFrame: (step) => this.onFrame(step),
      onEnd: () => this.showPlayback(),
    });
    this.playbackControls = renderPlaybackControls(this.ui.playback, {
      onToggle: () => this.togglePlay(),
      onStep: (delta) => this.seekTo(Math.floor(this.player.step) + delta),
      onSeek: (step) => this.seekTo(step),
      onSpeed: (speed) => this.update({playback: {...this.state.playback, speed}}),
    });
    this.element.addEventListener("keydown", (event) => this.onKey(event));
    this.lossChart = renderLossChart(this.ui.loss, {onSeek: (step) => this.seekTo(step)});
    this.vectorControls = renderVectorControls(this.ui.vectors, {onChange: (vectors) => this.update({vectors})});
    this.noiseControls = renderNoiseControls(this.ui.noise, {onChange: (noise) => this.update({noise})});
    this.pickerControl = renderFunctionPicker(this.ui.picker, this.catalog.functions, {
      custom: this.catalog.custom_function ?? null,
      selected: this.state.fn,
      onChange: (fn) => this.update({fn}),
      onExpression: (expression) => this.proposeExpression(expression),
    });
    this.settingsPanel = renderSettingsPanel(this.ui.settings, {
      catalog: this.catalog,
      onChange: (key, patch) => this.update({entry: {key, ...patch}}),
      onReset: (key) => {
        const preset = presetSettings(this.catalog, key, this.state.fn);
        if (preset) this.update({entry: {key, hyperparams: preset.hyperparams, steps: preset.steps}});
      },
    });
    this.paramControls = renderParamControls(this.ui.params, {
      onPreview: (params) => this.preview(params),
      onChange: (params) => this.update({params}),
    });
    this.viewControls = renderViewControls(this.ui.viewControls, {
      onZoom: (direction) => this.setView(zoomedView(this.currentView(), direction), true),
      onReset: () => this.update({view: null}),
    });
    this.startControls = renderStartControls(this.ui.startControls, {
      onAddMode: (on) => {
        this.addingStarts = on;
        this.showControls(new Set(["starts"]));
        this.onHover(null);
      },
      onClear: () => this.update({starts: []}),
    });
    this.shareControls = renderShareControls(this.ui.share, {
      link: () => this.shareLink(),
      figure: () => this.renderer.figure({
        title: this.functionName(),
        legend: legendItems(this.state, this.runSession.runs),
      }),
      csv: () => runsCsv(this.state, this.runSession.runs),
      json: () => runsJson(this.state, this.runSession.runs, this.catalog),
      name: (extension) => fileName(this.state, extension),
    });
    this.toggles = renderToggles(this.ui.toggles, {
      defaultKeys: this.catalog.default_presets ?? [],
      groups: this.catalog.preset_groups ?? [],
      groupOf: (key) => this.catalog.presetsById.get(key)?.group,
      onToggle: (key, enabled) => {
        this.say([toggleLine(this.state.entries.find((e) => e.key === key)?.label ?? key, enabled)]);
        this.update({entry: {key, enabled}});
      },
    });
    this.basins = new BasinSession(this.ui.basins, {
      client: this.client, renderer: this.renderer, element: this.element, request: () => this.basinRequest(),
    });
  }

  // The light or dark theme changed: the canvases read their colours again (theme.js).
  restyle() {
    if (this.renderer.scales) {
      this.renderer.drawBase();
      this.renderer.drawOverlay();
    }
    this.lossChart.restyle();
  }

  // --- the one update path --------------------------------------------------------

  update(change) {
    const previous = this.state;
    const {state, changed, entries} = applyChange(previous, change, this.catalog);
    if (this.previewed) {
      this.previewed = false;
      if (!changed.has("params")) this.showRuns();   // a slider let go where it started: the paths come back
    }
    if (!changed.size) return;
    this.state = state;
    this.render(changed, entries, previous);
    this.hash?.write(state);
  }

  // What depends on each field, redrawn once per change.
  render(changed, entryKeys, previous) {
    const has = (field) => changed.has(field);
    const fnChanged = has("fn") || has("params") || has("expression");
    if (fnChanged || has("view")) this.drawFunction();
    if (fnChanged || has("entries") || has("noise") || has("view")) this.basins.invalidate();
    if (has("playback") && this.player.speed !== this.state.playback.speed) this.player.speed = this.state.playback.speed;
    this.showControls(changed);
    const added = this.state.vectors.some((name) => !previous.vectors.includes(name));
    if (fnChanged || has("starts") || has("noise") || (has("vectors") && added)) {
      this.runAll();
    } else if (has("entries")) {
      this.syncEntries(entryKeys);
    }
  }

  // The controls whose field changed (all of them at first) show the current state.
  showControls(changed = null) {
    const has = (field) => !changed || changed.has(field);
    if (has("fn") || has("expression")) this.pickerControl.set(this.state.fn, this.state.expression);
    if (has("fn") || has("params")) this.paramControls.update(this.catalog.functionsById.get(this.state.fn), this.state.params);
    if (has("noise")) this.noiseControls.update(this.state.noise);
    if (has("vectors")) {
      this.vectorControls.update(this.state.vectors);
      this.renderer.setVectors(this.state.vectors);
    }
    if (has("entries")) {
      this.toggles.update(this.state.entries);
      this.showSettings();
    }
    if (has("playback")) this.showPlayback();
    if (has("starts")) this.startControls.update({count: this.state.starts.length, adding: this.addingStarts});
    if (has("view")) this.viewControls.update({zoomed: this.state.view !== null});
  }

  // --- the contour ----------------------------------------------------------------

  // params: the state's, or a slider's while it moves (a preview: nothing else changes).
  async drawFunction(params = this.state.params) {
    if (this.state.fn === CUSTOM) return this.drawExpression();
    this.pickerControl.showError("");
    const fn = this.catalog.functionsById.get(this.state.fn);
    const token = ++this.drawToken;
    const ownView = this.state.view;
    this.element.dataset.function = fn.id;
    const grid = await loadGrid(fn);
    const customParams = Object.entries(params).some(([k, v]) => fn.params[k] !== v);
    if (token !== this.drawToken) return;
    const view = ownView ?? fn.domain;
    this.setScene(fn, grid, view, customParams ? null : fn);
    markOnce("op:contour-drawn");
    if (customParams || ownView) {
      // Other parameters or another view need a grid from Python; the precomputed one
      // stands in until it arrives, without minima (they may have moved). Python's reply
      // has the minima for these parameters.
      const value = await this.client.call("grid", {
        function: {id: fn.id, params}, nx: fn.grid.nx, ny: fn.grid.ny, domain: view,
      }, {tag: "grid"}).catch((error) => {
        this.showMessage(`Could not compute the contour for these parameters: ${error.message}`, true);
        return null;
      });
      if (!value || token !== this.drawToken) return;
      this.setScene(fn, value, view, value);
      this.pythonGrid = {params, grid: value};
    }
  }

  // A parameter slider moving: the contour follows, one grid request at a time (the latest
  // position wins); the runs and the URL wait for the slider's release.
  async preview(params) {
    if (!this.previewed) {
      // the paths belong to the parameters in use: hidden while others are previewed
      this.previewed = true;
      this.renderer.setPaths([]);
      this.renderer.drawOverlay();
    }
    this.previewNext = params;
    if (this.previewing) return;
    this.previewing = true;
    while (this.previewNext) {
      const next = this.previewNext;
      this.previewNext = null;
      await this.drawFunction(next);
    }
    this.previewing = false;
  }

  // The visitor's formula: its grid, minima and any error come from Python (the formula is
  // parsed and checked there, never run as code).
  async drawExpression() {
    const fn = this.catalog.functionsById.get(CUSTOM);
    const token = ++this.drawToken;
    const view = this.state.view ?? fn.domain;
    this.element.dataset.function = CUSTOM;
    if (!this.state.expression.trim()) {
      this.pickerControl.showError("Type a formula for f(x, y) and press Enter.");
      this.setEmptyScene(view);
      return;
    }
    const grid = await this.expressionGrid(this.state.expression, view);
    if (token !== this.drawToken) return;
    if (grid.error) {
      this.pickerControl.showError(grid.error);
      this.setEmptyScene(view);
      return;
    }
    this.pickerControl.showError("");
    this.setScene(fn, grid, view, grid);
    markOnce("op:contour-drawn");
  }

  // A formula typed in the field: Python checks it (drawing its contour); only a formula it
  // accepts becomes the state's, so a typo loses nothing.
  async proposeExpression(expression) {
    const fn = this.catalog.functionsById.get(CUSTOM);
    const view = this.state.fn === CUSTOM ? (this.state.view ?? fn.domain) : fn.domain;
    const grid = await this.expressionGrid(expression, view);
    if (grid.error) {
      this.pickerControl.showError(grid.error);
      return;
    }
    this.pickerControl.showError("");
    this.update({fn: CUSTOM, expression});
  }

  // Python's grid of a formula over `view` (the last one asked for is kept), or {error}.
  async expressionGrid(expression, view) {
    const key = JSON.stringify([expression, view]);
    if (this.lastExpressionGrid?.key === key) return this.lastExpressionGrid.grid;
    // the function's domain is the view here, so its minima are found over what is shown
    const {nx, ny} = this.catalog.functions[0].grid;       // as fine as the build's own grids
    const value = await this.client.call("grid", {function: {expression, domain: view}, nx, ny, domain: view},
                                         {tag: "grid"})
      .catch((error) => ({error: error.kind === "ValueError" ? `${error.message}.` : `Python could not draw it: ${error.message}`}));
    if (value === null) return {error: "The request was dropped; press Draw again."};
    const grid = value.error ? value : {nx: value.nx, ny: value.ny, domain: value.domain, values: value.values,
                                        min: value.min, max: value.max, minima: value.minima ?? [],
                                        global_minima: value.global_minima ?? [], minima_values: value.minima_values ?? []};
    if (!grid.error) this.lastExpressionGrid = {key, grid};
    return grid;
  }

  setEmptyScene(view) {
    this.renderer.setScene({view, contours: {bands: [], levels: [], min: 0, max: 0}, minima: [], globalMinima: []});
  }

  // minimaFrom: the function whose known minima to mark, or null for none.
  setScene(fn, grid, view, minimaFrom) {
    const minima = minimaFrom ? {points: minimaFrom.minima, values: minimaFrom.minima_values ?? []} : null;
    const contours = computeContours(grid, {scale: fn.contour_scale, minima});
    this.renderer.setScene({
      view, contours,
      minima: minimaFrom ? minimaFrom.minima : [],
      minimaValues: minimaFrom ? minimaFrom.minima_values ?? [] : [],
      globalMinima: minimaFrom ? minimaFrom.global_minima : [],
    });
    // what the announcements judge end points by (a formula's minima are found over its view)
    this.knownMinima = minimaFrom ? {
      minima: minimaFrom.minima, globalMinima: minimaFrom.global_minima,
      tolerance: minimumTolerance(fn.id === CUSTOM ? grid.domain : fn.domain, minimaFrom.minima),
    } : null;
    this.plotInput?.name(`Contour plot of ${this.functionName()}`);
    this.element.dataset.contour = fn.id;
  }

  functionName() {
    return this.state.fn === CUSTOM ? `f(x, y) = ${this.state.expression}` : this.catalog.functionsById.get(this.state.fn).name;
  }

  // --- the view -------------------------------------------------------------------

  currentView() {
    return this.renderer.scene?.view ?? this.state.view ?? this.catalog.functionsById.get(this.state.fn).domain;
  }

  // A zoom or pan: drawn at once with the contours there are; committed (a gesture's end, a
  // button) it becomes the state's view, and Python draws the contour for it.
  setView(view, commit) {
    const domain = this.catalog.functionsById.get(this.state.fn).domain;
    if (!commit) {
      if (allowedView(view, domain)) this.renderer.setView(view);
      return;
    }
    this.update({view});                                   // the store bounds and rounds it
    this.renderer.setView(this.state.view ?? domain);
  }

  // --- runs -----------------------------------------------------------------------

  // home: Enter on the plot before the cross moved (a start in the middle of the view).
  onPoint(x, y, shift, home = false) {
    const add = shift || this.addingStarts;
    this.say([startLine([x, y], {added: add, count: this.state.starts.length + 1, home})]);
    performance.mark("op:click");
    this.awaitingFirstFrame = true;
    // a new start plays from the beginning
    this.update({starts: add ? [...this.state.starts, [x, y]] : [[x, y]],
                 playback: {...this.state.playback, step: null}});
  }

  // Forgets the current runs (their late replies are ignored) and clears paths and table.
  clearRun() {
    this.runSession.clear();
    this.player.stop();
    this.showRuns();
    this.showSettings();
    this.hideMessage();
  }

  runAll() {
    this.formulaRuns = (this.formulaRuns ?? 0) + 1;   // a formula's check still pending runs nothing
    this.clearRun();
    if (!this.state.starts.length) return;
    this.toAnnounce = new Set(enabledEntries(this.state).map((e) => e.key));
    if (this.state.fn === CUSTOM) {
      this.runFormula();
      return;
    }
    if (!enabledEntries(this.state).length) {
      this.showMessage("Every optimizer is switched off: turn one on in the bar below the plot.");
      return;
    }
    this.runSession.runAll(this.state);
    this.showRuns();
  }

  // A formula runs only once Python accepted it (a link's may be refused): nothing is sent
  // for a refused one, and the field beside the picker says why.
  async runFormula() {
    const token = (this.formulaRuns = (this.formulaRuns ?? 0) + 1);
    const state = this.state;
    const fn = this.catalog.functionsById.get(CUSTOM);
    const grid = state.expression.trim() ? await this.expressionGrid(state.expression, state.view ?? fn.domain) : {error: "empty"};
    if (token !== this.formulaRuns || this.runSession.runs.size) return;   // a later change ran its own
    if (grid.error) {
      this.showMessage("The formula above could not be used, so nothing ran: fix it and press Enter.", true);
      return;
    }
    if (!enabledEntries(state).length) {
      this.showMessage("Every optimizer is switched off: turn one on in the bar below the plot.");
      return;
    }
    this.runSession.runAll(state);
    this.showRuns();
  }

  // Entries switched on or changed run again (every path replays); switched off ones go.
  syncEntries(keys) {
    if (!this.state.starts.length) return;
    let ran = false;
    for (const key of keys) {
      const entry = this.state.entries.find((e) => e.key === key);
      if (entry?.enabled) {
        this.runSession.run(this.state, entry);
        (this.toAnnounce ??= new Set()).add(key);
        ran = true;
      } else if (this.runSession.runs.has(key)) {
        this.runSession.drop(key);
      }
    }
    if (ran) this.player.stop();
    this.showRuns();
  }

  // The settings panel, with each optimizer's run error (Python's message) beside its fields.
  showSettings() {
    const errors = new Map();
    for (const [key, run] of this.runSession?.runs ?? []) if (run?.error) errors.set(key, run.message ?? run.error);
    this.settingsPanel.update(this.state.entries, errors);
  }

  onRunResult(key, run) {
    this.showSettings();
    if (run?.error) {
      const entry = this.state.entries.find((e) => e.key === key);
      this.showMessage(`${entry?.label ?? key} could not run: ${run.message ?? run.error}`, true);
    }
    this.showRuns();
  }

  // The paths, the clock, the loss curves and the table for the runs there are now.
  showRuns() {
    const pending = this.runSession.runs.size > 0 && !this.runSession.complete;
    this.element.dataset.run = !this.runSession.runs.size ? "idle"
      : pending && this.client.status !== "ready" ? "queued" : "running";
    this.updateStarts();
    const paths = [];
    let length = 0;
    for (const entry of enabledEntries(this.state)) {
      const run = this.runSession.runs.get(entry.key);
      if (!run || run.error) continue;
      paths.push({key: entry.key, color: entry.color, dash: entry.dash, marker: entry.marker, points: run.points,
                  values: run.values, n: run.n, lastStep: run.last_step, recorded: run.recorded});
      for (const last of run.last_step) length = Math.max(length, last);
    }
    this.renderer.setPaths(paths);
    if (paths.length && this.picture) this.picture = dropPicture(this.element, this.picture);
    this.ui.plot.dataset.paths = paths.map((p) => p.key).join(" ");
    for (const box of [this.ui.playback, this.ui.loss, this.ui.vectors]) box.hidden = paths.length === 0;
    this.lossChart.setRuns(paths, this.knownMinimum());
    if (!paths.length) {
      this.player.stop();
      this.renderer.drawFrame(0);
    } else if (this.state.playback.step !== null) {
      // Paused at a step (the visitor's, or the link's): stay there as paths arrive.
      this.player.length = Math.max(this.player.length, length);
      this.player.seek(this.state.playback.step);
    } else if (this.player.length === 0) {
      this.player.start(length);
    } else {
      this.player.extend(length);
    }
    this.showPlayback();
    this.shareControls.update({hasRuns: paths.length > 0});
    this.renderTable();
  }

  // The function's lowest known value (for the loss curves' log scale): the catalog's for
  // its own parameters, Python's (with the grid) for others and for a formula.
  knownMinimum() {
    if (this.state.fn === CUSTOM) return this.lastExpressionGrid ? knownMinimum(this.lastExpressionGrid.grid) : null;
    const fn = this.catalog.functionsById.get(this.state.fn);
    const own = Object.entries(this.state.params).every(([k, v]) => fn.params[k] === v);
    if (own) return knownMinimum(fn);
    const fromPython = this.pythonGrid && JSON.stringify(this.pythonGrid.params) === JSON.stringify(this.state.params);
    return fromPython ? knownMinimum(this.pythonGrid.grid) : null;
  }

  onFrame(step) {
    this.renderer.drawFrame(step);
    this.lossChart.setStep(step);
    this.showPlayback();
    if (this.awaitingFirstFrame && this.renderer.paths.length) {
      this.awaitingFirstFrame = false;
      performance.mark("op:first-frame");
    }
  }

  renderTable() {
    const fnView = this.state.view ?? this.catalog.functionsById.get(this.state.fn).domain;
    const {rows, complete} = resultRows(this.state.entries, this.runSession.runs, this.state.starts, fnView);
    const [x, y] = this.state.starts[0] ?? [NaN, NaN];
    const where = this.state.starts.length === 1 ? ` from (${format(x)}, ${format(y)})` : "";
    const gradients = this.state.noise.sigma > 0 ? `, with ${describeNoise(this.state.noise)}` : "";
    renderResults(this.ui.results, rows, {
      caption: `Where each optimizer ended on ${this.functionName()}${where}${gradients}`,
      starts: this.state.starts.length,
      coinciding: this.renderer.coinciding(),
      onRemoveStart: (index) => {
        this.say([startRemovedLine(index, this.state.starts.length - 1)]);
        this.update({starts: this.state.starts.filter((_, i) => i !== index)});
      },
    });
    // Not the table but a line per optimizer is read out, once every run is in.
    if (complete && rows.length && this.toAnnounce?.size) {
      this.say(runLines(rows, [...this.toAnnounce], this.knownMinima ?? {}));
      this.toAnnounce.clear();
    }
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

  // What a basin map is made of: every enabled optimizer, over the current view.
  basinRequest() {
    const entries = enabledEntries(this.state);
    const {function: fn, noise} = runArgs(this.state, entries);
    const view = this.state.view ?? this.catalog.functionsById.get(this.state.fn).domain;
    const runs = entries.map(({key, optimizer, hyperparams, steps}) => ({key, optimizer, hyperparams, steps}));
    return {args: {function: fn, runs, domain: view, ...(noise ? {noise} : {})},
            entries: entries.map(({key, label, color, dash, marker}) => ({key, label, color, dash, marker}))};
  }

  // This state as a link: this page's own URL when its hash holds the state, else the
  // playground page's (whose function is the catalog's first) with the state's hash.
  shareLink() {
    if (this.urlState) return location.href;
    return new URL(toHash(this.state, this.catalog, this.catalog.functions[0].id), PLAYGROUND_PAGE).href;
  }

  // --- playback ---------------------------------------------------------------------
  // The player moves the clock itself (every frame); the state's playback.step is where it
  // is paused (null: playing to the end), so a link reopens there.

  onKey(event) {
    const action = keyAction(event);
    if (!action || this.player.length === 0) return;
    event.preventDefault();
    if (action === "toggle") this.togglePlay();
    else if (action === "back" || action === "forward") this.seekTo(Math.floor(this.player.step) + (action === "back" ? -1 : 1));
    else this.update({playback: {...this.state.playback, speed: nextSpeed(this.state.playback.speed, action === "slower" ? -1 : 1)}});
  }

  togglePlay() {
    if (this.player.playing) {
      this.player.pause();
      this.update({playback: {...this.state.playback, step: Math.floor(this.player.step)}});
    } else {
      this.player.play();
      this.update({playback: {...this.state.playback, step: null}});
    }
    this.showPlayback();
  }

  // Pauses at `step` (clamped to the paths' length).
  seekTo(step) {
    this.player.pause();
    this.player.seek(Math.max(0, Math.min(this.player.length, step)));
    this.update({playback: {...this.state.playback, step: Math.floor(this.player.step)}});
    this.showPlayback();
  }

  showPlayback() {
    this.playbackControls.update({step: this.player.step, length: this.player.length,
                                  playing: this.player.playing, speed: this.state.playback.speed});
  }

  // --- Python's status and messages -----------------------------------------------

  onPythonStatus(status) {
    if (status.status === "ready") this.warmUp();
    if (status.notice && status.notice !== this.lastNotice) {
      this.lastNotice = status.notice;
      this.showMessage(`${status.notice.charAt(0).toUpperCase()}${status.notice.slice(1)}.`);
    }
    renderPythonStatus(this.ui.python, status, {
      versions: this.client.versions,
      onRetry: () => this.client.retry(),
    });
    if (this.state?.starts.length && this.runSession) {
      this.updateStarts();
      if (status.status === "ready" && this.element.dataset.run === "queued") this.element.dataset.run = "running";
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
    this.client.call("run", {function: functionSpec(this.state),
                             starts: [[(x0 + x1) / 2 + 0.1, (y0 + y1) / 2 + 0.1]], runs}, {tag: "warm-up"})
      .catch(() => {});
  }

  // Short lines for screen readers (the polite status region; announcements.js words them).
  say(lines) {
    if (!lines.length) return;
    this.ui.announcer.replaceChildren(...lines.map((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      return p;
    }));
  }

  // The keyboard cross moved: the readout follows at once; once it rests, it is announced
  // with f when Python has said it (askValue calls again when the value comes).
  onCross(point) {
    this.onHover(point);
    clearTimeout(this.crossTimer);
    this.crossTimer = setTimeout(() => {
      this.crossDue = point;
      this.sayCross();
    }, CROSS_PAUSE_MS);
  }

  sayCross() {
    const point = this.crossDue;
    if (!point) return;
    const known = this.hoverValue?.point === point;
    if (!known && this.client.status === "ready" && this.hovered === point) return;   // f is on its way
    this.crossDue = null;
    this.say([crossLine(point, known ? this.hoverValue.f : null)]);
  }

  showMessage(text, isError = false) {
    this.ui.message.textContent = text;
    this.ui.message.classList.toggle("pg-message-error", isError);
    this.ui.message.hidden = false;
  }

  hideMessage() {
    this.ui.message.hidden = true;
    this.ui.message.textContent = "";
  }

  // Parts of the URL hash that could not be read: said once, in plain words; the rest of
  // the link still applies.
  showLinkProblems(problems) {
    this.ui.linkNotice.hidden = problems.length === 0;
    const shown = problems.slice(0, 6);
    if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more`);
    if (problems.length) performance.mark("op:link-read");
    this.ui.linkNotice.textContent = problems.length
      ? `Part of this link could not be read, so the page uses defaults or a shorter version for it: ${shown.join("; ")}.`
      : "";
  }

  // The pointer's (or the keyboard cross's) x, y and f(x, y); f comes from Python, one
  // request at a time (the latest point wins), and is said only for the point it belongs to.
  onHover(point) {
    this.hovered = point;
    if (!point) {
      this.ui.readout.textContent = this.addingStarts ? HINT_ADDING : (this.state.starts.length ? HINT_AFTER_RUN : HINT);
      return;
    }
    const where = `x = ${point[0].toFixed(3)}, y = ${point[1].toFixed(3)}`;
    this.ui.readout.textContent = this.client.status === "ready" ? `${where}, f = …` : where;
    if (this.client.status === "ready") this.askValue();
  }

  async askValue() {
    if (this.askingValue) return;
    this.askingValue = true;
    let asked = null;
    while (this.hovered && this.hovered !== asked) {
      asked = this.hovered;
      const reply = await this.client.call("values", {function: functionSpec(this.state), points: [asked]}, {tag: "values"})
        .catch(() => null);
      this.hoverValue = {point: asked, f: reply ? reply.values[0] : null};
      if (reply && this.hovered === asked) {
        this.ui.readout.textContent = `x = ${asked[0].toFixed(3)}, y = ${asked[1].toFixed(3)}, f = ${format(reply.values[0])}`;
      }
      this.sayCross();
    }
    this.askingValue = false;
  }
}

export async function mountPlayground(element, options) {
  return new Playground(element, options).mount();
}

function markOnce(name) {
  if (!performance.getEntriesByName(name, "mark").length) performance.mark(name);
}
