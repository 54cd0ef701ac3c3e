// The runs' lifecycle: one `run` request per enabled optimizer entry (the shortest first, so
// the first path draws soon; entries alike share one), answers kept per entry key, and stale answers ignored (a new
// start, another function, an entry switched off or changed since the request was made). A run
// is a job in the worker (sliced, so a big one never blocks it): a stale one is cancelled, so
// its work stops at its next slice.
import {enabledEntries, runArgs} from "../state/state.js";

let sessions = 0;

export class RunSession {
  // onResult(key, run | null): a run arrived ({error} when it failed) or was dropped.
  constructor(client, {onResult}) {
    this.client = client;
    this.onResult = onResult;
    this.runs = new Map();        // entry key -> the worker's run value, or null while it is computed
    this.latest = new Map();      // entry key -> the id of its latest request (older answers are stale)
    this.controllers = new Map(); // entry key -> the AbortController of its request in flight
    this.nextId = 1;
    this.tag = `run-${++sessions}`;   // this session's requests (the worker is shared by a page's playgrounds)
  }

  // Forgets every run; answers still to come are ignored and queued requests are dropped.
  clear() {
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
    this.latest.clear();
    this.runs.clear();
    this.client.dropQueued((request) => request.tag !== this.tag);
  }

  // Every enabled entry from the state's starts, replacing whatever ran before. Entries alike in
  // all that a run's arithmetic reads (a fresh copy, a link repeating an optimizer) share one request.
  runAll(state, catalog) {
    this.clear();
    const alike = new Map();   // what the arithmetic reads -> the entries that ask for it
    for (const entry of [...enabledEntries(state)].sort((a, b) => a.steps - b.steps)) {
      const {key, ...arithmetic} = runArgs(state, [entry], catalog).runs[0];
      const same = JSON.stringify(arithmetic);
      alike.set(same, [...(alike.get(same) ?? []), entry]);
    }
    for (const entries of alike.values()) this.runAlike(state, entries, catalog);
  }

  run(state, entry, catalog) {
    this.runAlike(state, [entry], catalog);
  }

  // One request for `entries` (alike); each keeps its own key's bookkeeping, and the request is
  // cancelled only once every one of them is (a key re-run on its own cancels just its share).
  runAlike(state, entries, catalog) {
    const id = this.nextId++;
    const request = new AbortController();
    let waiting = entries.length;
    for (const entry of entries) {
      this.controllers.get(entry.key)?.abort();
      const controller = new AbortController();
      controller.signal.addEventListener("abort", () => --waiting === 0 && request.abort(), {once: true});
      this.controllers.set(entry.key, controller);
      this.latest.set(entry.key, id);
      this.runs.set(entry.key, null);
    }
    const current = () => entries.filter((entry) => this.latest.get(entry.key) === id);
    this.client.call("run", runArgs(state, [entries[0]], catalog), {tag: this.tag, signal: request.signal}).then(
      (value) => {
        if (value === null) return;
        const run = value.runs?.[0] ?? {error: "the worker returned no run"};
        for (const entry of current()) this.settle(entry.key, run.error ? run : {...run, key: entry.key});
      },
      (error) => {
        for (const entry of current()) {
          this.settle(entry.key, {error: `${error.kind ?? "Error"}: ${error.message}`, message: error.message});
        }
      });
  }

  settle(key, run) {
    this.controllers.delete(key);
    this.runs.set(key, run);
    this.onResult(key, run);
  }

  // A run's value replaced by another for the same request (its outcomes re-classified for
  // another view), if `run` is still the current one.
  replace(key, run, next) {
    if (this.runs.get(key) === run) this.runs.set(key, next);
  }

  drop(key) {
    this.controllers.get(key)?.abort();
    this.controllers.delete(key);
    this.latest.delete(key);
    this.runs.delete(key);
    this.onResult(key, null);
  }

  // True when every run asked for has its answer.
  get complete() {
    return [...this.runs.values()].every((run) => run !== null);
  }
}
