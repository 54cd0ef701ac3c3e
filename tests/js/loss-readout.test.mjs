// Unit tests of the loss chart's pure parts added for issue 16 (loss-data.js, loss-legend.js):
// the contrast of a curve against the chart, the "own" x-range, the readout.
import test from "node:test";
import assert from "node:assert/strict";
import {MIN_CONTRAST, contrast, lossColumns, luminance, parseColor, readoutAt, seriesStyle, stepAt}
  from "../../site_src/js/runs/loss-data.js";
import {readoutText} from "../../site_src/js/runs/loss-legend.js";
import {format} from "../../site_src/js/runs/number-format.js";

test("WCAG contrast: white on black is 21, a colour on itself 1, Adam's yellow on white 1.05", () => {
  assert.deepEqual(parseColor("#fff"), [255, 255, 255]);
  assert.deepEqual(parseColor("rgb(27, 30, 37)"), [27, 30, 37]);
  assert.equal(parseColor("papayawhip"), null);
  assert.equal(luminance("#000000"), 0);
  assert.ok(Math.abs(contrast("#ffffff", "#000000") - 21) < 1e-9);
  assert.equal(contrast("#0096ff", "#0096ff"), 1);
  assert.ok(Math.abs(contrast("#ffff96", "#ffffff") - 1.05) < 0.01);
  assert.equal(contrast("#123456", "#abcdef"), contrast("#abcdef", "#123456"));
});

test("a curve is cased in the background when it meets 3:1 against it, else in the ink", () => {
  const light = {background: "rgb(255, 255, 255)", ink: "rgb(29, 32, 38)"};
  const dark = {background: "rgb(27, 30, 37)", ink: "rgb(227, 230, 235)"};
  const yellow = seriesStyle("#ffff96", light.background, light.ink);
  assert.equal(yellow.casing, light.ink);
  assert.ok(yellow.contrast >= MIN_CONTRAST && contrast(yellow.stroke, yellow.casing) >= MIN_CONTRAST);
  const blue = seriesStyle("#3c69ff", light.background, light.ink);
  assert.equal(blue.casing, light.background);
  assert.ok(blue.contrast >= MIN_CONTRAST);
  const navy = seriesStyle("#1e2a5a", dark.background, dark.ink);
  assert.equal(navy.casing, dark.ink);
  // whatever the colour, the curve's edge meets 3:1 in both themes, and a colour cased in ink shows on it
  for (let i = 0; i < 4096; i += 7) {
    const color = `#${[i >> 8, (i >> 4) & 15, i & 15].map((c) => (c * 17).toString(16).padStart(2, "0")).join("")}`;
    for (const theme of [light, dark]) {
      const style = seriesStyle(color, theme.background, theme.ink);
      assert.ok(style.contrast >= MIN_CONTRAST, `${color} ${theme.background}`);
      if (style.cased === "ink") assert.ok(contrast(color, style.casing) >= MIN_CONTRAST, color);
    }
  }
});

// "a": 2 steps, "b": 4 steps from one start; "c": two starts of 1 and 3 steps.
const paths = [
  {key: "a", label: "A", color: "#f00", n: 1, lastStep: [2], values: Float64Array.from([3, 2, 1])},
  {key: "b", label: "B", color: "#00f", n: 1, lastStep: [4], values: Float64Array.from([5, 4, 3, 2, 1])},
];

test("the own x-range: each run spans 0..100 % of its own steps, values only at its own shares", () => {
  const {data, series, range} = lossColumns(paths, {range: "own"});
  assert.equal(range, "own");
  assert.deepEqual(data[0], [0, 25, 50, 75, 100]);
  assert.deepEqual(data[1], [3, null, 2, null, 1]);
  assert.deepEqual(data[2], [5, 4, 3, 2, 1]);
  assert.deepEqual(series.map((s) => [s.key, s.label, s.last]), [["a", "A", 2], ["b", "B", 4]]);
  assert.equal(lossColumns(paths).range, "all");
  assert.deepEqual(lossColumns(paths).data[0], [0, 1, 2, 3, 4]);
  assert.equal(stepAt(50, 4, "own"), 2);
  assert.equal(stepAt(60, 3, "own"), 2);
  assert.equal(stepAt(7, 4, "all"), 4);
  assert.equal(stepAt(-1, 4, "all"), 0);
});

test("the readout: each curve's step and its own f; past a run's end it has ended", () => {
  assert.deepEqual(readoutAt(paths, 3), [{key: "a", row: 0, label: "A", step: 2, value: null},
                                         {key: "b", row: 0, label: "B", step: 3, value: 2}]);
  assert.deepEqual(readoutAt(paths, 50, "own").map((r) => [r.step, r.value]), [[1, 2], [2, 3]]);
  assert.equal(readoutText(readoutAt(paths, 3), 3, "all", format), "Step 3: A ended; B 2");
  assert.equal(readoutText(readoutAt(paths, 50, "own"), 50, "own", format), "50 % of each run: A step 1: 2; B step 2: 3");
  const starts = [{key: "c", label: "C", color: "#0f0", n: 2, lastStep: [1, 1], values: Float64Array.from([1, 2, 0.5, 0.25])}];
  assert.equal(readoutText(readoutAt(starts, 1), 1, "all", format), "Step 1: C, start 1 0.5; C, start 2 0.25");
});

test("the x-range is the state's lossRange, x= in a link (all by default, left out)", async () => {
  const {fromHash, initialState, toHash} = await import("../../site_src/js/state/state.js");
  const {invalidated} = await import("../../site_src/js/state/fields.js");
  const {fakeCatalog} = await import("./fake-catalog.mjs");
  const catalog = fakeCatalog();
  const state = initialState(catalog, "two_wells");
  assert.equal(state.lossRange, "all");
  assert.equal(toHash(state, catalog, "two_wells"), "");
  const hash = toHash({...state, lossRange: "own"}, catalog, "two_wells");
  assert.equal(hash, "#x=own");
  assert.equal(fromHash(hash, catalog, "two_wells").lossRange, "own");
  const problems = [];
  assert.equal(fromHash("#x=sideways", catalog, "two_wells", problems).lossRange, "all");
  assert.match(problems.join("; "), /a loss chart x-range is all, own, not "sideways"/);
  assert.deepEqual([...invalidated(new Set(["lossRange"]))], ["loss"]);
});
