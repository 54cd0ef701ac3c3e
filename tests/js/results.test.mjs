// Unit tests of how runs are told (outcomes.js) and exported (export.js).
import test from "node:test";
import assert from "node:assert/strict";
import {OUTCOMES, outcomeMeanings, outcomeText} from "../../site_src/js/runs/outcomes.js";
import {resultRows} from "../../site_src/js/runs/results.js";
import {CSV_COLUMNS, fileName, runsCsv, runsJson} from "../../site_src/js/runs/export.js";
import {fakeCatalog} from "./fake-catalog.mjs";

const view = [[-2, 2], [-1, 1]];

test("an outcome is worded from Python's answer; the meanings under the table state its one rule", () => {
  const precision = {x: 3, y: 3, f: 3};
  assert.equal(outcomeText({kind: "converged", minimum: 0, global: true, at: [-0.93552, 1.4e-110], step: 40}, precision),
               "global minimum at (\u22120.936, 0)");
  assert.equal(outcomeText({kind: "converged", minimum: 1, global: false, at: [0.905317899160115, 0], step: 40}, precision),
               "local minimum at (0.905, 0)");
  assert.equal(outcomeText({kind: "converged", minimum: 1, global: false, at: [0.905317899160115, -1e-7], step: 40},
                           {x: 1, y: 5}), "local minimum at (0.9, 0)");
  assert.equal(outcomeText({kind: "still-moving", minimum: null, global: false, at: null, step: 100}), "still moving");
  assert.equal(outcomeText({kind: "left-view", minimum: null, global: false, at: null, step: 3}), "left the view");
  assert.equal(outcomeText({kind: "diverged", minimum: null, global: false, at: null, step: 12}), "diverged at step 12");
  assert.equal(outcomeText({kind: "diverged", minimum: null, global: false, at: null, step: 1200}), "diverged at step 1,200");
  const meanings = outcomeMeanings({view_share: 0.01, gap_share: 0.25});
  assert.match(meanings.converged, /1 % of the view's larger side, or 0\.25 of the smallest gap between two known minima/);
  assert.deepEqual(Object.keys(meanings), Object.keys(OUTCOMES));
});

test("the table's rows take each row's outcome from its run, in Python's words", () => {
  const {state, runs} = fixture();
  const {rows, complete} = resultRows(state.entries, runs, state.starts);
  assert.equal(complete, true);
  assert.deepEqual(rows.map((row) => row.outcome?.kind), ["left-view", "converged"]);
  assert.deepEqual(rows[1].end, [0.15, 0.1]);
});

// One run of "sgd" from two starts: the first stops after step 1 (escaped), the second runs 2 steps.
function fixture() {
  const catalog = fakeCatalog();
  const state = {fn: "two_wells", params: {a: 2}, view: null, noise: {sigma: 0, seed: 0}, starts: [[0.5, 1], [0, 0.25]],
                 entries: [{key: "sgd", label: "SGD, plain", optimizer: "sgd", hyperparams: {lr: 0.1}, steps: 2,
                            enabled: true, color: "#f00"},
                           {key: "adam", label: "Adam", optimizer: "adam", hyperparams: {}, steps: 2, enabled: false}]};
  const outcomes = [{kind: "left-view", minimum: null, global: false, at: null, step: 1},
                    {kind: "converged", minimum: 1, global: false, at: [0.15, 0.1], step: 2}];
  const run = {n: 2, last_step: [1, 2], status: ["escaped", "ok"], outcomes,
               points: Float64Array.from([0.5, 1, 0, 0.25, 0.4, 0.8, 0.1, 0.2, NaN, NaN, 0.15, 0.1]),
               values: Float64Array.from([3, 1, 2, 0.5, NaN, 0.25])};
  return {catalog, state, runs: new Map([["sgd", run], ["adam", {error: "x"}]])};
}

test("the CSV has a line per start and step up to where each stopped, with its settings", () => {
  const {state, runs, catalog} = fixture();
  const lines = runsCsv(state, runs, catalog).trimEnd().split("\n");
  assert.equal(lines[0], CSV_COLUMNS.join(","));
  assert.equal(lines.length, 1 + 2 + 3);
  assert.equal(lines[1], 'two_wells,,"{""a"":2}",0,0,sgd,"SGD, plain",sgd,"{""lr"":0.1}",2,1,0.5,1,0,0.5,1,3,escaped,left-view,,');
  assert.equal(lines[5], 'two_wells,,"{""a"":2}",0,0,sgd,"SGD, plain",sgd,"{""lr"":0.1}",2,2,0,0.25,2,0.15,0.1,0.25,ok,converged,0.15,0.1');
  assert.equal(fileName({fn: "two wells/x"}, "csv"), "optimizer-paths-two_wells_x.csv");
});

test("the JSON nests the same numbers per run and start", () => {
  const {state, runs, catalog} = fixture();
  const data = runsJson(state, runs, catalog);
  assert.deepEqual(data.view, [[-2, 2], [-2, 2]]);
  assert.equal(data.runs.length, 1);
  assert.deepEqual(data.runs[0].starts[0], {start: [0.5, 1], status: "escaped", outcome: runs.get("sgd").outcomes[0], last_step: 1,
                                            points: [[0.5, 1], [0.4, 0.8]], values: [3, 2]});
  assert.deepEqual(data.runs[0].starts[1].values, [1, 0.5, 0.25]);
});
