// Unit tests of the optimizer settings' pure part (settings-fields.js).
import test from "node:test";
import assert from "node:assert/strict";
import {baseRate, makeSchedule, readSetting, sliderPosition, sliderValue, valueAt, withValue,
        SLIDER_STEPS} from "../../site_src/js/controls/settings-fields.js";

const lr = {name: "lr", kind: "number", min: 0, min_inclusive: true, max: "Infinity", max_inclusive: false,
            scale: "log", slider: [1e-5, 10]};
const beta = {name: "beta1", kind: "number", min: 0, min_inclusive: true, max: 1, max_inclusive: false,
              scale: "linear", slider: [0, 0.9999]};
const k = {name: "k", kind: "integer", min: 1, min_inclusive: true, max: "Infinity", max_inclusive: false,
           scale: "linear", slider: [1, 50], step: 1};

test("a field's text is read against the setting's range, in plain words", () => {
  assert.deepEqual(readSetting(lr, " 0.05 "), {value: 0.05});
  assert.deepEqual(readSetting(lr, "0"), {value: 0});
  assert.deepEqual(readSetting(lr, "-1"), {error: "must be a number at least 0"});
  assert.deepEqual(readSetting(lr, "abc"), {error: "must be a number at least 0"});
  assert.deepEqual(readSetting(lr, "Infinity"), {error: "must be a number at least 0"});
  assert.deepEqual(readSetting({...lr, allow_infinite: true}, "Infinity"), {value: Infinity});
  assert.deepEqual(readSetting(beta, "1"), {error: "must be a number at least 0 and below 1"});
  assert.deepEqual(readSetting(k, "2.5"), {error: "must be a whole number at least 1"});
  assert.deepEqual(readSetting({...k, nullable: true}, ""), {value: null});
});

test("sliders: log between their ends for a rate, linear otherwise, and back", () => {
  assert.equal(sliderPosition(lr, 1e-5), 0);
  assert.equal(sliderPosition(lr, 10), SLIDER_STEPS);
  assert.equal(sliderPosition(lr, 1e-2), 500);          // halfway in log between 1e-5 and 10 (6 decades)
  assert.equal(sliderValue(lr, 500), 0.01);
  assert.equal(sliderValue(lr, 700), Number((1e-5 * 1e6 ** 0.7).toPrecision(3)));
  assert.equal(sliderPosition(lr, 1e-9), 0);            // below the slider: at its start
  assert.equal(sliderValue(beta, 900), 0.8999);
  assert.equal(sliderValue(k, 500), 26);
});

test("values at paths: read with a fallback, written into a copy with the defaults on the way", () => {
  const hyperparams = {lr: 0.1, inner_hyperparams: null};
  assert.equal(valueAt(hyperparams, ["lr"], 1), 0.1);
  assert.equal(valueAt(hyperparams, ["betas", 0], 0.9), 0.9);
  assert.equal(valueAt(hyperparams, ["inner_hyperparams", "lr"], 0.02), 0.02);
  assert.deepEqual(withValue(hyperparams, ["betas", 1], 0.99, {betas: [0.9, 0.999]}), {lr: 0.1, inner_hyperparams: null, betas: [0.9, 0.99]});
  assert.deepEqual(withValue(hyperparams, ["inner_hyperparams", "lr"], 0.5, {inner_hyperparams: {}}),
                   {lr: 0.1, inner_hyperparams: {lr: 0.5}});
  assert.deepEqual(hyperparams, {lr: 0.1, inner_hyperparams: null});      // untouched
});

test("schedules start from the rate, and give it back", () => {
  const schedules = [
    {kind: "constant", learning_rate: "value", params: [{name: "value", is_learning_rate: true, default: null}]},
    {kind: "cosine", learning_rate: "init", params: [{name: "init", is_learning_rate: true, default: null},
                                                     {name: "decay_steps", default: 500}, {name: "final", default: 0}]},
  ];
  assert.equal(makeSchedule(schedules[0], 0.1), 0.1);
  const cosine = makeSchedule(schedules[1], 0.1);
  assert.deepEqual(cosine, {kind: "cosine", init: 0.1, decay_steps: 500, final: 0});
  assert.equal(baseRate(cosine, schedules), 0.1);
  assert.equal(baseRate(0.3, schedules), 0.3);
});
