// The basin maps' lifecycle: one request to Python's `basins` job at a time (a new one,
// Cancel, or a change of what the maps depend on abandons the old one), its progress, and
// the map drawn under the paths. The panel (basin-controls.js) shows what this holds.
import {renderBasinControls, DEFAULT_RESOLUTION} from "../controls/basin-controls.js";
import {basinPixels, pixelExtent} from "./basin-map.js";

export class BasinSession {
  // request() -> {args (function, runs, domain, noise), entries: [{key, label, color}]} for
  // the page's current state; element: where data-basins ("idle" | "running" | "done" |
  // "failed") is kept for tests.
  constructor(box, {client, renderer, request, element}) {
    this.client = client;
    this.renderer = renderer;
    this.request = request;
    this.element = element;
    this.view = {resolution: DEFAULT_RESOLUTION, shown: null, entries: [], status: "idle", fraction: 0,
                 result: null, message: ""};
    this.controller = null;
    this.controls = renderBasinControls(box, {
      onStart: () => this.start(),
      onCancel: () => this.cancel("Cancelled; press Basin map to start again."),
      onShow: (key) => this.show(key),
      onResolution: (n) => this.set({resolution: n}),
    });
    this.set({});
  }

  set(change) {
    this.view = {...this.view, ...change};
    this.element.dataset.basins = this.view.status;
    this.controls.update(this.view);
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
    this.draw(null);
    this.set({status: "running", fraction: 0, result: null, entries, message: ""});
    let result;
    try {
      result = await this.client.call("basins", {...args, resolution: this.view.resolution}, {
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
    const drawable = result.maps.filter((m) => !m.error);
    const shown = drawable.some((m) => m.key === this.view.shown) ? this.view.shown : drawable[0]?.key ?? null;
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    this.set({status: "done", fraction: 1, result, shown,
              message: `${result.maps.length} basin ${result.maps.length === 1 ? "map" : "maps"} in ${seconds} s.`});
    this.draw(shown);
    performance.mark("op:basins-done");
  }

  show(key) {
    this.set({shown: key});
    this.draw(key);
  }

  draw(key) {
    const result = this.view.result;
    const map = key && result?.maps.find((m) => m.key === key && !m.error);
    if (!map) {
      this.renderer.setBasinMap(null);
      return;
    }
    const n = result.resolution;
    this.renderer.setBasinMap({pixels: basinPixels(map.labels, n, n, result.global_minima), nx: n, ny: n,
                               extent: pixelExtent(result.domain, n, n)});
  }

  abort() {
    this.controller?.abort();
    this.controller = null;
  }

  cancel(message) {
    if (this.view.status !== "running") return;
    this.abort();
    this.set({status: "idle", fraction: 0, message});
  }

  // What the maps were made for changed (function, parameters, view, optimizers, noise):
  // the map and its table go; a map being made stops.
  invalidate() {
    const had = this.view.status === "running" || this.view.status === "done";
    this.abort();
    this.draw(null);
    this.set({status: "idle", fraction: 0, result: null,
              message: had ? "The settings changed since the basin maps were made: press Basin map for new ones." : ""});
  }
}
