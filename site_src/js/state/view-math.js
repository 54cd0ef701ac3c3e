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

// Whether a view (during a gesture) is one the plot may show: finite, ordered, and between
// MIN_SHARE and MAX_SHARE of the function's own width. A zoom step past a limit is not taken,
// so the point under the pointer never drifts there.
export function allowedView(view, domain) {
  const [[x0, x1], [y0, y1]] = view;
  if (![x0, x1, y0, y1].every(Number.isFinite) || !(x0 < x1 && y0 < y1)) return false;
  const share = (x1 - x0) / (domain[0][1] - domain[0][0]);
  return share >= MIN_SHARE * 0.999 && share <= MAX_SHARE * 1.001;
}

// A view kept between MIN_SHARE and MAX_SHARE of the function's own `domain` (scaled about
// its centre when it is not), its ends rounded to 7 significant digits of its width so
// links stay short; null when it is the domain itself.
export function settleView(view, domain) {
  if (!view.flat().every(Number.isFinite) || !(view[0][0] < view[0][1] && view[1][0] < view[1][1])) return null;
  const width = view[0][1] - view[0][0];
  const ownWidth = domain[0][1] - domain[0][0];
  let settled = view;
  if (width < MIN_SHARE * ownWidth) settled = zoomView(view, centre(view), (MIN_SHARE * ownWidth) / width);
  if (width > MAX_SHARE * ownWidth) settled = zoomView(view, centre(view), (MAX_SHARE * ownWidth) / width);
  const unit = 10 ** (Math.floor(Math.log10(settled[0][1] - settled[0][0])) - 6);
  const round = (v) => Number((Math.round(v / unit) * unit).toPrecision(15));
  settled = settled.map(([a, b]) => [round(a), round(b)]);
  const same = settled.every(([a, b], i) => a === domain[i][0] && b === domain[i][1]);
  return same ? null : settled;
}
