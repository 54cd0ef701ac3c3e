// Unit tests of what screen readers are told (announcements.js): one line per optimizer
// after a run, in the results table's outcome words, with Python's minimum tolerance.
import test from "node:test";
import assert from "node:assert/strict";
import {crossLine, minimumAt, minimumTolerance, runLines, startLine, startRemovedLine, toggleLine}
  from "../../site_src/js/runs/announcements.js";
import {resultRows} from "../../site_src/js/runs/results.js";

const view = [[-2, 2], [-2, 2]];
const minima = [[-1, 0], [1, 0]];
const known = {minima, globalMinima: [[-1, 0]], tolerance: minimumTolerance(view, minima)};

test("the tolerance is Python's default_tolerance: 1 % of the larger side, at most a quarter of the closest gap", () => {
  assert.equal(minimumTolerance(view, []), 0.04);
  assert.equal(minimumTolerance([[0, 10], [0, 1]], [[0, 0], [0.1, 0]]), 0.025);
  assert.equal(minimumTolerance(view, minima), 0.04);
  assert.equal(minimumAt([-1.03, 0.02], known), "global");
  assert.equal(minimumAt([1, 0.039], known), "local");
  assert.equal(minimumAt([1, 0.041], known), null);
  assert.equal(minimumAt([NaN, NaN], known), null);
  assert.equal(minimumAt([0, 0], {}), null);
});

// A fake worker reply: rows (one per start) of [points..., status]; the last two points of each
// row are the end and the point before it.
function run(paths, statuses) {
  const n = paths.length, steps = Math.max(...paths.map((p) => p.length)) - 1;
  const points = new Float64Array((steps + 1) * n * 2).fill(NaN), values = new Float64Array((steps + 1) * n).fill(NaN);
  const last = paths.map((p) => p.length - 1);
  paths.forEach((path, row) => path.forEach(([x, y], t) => {
    points[2 * (t * n + row)] = x;
    points[2 * (t * n + row) + 1] = y;
    values[t * n + row] = x * x + y;
  }));
  return {n, points, values, status: statuses, last_step: last};
}

test("one line per optimizer: global minimum, another minimum, still moving, diverged, left the view", () => {
  const entries = ["adam", "sgd", "momentum", "rprop", "rmsprop"].map((key) => ({key, label: key.toUpperCase(), enabled: true}));
  const runs = new Map([
    ["adam", run([[[0.5, 1], [-1, 0], [-1, 0]]], ["ok"])],
    ["sgd", run([[[0.5, 1], [0.7, 0.5], [0.8, 0.12]]], ["ok"])],
    ["momentum", run([[[0.5, 1], [3, 0]]], ["diverged"])],
    ["rprop", run([[[0.5, 1], [1, 0], [1, 0.01]]], ["ok"])],
    ["rmsprop", run([[[0.5, 1], [1, 0.5], [1, 0.5]]], ["ok"])],
  ]);
  const {rows} = resultRows(entries, runs, [[0.5, 1]], view);
  assert.deepEqual(runLines(rows, ["adam", "sgd", "momentum", "rprop", "rmsprop"], known), [
    "ADAM: converged to the global minimum at step 2",
    "SGD: still moving after 2 steps, f = 0.76",
    "MOMENTUM: diverged at step 1",
    "RPROP: still moving after 2 steps, near another local minimum, f = 1.01",
    "RMSPROP: converged at step 2, f = 1.5, not at a known minimum",
  ]);
  // only the keys asked about, in the table's order
  assert.deepEqual(runLines(rows, ["sgd"], known), ["SGD: still moving after 2 steps, f = 0.76"]);
  // no known minima: nothing is called a minimum
  assert.equal(runLines(rows, ["adam"], {})[0], "ADAM: converged at step 2, f = 1, not at a known minimum");
});

test("several starts make one line of counts; an error is said in words", () => {
  const entries = [{key: "adam", label: "Adam", enabled: true}, {key: "bad", label: "Bad", enabled: true}];
  const runs = new Map([
    ["adam", run([[[0, 1], [-1, 0], [-1, 0]], [[1, 1], [1, 0], [1, 0]], [[0, -1], [-1, 0], [-1, 0]], [[0, 0], [5, 5]]],
                 ["ok", "ok", "ok", "escaped"])],
    ["bad", {error: "lr must be positive"}],
  ]);
  const starts = [[0, 1], [1, 1], [0, -1], [0, 0]];
  const {rows} = resultRows(entries, runs, starts, view);
  assert.equal(rows.length, 8);
  assert.deepEqual(runLines(rows, ["adam", "bad"], known), [
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
