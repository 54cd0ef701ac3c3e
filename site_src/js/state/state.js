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
//   view:     [[x0, x1], [y0, y1]] | null       null: the function's own domain
//   noise:    {sigma, seed}                     gradient noise (sigma 0: none)
//   playback: {step: number | null, speed}      null step: play to the end
//   vectors:  ["grad", "moment", "step"]        recorded vectors drawn at the current step
// }

// Numbers travel as JS's shortest round-trip strings, so a URL gives back the very
// same float64 values.
const num = {
  encode: (value) => String(value),
  decode: (text) => {
    const value = Number(text);
    if (text === undefined || text.trim() === "" || !Number.isFinite(value)) throw new Error(`not a number: ${excerpt(text ?? "")}`);
    return value;
  },
};

// What a link may ask of the page: more would freeze the tab (every start is a row per
// optimizer in the table, and a path to draw) long before Python's own caps matter.
export const LINK_LIMITS = {
  starts: 100,            // start points
  entries: 64,            // optimizer entries (Python's cap on runs per request)
  fieldChars: 20000,      // characters of one field other than the starts
  speed: [1, 10000],      // playback, steps per second
  step: 10000,            // playback position (Python's cap on steps)
};

// A short, quotable excerpt of text a link carried: never the whole of a huge field.
export function excerpt(text, length = 32) {
  const flat = String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return flat.length <= length ? `"${flat}"` : `"${flat.slice(0, length)}…" (${flat.length.toLocaleString("en")} characters)`;
}

const codecs = {
  string: {
    encode: (value) => value,
    decode: (text) => text,
  },
  // {a: 2, b: 3} <-> "a:2,b:3"
  numbers: {
    encode: (value) => Object.entries(value).map(([k, v]) => `${k}:${num.encode(v)}`).join(","),
    decode: (text) => Object.fromEntries(text.split(",").filter(Boolean).map((pair) => {
      const [k, v] = pair.split(":");
      return [k, num.decode(v)];
    })),
  },
  // [[x, y], ...] <-> "x,y;x,y"; only the first LINK_LIMITS.starts are read, and a
  // longer list is cut with a note (problems).
  points: {
    encode: (value) => value.map((p) => p.map(num.encode).join(",")).join(";"),
    decode: (text, {problems}) => {
      const items = text.split(";", LINK_LIMITS.starts + 1).filter(Boolean);
      if (items.length > LINK_LIMITS.starts) {
        const count = (text.match(/;/g)?.length ?? 0) + 1;
        problems.push(`the link has about ${count.toLocaleString("en")} start points; the page keeps the first ${LINK_LIMITS.starts}`);
        items.length = LINK_LIMITS.starts;
      }
      return items.map((pair) => {
        const p = pair.split(",", 3).map(num.decode);
        if (p.length !== 2) throw new Error(`not a point: ${excerpt(pair)}`);
        return p;
      });
    },
  },
  // [[x0, x1], [y0, y1]] | null <-> "x0,x1,y0,y1"
  rect: {
    encode: (value) => value.flat().map(num.encode).join(","),
    decode: (text) => {
      const v = text.split(",", 5).map(num.decode);
      if (v.length !== 4) throw new Error(`not a view: ${excerpt(text)}`);
      if (!(v[0] < v[1] && v[2] < v[3])) throw new Error(`a view needs x0 < x1 and y0 < y1: ${excerpt(text)}`);
      return [[v[0], v[1]], [v[2], v[3]]];
    },
  },
  // {sigma, seed} <-> "sigma,seed"
  noise: {
    encode: (value) => `${num.encode(value.sigma)},${num.encode(value.seed)}`,
    decode: (text) => {
      const [sigma, seed = 0] = text.split(",", 3).map(num.decode);
      if (!(sigma >= 0)) throw new Error(`a noise level is 0 or more, not ${sigma}`);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new Error(`a seed is a whole number from 0 to 4294967295, not ${seed}`);
      return {sigma, seed};
    },
  },
  // entries <-> "sgd,momentum,-rmsprop,adam" where "-" marks a disabled entry; an entry
  // whose settings differ from its preset as resolved for the state's function
  // (resolvePreset) carries them as JSON: "adam~{"optimizer":"adam","hyperparams":{...},"steps":50}".
  // Only the default presets and the entries that are on or have settings of their own are
  // written; reading, every offered preset a link does not list follows, switched off.
  entries: {
    encode: (value, {catalog, fn}) => value.map((entry) => {
      const preset = catalog.presetsById.get(entry.key);
      const own = !preset || !sameSettings(entry, resolvePreset(preset, fn));
      if (!entry.enabled && !own && !(catalog.default_presets ?? []).includes(entry.key)) return null;
      let text = (entry.enabled ? "" : "-") + entry.key;
      if (own) {
        text += "~" + JSON.stringify({optimizer: entry.optimizer, hyperparams: entry.hyperparams,
                                      steps: entry.steps, label: entry.label});
      }
      return text;
    }).filter((text) => text !== null).join(","),
    decode: (text, {catalog, fn, problems}) => {
      const listed = uniqueKeys(splitEntries(text, LINK_LIMITS.entries, problems), problems).map((item, index) => {
        const enabled = !item.startsWith("-");
        const body = enabled ? item : item.slice(1);
        const cut = body.indexOf("~");
        const key = cut < 0 ? body : body.slice(0, cut);
        const preset = catalog.presetsById.get(key);
        const custom = cut < 0 ? null : parseSettings(body.slice(cut + 1), key);
        if (!preset && !custom) throw new Error(`unknown optimizer entry: ${excerpt(key)}`);
        if (custom !== null && (typeof custom !== "object" || Array.isArray(custom))) throw new Error(`settings of ${excerpt(key)} are not an object`);
        const settings = mergeSettings(preset ? resolvePreset(preset, fn) : null, custom, key);
        return makeEntry({key, ...settings, label: settings.label ?? preset?.label ?? key}, index, enabled, catalog);
      });
      const keys = new Set(listed.map((entry) => entry.key));
      const rest = defaultEntries(catalog, fn).filter((entry) => !keys.has(entry.key))
        .map((entry) => ({...entry, enabled: false}));
      return [...listed, ...rest];
    },
  },
  // ["grad", "step"] <-> "grad,step" (names of VECTOR_NAMES, in that order)
  vectors: {
    encode: (value) => value.join(","),
    decode: (text) => {
      const names = text.split(",").filter(Boolean);
      const unknown = names.find((name) => !VECTOR_NAMES.includes(name));
      if (unknown !== undefined) throw new Error(`vectors are ${VECTOR_NAMES.join(", ")}, not ${excerpt(unknown)}`);
      return VECTOR_NAMES.filter((name) => names.includes(name));
    },
  },
  // {step, speed} <-> "step,speed" ("end" for a null step)
  playback: {
    encode: (value) => `${value.step === null ? "end" : num.encode(value.step)},${num.encode(value.speed)}`,
    decode: (text) => {
      const [step, speed] = text.split(",", 3);
      const playback = {step: step === "end" ? null : num.decode(step), speed: speed ? num.decode(speed) : DEFAULT_SPEED};
      const [slowest, fastest] = LINK_LIMITS.speed;
      if (!(playback.speed >= slowest && playback.speed <= fastest)) {
        throw new Error(`a playback speed is ${slowest} to ${fastest.toLocaleString("en")} steps per second, not ${playback.speed}`);
      }
      if (playback.step !== null && !(Number.isInteger(playback.step) && playback.step >= 0 && playback.step <= LINK_LIMITS.step)) {
        throw new Error(`a playback step is a whole number from 0 to ${LINK_LIMITS.step.toLocaleString("en")}, not ${playback.step}`);
      }
      return playback;
    },
  },
};

// One entry per key (the state keys its runs by them): a repeated key keeps its first entry.
function uniqueKeys(items, problems) {
  const seen = new Set();
  return items.filter((item) => {
    const key = item.replace(/^-/, "").split("~")[0];
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    problems.push(`the optimizer ${excerpt(key)} is listed more than once; the first is used`);
    return false;
  });
}

// An entry's settings as JSON ("sgd~{"lr":0.05}"), in plain words when it is not.
function parseSettings(text, key) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the settings of ${excerpt(key)} are not readable JSON: ${excerpt(text)}`);
  }
}

// An entry's settings from a link: the preset's (as resolved for the function), with the link's
// over them. The link's JSON is either the full form {optimizer, hyperparams, steps, label}
// (what toHash writes; its hyperparams replace the preset's) or only some settings,
// {"lr": 0.05}, merged over the preset's hyperparams; both may be mixed.
const ENTRY_FIELDS = ["optimizer", "hyperparams", "steps", "label"];

export function mergeSettings(preset, custom, key) {
  if (custom === null) return preset;
  const some = Object.fromEntries(Object.entries(custom).filter(([k]) => !ENTRY_FIELDS.includes(k)));
  const optimizer = custom.optimizer ?? preset?.optimizer;
  if (typeof optimizer !== "string") throw new Error(`the settings of ${excerpt(key)} name no optimizer`);
  const sameOptimizer = preset && optimizer === preset.optimizer;
  const hyperparams = {...(custom.hyperparams ?? (sameOptimizer ? preset.hyperparams : {})), ...some};
  const steps = custom.steps ?? preset?.steps;
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`the settings of ${excerpt(key)} need a whole number of steps`);
  return {optimizer, hyperparams: structuredClone(hyperparams), steps, label: custom.label ?? preset?.label};
}

// Commas inside an entry's JSON must not split it; at most `limit` entries are kept.
function splitEntries(text, limit = Infinity, problems = []) {
  const items = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 0) { items.push(text.slice(start, i)); start = i + 1; }
  }
  if (start < text.length) items.push(text.slice(start));
  const kept = items.filter(Boolean);
  if (kept.length > limit) {
    problems.push(`the link lists ${kept.length.toLocaleString("en")} optimizers; the page keeps the first ${limit}`);
    kept.length = limit;
  }
  return kept;
}

// JSON with object keys sorted, so that {a, b} and {b, a} compare equal.
function canonical(value) {
  return JSON.stringify(value, (key, item) => (item && typeof item === "object" && !Array.isArray(item))
    ? Object.fromEntries(Object.keys(item).sort().map((k) => [k, item[k]])) : item);
}

function sameSettings(entry, preset) {
  return entry.optimizer === preset.optimizer && entry.steps === preset.steps &&
    entry.label === preset.label &&
    canonical(entry.hyperparams) === canonical(preset.hyperparams);
}

// A catalog preset as it runs on function `fnId`: its `by_function` adjustments there
// (full hyperparams and steps, see optimizers.presets.preset_settings) or its own settings.
function resolvePreset(preset, fnId) {
  const adjusted = preset.by_function?.[fnId];
  if (!adjusted) return preset;
  return {...preset, hyperparams: adjusted.hyperparams ?? preset.hyperparams, steps: adjusted.steps ?? preset.steps};
}

// The settings preset `key` runs with on function `fnId` ({optimizer, hyperparams, steps, label}), or null.
export function presetSettings(catalog, key, fnId) {
  const preset = catalog.presetsById.get(key);
  if (!preset) return null;
  const resolved = resolvePreset(preset, fnId);
  return {optimizer: resolved.optimizer, hyperparams: structuredClone(resolved.hyperparams ?? {}), steps: resolved.steps,
          label: resolved.label};
}

// After the function changed from `fromFn` to `toFn`: every entry still on its preset's
// settings for `fromFn` takes the preset's settings for `toFn` (a new entry object); entries
// with settings of their own are kept as they are.
export function followFunction(entries, catalog, fromFn, toFn) {
  return entries.map((entry) => {
    const preset = catalog.presetsById.get(entry.key);
    if (!preset || !sameSettings(entry, resolvePreset(preset, fromFn))) return entry;
    const next = resolvePreset(preset, toFn);
    if (sameSettings(entry, next)) return entry;
    return {...entry, hyperparams: structuredClone(next.hyperparams ?? {}), steps: next.steps};
  });
}

const DEFAULT_SPEED = 150; // steps per second
export const VECTOR_NAMES = ["grad", "moment", "step"];   // what Python records (pyodide_app.api.RECORD_NAMES)

// The declarative table: state field, URL key, codec, and how to get its default.
const FIELDS = [
  {name: "fn", key: "f", type: "string", default: (ctx) => ctx.functionId},
  {name: "expression", key: "e", type: "string", default: () => ""},
  {name: "params", key: "p", type: "numbers", default: (ctx) => ({...ctx.catalog.functionsById.get(ctx.functionId).params})},
  {name: "starts", key: "s", type: "points", default: () => []},
  {name: "entries", key: "o", type: "entries", default: (ctx) => defaultEntries(ctx.catalog, ctx.functionId)},
  {name: "view", key: "v", type: "rect", default: () => null},
  {name: "noise", key: "n", type: "noise", default: () => ({sigma: 0, seed: 0})},
  {name: "playback", key: "t", type: "playback", default: () => ({step: null, speed: DEFAULT_SPEED})},
  {name: "vectors", key: "w", type: "vectors", default: () => []},
];

// An entry: a preset's colour is the catalog's (Python assigns them); another entry takes the
// palette's colour at its position.
function makeEntry(source, index, enabled, catalog) {
  return {
    key: source.key ?? source.id,
    optimizer: source.optimizer,
    hyperparams: structuredClone(source.hyperparams ?? {}),
    steps: source.steps,
    label: source.label,
    color: catalog.presetsById.get(source.key ?? source.id)?.color ?? catalog.palette[index % catalog.palette.length],
    ...cueOf(catalog.presetsById.get(source.key ?? source.id), index, catalog),
    enabled,
  };
}

// An entry's dash pattern and marker (path-style.js draws them): a preset's from the catalog,
// another entry's the catalog's lists' at its position.
function cueOf(preset, index, catalog) {
  const dashes = catalog.dashes ?? ["solid"], markers = catalog.markers ?? ["circle"];
  return {dash: preset?.dash ?? dashes[index % dashes.length], marker: preset?.marker ?? markers[index % markers.length]};
}

// Every preset whose optimizer the catalog has, with its settings for function `fnId`:
// the default ones first and enabled, the others after them, off.
function defaultEntries(catalog, fnId) {
  const presets = catalog.presets.filter((p) => catalog.optimizersById.has(p.optimizer));
  const defaults = catalog.default_presets ?? [];
  const first = defaults.map((id) => presets.find((p) => p.id === id)).filter(Boolean);
  const rest = presets.filter((p) => !defaults.includes(p.id));
  return [...first.map((p, i) => makeEntry(resolvePreset(p, fnId), i, true, catalog)),
          ...rest.map((p, i) => makeEntry(resolvePreset(p, fnId), first.length + i, false, catalog))];
}

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
  for (const field of FIELDS) {
    const value = state[field.name];
    if (value === null || value === undefined) continue;
    if (field.name === "expression" && state.fn !== "custom") continue;
    const text = codecs[field.type].encode(value, {catalog, fn: state.fn});
    const fallback = own[field.name];
    const defaultText = fallback === null ? null : codecs[field.type].encode(fallback, {catalog, fn: defaults.fn});
    if (text !== defaultText) search.set(field.key, text);
  }
  const text = search.toString();
  return text ? "#" + text : "";
}

// A state from a hash, or null when the hash holds none of our keys (for example a
// heading anchor). Fields that do not parse keep their defaults; what was wrong with
// them is pushed, in plain words, onto `problems` for the page to show.
export function fromHash(hash, catalog, functionId, problems = []) {
  const search = new URLSearchParams(hash.replace(/^#/, ""));
  if (!FIELDS.some((field) => search.has(field.key))) return null;
  for (const field of FIELDS) {
    const count = search.getAll(field.key).length;
    if (count > 1) problems.push(`${field.key}= appears ${count} times; the first is used`);
  }
  const fnId = search.get("f");
  if (fnId !== null && !catalog.functionsById.has(fnId)) problems.push(`there is no function ${excerpt(fnId)}`);
  const base = initialState(catalog, catalog.functionsById.has(fnId) ? fnId : functionId);
  for (const field of FIELDS) {
    if (!search.has(field.key) || field.name === "fn") continue;
    const text = search.get(field.key);
    if (field.name !== "starts" && text.length > LINK_LIMITS.fieldChars) {
      problems.push(`${field.key}= is ${text.length.toLocaleString("en")} characters long, more than a link of this page holds`);
      continue;
    }
    try {
      base[field.name] = codecs[field.type].decode(text, {catalog, fn: base.fn, problems});
    } catch (error) {
      problems.push(`${field.key}= ${error.message}`);
    }
  }
  const fn = catalog.functionsById.get(base.fn);
  base.params = {...fn.params, ...Object.fromEntries(
    Object.entries(base.params).filter(([k]) => k in fn.params))};
  return base;
}

export function enabledEntries(state) {
  return state.entries.filter((entry) => entry.enabled);
}

// The function as the worker's methods take it: a catalog function with its parameters, or
// the visitor's formula (Python parses and checks it).
export function functionSpec(state) {
  return state.fn === "custom" ? {expression: state.expression} : {id: state.fn, params: state.params};
}

// The plain data the worker's `run` takes for these entries.
export function runArgs(state, entries) {
  const args = {
    function: functionSpec(state),
    starts: state.starts,
    runs: entries.map((e) => ({key: e.key, optimizer: e.optimizer, hyperparams: e.hyperparams, steps: e.steps,
                               ...(state.vectors.length ? {record: state.vectors} : {})})),
  };
  if (state.noise.sigma > 0) args.noise = {sigma: state.noise.sigma, seed: state.noise.seed};
  return args;
}
