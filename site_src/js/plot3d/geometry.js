// The 3-D view's geometry, as plain arrays (no three.js, no DOM; node's tests call it): where a
// point of the plane and a value of f go in the 3-D box, the surface's mesh from the contour's
// grid, and the paths as line segments on it.
//
// The box: the view's larger side spans 2 world units, centred on the origin (x to the right, y
// away from the viewer at the start, z up); f's height runs from 0 to HEIGHT.
import {contourLevels} from "../plot/contour-levels.js";

export const HEIGHT = 0.8;   // the surface's height in world units (its larger side is 2)

// view [[x0, x1], [y0, y1]] -> {view, k (world units per unit of x or y), toWorld(x, y, t), toPlane(X, Y)}
// (t: a height in [0, 1], heightScale's).
export function worldFrame(view) {
  const [[x0, x1], [y0, y1]] = view;
  const k = 2 / Math.max(x1 - x0, y1 - y0);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return {
    view, k, halfX: ((x1 - x0) * k) / 2, halfY: ((y1 - y0) * k) / 2, height: HEIGHT,
    toWorld: (x, y, t) => [(x - cx) * k, (y - cy) * k, t * HEIGHT],
    toPlane: (X, Y) => [cx + X / k, cy + Y / k],
  };
}

// f -> its height in [0, 1]: where f falls among the contour's levels (contour-levels.js, at the
// contour's own count and scale), so heights are log-scaled where the contour is, and each band
// of the contour spans the same height. min, max: the range of the grid's finite values.
export function heightScale(min, max, scale = "linear") {
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min)) return () => 0;
  const levels = contourLevels(min, max, {scale});
  const last = levels.length - 1;
  const index = (f) => {
    if (!(f > levels[0])) return 0;
    let low = 0, high = last;   // the last level at or below f
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (levels[mid] <= f) low = mid; else high = mid - 1;
    }
    const next = low < last ? levels[low + 1] : max;
    return next > levels[low] ? low + Math.min(1, (f - levels[low]) / (next - levels[low])) : low;
  };
  const top = index(max) || 1;
  return (f) => (f === Infinity ? 1 : Math.min(1, Math.max(0, index(f) / top)));
}

// The surface over frame.view from a grid ({nx, ny, values, domain}: row 0 at y_min, x fastest,
// the domain's corners sampled): the grid's nodes inside the view and one more on each side (drawn
// at the view's edge), a triangle wherever its three corners are finite (NaN and -inf leave a
// hole, +inf is the top). heightOf(f) -> [0, 1]. Returns {positions (xyz), uvs (0..1 across the
// view, v up), indices, cols, rows}.
export function surfaceMesh(grid, frame, heightOf) {
  const {nx, ny, values, domain: [[gx0, gx1], [gy0, gy1]]} = grid;
  const [[x0, x1], [y0, y1]] = frame.view;
  const dx = (gx1 - gx0) / (nx - 1), dy = (gy1 - gy0) / (ny - 1);
  const clampIndex = (v, n) => Math.min(n - 1, Math.max(0, v));
  const i0 = clampIndex(Math.floor((x0 - gx0) / dx), nx), i1 = clampIndex(Math.ceil((x1 - gx0) / dx), nx);
  const j0 = clampIndex(Math.floor((y0 - gy0) / dy), ny), j1 = clampIndex(Math.ceil((y1 - gy0) / dy), ny);
  const cols = i1 - i0 + 1, rows = j1 - j0 + 1;
  const positions = new Float32Array(cols * rows * 3);
  const uvs = new Float32Array(cols * rows * 2);
  const finite = new Uint8Array(cols * rows);
  for (let j = 0; j < rows; j++) {
    const y = Math.min(y1, Math.max(y0, gy0 + (j0 + j) * dy));
    for (let i = 0; i < cols; i++) {
      const x = Math.min(x1, Math.max(x0, gx0 + (i0 + i) * dx));
      const f = values[(j0 + j) * nx + i0 + i];
      const t = Number.isFinite(f) || f === Infinity ? heightOf(f) : NaN;
      const v = j * cols + i;
      finite[v] = Number.isNaN(t) ? 0 : 1;
      positions.set(frame.toWorld(x, y, finite[v] ? t : 0), 3 * v);
      uvs[2 * v] = (x - x0) / (x1 - x0);
      uvs[2 * v + 1] = (y - y0) / (y1 - y0);
    }
  }
  const indices = [];
  for (let j = 0; j + 1 < rows; j++) {
    for (let i = 0; i + 1 < cols; i++) {
      const a = j * cols + i, b = a + 1, c = a + cols + 1, d = a + cols;
      if (finite[a] && finite[b] && finite[c]) indices.push(a, b, c);
      if (finite[a] && finite[c] && finite[d]) indices.push(a, c, d);
    }
  }
  return {positions, uvs, indices: Uint32Array.from(indices), cols, rows};
}

const MAX_PIECES = 400000;   // a dash pattern that would cut a path finer than this draws it solid

// A run's path as line segments on the surface, ordered by the step they end at (every row's
// segment ending at step 1, then at step 2, ...), so the path up to step s is a prefix of them:
// ends[s] segments. path: {points, values, n, lastStep} (the run's, laid out (step, row)); place(x,
// y, f) -> [X, Y, Z] or null (not drawn: not finite, or outside the view). pattern: the dash
// pattern in world units (on, off, on, ...), [] for a solid line; each row's dashes run on along
// its length. Returns {segments: Float32Array (xyz, xyz per segment), ends: Int32Array(longest + 1)}.
export function pathSegments({points, values, n, lastStep}, place, pattern = []) {
  const longest = lastStep.reduce((most, last) => Math.max(most, last), 0);
  const ends = new Int32Array(longest + 1);
  const period = pattern.reduce((sum, d) => sum + d, 0);
  const dashed = pattern.length > 1 && period > 0;
  const travelled = new Float64Array(n);   // each row's length so far (the dashes' phase)
  const out = [];
  const at = (k, row) => place(points[2 * (k * n + row)], points[2 * (k * n + row) + 1], values[k * n + row]);
  for (let k = 1; k <= longest; k++) {
    for (let row = 0; row < n; row++) {
      if (k > lastStep[row]) continue;
      const a = at(k - 1, row), b = at(k, row);
      if (!a || !b) continue;
      const length = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
      if (dashed && out.length < 6 * MAX_PIECES) dashPieces(a, b, length, travelled[row], pattern, period, out);
      else out.push(...a, ...b);
      travelled[row] += length;
    }
    ends[k] = out.length / 6;
  }
  return {segments: Float32Array.from(out), ends};
}

// The "on" pieces of segment a -> b (its length given) whose start is `phase` along the pattern.
function dashPieces(a, b, length, phase, pattern, period, out) {
  const point = (s) => (length > 0 ? a.map((v, i) => v + ((b[i] - v) * s) / length) : a);
  let s = 0;
  while (s < length || (length === 0 && s === 0)) {
    let m = (phase + s) % period, i = 0;
    while (m >= pattern[i] && i < pattern.length - 1) m -= pattern[i++];
    const piece = Math.max(Math.min(pattern[i] - m, length - s), 0);
    if (i % 2 === 0) out.push(...point(s), ...point(s + piece));
    if (length === 0) break;
    s += Math.max(piece, 1e-9);
  }
}

// Where row `row` of a path is at step `step` (its own last step when it stopped before), as
// place() puts it; null when it is not placed.
export function pointAtStep({points, values, n, lastStep}, row, step, place) {
  const k = Math.max(0, Math.min(Math.floor(step), lastStep[row]));
  return place(points[2 * (k * n + row)], points[2 * (k * n + row) + 1], values[k * n + row]);
}
