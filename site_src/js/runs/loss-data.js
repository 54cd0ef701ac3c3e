// Loss curves, the pure part: the columns uPlot draws (steps, then one column of f per run
// and start) from the runs the worker returned, on a linear or a log scale, over all runs'
// steps or each run's own; each series' colours (its stroke on a casing that meets 3:1
// against the chart's background); the readout's values at a step.

export const SCALES = {linear: "f(x, y)", log: "f − min f (log scale)"};
// The x-range (the state's lossRange, URL x=): every run against step up to the longest, or
// each run stretched to its own end (x = the share of its own steps done, in %).
export const RANGES = {all: "All runs to the longest", own: "Each run to its own end"};
export const X_LABELS = {all: "step", own: "share of its own steps (%)"};

// The lowest known value of a function (its global minima's), or null when none is known.
export function knownMinimum(fn) {
  const values = (fn?.minima_values ?? []).filter((v) => typeof v === "number" && Number.isFinite(v));
  return values.length ? Math.min(...values) : null;
}

// The smallest gap drawn on the log scale: a run that reached the minimum to the last bits
// (or, by rounding, a little below the known value) sits on this floor instead of vanishing.
export function logFloor(minimum) {
  return 1e-15 * Math.max(1, Math.abs(minimum));
}

// paths: [{key, label, color, dash, values (Float64Array, (steps + 1) * n, step-major), n, lastStep}].
// Returns {data: [x, ...columns], series: [{key, row, label, color, dash, last}], range}: a
// column holds a run's f at each of its steps up to its last finite one (`last`), else null
// (uPlot leaves a gap). On the log scale it holds f − minimum (at least logFloor(minimum)).
// range "all": x is the step, 0..the longest run's last step. range "own": x is the share of
// each run's own steps (0..100 %): the x column is every run's steps' shares together, sorted,
// and a column has its values at its own shares only (the chart spans the gaps between them).
export function lossColumns(paths, {scale = "linear", minimum = null, range = "all"} = {}) {
  const log = scale === "log" && minimum !== null;
  const floor = log ? logFloor(minimum) : 0;
  const shown = (f) => (log ? Math.max(f - minimum, floor) : f);
  const series = [];
  for (const path of paths) {
    for (let row = 0; row < path.n; row++) {
      series.push({key: path.key, row, label: path.label ?? path.key, color: path.color, dash: path.dash,
                   last: path.lastStep[row], path});
    }
  }
  if (range === "own") {
    const shares = new Map();   // share -> its index in x
    for (const {last} of series) for (let t = 0; t <= last; t++) shares.set(ownShare(t, last), 0);
    const x = [...shares.keys()].sort((a, b) => a - b);
    x.forEach((share, i) => shares.set(share, i));
    const data = [x];
    for (const {path, row, last} of series) {
      const column = new Array(x.length).fill(null);
      for (let t = 0; t <= last; t++) column[shares.get(ownShare(t, last))] = shown(path.values[t * path.n + row]);
      data.push(column);
    }
    return {data, series: series.map(({path, ...rest}) => rest), range};
  }
  let length = 0;
  for (const {last} of series) length = Math.max(length, last);
  const data = [Array.from({length: length + 1}, (_, i) => i)];
  for (const {path, row, last} of series) {
    const column = new Array(length + 1).fill(null);
    for (let t = 0; t <= last; t++) column[t] = shown(path.values[t * path.n + row]);
    data.push(column);
  }
  return {data, series: series.map(({path, ...rest}) => rest), range: "all"};
}

// Step t of a run of `last` steps on the "own" x-range: its share of the run, in %.
export function ownShare(t, last) {
  return last > 0 ? (100 * t) / last : 0;
}

// The step of a series at chart x `x` (a step on "all", a share in % on "own"), within 0..last.
export function stepAt(x, last, range = "all") {
  const step = range === "own" ? Math.round((x / 100) * last) : Math.round(x);
  return Math.max(0, Math.min(last, Number.isFinite(step) ? step : 0));
}

// The readout at chart x: for each series {key, row, label, step, value} (value: f at that
// step as the worker computed it, or null past the series' last step on the "all" range).
// paths: as for lossColumns; the values are the runs' own f, not the log scale's gap.
export function readoutAt(paths, x, range = "all") {
  const out = [];
  for (const path of paths) {
    for (let row = 0; row < path.n; row++) {
      const last = path.lastStep[row];
      const wanted = range === "own" ? stepAt(x, last, "own") : Math.max(0, Math.round(x));
      const step = Math.min(wanted, last);
      out.push({key: path.key, row, label: path.label ?? path.key, step,
                value: wanted <= last ? path.values[step * path.n + row] : null});
    }
  }
  return out;
}

// --- colours: every series meets 3:1 against the chart's background (WCAG 1.4.11) ----------

// [r, g, b] (0..255) of "#rgb", "#rrggbb" or "rgb(r, g, b)" / "rgba(...)"; null otherwise.
export function parseColor(text) {
  const value = String(text ?? "").trim();
  let m = /^#([0-9a-f]{3})$/i.exec(value);
  if (m) return [...m[1]].map((c) => parseInt(c + c, 16));
  m = /^#([0-9a-f]{6})$/i.exec(value);
  if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(value);
  if (m) return [m[1], m[2], m[3]].map(Number);
  return null;
}

// WCAG 2's relative luminance of an sRGB colour, and the contrast ratio of two colours (1..21).
export function luminance(color) {
  const rgb = Array.isArray(color) ? color : parseColor(color);
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export const MIN_CONTRAST = 3;

// A series' line: its colour (`stroke`) over a wider line (`casing`). A colour that meets 3:1
// against the background is cased in the background's colour (it parts crossing lines, as the
// paths' casings do on the plot); one that does not is cased in the theme's ink (the chart's
// text colour), which does, and which the colour stands out of (its contrast with the ink is
// then at least the ink's with the background over 3). `contrast`: the line's edge against the
// background.
export function seriesStyle(color, background, ink) {
  const own = contrast(color, background);
  if (own >= MIN_CONTRAST) return {stroke: color, casing: background, contrast: own, cased: "background"};
  return {stroke: color, casing: ink, contrast: contrast(ink, background), cased: "ink"};
}

// Powers of ten from low to high, at most four of them (every k-th decade): the chart is short.
export function decadeTicks(low, high) {
  const first = Math.ceil(Math.log10(low)), last = Math.floor(Math.log10(high));
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) return [low, high];
  const every = Math.max(1, Math.ceil((last - first + 1) / 4));
  const ticks = [];
  for (let k = last; k >= first; k -= every) ticks.unshift(Number(`1e${k}`));   // 10 ** -4 is not 1e-4
  return ticks;
}

// Tick labels that stay readable from 1e-15 to 1e6: plain numbers in between, powers of ten outside.
export function tickText(value) {
  if (value === 0 || value === null) return value === 0 ? "0" : "";
  const size = Math.abs(value);
  if (size >= 1e-3 && size < 1e5) return String(Number(value.toPrecision(4)));
  return value.toExponential(0).replace("e+", "e");
}
