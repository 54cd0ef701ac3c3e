// The surface's colours: the contour's own picture over the view, painted on a canvas the
// surface wears as its texture — the same bands in the same colour map (base-layer.js's
// bandPaths: viridis at each band's place), the basin map over them when one is shown (as on
// the contour), and the contour lines. So the 3-D view reads its colours where the contour does.
import {interpolateViridis} from "../plot/viridis.js";
import {bandPaths} from "../plot/base-layer.js";

const SIDE = 1024;   // the texture's larger side in pixels

// canvas: reused between paints. scene: the renderer's ({view, contours, nonFinite}); basinMap:
// the renderer's ({image, extent}) or null. Returns the canvas.
export function paintSurface(canvas, scene, basinMap) {
  const [[x0, x1], [y0, y1]] = scene.view;
  const wide = x1 - x0 >= y1 - y0;
  const width = wide ? SIDE : Math.max(64, Math.round((SIDE * (x1 - x0)) / (y1 - y0)));
  const height = wide ? Math.max(64, Math.round((SIDE * (y1 - y0)) / (x1 - x0))) : SIDE;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  const x = (v) => ((v - x0) / (x1 - x0)) * width;
  const y = (v) => height - ((v - y0) / (y1 - y0)) * height;   // y up, as the texture's v
  ctx.fillStyle = scene.nonFinite ? "#8c8c8c" : interpolateViridis(0);
  ctx.fillRect(0, 0, width, height);
  const bands = bandPaths(scene.contours.bands, {x, y});
  for (const band of bands) {
    ctx.fillStyle = band.color;
    ctx.fill(band.path, "evenodd");
  }
  if (basinMap) {
    const [[bx0, bx1], [by0, by1]] = basinMap.extent;
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = 0.88;
    ctx.drawImage(basinMap.image, x(bx0), y(by1), x(bx1) - x(bx0), y(by0) - y(by1));
    ctx.restore();
  }
  ctx.lineWidth = 1.4;
  ctx.strokeStyle = basinMap ? "rgba(0, 0, 0, 0.3)" : "rgba(255, 255, 255, 0.28)";
  for (const band of bands.slice(1)) ctx.stroke(band.path);
  return canvas;
}
