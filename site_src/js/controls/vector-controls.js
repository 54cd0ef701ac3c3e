// "Vectors at the current step": which of a run's per-step vectors are drawn as arrows at
// the playback's current point. It owns the playground's `vectors` field (a list of the names
// Python records: the catalog's `recordable`, with their labels) and proposes a new list when
// a box is ticked. Each box shows its arrow's shape (overlay-layer.js ARROW_STYLES: solid with
// an open head, dashed, wider with a filled head); while any is ticked, a legend names each
// enabled optimizer's colour, the colour its arrows are drawn in.
import {el} from "./dom.js";
import {ARROW_STYLES} from "../plot/overlay-layer.js";

const SAMPLE = {width: 30, height: 12};

function svgElement(tag, attributes) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

// A small arrow in `color` on a dark casing, in the style of the vector `name`.
export function arrowSample(name, color) {
  const style = ARROW_STYLES[name] ?? ARROW_STYLES.step;
  const {width, height} = SAMPLE;
  const svg = svgElement("svg", {class: "pg-vector-sample", width, height, viewBox: `0 0 ${width} ${height}`,
                                 "aria-hidden": "true", focusable: "false", "data-vector": name});
  const y = height / 2, x0 = 3, x1 = width - 3, head = 6;
  const shaftEnd = style.filled ? x1 - 0.8 * head : x1;
  const tip = `M ${x1 - head} ${y - head / 2} L ${x1} ${y} L ${x1 - head} ${y + head / 2}${style.filled ? " Z" : ""}`;
  const common = {"stroke-linecap": "round", "stroke-linejoin": "round", fill: "none"};
  for (const [stroke, w, dashed] of [["#121212", style.width + 2.5, false], [color, style.width, true]]) {
    svg.append(svgElement("line", {...common, x1: x0, y1: y, x2: shaftEnd, y2: y, stroke, "stroke-width": w,
                                   "stroke-dasharray": dashed && style.dash.length ? style.dash.join(" ") : "none"}),
               svgElement("path", {...common, d: tip, stroke, "stroke-width": w,
                                   fill: style.filled ? stroke : "none"}));
  }
  return svg;
}

// kinds: the catalog's recordable [{name, label}]; onChange(names). Returns {update(names, entries)}
// (entries: the state's; the legend names the enabled ones' colours).
export function renderVectorControls(box, {kinds, onChange}) {
  box.replaceChildren();
  const group = el("fieldset", "pg-vectors");
  group.append(el("legend", "", "Vectors at the current step"));
  const boxes = kinds.map(({name, label}) => {
    const wrap = el("label", "pg-vector");
    wrap.dataset.vector = name;
    const input = el("input");
    input.type = "checkbox";
    input.value = name;
    wrap.append(input, arrowSample(name, "currentColor"), el("span", "", label));
    group.append(wrap);
    return input;
  });
  const note = el("span", "pg-vector-note", "Gradient and momentum arrows are scaled to each run's largest; the step is to scale. " +
    "Each optimizer's arrows are in its colour:");
  const legend = el("ul", "pg-vector-legend");
  legend.setAttribute("aria-label", "Arrow colours");
  group.append(note, legend);
  box.append(group);
  for (const input of boxes) {
    input.addEventListener("change", () => onChange(boxes.filter((b) => b.checked).map((b) => b.value)));
  }
  let shownFor = null;
  return {
    update(names, entries = []) {
      for (const input of boxes) input.checked = names.includes(input.value);
      note.hidden = names.length === 0;
      legend.hidden = names.length === 0;
      const enabled = entries.filter((e) => e.enabled);
      const signature = JSON.stringify([names, enabled.map((e) => [e.key, e.label, e.color])]);
      if (signature === shownFor) return;
      shownFor = signature;
      legend.replaceChildren(...enabled.map((entry) => {
        const li = el("li");
        li.dataset.key = entry.key;
        li.append(arrowSample(names[0] ?? "step", entry.color), entry.label ?? entry.key);
        return li;
      }));
    },
  };
}
