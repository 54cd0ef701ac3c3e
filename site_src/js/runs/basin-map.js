// Basin maps, the pure part: the colour of each lattice start from its label, and the
// fractions table's rows. Labels come from Python (pyodide_app.api.basins): the index of
// the minimum a start's run reached, or one of the outcomes below.

export const OUTCOMES = {
  "-1": {key: "still-moving", label: "No minimum reached (still moving, or stuck elsewhere)", color: [232, 232, 232]},
  "-2": {key: "diverged", label: "Diverged (its values overflowed)", color: [26, 26, 26]},
  "-3": {key: "left-view", label: "Left the view", color: [138, 138, 138]},
};

// Global minima in warm colours, other minima in cool ones (cycling when there are many).
const GLOBAL_COLORS = [[255, 210, 63], [255, 159, 28], [242, 95, 92], [255, 232, 150]];
const LOCAL_COLORS = [[78, 121, 167], [118, 183, 178], [89, 161, 79], [176, 122, 161],
                      [156, 117, 95], [44, 160, 180], [140, 160, 210], [60, 90, 130]];

// [r, g, b] for a minimum's basin: `index` into the function's minima, `globals` the
// indices of the global ones.
export function minimumColor(index, globals) {
  const rank = globals.indexOf(index);
  if (rank >= 0) return GLOBAL_COLORS[rank % GLOBAL_COLORS.length];
  const local = index - globals.filter((g) => g < index).length;
  return LOCAL_COLORS[local % LOCAL_COLORS.length];
}

export function labelColor(label, globals) {
  return label >= 0 ? minimumColor(label, globals) : OUTCOMES[String(label)]?.color ?? [255, 0, 255];
}

// RGBA pixels of a map: one pixel per start, row 0 at the top (the lattice's row 0 is at
// y_min, so rows are flipped). `labels` hold nx * ny labels, x fastest; a NaN label (a start
// not computed yet) is a transparent pixel.
export function basinPixels(labels, nx, ny, globals, alpha = 255) {
  const pixels = new Uint8ClampedArray(nx * ny * 4);
  const cache = new Map();
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const label = labels[j * nx + i];
      const p = ((ny - 1 - j) * nx + i) * 4;
      if (Number.isNaN(label)) continue;
      let color = cache.get(label);
      if (!color) cache.set(label, (color = labelColor(label, globals)));
      pixels[p] = color[0];
      pixels[p + 1] = color[1];
      pixels[p + 2] = color[2];
      pixels[p + 3] = alpha;
    }
  }
  return pixels;
}

// The extent an image of the lattice covers, so that each pixel is centred on its start:
// half a lattice spacing beyond the view on every side.
export function pixelExtent([[x0, x1], [y0, y1]], nx, ny) {
  const dx = (x1 - x0) / (nx - 1), dy = (y1 - y0) / (ny - 1);
  return [[x0 - dx / 2, x1 + dx / 2], [y0 - dy / 2, y1 + dy / 2]];
}

// How many starts have each label.
export function labelCounts(labels) {
  const counts = new Map();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

// The share of each outcome among a map's labels (or among counts: a Map label -> starts, such
// as a map still being refined has), for its legend:
// [{label, color, fraction, text}], minima first (those reached), then the outcomes.
export function legendItems(labels, minima, globals, format = (p) => `${(100 * p).toFixed(1)} %`) {
  const counts = labels instanceof Map ? labels : labelCounts(labels);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const items = [];
  const reached = [...counts.keys()].filter((l) => l >= 0).sort((a, b) => counts.get(b) - counts.get(a));
  const shownMinima = reached.slice(0, 6);
  for (const label of shownMinima) {
    const [x, y] = minima[label];
    const kind = globals.includes(label) ? "Global minimum" : "Minimum";
    items.push({label, color: minimumColor(label, globals), fraction: counts.get(label) / total,
                text: `${kind} at (${round(x)}, ${round(y)})`});
  }
  const rest = reached.slice(shownMinima.length);
  if (rest.length) {
    const fraction = rest.reduce((sum, label) => sum + counts.get(label), 0) / total;
    items.push({label: null, color: minimumColor(rest[0], globals), fraction,
                text: `${rest.length} other minima`});
  }
  for (const [label, outcome] of Object.entries(OUTCOMES)) {
    const count = counts.get(Number(label)) ?? 0;
    if (count) items.push({label: Number(label), color: outcome.color, fraction: count / total, text: outcome.label});
  }
  return items.map((item) => ({...item, share: format(item.fraction)}));
}

function round(value) {
  return Math.abs(value) < 5e-4 ? "0" : String(Number(value.toFixed(3)));
}

// The fractions table's columns: [data-col, heading, the map's field].
export const FRACTION_COLUMNS = [
  ["global-fraction", "Reach a global minimum", "global_fraction"],
  ["other-fraction", "Reach another minimum", null],
  ["still-moving-fraction", "No minimum", "fraction_still_moving"],
  ["left-view-fraction", "Outside the view", "fraction_left_view"],
  ["diverged-fraction", "Diverged", "fraction_diverged"],
];

// One row per map: {key, error} or {key, cells: [{col, value}]} in FRACTION_COLUMNS' order.
export function fractionRows(maps) {
  return maps.map((map) => {
    if (map.error) return {key: map.key, error: map.error};
    const other = map.fractions.reduce((a, b) => a + b, 0) - map.global_fraction;
    const cells = FRACTION_COLUMNS.map(([col, , field]) => ({col, value: field ? map[field] : Math.max(0, other)}));
    return {key: map.key, cells};
  });
}
