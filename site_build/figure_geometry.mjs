// Geometry the build's pictures share (figure_svg.mjs: the article's figures; opening_svg.mjs: the
// playground pages' opening picture). Staged beside them by figure_node.py.

// Ramer-Douglas-Peucker on a list of pixels (a path, or a closed ring): its first and last points
// are kept.
export function simplify(points, tolerance) {
  if (points.length < 4) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    const [ax, ay] = points[first], [bx, by] = points[last];
    const dx = bx - ax, dy = by - ay, length = Math.hypot(dx, dy);
    let worst = -1, where = -1;
    for (let i = first + 1; i < last; i++) {
      const [qx, qy] = points[i];
      const d = length > 0 ? Math.abs(dy * (qx - ax) - dx * (qy - ay)) / length : Math.hypot(qx - ax, qy - ay);
      if (d > worst) [worst, where] = [d, i];
    }
    if (worst > tolerance) {
      keep[where] = 1;
      stack.push([first, where], [where, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}
