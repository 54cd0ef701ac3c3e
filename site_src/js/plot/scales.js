// Domain units <-> canvas CSS pixels, and axis ticks.
import {scaleLinear} from "../../vendor/d3.mjs";

// The plot area inside a canvas of width x height CSS pixels, for a view
// [[x0, x1], [y0, y1]]; y grows upwards on screen. margin: {top, right, bottom, left} in CSS
// pixels, the catalog's plot.margins (Python publishes them: the page and the figures share them).
export function makeScales(view, width, height, margin) {
  const [[x0, x1], [y0, y1]] = view;
  const x = scaleLinear().domain([x0, x1]).range([margin.left, width - margin.right]);
  const y = scaleLinear().domain([y0, y1]).range([height - margin.bottom, margin.top]);
  return {
    x, y, margin, width, height,
    plot: {left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom},
    toDomain: (cx, cy) => [x.invert(cx), y.invert(cy)],
    inside: (cx, cy) => cx >= margin.left && cx <= width - margin.right &&
      cy >= margin.top && cy <= height - margin.bottom,
    xTicks: (count = Math.max(3, Math.round((width - margin.left - margin.right) / 80))) => x.ticks(count),
    yTicks: (count = Math.max(3, Math.round((height - margin.top - margin.bottom) / 60))) => y.ticks(count),
    tickFormat: (axis, count) => (axis === "x" ? x : y).tickFormat(count),
  };
}

// The canvas height that keeps one domain unit the same length on both axes,
// within sensible bounds.
export function heightForWidth(view, width, margin) {
  const [[x0, x1], [y0, y1]] = view;
  const plotWidth = width - margin.left - margin.right;
  const ratio = Math.min(1.25, Math.max(0.5, (y1 - y0) / (x1 - x0)));
  return Math.round(plotWidth * ratio + margin.top + margin.bottom);
}
