// What a screen reader is told, in short lines (the page's polite status region says them;
// the results table is not read out again). After a run: at most one line per optimizer,
// with the table's outcome words (outcomes.js) and whether it ended at the global minimum.
// Pure: text from plain data.
import {format} from "./results.js";

// How close an end point must be to a minimum to count as reaching it: Python's
// optimizers.basin_map.default_tolerance (1 % of the view's larger side, at most a quarter
// of the closest two minima's distance), for the function's own view `domain`.
export const TOLERANCE_OF_SPAN = 1e-2;
export const TOLERANCE_OF_GAP = 0.25;

export function minimumTolerance(domain, minima = []) {
  const [[x0, x1], [y0, y1]] = domain;
  let tolerance = TOLERANCE_OF_SPAN * Math.max(x1 - x0, y1 - y0);
  for (let i = 0; i < minima.length; i++) {
    for (let j = i + 1; j < minima.length; j++) {
      const gap = Math.hypot(minima[i][0] - minima[j][0], minima[i][1] - minima[j][1]);
      tolerance = Math.min(tolerance, TOLERANCE_OF_GAP * gap);
    }
  }
  return tolerance;
}

// Which known minimum an end point is at: "global", "local" (another known minimum) or
// null (none within `tolerance`). The nearest minimum decides, as Python's labels do.
export function minimumAt(end, {minima = [], globalMinima = [], tolerance = 0} = {}) {
  if (!end || !end.every(Number.isFinite)) return null;
  let nearest = null, distance = Infinity;
  for (const m of minima) {
    const d = Math.hypot(end[0] - m[0], end[1] - m[1]);
    if (d < distance) [nearest, distance] = [m, d];
  }
  if (!nearest || !(distance <= tolerance)) return null;
  return globalMinima.some((g) => g[0] === nearest[0] && g[1] === nearest[1]) ? "global" : "local";
}

// One start's result (a row of results.js's resultRows), as the words after "<label>: ".
function oneRun(row, where) {
  if (row.error) return "could not run";
  const at = `${row.steps.toLocaleString("en")}`;
  switch (row.outcome.key) {
    case "diverged": return `diverged at step ${at}`;
    case "left-view": return `left the view at step ${at}`;
    case "converged":
      if (where === "global") return `converged to the global minimum at step ${at}`;
      if (where === "local") return `converged to another local minimum at step ${at}, f = ${format(row.value)}`;
      return `converged at step ${at}, f = ${format(row.value)}, not at a known minimum`;
    default: {
      const near = where === "global" ? ", near the global minimum" : where === "local" ? ", near another local minimum" : "";
      return `still moving after ${at} steps${near}, f = ${format(row.value)}`;
    }
  }
}

// The kind of ending a start had, for the count of several starts (in this order).
const KINDS = [
  ["global", "at the global minimum"],
  ["local", "at another local minimum"],
  ["elsewhere", "converged elsewhere"],
  ["still-moving", "still moving"],
  ["diverged", "diverged"],
  ["left-view", "left the view"],
  ["error", "could not run"],
];

function kind(row, where) {
  if (row.error) return "error";
  if (row.outcome.key === "converged") return where ?? "elsewhere";
  return row.outcome.key;
}

// rows: resultRows' rows (every start of every entry); keys: the entries to tell about (in
// their order in rows); known: {minima, globalMinima, tolerance}. One line per key: a
// single start in words, several as counts ("Adam, 3 starts: 2 at the global minimum, 1
// still moving").
export function runLines(rows, keys, known = {}) {
  const lines = [];
  const wanted = new Set(keys);
  const byKey = new Map();
  for (const row of rows) {
    if (!wanted.has(row.key)) continue;
    if (!byKey.has(row.key)) byKey.set(row.key, []);
    byKey.get(row.key).push(row);
  }
  for (const group of byKey.values()) {
    const label = group[0].label;
    if (group.length === 1) {
      const row = group[0];
      lines.push(`${label}: ${oneRun(row, row.error ? null : minimumAt(row.end, known))}`);
      continue;
    }
    const counts = new Map();
    for (const row of group) {
      const k = kind(row, row.error ? null : minimumAt(row.end, known));
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const parts = KINDS.filter(([k]) => counts.has(k)).map(([k, words]) => `${counts.get(k)} ${words}`);
    lines.push(`${label}, ${group.length} starts: ${parts.join(", ")}`);
  }
  return lines;
}

// A point in words, as the readout under the plot shows it.
export function pointWords([x, y]) {
  return `x = ${x.toFixed(3)}, y = ${y.toFixed(3)}`;
}

// The keyboard cross moved (f: its value, or null while Python has not said).
export function crossLine(point, f = null) {
  return `Cross at ${pointWords(point)}${f === null || f === undefined ? "" : `, f = ${format(f)}`}`;
}

// A start from a click or the keyboard (home: Enter before the cross moved, so the middle
// of the view; added: one more start, the count-th).
export function startLine(point, {added = false, count = 1, home = false} = {}) {
  const where = home ? `the middle of the view, ${pointWords(point)}` : pointWords(point);
  return added ? `Start ${count} added at ${where}; running.` : `Running from ${where}.`;
}

export function toggleLine(label, enabled) {
  return `${label} turned ${enabled ? "on" : "off"}.`;
}

// A start removed from the table (index counts from 0); `left`: how many remain.
export function startRemovedLine(index, left) {
  return `Start ${index + 1} removed; ${left} ${left === 1 ? "start" : "starts"} left.`;
}
