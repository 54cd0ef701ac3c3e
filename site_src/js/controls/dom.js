// Element builders shared by the playground's parts.
import {swatchGeometry} from "../plot/path-style.js";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// An optimizer entry's swatch (toggles, tables, settings): a short line in its colour and dash
// pattern on the plot's casing, ending in its marker (path-style.js), as the plot draws its
// path; decorative (aria-hidden), the entry's label beside it is the text. data-dash and
// data-marker name the cue.
export function cueSwatch({color, dash, marker}) {
  const {line: [x1, y1, x2, y2], dash: pattern, marker: d} = swatchGeometry({dash, marker}, SWATCH);
  const svg = svgElement("svg", {class: "pg-cue", width: SWATCH.width, height: SWATCH.height,
                                 viewBox: `0 0 ${SWATCH.width} ${SWATCH.height}`, "aria-hidden": "true",
                                 focusable: "false", "data-dash": dash ?? "solid", "data-marker": marker ?? "circle"});
  const casing = {x1, y1, x2, y2, class: "pg-cue-casing"};
  svg.append(svgElement("line", casing),
             svgElement("line", {x1, y1, x2, y2, class: "pg-cue-line", stroke: color,
                                 "stroke-dasharray": pattern.length ? pattern.join(" ") : "none"}),
             svgElement("path", {d, class: "pg-cue-marker", fill: color}));
  return svg;
}

const SWATCH = {width: 36, height: 14};

function svgElement(tag, attributes) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

// A visible cue for a table wider than its box: `hint` (a line above it) shows whenever
// `scroller` overflows sideways, so no column is hidden without the reader knowing.
export function watchOverflow(scroller, hint) {
  const check = () => {
    const overflowing = scroller.scrollWidth > scroller.clientWidth + 1;
    hint.hidden = !overflowing;
    // a keyboard reaches the hidden columns too: a box that scrolls takes the focus (arrow keys scroll it)
    if (overflowing) scroller.tabIndex = 0;
    else scroller.removeAttribute("tabindex");
  };
  // (a change of the table is checked at the next frame, with the layout that frame does anyway:
  // reading scrollWidth at once would force one more layout of the page for every change)
  let frame = null;
  const soon = () => {
    frame ??= requestAnimationFrame(() => {
      frame = null;
      check();
    });
  };
  new ResizeObserver(check).observe(scroller);
  new MutationObserver(soon).observe(scroller, {childList: true, subtree: true});
  soon();
}
