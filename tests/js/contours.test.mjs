// Contours of grids that are not finite everywhere (a formula such as x/0 or 1/(x-x): NaN and
// ±inf, issue 15): the finite part is drawn, nothing throws, and a grid with no finite value
// gives no bands. contours.js runs with the build's d3 (with-d3.mjs).
import test from "node:test";
import assert from "node:assert/strict";
import {finiteRange} from "../../site_src/js/plot/contour-levels.js";
import {importStaged} from "./with-d3.mjs";

const {computeContours} = await importStaged("plot/contours.js");

// A 41 x 41 grid of f(x, y) on [-2, 2]², row 0 at y = -2 (as the build's and Python's grids).
function grid(f, {min = null, max = null} = {}) {
  const nx = 41, ny = 41, domain = [[-2, 2], [-2, 2]];
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = f(-2 + (4 * i) / (nx - 1), -2 + (4 * j) / (ny - 1));
  return {nx, ny, domain, values, min, max};
}

const bowl = (x, y) => x * x + y * y;
const allPoints = (bands) => bands.flatMap((b) => b.rings.flat(2));
const finitePoints = (bands) => allPoints(bands).every(([x, y]) => Number.isFinite(x) && Number.isFinite(y));

test("finiteRange: over the finite values only; the grid's own when finite; null when none is", () => {
  assert.deepEqual(finiteRange([3, NaN, -1, Infinity, -Infinity, 2]), {min: -1, max: 3});
  assert.deepEqual(finiteRange([3, NaN, -1], 0, 5), {min: 0, max: 5});
  assert.deepEqual(finiteRange([3, NaN, -1], null, Infinity), {min: -1, max: 3});
  assert.equal(finiteRange([NaN, Infinity, -Infinity]), null);
  assert.equal(finiteRange([]), null);
});

test("a row of NaN: levels over the finite rest, and no band reaches into the row", () => {
  const f = (x, y) => (Math.abs(y) < 1e-9 ? NaN : bowl(x, y));
  const holed = computeContours(grid(f));
  const full = computeContours(grid((x, y) => (Math.abs(y) < 1e-9 ? bowl(x, 0.1) : bowl(x, y))));
  assert.equal(holed.min, grid(bowl).values.filter((v, k) => Math.floor(k / 41) !== 20).reduce((a, b) => Math.min(a, b)));
  assert.equal(holed.max, 8);
  assert.ok(holed.bands.length >= 10);
  assert.ok(finitePoints(holed.bands));
  assert.ok(holed.levels.every(Number.isFinite));
  // the NaN row (y = 0) is outside every band: no ring point lies strictly inside it
  const inRow = allPoints(holed.bands).filter(([, y]) => Math.abs(y) < 0.05);
  assert.deepEqual(inRow, []);
  assert.ok(allPoints(full.bands).some(([, y]) => Math.abs(y) < 0.05));
});

test("+inf and -inf regions: levels span the finite values; +inf lies in the top band, -inf in none", () => {
  const f = (x, y) => (x > 1 ? Infinity : x < -1 ? -Infinity : bowl(x, y));
  const c = computeContours(grid(f), {count: 8});
  assert.ok(c.levels.every(Number.isFinite) && c.bands.length > 2);
  assert.equal(c.min, 0);
  assert.equal(c.max, 5);                     // x = ±1, y = ±2
  assert.ok(finitePoints(c.bands));
  const xs = (band) => band.rings.flat(2).map(([x]) => x);
  const top = c.bands.at(-1);
  assert.ok(Math.max(...xs(top)) > 1.9, "the +inf part (x > 1) is inside the top band");
  for (const band of c.bands) assert.ok(Math.min(...xs(band)) > -1.2, "nothing reaches into the -inf part (x < -1)");
});

test("a grid the build gave non-finite min and max (a NaN in it) still contours", () => {
  const f = (x, y) => (x === 0 && y === 0 ? NaN : bowl(x, y));
  const c = computeContours(grid(f, {min: NaN, max: NaN}));
  assert.ok(c.bands.length >= 10 && c.levels.every(Number.isFinite));
});

test("all NaN, all inf, or x/0: no bands, no levels, null range, no throw", () => {
  for (const f of [() => NaN, () => Infinity, () => -Infinity, (x) => x / 0, (x) => 1 / (x - x)]) {
    assert.deepEqual(computeContours(grid(f)), {levels: [], bands: [], min: null, max: null});
  }
});
