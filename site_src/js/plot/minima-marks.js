// Which of a function's known minima get a marker on the plot: every global minimum, and
// of the others at most MAX_LOCAL, lowest value first, each at least SPACING_PX from every
// marker already chosen on screen, so a function with hundreds of minima (Rastrigin, Lévi 13)
// does not hide its contour; zooming in spreads them apart and reveals more. Pure: points
// in, points out (toPixel maps a domain point to canvas pixels for the current view).

export const MAX_LOCAL = 30;
export const SPACING_PX = 28;

// minima: [[x, y]] (global ones included); values: f at each (null when unknown: ranked
// last); globalMinima: [[x, y]]; toPixel([x, y]) -> [px, py]; plot: {left, top, right,
// bottom} in pixels. Returns {global: [[x, y]], local: [[x, y]], total, inView}: total
// counts the other (non-global) minima, inView those of them inside the plot.
export function markedMinima({minima = [], values = [], globalMinima = [], toPixel, plot,
                              maxLocal = MAX_LOCAL, spacing = SPACING_PX}) {
  const isGlobal = (p) => globalMinima.some((g) => Math.hypot(g[0] - p[0], g[1] - p[1]) < 1e-9);
  const inside = ([px, py]) => px >= plot.left && px <= plot.right && py >= plot.top && py <= plot.bottom;
  const taken = globalMinima.map(toPixel);
  const candidates = [];
  let total = 0;
  minima.forEach((p, i) => {
    if (isGlobal(p)) return;
    total++;
    const pixel = toPixel(p);
    if (inside(pixel)) candidates.push({p, pixel, value: Number.isFinite(values[i]) ? values[i] : Infinity, i});
  });
  candidates.sort((a, b) => a.value - b.value || a.i - b.i);
  const local = [];
  const min2 = spacing * spacing;
  for (const {p, pixel} of candidates) {
    if (local.length >= maxLocal) break;
    if (taken.some(([qx, qy]) => (qx - pixel[0]) ** 2 + (qy - pixel[1]) ** 2 < min2)) continue;
    taken.push(pixel);
    local.push(p);
  }
  return {global: globalMinima, local, total, inView: candidates.length};
}

// The legend's note when some minima in view have no marker ("" when every one has):
// e.g. "30 of 1,178 other local minima marked (the lowest; zoom in for more)".
export function minimaNote({local, total, inView}) {
  if (local.length >= inView) return "";
  return `${local.length.toLocaleString("en")} of ${total.toLocaleString("en")} other local minima marked (the lowest, spread out; zoom in for more)`;
}
