// Unit tests of a learning-rate schedule in words and its preview's line (settings-summary.js).
import test from "node:test";
import assert from "node:assert/strict";
import {scheduleWords, settingsSummary, sparklinePath} from "../../site_src/js/controls/settings-summary.js";

test("each schedule kind in words, not JSON", () => {
  assert.equal(scheduleWords({kind: "step", init: 0.1, step_size: 100, gamma: 0.5}), "step decay from 0.1: ×0.5 every 100 steps");
  assert.equal(scheduleWords({kind: "step", init: 0.1, step_size: 1, gamma: 0.5}), "step decay from 0.1: ×0.5 every 1 step");
  assert.equal(scheduleWords({kind: "exponential", init: 0.02, gamma: 0.99}), "exponential decay from 0.02: ×0.99 every step");
  assert.equal(scheduleWords({kind: "cosine", init: 0.1, decay_steps: 500, final: 0}), "cosine decay from 0.1 to 0 over 500 steps");
  assert.equal(scheduleWords({kind: "linear_warmup", peak: 0.1, warmup_steps: 50, start: 0, after: null}),
               "linear warm-up from 0 to 0.1 over 50 steps, then 0.1");
  assert.equal(scheduleWords({kind: "linear_warmup", peak: 0.1, warmup_steps: 50, start: 0,
                              after: {kind: "cosine", init: 0.1, decay_steps: 200, final: 0.001}}),
               "linear warm-up from 0 to 0.1 over 50 steps, then cosine decay from 0.1 to 0.001 over 200 steps");
  assert.equal(scheduleWords({kind: "constant", value: 0.3}), "constant 0.3");
  assert.equal(scheduleWords({kind: "one_cycle", peak: 1, steps: 3}), "one cycle (peak 1, steps 3)");
  const line = settingsSummary({optimizer: "sgd", hyperparams: {lr: {kind: "step", init: 0.1, step_size: 100, gamma: 0.5},
                                                                momentum: 0.9}, steps: 500});
  assert.equal(line, "sgd(lr=step decay from 0.1: ×0.5 every 100 steps, momentum=0.9), 500 steps");
  assert.ok(!line.includes("{") && !line.includes('"'));
});

test("the preview's line: highest rate at the top, zero at the bottom, a point per pixel column at most", () => {
  const d = sparklinePath([1, 1, 0.5, 0.5], 4 + 3, 10 + 3, 1.5);
  const points = d.split(/[ML]/).filter((p) => p.trim()).map((p) => p.trim().split(" ").map(Number));
  assert.deepEqual(points.map(([, y]) => y), [1.5, 1.5, 6.5, 6.5]);       // 1 at the top, 0.5 halfway to 0
  assert.equal(points[0][0], 1.5);
  assert.equal(points[3][0], 5.5);
  const long = sparklinePath(Array.from({length: 1000}, (_, i) => 1 - i / 1000), 96, 22);
  assert.equal(long.split("L").length, 96);                                  // one point per column
  assert.equal(sparklinePath([], 96, 22), "");
});
