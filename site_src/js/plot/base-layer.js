// The plot's base layer, drawn only when the function, the view, the size, the basin map or
// the theme changes: filled contours (viridis), the basin map over them, contour lines, the
// minima's markers and the axes. Functions of the renderer's current scene and scales.
import {interpolateViridis} from "./viridis.js";
import {markedMinima} from "./minima-marks.js";

export const FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

// One Path2D per contour band at the current scales, with its colour.
export function bandPaths(bands, {x, y}) {
  return bands.map((band) => {
    const path = new Path2D();
    for (const polygon of band.rings) {
      for (const ring of polygon) {
        ring.forEach(([px, py], i) => (i ? path.lineTo(x(px), y(py)) : path.moveTo(x(px), y(py))));
        path.closePath();
      }
    }
    return {path, color: interpolateViridis(band.t)};
  });
}

// ctx: the base canvas's context (CSS pixels); renderer: its scene, scales, basinMap, colours.
export function drawBaseLayer(ctx, renderer) {
  const {width, height, plot} = renderer.scales;
  ctx.clearRect(0, 0, width, height);
  ctx.save();
  clipToPlot(ctx, plot);
  if (renderer.scene.nonFinite) {
    hatch(ctx, plot);   // where f is not finite no band covers the plot: hatched grey, not a colour of f
  } else {
    ctx.fillStyle = interpolateViridis(0);
    ctx.fillRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  }
  const bands = renderer.bandPaths();
  for (const band of bands) {
    ctx.fillStyle = band.color;
    ctx.fill(band.path, "evenodd");
  }
  if (renderer.basinMap) drawBasinMap(ctx, renderer.basinMap, renderer.scales);
  ctx.lineWidth = 0.7;
  ctx.strokeStyle = renderer.basinMap ? "rgba(0, 0, 0, 0.3)" : "rgba(255, 255, 255, 0.28)";
  for (const band of bands.slice(1)) ctx.stroke(band.path);
  renderer.minimaMarks = drawMinima(ctx, renderer.scene, renderer.scales);
  renderer.onMinima?.(renderer.minimaMarks);
  ctx.restore();
  drawAxes(ctx, renderer.scales, renderer.themeColors());
}

// Grey with thin diagonal lines: the part of the plot where f has no finite value.
function hatch(ctx, plot) {
  ctx.fillStyle = "#8c8c8c";
  ctx.fillRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.strokeStyle = "rgba(255, 255, 255, 0.35)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  const height = plot.bottom - plot.top;
  for (let x = plot.left - height; x < plot.right; x += 8) {
    ctx.moveTo(x, plot.bottom);
    ctx.lineTo(x + height, plot.top);
  }
  ctx.stroke();
}

export function clipToPlot(ctx, plot) {
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.clip();
}

function drawBasinMap(ctx, basinMap, {x, y}) {
  const [[x0, x1], [y0, y1]] = basinMap.extent;
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.globalAlpha = 0.88;
  ctx.drawImage(basinMap.image, x(x0), y(y1), x(x1) - x(x0), y(y0) - y(y1));
  ctx.restore();
}

// Every global minimum (a star); of the others a few dozen, lowest first and spread out on
// screen (minima-marks.js). Returns what was marked (the tests read renderer.minimaMarks, the
// legend says what is left out).
function drawMinima(ctx, scene, scales) {
  const {x, y} = scales;
  const globals = scene.globalMinima ?? [];
  const marks = markedMinima({minima: scene.minima ?? [], values: scene.minimaValues ?? [],
                              globalMinima: globals, toPixel: ([px, py]) => [x(px), y(py)], plot: scales.plot});
  const radius = 4.5;
  for (const p of marks.local) {
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
  return marks;
}

function drawAxes(ctx, s, colors) {
  const {plot} = s;
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
