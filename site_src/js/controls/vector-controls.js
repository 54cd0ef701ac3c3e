// "Vectors at the current step": which of a run's per-step vectors are drawn as arrows at
// the playback's current point. It owns the playground's `vectors` field (a list of the names
// Python records: the catalog's `recordable`, with their labels) and proposes a new list when
// a box is ticked.
import {el} from "./dom.js";

// name -> how the renderer draws it (overlay-layer.js drawArrow): the sample's style.
const STYLES = {grad: "light", moment: "dashed", step: "solid"};

// kinds: the catalog's recordable [{name, label}]; onChange(names). Returns {update(names)}.
export function renderVectorControls(box, {kinds, onChange}) {
  box.replaceChildren();
  const group = el("fieldset", "pg-vectors");
  group.append(el("legend", "", "Vectors at the current step"));
  const boxes = kinds.map(({name, label}) => {
    const style = STYLES[name] ?? "solid";
    const wrap = el("label", `pg-vector pg-vector-${style}`);
    const input = el("input");
    input.type = "checkbox";
    input.value = name;
    const sample = el("span", "pg-vector-sample");
    sample.setAttribute("aria-hidden", "true");
    wrap.append(input, sample, el("span", "", label));
    group.append(wrap);
    return input;
  });
  const note = el("span", "pg-vector-note", "Gradient and momentum arrows are scaled to each run's largest; the step is to scale.");
  group.append(note);
  box.append(group);
  for (const input of boxes) {
    input.addEventListener("change", () => onChange(boxes.filter((b) => b.checked).map((b) => b.value)));
  }
  return {
    update(names) {
      for (const input of boxes) input.checked = names.includes(input.value);
      note.hidden = names.length === 0;
    },
  };
}
