// The playground's one state object, and a declarative table of its fields that
// round-trips it through the URL hash (tensorflow/playground's state.ts idea,
// without globals: every function here takes the state or the catalog it needs).
//
// state = {
//   fn:       "two_wells",                     function id
//   params:   {a: 2, b: 3, c: 0.2, d: 0.2},     its parameters
//   starts:   [[x, y], ...],                    start points (domain units)
//   entries:  [{key, optimizer, hyperparams, steps, color, label, enabled}, ...]
//   view:     [[x0, x1], [y0, y1]] | null       null: the function's own domain
//   noise:    {sigma, seed}                     gradient noise (sigma 0: none)
//   playback: {step: number | null, speed}      null step: play to the end
// }

// A fixed categorical palette, one colour per offered preset (28), readable on viridis (every path is drawn
// over a dark halo): red, sky blue, orange, pink, white, black, then more.
const PALETTE = [
  "#ff3b3b", "#4cc9f0", "#ff9f1c", "#ff5ce1", "#ffffff", "#111111",
  "#b5179e", "#9ef01a", "#3a86ff", "#c0c0c0", "#e9c46a", "#2a9d8f",
  "#ffbe0b", "#8338ec", "#06d6a0", "#fb5607", "#a8dadc", "#8d5524",
  "#ef476f", "#80ed99", "#118ab2", "#ffd6a5", "#6a4c93", "#caffbf",
  "#ffafcc", "#bde0fe", "#606c38", "#d4a373",
];

// Numbers travel as JS's shortest round-trip strings, so a URL gives back the very
// same float64 values.
const num = {
  encode: (value) => String(value),
  decode: (text) => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`not a number: ${text}`);
    return value;
  },
};

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
  // [[x, y], ...] <-> "x,y;x,y"
  points: {
    encode: (value) => value.map((p) => p.map(num.encode).join(",")).join(";"),
    decode: (text) => text.split(";").filter(Boolean).map((pair) => {
      const p = pair.split(",").map(num.decode);
      if (p.length !== 2) throw new Error(`not a point: ${pair}`);
      return p;
    }),
  },
  // [[x0, x1], [y0, y1]] | null <-> "x0,x1,y0,y1"
  rect: {
    encode: (value) => value.flat().map(num.encode).join(","),
    decode: (text) => {
      const v = text.split(",").map(num.decode);
      if (v.length !== 4) throw new Error(`not a view: ${text}`);
      return [[v[0], v[1]], [v[2], v[3]]];
    },
  },
  // {sigma, seed} <-> "sigma,seed"
  noise: {
    encode: (value) => `${num.encode(value.sigma)},${num.encode(value.seed)}`,
    decode: (text) => {
      const [sigma, seed] = text.split(",").map(num.decode);
      return {sigma, seed: seed ?? 0};
    },
  },
  // entries <-> "sgd,momentum,-rmsprop,adam" where "-" marks a disabled entry; an
  // entry whose settings differ from its preset as resolved for the state's function
  // (resolvePreset) carries them as JSON:
  // "adam~{"optimizer":"adam","hyperparams":{...},"steps":50}"
  entries: {
    encode: (value, {catalog, fn}) => value.map((entry) => {
      const preset = catalog.presetsById.get(entry.key);
      let text = (entry.enabled ? "" : "-") + entry.key;
      if (!preset || !sameSettings(entry, resolvePreset(preset, fn))) {
        text += "~" + JSON.stringify({optimizer: entry.optimizer, hyperparams: entry.hyperparams,
                                      steps: entry.steps, label: entry.label});
      }
      return text;
    }).join(","),
    decode: (text, {catalog, fn}) => splitEntries(text).map((item, index) => {
      const enabled = !item.startsWith("-");
      const body = enabled ? item : item.slice(1);
      const cut = body.indexOf("~");
      const key = cut < 0 ? body : body.slice(0, cut);
      const preset = catalog.presetsById.get(key);
      const custom = cut < 0 ? null : JSON.parse(body.slice(cut + 1));
      if (!preset && !custom) throw new Error(`unknown optimizer entry: ${key}`);
      const base = custom ?? resolvePreset(preset, fn);
      return makeEntry({
        key, optimizer: base.optimizer, hyperparams: base.hyperparams, steps: base.steps,
        label: base.label ?? preset?.label ?? key,
      }, index, enabled);
    }),
  },
  // {step, speed} <-> "step,speed" ("end" for a null step)
  playback: {
    encode: (value) => `${value.step === null ? "end" : num.encode(value.step)},${num.encode(value.speed)}`,
    decode: (text) => {
      const [step, speed] = text.split(",");
      return {step: step === "end" ? null : num.decode(step), speed: speed ? num.decode(speed) : DEFAULT_SPEED};
    },
  },
};

// Commas inside an entry's JSON must not split it.
function splitEntries(text) {
  const items = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 0) { items.push(text.slice(start, i)); start = i + 1; }
  }
  if (start < text.length) items.push(text.slice(start));
  return items.filter(Boolean);
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

// After the function changed from `fromFn` to `toFn`: every entry still on its preset's
// settings for `fromFn` takes the preset's settings for `toFn`; entries with settings of
// their own keep them.
export function reresolveEntries(entries, catalog, fromFn, toFn) {
  for (const entry of entries) {
    const preset = catalog.presetsById.get(entry.key);
    if (!preset || !sameSettings(entry, resolvePreset(preset, fromFn))) continue;
    const next = resolvePreset(preset, toFn);
    entry.hyperparams = structuredClone(next.hyperparams ?? {});
    entry.steps = next.steps;
  }
}

const DEFAULT_SPEED = 150; // steps per second

// The declarative table: state field, URL key, codec, and how to get its default.
const FIELDS = [
  {name: "fn", key: "f", type: "string", default: (ctx) => ctx.functionId},
  {name: "params", key: "p", type: "numbers", default: (ctx) => ({...ctx.catalog.functionsById.get(ctx.functionId).params})},
  {name: "starts", key: "s", type: "points", default: () => []},
  {name: "entries", key: "o", type: "entries", default: (ctx) => defaultEntries(ctx.catalog, ctx.functionId)},
  {name: "view", key: "v", type: "rect", default: () => null},
  {name: "noise", key: "n", type: "noise", default: () => ({sigma: 0, seed: 0})},
  {name: "playback", key: "t", type: "playback", default: () => ({step: null, speed: DEFAULT_SPEED})},
];

function makeEntry(source, index, enabled) {
  return {
    key: source.key ?? source.id,
    optimizer: source.optimizer,
    hyperparams: structuredClone(source.hyperparams ?? {}),
    steps: source.steps,
    label: source.label,
    color: PALETTE[index % PALETTE.length],
    enabled,
  };
}

// Every preset whose optimizer the catalog has, with its settings for function `fnId`:
// the default ones first and enabled, the others after them, off.
function defaultEntries(catalog, fnId) {
  const presets = catalog.presets.filter((p) => catalog.optimizersById.has(p.optimizer));
  const defaults = catalog.default_presets ?? [];
  const first = defaults.map((id) => presets.find((p) => p.id === id)).filter(Boolean);
  const rest = presets.filter((p) => !defaults.includes(p.id));
  return [...first.map((p, i) => makeEntry(resolvePreset(p, fnId), i, true)),
          ...rest.map((p, i) => makeEntry(resolvePreset(p, fnId), first.length + i, false))];
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
  for (const field of FIELDS) {
    const value = state[field.name];
    if (value === null || value === undefined) continue;
    const text = codecs[field.type].encode(value, {catalog, fn: state.fn});
    const fallback = defaults[field.name];
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
  const fnId = search.get("f");
  if (fnId !== null && !catalog.functionsById.has(fnId)) problems.push(`there is no function "${fnId}"`);
  const base = initialState(catalog, catalog.functionsById.has(fnId) ? fnId : functionId);
  for (const field of FIELDS) {
    if (!search.has(field.key) || field.name === "fn") continue;
    try {
      base[field.name] = codecs[field.type].decode(search.get(field.key), {catalog, fn: base.fn});
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

// The plain data the worker's `run` takes for these entries.
export function runArgs(state, entries) {
  const args = {
    function: {id: state.fn, params: state.params},
    starts: state.starts,
    runs: entries.map((e) => ({key: e.key, optimizer: e.optimizer, hyperparams: e.hyperparams, steps: e.steps})),
  };
  if (state.noise.sigma > 0) args.noise = {sigma: state.noise.sigma, seed: state.noise.seed};
  return args;
}
