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

export {sameSettings, resolvePreset, makeEntry, defaultEntries};
