// The work one state may ask of Python: starts x enabled entries x (steps + 1) point-steps, at
// most the catalog's limits.state_work. A state over it (a link, or a change on the page) is cut
// to fit — first the starts (the first ones kept), then, if one start is still too much, every
// entry's steps in proportion — and the cut is said in plain words. Pure.
import {enabledEntries} from "./state.js";
import {grouped} from "../runs/number-format.js";

// -> {state (the same object when nothing was cut), cut: text | null}
export function fitWork(state, catalog) {
  const limit = catalog.limits?.state_work;
  const entries = enabledEntries(state);
  const perStart = entries.reduce((sum, entry) => sum + entry.steps + 1, 0);
  const work = state.starts.length * perStart;
  if (!limit || work <= limit) return {state, cut: null};
  const said = [];
  let next = state;
  const starts = Math.max(1, Math.floor(limit / perStart));
  if (starts < state.starts.length) {
    next = {...next, starts: state.starts.slice(0, starts)};
    said.push(`keeps the first ${grouped(starts)} of its ${grouped(state.starts.length)} starts`);
  }
  if (perStart > limit) {
    const share = limit / perStart;
    const steps = new Map(entries.map((entry) => [entry.key, Math.max(0, Math.floor((entry.steps + 1) * share) - 1)]));
    next = {...next, entries: next.entries.map((entry) => (steps.has(entry.key) ? {...entry, steps: steps.get(entry.key)} : entry))};
    const most = Math.max(...steps.values());
    said.push(`runs each optimizer for fewer steps (at most ${grouped(most)})`);
  }
  const cut = `this asks for ${grouped(work)} point-steps, more than the page computes for one picture ` +
              `(${grouped(limit)}), so it ${said.join(" and ")}`;
  return {state: next, cut};
}
