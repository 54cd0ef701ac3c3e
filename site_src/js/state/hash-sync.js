// Keeps one playground's state in the URL hash, and Back and Forward stepping through what the
// visitor did. It reads the state at start and rewrites the hash after every change: a
// committed action (a new start, another function, a settings change, an optimizer toggled, a
// view once its gesture ended) pushes a history entry; playback (playing, pausing, the
// scrubber) and a link's own state being rewritten replace the current one. Back or Forward
// (and a link pasted in the address bar) report the state their hash holds, which the page
// restores through its one update path, with `restored`, so that rewriting it replaces the
// entry it came from and never pushes (no loop). The codec is state.js's.
import {fromHash, toHash} from "./state.js";

// Fields whose changes are not steps of their own: the playback only moves along the paths.
export const PASSING_FIELDS = new Set(["playback"]);

// "push" when the changed fields (a Set of names, or null for a rewrite of the same state)
// hold a committed action, else "replace".
export function historyMode(changed) {
  if (!changed) return "replace";
  for (const field of changed) if (!PASSING_FIELDS.has(field)) return "push";
  return "replace";
}

export class HashSync {
  constructor(catalog, defaultFunction) {
    this.catalog = catalog;
    this.defaultFunction = defaultFunction;
    this.written = null;         // the last hash write() set, so its own change is ignored
    this.pushes = 0;             // history entries this page added (for tests)
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

  // changed: the fields that changed (historyMode decides push or replace); null or left
  // out: replace (a link's state as kept, or a state restored from history).
  write(state, changed = null) {
    const hash = toHash(state, this.catalog, this.defaultFunction);
    const url = location.pathname + location.search + hash;
    const same = hash === this.written || (hash || "#") === (location.hash || "#");
    this.written = hash;
    if (historyMode(changed) === "push" && !same) {
      history.pushState(null, "", url);
      this.pushes++;
    } else {
      history.replaceState(null, "", url);
    }
  }

  // onChange(state | null, problems) whenever the hash changes other than by write(): Back,
  // Forward, or a link typed or pasted into the address bar.
  listen(onChange) {
    const changed = () => {
      if (location.hash === this.written) return;
      this.written = location.hash;   // seen: the popstate and hashchange of one step restore once
      const problems = [];
      onChange(this.read(problems), problems);
    };
    window.addEventListener("popstate", changed);
    window.addEventListener("hashchange", changed);
  }
}
