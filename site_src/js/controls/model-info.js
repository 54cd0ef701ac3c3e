// What a model on real data is: its task, what its surface shows (Python's words, from the
// catalog's `model`), and its data's source and licence. Shown only for a model; a model with
// no minimum (separable data) says so first, since every run on it ends "still moving".
import {el} from "./dom.js";

// Returns {update(fn)}: fn is the catalog's function entry.
export function renderModelInfo(box) {
  box.replaceChildren();
  let shownFor = null;
  return {
    update(fn) {
      const model = fn?.model ?? null;
      box.hidden = !model;
      if (!model || shownFor === fn.id) return;
      shownFor = fn.id;
      const section = el("section", "pg-model-info");
      section.append(el("h3", "", "About this model"), el("p", "pg-model-task", `Fitted: ${model.task}.`));
      if (!model.has_minimum) {
        section.append(el("p", "pg-model-no-minimum",
          "This loss has no minimum: its lowest values lie infinitely far away, so every run is still " +
          "moving when its steps run out, however many it takes."));
      }
      for (const paragraph of model.about.slice(1)) section.append(el("p", "pg-model-about", paragraph));
      section.append(el("p", "pg-model-source", `Data: ${model.source}. Licence: ${model.licence}.`));
      box.replaceChildren(section);
    },
  };
}
