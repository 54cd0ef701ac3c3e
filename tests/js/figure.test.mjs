// Unit tests of the article's figures in the page (site_src/js/pages/figure.js), run by `node --test`.
import test from "node:test";
import assert from "node:assert/strict";
import {figureState, isFigure, mountWhenNear} from "../../site_src/js/pages/figure.js";
import {toHash} from "../../site_src/js/state/state.js";
import {fakeCatalog} from "./fake-catalog.mjs";

test("a figure's data-state opens its state, read as a link's hash", () => {
  const catalog = fakeCatalog();
  const problems = [];
  const state = figureState("s=0.4%2C1&o=-sgd%2Cadam%7E%7B%22lr%22%3A0.05%7D", catalog, "two_wells", problems);
  assert.deepEqual(problems, []);
  assert.equal(state.fn, "two_wells");
  assert.deepEqual(state.starts, [[0.4, 1]]);
  assert.deepEqual(state.entries.map((e) => [e.key, e.enabled, e.hyperparams.lr]), [["sgd", false, 0.02], ["adam", true, 0.05]]);
  // it is the codec's own text: written back, it is the same hash
  assert.equal(toHash(state, catalog, "two_wells"), "#s=0.4%2C1&o=-sgd%2Cadam%7E%7B%22optimizer%22%3A%22adam%22%2C%22hyperparams%22%3A%7B%22lr%22%3A0.05%7D%2C%22steps%22%3A100%2C%22label%22%3A%22Adam%22%7D");
  // another function by f=, with its adjusted preset settings
  assert.equal(figureState("f=booth&s=1%2C2", catalog, "two_wells").entries[1].hyperparams.lr, 0.1);
});

test("a figure's state that cannot be read is said, like a link's; none is null", () => {
  const catalog = fakeCatalog();
  const problems = [];
  const state = figureState("s=1%2Cx&o=nothing", catalog, "two_wells", problems);
  assert.deepEqual(state.starts, []);
  assert.equal(problems.length, 2);
  assert.match(problems.join(" "), /not a number.*unknown optimizer entry/);
  assert.equal(figureState("", catalog, "two_wells"), null);
  assert.equal(figureState(undefined, catalog, "two_wells"), null);
  assert.equal(figureState("intro", catalog, "two_wells"), null);   // no key of the state
});

test("only elements with data-state are figures", () => {
  assert.equal(isFigure({dataset: {state: "s=1%2C2"}}), true);
  assert.equal(isFigure({dataset: {state: ""}}), true);
  assert.equal(isFigure({dataset: {}}), false);
  assert.equal(isFigure(null), false);
});

test("figures mount when they come near the viewport, other playgrounds at once", () => {
  const observed = [];
  let callback = null, options = null;
  globalThis.IntersectionObserver = class {
    constructor(cb, opts) { callback = cb; options = opts; }
    observe(element) { observed.push(element); }
    unobserve(element) { observed.splice(observed.indexOf(element), 1); }
  };
  try {
    const playground = {dataset: {}}, first = {dataset: {state: "s=1%2C1"}}, second = {dataset: {state: "s=2%2C2"}};
    const mounted = [];
    mountWhenNear([first, playground, second], (element) => mounted.push(element));
    assert.deepEqual(mounted, [playground]);
    assert.deepEqual(observed, [first, second]);
    assert.match(options.rootMargin, /^\d+px 0px$/);
    callback([{target: second, isIntersecting: true}, {target: first, isIntersecting: false}]);
    assert.deepEqual(mounted, [playground, second]);
    callback([{target: first, isIntersecting: true}]);
    assert.deepEqual(mounted, [playground, second, first]);
    assert.deepEqual(observed, []);   // each is mounted once
  } finally {
    delete globalThis.IntersectionObserver;
  }
  // without IntersectionObserver every figure mounts at once
  const mounted = [];
  mountWhenNear([{dataset: {state: "s=1%2C1"}}, {dataset: {}}], (element) => mounted.push(element));
  assert.equal(mounted.length, 2);
});
