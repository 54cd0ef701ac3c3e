// Contour geometry from a grid: plain data, never the DOM (d3-contour's way).
//
// computeContours(grid, {scale, count, minima}) -> {levels, bands, min, max}
//   levels: ascending thresholds (function values; contour-levels.js chooses them);
//           min, max: the range of the grid's finite values (null, and no bands, when none is:
//           NaN and ±inf are left to d3-contour, which puts NaN and -inf below every level and
//           +inf above, so only the finite part and the +inf part are inside bands)
//   bands:  [{level, t, rings}] where t in [0, 1] places the band on a colour map and
//           rings is a list of polygons, each a list of rings of [x, y] in domain units;
//           band k covers the region where f >= levels[k].
import {contours as d3contours} from "../../vendor/d3.mjs";
import {contourLevels, continuousBands, finiteRange} from "./contour-levels.js";

// minima: {points, values} of the function's known minima, or null when not known: levels
// that would break a narrow valley into beads are left out (contour-levels.js).
export function computeContours(grid, options = {}) {
  const plan = contourPlan(grid, options);
  return plan.done ? plan.result : plan.finish(plan.thresholds.map(plan.band));
}

// The same contours, computed one level at a time with `pause()` (a promise: pages/yield.js's
// yieldToMain) awaited between levels, so no single task computes them all.
export async function computeContoursInSlices(grid, options = {}, pause) {
  const plan = contourPlan(grid, options);
  if (plan.done) return plan.result;
  const bands = [];
  for (const threshold of plan.thresholds) {
    bands.push(plan.band(threshold));
    await pause();
  }
  return plan.finish(bands);
}

// What both ways share: the levels, one level's band, and the bands kept from all of them.
function contourPlan(grid, {scale = "linear", count = 24, minima = null} = {}) {
  const {nx, ny, values, domain} = grid;
  const [[x0, x1], [y0, y1]] = domain;
  // Levels span the finite values; d3-contour counts NaN and -inf below every level and +inf above
  // (so a band holds the +inf part), so the finite part is drawn and no threshold is non-finite.
  const range = finiteRange(values, grid.min, grid.max);
  if (!range) return {done: true, result: {levels: [], bands: [], min: null, max: null}};
  const {min, max} = range;
  const sx = (x1 - x0) / (nx - 1);
  const sy = (y1 - y0) / (ny - 1);
  // d3-contour puts grid value (i, j) at (i + 0.5, j + 0.5).
  const toDomain = ([cx, cy]) => [x0 + (cx - 0.5) * sx, y0 + (cy - 0.5) * sy];
  const generator = d3contours().size([nx, ny]);
  return {
    done: false,
    // (in the order d3-contour's generator(values) takes them: ascending)
    thresholds: contourLevels(min, max, {scale, count}).slice().sort((a, b) => a - b),
    band: (threshold) => {
      const multi = generator.contour(values, threshold);
      return {level: multi.value, rings: multi.coordinates.map((polygon) => polygon.map((ring) => ring.map(toDomain)))};
    },
    finish: (all) => {
      const kept = continuousBands(all, minima && {...minima, domain});
      const levels = kept.map((band) => band.level);
      const bands = kept.map((band, k) => ({...band, t: kept.length > 1 ? k / (kept.length - 1) : 0}));
      return {levels, bands, min, max};
    },
  };
}
