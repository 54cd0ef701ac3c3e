// Draws the article's static figures as SVG, for the build (site_build/figures.py): the first
// argument is a JSON file {figures, theme, margins}: figures is a list (figures.py figure_data:
// the grid, the minima, each run's paths in domain units with its colour, dash and marker); theme
// is the colours of site.css's tokens in each scheme and its font (figures.py theme); margins the
// catalog's plot margins (null: scales.js's). Prints a JSON list of SVG texts. The contours and
// the axes come from the page's own contours.js and scales.js (figure_node.py stages them beside
// a vendor/d3.mjs that re-exports npm's d3), so the picture is the live plot's: same levels, same
// viridis bands, same ticks, same margins. Dashes and end markers are path-style.js's, as on the
// plot. The SVG is self-contained (no script, no external reference); its one <style> only
// switches the frame's colours for dark mode. Coordinates are rounded to 0.1 px.
import {readFileSync} from "node:fs";
import {computeContours} from "./js/plot/contours.js";
import {makeScales} from "./js/plot/scales.js";
import {interpolateViridis} from "./vendor/d3.mjs";
import {LINE_WIDTH, MARKER_RADIUS, dashArray, markerPath} from "./js/plot/path-style.js";
import {simplify} from "./figure_geometry.mjs";

const PATH_TOLERANCE = 0.35;   // px: a path's points closer than this to the drawn line are left out

// The frame's classes in one scheme's colours: background, axes, tick text, legend box and text.
function schemeRules(c) {
  return `.bg{fill:${c.background}}.ax{stroke:${c.axis}}.tx{fill:${c.text}}` +
    `.lg{fill:${c.legend};stroke:${c.legend_line}}.lt{fill:${c.legend_text}}`;
}

function styleOf(theme) {
  return schemeRules(theme.light) + `@media (prefers-color-scheme:dark){${schemeRules(theme.dark)}}`;
}

const r1 = (v) => String(Math.round(v * 10) / 10);
const esc = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// "Mx y l dx dy dx dy ..." for a list of [x, y] pixels: positions rounded to 0.1 px, then written
// as relative moves between the rounded positions (short numbers, no drift); repeats dropped

// (`unit` 1: whole pixels, for the contour bands.)
const short = (steps, unit) => String(Math.round(steps * unit * 10) / 10).replace(/^(-?)0\./, "$1.");
function pair(a, b, unit) {
  const second = short(b, unit);
  return short(a, unit) + (second.startsWith("-") ? "" : " ") + second;
}

function pathData(pixels, close = false, unit = 0.1) {
  if (!pixels.length) return "";
  const tenth = (v) => Math.round(v / unit);
  let [x, y] = [tenth(pixels[0][0]), tenth(pixels[0][1])];
  let text = "M" + pair(x, y, unit);
  const moves = [];
  for (let i = 1; i < pixels.length; i++) {
    const nx = tenth(pixels[i][0]), ny = tenth(pixels[i][1]);
    if (nx === x && ny === y) continue;
    moves.push(pair(nx - x, ny - y, unit));
    [x, y] = [nx, ny];
  }
  if (!moves.length && !close) moves.push("0 0");
  if (moves.length) text += "l" + moves.map((m, i) => (i && !m.startsWith("-") ? " " : "") + m).join("");
  return text + (close ? "Z" : "");
}

function haloOf(color) {
  return color.toLowerCase() === "#111111" ? "#ffffff" : "#000000";
}

// The preset's dash pattern as an SVG attribute (path-style.js, as the plot draws it), or "".
function dashAttribute(name) {
  const pattern = dashArray(name, LINE_WIDTH);
  return pattern.length ? ` stroke-dasharray="${pattern.map((v) => Math.round(v * 100) / 100).join(" ")}"` : "";
}

// A run's end marker at (x, y): the preset's marker shape (path-style.js), filled in its colour.
function marker(kind, x, y, color, halo, r = MARKER_RADIUS) {
  return `<path d="${markerPath(kind, x, y, r)}" fill="${color}" stroke="${halo}" stroke-opacity=".6" stroke-width="1.2"/>`;
}

function star(cx, cy, outer, inner) {
  const points = [];
  for (let k = 0; k < 10; k++) {
    const r = k % 2 ? inner : outer;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    points.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return pathData(points, true);
}

// The corner of the plot the paths cross least, for the legend box.
function legendCorner(plot, box, pixelPaths) {
  const corners = [
    [plot.right - box.width - 6, plot.top + 6], [plot.left + 6, plot.top + 6],
    [plot.right - box.width - 6, plot.bottom - box.height - 6], [plot.left + 6, plot.bottom - box.height - 6],
  ];
  let best = corners[0], fewest = Infinity;
  for (const [x, y] of corners) {
    let count = 0;
    for (const path of pixelPaths) {
      for (const [px, py] of path) if (px >= x - 4 && px <= x + box.width + 4 && py >= y - 4 && py <= y + box.height + 4) count++;
    }
    if (count < fewest) [best, fewest] = [[x, y], count];
  }
  return best;
}

function figureSvg(figure, theme, margins) {
  const {width, height, view} = figure;
  const s = makeScales(view, width, height, margins);
  const {plot, x, y} = s;
  const grid = {...figure.grid, values: Float64Array.from(figure.grid.values)};
  const contours = computeContours(grid, {scale: figure.scale});
  const px = ([a, b]) => [x(a), y(b)];
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
           `font-family="${esc(theme.font)}" font-size="12">`);
  out.push(`<style>${esc(styleOf(theme))}</style>`);
  out.push(`<rect class="bg" width="${width}" height="${height}"/>`);
  out.push(`<clipPath id="plot"><rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}"/></clipPath>`);
  out.push(`<g clip-path="url(#plot)">`);
  out.push(`<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="${interpolateViridis(0)}"/>`);
  // Filled bands (band k: f >= its level), then the lines between them (the bands' edges).
  const tolerance = 0.8;
  const bandPaths = contours.bands.map((band) => {
    const d = band.rings.flatMap((polygon) => polygon.map((ring) => pathData(simplify(ring.map(px), tolerance), true, 1))).join("");
    return {d, color: interpolateViridis(band.t)};
  });
  bandPaths.forEach(({d, color}, k) => {
    if (!d) return;
    const line = k ? ` stroke="#ffffff" stroke-opacity=".28" stroke-width=".7"` : "";
    out.push(`<path fill="${color}" fill-rule="evenodd"${line} d="${d}"/>`);
  });
  // Minima: a star for a global one, a ring for another.
  const isGlobal = (p) => figure.global_minima.some((g) => Math.hypot(g[0] - p[0], g[1] - p[1]) < 1e-9);
  const radius = figure.minima.length > 30 ? 2.8 : 4.5;
  for (const p of figure.minima) {
    if (isGlobal(p)) continue;
    const [cx, cy] = px(p);
    out.push(`<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${radius}" fill="none" stroke="#000" stroke-opacity=".6" stroke-width="3"/>` +
             `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${radius}" fill="none" stroke="#fff" stroke-width="1.6"/>`);
  }
  for (const p of figure.global_minima) {
    const [cx, cy] = px(p);
    out.push(`<path d="${star(cx, cy, 8, 3.6)}" fill="#fff" stroke="#000" stroke-width="1.3"/>`);
  }
  // Paths: a halo under each, the preset's colour (and dash) over it, its marker at the end.
  const pixelPaths = [];
  figure.runs.forEach((run, r) => {
    const halo = haloOf(run.color);
    const dash = dashAttribute(run.dash);
    run.paths.forEach((path, row) => {
      const pixels = simplify(path.map(px), PATH_TOLERANCE);   // first and last points kept
      pixelPaths.push(pixels);
      const id = `p${r}-${row}`;
      const d = pathData(pixels);
      const [ex, ey] = px(path[path.length - 1]);
      out.push(`<defs><path id="${id}" d="${d}" fill="none"/></defs>`);
      out.push(`<g stroke-linejoin="round" stroke-linecap="round"><use href="#${id}" stroke="${halo}" ` +
               `stroke-opacity="${halo === "#000000" ? ".6" : ".75"}" stroke-width="4"/>` +
               `<use href="#${id}" class="run" data-key="${esc(run.key)}" data-start="${row}" data-end="${r1(ex)} ${r1(ey)}" ` +
               `stroke="${run.color}" stroke-width="${LINE_WIDTH}"${dash}/></g>`);
      out.push(marker(run.marker, ex, ey, run.color, halo));
    });
  });
  figure.starts.forEach((start, i) => {
    const [cx, cy] = px(start);
    const numbered = figure.starts.length > 1;
    out.push(`<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${numbered ? 8 : 6}" fill="#fff" stroke="#000" stroke-width="2"/>`);
    if (numbered) {
      out.push(`<text x="${r1(cx)}" y="${r1(cy + 3.5)}" text-anchor="middle" font-size="10" font-weight="bold" fill="#000">${i + 1}</text>`);
    }
  });
  out.push(`</g>`);
  // The frame and the axes.
  const ticks = [];
  const xTicks = s.xTicks(), xFormat = s.tickFormat("x", xTicks.length);
  for (const t of xTicks) {
    const p = Math.round(x(t)) + 0.5;
    ticks.push(`M${p} ${plot.bottom}v5`);
    out.push(`<text class="tx" x="${p}" y="${plot.bottom + 19}" text-anchor="middle">${esc(xFormat(t))}</text>`);
  }
  const yTicks = s.yTicks(), yFormat = s.tickFormat("y", yTicks.length);
  for (const t of yTicks) {
    const p = Math.round(y(t)) + 0.5;
    ticks.push(`M${plot.left - 5} ${p}h5`);
    out.push(`<text class="tx" x="${plot.left - 7}" y="${p + 4}" text-anchor="end">${esc(yFormat(t))}</text>`);
  }
  out.push(`<path class="ax" fill="none" d="M${plot.left + 0.5} ${plot.top + 0.5}H${plot.right - 0.5}V${plot.bottom - 0.5}H${plot.left + 0.5}Z${ticks.join("")}"/>`);
  out.push(`<text class="tx" x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 35}" text-anchor="middle">x</text>`);
  out.push(`<text class="tx" x="14" y="${(plot.top + plot.bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(plot.top + plot.bottom) / 2})">y</text>`);
  // The legend, in the plot's emptiest corner.
  const rowHeight = 18;
  const longest = Math.max(...figure.runs.map((run) => run.label.length), 4);
  const box = {width: Math.round(56 + longest * 7.6), height: figure.runs.length * rowHeight + 8};
  const [lx, ly] = legendCorner(plot, box, pixelPaths);
  out.push(`<g class="legend"><rect class="lg" x="${r1(lx)}" y="${r1(ly)}" width="${box.width}" height="${box.height}" rx="4"/>`);
  figure.runs.forEach((run, i) => {
    const cy = ly + 4 + rowHeight * i + rowHeight / 2;
    const dash = dashAttribute(run.dash);
    const halo = haloOf(run.color);
    out.push(`<path d="M${r1(lx + 8)} ${r1(cy)}h24" stroke="${halo}" stroke-opacity=".6" stroke-width="4" stroke-linecap="round"/>` +
             `<path d="M${r1(lx + 8)} ${r1(cy)}h24" stroke="${run.color}" stroke-width="${LINE_WIDTH}" stroke-linecap="round"${dash}/>` +
             marker(run.marker, lx + 32, cy, run.color, halo, 4) +
             `<text class="lt" x="${r1(lx + 42)}" y="${r1(cy + 4)}">${esc(run.label)}</text>`);
  });
  out.push(`</g></svg>`);
  return out.join("\n") + "\n";
}


const {figures, theme, margins} = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(figures.map((figure) => figureSvg(figure, theme, margins))));
