// The one way the playground's state changes: applyChange(state, change, catalog) returns
// the next state (a new object; the old one is left as it was) and which fields changed,
// so the playground re-renders exactly what depends on them and writes the URL once.
//
// A change is a plain object, one of:
//   {fn: id}                    another function: its default parameters, its own view, no
//                               starts; entries still on their preset follow it (resolvePreset)
//   {params}, {expression}, {view}, {starts}, {noise}, {vectors}, {playback}, {lossScale},
//   {basinResolution}, {basinShown}, {startMode}, {theme}   that field, as given (any field of
//                               state/fields.js's registry but fn and entries)
//   {entry: {key, ...patch}}    one optimizer entry's enabled / hyperparams / steps
//   {entries}                   the whole list of entries (a copy added or removed)
//   {state}                     a whole state (a link pasted in the address bar)
// Several fields may come together ({starts, playback}); `fn` first, then the rest.
import {followFunction} from "./entries.js";
import {FIELD_NAMES} from "./fields.js";
import {settleView} from "./view-math.js";
import {fitWork} from "./budget.js";

export const FIELDS = FIELD_NAMES;
const PLAIN = FIELD_NAMES.filter((name) => name !== "fn" && name !== "entries");

// -> {state, changed: Set of field names, entries: Set of the entry keys changed, cut: text |
// null}: a state that would ask Python for more work than the catalog's limits.state_work is
// cut to fit (budget.js), and `cut` says how.
export function applyChange(state, change, catalog) {
  if (change.state) {
    const {state: whole, cut} = fitWork(settledState(change.state, catalog), catalog);
    return {state: whole, changed: new Set(FIELDS), entries: new Set(whole.entries.map((e) => e.key)), cut};
  }
  if (change.view) change = {...change, view: settleView(change.view, domainOf(change.fn ?? state.fn, catalog))};
  let next = {...state};
  const changed = new Set();
  const entries = new Set();
  if (change.fn !== undefined && change.fn !== state.fn) {
    const fn = catalog.functionsById.get(change.fn);
    if (!fn) throw new Error(`there is no function ${change.fn}`);
    next.entries = followFunction(state.entries, catalog, state.fn, change.fn);
    next.entries.forEach((entry, i) => entry !== state.entries[i] && entries.add(entry.key));
    Object.assign(next, {fn: change.fn, params: {...fn.params}, view: null, starts: [], basinShown: null});
    for (const field of ["fn", "params", "view", "starts"]) changed.add(field);
    if (state.basinShown !== null) changed.add("basinShown");
    if (entries.size) changed.add("entries");
  }
  for (const field of PLAIN) {
    if (change[field] === undefined || same(change[field], next[field])) continue;
    next[field] = change[field];
    changed.add(field);
  }
  if (change.entries) {   // the whole list: a copy added or removed (entries.js addCopy, removeCopy)
    const before = new Map(next.entries.map((e) => [e.key, e]));
    const after = new Set(change.entries.map((e) => e.key));
    for (const entry of change.entries) if (!same(entry, before.get(entry.key))) entries.add(entry.key);
    for (const key of before.keys()) if (!after.has(key)) entries.add(key);
    if (entries.size) {
      next.entries = change.entries;
      changed.add("entries");
    }
  }
  if (change.entry) {
    const {key, ...patch} = change.entry;
    const index = next.entries.findIndex((e) => e.key === key);
    if (index >= 0) {
      const entry = {...next.entries[index], ...patch};
      if (!same(entry, next.entries[index])) {
        next.entries = next.entries.map((e, i) => (i === index ? entry : e));
        entries.add(key);
        changed.add("entries");
      }
    }
  }
  const fitted = changed.size ? fitWork(next, catalog) : {state: next, cut: null};
  if (fitted.cut) {
    next = fitted.state;
    for (const field of ["starts", "entries"]) {
      if (same(next[field], state[field])) changed.delete(field);
      else changed.add(field);
    }
    next.entries.forEach((entry, i) => entry !== state.entries[i] && !same(entry, state.entries[i]) && entries.add(entry.key));
  }
  if (!changed.size) next = state;
  return {state: next, changed, entries, cut: fitted.cut};
}

function domainOf(fn, catalog) {
  return catalog.functionsById.get(fn)?.domain ?? [[-1, 1], [-1, 1]];
}

// A state whose view (say, from a link) is bounded and rounded as a gesture's would be (view-math.js).
export function settledState(state, catalog) {
  return state.view ? {...state, view: settleView(state.view, domainOf(state.fn, catalog))} : state;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
