// Keeps one playground's state in the URL hash: reads it at start, rewrites it after
// every change (replaceState: no history entry per click), and reports changes the
// visitor makes (a pasted link, editing the address). The codec is state.js's.
import {fromHash, toHash} from "./state.js";

export class HashSync {
  constructor(catalog, defaultFunction) {
    this.catalog = catalog;
    this.defaultFunction = defaultFunction;
    this.written = null;         // the last hash write() set, so its own change is ignored
  }

  // The state the current hash describes, or null when it holds none of our keys;
  // parts that could not be read are pushed onto `problems` in plain words.
  // (Timed as the performance measure "op:hash-read": a huge link must not hold the main thread.)
  read(problems) {
    const began = performance.now();
    try {
      return fromHash(location.hash, this.catalog, this.defaultFunction, problems);
    } finally {
      performance.measure("op:hash-read", {start: began});
    }
  }

  write(state) {
    const hash = toHash(state, this.catalog, this.defaultFunction);
    this.written = hash;
    history.replaceState(null, "", location.pathname + location.search + hash);
  }

  // onChange(state | null, problems) whenever the hash changes other than by write().
  listen(onChange) {
    window.addEventListener("hashchange", () => {
      if (location.hash === this.written) return;
      const problems = [];
      onChange(this.read(problems), problems);
    });
  }
}
