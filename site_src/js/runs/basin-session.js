// The basin maps' lifecycle: one map at a time, made in parts by the pool of Python workers
// (a new one, Cancel, or a change of what the maps depend on abandons the old one) and its
// progress. `this.assembly` (runs/basin-blocks.js) holds the parts, the coarse map included. The
// lattice's side and which map is drawn are the page's state (basinResolution, in the URL as
// r=, and basinShown); show() puts the panel (basin-controls.js) and the map under the paths
// (through the renderer) in step with the state and the job.
import {basinPixels, pixelExtent} from "./basin-map.js";
import {BasinAssembly, mapPasses} from "./basin-blocks.js";
import {enabledEntries, runArgs} from "../state/state.js";

// A block of a map holds at least this many starts: each step of a block costs about 15 µs of
// numpy calls besides its work (about 30 ns a start under Pyodide), so smaller blocks waste time.
const MIN_BLOCK_STARTS = 5000;

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
  // map first (a sub-lattice of the final one: runs/basin-blocks.js), drawn at once, then the
  // rest of the lattice, refined in place block by block; the table's shares count the starts
  // computed so far until the map is complete.
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
    const assembly = (this.assembly = new BasinAssembly(n, args.runs.length, passes[0].step));
    let before = 0;
    try {
      const {sharedPool} = await import("../worker/pool.js");
      if (!current()) return;
      const pool = sharedPool(this.page.client);
      for (const pass of passes) {
        // Blocks of lattice rows; with noise, blocks of maps (every part of a map would draw the
        // whole lattice's normals at every step), each whole.
        const partArgs = {...args, step: pass.step, skip: pass.skip};
        const done = await pool.runBlocks("basins_part", partArgs, noise ? args.runs.length : n, {
          signal: controller.signal,
          ...(noise ? {blockArgs: ([first, end]) => ({...partArgs, runs: args.runs.slice(first, end)})}
            : {minRows: Math.ceil(MIN_BLOCK_STARTS / (pass.points / n))}),
          onProgress: (fraction) => {
            if (current()) this.set({fraction: (before + fraction * pass.points) / (n * n)});
          },
          onBlock: (value, [first]) => {
            if (!current()) return;
            assembly.add(value, pass.coarse, noise ? first : 0);
            if (!pass.coarse && !assembly.complete) this.redrawSoon(assembly, current);
          },
        });
        if (!current() || done === null) return;
        before += pass.points;
        if (pass.coarse) {
          assembly.fillFromCoarse();
          this.set({result: assembly.result(), id: ++this.results});
          performance.mark("op:basins-coarse");
        }
      }
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

  // The refined map and its table, redrawn once per frame however many blocks arrived.
  redrawSoon(assembly, current) {
    if (this.redrawing) return;
    this.redrawing = true;
    requestAnimationFrame(() => {
      this.redrawing = false;
      if (current() && !assembly.complete) this.set({result: assembly.result(), id: ++this.results});
    });
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
