// What a screen reader is told, in short lines (the page's polite status region says them;
// the results table is not read out again). After a run: at most one line per optimizer,
// in the table's outcome words: Python's outcome of each run (global or local minimum,
// still moving, diverged, left the view). Pure: text from plain data.
import {format} from "./number-format.js";

// One start's result (a row of results.js's resultRows), as the words after "<label>: ".
function oneRun(row) {
  if (row.error) return "could not run";
  const at = `${row.steps.toLocaleString("en")}`;
  switch (row.outcome?.kind) {
    case "diverged": return `diverged at step ${at}`;
    case "left-view": return `left the view at step ${at}`;
    case "converged":
      if (row.outcome.global) return `converged to the global minimum at step ${at}`;
      return `converged to another local minimum at step ${at}, f = ${format(row.value)}`;
    default:
      return `still moving after ${at} steps, f = ${format(row.value)}`;
  }
}

// The kind of ending a start had, for the count of several starts (in this order).
const KINDS = [
  ["global", "at the global minimum"],
  ["local", "at another local minimum"],
  ["still-moving", "still moving"],
  ["diverged", "diverged"],
  ["left-view", "left the view"],
  ["error", "could not run"],
];

function kind(row) {
  if (row.error) return "error";
  if (row.outcome?.kind === "converged") return row.outcome.global ? "global" : "local";
  return row.outcome?.kind ?? "still-moving";
}

// rows: resultRows' rows (every start of every entry); keys: the entries to tell about (in
// their order in rows). One line per key: a single start in words, several as counts ("Adam,
// 3 starts: 2 at the global minimum, 1 still moving").
export function runLines(rows, keys) {
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
      lines.push(`${label}: ${oneRun(row)}`);
      continue;
    }
    const counts = new Map();
    for (const row of group) {
      const k = kind(row);
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

// The lines a change made on the page calls for (pure): an optimizer switched on or off, a
// start from a click (cause {added, home}) or removed from the table (cause {removed}).
export function changeLines(previous, state, changed, cause = {}) {
  const lines = [];
  if (changed.has("entries")) {
    for (const entry of state.entries) {
      const before = previous.entries.find((e) => e.key === entry.key);
      if (before && before.enabled !== entry.enabled) lines.push(toggleLine(entry.label ?? entry.key, entry.enabled));
    }
  }
  if (changed.has("starts") && !changed.has("fn")) {
    if (cause.removed !== undefined) {
      lines.push(startRemovedLine(cause.removed, state.starts.length));
    } else if ("added" in cause && state.starts.length) {
      const point = state.starts[state.starts.length - 1];
      lines.push(startLine(point, {added: cause.added, count: state.starts.length, home: Boolean(cause.home)}));
    }
  }
  return lines;
}
