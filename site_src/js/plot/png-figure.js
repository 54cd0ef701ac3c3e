// The plot as a PNG for a slide or a paper, loaded with import() on the first download: a
// heading (the function's name, its formula, its parameters and the noise), the plot drawn
// again at the picture's scale (contours, map, paths at the current step: the renderer's own
// layers, so its pixels are the canvas's at that scale), and a legend: each run's swatch
// (colour, dash, marker), its label and the settings it ran with, then the minima's symbols.
// In the page's current colours. Laid out in the plot's CSS pixels, drawn at `scale`.
import {drawSwatch} from "./path-style.js";
import {FONT} from "./base-layer.js";
import {drawBaseLayer} from "./base-layer.js";
import {drawOverlayLayer} from "./overlay-layer.js";

export const MAX_WIDTH = 3840;     // the widest picture offered, in pixels
export const DEFAULT_SCALE = 2;    // twice the plot's size on screen

const FAMILY = FONT.split("px ")[1];
const PAD = 12;
const LINE = 17;                   // a text line's height (CSS px)
const SWATCH = 42;                 // a swatch's width and the gap after it

// The picture's scale: `width` pixels wide (at most MAX_WIDTH), else twice the plot's CSS
// width (at most MAX_WIDTH).
export function figureScale(cssWidth, width = null) {
  const target = width ? Math.min(width, MAX_WIDTH) : Math.min(DEFAULT_SCALE * cssWidth, MAX_WIDTH);
  return target / cssWidth;
}

// Text broken into lines no wider than `max` at the context's font.
export function wrapText(ctx, text, max) {
  const lines = [];
  let line = "";
  for (const word of String(text).split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > max) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

// renderer: its scales, layers and theme colours; text: export.js's figureText ({title,
// formula, details, legend}); width: the picture's width in pixels (null: twice the plot's).
// Resolves to a Blob (image/png).
export function plotFigure(renderer, {title, formula = "", details = [], legend = []}, {width = null} = {}) {
  const {width: cssWidth, height: plotHeight} = renderer.scales;
  const scale = figureScale(cssWidth, width);
  const colors = renderer.themeColors();   // the figure as the page shows it
  const measure = document.createElement("canvas").getContext("2d");
  const textWidth = cssWidth - 2 * PAD;
  const fonts = {title: `600 15px ${FAMILY}`, text: `13px ${FAMILY}`, label: `600 12px ${FAMILY}`, small: FONT};

  // the heading's lines, then each legend item's (its label on the swatch's line, its settings under it)
  measure.font = fonts.text;
  const heading = [...(formula ? wrapText(measure, formula, textWidth) : []), ...details.flatMap((d) => wrapText(measure, d, textWidth))];
  measure.font = fonts.small;
  const items = legend.map((item) => ({...item, lines: wrapText(measure, item.settings ?? "", textWidth - SWATCH)}));
  const top = PAD + 20 + heading.length * LINE + 6;
  const legendHeight = items.reduce((sum, item) => sum + LINE * (1 + item.lines.length) + 4, 0) + LINE + PAD + 6;
  const cssHeight = top + plotHeight + legendHeight;

  const canvas = document.createElement("canvas");
  canvas.width = Math.round(cssWidth * scale);
  canvas.height = Math.round(cssHeight * scale);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, cssWidth, cssHeight);
  ctx.textBaseline = "middle";
  ctx.fillStyle = colors.text;
  ctx.font = fonts.title;
  ctx.fillText(title, PAD, PAD + 8);
  ctx.font = fonts.text;
  heading.forEach((line, i) => ctx.fillText(line, PAD, PAD + 20 + i * LINE + LINE / 2));

  // the plot: the renderer's two layers drawn again at this scale, laid at whole pixels
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const y0 = Math.round(top * scale);
  for (const draw of [drawBaseLayer, (c, r) => drawOverlayLayer(c, r, {cursorShown: false})]) {
    ctx.drawImage(layer(renderer, scale, draw), 0, y0);
  }

  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  let y = y0 / scale + plotHeight + 8;
  for (const item of items) {
    drawSwatch(ctx, item, PAD, y, colors.casing);
    ctx.fillStyle = colors.text;
    ctx.font = fonts.label;
    ctx.fillText(item.label, PAD + SWATCH, y + LINE / 2);
    ctx.font = fonts.small;
    item.lines.forEach((line, i) => ctx.fillText(line, PAD + SWATCH, y + LINE * (i + 1) + LINE / 2));
    y += LINE * (1 + item.lines.length) + 4;
  }
  ctx.font = fonts.small;
  ctx.fillText("★ global minimum    ○ other local minimum", PAD, y + LINE / 2);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser made no image"))), "image/png"));
}

// One of the renderer's layers drawn on a canvas of its own at `scale` (its CSS size times scale).
function layer(renderer, scale, draw) {
  const {width, height} = renderer.scales;
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  draw(ctx, renderer);
  return canvas;
}

