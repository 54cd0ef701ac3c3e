// Contour geometry from a grid: plain data, never the DOM (d3-contour's way).
//
// computeContours(grid, {scale, count}) -> {levels, bands, min, max}
//   levels: ascending thresholds (function values); min, max: the grid's range
//   bands:  [{level, t, rings}] where t in [0, 1] places the band on a colour map and
//           rings is a list of polygons, each a list of rings of [x, y] in domain units;
//           band k covers the region where f >= levels[k].
import {contours as d3contours} from "../vendor/d3.mjs";

// Evenly spaced levels, or for a "log" contour scale levels spaced evenly in
// log(f - min): dense near the minimum, sparse on the steep walls.
function contourLevels(min, max, {scale = "linear", count = 24} = {}) {
  if (!(max > min)) return [min];
  const levels = [];
  if (scale === "log") {
    const range = max - min;
    const decades = Math.min(8, Math.max(3, Math.log10(range) + 3));
    for (let k = 0; k < count; k++) {
      const exponent = -decades + (decades * k) / (count - 1);
      levels.push(min + range * 10 ** exponent);
    }
  } else {
    for (let k = 0; k < count; k++) levels.push(min + ((max - min) * k) / count);
  }
  return levels;
}

export function computeContours(grid, {scale = "linear", count = 24} = {}) {
  const {nx, ny, values, domain} = grid;
  const [[x0, x1], [y0, y1]] = domain;
  let min = grid.min, max = grid.max;
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = Infinity;
    max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const levels = contourLevels(min, max, {scale, count});
  const sx = (x1 - x0) / (nx - 1);
  const sy = (y1 - y0) / (ny - 1);
  // d3-contour puts grid value (i, j) at (i + 0.5, j + 0.5).
  const toDomain = ([cx, cy]) => [x0 + (cx - 0.5) * sx, y0 + (cy - 0.5) * sy];
  const generator = d3contours().size([nx, ny]).thresholds(levels);
  const bands = generator(values).map((multi, k) => ({
    level: multi.value,
    t: levels.length > 1 ? k / (levels.length - 1) : 0,
    rings: multi.coordinates.map((polygon) => polygon.map((ring) => ring.map(toDomain))),
  }));
  return {levels, bands, min, max};
}
