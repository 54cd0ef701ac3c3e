// Unit tests of what the plot marks: the minima markers (minima-marks.js) and the contour
// levels kept so a narrow valley stays one piece (contour-levels.js).
import test from "node:test";
import assert from "node:assert/strict";
import {MAX_LOCAL, SPACING_PX, markedMinima, minimaNote} from "../../site_src/js/plot/minima-marks.js";
import {closedPieces, contourLevels, continuousBands} from "../../site_src/js/plot/contour-levels.js";

// A 400 x 400 px plot of [-10, 10]², y up.
const plot = {left: 0, top: 0, right: 400, bottom: 400};
const toPixel = ([x, y]) => [(x + 10) * 20, (10 - y) * 20];

// A lattice of minima one unit apart (20 px), f = x² + y², the global one at the origin.
function lattice(step = 1) {
  const minima = [], values = [];
  for (let i = -10; i <= 10; i += step) for (let j = -10; j <= 10; j += step) {
    minima.push([i, j]);
    values.push(i * i + j * j);
  }
  return {minima, values, globalMinima: [[0, 0]]};
}

test("every global minimum; at most MAX_LOCAL others, lowest first, SPACING_PX apart", () => {
  const {minima, values, globalMinima} = lattice();
  const marks = markedMinima({minima, values, globalMinima, toPixel, plot});
  assert.deepEqual(marks.global, [[0, 0]]);
  assert.equal(marks.total, 440);
  assert.equal(marks.inView, 440);
  assert.ok(marks.local.length <= MAX_LOCAL && marks.local.length > 10, marks.local.length);
  const pixels = [...marks.local, ...marks.global].map(toPixel);
  for (let a = 0; a < pixels.length; a++) for (let b = a + 1; b < pixels.length; b++) {
    assert.ok(Math.hypot(pixels[a][0] - pixels[b][0], pixels[a][1] - pixels[b][1]) >= SPACING_PX);
  }
  // lowest first: each chosen minimum is no higher than any skipped one that was far enough from the chosen
  const chosen = new Set(marks.local.map(String));
  const f = ([x, y]) => x * x + y * y;
  const highest = Math.max(...marks.local.map(f));
  for (const p of minima) {
    if (chosen.has(String(p)) || (p[0] === 0 && p[1] === 0) || f(p) >= highest) continue;
    const near = [...marks.local, [0, 0]].some((q) => Math.hypot(...toPixel(p).map((v, k) => v - toPixel(q)[k])) < SPACING_PX);
    assert.ok(near, `a lower minimum ${p} was skipped though nothing is near it`);
  }
  assert.equal(minimaNote(marks), `${marks.local.length} of 440 other local minima marked (the lowest, spread out; zoom in for more)`);
});

test("zooming in reveals minima the wider view left out; a few minima are all marked", () => {
  const {minima, values, globalMinima} = lattice();
  const wide = markedMinima({minima, values, globalMinima, toPixel, plot});
  // [-2.5, 2.5]²: 80 px per unit
  const zoomed = markedMinima({minima, values, globalMinima, toPixel: ([x, y]) => [(x + 2.5) * 80, (2.5 - y) * 80], plot});
  assert.equal(zoomed.inView, 24);
  assert.equal(zoomed.local.length, 24);
  assert.equal(minimaNote(zoomed), "");
  assert.ok(zoomed.local.some(([x, y]) => !wide.local.some(([u, v]) => u === x && v === y)));
  const few = markedMinima({minima: [[1, 1], [-5, 5], [0, 0]], values: [null, 3, 0], globalMinima: [[0, 0]], toPixel, plot});
  assert.deepEqual(few.local, [[-5, 5], [1, 1]]);            // unknown values last
  assert.equal(minimaNote(few), "");
});

test("log levels: dense near the minimum; linear: even", () => {
  assert.deepEqual(contourLevels(0, 24, {count: 4}), [0, 6, 12, 18]);
  const log = contourLevels(0, 1e4, {scale: "log", count: 8});
  assert.equal(log.length, 8);
  assert.ok(Math.abs(log[0] - 1e-3) < 1e-12 && Math.abs(log[7] - 1e4) < 1e-9);
  assert.deepEqual(contourLevels(3, 3), [3]);
});

// A band as d3-contour gives it: polygons of f >= level, each an outer ring and its holes.
const band = (level, holes) => ({level, rings: [[["outer"], ...Array.from({length: holes}, () => ["hole"])]]});

test("a level with more closed pieces than known minima below it is left out", () => {
  assert.equal(closedPieces({rings: [[1, 2, 3], [1], [1, 2]]}), 3);
  const bands = [band(0.1, 3), band(1, 5), band(2, 2), band(5, 1), band(10, 0), band(20, 2)];
  const minima = {points: [[0, 0], [3, 3], [50, 50]], values: [0, 4, -1], domain: [[-5, 5], [-5, 5]]};
  // below 0.1, 1 and 2 only (0, 0); below 5, 10, 20 also (3, 3); (50, 50) is outside the grid
  assert.deepEqual(continuousBands(bands, minima).map((b) => b.level), [5, 10, 20]);
  // minima unknown: every band kept; an unknown value counts as below every level
  assert.equal(continuousBands(bands, null).length, 6);
  assert.deepEqual(continuousBands([band(0.1, 2)], {points: [[0, 0], [1, 1]], values: [0, null], domain: [[-5, 5], [-5, 5]]})
    .map((b) => b.level), [0.1]);
});
