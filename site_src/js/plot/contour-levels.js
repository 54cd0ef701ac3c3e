// Which contour levels to draw. Pure: numbers in, numbers out (contours.js draws them).
//
// finiteRange: the range the levels span, over the grid's finite values only.
//
// contourLevels: evenly spaced levels, or for a "log" contour scale levels spaced evenly in
// log(f - min): dense near the minimum, sparse on the steep walls.
//
// continuousBands: a level drawn on a grid too coarse for it breaks a narrow valley into a
// chain of separate small rings ("beads"; Rosenbrock's curved valley at its lowest log
// levels). Every closed piece of {f < level} holds a minimum of f, so a level with more
// closed pieces than known minima below it is showing the grid, not the function: it is
// left out. (A piece reaching the grid's edge is no closed piece: it goes on outside.)

// The range of the finite values of a grid: {min, max}, or null when none is finite (a formula
// such as x/0 or 1/(x-x) gives NaN and ±inf). The grid's own min and max are used when both
// are finite (Python gives them over the finite values, null when there are none).
export function finiteRange(values, min = null, max = null) {
  if (Number.isFinite(min) && Number.isFinite(max)) return {min, max};
  let low = Infinity, high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return low <= high ? {min: low, max: high} : null;
}

export function contourLevels(min, max, {scale = "linear", count = 24} = {}) {
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

// The closed pieces of {f < level} in a band (d3-contour's polygons of f >= level, each a
// list of rings: an outer ring, then its holes).
export function closedPieces(band) {
  return band.rings.reduce((sum, polygon) => sum + Math.max(0, polygon.length - 1), 0);
}

// bands: [{level, rings}] ascending; minima: {points: [[x, y]], values: [f | null],
// domain: [[x0, x1], [y0, y1]]} (the grid's), or null when the minima are not known (then
// every band is kept). A minimum with no known value counts as below every level.
// Returns the bands kept, in order.
export function continuousBands(bands, minima) {
  if (!minima) return bands;
  const [[x0, x1], [y0, y1]] = minima.domain;
  const values = [];
  minima.points.forEach(([x, y], i) => {
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1) values.push(Number.isFinite(minima.values?.[i]) ? minima.values[i] : -Infinity);
  });
  return bands.filter((band) => closedPieces(band) <= values.filter((v) => v < band.level).length);
}
