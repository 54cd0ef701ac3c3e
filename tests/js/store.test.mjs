// Unit tests of the playground's one update path (store.js): the next state and what changed.
import test from "node:test";
import assert from "node:assert/strict";
import {applyChange, FIELDS} from "../../site_src/js/state/store.js";
import {initialState} from "../../site_src/js/state/state.js";
import {fakeCatalog} from "./fake-catalog.mjs";

const catalog = fakeCatalog();

test("a plain field change gives a new state, leaves the old one alone, and names the field", () => {
  const state = initialState(catalog, "two_wells");
  const {state: next, changed} = applyChange(state, {noise: {sigma: 0.1, seed: 3}}, catalog);
  assert.deepEqual([...changed], ["noise"]);
  assert.deepEqual(next.noise, {sigma: 0.1, seed: 3});
  assert.deepEqual(state.noise, {sigma: 0, seed: 0});
  assert.equal(next.entries, state.entries);          // untouched fields are shared, not copied
});

test("a change to the same value changes nothing and returns the same state", () => {
  const state = initialState(catalog, "two_wells");
  const result = applyChange(state, {starts: [], view: null, vectors: []}, catalog);
  assert.equal(result.state, state);
  assert.equal(result.changed.size, 0);
});

test("another function: its parameters and view, no starts, entries on their preset follow it", () => {
  let {state} = applyChange(initialState(catalog, "two_wells"), {starts: [[1, 2]]}, catalog);
  ({state} = applyChange(state, {entry: {key: "sgd", hyperparams: {lr: 0.5}}}, catalog));
  const {state: next, changed, entries} = applyChange(state, {fn: "booth"}, catalog);
  assert.deepEqual([...changed].sort(), ["entries", "fn", "params", "starts", "view"]);
  assert.deepEqual(next.starts, []);
  assert.deepEqual(next.params, {});
  const byKey = Object.fromEntries(next.entries.map((e) => [e.key, e]));
  assert.deepEqual(byKey.adam.hyperparams, {lr: 0.1});   // followed its preset's by_function
  assert.equal(byKey.adam.steps, 50);
  assert.deepEqual(byKey.sgd.hyperparams, {lr: 0.5});    // the visitor's own setting stays
  assert.deepEqual([...entries], ["adam"]);
  assert.throws(() => applyChange(state, {fn: "nope"}, catalog), /no function/);
});

test("one entry's patch changes that entry only, in a new list", () => {
  const state = initialState(catalog, "two_wells");
  const {state: next, changed, entries} = applyChange(state, {entry: {key: "adam", enabled: false}}, catalog);
  assert.deepEqual([...changed], ["entries"]);
  assert.deepEqual([...entries], ["adam"]);
  assert.equal(next.entries.find((e) => e.key === "adam").enabled, false);
  assert.equal(state.entries.find((e) => e.key === "adam").enabled, true);
  assert.equal(next.entries.find((e) => e.key === "sgd"), state.entries.find((e) => e.key === "sgd"));
  assert.equal(applyChange(state, {entry: {key: "nope", enabled: false}}, catalog).changed.size, 0);
});

test("a whole state (a pasted link) changes every field", () => {
  const state = initialState(catalog, "two_wells");
  const other = initialState(catalog, "booth");
  const {state: next, changed} = applyChange(state, {state: other}, catalog);
  assert.equal(next, other);
  assert.deepEqual([...changed], FIELDS);
});

test("a view, from a gesture or a link, is bounded to the function's own", () => {
  const state = initialState(catalog, "two_wells");
  assert.deepEqual(applyChange(state, {view: [[0, 1e-300], [0, 1e-300]]}, catalog).state.view[0][1] > 1e-6, true);
  assert.equal(applyChange(state, {view: [[-2, 2], [-2, 2]]}, catalog).changed.size, 0);   // the domain: no view
  const linked = applyChange(state, {state: {...state, view: [[0, 1e-300], [0, 1e-300]]}}, catalog).state;
  assert.ok(linked.view[0][1] - linked.view[0][0] >= 4e-6 * 0.999);
});
