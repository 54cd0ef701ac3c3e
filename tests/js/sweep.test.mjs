// Unit tests of copies (state/entries.js, the entries codec) and sweeps (the q= codec,
// runs/sweep-settings.js), run by `node --test`.
import test from "node:test";
import assert from "node:assert/strict";
import {fromHash, initialState, toHash} from "../../site_src/js/state/state.js";
import {applyChange} from "../../site_src/js/state/store.js";
import {addCopy, copyLabel, copyOf, labelledPatch, removeCopy} from "../../site_src/js/state/entries.js";
import {readRange, settingAt, sweepableSettings, sweepButtonName} from "../../site_src/js/runs/sweep-settings.js";
import {fakeCatalog} from "./fake-catalog.mjs";

const number = (name, extra = {}) => ({name, kind: "number", scale: "linear", slider: [0, 1], ...extra});

// The fake catalog with what copies and sweeps read: settings schemas, copy cues, the sweep's defaults.
function catalog() {
  const base = fakeCatalog();
  const adam = {id: "adam", learning_rate: "lr", hyperparams: {lr: 0.001, betas: [0.9, 0.999], amsgrad: false},
                settings: [number("lr", {scale: "log", slider: [1e-5, 10], is_learning_rate: true}),
                           {name: "betas", kind: "tuple", items: [number("beta1", {slider: [0, 0.9999]}), number("beta2", {slider: [0, 0.9999]})]},
                           {name: "amsgrad", kind: "boolean"}]};
  const sgd = {id: "sgd", learning_rate: "lr", hyperparams: {lr: 0.001, momentum: 0},
               settings: [number("lr", {scale: "log", slider: [1e-5, 10]}), number("momentum", {slider: [0, 0.999]})]};
  const lookahead = {id: "lookahead", learning_rate: null, hyperparams: {inner: "sgd", inner_hyperparams: null, k: 5},
                     settings: [{name: "inner", kind: "choice", default: "sgd", choices: ["sgd", "adam"]},
                                {name: "inner_hyperparams", kind: "optimizer_settings", settings_of: "inner"},
                                number("alpha", {slider: [0, 1]})]};
  return {...base, dashes: ["solid", "dashed"], markers: ["circle", "square"],
          presets: base.presets.map((p, i) => ({...p, dash: ["solid", "dashed"][i], marker: ["circle", "square"][i]})),
          presetsById: new Map(base.presets.map((p, i) => [p.id, {...p, dash: ["solid", "dashed"][i], marker: ["circle", "square"][i]}])),
          copy_palette: ["#968787", "#c3c3a5", "#5ab4c3", "#d2c300"], copy_dashes: ["dash-dot-dot", "long-short", "sparse-dot"],
          optimizersById: new Map([["adam", adam], ["sgd", sgd], ["lookahead", lookahead]]),
          sweep: {count: 25, max_count: 100, learning_rate: [1e-4, 1], measures: [{name: "loss"}, {name: "distance"}]}};
}

test("a copy gets the next free number, its colour and dash from the catalog, and its original's marker", () => {
  const cat = catalog();
  const state = initialState(cat, "two_wells");
  const once = addCopy(state.entries, "adam", cat, "two_wells");
  const twice = addCopy(once, "adam", cat, "two_wells");
  const copies = twice.filter((e) => copyOf(e.key));
  assert.deepEqual(copies.map((e) => e.key), ["adam.1", "adam.2"]);
  assert.deepEqual(copies.map((e) => [e.color, e.dash, e.marker]),
                   [["#968787", "dash-dot-dot", "square"], ["#c3c3a5", "long-short", "square"]]);
  assert.deepEqual(copies.map((e) => e.label), ["Adam (copy 1)", "Adam (copy 2)"]);
  // right after their original, with its settings, switched on
  assert.deepEqual(twice.map((e) => e.key).slice(0, 4), ["sgd", "adam", "adam.1", "adam.2"]);
  assert.ok(copies.every((e) => e.enabled && e.hyperparams.lr === 0.01 && e.steps === 100));
  // a copy of a copy is one more copy of the original, numbered past every copy on the page
  const again = addCopy(removeCopy(twice, "adam.1"), "adam.2", cat, "two_wells");
  assert.deepEqual(again.filter((e) => copyOf(e.key)).map((e) => [e.key, e.color]), [["adam.2", "#c3c3a5"], ["adam.3", "#5ab4c3"]]);
  assert.deepEqual(removeCopy(twice, "adam").map((e) => e.key), twice.map((e) => e.key));   // presets stay
});

test("a copy's label names the settings that differ from its preset", () => {
  const cat = catalog();
  const copy = {key: "adam.1", optimizer: "adam", hyperparams: {lr: 0.1}, steps: 100, label: "Adam (copy 1)"};
  assert.equal(copyLabel(copy, cat, "two_wells"), "Adam (lr 0.1)");
  assert.equal(copyLabel({...copy, hyperparams: {lr: 0.01, betas: [0.9, 0.99]}, steps: 7}, cat, "two_wells"),
               "Adam (beta2 0.99, 7 steps)");
  assert.equal(copyLabel({...copy, hyperparams: {lr: 0.1, betas: [0.8, 0.99]}}, cat, "two_wells"), "Adam (lr 0.1, beta1 0.8, …)");
  assert.equal(copyLabel({...copy, hyperparams: {lr: 0.01}}, cat, "two_wells"), "Adam (copy 1)");
  // on booth the preset runs at lr 0.1 and 50 steps: the same copy says what differs there
  assert.equal(copyLabel({...copy, steps: 50}, cat, "booth"), "Adam (copy 1)");
  // a settings change relabels a copy, and only a copy
  const entries = addCopy(initialState(cat, "two_wells").entries, "adam", cat, "two_wells");
  assert.deepEqual(labelledPatch(entries, "adam.1", {hyperparams: {lr: 0.5}}, cat, "two_wells"),
                   {key: "adam.1", hyperparams: {lr: 0.5}, label: "Adam (lr 0.5)"});
  assert.deepEqual(labelledPatch(entries, "adam", {steps: 3}, cat, "two_wells"), {key: "adam", steps: 3});
});

test("copies go through the link, and old links read as before", () => {
  const cat = catalog();
  let state = initialState(cat, "two_wells");
  const added = applyChange(state, {entries: addCopy(state.entries, "adam", cat, "two_wells")}, cat);
  assert.deepEqual([...added.entries], ["adam.1"]);
  assert.ok(added.changed.has("entries"));
  state = applyChange(added.state, {entry: labelledPatch(added.state.entries, "adam.1", {hyperparams: {lr: 0.2}}, cat, "two_wells")}, cat).state;
  const hash = toHash(state, cat, "two_wells");
  assert.match(decodeURIComponent(hash), /adam\.1~\{/);
  const back = fromHash(hash, cat, "two_wells");
  const copy = back.entries.find((e) => e.key === "adam.1");
  assert.deepEqual([copy.hyperparams, copy.label, copy.color, copy.dash, copy.enabled],
                   [{lr: 0.2}, "Adam (lr 0.2)", "#968787", "dash-dot-dot", true]);
  // a short copy: only the settings that differ, over the original's preset
  const short = fromHash('#o=adam,adam.3~{"lr":0.3}', cat, "two_wells").entries.find((e) => e.key === "adam.3");
  assert.deepEqual([short.optimizer, short.hyperparams, short.steps, short.label, short.color],
                   ["adam", {lr: 0.3}, 100, "Adam (lr 0.3)", "#5ab4c3"]);
  // an old link: the same entries as before copies existed
  const old = fromHash('#o=sgd,-adam~{"lr":0.05}', cat, "two_wells");
  assert.deepEqual(old.entries.map((e) => [e.key, e.enabled, e.hyperparams]), [["sgd", true, {lr: 0.02}], ["adam", false, {lr: 0.05}]]);
  // removing the copy drops it from the state and the link
  const removed = applyChange(state, {entries: removeCopy(state.entries, "adam.1")}, cat);
  assert.deepEqual([...removed.entries], ["adam.1"]);
  assert.equal(toHash(removed.state, cat, "two_wells"), "");
});

test("a sweep goes through q= and a bad one is said in plain words", () => {
  const cat = catalog();
  const state = {...initialState(cat, "two_wells"), starts: [[0.5, 1]],
                 sweep: {key: "adam", setting: ["betas", 1], low: 0.5, high: 0.9999, count: 12, measure: "distance", start: 0}};
  const hash = toHash(state, cat, "two_wells");
  assert.equal(new URLSearchParams(hash.slice(1)).get("q"), "adam,betas.1,0.5,0.9999,12,distance,0");
  assert.deepEqual(fromHash(hash, cat, "two_wells").sweep, state.sweep);
  assert.equal(fromHash("#s=1,2", cat, "two_wells").sweep, null);
  for (const [q, words] of [["adam,lr,1,0.1,25,loss,0", "lower to a higher"], ["adam,lr,0.1,1,1000,loss,0", "2 to 100"],
                            ["adam,lr,0.1,1,25,height,0", "loss or distance"], ["adam,lr,0.1,1", "key,setting"]]) {
    const problems = [];
    assert.equal(fromHash(`#q=${q}`, cat, "two_wells", problems).sweep, null);
    assert.match(problems.join(" "), new RegExp(words));
  }
});

test("what a sweep may vary comes from the settings schema, the learning rate first", () => {
  const cat = catalog();
  const adam = sweepableSettings({optimizer: "adam", hyperparams: {}}, cat);
  assert.deepEqual(adam.map((s) => [s.path, s.name, s.scale, s.range]),
                   [[["lr"], "learning rate", "log", [1e-4, 1]], [["betas", 0], "beta1", "linear", [0, 0.9999]],
                    [["betas", 1], "beta2", "linear", [0, 0.9999]]]);
  const lookahead = sweepableSettings({optimizer: "lookahead", hyperparams: {inner: "adam"}}, cat);
  assert.deepEqual(lookahead[0].path, ["inner_hyperparams", "lr"]);
  assert.ok(lookahead.some((s) => s.name === "inner beta2") && lookahead.some((s) => s.name === "alpha"));
  assert.equal(settingAt({optimizer: "sgd", hyperparams: {}}, cat, ["momentum"]).range[1], 0.999);
  assert.equal(sweepButtonName(adam[0]), "Learning-rate sweep");
  assert.equal(sweepButtonName(adam[2]), "Sweep beta2");
  assert.deepEqual(readRange({low: "1e-4", high: "1", count: "25"}, "log", 100), {value: {low: 1e-4, high: 1, count: 25}});
  assert.match(readRange({low: "0", high: "1", count: "25"}, "log", 100).error, /more than 0/);
  assert.match(readRange({low: "0.5", high: "0.1", count: "5"}, "linear", 100).error, /less than/);
  assert.match(readRange({low: "0", high: "1", count: "2.5"}, "linear", 100).error, /whole number/);
});
