// The runs on screen: asks for them (run-session.js's lifecycle), and shows what there is — the
// paths, the loss curves, the results table, the screen reader's lines — once per reply (the
// table and the curves are built in one microtask however many changes came together, and only
// when what they show changed). How each run ended is Python's (its outcomes); when the
// committed view changes, Python re-classifies the ends (its `outcomes` method) instead of
// running again.
import {RunSession} from "./run-session.js";
import {renderResults, resultRows, revealRows} from "./results.js";
import {pointText, precisionOf} from "./number-format.js";
import {runLines} from "./announcements.js";
import {describeNoise} from "../controls/noise-controls.js";
import {describeMinibatch} from "../state/minibatch.js";
import {batchesPerEpoch} from "./epoch-marks.js";
import {enabledEntries, functionSpec, isFormula} from "../state/state.js";

export class RunView {
  constructor(page) {
    this.page = page;
    this.session = new RunSession(page.client, {onResult: (key, run) => this.onResult(key, run)});
    this.toAnnounce = new Set();
    this.formulaRuns = 0;         // a formula's check still pending runs nothing once this moved on
    this.classifying = 0;         // the latest re-classification (older replies are dropped)
    this.scheduled = false;
    this.hidden = false;          // paths hidden while a parameter slider previews other parameters
    this.shown = {table: null, loss: null};   // what the table and the curves were last built from
    this.builds = {table: 0, loss: 0, blank: 0};   // how often each was built (tests count them)
    this.asked = new Map();       // entry key -> the view its run was asked for (its outcomes are for it)
    this.reached = 0;             // the furthest step the playback has shown since the paths last replayed
    this.table = null;            // the results table shown (its rows are revealed as their paths end)
    this.lastRows = [];           // its rows (of runs that are in)
  }

  get runs() {
    return this.session.runs;
  }

  // Every path again (a new start, another function, noise, vectors asked for).
  runAll() {
    const {state, catalog} = this.page;
    this.formulaRuns++;
    this.session.clear();
    this.page.playback.stop();
    this.reached = 0;
    this.page.notices.hideMessage();
    this.toAnnounce = new Set();
    this.schedule();
    if (!state.starts.length) return;
    this.toAnnounce = new Set(enabledEntries(state).map((e) => e.key));
    if (isFormula(state, catalog)) {
      this.runFormula();
    } else if (!enabledEntries(state).length) {
      this.page.notices.message("Every optimizer is switched off: turn one on in the bar below the plot.");
    } else {
      this.ask(state, enabledEntries(state));
    }
  }

  // Runs for these entries, each remembered with the view its outcomes will be for.
  ask(state, entries) {
    if (entries.length === enabledEntries(state).length) this.session.runAll(state, this.page.catalog);
    else for (const entry of entries) this.session.run(state, entry, this.page.catalog);
    for (const entry of entries) this.asked.set(entry.key, state.view);
  }

  // A formula runs only once Python accepted it (a link's may be refused): nothing is sent
  // for a refused one, and the field beside the picker says why.
  async runFormula() {
    const token = ++this.formulaRuns;
    const state = this.page.state;
    const grid = state.expression.trim()
      ? await this.page.scene.expressionGrid(state.expression, this.page.scene.committedView(state)) : {error: "empty"};
    if (token !== this.formulaRuns || this.session.runs.size) return;   // a later change ran its own
    if (grid.error) {
      this.page.notices.message("The formula above could not be used, so nothing ran: fix it and press Enter.", true);
    } else if (!enabledEntries(state).length) {
      this.page.notices.message("Every optimizer is switched off: turn one on in the bar below the plot.");
    } else {
      this.ask(state, enabledEntries(state));
      this.schedule();
    }
  }

  // Entries switched on or changed run again (every path replays); switched off ones go.
  syncEntries(keys) {
    const state = this.page.state;
    if (!state.starts.length) return;
    let ran = false;
    for (const key of keys) {
      const entry = state.entries.find((e) => e.key === key);
      if (entry?.enabled) {
        this.ask(state, [entry]);
        this.toAnnounce.add(key);
        ran = true;
      } else if (this.session.runs.has(key)) {
        this.session.drop(key);
      }
    }
    if (ran) {
      this.page.playback.stop();   // every path replays, so every row waits for its path again
      this.reached = 0;
    }
    this.schedule();
  }

  // The playback drew `step`: the rows whose paths it has now played to their end appear.
  onFrame(step) {
    const reached = Math.floor(step);
    if (reached <= this.reached) return;
    this.reached = reached;
    this.revealRows();
  }

  // Shows the rows played to their end; once all are (and every run is in), the screen
  // reader hears one line per optimizer that ran.
  revealRows() {
    const box = this.page.ui.results;
    if (!this.table) {
      delete box.dataset.rowsShown;
      delete box.dataset.rows;
      return;
    }
    const {shown, total} = revealRows(this.table, this.reached);
    box.dataset.rowsShown = String(shown);
    box.dataset.rows = String(total);
    if (shown === total && this.session.complete && this.toAnnounce.size && this.lastRows.length) {
      this.page.notices.say(runLines(this.lastRows, [...this.toAnnounce]));
      this.toAnnounce.clear();
    }
  }

  // The committed view changed: Python says again how each finished run ended in it.
  async reclassify() {
    const token = ++this.classifying;
    const {state, catalog, client} = this.page;
    const view = this.page.scene.committedView(state);
    const asked = [...this.session.runs].filter(([, run]) => run && !run.error);
    await Promise.all(asked.map(async ([key, run]) => {
      const ends = [], status = [];
      for (let row = 0; row < run.n; row++) {
        const i = run.last_step[row] * run.n + row;
        ends.push([finiteOrNull(run.points[2 * i]), finiteOrNull(run.points[2 * i + 1])]);
        status.push(run.status[row]);
      }
      const reply = await client.call("outcomes", {function: functionSpec(state, catalog), view, ends, status,
                                                   last_step: [...run.last_step]}, {tag: "outcomes"}).catch(() => null);
      if (reply && token === this.classifying) {
        this.session.replace(key, run, {...run, outcomes: reply.outcomes});
        this.asked.set(key, state.view);
      }
    }));
    if (token === this.classifying) this.schedule();
  }

  onResult(key, run) {
    // a run asked for before the view changed: Python says again how it ended in this one
    if (run && !run.error && this.asked.get(key) !== this.page.state.view) this.reclassify();
    if (run?.error) {
      const entry = this.page.state.entries.find((e) => e.key === key);
      this.page.notices.message(`${entry?.label ?? key} could not run: ${run.message ?? run.error}`, true);
    }
    this.schedule();
  }

  // Python's message for each entry whose run failed (the settings panel shows it beside its fields).
  errors() {
    return runErrors(this.session.runs);
  }

  hidePaths(hidden) {
    this.hidden = hidden;
    this.show();
  }

  // Shows the runs once the current task's changes are all in (one build for many).
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.show();
    });
  }

  // The paths, the clock, the loss curves and the table for the runs there are now.
  show() {
    const {state, element, client, renderer, ui} = this.page;
    const session = this.session;
    const pending = session.runs.size > 0 && !session.complete;
    element.dataset.run = !session.runs.size ? "idle" : pending && client.status !== "ready" ? "queued" : "running";
    this.showStarts();
    const paths = [];
    let length = 0;
    for (const entry of enabledEntries(state)) {
      const run = session.runs.get(entry.key);
      if (!run || run.error) continue;
      paths.push({key: entry.key, label: entry.label, color: entry.color, dash: entry.dash, marker: entry.marker, points: run.points,
                  values: run.values, n: run.n, lastStep: run.last_step, recorded: run.recorded});
      for (const last of run.last_step) length = Math.max(length, last);
    }
    const drawn = this.hidden ? [] : paths;
    renderer.setPaths(drawn);
    if (drawn.length) this.page.dropPicture();
    ui.plot.dataset.paths = drawn.map((p) => p.key).join(" ");
    for (const box of [ui.playback, ui.loss, ui.vectors]) box.hidden = paths.length === 0;
    this.showLoss(paths);
    this.page.playback.setLength(drawn.length ? length : 0);
    this.page.shareControls.update({hasRuns: paths.length > 0});
    this.page.settingsPanel.update(state.entries, this.errors());
    this.showTable();
  }

  // The loss curves, rebuilt only when the runs, the scale or the function's minimum changed.
  showLoss(paths = null) {
    const {state, lossChart, scene} = this.page;
    const runs = paths ?? this.page.renderer.paths;
    const minimum = scene.knownMinimum();
    lossChart.setEpochs(batchesPerEpoch(this.session.runs.values()));
    const source = [minimum, state.lossScale, state.lossRange, ...runs.flatMap((p) => [p.key, p.values, p.color, p.label])];
    if (sameSources(source, this.shown.loss)) return;
    this.shown.loss = source;
    this.builds.loss++;
    lossChart.setRuns(runs, minimum, state.lossScale, state.lossRange);
  }

  showTable() {
    const {state, catalog, renderer, ui, scene} = this.page;
    const source = [state.entries, state.starts, state.noise, state.minibatch, state.fn, state.expression, ...this.session.runs.values()];
    if (sameSources(source, this.shown.table)) return;
    this.shown.table = source;
    const {rows, complete} = resultRows(state.entries, this.session.runs, state.starts);
    // (a table of blank rows only, reserving the space at a click, is counted apart)
    if (rows.some((row) => !row.pending)) this.builds.table++;
    else if (rows.length) this.builds.blank = (this.builds.blank ?? 0) + 1;
    const precision = this.precision();
    const where = state.starts.length === 1 ? ` from ${pointText(state.starts[0], precision)}` : "";
    const gradients = [describeMinibatch(state, catalog), state.noise.sigma > 0 ? describeNoise(state.noise) : ""]
      .filter(Boolean).map((words) => `, with ${words}`).join("");
    this.lastRows = rows.filter((row) => !row.pending);
    this.table = renderResults(ui.results, rows, {
      precision,
      reached: this.reached,
      caption: `Where each optimizer ended on ${scene.functionName()}${where}${gradients}`,
      starts: state.starts.length,
      coinciding: renderer.coinciding(),
      tolerance: catalog.end_point_tolerance,
      onRemoveStart: (index) => this.page.update({starts: state.starts.filter((_, i) => i !== index)},
                                                 {removed: index}),
    });
    // Not the table but a line per optimizer is read out, once every run is in and shown.
    this.revealRows();
    if (complete && rows.length) {
      this.page.element.dataset.run = "done";
      performance.mark("op:table-filled");
    }
  }

  // The decimals the committed view resolves at the plot's size (x, y: one pixel; f: a
  // ten-thousandth of f's range over the view).
  precision() {
    const {renderer, scene, state} = this.page;
    const plot = renderer.scales?.plot;
    const size = plot ? {width: plot.right - plot.left, height: plot.bottom - plot.top} : {width: 400, height: 400};
    const contours = renderer.scene?.contours;
    return precisionOf(scene.committedView(state), size, contours ? [contours.min, contours.max] : null);
  }

  showStarts() {
    const queued = this.page.client.status !== "ready";
    this.page.renderer.setStarts(this.page.state.starts.map(([x, y]) => ({x, y, queued})));
    this.page.renderer.drawOverlay();
  }
}

function runErrors(runs) {
  const errors = new Map();
  for (const [key, run] of runs) if (run?.error) errors.set(key, run.message ?? run.error);
  return errors;
}

function finiteOrNull(value) {
  return Number.isFinite(value) ? value : null;
}

// Whether two lists hold the very same things (by identity), item by item.
function sameSources(a, b) {
  return b !== null && a.length === b.length && a.every((item, i) => item === b[i]);
}
