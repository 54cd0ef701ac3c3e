// Canvas drawing: a base layer (filled contours, contour lines, axes, minima) that is
// redrawn only when the function, the view or the size changes, and an overlay (paths,
// start points) redrawn every animation frame. HiDPI aware; redraws on resize.
// The renderer only indexes into the arrays it is given (and maps them to pixels once).
import {interpolateViridis} from "../../vendor/d3.mjs";
import {makeScales, heightForWidth} from "./scales.js";
import {CASING, dashArray, markerPath, spreadMarkers, stripe, swatchGeometry} from "./path-style.js";
import {coincidingGroups, groupPlaces} from "./path-overlap.js";
import {markedMinima} from "./minima-marks.js";
import {cssColors} from "./theme.js";

// The colours around the plot follow the light or dark theme: CSS custom properties (site.css),
// read when the base layer is drawn (the playground redraws it when the theme changes), not on
// every animation frame.
const THEME_COLORS = {axis: "--plot-axis", text: "--plot-text", background: "--plot-background",
                      casing: "--plot-path-casing"};
const FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export class Renderer {
  // Input (clicks, the keyboard cross) is plot-input.js's; the renderer only draws.
  constructor(container) {
    this.container = container;
    this.base = document.createElement("canvas");
    this.base.className = "pg-canvas pg-canvas-base";
    this.base.setAttribute("aria-hidden", "true");
    this.overlay = document.createElement("canvas");
    this.overlay.className = "pg-canvas pg-canvas-overlay";
    container.append(this.base, this.overlay);
    this.scene = null;       // {view, contours, minima, globalMinima}
    this.basinMap = null;    // {image (a canvas, one pixel per start), extent} or null
    this.paths = [];         // [{key, color, dash, marker, points, n, lastStep, recorded?}]
    this.places = null;      // coinciding paths: "<key> <row>" -> {rank, size, others} (path-overlap.js)
    this.drawn = [];         // the paths of the last frame: [{key, row, color, dash, width, marker, rank, size}]
    this.markers = [];       // and their markers: [{key, row, marker, x, y, shift, radius, color, hollow}] (pixels)
    this.vectors = [];       // names of recorded vectors to draw at the current step
    this.arrows = [];        // the arrows of the last frame: [{key, row, name, at, vector}] (domain units)
    this.longest = new WeakMap();   // a recorded array -> its longest vector per row
    this.starts = [];        // [{x, y, queued}]
    this.cursor = null;      // the keyboard cross, [x, y] in domain units
    this.colors = null;      // the theme's colours (themeColors()), read again by every drawBase()
    this.minimaMarks = null; // the minima drawn: {global, local, total, inView} (minima-marks.js)
    this.onMinima = null;    // called with minimaMarks whenever they are drawn
    this.step = 0;
    this.scales = null;
    this.bands = null;       // Path2D per contour band, for the current size
    this.pixels = new WeakMap();   // a path's points -> their canvas pixels, for the current size
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
  }

  // scene = {view: [[x0, x1], [y0, y1]], contours (from contours.js), minima, minimaValues, globalMinima}
  setScene(scene) {
    this.scene = scene;
    this.resize(true);
  }

  // Another view of the same scene (a zoom or pan in progress): the contours it has, redrawn.
  setView(view) {
    if (!this.scene) return;
    this.scene = {...this.scene, view};
    this.resize(true);
  }

  // map = {pixels (RGBA, from basin-map.js), nx, ny, extent: [[x0, x1], [y0, y1]]} or null:
  // drawn over the filled contours, under the contour lines and the paths.
  setBasinMap(map) {
    if (map) {
      const image = document.createElement("canvas");
      image.width = map.nx;
      image.height = map.ny;
      image.getContext("2d").putImageData(new ImageData(map.pixels, map.nx, map.ny), 0, 0);
      this.basinMap = {image, extent: map.extent};
    } else {
      this.basinMap = null;
    }
    if (this.scales) this.drawBase();
  }

  setPaths(paths) {
    this.paths = paths;
    this.places = null;
  }

  // Which of the paths take the same route from a start (within COINCIDE_PX on screen, at the
  // current size): a Map "<key> <row>" -> {rank, size, others: [keys]}; drawn as nested stripes.
  coinciding() {
    if (!this.scales) return new Map();
    if (!this.places) {
      const paths = this.paths.map(({key, points, n, lastStep}) => ({key, points: this.pathPixels(points), n, lastStep}));
      this.places = groupPlaces(coincidingGroups(paths, COINCIDE_PX));
    }
    return this.places;
  }

  // names: of pyodide_app.api.RECORD_NAMES ("grad", "moment", "step"), drawn for each path
  // that recorded them, at the current step.
  setVectors(names) {
    this.vectors = names;
    this.drawOverlay();
  }

  setStarts(starts) {
    this.starts = starts;
  }

  setCursor(point) {
    this.cursor = point;
    this.drawOverlay();
  }

  resize(force = false) {
    if (!this.scene) return;
    const width = Math.max(240, Math.floor(this.container.clientWidth));
    const height = heightForWidth(this.scene.view, width);
    const dpr = window.devicePixelRatio || 1;
    if (!force && this.scales && this.scales.width === width && this.scales.height === height &&
        this.dpr === dpr) return;
    this.dpr = dpr;
    this.container.style.height = `${height}px`;
    for (const canvas of [this.base, this.overlay]) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    this.scales = makeScales(this.scene.view, width, height);
    this.bands = null;
    this.pixels = new WeakMap();
    this.places = null;
    this.drawBase();
    this.drawOverlay();
  }

  context(canvas) {
    const ctx = canvas.getContext("2d");
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    return ctx;
  }

  clipToPlot(ctx) {
    const {plot} = this.scales;
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
    ctx.clip();
  }

  bandPaths() {
    if (this.bands) return this.bands;
    const {x, y} = this.scales;
    this.bands = this.scene.contours.bands.map((band) => {
      const path = new Path2D();
      for (const polygon of band.rings) {
        for (const ring of polygon) {
          ring.forEach(([px, py], i) => (i ? path.lineTo(x(px), y(py)) : path.moveTo(x(px), y(py))));
          path.closePath();
        }
      }
      return {path, color: interpolateViridis(band.t)};
    });
    return this.bands;
  }

  // The theme's colours, as read by the last drawBase().
  themeColors() {
    if (!this.colors) {
      this.colors = cssColors(this.container, THEME_COLORS);
      this.colors.casing ||= "#121212";
    }
    return this.colors;
  }

  drawBase() {
    this.colors = null;
    const ctx = this.context(this.base);
    const {width, height, plot} = this.scales;
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    this.clipToPlot(ctx);
    ctx.fillStyle = interpolateViridis(0);
    ctx.fillRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
    const bands = this.bandPaths();
    for (const band of bands) {
      ctx.fillStyle = band.color;
      ctx.fill(band.path, "evenodd");
    }
    if (this.basinMap) this.drawBasinMap(ctx);
    ctx.lineWidth = 0.7;
    ctx.strokeStyle = this.basinMap ? "rgba(0, 0, 0, 0.3)" : "rgba(255, 255, 255, 0.28)";
    for (const band of bands.slice(1)) ctx.stroke(band.path);
    this.drawMinima(ctx);
    ctx.restore();
    this.drawAxes(ctx);
  }

  drawBasinMap(ctx) {
    const {x, y} = this.scales;
    const [[x0, x1], [y0, y1]] = this.basinMap.extent;
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = 0.88;
    ctx.drawImage(this.basinMap.image, x(x0), y(y1), x(x1) - x(x0), y(y0) - y(y1));
    ctx.restore();
  }

  drawMinima(ctx) {
    const {x, y} = this.scales;
    const globals = this.scene.globalMinima ?? [];
    // every global minimum; of the others a few dozen, lowest first and spread out on screen
    // (minima-marks.js): the tests read renderer.minimaMarks, the legend says what is left out
    this.minimaMarks = markedMinima({minima: this.scene.minima ?? [], values: this.scene.minimaValues ?? [],
                                     globalMinima: globals, toPixel: ([px, py]) => [x(px), y(py)],
                                     plot: this.scales.plot});
    this.onMinima?.(this.minimaMarks);
    const radius = 4.5;
    for (const p of this.minimaMarks.local) {
      ctx.beginPath();
      ctx.arc(x(p[0]), y(p[1]), radius, 0, 2 * Math.PI);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(0, 0, 0, 0.6)";
      ctx.stroke();
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    }
    for (const p of globals) {
      starPath(ctx, x(p[0]), y(p[1]), 8, 3.6);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.lineWidth = 1.3;
      ctx.strokeStyle = "#000000";
      ctx.stroke();
    }
  }

  drawAxes(ctx) {
    const s = this.scales;
    const {plot} = s;
    const colors = this.themeColors();
    ctx.strokeStyle = colors.axis;
    ctx.fillStyle = colors.text;
    ctx.lineWidth = 1;
    ctx.font = FONT;
    ctx.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.right - plot.left - 1, plot.bottom - plot.top - 1);
    const xTicks = s.xTicks();
    const xFormat = s.tickFormat("x", xTicks.length);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const t of xTicks) {
      const px = Math.round(s.x(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, plot.bottom);
      ctx.lineTo(px, plot.bottom + 5);
      ctx.stroke();
      ctx.fillText(xFormat(t), px, plot.bottom + 7);
    }
    ctx.fillText("x", (plot.left + plot.right) / 2, plot.bottom + 23);
    const yTicks = s.yTicks();
    const yFormat = s.tickFormat("y", yTicks.length);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of yTicks) {
      const py = Math.round(s.y(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(plot.left - 5, py);
      ctx.lineTo(plot.left, py);
      ctx.stroke();
      ctx.fillText(yFormat(t), plot.left - 7, py);
    }
    ctx.save();
    ctx.translate(14, (plot.top + plot.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.fillText("y", 0, 0);
    ctx.restore();
  }

  // Draws every path up to `step` (each stops at its own last finite point).
  drawFrame(step) {
    this.step = step;
    this.drawOverlay();
  }

  drawOverlay() {
    if (!this.scales) return;
    const ctx = this.context(this.overlay);
    const {width, height} = this.scales;
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    this.clipToPlot(ctx);
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    const {casing} = this.themeColors();   // every path on a thin casing (site.css)
    const places = this.coinciding();
    this.drawn = [];
    // the lines first, then every marker over them (a later path's line would cover one), those
    // that would cover each other (runs ending at one minimum, coinciding paths) side by side
    this.markers = spreadMarkers(this.paths.flatMap((path) => this.drawPath(ctx, path, casing, places)));
    for (const marker of this.markers) drawMarker(ctx, marker, casing);
    this.arrows = [];
    if (this.vectors.length) for (const path of this.paths) this.drawVectors(ctx, path);
    this.starts.forEach((start, i) => this.drawStart(ctx, start, this.starts.length > 1 ? String(i + 1) : null));
    if (this.cursor && document.activeElement === this.overlay) this.drawCursor(ctx);
    ctx.restore();
  }

  // A path's points in canvas pixels, computed once per path and canvas size rather
  // than on every frame (NaN after a row's last finite point, which is never drawn).
  pathPixels(points) {
    let pixels = this.pixels.get(points);
    if (!pixels) {
      const {x, y} = this.scales;
      pixels = new Float32Array(points.length);
      for (let i = 0; i < points.length; i += 2) {
        pixels[i] = x(points[i]);
        pixels[i + 1] = y(points[i + 1]);
      }
      this.pixels.set(points, pixels);
    }
    return pixels;
  }

  // A path in its colour and dash pattern on a solid casing, with its marker hollow where it
  // leaves the start (outside the start's circle) and filled at its current end. Paths that
  // coincide with others (places) are nested stripes, the first drawn widest, the last narrowest.
  // Returns the markers to draw: [{marker, x, y, radius, color, hollow}].
  drawPath(ctx, {key, color, dash, marker, points, n, lastStep}, casing, places) {
    const markers = [];
    const pixels = this.pathPixels(points);
    const step = Math.floor(this.step);
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
      this.drawn.push({key, row, color, dash: pattern, width, marker, rank: place?.rank ?? 0, size: place?.size ?? 1});
    }
    return markers;
  }

  // At a row's point of the current step s, the vectors of the update that leaves it (the
  // recorded index s + 1): −gradient and −moment scaled so each run's longest is
  // ARROW_PX long, the step to scale. Nothing after a row's last step.
  drawVectors(ctx, {key, color, points, n, lastStep, recorded}) {
    if (!recorded) return;
    const step = Math.floor(this.step);
    const {x, y} = this.scales;
    for (const name of this.vectors) {
      const vectors = recorded[name];
      if (!vectors) continue;
      const longest = this.longestVectors(vectors, n);
      for (let row = 0; row < n; row++) {
        if (step + 1 > lastStep[row]) continue;
        const p = (step * n + row) * 2, v = ((step + 1) * n + row) * 2;
        const at = [points[p], points[p + 1]], vector = [vectors[v], vectors[v + 1]];
        if (!vector.every(Number.isFinite)) continue;
        this.arrows.push({key, row, name, at, vector});
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
        drawArrow(ctx, x0, y0, dx, dy, name, color);
      }
    }
  }

  longestVectors(vectors, n) {
    let longest = this.longest.get(vectors);
    if (!longest) {
      longest = new Float64Array(n);
      for (let i = 0; i < vectors.length; i += 2) {
        const length = Math.hypot(vectors[i], vectors[i + 1]);
        const row = (i / 2) % n;
        if (length > longest[row]) longest[row] = length;
      }
      this.longest.set(vectors, longest);
    }
    return longest;
  }

  // The figure as a PNG: a title, the plot as drawn now (contours, map, paths at the current
  // step), and a legend of `legend` ([{label, color, dash, marker}]: swatches) under it. Resolves to a Blob.
  figure({title, legend}) {
    const {width, height} = this.scales;
    const dpr = this.dpr;
    const rowHeight = 20, top = 28;
    const perRow = Math.max(1, Math.floor((width - 60) / 190));
    const legendHeight = Math.ceil(legend.length / perRow) * rowHeight + 12;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round((top + height + legendHeight) * dpr);
    const ctx = canvas.getContext("2d");
    ctx.scale(dpr, dpr);
    const colors = this.themeColors();   // the figure as the page shows it
    ctx.fillStyle = colors.background;
    ctx.fillRect(0, 0, width, top + height + legendHeight);
    ctx.fillStyle = colors.text;
    ctx.font = `600 14px ${FONT.split("px ")[1]}`;
    ctx.textBaseline = "middle";
    ctx.fillText(title, this.scales.plot.left, top / 2);
    ctx.drawImage(this.base, 0, top, width, height);
    ctx.drawImage(this.overlay, 0, top, width, height);
    ctx.font = FONT;
    const {casing} = colors;
    legend.forEach((item, i) => {
      const x = this.scales.plot.left + (i % perRow) * 190, y = top + height + 10 + Math.floor(i / perRow) * rowHeight;
      drawSwatch(ctx, item, x, y - 1, casing);
      ctx.fillStyle = colors.text;
      ctx.fillText(item.label, x + 42, y + 6);
    });
    return new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser made no image"))), "image/png"));
  }

  drawCursor(ctx) {
    const px = this.scales.x(this.cursor[0]), py = this.scales.y(this.cursor[1]);
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
  drawStart(ctx, {x: sx, y: sy, queued}, number = null) {
    const px = this.scales.x(sx), py = this.scales.y(sy);
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
      const right = px + 10 + w > this.scales.plot.right;
      const left = right ? px - 10 - w : px + 10;
      ctx.fillStyle = "rgba(255, 255, 255, 0.88)";
      ctx.fillRect(left, py - 10, w, 20);
      ctx.fillStyle = "#1d2026";
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(text, left + 5, py);
    }
  }
}

const ARROW_PX = 70;
const COINCIDE_PX = 2;          // paths closer than this all along are drawn as nested stripes
const START_CLEARANCE_PX = 13;  // a path's start marker sits where it leaves the start's circle

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

// An optimizer's swatch (path-style.js) on a canvas, its box's top left at (x, y): a short line
// in its colour and dash pattern on its casing, ending in its marker.
function drawSwatch(ctx, {color, dash, marker}, x, y, casing) {
  const {line: [x1, y1, x2, y2], dash: pattern, marker: d} = swatchGeometry({dash, marker});
  ctx.save();
  ctx.translate(x, y);
  ctx.lineCap = "round";
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.lineWidth = 2 + CASING;
  ctx.strokeStyle = casing;
  ctx.stroke();
  ctx.setLineDash(pattern);
  ctx.lineWidth = 2;
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

// An arrow from (x0, y0) by (dx, dy) pixels: "grad" white on a dark halo, "moment" dashed
// in the run's colour, "step" solid in the run's colour (vector-controls.js names them).
function drawArrow(ctx, x0, y0, dx, dy, name, color) {
  const length = Math.hypot(dx, dy);
  if (length < 0.5) return;
  const head = Math.min(8, length * 0.45);
  const ux = dx / length, uy = dy / length;
  const x1 = x0 + dx, y1 = y0 + dy;
  const shape = () => {
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.moveTo(x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux));
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux));
  };
  ctx.save();
  shape();
  ctx.lineWidth = 4.5;
  ctx.strokeStyle = name === "grad" ? "rgba(0, 0, 0, 0.75)" : "rgba(0, 0, 0, 0.55)";
  ctx.stroke();
  shape();
  ctx.lineWidth = name === "step" ? 2.5 : 2;
  ctx.strokeStyle = name === "grad" ? "#ffffff" : color;
  if (name === "moment") ctx.setLineDash([5, 3]);
  ctx.stroke();
  ctx.restore();
}

function starPath(ctx, cx, cy, outer, inner) {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const r = k % 2 ? inner : outer;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    const px = cx + r * Math.cos(a), py = cy + r * Math.sin(a);
    if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  }
  ctx.closePath();
}
