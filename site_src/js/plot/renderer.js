// Canvas drawing: a base layer (filled contours, contour lines, axes, minima: base-layer.js)
// that is redrawn only when the function, the view or the size changes, and an overlay
// (paths, vectors, start points: overlay-layer.js) redrawn every animation frame; the PNG
// figure is png-figure.js's. HiDPI aware; redraws on resize. The renderer holds what it is
// given and only indexes into those arrays (mapping them to pixels once per size).
import {makeScales, heightForWidth} from "./scales.js";
import {coincidingGroups, groupPlaces} from "./path-overlap.js";
import {cssColors} from "./theme.js";
import {bandPaths, drawBaseLayer} from "./base-layer.js";
import {drawOverlayLayer} from "./overlay-layer.js";

// The colours around the plot follow the light or dark theme: CSS custom properties (site.css),
// read when the base layer is drawn (the playground redraws it when the theme changes), not on
// every animation frame.
const THEME_COLORS = {axis: "--plot-axis", text: "--plot-text", background: "--plot-background",
                      casing: "--plot-path-casing"};
const COINCIDE_PX = 2;          // paths closer than this all along are drawn as nested stripes

export class Renderer {
  // Input (clicks, the keyboard cross) is plot-input.js's; the renderer only draws.
  // margins: the plot's margins in CSS px (the catalog's plot.margins).
  constructor(container, {margins}) {
    this.container = container;
    this.margins = margins;
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

  // names: of the catalog's recordable vectors ("grad", "moment", "step"), drawn for each path
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
    const height = heightForWidth(this.scene.view, width, this.margins);
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
    this.scales = makeScales(this.scene.view, width, height, this.margins);
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

  bandPaths() {
    this.bands ??= bandPaths(this.scene.contours.bands, this.scales);
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
    if (!this.scales) return;
    this.colors = null;
    drawBaseLayer(this.context(this.base), this);
  }

  // Draws every path up to `step` (each stops at its own last finite point).
  drawFrame(step) {
    this.step = step;
    this.drawOverlay();
  }

  drawOverlay() {
    if (!this.scales) return;
    drawOverlayLayer(this.context(this.overlay), this, {cursorShown: document.activeElement === this.overlay});
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

  // The figure as a PNG (png-figure.js): legend = [{label, color, dash, marker}]. Resolves to a Blob.
  async figure({title, legend}) {
    const {plotFigure} = await import("./png-figure.js");   // loaded on first use: the export's only
    return plotFigure(this, {title, legend});
  }
}
