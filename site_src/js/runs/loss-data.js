// Loss curves, the pure part: the columns uPlot draws (steps, then one column of f per run
// and start) from the runs the worker returned, on a linear or a log scale.

export const SCALES = {linear: "f(x, y)", log: "f − min f (log scale)"};

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

// paths: [{key, color, values (Float64Array, (steps + 1) * n, step-major), n, lastStep}].
// Returns {data: [steps, ...columns], series: [{key, row, color}]}: a column holds a run's f at
// each step up to its last finite one, then null (uPlot leaves a gap). On the log scale it
// holds f − minimum (at least logFloor(minimum)).
export function lossColumns(paths, {scale = "linear", minimum = null} = {}) {
  let length = 0;
  for (const path of paths) for (const last of path.lastStep) length = Math.max(length, last);
  const steps = Array.from({length: length + 1}, (_, i) => i);
  const data = [steps];
  const series = [];
  const log = scale === "log" && minimum !== null;
  const floor = log ? logFloor(minimum) : 0;
  for (const path of paths) {
    for (let row = 0; row < path.n; row++) {
      const column = new Array(length + 1).fill(null);
      for (let t = 0; t <= path.lastStep[row]; t++) {
        const f = path.values[t * path.n + row];
        column[t] = log ? Math.max(f - minimum, floor) : f;
      }
      data.push(column);
      series.push({key: path.key, row, color: path.color});
    }
  }
  return {data, series};
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
