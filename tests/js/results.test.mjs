// Unit tests of how runs are told (outcomes.js) and exported (export.js).
import test from "node:test";
import assert from "node:assert/strict";
import {CONVERGED_SHARE, outcome} from "../../site_src/js/runs/outcomes.js";
import {CSV_COLUMNS, fileName, runsCsv, runsJson} from "../../site_src/js/runs/export.js";
import {fakeCatalog} from "./fake-catalog.mjs";

const view = [[-2, 2], [-1, 1]];

test("outcomes: diverged and escaped from Python, the rest from the last points and the view", () => {
  const ok = {status: "ok", view, steps: 100};
  assert.equal(outcome({...ok, status: "diverged", end: [NaN, NaN]}).key, "diverged");
  assert.equal(outcome({...ok, status: "escaped", end: [50, 0]}).key, "left-view");
  assert.equal(outcome({...ok, end: [2.5, 0], previous: [2.5, 0]}).key, "left-view");
  const tiny = 4 * CONVERGED_SHARE;        // the view's larger side is 4
  assert.equal(outcome({...ok, end: [1, 0], previous: [1 - tiny * 0.99, 0]}).key, "converged");
  const moving = outcome({...ok, end: [1, 0], previous: [1 - tiny * 1.01, 0]});
  assert.deepEqual([moving.key, moving.text], ["still-moving", "still moving"]);
  assert.match(moving.detail, /when its 100 steps ran out/);
  assert.equal(outcome({...ok, end: [1, 0], previous: null, steps: 0}).key, "still-moving");
});

// One run of "sgd" from two starts: the first stops after step 1 (escaped), the second runs 2 steps.
function fixture() {
  const catalog = fakeCatalog();
  const state = {fn: "two_wells", params: {a: 2}, view: null, noise: {sigma: 0, seed: 0}, starts: [[0.5, 1], [0, 0.25]],
                 entries: [{key: "sgd", label: "SGD, plain", optimizer: "sgd", hyperparams: {lr: 0.1}, steps: 2,
                            enabled: true, color: "#f00"},
                           {key: "adam", label: "Adam", optimizer: "adam", hyperparams: {}, steps: 2, enabled: false}]};
  const run = {n: 2, last_step: [1, 2], status: ["escaped", "ok"],
               points: Float64Array.from([0.5, 1, 0, 0.25, 0.4, 0.8, 0.1, 0.2, NaN, NaN, 0.15, 0.1]),
               values: Float64Array.from([3, 1, 2, 0.5, NaN, 0.25])};
  return {catalog, state, runs: new Map([["sgd", run], ["adam", {error: "x"}]])};
}

test("the CSV has a line per start and step up to where each stopped, with its settings", () => {
  const {state, runs} = fixture();
  const lines = runsCsv(state, runs).trimEnd().split("\n");
  assert.equal(lines[0], CSV_COLUMNS.join(","));
  assert.equal(lines.length, 1 + 2 + 3);
  assert.equal(lines[1], 'two_wells,,"{""a"":2}",0,0,sgd,"SGD, plain",sgd,"{""lr"":0.1}",2,1,0.5,1,0,0.5,1,3,escaped');
  assert.equal(lines[5], 'two_wells,,"{""a"":2}",0,0,sgd,"SGD, plain",sgd,"{""lr"":0.1}",2,2,0,0.25,2,0.15,0.1,0.25,ok');
  assert.equal(fileName({fn: "two wells/x"}, "csv"), "optimizer-paths-two_wells_x.csv");
});

test("the JSON nests the same numbers per run and start", () => {
  const {state, runs, catalog} = fixture();
  const data = runsJson(state, runs, catalog);
  assert.deepEqual(data.view, [[-2, 2], [-2, 2]]);
  assert.equal(data.runs.length, 1);
  assert.deepEqual(data.runs[0].starts[0], {start: [0.5, 1], status: "escaped", last_step: 1,
                                            points: [[0.5, 1], [0.4, 0.8]], values: [3, 2]});
  assert.deepEqual(data.runs[0].starts[1].values, [1, 0.5, 0.25]);
});
