// A model's minibatches (state/minibatch.js, the b= codec), the epochs on the loss chart
// (runs/epoch-marks.js) and a switch's view (state/model-views.js).
import test from "node:test";
import assert from "node:assert/strict";
import {fakeCatalog} from "./fake-catalog.mjs";
import {describeMinibatch, minibatchArgs, readMinibatch, usesMinibatches} from "../../site_src/js/state/minibatch.js";
import {codecs} from "../../site_src/js/state/codecs.js";
import {fromHash, initialState, runArgs, toHash} from "../../site_src/js/state/state.js";
import {batchesPerEpoch, epochSteps} from "../../site_src/js/runs/epoch-marks.js";
import {switchedView} from "../../site_src/js/state/model-views.js";

function withModel() {
  const catalog = fakeCatalog();
  const model = {id: "tanh_network", params: {}, domain: [[-5, 5], [-2.5, 2.5]], group: "models",
                 model: {examples: 342, has_minimum: true, switch_views: {}}};
  const line = {id: "linear_regression", params: {standardize: 0}, domain: [[-20, 120], [-30, 15]], group: "models",
                model: {examples: 342, switch_views: {standardize: {"0": [[-20, 120], [-30, 15]], "1": [[-3, 4], [-1, 6]]}}}};
  for (const fn of [model, line]) {
    catalog.functions.push(fn);
    catalog.functionsById.set(fn.id, fn);
  }
  return catalog;
}

test("a minibatch size is read from 1 to the full batch, which is no minibatch at all", () => {
  assert.deepEqual(readMinibatch("32,7", 342), {size: 32, seed: 7});
  assert.deepEqual(readMinibatch("full,3", 342), {size: null, seed: 3});
  assert.deepEqual(readMinibatch("342,3", 342), {size: null, seed: 3});
  assert.deepEqual(readMinibatch("1", 342), {size: 1, seed: 0});
  for (const bad of ["0,1", "343,1", "1.5,0", "x,0", "10,-1", "10,4294967296", "10,0.5"]) {
    assert.throws(() => readMinibatch(bad, 342), /whole number/, bad);
  }
});

test("the b= key round-trips and reaches the run request only on a model, below its full batch", () => {
  const catalog = withModel();
  const state = {...initialState(catalog, "tanh_network"), fn: "tanh_network", minibatch: {size: 16, seed: 5}};
  const hash = toHash(state, catalog, "two_wells");
  assert.match(hash, /b=16%2C5|b=16,5/);
  const back = fromHash(hash, catalog, "two_wells");
  assert.deepEqual(back.minibatch, {size: 16, seed: 5});
  assert.deepEqual(runArgs({...back, starts: [[1, 1]]}, [], catalog).minibatch, {size: 16, seed: 5});
  assert.equal(usesMinibatches(back, catalog), true);
  assert.match(describeMinibatch(back, catalog), /16 of 342 examples, 22 batches an epoch, seed 5/);
  const full = {...back, minibatch: {size: null, seed: 5}};
  assert.equal(minibatchArgs(full, catalog), null);
  assert.equal(runArgs({...full, starts: [[1, 1]]}, [], catalog).minibatch, undefined);
  assert.match(describeMinibatch(full, catalog), /full-batch gradients/);
  const toy = {...back, fn: "two_wells"};
  assert.equal(runArgs({...toy, starts: [[1, 1]]}, [], catalog).minibatch, undefined);
  assert.equal(toHash(initialState(catalog, "two_wells"), catalog, "two_wells"), "");
  const problems = [];
  const cut = fromHash("#f=tanh_network&b=500,1", catalog, "two_wells", problems);
  assert.deepEqual(cut.minibatch, {size: null, seed: 0});
  assert.match(problems.join(), /b= a minibatch size is a whole number from 1 to 342/);
  assert.equal(codecs.minibatch.encode({size: null, seed: 0}), "full,0");
});

test("epochs end every batchesPerEpoch steps; the runs say how many", () => {
  assert.deepEqual(epochSteps(22, 70), [22, 44, 66]);
  assert.deepEqual(epochSteps(null, 70), []);
  assert.deepEqual(epochSteps(100, 70), []);
  assert.equal(batchesPerEpoch([null, {minibatch: {batches_per_epoch: 11}}]), 11);
  assert.equal(batchesPerEpoch([{points: []}]), null);
});

test("flipping a switch with views moves the view; other parameters leave it", () => {
  const catalog = withModel();
  const state = {...initialState(catalog, "linear_regression"), fn: "linear_regression", params: {standardize: 0}};
  assert.deepEqual(switchedView(state, {standardize: 1}, catalog), {view: [[-3, 4], [-1, 6]]});
  assert.deepEqual(switchedView({...state, params: {standardize: 1}}, {standardize: 0}, catalog), {view: null});
  assert.deepEqual(switchedView(state, {standardize: 0}, catalog), {});
  assert.deepEqual(switchedView({...state, fn: "two_wells", params: {a: 2}}, {a: 3}, catalog), {});
});
