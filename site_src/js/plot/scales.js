// Domain units <-> canvas CSS pixels, and axis ticks.
import {tickStep, ticks} from "../../vendor/d3.mjs";

const MINUS = "\u2212";   // d3-format's minus sign

// d3-scale's scaleLinear as the page uses it (tests/js/scales.test.mjs holds it to d3's, value for
// value and label for label), without d3-scale, d3-interpolate and d3-format in the entry bundle:
// x -> range, invert, domain(), range(), ticks(count) (d3-array's) and tickFormat(count) (d3's
// default ",f" at the precision of the tick step: thousands grouped with ",", the minus sign U+2212).
export function scaleLinear(domain, range) {
  const forward = bimap(domain, range);
  const backward = bimap(range, domain);
  const scale = (x) => (Number.isNaN(x = +x) ? undefined : forward(x));
  scale.invert = (y) => backward(+y);
  scale.domain = () => [...domain];
  scale.range = () => [...range];
  scale.ticks = (count = 10) => ticks(domain[0], domain[domain.length - 1], count);
  scale.tickFormat = (count = 10) => fixedFormat(precisionFixed(tickStep(domain[0], domain[domain.length - 1], count)));
  return scale;
}

function normalize(a, b) {
  const span = b - a;
  return span ? (x) => (x - a) / span : () => (Number.isNaN(span) ? NaN : 0.5);
}

function bimap([d0, d1], [r0, r1]) {
  const [t, a, b] = d1 < d0 ? [normalize(d1, d0), r1, r0] : [normalize(d0, d1), r0, r1];
  return (x) => {
    const u = t(x);
    return a * (1 - u) + b * u;
  };
}

function precisionFixed(step) {
  const text = Math.abs(step).toExponential();
  const e = text.indexOf("e");
  return e < 0 ? NaN : Math.max(0, -Number(text.slice(e + 1)));
}

function fixedFormat(precision) {
  const digits = Number.isNaN(precision) ? 6 : Math.max(0, Math.min(20, precision));
  return (value) => {
    value = +value;
    let negative = value < 0 || 1 / value < 0;
    const text = Number.isNaN(value) ? "NaN" : Math.abs(value).toFixed(digits);
    if (negative && +text === 0) negative = false;
    const cut = text.search(/[^0-9]/);
    const whole = cut < 0 ? text : text.slice(0, cut);
    return (negative ? MINUS : "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (cut < 0 ? "" : text.slice(cut));
  };
}

// The plot area inside a canvas of width x height CSS pixels, for a view
// [[x0, x1], [y0, y1]]; y grows upwards on screen. margin: {top, right, bottom, left} in CSS
// pixels, the catalog's plot.margins (Python publishes them: the page and the figures share them).
export function makeScales(view, width, height, margin) {
  const [[x0, x1], [y0, y1]] = view;
  const x = scaleLinear([x0, x1], [margin.left, width - margin.right]);
  const y = scaleLinear([y0, y1], [height - margin.bottom, margin.top]);
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
