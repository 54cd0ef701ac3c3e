// The view (the rectangle of the plane the plot shows), the pure part: zoom about a point,
// pan, and limits, so the plot never shows a rectangle Python cannot sample sensibly.

export const ZOOM_STEP = 1.5;            // the buttons' factor
export const MIN_SHARE = 1e-6;           // the narrowest view, as a share of the function's own
export const MAX_SHARE = 1e3;            // the widest

// `view` scaled by `factor` (< 1 zooms in) about `[cx, cy]`, which stays where it is on screen.
export function zoomView([[x0, x1], [y0, y1]], [cx, cy], factor) {
  return [[cx + (x0 - cx) * factor, cx + (x1 - cx) * factor], [cy + (y0 - cy) * factor, cy + (y1 - cy) * factor]];
}

// `view` moved by (dx, dy) domain units.
export function panView([[x0, x1], [y0, y1]], dx, dy) {
  return [[x0 + dx, x1 + dx], [y0 + dy, y1 + dy]];
}

export function centre([[x0, x1], [y0, y1]]) {
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

// Whether a view (during a gesture) is one the plot may show: finite, ordered, each side
// between MIN_SHARE and MAX_SHARE of the function's own, and its centre within MAX_SHARE of
// the function's widths from the function's centre. A zoom step past a limit is not taken, so
// the point under the pointer never drifts there.
export function allowedView(view, domain) {
  const [[x0, x1], [y0, y1]] = view;
  if (![x0, x1, y0, y1].every(Number.isFinite) || !(x0 < x1 && y0 < y1)) return false;
  return [0, 1].every((axis) => {
    const own = domain[axis][1] - domain[axis][0];
    const share = (view[axis][1] - view[axis][0]) / own;
    const offset = Math.abs(centre(view)[axis] - centre(domain)[axis]) / own;
    return share >= MIN_SHARE * 0.999 && share <= MAX_SHARE * 1.001 && offset <= MAX_SHARE;
  });
}

// A view kept between MIN_SHARE and MAX_SHARE of the function's own `domain` on each axis
// (scaled about its centre when it is not), its centre moved within MAX_SHARE widths of the
// function's, its ends rounded to 7 significant digits of its width so links stay short;
// null when it is the domain itself or not a view at all (not finite, or not ordered).
export function settleView(view, domain) {
  if (!view.flat().every(Number.isFinite) || !(view[0][0] < view[0][1] && view[1][0] < view[1][1])) return null;
  if (!view.every(([a, b]) => Number.isFinite(b - a))) return null;
  const settled = [0, 1].map((axis) => {
    const [a, b] = view[axis];
    const own = domain[axis][1] - domain[axis][0];
    const middle = domain[axis][0] + own / 2;
    const half = Math.min(MAX_SHARE * own, Math.max(MIN_SHARE * own, b - a)) / 2;
    const limit = MAX_SHARE * own;
    const c = Math.min(middle + limit, Math.max(middle - limit, a / 2 + b / 2));
    const unit = 10 ** (Math.floor(Math.log10(2 * half)) - 6);
    const round = (v) => Number((Math.round(v / unit) * unit).toPrecision(15));
    return [round(c - half), round(c + half)];
  });
  const same = settled.every(([a, b], i) => a === domain[i][0] && b === domain[i][1]);
  return same ? null : settled;
}
