// The playground's one state object, and a declarative table of its fields that
// round-trips it through the URL hash (tensorflow/playground's state.ts idea,
// without globals: every function here takes the state or the catalog it needs).
//
// state = {
//   fn:       "two_wells",                     function id ("custom": the visitor's formula)
//   expression: "x**2 + y**2"                   the visitor's formula (with fn "custom")
//   params:   {a: 2, b: 3, c: 0.2, d: 0.2},     its parameters
//   starts:   [[x, y], ...],                    start points (domain units)
//   entries:  [{key, optimizer, hyperparams, steps, color, dash, marker, label, enabled}, ...]
//             (a copy's key is "<original>.<n>": entries.js copyOf)
//   view:     [[x0, x1], [y0, y1]] | null       null: the function's own domain
//   noise:    {sigma, seed}                     gradient noise (sigma 0: none)
//   minibatch: {size, seed}                     a model's minibatches (size null: the full batch)
//   playback: {step: number | null, speed}      null step: play to the end
//   vectors:  ["grad", "moment", "step"]        recorded vectors drawn at the current step
//   lossScale: "linear" | "log"                 the loss chart's scale
//   lossRange: "all" | "own"                   the loss chart's x: all runs to the longest, or each to its own end
//   basinResolution: 200                        a basin map's lattice side
//   sweep: {key, setting, low, high, count, measure, start} | null   a sweep of one entry's setting (q=)
//   basinShown: key | null                      whose basin map is drawn (not in a link)
//   startMode: "replace" | "add"                what a click on the plot does (not in a link)
// }
// The fields, their URL keys, codecs and defaults are state/fields.js's registry.
import {FIELDS, LINKED_FIELDS} from "./fields.js";
import {LINK_LIMITS, excerpt, linkParams} from "./link-limits.js";
import {grouped} from "../runs/number-format.js";
import {minibatchArgs} from "./minibatch.js";

export {LINK_LIMITS, excerpt} from "./link-limits.js";
export {followFunction, presetSettings, mergeSettings} from "./entries.js";
export {recordableNames} from "./codecs.js";

export function initialState(catalog, functionId) {
  const ctx = {catalog, functionId};
  return Object.fromEntries(FIELDS.map((field) => [field.name, field.default(ctx)]));
}


// The hash holds only the fields that differ from their defaults, as
// "#f=rastrigin&s=0.5,1" (URLSearchParams syntax). Entries are written relative to
// their presets as resolved for the state's function (and the defaults' relative to
// theirs), so unchanged entries stay short whatever the function.
export function toHash(state, catalog, functionId) {
  const defaults = initialState(catalog, functionId);
  const search = new URLSearchParams();
  // a function's parameters are written when they differ from that function's own; a formula
  // only with the custom function
  const own = {...defaults, params: {...(catalog.functionsById.get(state.fn)?.params ?? {})}};
  for (const field of LINKED_FIELDS) {
    const value = state[field.name];
    if (value === null || value === undefined) continue;
    if (field.name === "expression" && !isFormula(state, catalog)) continue;
    const text = field.codec.encode(value, {catalog, fn: state.fn});
    const fallback = own[field.name];
    const defaultText = fallback === null ? null : field.codec.encode(fallback, {catalog, fn: defaults.fn});
    if (text !== defaultText) search.set(field.key, text);
  }
  const text = search.toString();
  return text ? "#" + text : "";
}

// A state from a hash, or null when the hash holds none of our keys (for example a
// heading anchor). Fields that do not parse keep their defaults; what was wrong with
// them is pushed, in plain words, onto `problems` for the page to show.
export function fromHash(hash, catalog, functionId, problems = []) {
  const text = hash.replace(/^#/, "");
  if (text.length > LINK_LIMITS.hashChars) {
    problems.push(`the link is ${grouped(text.length)} characters long; the page reads its first ${grouped(LINK_LIMITS.hashChars)}`);
  }
  const {search, long, points} = linkParams(text.slice(0, LINK_LIMITS.hashChars));
  if (!LINKED_FIELDS.some((field) => search.has(field.key))) return null;
  const known = new Set(LINKED_FIELDS.map((field) => field.key));
  const unknown = [...new Set(search.keys())].filter((key) => !known.has(key));
  if (unknown.length) problems.push(`the link's ${unknown.map((key) => excerpt(key)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not part of this page; left out`);
  for (const field of LINKED_FIELDS) {
    const count = search.getAll(field.key).length;
    if (count > 1) problems.push(`${field.key}= appears ${count} times; the first is used`);
  }
  for (const field of LINKED_FIELDS) {
    if (long.has(field.key) && field.name !== "starts") {
      problems.push(`${field.key}= is ${grouped(long.get(field.key))} characters long, more than a link of this page holds`);
    }
  }
  const fnId = long.has("f") ? null : search.get("f");
  if (fnId !== null && !catalog.functionsById.has(fnId)) problems.push(`there is no function ${excerpt(fnId)}`);
  const base = initialState(catalog, catalog.functionsById.has(fnId) ? fnId : functionId);
  for (const field of LINKED_FIELDS) {
    if (!search.has(field.key) || field.name === "fn") continue;
    if (long.has(field.key) && field.name !== "starts") continue;
    try {
      base[field.name] = field.codec.decode(search.get(field.key), {catalog, fn: base.fn, problems, points});
    } catch (error) {
      problems.push(`${field.key}= ${error.message}`);
    }
  }
  const fn = catalog.functionsById.get(base.fn);
  base.params = {...fn.params, ...Object.fromEntries(
    Object.entries(base.params).filter(([k]) => Object.hasOwn(fn.params, k)))};
  return base;
}

export function enabledEntries(state) {
  return state.entries.filter((entry) => entry.enabled);
}

// Whether the state's function is the visitor's formula (the catalog's custom_function).
export function isFormula(state, catalog) {
  return state.fn === catalog.custom_function?.id;
}

// The function as the worker's methods take it: a catalog function with its parameters, or
// the visitor's formula (Python parses and checks it).
export function functionSpec(state, catalog) {
  return isFormula(state, catalog) ? {expression: state.expression} : {id: state.fn, params: state.params};
}

// The plain data the worker's `run` takes for these entries: the state's view with it (a view
// not in the state is the function's own), since how a run ended depends on it.
export function runArgs(state, entries, catalog) {
  const args = {
    function: functionSpec(state, catalog),
    starts: state.starts,
    runs: entries.map((e) => ({key: e.key, optimizer: e.optimizer, hyperparams: e.hyperparams, steps: e.steps,
                               ...(state.vectors.length ? {record: state.vectors} : {})})),
  };
  if (state.view) args.view = state.view;
  if (state.noise.sigma > 0) args.noise = {sigma: state.noise.sigma, seed: state.noise.seed};
  const minibatch = minibatchArgs(state, catalog);
  if (minibatch) args.minibatch = minibatch;
  return args;
}
