// Optimizer entries: a preset as it runs on a function (its `by_function` adjustments), an
// entry's colour and cues from the catalog, the default list, and how a link's settings merge
// over a preset's. Pure functions of the catalog; no DOM.
import {excerpt, ownKeys} from "./link-limits.js";

// An entry's settings from a link: the preset's (as resolved for the function), with the link's
// over them. The link's JSON is either the full form {optimizer, hyperparams, steps, label}
// (what toHash writes; its hyperparams replace the preset's) or only some settings,
// {"lr": 0.05}, merged over the preset's hyperparams; both may be mixed.
const ENTRY_FIELDS = ["optimizer", "hyperparams", "steps", "label"];

// settingNames: the optimizer's setting names (the catalog's schema), or null to keep every key;
// a key it does not name (toString, __proto__, a typo) is left out and said onto problems.
export function mergeSettings(preset, custom, key, {settingNames = null, problems = []} = {}) {
  if (custom === null) return preset;
  const some = Object.fromEntries(Object.entries(custom).filter(([k]) => !ENTRY_FIELDS.includes(k)));
  const optimizer = custom.optimizer ?? preset?.optimizer;
  if (typeof optimizer !== "string") throw new Error(`the settings of ${excerpt(key)} name no optimizer`);
  const sameOptimizer = preset && optimizer === preset.optimizer;
  const given = custom.hyperparams ?? (sameOptimizer ? preset.hyperparams : {});
  if (!given || typeof given !== "object" || Array.isArray(given)) throw new Error(`the settings of ${excerpt(key)} are not an object`);
  const names = settingNames?.(optimizer) ?? null;
  const known = (k) => names === null || names.includes(k);
  const hyperparams = ownKeys({...given, ...some}, known, `setting of ${excerpt(key)} called`, problems);
  const steps = custom.steps ?? preset?.steps;
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`the settings of ${excerpt(key)} need a whole number of steps`);
  return {optimizer, hyperparams: structuredClone(hyperparams), steps, label: custom.label ?? preset?.label};
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

// An entry: a preset's colour is the catalog's (Python assigns them); a copy's the catalog's
// copy_palette's by its number (copyCue); another entry takes the palette's colour at its position.
function makeEntry(source, index, enabled, catalog) {
  const key = source.key ?? source.id;
  const preset = catalog.presetsById.get(key);
  return {
    key,
    optimizer: source.optimizer,
    hyperparams: structuredClone(source.hyperparams ?? {}),
    steps: source.steps,
    label: source.label,
    color: preset?.color ?? catalog.palette[index % catalog.palette.length],
    ...cueOf(preset, index, catalog),
    ...(preset ? {} : copyCue(key, index, catalog)),
    enabled,
  };
}

// --- copies ("Add a copy": the same optimizer at settings of its own) -------------------
// A copy's key is its original's followed by "." and a number that no other copy on the page
// has ("adam.1", "sgd.2"): the number gives its colour and dash (the catalog's copy_palette and
// copy_dashes, which no preset has) and it keeps its original's marker. A link holds a copy like
// any entry with settings of its own ("adam.1~{...}").
const COPY_KEY = /^(.+)\.([1-9][0-9]{0,5})$/;

// {original, number} of a copy's key, or null for any other key.
export function copyOf(key) {
  const match = COPY_KEY.exec(key);
  return match ? {original: match[1], number: Number(match[2])} : null;
}

// A copy's colour, dash and marker (none for a key that is no copy).
function copyCue(key, index, catalog) {
  const copy = copyOf(key);
  if (!copy || !catalog.copy_palette?.length) return {};
  const colors = catalog.copy_palette, dashes = catalog.copy_dashes ?? ["solid"];
  const marker = catalog.presetsById.get(copy.original)?.marker ?? cueOf(null, index, catalog).marker;
  return {color: colors[(copy.number - 1) % colors.length], dash: dashes[(copy.number - 1) % dashes.length], marker};
}

// The settings a copy's label names: those that differ from its original's preset (as resolved for
// `fnId`), as "lr 0.1", "beta2 0.99", "600 steps"; at most two, then "…". With none it is "copy N".
export function copyLabel(entry, catalog, fnId) {
  const copy = copyOf(entry.key);
  if (!copy) return entry.label;
  const preset = presetSettings(catalog, copy.original, fnId);
  const base = preset?.label ?? entry.label.replace(/ \(.*\)$/, "");
  const differences = [];
  if (preset && preset.optimizer === entry.optimizer) {
    const schema = catalog.optimizersById.get(entry.optimizer)?.settings ?? [];
    const defaults = catalog.optimizersById.get(entry.optimizer)?.hyperparams ?? {};
    for (const setting of schema) {
      const mine = entry.hyperparams[setting.name] ?? defaults[setting.name];
      const theirs = preset.hyperparams[setting.name] ?? defaults[setting.name];
      if (canonical(mine) === canonical(theirs)) continue;
      if (setting.kind === "tuple" && Array.isArray(mine) && Array.isArray(theirs)) {
        setting.items.forEach((item, i) => mine[i] !== theirs[i] && differences.push(`${item.name} ${valueText(mine[i])}`));
      } else {
        differences.push(`${setting.name} ${valueText(mine)}`);
      }
    }
    if (entry.steps !== preset.steps) differences.push(`${entry.steps} steps`);
  } else if (preset) {
    differences.push(entry.optimizer);
  }
  const named = differences.length > 2 ? [...differences.slice(0, 2), "…"] : differences;
  return `${base} (${named.length ? named.join(", ") : `copy ${copy.number}`})`;
}

function valueText(value) {
  if (value && typeof value === "object" && !Array.isArray(value)) return value.kind ?? "settings";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

// The entries with a copy of entry `key` after it (and after its other copies): the same settings,
// switched on, numbered one past the highest copy number on the page.
export function addCopy(entries, key, catalog, fnId) {
  const index = entries.findIndex((e) => e.key === key);
  if (index < 0) return entries;
  const original = copyOf(key)?.original ?? key;
  const number = 1 + Math.max(0, ...entries.map((e) => copyOf(e.key)?.number ?? 0));
  const source = entries[index];
  const made = makeEntry({key: `${original}.${number}`, optimizer: source.optimizer, hyperparams: source.hyperparams,
                          steps: source.steps, label: source.label}, entries.length, true, catalog);
  const copy = {...made, label: copyLabel(made, catalog, fnId)};
  let at = index + 1;
  while (at < entries.length && copyOf(entries[at].key)?.original === original) at++;
  return [...entries.slice(0, at), copy, ...entries.slice(at)];
}

// A settings change of entry `key` ({key, ...patch}), with a copy's label following its new settings.
export function labelledPatch(entries, key, patch, catalog, fnId) {
  const entry = entries.find((e) => e.key === key);
  if (!entry || !copyOf(key)) return {key, ...patch};
  return {key, ...patch, label: copyLabel({...entry, ...patch}, catalog, fnId)};
}

// The entries without copy `key` (an entry that is no copy stays: presets are switched off instead).
export function removeCopy(entries, key) {
  return copyOf(key) ? entries.filter((e) => e.key !== key) : entries;
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

export {sameSettings, resolvePreset, makeEntry, defaultEntries};
