// How an optimizer's second cue looks: its dash pattern and its marker shape (the catalog
// names them per preset, Python assigns them; this module only knows their geometry). Pure:
// the plot's canvas, the SVG swatches beside the labels and the PNG's legend all draw from it,
// so the three agree.

// Dash patterns in units of the line's width (drawn with round caps, which add half a width at
// each end of every dash: [3, 3] shows as dashes of 4 widths with gaps of 2).
export const DASHES = {
  "solid": [],
  "dashed": [3, 3],
  "dotted": [0.01, 2.5],
  "dash-dot": [4, 2.5, 0.01, 2.5],
  "long-dash": [8, 3],
  // copies' own (optimizers.presets.COPY_DASHES: no preset has them)
  "dash-dot-dot": [4, 2.5, 0.01, 2.5, 0.01, 2.5],
  "long-short": [8, 2.5, 2, 2.5],
  "sparse-dot": [0.01, 4.5],
};

export const MARKERS = ["circle", "square", "triangle", "diamond", "cross", "plus", "triangle-down"];

export const LINE_WIDTH = 2;       // a path's width in CSS pixels
export const CASING = 2.5;         // its casing is this much wider (1.25 px each side)
export const MARKER_RADIUS = 4.5;  // the end marker's size (half its width, roughly)
const BAND = 1.5;                  // what shows of a coinciding path on each side of the next one's casing

// The dash array for `name` at line width `width` (pixels); an unknown name is solid.
export function dashArray(name, width = LINE_WIDTH) {
  return (DASHES[name] ?? []).map((d) => d * width);
}

// Nested stripes for coinciding paths: of `size` paths drawn on the same route, the one drawn
// `rank`-th (0 first) is the widest, each later one narrower by its casing and two bands, so
// each shows as a band (BAND px each side) around the next, the last at the plain width.
// Returns {width, radius} of its line and its markers.
export function stripe(rank = 0, size = 1) {
  const under = Math.max(0, size - 1 - rank);
  return {width: LINE_WIDTH + (CASING + 2 * BAND) * under, radius: MARKER_RADIUS};
}

// Markers that would cover each other, side by side: markers ([{x, y, hollow, ...}], in drawing
// order) of the same kind (hollow or filled) whose centres are closer than `spacing` (directly or
// through others) form a group, set in a row centred on the group's mean x (each keeps its y),
// in drawing order from left to right. Returns new objects with x moved (and `shift`, how far).
export function spreadMarkers(markers, spacing = 2.5 * MARKER_RADIUS + 3) {
  const parent = markers.map((_, i) => i);
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  // neighbours through a grid of cells `spacing` wide (thousands of markers with many starts)
  const cells = new Map();
  const cell = (cx, cy) => `${cx} ${cy}`;
  markers.forEach((m, j) => {
    if (!Number.isFinite(m.x) || !Number.isFinite(m.y)) return;
    const cx = Math.floor(m.x / spacing), cy = Math.floor(m.y / spacing);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of cells.get(cell(cx + dx, cy + dy)) ?? []) {
          const a = markers[i];
          if (a.hollow === m.hollow && Math.hypot(a.x - m.x, a.y - m.y) < spacing) parent[find(j)] = find(i);
        }
      }
    }
    if (!cells.has(cell(cx, cy))) cells.set(cell(cx, cy), []);
    cells.get(cell(cx, cy)).push(j);
  });
  const groups = new Map();
  markers.forEach((_, i) => {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(i);
  });
  const out = markers.map((m) => ({...m, shift: 0}));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const mean = members.reduce((sum, i) => sum + markers[i].x, 0) / members.length;
    members.forEach((i, rank) => {
      const x = mean + (rank - (members.length - 1) / 2) * spacing;
      out[i] = {...markers[i], x, shift: x - markers[i].x};
    });
  }
  return out;
}

const round = (v) => Math.round(v * 1000) / 1000;

function polygon(cx, cy, points) {
  return points.map(([x, y], i) => `${i ? "L" : "M"}${round(cx + x)} ${round(cy + y)}`).join(" ") + " Z";
}

// A closed outline of marker `name` centred on (cx, cy), about 2r across, as SVG path data
// (also what canvas's Path2D takes). Shapes of equal weight: the square and the diamond are a
// little smaller than the circle's box, the triangles a little larger. Unknown -> circle.
export function markerPath(name, cx, cy, r = MARKER_RADIUS) {
  switch (name) {
    case "square": {
      const s = r * 0.88;
      return polygon(cx, cy, [[-s, -s], [s, -s], [s, s], [-s, s]]);
    }
    case "diamond": {
      const s = r * 1.2;
      return polygon(cx, cy, [[0, -s], [s, 0], [0, s], [-s, 0]]);
    }
    case "triangle":
    case "triangle-down": {
      const s = r * 1.25, k = name === "triangle" ? 1 : -1;
      // centred on its centroid: apex at -s, base at s/2
      return polygon(cx, cy, [[0, -k * s], [s * 0.866, k * s / 2], [-s * 0.866, k * s / 2]]);
    }
    case "plus":
    case "cross": {
      const a = r * 1.1, t = r * 0.38;    // arm length and half thickness
      const plus = [[-t, -a], [t, -a], [t, -t], [a, -t], [a, t], [t, t], [t, a], [-t, a], [-t, t], [-a, t], [-a, -t],
                    [-t, -t]];
      if (name === "plus") return polygon(cx, cy, plus);
      const c = Math.SQRT1_2;
      return polygon(cx, cy, plus.map(([x, y]) => [c * (x - y), c * (x + y)]));
    }
    default: {
      const y = round(cy), rr = round(r);
      return `M${round(cx - r)} ${y} A${rr} ${rr} 0 1 0 ${round(cx + r)} ${y} A${rr} ${rr} 0 1 0 ${round(cx - r)} ${y} Z`;
    }
  }
}

// The small picture beside an optimizer's name (toggles, tables, the PNG's legend): a short
// line in its dash pattern ending in its marker. In a box `width` x `height` (pixels):
// {line: [x1, y, x2, y], dash: [...], marker: SVG path data}.
export function swatchGeometry({dash, marker} = {}, {width = 36, height = 14} = {}) {
  const y = height / 2, r = Math.min(MARKER_RADIUS, height / 2 - 1.5);
  const x2 = width - r - 1.5;
  return {line: [1.5, y, x2, y], dash: dashArray(dash, LINE_WIDTH), marker: markerPath(marker, x2, y, r)};
}

// An optimizer's swatch (swatchGeometry) on a canvas, its box's top left at (x, y): a short line
// in its colour and dash pattern on its casing, ending in its marker.
export function drawSwatch(ctx, {color, dash, marker}, x, y, casing) {
  const {line: [x1, y1, x2, y2], dash: pattern, marker: d} = swatchGeometry({dash, marker});
  ctx.save();
  ctx.translate(x, y);
  ctx.lineCap = "round";
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.lineWidth = LINE_WIDTH + CASING;
  ctx.strokeStyle = casing;
  ctx.stroke();
  ctx.setLineDash(pattern);
  ctx.lineWidth = LINE_WIDTH;
  ctx.strokeStyle = color;
  ctx.stroke();
  ctx.setLineDash([]);
  const shape = new Path2D(d);
  ctx.fillStyle = color;
  ctx.fill(shape);
  ctx.lineWidth = 1.2;
  ctx.strokeStyle = casing;
  ctx.stroke(shape);
  ctx.restore();
}

// The cue in words, for a title or a screen reader's description: "dashed line, square marker".
export function describeCue({dash, marker} = {}) {
  return `${dash ?? "solid"} line, ${(marker ?? "circle").replace("-", " ")} marker`;
}
