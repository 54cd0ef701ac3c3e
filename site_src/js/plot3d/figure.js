// The 3-D view as a PNG: a title, the view as just rendered, and a legend of each optimizer's
// swatch (path-style.js's line and marker, as the contour's PNG has them), in the page's colours.
import {drawSwatch} from "../plot/path-style.js";
import {FONT} from "../plot/base-layer.js";

// canvas: the WebGL canvas, rendered in this task (its drawing buffer is still there); legend:
// [{label, color, dash, marker}]; colors: {background, text, casing}; size: [width, height] CSS px.
// Resolves to a Blob.
export function figure3d(canvas, {title, legend, colors, size: [width, height]}) {
  const dpr = canvas.width / width;
  const rowHeight = 20, top = 28, left = 16;
  const perRow = Math.max(1, Math.floor((width - 2 * left) / 190));
  const legendHeight = Math.ceil(legend.length / perRow) * rowHeight + 12;
  const out = document.createElement("canvas");
  out.width = Math.round(width * dpr);
  out.height = Math.round((top + height + legendHeight) * dpr);
  const ctx = out.getContext("2d");
  ctx.scale(dpr, dpr);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, top + height + legendHeight);
  ctx.drawImage(canvas, 0, top, width, height);
  ctx.fillStyle = colors.text;
  ctx.font = `600 14px ${FONT.split("px ")[1]}`;
  ctx.textBaseline = "middle";
  ctx.fillText(title, left, top / 2);
  ctx.font = FONT;
  legend.forEach((item, i) => {
    const x = left + (i % perRow) * 190, y = top + height + 10 + Math.floor(i / perRow) * rowHeight;
    drawSwatch(ctx, item, x, y - 1, colors.casing);
    ctx.fillStyle = colors.text;
    ctx.fillText(item.label, x + 42, y + 6);
  });
  return new Promise((resolve, reject) =>
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser made no image"))), "image/png"));
}
