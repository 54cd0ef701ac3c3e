// Optimizer settings, the pure part: reading a field's text against a setting's schema (the
// catalog's, from Python's optimizers.settings), log and linear slider positions, and
// reading and writing a value at a path inside an entry's hyperparams.

export const SLIDER_STEPS = 1000;

function bound(value) {
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  return value ?? null;
}

// A setting's range in words: "from 0 (inclusive) to 1 (exclusive)".
function rangeText(setting) {
  const low = bound(setting.min), high = bound(setting.max);
  const parts = [];
  if (low !== null && low !== -Infinity) parts.push(`${setting.min_inclusive ? "at least" : "above"} ${low}`);
  if (high !== null && high !== Infinity) parts.push(`${setting.max_inclusive ? "at most" : "below"} ${high}`);
  return parts.join(" and ");
}

// {value} or {error} for a field's text: a number in the setting's range (a whole number for
// "integer"), "Infinity" where the setting allows it, empty for null where it is nullable.
export function readSetting(setting, text) {
  const trimmed = String(text).trim();
  if (trimmed === "" && setting.nullable) return {value: null};
  const value = trimmed === "Infinity" && setting.allow_infinite ? Infinity : Number(trimmed);
  const whole = setting.kind === "integer";
  const kind = whole ? "a whole number" : "a number";
  const range = rangeText(setting);
  const wanted = range ? `${kind} ${range}` : kind;
  if (trimmed === "" || Number.isNaN(value) || (!Number.isFinite(value) && !(setting.allow_infinite && value === Infinity))) {
    return {error: `must be ${wanted}`};
  }
  if (whole && !Number.isInteger(value)) return {error: `must be ${wanted}`};
  const low = bound(setting.min), high = bound(setting.max);
  if (low !== null && (setting.min_inclusive ? value < low : value <= low)) return {error: `must be ${wanted}`};
  if (high !== null && value !== Infinity && (setting.max_inclusive ? value > high : value >= high)) return {error: `must be ${wanted}`};
  return {value};
}

// A slider position (0..SLIDER_STEPS) for a value, and back: log scale between the slider's
// ends (both above 0) for "log", linear otherwise. Values from a slider are rounded to 3
// significant digits (log) or to a thousandth of the slider's range (linear).
export function sliderPosition(setting, value) {
  const [lo, hi] = setting.slider;
  if (typeof value !== "number" || !Number.isFinite(value)) return 0;
  const t = setting.scale === "log" && lo > 0
    ? (Math.log(Math.max(value, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
    : (value - lo) / (hi - lo);
  return Math.round(SLIDER_STEPS * Math.min(1, Math.max(0, t)));
}

export function sliderValue(setting, position) {
  const [lo, hi] = setting.slider;
  const t = position / SLIDER_STEPS;
  if (setting.scale === "log" && lo > 0) return Number((lo * (hi / lo) ** t).toPrecision(3));
  const value = lo + t * (hi - lo);
  if (setting.kind === "integer") return Math.round(value);
  const unit = 10 ** Math.floor(Math.log10((hi - lo) / SLIDER_STEPS));
  return Number((Math.round(value / unit) * unit).toPrecision(12));
}

// The value at `path` (["betas", 0], ["inner_hyperparams", "lr"]) of hyperparams, or
// `fallback` where it is not set.
export function valueAt(hyperparams, path, fallback) {
  let node = hyperparams;
  for (const key of path) {
    if (node === null || node === undefined || typeof node !== "object") return fallback;
    node = node[key];
  }
  return node === undefined ? fallback : node;
}

// New hyperparams with `value` at `path`; missing objects and lists on the way are made from
// `defaults` (the values shown: a tuple's other items, an inner optimizer's settings).
export function withValue(hyperparams, path, value, defaults = {}) {
  const next = structuredClone(hyperparams ?? {});
  let node = next;
  path.slice(0, -1).forEach((key, i) => {
    if (node[key] === null || node[key] === undefined) node[key] = structuredClone(valueAt(defaults, path.slice(0, i + 1), {}));
    node = node[key];
  });
  node[path[path.length - 1]] = value;
  return next;
}

// A schedule for a learning rate from a schedule kind's schema: its defaults, with the
// rate's own field(s) set to `rate` ({kind: "constant"} is written as the plain number).
export function makeSchedule(kind, rate) {
  if (kind.kind === "constant") return rate;
  const schedule = {kind: kind.kind};
  for (const param of kind.params) {
    if (param.is_learning_rate) schedule[param.name] = rate;
    else if (param.default !== null && param.default !== undefined) schedule[param.name] = param.default;
  }
  return schedule;
}

// The rate a learning-rate value starts from: the number, or its schedule's rate field.
export function baseRate(value, schedules) {
  if (typeof value === "number") return value;
  const kind = schedules.find((k) => k.kind === value?.kind);
  return kind ? value[kind.learning_rate] : NaN;
}
