// Which paths from the same start take (nearly) the same route, so that drawn one over another
// only the last would show. Pure: from the paths' points in any units (the renderer passes
// canvas pixels) and a tolerance in the same units.
//
// Path a is "covered" by path b when every point along a (its vertices, and points every
// `tolerance` along its segments) lies within `tolerance` of b's polyline: drawn under b it
// would be hidden. Two paths coincide when either covers the other AND they end within
// `tolerance` of each other (an optimizer that overshoots and comes back along the same line
// still takes the same path; one that passes over another's short route on its way elsewhere
// does not: on /rastrigin/#s=-1.8432,-2.1504 Momentum's long first steps cover the short routes
// of SGD, RMSProp and Adam, but it ends two wells away). Groups are the connected sets of that
// relation, per start.

const MAX_PIECES = 2000;

// The row's polyline up to its last step, as [x0, y0, x1, y1, ...], with vertices closer than
// `spacing` to the previous kept one dropped (the last is always kept).
export function rowPolyline({points, n, lastStep}, row, spacing = 0) {
  const last = lastStep[row];
  const out = [];
  let px = NaN, py = NaN;
  for (let t = 0; t <= last; t++) {
    const x = points[2 * (t * n + row)], y = points[2 * (t * n + row) + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) break;
    if (out.length && t < last && Math.hypot(x - px, y - py) < spacing) continue;
    out.push(x, y);
    px = x;
    py = y;
  }
  return out;
}

// Distance from (x, y) to the segment (ax, ay)-(bx, by).
export function segmentDistance(x, y, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2)) : 0;
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

// The index of a segment of `line` within `tolerance` of (x, y), or -1; the search starts at
// segment `from` (a walk along a path finds its next point near the last one's segment).
function nearSegment(x, y, line, tolerance, from = 0) {
  if (line.length === 2) return Math.hypot(x - line[0], y - line[1]) <= tolerance ? 0 : -1;
  const segments = line.length / 2 - 1;
  for (let k = 0; k < segments; k++) {
    const s = (from + k) % segments, i = 2 * s;
    if (segmentDistance(x, y, line[i], line[i + 1], line[i + 2], line[i + 3]) <= tolerance) return s;
  }
  return -1;
}

// Is every point along polyline a within `tolerance` of polyline b? (a's last point first: the
// quick "no" for paths that end apart.)
export function covers(b, a, tolerance) {
  if (!a.length || !b.length) return false;
  if (nearSegment(a[a.length - 2], a[a.length - 1], b, tolerance) < 0) return false;
  let at = 0;
  for (let i = 0; i < a.length; i += 2) {
    if ((at = nearSegment(a[i], a[i + 1], b, tolerance, at)) < 0) return false;
    if (i + 3 < a.length) {
      const dx = a[i + 2] - a[i], dy = a[i + 3] - a[i + 1];
      // (at most MAX_PIECES: a segment that long runs far off the screen, where sampling matters little)
      const pieces = Math.min(MAX_PIECES, Math.ceil(Math.hypot(dx, dy) / tolerance));
      for (let k = 1; k < pieces; k++) {
        if ((at = nearSegment(a[i] + (dx * k) / pieces, a[i + 1] + (dy * k) / pieces, b, tolerance, at)) < 0) return false;
      }
    }
  }
  return true;
}

// Do polylines a and b take the same path: ending within `tolerance` of each other, one
// covering the other?
export function samePath(a, b, tolerance) {
  if (!a.length || !b.length) return false;
  const end = Math.hypot(a[a.length - 2] - b[b.length - 2], a[a.length - 1] - b[b.length - 1]);
  return end <= tolerance && (covers(b, a, tolerance) || covers(a, b, tolerance));
}

// paths: [{key, points (step-major, (steps + 1) * n * 2), n, lastStep: [per row]}], all from the
// same starts (row r of each is the same start). Returns [{row, keys: [...]}]: every group of
// two or more paths that coincide from one start, keys in the paths' order (the drawing order).
export function coincidingGroups(paths, tolerance = 2) {
  const groups = [];
  const rows = paths.length ? Math.min(...paths.map((p) => p.n)) : 0;
  for (let row = 0; row < rows; row++) {
    const lines = paths.map((p) => rowPolyline(p, row, tolerance / 4));
    const parent = paths.map((_, i) => i);
    const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        if (find(i) === find(j)) continue;
        if (samePath(lines[i], lines[j], tolerance)) parent[find(j)] = find(i);
      }
    }
    const byRoot = new Map();
    paths.forEach((p, i) => {
      const root = find(i);
      if (!byRoot.has(root)) byRoot.set(root, []);
      byRoot.get(root).push(p.key);
    });
    for (const keys of byRoot.values()) if (keys.length > 1) groups.push({row, keys});
  }
  return groups;
}

// groups (from coincidingGroups) -> Map "<key> <row>" -> {rank, size, others: [keys]}: where
// each coinciding path sits in its group (rank 0 is drawn first) and which paths it shares its
// route with. Paths in no group are not in the map.
export function groupPlaces(groups) {
  const places = new Map();
  for (const {row, keys} of groups) {
    keys.forEach((key, rank) => places.set(`${key} ${row}`, {rank, size: keys.length, others: keys.filter((k) => k !== key)}));
  }
  return places;
}
