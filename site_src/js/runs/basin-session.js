// The basin maps' lifecycle: one request to Python's `basins` job at a time (a new one,
// Cancel, or a change of what the maps depend on abandons the old one) and its progress. The
// lattice's side and which map is drawn are the page's state (basinResolution, in the URL as
// r=, and basinShown); show() puts the panel (basin-controls.js) and the map under the paths
// (through the renderer) in step with the state and the job.
import {basinPixels, pixelExtent} from "./basin-map.js";
import {enabledEntries, runArgs} from "../state/state.js";

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
    let result;
    try {
      result = await this.page.client.call("basins", args, {
        tag: "basins",
        signal: controller.signal,
        onProgress: (fraction) => {
          if (this.controller === controller) this.set({fraction});
        },
      });
    } catch (error) {
      if (this.controller !== controller) return;
      this.controller = null;
      this.set({status: "failed", message: `The basin maps could not be made: ${error.message}`});
      return;
    }
    if (this.controller !== controller || result === null) return;
    this.controller = null;
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    this.set({status: "done", fraction: 1, result, id: ++this.results,
              message: `${result.maps.length} basin ${result.maps.length === 1 ? "map" : "maps"} in ${seconds} s.`});
    performance.mark("op:basins-done");
  }

  abort() {
    this.controller?.abort();
    this.controller = null;
  }

  cancel(message) {
    if (this.job.status !== "running") return;
    this.abort();
    this.set({status: "idle", fraction: 0, message});
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
