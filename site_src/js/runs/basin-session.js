// The basin maps' lifecycle: one map at a time, made in parts by the pool of Python workers
// (a new one, Cancel, or a change of what the maps depend on abandons the old one) and its
// progress. `this.assembly` (runs/basin-blocks.js) holds the parts, the coarse map included. The
// lattice's side and which map is drawn are the page's state (basinResolution, in the URL as
// r=, and basinShown); show() puts the panel (basin-controls.js) and the map under the paths
// (through the renderer) in step with the state and the job.
import {basinPixels, pixelExtent} from "./basin-map.js";
import {BasinAssembly, coarseStep, mapPasses, passParts} from "./basin-blocks.js";
import {enabledEntries, runArgs} from "../state/state.js";

// A block of a map holds at least this many starts: each step of a block costs about 15 µs of
// numpy calls besides its work (about 30 ns a start under Pyodide), so smaller blocks waste time.
const MIN_BLOCK_STARTS = 5000;
const PROGRESS_MS = 150;  // the progress bar moves at most this often ...
const REDRAW_MS = 250;   // a map being refined is drawn again at most this often

export class BasinSession {
  constructor(page) {
    this.page = page;
    this.job = {entries: [], status: "idle", fraction: 0, result: null, message: ""};
    this.controller = null;
    this.drawn = undefined;   // the map the renderer has: "<result id> <key>" or null
    this.results = 0;
  }

  set(change) {
    this.job = {...this.job, ...change};
    this.show();
  }

  // The panel and the drawn map for the state's basinResolution and basinShown.
  show() {
    const {state, element, renderer} = this.page;
    element.dataset.basins = this.job.status;
    const drawable = (this.job.result?.maps ?? []).filter((m) => !m.error);
    const shown = drawable.some((m) => m.key === state.basinShown) ? state.basinShown : drawable[0]?.key ?? null;
    this.page.controls.basinPanel.update({...this.job, resolution: state.basinResolution, shown});
    const id = shown === null ? null : `${this.job.id} ${shown}`;
    if (id === this.drawn) return;
    this.drawn = id;
    const map = drawable.find((m) => m.key === shown);
    if (!map) {
      renderer.setBasinMap(null);
      return;
    }
    const n = this.job.result.resolution;
    renderer.setBasinMap({pixels: basinPixels(map.labels, n, n, this.job.result.global_minima), nx: n, ny: n,
                          extent: pixelExtent(this.job.result.domain, n, n)});
  }

  // What a basin map is made of: every enabled optimizer, over the committed view.
  request() {
    const {state, catalog, scene} = this.page;
    const entries = enabledEntries(state);
    const {function: fn, noise} = runArgs(state, entries, catalog);
    const runs = entries.map(({key, optimizer, hyperparams, steps}) => ({key, optimizer, hyperparams, steps}));
    return {args: {function: fn, runs, domain: scene.committedView(state), resolution: state.basinResolution,
                   ...(noise ? {noise} : {})},
            entries: entries.map(({key, label, color, dash, marker}) => ({key, label, color, dash, marker}))};
  }

  // Makes the maps with the pool of workers (worker/pool.js, loaded on first use): the coarse
  // map first (a sub-lattice of the final one, itself in two passes: runs/basin-blocks.js), each
  // pass drawn once in, then the rest of the lattice, refined in place as parts arrive; the
  // table's shares count the starts computed so far until the map is complete.
  async start() {
    this.abort();
    const {args, entries} = this.request();
    if (!args.runs.length) {
      this.set({status: "idle", message: "Every optimizer is switched off: turn one on to map its basins."});
      return;
    }
    const controller = (this.controller = new AbortController());
    const began = performance.now();
    performance.mark("op:basins-start");
    this.set({status: "running", fraction: 0, result: null, entries, message: ""});
    const current = () => this.controller === controller;
    const n = args.resolution;
    const noise = Boolean(args.noise);
    const passes = mapPasses(n, {noise});
    const assembly = (this.assembly = new BasinAssembly(n, args.runs.length, noise ? 1 : coarseStep(n)));
    try {
      const {sharedPool} = await import("../worker/pool.js");
      if (!current()) return;
      const pool = sharedPool(this.page.client);
      // Every pass's parts in one job, in pass order: no worker waits at the end of a pass for
      // the others. Parts of one map each: lattice rows of it, or with noise the whole map.
      const parts = passes.flatMap((pass, index) => passParts(n, args.runs, pass, pool.size, {minStarts: MIN_BLOCK_STARTS, noise})
        .map((part) => ({...part, pass: index, group: index,
                         args: {...args, runs: [args.runs[part.map]], rows: part.rows, step: pass.step, skip: pass.skip}})));
      const left = passes.map((_, index) => parts.filter((part) => part.pass === index).length);
      let shown = 0;   // passes drawn: a coarse pass is drawn once it and the passes before it are in
      const done = await pool.runParts("basins_part", parts, {
        signal: controller.signal, inFlight: 2, backups: true,
        onProgress: (fraction) => {
          if (current()) this.progressSoon(fraction);
        },
        onBlock: (value, part) => {
          if (!current()) return;
          assembly.add(value, passes[part.pass].coarse, part.map);
          left[part.pass] -= 1;
          const before = shown;
          while (shown < passes.length && left[shown] === 0 && passes[shown].coarse) {
            assembly.fillFrom(passes[shown].step);
            shown += 1;
          }
          if (shown > before) {
            this.set({result: assembly.result(), id: ++this.results});
            if (before === 0) performance.mark("op:basins-coarse");
          } else if (!assembly.complete && (shown > 0 || !passes[0].coarse)) {   // (no coarse map: drawn as parts come)
            this.redrawSoon(assembly, current);
          }
        },
      });
      if (!current() || done === null) return;
    } catch (error) {
      if (!current()) return;
      this.controller = null;
      this.set({status: "failed", message: `The basin maps could not be made: ${error.message}`});
      return;
    }
    this.controller = null;
    const result = assembly.result();
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    this.set({status: "done", fraction: 1, result, id: ++this.results,
              message: `${result.maps.length} basin ${result.maps.length === 1 ? "map" : "maps"} in ${seconds} s.`});
    performance.mark("op:basins-done");
  }

  // The progress bar, moved at most every PROGRESS_MS however many workers report (each move
  // costs the page a frame: a few ms of the main thread).
  progressSoon(fraction) {
    this.job = {...this.job, fraction};
    if (this.progressing) return;
    this.progressing = true;
    setTimeout(() => requestAnimationFrame(() => {
      this.progressing = false;
      if (this.job.status === "running") this.page.controls.basinPanel.progress(this.job.fraction);
    }), PROGRESS_MS);
  }

  // The refined map and its table, redrawn at most every REDRAW_MS however many blocks arrived
  // (each redraw paints the plot's base layer again: few of them leave the main thread free).
  redrawSoon(assembly, current) {
    if (this.redrawing) return;
    this.redrawing = true;
    setTimeout(() => requestAnimationFrame(() => {
      this.redrawing = false;
      if (current() && !assembly.complete) this.set({result: assembly.result(), id: ++this.results});
    }), REDRAW_MS);
  }

  abort() {
    this.controller?.abort();
    this.controller = null;
  }

  cancel(message) {
    if (this.job.status !== "running") return;
    this.abort();
    this.set({status: "idle", fraction: 0, result: null, message});   // a half-refined map goes too
  }

  // What the maps were made for changed (function, parameters, view, optimizers, noise):
  // the map and its table go; a map being made stops.
  invalidate() {
    const had = this.job.status === "running" || this.job.status === "done";
    this.abort();
    this.set({status: "idle", fraction: 0, result: null,
              message: had ? "The settings changed since the basin maps were made: press Basin map for new ones." : ""});
  }
}
