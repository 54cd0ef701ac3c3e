// A sweep's lifecycle: the state's `sweep` (URL q=: which entry, which setting, the range, how
// many values, what the chart shows, from which start) asked of Python's `sweep` job, one at a
// time (a new one, Cancel, or a change of what it depends on abandons the old one), with its
// progress. sync() runs after every change of state: it asks again only when the request itself
// changed (the entry's settings, the function, the start, the noise, the view or the sweep), so a
// cold link with q= runs its sweep once Python is ready. Picking a value draws that run's path on
// the plot, beside the runs (renderer.setExtraPaths).
import {runArgs} from "../state/state.js";

export const PICKED_KEY = "sweep";   // the picked run's key among the drawn paths

export class SweepSession {
  constructor(page) {
    this.page = page;
    this.job = {status: "idle", fraction: 0, result: null, message: "", entry: null};
    this.asked = null;        // the request (JSON) of the job running or done
    this.controller = null;
    this.picked = null;       // the index of the value whose path is drawn
    this.results = 0;
  }

  set(change) {
    this.job = {...this.job, ...change};
    this.show();
  }

  show() {
    const {element, controls, state} = this.page;
    element.dataset.sweep = this.job.status;
    controls.sweepPanel?.showJob({...this.job, picked: this.picked, measure: state.sweep?.measure});
  }

  // The worker's `sweep` args for the state's sweep, or {problem} in plain words.
  request() {
    const {state, catalog} = this.page;
    const sweep = state.sweep;
    const entry = state.entries.find((e) => e.key === sweep.key);
    if (!entry) return {problem: `The sweep's optimizer (${sweep.key}) is not on this page: pick one and press the button again.`};
    const start = state.starts[sweep.start];
    if (!start) return {problem: "Click the plot to choose where the sweep starts."};
    const base = runArgs(state, [entry], catalog);
    const args = {function: base.function, start,
                  run: {key: entry.key, optimizer: entry.optimizer, hyperparams: entry.hyperparams, steps: entry.steps},
                  setting: sweep.setting, low: sweep.low, high: sweep.high, count: sweep.count,
                  ...(base.view ? {view: base.view} : {}), ...(base.noise ? {noise: base.noise} : {})};
    return {args, entry: {key: entry.key, label: entry.label, color: entry.color, dash: entry.dash, marker: entry.marker,
                          optimizer: entry.optimizer, hyperparams: entry.hyperparams}};
  }

  // After a change of state: the sweep again if what it asks for changed.
  sync({force = false} = {}) {
    if (!this.page.state.sweep) {
      if (this.job.status !== "idle" || this.job.result) this.clear("");
      return;
    }
    const {args, entry, problem} = this.request();
    if (problem) {
      this.clear(problem);
      return;
    }
    const asked = JSON.stringify(args);
    if (!force && asked === this.asked && this.job.status !== "failed") {
      this.show();   // (what the chart shows may have changed)
      return;
    }
    this.asked = asked;
    this.start(args, entry);
  }

  async start(args, entry) {
    this.abort();
    this.pick(null);
    const controller = (this.controller = new AbortController());
    const began = performance.now();
    performance.mark("op:sweep-start");
    this.set({status: "running", fraction: 0, result: null, entry, message: ""});
    let result;
    try {
      result = await this.compute(args, controller);
    } catch (error) {
      if (this.controller !== controller) return;
      this.controller = null;
      this.asked = null;
      this.set({status: "failed", message: `The sweep could not run: ${error.message}`});
      return;
    }
    if (this.controller !== controller || result === null) return;
    this.controller = null;
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    this.set({status: "done", fraction: 1, result, id: ++this.results,
              message: `${result.values.length} runs in ${seconds} s.`});
    performance.mark("op:sweep-done");
  }

  // Python's `sweep` reply: split across the pool's workers that are up (runs/sweep-parts.js),
  // or on the page's worker alone. A sweep does not start the pool's extra workers: starting one
  // takes longer than a sweep; it uses those a basin map started, while they are kept.
  async compute(args, controller) {
    const onProgress = (fraction) => {
      if (this.controller === controller) this.set({fraction});
    };
    const [{sharedPool}, {joinSweepParts, sweepParts}] = await Promise.all([import("../worker/pool.js"),
                                                                            import("./sweep-parts.js")]);
    if (this.controller !== controller) return null;
    const pool = sharedPool(this.page.client);
    const workers = pool.ready();
    if (workers < 2) return this.page.client.call("sweep", args, {tag: "sweep", signal: controller.signal, onProgress});
    const parts = sweepParts(args.count, workers).map((range) => ({args: {...args, part: range}, range,
                                                                   weight: range[1] - range[0]}));
    const replies = await pool.runParts("sweep", parts, {signal: controller.signal, onProgress, startExtras: false});
    return replies && joinSweepParts(replies);
  }

  abort() {
    this.controller?.abort();
    this.controller = null;
  }

  cancel() {
    if (this.job.status !== "running") return;
    this.abort();
    this.asked = null;
    this.set({status: "idle", fraction: 0, message: "Cancelled; press the button to start again."});
  }

  clear(message) {
    this.abort();
    this.asked = null;
    this.pick(null);
    this.set({status: "idle", fraction: 0, result: null, message});
  }

  // Draws the run of value `index` on the plot (null: none), in its entry's colour and cues.
  pick(index) {
    const result = this.job.result;
    const entry = this.job.entry;
    this.picked = result && index !== null && index >= 0 && index < result.values.length ? index : null;
    const paths = [];
    if (this.picked !== null) {
      const size = result.steps + 1;
      paths.push({key: PICKED_KEY, color: entry.color, dash: entry.dash, marker: entry.marker, n: 1,
                  points: result.points.subarray(this.picked * size * 2, (this.picked + 1) * size * 2),
                  values: result.losses.subarray(this.picked * size, (this.picked + 1) * size),
                  lastStep: [result.last_step[this.picked]], value: result.values[this.picked]});
    }
    this.page.renderer.setExtraPaths(paths);
    this.show();
  }
}
