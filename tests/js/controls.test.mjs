// Unit tests of the playground controls' pure parts (playback-controls.js, noise-controls.js).
import test from "node:test";
import assert from "node:assert/strict";
import {SPEEDS, keyAction, nextSpeed, speedChoices} from "../../site_src/js/controls/playback-controls.js";

test("speeds step through the offered list and stop at its ends", () => {
  assert.equal(nextSpeed(150, 1), 500);
  assert.equal(nextSpeed(150, -1), 50);
  assert.equal(nextSpeed(SPEEDS.at(-1), 1), SPEEDS.at(-1));
  assert.equal(nextSpeed(SPEEDS[0], -1), SPEEDS[0]);
  assert.equal(nextSpeed(200, 1), 500);     // a link's own speed goes to the next offered one
  assert.equal(nextSpeed(200, -1), 150);
});

test("a link's own speed joins the offered ones, in order", () => {
  assert.deepEqual(speedChoices(150), SPEEDS);
  assert.deepEqual(speedChoices(70), [5, 15, 50, 70, 150, 500, 1500]);
});

test("keys act outside text fields and without modifiers", () => {
  const on = (tagName, type) => ({tagName, type});
  assert.equal(keyAction({key: "k", target: on("CANVAS")}), "toggle");
  assert.equal(keyAction({key: ",", target: on("INPUT", "range")}), "back");
  assert.equal(keyAction({key: "]", target: on("BUTTON")}), "faster");
  assert.equal(keyAction({key: "k", target: on("INPUT", "text")}), null);
  assert.equal(keyAction({key: "k", target: on("SELECT")}), null);
  assert.equal(keyAction({key: "k", ctrlKey: true, target: on("CANVAS")}), null);
  assert.equal(keyAction({key: "x", target: on("CANVAS")}), null);
});

import {readNoise, describeNoise} from "../../site_src/js/controls/noise-controls.js";

test("noise fields read as numbers in range, or a plain reason", () => {
  assert.deepEqual(readNoise("0.1", "7"), {sigma: 0.1, seed: 7});
  assert.deepEqual(readNoise("0", "0"), {sigma: 0, seed: 0});
  assert.match(readNoise("-1", "7").error, /noise level/);
  assert.match(readNoise("", "7").error, /noise level/);
  assert.match(readNoise("0.1", "1.5").error, /seed/);
  assert.match(readNoise("0.1", "-2").error, /seed/);
  assert.equal(describeNoise({sigma: 0, seed: 3}), "exact gradients");
  assert.equal(describeNoise({sigma: 0.5, seed: 3}), "stochastic gradients (Gaussian noise σ = 0.5, seed 3)");
});
