// The plot as a PNG: a title, the two canvases as drawn now (contours, map, paths at the
// current step), and a legend of swatches under them, in the page's current colours.
import {CASING, swatchGeometry} from "./path-style.js";
import {FONT} from "./base-layer.js";

// renderer: its canvases, scales, dpr and theme colours; legend: [{label, color, dash, marker}].
// Resolves to a Blob.
export function plotFigure(renderer, {title, legend}) {
  const {width, height, plot} = renderer.scales;
  const dpr = renderer.dpr;
  const rowHeight = 20, top = 28;
  const perRow = Math.max(1, Math.floor((width - 60) / 190));
  const legendHeight = Math.ceil(legend.length / perRow) * rowHeight + 12;
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round((top + height + legendHeight) * dpr);
  const ctx = canvas.getContext("2d");
  ctx.scale(dpr, dpr);
  const colors = renderer.themeColors();   // the figure as the page shows it
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, top + height + legendHeight);
  ctx.fillStyle = colors.text;
  ctx.font = `600 14px ${FONT.split("px ")[1]}`;
  ctx.textBaseline = "middle";
  ctx.fillText(title, plot.left, top / 2);
  ctx.drawImage(renderer.base, 0, top, width, height);
  ctx.drawImage(renderer.overlay, 0, top, width, height);
  ctx.font = FONT;
  legend.forEach((item, i) => {
    const x = plot.left + (i % perRow) * 190, y = top + height + 10 + Math.floor(i / perRow) * rowHeight;
    drawSwatch(ctx, item, x, y - 1, colors.casing);
    ctx.fillStyle = colors.text;
    ctx.fillText(item.label, x + 42, y + 6);
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser made no image"))), "image/png"));
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
