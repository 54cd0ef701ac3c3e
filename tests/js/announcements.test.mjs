// Unit tests of what screen readers are told (announcements.js): one line per optimizer
// after a run, in the results table's outcome words, from Python's outcome of each run.
import test from "node:test";
import assert from "node:assert/strict";
import {changeLines, crossLine, runLines, startLine, startRemovedLine, toggleLine}
  from "../../site_src/js/runs/announcements.js";
import {resultRows} from "../../site_src/js/runs/results.js";

const view = [[-2, 2], [-2, 2]];
const MINIMA = [[-1, 0], [1, 0]];   // the first is the global one

// Python's outcome of a row, for these fixtures: "global" / "local" (converged there), or a kind.
function ended(kind, step) {
  if (kind === "global" || kind === "local") {
    const at = MINIMA[kind === "global" ? 0 : 1];
    return {kind: "converged", minimum: kind === "global" ? 0 : 1, global: kind === "global", at, step};
  }
  return {kind, minimum: null, global: false, at: null, step};
}

// A fake worker reply: rows (one per start) of [points...], their statuses and Python's outcomes.
function run(paths, statuses, kinds) {
  const n = paths.length, steps = Math.max(...paths.map((p) => p.length)) - 1;
  const points = new Float64Array((steps + 1) * n * 2).fill(NaN), values = new Float64Array((steps + 1) * n).fill(NaN);
  const last = paths.map((p) => p.length - 1);
  paths.forEach((path, row) => path.forEach(([x, y], t) => {
    points[2 * (t * n + row)] = x;
    points[2 * (t * n + row) + 1] = y;
    values[t * n + row] = x * x + y;
  }));
  return {n, points, values, status: statuses, last_step: last, outcomes: kinds.map((k, row) => ended(k, last[row]))};
}

test("one line per optimizer: global minimum, another minimum, still moving, diverged, left the view", () => {
  const entries = ["adam", "sgd", "momentum", "rprop", "rmsprop"].map((key) => ({key, label: key.toUpperCase(), enabled: true}));
  const runs = new Map([
    ["adam", run([[[0.5, 1], [-1, 0], [-1, 0]]], ["ok"], ["global"])],
    ["sgd", run([[[0.5, 1], [0.7, 0.5], [0.8, 0.12]]], ["ok"], ["still-moving"])],
    ["momentum", run([[[0.5, 1], [3, 0]]], ["diverged"], ["diverged"])],
    ["rprop", run([[[0.5, 1], [1, 0], [1, 0.01]]], ["ok"], ["local"])],
    ["rmsprop", run([[[0.5, 1], [1, 0.5], [3, 0.5]]], ["escaped"], ["left-view"])],
  ]);
  const {rows} = resultRows(entries, runs, [[0.5, 1]]);
  assert.deepEqual(runLines(rows, ["adam", "sgd", "momentum", "rprop", "rmsprop"]), [
    "ADAM: converged to the global minimum at step 2",
    "SGD: still moving after 2 steps, f = 0.76",
    "MOMENTUM: diverged at step 1",
    "RPROP: converged to another local minimum at step 2, f = 1.01",
    "RMSPROP: left the view at step 2",
  ]);
  // only the keys asked about, in the table's order
  assert.deepEqual(runLines(rows, ["sgd"]), ["SGD: still moving after 2 steps, f = 0.76"]);
});

test("several starts make one line of counts; an error is said in words", () => {
  const entries = [{key: "adam", label: "Adam", enabled: true}, {key: "bad", label: "Bad", enabled: true}];
  const runs = new Map([
    ["adam", run([[[0, 1], [-1, 0], [-1, 0]], [[1, 1], [1, 0], [1, 0]], [[0, -1], [-1, 0], [-1, 0]], [[0, 0], [5, 5]]],
                 ["ok", "ok", "ok", "escaped"], ["global", "local", "global", "left-view"])],
    ["bad", {error: "lr must be positive"}],
  ]);
  const starts = [[0, 1], [1, 1], [0, -1], [0, 0]];
  const {rows} = resultRows(entries, runs, starts);
  assert.equal(rows.length, 8);
  assert.deepEqual(runLines(rows, ["adam", "bad"]), [
    "Adam, 4 starts: 2 at the global minimum, 1 at another local minimum, 1 left the view",
    "Bad, 4 starts: 4 could not run",
  ]);
});

test("short lines for the cross, starts and toggles", () => {
  assert.equal(crossLine([0.4, -1]), "Cross at x = 0.400, y = -1.000");
  assert.equal(crossLine([0.4, -1], 0.123456), "Cross at x = 0.400, y = -1.000, f = 0.12346");
  assert.equal(startLine([0, 0], {home: true}), "Running from the middle of the view, x = 0.000, y = 0.000.");
  assert.equal(startLine([1, 2], {added: true, count: 3}), "Start 3 added at x = 1.000, y = 2.000; running.");
  assert.equal(toggleLine("SGD", false), "SGD turned off.");
  assert.equal(startRemovedLine(1, 1), "Start 2 removed; 1 start left.");
});

test("a change on the page is said once: a toggle, a start from a click, a removed start", () => {
  const entries = [{key: "sgd", label: "SGD", enabled: true}, {key: "adam", label: "Adam", enabled: true}];
  const before = {starts: [[0, 0]], entries};
  const off = {...before, entries: [entries[0], {...entries[1], enabled: false}]};
  assert.deepEqual(changeLines(before, off, new Set(["entries"])), ["Adam turned off."]);
  const added = {...before, starts: [[0, 0], [1, 2]]};
  assert.deepEqual(changeLines(before, added, new Set(["starts"]), {added: true}),
                   ["Start 2 added at x = 1.000, y = 2.000; running."]);
  assert.deepEqual(changeLines(before, {...before, starts: [[1, 2]]}, new Set(["starts"]), {added: false}),
                   ["Running from x = 1.000, y = 2.000."]);
  assert.deepEqual(changeLines(added, before, new Set(["starts"]), {removed: 1}), ["Start 2 removed; 1 start left."]);
  // a link pasted in the address bar changes starts without a click: nothing is said
  assert.deepEqual(changeLines(before, added, new Set(["starts"])), []);
});
