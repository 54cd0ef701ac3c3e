// Unit tests of the page's state and URL codec (site_src/js/state/state.js), run by `node --test`.
import test from "node:test";
import assert from "node:assert/strict";
import {LINK_LIMITS, excerpt, fromHash, initialState, toHash} from "../../site_src/js/state/state.js";
import {fakeCatalog} from "./fake-catalog.mjs";

test("a state goes through the hash and comes back the same", () => {
  const catalog = fakeCatalog();
  const state = initialState(catalog, "two_wells");
  state.starts = [[0.1, 0.30000000000000004], [-1e-300, 1.5]];
  state.params = {a: 2.5, b: 3, c: 0.2, d: 0.2};
  state.view = [[-1, 1], [-0.5, 0.5]];
  state.noise = {sigma: 0.1, seed: 7};
  state.entries[1].hyperparams = {lr: 0.05};
  const back = fromHash(toHash(state, catalog, "two_wells"), catalog, "two_wells");
  assert.deepEqual(back.starts, state.starts);
  assert.deepEqual(back.params, state.params);
  assert.deepEqual(back.view, state.view);
  assert.deepEqual(back.noise, state.noise);
  assert.deepEqual(back.entries.map((e) => [e.key, e.hyperparams, e.enabled]),
                   state.entries.map((e) => [e.key, e.hyperparams, e.enabled]));
});

test("an unchanged entry follows its preset on another function", () => {
  const catalog = fakeCatalog();
  const state = fromHash("#f=booth&s=1,2", catalog, "two_wells");
  assert.deepEqual(state.entries.find((e) => e.key === "adam").hyperparams, {lr: 0.1});
});

test("a link with too many starts keeps the first ones and says so", () => {
  const problems = [];
  const starts = Array.from({length: 50_000}, (_, i) => `${i % 7},${i % 5}`).join(";");
  const state = fromHash(`#s=${starts}`, fakeCatalog(), "two_wells", problems);
  assert.equal(state.starts.length, LINK_LIMITS.starts);
  assert.match(problems.join(" "), /50,000 start points; the page keeps the first 100/);
});

test("a huge field is refused without being quoted whole", () => {
  const problems = [];
  fromHash(`#f=${"x".repeat(200_000)}&v=${"1".repeat(200_000)}`, fakeCatalog(), "two_wells", problems);
  const text = problems.join("; ");
  assert.ok(text.length < 400, text.length);
  assert.match(text, /200,000 characters/);
});

test("playback speed and step outside their ranges are refused", () => {
  for (const [hash, words] of [["#t=end,0", /playback speed/], ["#t=end,-5", /playback speed/],
                               ["#t=end,1e9", /playback speed/], ["#t=2.5,100", /playback step/]]) {
    const problems = [];
    const state = fromHash(hash, fakeCatalog(), "two_wells", problems);
    assert.match(problems.join(" "), words, hash);
    assert.deepEqual(state.playback, {step: null, speed: 150}, hash);
  }
});

test("repeated keys and repeated optimizers use the first", () => {
  const problems = [];
  const state = fromHash("#s=0.5,1&s=2,2&o=adam,sgd,adam", fakeCatalog(), "two_wells", problems);
  assert.deepEqual(state.starts, [[0.5, 1]]);
  assert.deepEqual(state.entries.map((e) => e.key), ["adam", "sgd"]);
  assert.match(problems.join(" "), /s= appears 2 times/);
  assert.match(problems.join(" "), /listed more than once/);
});

test("a bad view, noise or JSON is named and the rest of the link still applies", () => {
  const problems = [];
  const state = fromHash("#v=1,0,0,1&n=-1,3&o=adam~{oops&s=0.5,1", fakeCatalog(), "two_wells", problems);
  assert.equal(state.view, null);
  assert.deepEqual(state.noise, {sigma: 0, seed: 0});
  assert.deepEqual(state.starts, [[0.5, 1]]);
  assert.equal(problems.length, 3, problems.join("; "));
});

test("excerpt quotes short text whole and long text cut, without control characters", () => {
  assert.equal(excerpt("nope"), '"nope"');
  assert.equal(excerpt("a\u0000b"), '"a?b"');
  assert.match(excerpt("y".repeat(1000)), /^"y{32}…" \(1,000 characters\)$/);
});

test("vectors round-trip in their own order; an unknown name is a problem, not an error", () => {
  const catalog = fakeCatalog();
  const state = initialState(catalog, "two_wells");
  assert.deepEqual(state.vectors, []);
  const hash = toHash({...state, vectors: ["grad", "step"]}, catalog, "two_wells");
  assert.equal(hash, "#w=grad%2Cstep");
  assert.deepEqual(fromHash("#w=step,grad,grad", catalog, "two_wells").vectors, ["grad", "step"]);
  const problems = [];
  assert.deepEqual(fromHash("#w=grad,__proto__", catalog, "two_wells", problems).vectors, []);
  assert.match(problems[0], /^w= vectors are grad, moment, step, not "__proto__"/);
});

test("a link's entry may give only some settings: they are merged over its preset's", () => {
  const catalog = fakeCatalog();
  const state = fromHash('#o=sgd~{"lr":0.05},adam~{"eps":1e-8}', catalog, "booth");
  const [sgd, adam] = state.entries;
  assert.deepEqual([sgd.optimizer, sgd.hyperparams, sgd.steps, sgd.label], ["sgd", {lr: 0.05}, 500, "SGD"]);
  // on booth, Adam's preset has lr 0.1 and 50 steps: the link's eps joins them
  assert.deepEqual([adam.hyperparams, adam.steps], [{lr: 0.1, eps: 1e-8}, 50]);
  // the full form replaces the hyperparams; another optimizer starts from nothing
  const full = fromHash('#o=sgd~{"optimizer":"sgd","hyperparams":{"momentum":0.9},"steps":20}', catalog, "two_wells");
  assert.deepEqual([full.entries[0].hyperparams, full.entries[0].steps], [{momentum: 0.9}, 20]);
  const other = fromHash('#o=sgd~{"optimizer":"adam","lr":0.3}', catalog, "two_wells");
  assert.deepEqual([other.entries[0].optimizer, other.entries[0].hyperparams, other.entries[0].steps], ["adam", {lr: 0.3}, 500]);
  const problems = [];
  fromHash('#o=mine~{"lr":1}', catalog, "two_wells", problems);
  assert.match(problems[0], /the settings of "mine" name no optimizer/);
});

test("colours come from the catalog: a preset keeps its own wherever a link lists it", () => {
  const catalog = fakeCatalog();
  const state = fromHash('#o=adam,sgd,mine~{"optimizer":"sgd","lr":1,"steps":5}', catalog, "two_wells");
  assert.deepEqual(state.entries.map((e) => e.color), ["#4cc9f0", "#ff3b3b", "#ff9f1c"]);
});

test("parameters are written only when they differ from the function's own; a formula only for f=custom", () => {
  const catalog = fakeCatalog();
  catalog.functionsById.set("custom", {id: "custom", params: {}, domain: [[-2, 2], [-2, 2]]});
  const state = initialState(catalog, "two_wells");
  assert.equal(toHash({...initialState(catalog, "booth"), expression: "x"}, catalog, "two_wells"), "#f=booth");
  assert.equal(toHash({...state, fn: "custom", params: {}, expression: "x**2 + y"}, catalog, "two_wells"),
               "#f=custom&e=x**2+%2B+y");
  const back = fromHash("#f=custom&e=x**2+%2B+y", catalog, "two_wells");
  assert.deepEqual([back.fn, back.expression, back.params], ["custom", "x**2 + y", {}]);
});

test("a link lists only what is on or changed; every other preset follows it, switched off", () => {
  const catalog = fakeCatalog();
  catalog.presets.push({id: "lion", label: "Lion", optimizer: "lion", hyperparams: {lr: 1e-4}, steps: 100,
                        by_function: {}, color: "#ff9f1c"});
  catalog.presetsById.set("lion", catalog.presets.at(-1));
  catalog.optimizersById.set("lion", {});
  const state = initialState(catalog, "two_wells");
  assert.deepEqual(state.entries.map((e) => [e.key, e.enabled]), [["sgd", true], ["adam", true], ["lion", false]]);
  assert.equal(toHash(state, catalog, "two_wells"), "");
  const lionOn = {...state, entries: state.entries.map((e) => (e.key === "lion" ? {...e, enabled: true} : e))};
  assert.equal(toHash(lionOn, catalog, "two_wells"), "#o=sgd%2Cadam%2Clion");
  const sgdOff = {...state, entries: state.entries.map((e) => (e.key === "sgd" ? {...e, enabled: false} : e))};
  assert.equal(toHash(sgdOff, catalog, "two_wells"), "#o=-sgd%2Cadam");
  const back = fromHash("#o=adam", catalog, "two_wells");
  assert.deepEqual(back.entries.map((e) => [e.key, e.enabled]), [["adam", true], ["sgd", false], ["lion", false]]);
});

test("a huge start list is cut before it is decoded, whichever way its separators are written", () => {
  const points = Array.from({length: 20_000}, (_, i) => [(i % 997) / 1000, (i % 991) / 1000]);
  for (const [comma, semicolon] of [[",", ";"], ["%2C", "%3B"], ["%2c", "%3b"]]) {
    const problems = [];
    const text = points.map(([x, y]) => `${x}${comma}${y}`).join(semicolon);
    const state = fromHash(`#s=${text}&f=booth`, fakeCatalog(), "two_wells", problems);
    assert.deepEqual(state.starts, points.slice(0, LINK_LIMITS.starts), comma);
    assert.equal(state.fn, "booth");
    assert.match(problems.join(" "), /20,000 start points; the page keeps the first 100/, comma);
    assert.equal(problems.length, 1, problems.join("; "));
  }
});
