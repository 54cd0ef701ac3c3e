// Unit tests of the loss curves' and basin maps' pure parts (loss-data.js, basin-map.js).
import test from "node:test";
import assert from "node:assert/strict";
import {decadeTicks, knownMinimum, logFloor, lossColumns, tickText} from "../../site_src/js/runs/loss-data.js";
import {basinPixels, fractionRows, labelColor, legendItems, minimumColor, pixelExtent} from "../../site_src/js/runs/basin-map.js";

// Two runs: "a" from two starts for 3 steps (its second start stops after step 1), "b" 1 step.
const paths = [
  {key: "a", color: "#f00", n: 2, lastStep: [3, 1], values: Float64Array.from([5, 6, 4, 2, 3, NaN, 2.5, NaN])},
  {key: "b", color: "#00f", n: 1, lastStep: [1], values: Float64Array.from([7, 1])},
];

test("loss columns: one per run and start, the values up to each last step, then gaps", () => {
  const {data, series} = lossColumns(paths);
  assert.deepEqual(data[0], [0, 1, 2, 3]);
  assert.deepEqual(series.map((s) => [s.key, s.row]), [["a", 0], ["a", 1], ["b", 0]]);
  assert.deepEqual(data.slice(1), [[5, 4, 3, 2.5], [6, 2, null, null], [7, 1, null, null]]);
});

test("the log scale shows f minus the minimum, never below a floor", () => {
  const {data} = lossColumns(paths, {scale: "log", minimum: 2});
  assert.deepEqual(data[1], [3, 2, 1, 0.5]);
  assert.deepEqual(data[2], [4, logFloor(2), null, null]);
  // without a known minimum the log scale falls back to f itself
  assert.deepEqual(lossColumns(paths, {scale: "log", minimum: null}).data[1], [5, 4, 3, 2.5]);
  assert.equal(logFloor(-2000), 2e-12);
});

test("a function's known minimum is its lowest finite minimum value", () => {
  assert.equal(knownMinimum({minima_values: [-1.09, -2.06, null]}), -2.06);
  assert.equal(knownMinimum({minima_values: []}), null);
  assert.equal(knownMinimum(undefined), null);
});

test("log ticks: at most four powers of ten, readable labels", () => {
  assert.deepEqual(decadeTicks(1e-15, 20), [1e-14, 1e-9, 1e-4, 10]);
  assert.deepEqual(decadeTicks(0.5, 50), [1, 10]);
  assert.deepEqual(decadeTicks(2, 3), [2, 3]);       // no power of ten inside: the ends
  assert.deepEqual([1e-7, 0.001, 10, 123456, 0].map(tickText), ["1e-7", "0.001", "10", "1e5", "0"]);
});

test("basin colours: global minima warm and distinct, outcomes fixed, rows flipped", () => {
  assert.notDeepEqual(minimumColor(0, [0, 3]), minimumColor(3, [0, 3]));
  assert.notDeepEqual(minimumColor(1, [0]), minimumColor(2, [0]));
  assert.deepEqual(labelColor(-2, []), [26, 26, 26]);
  // 2 x 2 lattice, row 0 (y_min) = labels 0 1, row 1 = -1 -3: the image's top row is row 1
  const pixels = basinPixels([0, 1, -1, -3], 2, 2, [0]);
  assert.deepEqual([...pixels.slice(0, 4)], [...labelColor(-1, [0]), 255]);
  assert.deepEqual([...pixels.slice(8, 12)], [...labelColor(0, [0]), 255]);
  assert.deepEqual(pixelExtent([[0, 2], [0, 1]], 3, 2), [[-0.5, 2.5], [-0.5, 1.5]]);
});

test("the legend lists minima reached by share, then the outcomes; fractions rows keep exact values", () => {
  const items = legendItems([0, 0, 1, -2], [[-1, 0], [1, 0]], [0], (p) => `${p * 100}%`);
  assert.deepEqual(items.map((i) => [i.text, i.share]), [
    ["Global minimum at (-1, 0)", "50%"], ["Minimum at (1, 0)", "25%"], ["Diverged (its values overflowed)", "25%"]]);
  const rows = fractionRows([
    {key: "adam", fractions: [0.6, 0.3], global_fraction: 0.6, fraction_still_moving: 0.1,
     fraction_left_view: 0, fraction_diverged: 0},
    {key: "bad", error: "no such optimizer"},
  ]);
  assert.deepEqual(rows[0].cells.map((c) => c.col), ["global-fraction", "other-fraction", "still-moving-fraction",
                                                     "left-view-fraction", "diverged-fraction"]);
  assert.equal(rows[0].cells[0].value, 0.6);
  assert.ok(Math.abs(rows[0].cells[1].value - 0.3) < 1e-15);
  assert.deepEqual(rows[1], {key: "bad", error: "no such optimizer"});
});
