// The URL codecs of the state's fields (state/fields.js names one per field): each turns a
// field's value into the text of its URL key and back. decode(text, {catalog, fn, problems})
// throws an Error in plain words for text it cannot read; what it cut or left out it pushes
// onto problems. Pure; no DOM.
import {LINK_LIMITS, excerpt, num, ownKeys} from "./link-limits.js";
import {grouped} from "../runs/number-format.js";
import {allowedView, MAX_SHARE, MIN_SHARE} from "./view-math.js";
import {copyLabel, copyOf, defaultEntries, makeEntry, mergeSettings, resolvePreset, sameSettings} from "./entries.js";
import {readMinibatch} from "./minibatch.js";

export const DEFAULT_SPEED = 150; // steps per second

// The names of the vectors a run can record (the catalog's `recordable`).
export function recordableNames(catalog) {
  return (catalog.recordable ?? []).map((item) => (typeof item === "string" ? item : item.name));
}

export const codecs = {
  string: {
    encode: (value) => value,
    decode: (text) => text,
  },
  // {a: 2, b: 3} <-> "a:2,b:3"
  numbers: {
    encode: (value) => Object.entries(value).map(([k, v]) => `${k}:${num.encode(v)}`).join(","),
    decode: (text, {catalog, fn, problems}) => {
      const own = catalog.functionsById.get(fn)?.params ?? {};
      const pairs = Object.fromEntries(text.split(",").filter(Boolean).map((pair) => {
        const [k, v] = pair.split(":");
        return [k, num.decode(v)];
      }));
      return ownKeys(pairs, (k) => Object.hasOwn(own, k), "parameter", problems);
    },
  },
  // [[x, y], ...] <-> "x,y;x,y"; only the first LINK_LIMITS.starts are read, and a
  // longer list is cut with a note (problems).
  points: {
    encode: (value) => value.map((p) => p.map(num.encode).join(",")).join(";"),
    decode: (text, {problems, points = null}) => {
      const items = text.split(";", LINK_LIMITS.starts + 1).filter(Boolean);
      if (items.length > LINK_LIMITS.starts) {
        const count = points ?? (text.match(/;/g)?.length ?? 0) + 1;   // points: counted before a cut (linkParams)
        problems.push(`the link has about ${grouped(count)} start points; the page keeps the first ${LINK_LIMITS.starts}`);
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
    decode: (text, {catalog, fn, problems} = {problems: []}) => {
      const v = text.split(",", 5).map(num.decode);
      if (v.length !== 4) throw new Error(`not a view: ${excerpt(text)}`);
      if (!(v[0] < v[1] && v[2] < v[3])) throw new Error(`a view needs x0 < x1 and y0 < y1: ${excerpt(text)}`);
      if (!Number.isFinite(v[1] - v[0]) || !Number.isFinite(v[3] - v[2])) throw new Error(`a view's sides must be finite: ${excerpt(text)}`);
      const view = [[v[0], v[1]], [v[2], v[3]]];
      const domain = catalog?.functionsById.get(fn)?.domain;
      if (domain && !allowedView(view, domain)) {
        problems.push(`v= asks for a view far wider, narrower or further out than the page shows (${MIN_SHARE} to ${grouped(MAX_SHARE)} times the function's own); the nearest one it shows is used`);
      }
      return view;
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
  // a model's minibatches {size, seed} <-> "size,seed" ("full,seed" for size null: the full batch)
  minibatch: {
    encode: (value) => `${value.size === null ? "full" : num.encode(value.size)},${num.encode(value.seed)}`,
    decode: (text, {catalog, fn} = {}) => readMinibatch(text, catalog?.functionsById.get(fn)?.model?.examples ?? null),
  },
  // entries <-> "sgd,momentum,-rmsprop,adam" where "-" marks a disabled entry; an entry
  // whose settings differ from its preset as resolved for the state's function
  // (resolvePreset) carries them as JSON: "adam~{"optimizer":"adam","hyperparams":{...},"steps":50}".
  // Only the default presets and the entries that are on or have settings of their own are
  // written; reading, every offered preset a link does not list follows, switched off. A copy
  // ("adam.1", entries.js copyOf) is written in full; read, it starts from its original's preset.
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
      const listed = uniqueKeys(splitEntries(text, catalog.limits.runs, problems), problems).map((item, index) => {
        const enabled = !item.startsWith("-");
        const body = enabled ? item : item.slice(1);
        const cut = body.indexOf("~");
        const key = cut < 0 ? body : body.slice(0, cut);
        // a copy ("adam.1") starts from its original's preset, so "adam.1~{"lr":0.1}" is enough
        const preset = catalog.presetsById.get(key) ?? catalog.presetsById.get(copyOf(key)?.original);
        const custom = cut < 0 ? null : parseSettings(body.slice(cut + 1), key);
        if (!preset && !custom) throw new Error(`unknown optimizer entry: ${excerpt(key)}`);
        if (custom !== null && (typeof custom !== "object" || Array.isArray(custom))) throw new Error(`settings of ${excerpt(key)} are not an object`);
        const settings = mergeSettings(preset ? resolvePreset(preset, fn) : null, custom, key, {
          problems, settingNames: (id) => catalog.optimizersById.get(id)?.settings?.map((s) => s.name) ?? null,
        });
        if (!catalog.optimizersById.has(settings.optimizer)) throw new Error(`there is no optimizer ${excerpt(settings.optimizer)}`);
        const entry = makeEntry({key, ...settings, label: settings.label ?? preset?.label ?? key}, index, enabled, catalog);
        return copyOf(key) && typeof custom?.label !== "string" ? {...entry, label: copyLabel(entry, catalog, fn)} : entry;
      });
      const keys = new Set(listed.map((entry) => entry.key));
      const rest = defaultEntries(catalog, fn).filter((entry) => !keys.has(entry.key))
        .map((entry) => ({...entry, enabled: false}));
      return [...listed, ...rest];
    },
  },
  // a sweep {key, setting: ["lr"] | ["betas", 1], low, high, count, measure, start} <->
  // "adam,lr,0.0001,1,25,loss,0" (setting path joined by "."; measure one of the catalog's
  // sweep.measures; start the index of the start it runs from). Python checks the rest (the
  // entry, the setting, the range) when it runs.
  sweep: {
    encode: (value) => [value.key, value.setting.join("."), num.encode(value.low), num.encode(value.high),
                        num.encode(value.count), value.measure, num.encode(value.start)].join(","),
    decode: (text, {catalog}) => {
      const parts = text.split(",", 8);
      if (parts.length !== 7) throw new Error(`a sweep is key,setting,from,to,count,measure,start, not ${excerpt(text)}`);
      const [key, path, lowText, highText, countText, measure, startText] = parts;
      const low = num.decode(lowText), high = num.decode(highText), count = num.decode(countText);
      const start = num.decode(startText);
      const most = catalog.sweep?.max_count ?? 2;
      const measures = (catalog.sweep?.measures ?? []).map((m) => m.name);
      if (!key || !path) throw new Error(`a sweep names an optimizer and a setting: ${excerpt(text)}`);
      if (!(low < high)) throw new Error(`a sweep goes from a lower to a higher value, not ${low} to ${high}`);
      if (!Number.isInteger(count) || count < 2 || count > most) throw new Error(`a sweep has 2 to ${most} values, not ${count}`);
      if (!measures.includes(measure)) throw new Error(`a sweep shows ${measures.join(" or ")}, not ${excerpt(measure)}`);
      if (!Number.isInteger(start) || start < 0 || start >= LINK_LIMITS.starts) throw new Error(`a sweep's start is a start's number, not ${start}`);
      const setting = path.split(".", 4).map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part));
      return {key, setting, low, high, count, measure, start};
    },
  },
  // ["grad", "step"] <-> "grad,step" (of the catalog's recordable names, in its order)
  vectors: {
    encode: (value) => value.join(","),
    decode: (text, {catalog}) => {
      const known = recordableNames(catalog);
      const names = text.split(",").filter(Boolean);
      const unknown = names.find((name) => !known.includes(name));
      if (unknown !== undefined) throw new Error(`vectors are ${known.join(", ")}, not ${excerpt(unknown)}`);
      return known.filter((name) => names.includes(name));
    },
  },
  // one of a list of words ("linear" | "log"), or of whole numbers (a basin lattice's side)
  choice: (items, what) => ({
    encode: (value) => String(value),
    decode: (text) => {
      const found = items.find((item) => String(item) === text);
      if (found === undefined) throw new Error(`${what} is ${items.join(", ")}, not ${excerpt(text)}`);
      return found;
    },
  }),
  // {step, speed} <-> "step,speed" ("end" for a null step)
  playback: {
    encode: (value) => `${value.step === null ? "end" : num.encode(value.step)},${num.encode(value.speed)}`,
    decode: (text, {catalog}) => {
      const most = catalog.limits.steps;   // no path is longer than Python's cap on steps
      const [step, speed] = text.split(",", 3);
      const playback = {step: step === "end" ? null : num.decode(step), speed: speed ? num.decode(speed) : DEFAULT_SPEED};
      const [slowest, fastest] = LINK_LIMITS.speed;
      if (!(playback.speed >= slowest && playback.speed <= fastest)) {
        throw new Error(`a playback speed is ${slowest} to ${grouped(fastest)} steps per second, not ${playback.speed}`);
      }
      if (playback.step !== null && !(Number.isInteger(playback.step) && playback.step >= 0 && playback.step <= most)) {
        throw new Error(`a playback step is a whole number from 0 to ${grouped(most)}, not ${playback.step}`);
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
    problems.push(`the link lists ${grouped(kept.length)} optimizers; the page keeps the first ${limit}`);
    kept.length = limit;
  }
  return kept;
}
