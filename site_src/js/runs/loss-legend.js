// The loss chart's words and swatches: a legend swatch drawn as the curve is (its casing, then
// its colour in its dash), and the readout's line ("Step 40: Adam 0.12; SGD 0.5").
import {dashArray} from "../plot/path-style.js";

const SWATCH = {width: 32, height: 12};

function svgElement(tag, attributes) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

// style: loss-data.js seriesStyle's {stroke, casing}; dash: the preset's dash name's array is
// drawn at `line` px (path-style.js dashArray); background: the chart's (the swatch sits on it).
export function legendSwatch(style, dash, line, casing, background) {
  const {width, height} = SWATCH;
  const svg = svgElement("svg", {class: "pg-loss-swatch", width, height, viewBox: `0 0 ${width} ${height}`,
                                 "aria-hidden": "true", focusable: "false"});
  svg.style.background = background;
  const y = height / 2;
  const pattern = dashArray(dash, line);
  svg.append(svgElement("line", {x1: 3, y1: y, x2: width - 3, y2: y, stroke: style.casing, "stroke-width": line + casing,
                                 "stroke-linecap": "round"}),
             svgElement("line", {x1: 3, y1: y, x2: width - 3, y2: y, stroke: style.stroke, "stroke-width": line,
                                 "stroke-linecap": "round", "stroke-dasharray": pattern.length ? pattern.join(" ") : "none"}));
  return svg;
}


// rows: loss-data.js readoutAt's [{key, row, label, step, value}]; x: the readout's x (a step,
// or a share in % on the "own" range); format: a number's text. Several starts of one
// optimizer are told apart by their start's number.
export function readoutText(rows, x, range, format) {
  const starts = new Map();
  for (const row of rows) starts.set(row.key, (starts.get(row.key) ?? 0) + 1);
  const name = (row) => (starts.get(row.key) > 1 ? `${row.label}, start ${row.row + 1}` : row.label);
  if (range === "own") {
    const parts = rows.map((row) => `${name(row)} step ${row.step}: ${valueText(row.value, format)}`);
    return `${format(x)} % of each run: ${parts.join("; ")}`;
  }
  const parts = rows.map((row) => `${name(row)} ${valueText(row.value, format)}`);
  return `Step ${x}: ${parts.join("; ")}`;
}

function valueText(value, format) {
  return value === null || value === undefined ? "ended" : format(value);
}
