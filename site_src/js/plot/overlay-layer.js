// The plot's overlay, redrawn every animation frame: every path up to the current step (on a
// casing, in its colour, dash and marker; coinciding paths as nested stripes), the recorded
// vectors at the current step, the start points and the keyboard cross. It only indexes into
// the arrays it is given; a path's pixels are computed once per size (renderer.pathPixels).
import {CASING, dashArray, markerPath, spreadMarkers, stripe} from "./path-style.js";
import {FONT, clipToPlot} from "./base-layer.js";

const ARROW_PX = 70;
const START_CLEARANCE_PX = 13;  // a path's start marker sits where it leaves the start's circle

// Draws the overlay of `renderer` (its paths, step, vectors, starts, cursor) and records what
// it drew on it: renderer.drawn, renderer.markers, renderer.arrows (the tests read them).
export function drawOverlayLayer(ctx, renderer, {cursorShown}) {
  const {width, height, plot} = renderer.scales;
  ctx.clearRect(0, 0, width, height);
  ctx.save();
  clipToPlot(ctx, plot);
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  const {casing} = renderer.themeColors();   // every path on a thin casing (site.css)
  const places = renderer.coinciding();
  const step = Math.floor(renderer.step);
  renderer.drawn = [];
  // the lines first, then every marker over them (a later path's line would cover one), those
  // that would cover each other (runs ending at one minimum, coinciding paths) side by side
  renderer.markers = spreadMarkers(renderer.paths.flatMap((path) =>
    drawPath(ctx, path, {pixels: renderer.pathPixels(path.points), step, casing, places, drawn: renderer.drawn})));
  for (const marker of renderer.markers) drawMarker(ctx, marker, casing);
  renderer.arrows = [];
  if (renderer.vectors.length) {
    for (const path of renderer.paths) {
      drawVectors(ctx, path, {names: renderer.vectors, step, scales: renderer.scales, arrows: renderer.arrows, casing,
                              longest: (vectors, n) => renderer.longestVectors(vectors, n)});
    }
  }
  const starts = renderer.starts;
  starts.forEach((start, i) => drawStart(ctx, start, renderer.scales, starts.length > 1 ? String(i + 1) : null));
  if (renderer.cursor && cursorShown) drawCursor(ctx, renderer.cursor, renderer.scales);
  ctx.restore();
}

// A path in its colour and dash pattern on a solid casing, with its marker hollow where it
// leaves the start (outside the start's circle) and filled at its current end. Paths that
// coincide with others (places) are nested stripes, the first drawn widest, the last narrowest.
// Returns the markers to draw: [{marker, x, y, radius, color, hollow}].
function drawPath(ctx, {key, color, dash, marker, n, lastStep}, {pixels, step, casing, places, drawn}) {
  const markers = [];
  for (let row = 0; row < n; row++) {
    const place = places.get(`${key} ${row}`);
    const {width, radius} = stripe(place?.rank, place?.size);
    const last = Math.min(step, lastStep[row]);
    const x0 = pixels[2 * row], y0 = pixels[2 * row + 1];
    const line = new Path2D();
    line.moveTo(x0, y0);
    let leaves = null;   // the first point outside the start's circle
    for (let i = 2 * (n + row); i <= 2 * (last * n + row); i += 2 * n) {
      line.lineTo(pixels[i], pixels[i + 1]);
      if (!leaves && Math.hypot(pixels[i] - x0, pixels[i + 1] - y0) >= START_CLEARANCE_PX) leaves = [pixels[i], pixels[i + 1]];
    }
    const pattern = dashArray(dash, width);
    ctx.setLineDash([]);
    ctx.lineWidth = width + CASING;
    ctx.strokeStyle = casing;
    ctx.stroke(line);
    ctx.setLineDash(pattern);
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    ctx.stroke(line);
    ctx.setLineDash([]);
    if (leaves) markers.push({key, row, marker, x: leaves[0], y: leaves[1], radius: radius * 0.85, color, hollow: true});
    const i = (last * n + row) * 2;
    markers.push({key, row, marker, x: pixels[i], y: pixels[i + 1], radius, color, hollow: false});
    drawn.push({key, row, color, dash: pattern, width, marker, rank: place?.rank ?? 0, size: place?.size ?? 1});
  }
  return markers;
}

// At a row's point of the current step s, the vectors of the update that leaves it (the
// recorded index s + 1): −gradient and −moment scaled so each run's longest is
// ARROW_PX long, the step to scale. Nothing after a row's last step.
function drawVectors(ctx, {key, color, points, n, lastStep, recorded}, {names, step, scales, arrows, casing, longest: longestOf}) {
  if (!recorded) return;
  const {x, y} = scales;
  for (const name of names) {
    const vectors = recorded[name];
    if (!vectors) continue;
    const longest = longestOf(vectors, n);
    for (let row = 0; row < n; row++) {
      if (step + 1 > lastStep[row]) continue;
      const p = (step * n + row) * 2, v = ((step + 1) * n + row) * 2;
      const at = [points[p], points[p + 1]], vector = [vectors[v], vectors[v + 1]];
      if (!vector.every(Number.isFinite)) continue;
      const arrow = {key, row, name, at, vector, color, pixels: null};
      arrows.push(arrow);
      const x0 = x(at[0]), y0 = y(at[1]);
      let dx, dy;
      if (name === "step") {
        dx = x(at[0] + vector[0]) - x0;
        dy = y(at[1] + vector[1]) - y0;
      } else {
        const length = Math.hypot(...vector);
        if (!(length > 0) || !(longest[row] > 0)) continue;
        // pointing where it pushes the point: against the gradient or moment
        const px = -(x(at[0] + vector[0]) - x0), py = -(y(at[1] + vector[1]) - y0);
        const k = (ARROW_PX * length / longest[row]) / Math.hypot(px, py);
        dx = px * k;
        dy = py * k;
      }
      arrow.pixels = [[x0, y0], [x0 + dx, y0 + dy]];   // where it is drawn (CSS px), for tests
      drawArrow(ctx, x0, y0, dx, dy, name, color, casing);
    }
  }
}

// A path's marker: hollow (the casing's colour inside, its own around) where it leaves the
// start, filled in its colour at its end.
function drawMarker(ctx, {marker, x, y, radius, color, hollow}, casing) {
  const shape = new Path2D(markerPath(marker, x, y, radius));
  ctx.fillStyle = hollow ? casing : color;
  ctx.fill(shape);
  ctx.lineWidth = hollow ? 1.8 : 1.4;
  ctx.strokeStyle = hollow ? color : casing;
  ctx.stroke(shape);
}

// An arrow from (x0, y0) by (dx, dy) pixels in its run's colour on a dark casing (as the paths
// are): "grad" solid with an open head, "moment" dashed with an open head, "step" wider with a
// filled head (vector-controls.js shows the same three as samples and names them).
export const ARROW_STYLES = {
  grad: {width: 2, dash: [], filled: false},
  moment: {width: 2, dash: [5, 3], filled: false},
  step: {width: 2.5, dash: [], filled: true},
};

export function drawArrow(ctx, x0, y0, dx, dy, name, color, casing = "#121212") {
  const length = Math.hypot(dx, dy);
  if (length < 0.5) return;
  const style = ARROW_STYLES[name] ?? ARROW_STYLES.step;
  const head = Math.min(9, length * 0.45);
  const ux = dx / length, uy = dy / length;
  const x1 = x0 + dx, y1 = y0 + dy;
  const left = [x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux)];
  const right = [x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux)];
  // the shaft stops short of a filled head, so its dash never shows through the tip
  const shaftEnd = style.filled ? [x1 - 0.8 * head * ux, y1 - 0.8 * head * uy] : [x1, y1];
  const shaft = () => {
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(...shaftEnd);
  };
  const tip = () => {
    ctx.beginPath();
    ctx.moveTo(...left);
    ctx.lineTo(x1, y1);
    ctx.lineTo(...right);
    if (style.filled) ctx.closePath();
  };
  ctx.save();
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  ctx.strokeStyle = casing;
  ctx.lineWidth = style.width + 2.5;
  shaft();
  ctx.stroke();
  tip();
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = style.width;
  ctx.setLineDash(style.dash);
  shaft();
  ctx.stroke();
  ctx.setLineDash([]);
  tip();
  if (style.filled) {
    ctx.fillStyle = color;
    ctx.fill();
  }
  ctx.stroke();
  ctx.restore();
}

function drawCursor(ctx, cursor, scales) {
  const px = scales.x(cursor[0]), py = scales.y(cursor[1]);
  for (const [color, width] of [["#000000", 4], ["#ffffff", 2]]) {
    ctx.beginPath();
    ctx.moveTo(px - 10, py);
    ctx.lineTo(px + 10, py);
    ctx.moveTo(px, py - 10);
    ctx.lineTo(px, py + 10);
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    ctx.stroke();
  }
}

// number: the start's number in the results table, drawn in its circle when there are several.
function drawStart(ctx, {x: sx, y: sy, queued}, scales, number = null) {
  const px = scales.x(sx), py = scales.y(sy);
  ctx.beginPath();
  ctx.arc(px, py, number ? 8 : 6, 0, 2 * Math.PI);
  ctx.fillStyle = "#ffffff";
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = "#000000";
  ctx.setLineDash(queued ? [3, 2] : []);
  ctx.stroke();
  ctx.setLineDash([]);
  if (number) {
    ctx.font = `bold 10px ${FONT.split("px ")[1]}`;
    ctx.fillStyle = "#000000";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(number, px, py + 0.5);
  }
  if (queued) {
    const text = "waiting for Python";
    ctx.font = FONT;
    const w = ctx.measureText(text).width + 10;
    const right = px + 10 + w > scales.plot.right;
    const left = right ? px - 10 - w : px + 10;
    ctx.fillStyle = "rgba(255, 255, 255, 0.88)";
    ctx.fillRect(left, py - 10, w, 20);
    ctx.fillStyle = "#1d2026";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(text, left + 5, py);
  }
}
