// Draws each playground page's opening state as inline SVG for the page's HTML (site_build/
// opening.py): the first argument is a JSON file {openings, margins, speed}: openings are
// figures.py figure_data's output (grid, minima, each run's paths in domain units with its
// colour, dash and marker) for the page's opening run; margins the catalog's plot.margins; speed
// the playback's steps per second (state/fields.js). Prints a JSON list of HTML texts.
//
// The plot's size depends on the window, so nothing here is drawn at one size in pixels:
// - the plot area is an SVG whose viewBox is the plot's coordinates (REFERENCE units across, a
//   linear map of the view, y up), preserveAspectRatio="none", so in the page's flow it takes the
//   width it is given and the height of the view's proportions (scales.js heightForWidth's, with
//   the margins as the box's padding); lines keep their width in pixels (non-scaling-stroke);
// - the markers (minima, the start, the paths' ends) are pixel-sized shapes in nested <svg>s
//   placed at percentages of the plot area; the axes' ticks and labels at percentages of the whole
//   box plus the margins in pixels (x = t·100% + left − t·(left + right)).
// Contours, levels, colours and ticks are the page's own (contours.js, scales.js, path-style.js),
// as in the article's figures (figure_svg.mjs). Each path draws itself as the live playback would
// (its steps at `speed` per second): a mask whose stroke-dashoffset is animated with SMIL (the
// page's Content-Security-Policy allows no inline style), its keyTimes following the steps;
// site.css drops the mask for prefers-reduced-motion.
import {readFileSync} from "node:fs";
import {computeContours} from "./js/plot/contours.js";
import {makeScales} from "./js/plot/scales.js";
import {interpolateViridis} from "./vendor/d3.mjs";
import {CASING, LINE_WIDTH, MARKER_RADIUS, dashArray, markerPath} from "./js/plot/path-style.js";
import {simplify} from "./figure_geometry.mjs";

const REFERENCE = 1000;          // the plot area's width in viewBox units
const PATH_TOLERANCE = 0.3;      // units: a path's points closer than this to the drawn line are left out
const BAND_TOLERANCE = 0.6;
const CASING_COLOR = "#121212";  // site.css --plot-path-casing (the same in both schemes)
const START_CLEARANCE = 13;      // overlay-layer.js: a path's hollow marker where it leaves the start's circle
const SAMPLES = 40;              // keyTimes per path's animation
const TYPICAL_PX = 700;          // the plot area's width the hollow markers are placed for

const r2 = (v) => String(Math.round(v * 100) / 100);
const pct = (v) => `${Math.round(v * 1e5) / 1e3}%`;
const esc = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function pathData(points, close = false, unit = 0.1) {
  if (!points.length) return "";
  const q = (v) => Math.round(v / unit);
  const num = (n) => String(Math.round(n * unit * 10) / 10).replace(/^(-?)0\./, "$1.");
  let [x, y] = [q(points[0][0]), q(points[0][1])];
  let text = `M${num(x)} ${num(y)}`;
  const moves = [];
  for (let i = 1; i < points.length; i++) {
    const nx = q(points[i][0]), ny = q(points[i][1]);
    if (nx === x && ny === y) continue;
    const b = num(ny - y);
    moves.push(num(nx - x) + (b.startsWith("-") ? "" : " ") + b);
    [x, y] = [nx, ny];
  }
  if (!moves.length && !close) moves.push("0 0");
  if (moves.length) text += "l" + moves.map((m, i) => (i && !m.startsWith("-") ? " " : "") + m).join("");
  return text + (close ? "Z" : "");
}


function star(outer, inner) {
  const points = [];
  for (let k = 0; k < 10; k++) {
    const r = k % 2 ? inner : outer;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    points.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  return pathData(points, true, 0.01);
}

// A pixel-sized mark at (u, v), fractions of the plot area (0, 0 top left).
const at = (u, v, inner, extra = "") => `<svg x="${pct(u)}" y="${pct(v)}" overflow="visible"${extra}>${inner}</svg>`;

// The dash offset of a path's reveal (1: hidden, 0: whole) at SAMPLES times over its steps.
function reveal(points, lastStep, speed) {
  const lengths = [0];
  for (let i = 1; i < points.length; i++) {
    lengths.push(lengths[i - 1] + Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]));
  }
  const total = lengths[lengths.length - 1] || 1;
  const times = [], values = [];
  for (let k = 0; k <= SAMPLES; k++) {
    const step = (k / SAMPLES) * lastStep;
    const i = Math.floor(step), f = step - i;
    const length = i >= lastStep ? total : lengths[i] + f * (lengths[i + 1] - lengths[i]);
    times.push(String(Math.round((k / SAMPLES) * 1e4) / 1e4));
    values.push(String(Math.round((1 - length / total) * 1e5) / 1e5));
  }
  return {dur: Math.max(lastStep, 1) / speed, keyTimes: times.join(";"), values: values.join(";")};
}

function openingHtml(figure, margins, speed, index) {
  const [[x0, x1], [y0, y1]] = figure.view;
  const ratio = Math.min(1.25, Math.max(0.5, (y1 - y0) / (x1 - x0)));   // scales.js heightForWidth
  const width = REFERENCE, height = Math.round(REFERENCE * ratio * 1000) / 1000;
  const none = {top: 0, right: 0, bottom: 0, left: 0};
  const s = makeScales(figure.view, width, height, none);
  const px = ([a, b]) => [s.x(a), s.y(b)];
  const uv = ([a, b]) => [s.x(a) / width, s.y(b) / height];
  const grid = {...figure.grid, values: Float64Array.from(figure.grid.values)};
  const contours = computeContours(grid, {scale: figure.scale, minima: {points: figure.minima, values: figure.minima_values ?? []}});
  const id = `pg-open-${index}`;
  const plot = [];
  plot.push(`<svg class="pg-opening-plot" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" aria-hidden="true" focusable="false">`);
  plot.push(`<rect width="${width}" height="${height}" fill="${interpolateViridis(0)}"/>`);
  contours.bands.forEach((band, k) => {
    const d = band.rings.flatMap((polygon) => polygon.map((ring) => pathData(simplify(ring.map(px), BAND_TOLERANCE), true))).join("");
    if (!d) return;
    const line = k ? ` stroke="#ffffff" stroke-opacity=".28" stroke-width=".7" vector-effect="non-scaling-stroke"` : "";
    plot.push(`<path fill="${interpolateViridis(band.t)}" fill-rule="evenodd"${line} d="${d}"/>`);
  });
  const marks = [];
  const ends = [];
  const isGlobal = (p) => figure.global_minima.some((g) => Math.hypot(g[0] - p[0], g[1] - p[1]) < 1e-9);
  for (const p of figure.minima) {
    if (isGlobal(p)) continue;
    const [u, v] = uv(p);
    marks.push(at(u, v, `<circle r="4.5" fill="none" stroke="#000" stroke-opacity=".6" stroke-width="3"/>` +
                        `<circle r="4.5" fill="none" stroke="#fff" stroke-width="1.6"/>`));
  }
  for (const p of figure.global_minima) {
    const [u, v] = uv(p);
    marks.push(at(u, v, `<path d="${star(8, 3.6)}" fill="#fff" stroke="#000" stroke-width="1.3"/>`));
  }
  const lines = [], masks = [];
  figure.runs.forEach((run, r) => {
    run.paths.forEach((path, row) => {
      const points = path.map(px);
      const drawn = simplify(points, PATH_TOLERANCE);
      const d = pathData(drawn);
      const key = `${id}-${r}-${row}`;
      const timing = reveal(points, path.length - 1, speed);
      masks.push(`<mask id="${key}" maskUnits="userSpaceOnUse" x="-10" y="-10" width="${width + 20}" height="${height + 20}">` +
                 `<path d="${d}" fill="none" stroke="#fff" stroke-width="24" pathLength="1" stroke-dasharray="1 1" stroke-dashoffset="0">` +
                 `<animate attributeName="stroke-dashoffset" dur="${r2(timing.dur)}s" fill="freeze" calcMode="linear" ` +
                 `keyTimes="${timing.keyTimes}" values="${timing.values}"/></path></mask>`);
      const pattern = dashArray(run.dash, LINE_WIDTH);
      const dash = pattern.length ? ` stroke-dasharray="${pattern.map(r2).join(" ")}"` : "";
      lines.push(`<g mask="url(#${key})" fill="none" stroke-linejoin="round" stroke-linecap="round" class="pg-opening-run" ` +
                 `data-key="${esc(run.key)}" data-start="${row}" data-steps="${path.length - 1}">` +
                 `<path d="${d}" stroke="${CASING_COLOR}" stroke-width="${LINE_WIDTH + CASING}" vector-effect="non-scaling-stroke"/>` +
                 `<path d="${d}" stroke="${run.color}" stroke-width="${LINE_WIDTH}"${dash} vector-effect="non-scaling-stroke"/></g>`);
      // its hollow marker where it leaves the start, and its filled marker at its end, once drawn
      const scale = TYPICAL_PX / width;
      const leaves = points.find(([a, b]) => Math.hypot(a - points[0][0], b - points[0][1]) * scale >= START_CLEARANCE);
      const [eu, ev] = [points[points.length - 1][0] / width, points[points.length - 1][1] / height];
      const shown = `<set attributeName="visibility" to="visible" begin="${r2(timing.dur)}s" fill="freeze"/>`;
      let group = `<g class="pg-opening-end" visibility="hidden">${shown}`;
      if (leaves) {
        group += at(leaves[0] / width, leaves[1] / height,
                    `<path d="${markerPath(run.marker, 0, 0, MARKER_RADIUS * 0.85)}" fill="${CASING_COLOR}" stroke="${run.color}" stroke-width="1.8"/>`);
      }
      group += at(eu, ev, `<path d="${markerPath(run.marker, 0, 0, MARKER_RADIUS)}" fill="${run.color}" stroke="${CASING_COLOR}" stroke-width="1.4"/>`);
      ends.push(group + `</g>`);
    });
  });
  plot.push(`<defs>${masks.join("")}</defs>`, ...lines, `</svg>`);
  const starts = figure.starts.map((p) => {
    const [u, v] = uv(p);
    return at(u, v, `<circle r="6" fill="#fff" stroke="#000" stroke-width="2"/>`);
  });
  const markSvg = `<svg class="pg-opening-marks" aria-hidden="true" focusable="false">${marks.join("")}${ends.join("")}${starts.join("")}</svg>`;
  return `<div class="pg-opening" data-opening-picture="${esc(figure.id)}">` +
    `<div class="pg-opening-area">${plot.join("")}${markSvg}</div>${axes(figure.view, margins)}</div>`;
}

// The axes: ticks and labels at the coarsest tick count (scales.js's minimum, 3), whose ticks
// are among those the live plot draws at any size, at percentages of the box plus pixels.
function axes(view, m) {
  const s = makeScales(view, 1000, 1000, {top: 0, right: 0, bottom: 0, left: 0});
  const out = [`<svg class="pg-opening-axes" aria-hidden="true" focusable="false">`];
  const xTicks = s.xTicks(3), xFormat = s.tickFormat("x", 3);
  for (const t of xTicks) {
    const f = s.x(t) / 1000;
    const offset = m.left - f * (m.left + m.right);
    out.push(`<svg x="${pct(f)}" y="100%" overflow="visible"><path d="M${r2(offset + 0.5)} ${-m.bottom}v5"/>` +
             `<text x="${r2(offset)}" y="${19 - m.bottom}" text-anchor="middle">${esc(xFormat(t))}</text></svg>`);
  }
  const yTicks = s.yTicks(3), yFormat = s.tickFormat("y", 3);
  for (const t of yTicks) {
    const f = s.y(t) / 1000;   // from the top
    const offset = m.top - f * (m.top + m.bottom);
    out.push(`<svg x="0" y="${pct(f)}" overflow="visible"><path d="M${m.left - 5} ${r2(offset + 0.5)}h5"/>` +
             `<text x="${m.left - 7}" y="${r2(offset + 4)}" text-anchor="end">${esc(yFormat(t))}</text></svg>`);
  }
  out.push(`<svg x="50%" y="100%" overflow="visible"><text x="${r2((m.left - m.right) / 2)}" y="${35 - m.bottom}" text-anchor="middle">x</text></svg>`);
  out.push(`<svg x="0" y="50%" overflow="visible"><text transform="translate(14 ${r2((m.top - m.bottom) / 2)}) rotate(-90)" ` +
           `text-anchor="middle" dominant-baseline="central">y</text></svg>`);
  out.push(`</svg>`);
  return out.join("");
}

const {openings, margins, speed} = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(openings.map((figure, i) => openingHtml(figure, margins, speed, i))));
