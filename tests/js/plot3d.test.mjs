// The 3-D view's geometry (plot3d/geometry.js, pure): heights on the contour's level scale, the
// surface's mesh from a grid (holes where f is not finite), and the paths as segments ordered by
// step so a prefix is the path up to a step. And the rule that only plot3d/ imports three.js, so
// the entry bundle never holds it.
import test from "node:test";
import assert from "node:assert/strict";
import {readdirSync, readFileSync, statSync} from "node:fs";
import {join, relative} from "node:path";
import {contourLevels} from "../../site_src/js/plot/contour-levels.js";
import {HEIGHT, heightScale, pathSegments, pointAtStep, surfaceMesh, worldFrame} from "../../site_src/js/plot3d/geometry.js";

const close = (a, b, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} is not ${b}`);

test("linear heights run from the lowest value (0) to the highest (1), evenly", () => {
  const h = heightScale(-2, 6, "linear");
  close(h(-2), 0);
  close(h(6), 1);
  close(h(2), 0.5);
  close(h(0), 0.25);
  close(h(Infinity), 1);
  close(h(-10), 0);
});

test("log heights put the contour's levels evenly apart, as the contour's bands", () => {
  const [min, max] = [-1.2, 350];
  const h = heightScale(min, max, "log");
  const levels = contourLevels(min, max, {scale: "log"});
  const n = levels.length - 1;
  levels.forEach((level, k) => close(h(level), k / n, 1e-9));
  close(h(max), 1);
  close(h(min), 0);
  // between two levels the height moves on with f
  assert.ok(h((levels[3] + levels[4]) / 2) > 3 / n && h((levels[3] + levels[4]) / 2) < 4 / n);
});

test("a flat grid has height 0 everywhere", () => {
  const h = heightScale(1, 1, "linear");
  assert.equal(h(1), 0);
});

test("the world frame puts the view's larger side across 2 units and maps back", () => {
  const frame = worldFrame([[-4, 0], [1, 2]]);
  assert.deepEqual(frame.toWorld(-4, 1.5, 1), [-1, 0, HEIGHT]);
  assert.deepEqual(frame.toWorld(0, 2, 0), [1, 0.25, 0]);
  assert.deepEqual(frame.toPlane(0.5, -0.25), [-1, 1]);
  close(frame.halfY, 0.25);
});

function grid(f, nx = 3, ny = 3, domain = [[0, 2], [0, 2]]) {
  const values = new Float64Array(nx * ny);
  const [[x0, x1], [y0, y1]] = domain;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = f(x0 + (i * (x1 - x0)) / (nx - 1), y0 + (j * (y1 - y0)) / (ny - 1));
  return {nx, ny, domain, values};
}

test("the surface has a vertex per grid node in view and two triangles per cell", () => {
  const g = grid((x, y) => x + y);
  const frame = worldFrame(g.domain);
  const mesh = surfaceMesh(g, frame, heightScale(0, 4));
  assert.equal(mesh.positions.length, 9 * 3);
  assert.equal(mesh.indices.length, 8 * 3);
  // node (i=2, j=1) is x=2, y=1: world (1, 0), height (2+1)/4 of HEIGHT; its uv (1, 0.5)
  const v = 1 * 3 + 2;
  assert.deepEqual([...mesh.positions.slice(3 * v, 3 * v + 3)].map((p) => Math.round(p * 1e6) / 1e6),
                   [1, 0, Math.round(0.75 * HEIGHT * 1e6) / 1e6]);
  assert.deepEqual([...mesh.uvs.slice(2 * v, 2 * v + 2)], [1, 0.5]);
});

test("where f is not finite the surface has a hole (+inf is its top)", () => {
  const g = grid((x, y) => (x === 1 && y === 1 ? NaN : x + y));
  const mesh = surfaceMesh(g, worldFrame(g.domain), heightScale(0, 4));
  // of a 3 x 3 grid's 8 triangles only two miss the middle node (each cell is cut from (i, j) to (i+1, j+1))
  assert.equal(mesh.indices.length / 3, 2);
  assert.ok([...mesh.indices].every((v) => v !== 4));
  const g5 = grid((x, y) => (x === 0 && y === 0 ? NaN : x === 2 && y === 2 ? Infinity : x + y), 5, 5);
  const mesh5 = surfaceMesh(g5, worldFrame(g5.domain), heightScale(0, 4));
  assert.equal(mesh5.indices.length / 3, 32 - 2);   // the corner cell's two triangles are gone
  close(mesh5.positions[3 * 24 + 2], HEIGHT, 1e-6);   // +inf at (2, 2), the last node: the top
});

test("a zoomed view keeps the grid's nodes inside it and one beyond, at the view's edge", () => {
  const g = grid((x, y) => x * y, 11, 11, [[0, 10], [0, 10]]);
  const view = [[2.5, 5.5], [3, 6]];
  const mesh = surfaceMesh(g, worldFrame(view), heightScale(0, 100));
  assert.equal(mesh.cols, 5);    // x = 2 (drawn at 2.5), 3, 4, 5, 6 (drawn at 5.5)
  assert.equal(mesh.rows, 4);    // y = 3, 4, 5, 6
  const xs = [];
  for (let i = 0; i < mesh.cols; i++) xs.push(mesh.uvs[2 * i]);
  close(xs[0], 0);
  close(xs[4], 1);
});

// Two rows (starts) of a path along x at y = 0, f = x: row 0 stops after 2 steps, row 1 runs 3.
function path() {
  const n = 2, steps = 3;
  const points = new Float64Array((steps + 1) * n * 2);
  const values = new Float64Array((steps + 1) * n);
  for (let k = 0; k <= steps; k++) {
    for (let row = 0; row < n; row++) {
      points[2 * (k * n + row)] = k * 0.5;
      points[2 * (k * n + row) + 1] = row;
      values[k * n + row] = k;
    }
  }
  return {points, values, n, lastStep: [2, 3]};
}

const place = (x, y, f) => [x, y, f];

test("a path's segments are ordered by step: the path up to step s is a prefix", () => {
  const {segments, ends} = pathSegments(path(), place);
  assert.deepEqual([...ends], [0, 2, 4, 5]);
  // segment 2 is row 0's second step: (0.5, 0, 1) -> (1, 0, 2)
  assert.deepEqual([...segments.slice(12, 18)], [0.5, 0, 1, 1, 0, 2]);
  // the last is row 1's third step
  assert.deepEqual([...segments.slice(24, 30)], [1, 1, 2, 1.5, 1, 3]);
});

test("a point that is not placed (outside the view, not finite) leaves its segments out", () => {
  const p = path();
  p.values[2 * 2 + 1] = NaN;   // row 1 at step 2
  const {ends} = pathSegments(p, (x, y, f) => (Number.isFinite(f) ? [x, y, f] : null));
  assert.deepEqual([...ends], [0, 2, 3, 3]);
});

test("a dash pattern cuts each row into pieces that cover the right share of its length", () => {
  const p = path();
  const pattern = [0.1, 0.05];
  const {segments, ends} = pathSegments(p, (x, y, f) => [x, y, 0], pattern);
  let on = 0;
  for (let i = 0; i < segments.length; i += 6) on += Math.hypot(segments[i + 3] - segments[i], segments[i + 4] - segments[i + 1]);
  // rows of 1.0 and 1.5 long, on two thirds of the time (whole periods of 0.15: 0.9 and 1.5, then a part)
  const expected = (length) => Math.floor(length / 0.15) * 0.1 + Math.min(0.1, length % 0.15);
  close(on, expected(1.0) + expected(1.5), 1e-6);   // float32 segments
  assert.ok(ends[3] > 5);
  for (let k = 1; k < ends.length; k++) assert.ok(ends[k] >= ends[k - 1]);
});

test("the marker's point at a step stops at the row's own last step", () => {
  const p = path();
  assert.deepEqual(pointAtStep(p, 0, 3, place), [1, 0, 2]);
  assert.deepEqual(pointAtStep(p, 1, 3, place), [1.5, 1, 3]);
  assert.deepEqual(pointAtStep(p, 1, 1.7, place), [0.5, 1, 1]);
});

function sources(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".js") ? [path] : [];
  });
}

test("only plot3d/ imports three.js, and the page reaches plot3d/ only through import()", () => {
  const root = new URL("../../site_src/js/", import.meta.url).pathname;
  const three = /from\s+["']three(\/[^"']*)?["']/;
  const staticPlot3d = /(?:import|export)[^;()]*from\s+["'][^"']*plot3d\//;
  for (const file of sources(root)) {
    const text = readFileSync(file, "utf8");
    const inside = relative(root, file).startsWith("plot3d/");
    if (!inside) {
      assert.ok(!three.test(text), `${relative(root, file)} imports three.js`);
      assert.ok(!staticPlot3d.test(text), `${relative(root, file)} imports plot3d/ statically`);
    }
  }
  assert.ok(readFileSync(join(root, "controls/plot-kind.js"), "utf8").includes('import("../plot3d/view.js")'));
});
