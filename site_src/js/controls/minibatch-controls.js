// A model's minibatches: the batch size (1 to the whole data set; the whole set is the full
// batch, exact gradients) and the seed of the shuffle. It owns the playground's `minibatch`
// field ({size, seed}; URL b=) and proposes a change when a field is committed (Enter or
// leaving it). Shown only when the function is a model on a data set (the catalog's `model`).
// The batches are dealt as torch's DataLoader(shuffle=True) deals them, by Python.
import {el} from "./dom.js";
import {describeMinibatch, modelOf, readMinibatch} from "../state/minibatch.js";

// onChange({size, seed}). Returns {update(state, catalog)}.
export function renderMinibatchControls(box, {onChange}) {
  box.replaceChildren();
  const group = el("fieldset", "pg-minibatch-fields");
  group.append(el("legend", "", "Minibatches"));
  const field = (label, className, attributes) => {
    const wrap = el("label", `pg-noise-field ${className}`);
    const input = el("input");
    Object.assign(input, {type: "number", step: "1", ...attributes});
    wrap.append(el("span", "", label), input);
    return [wrap, input];
  };
  const [sizeWrap, size] = field("Batch size", "pg-minibatch-size", {min: "1"});
  const [seedWrap, seed] = field("Shuffle seed", "pg-minibatch-seed", {min: "0"});
  const full = el("button", "pg-button pg-minibatch-full", "Full batch");
  full.type = "button";
  const status = el("p", "pg-minibatch-status");
  const error = el("span", "pg-noise-error pg-minibatch-error");
  error.setAttribute("role", "alert");
  group.append(sizeWrap, seedWrap, full, status, error);
  box.append(group);

  let examples = null;
  let current = {size: null, seed: 0};
  const commit = (sizeText = size.value) => {
    let next;
    try {
      next = readMinibatch(`${sizeText.trim() || "?"},${seed.value.trim() || "?"}`, examples);
    } catch (problem) {
      error.textContent = `${problem.message.charAt(0).toUpperCase()}${problem.message.slice(1)}.`;
      return;
    }
    error.textContent = "";
    if (next.size !== current.size || next.seed !== current.seed) onChange(next);
  };
  for (const input of [size, seed]) {
    input.addEventListener("change", () => commit());
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") commit();
    });
  }
  full.addEventListener("click", () => commit("full"));
  return {
    update(state, catalog) {
      const model = modelOf(state, catalog);
      box.hidden = !model;
      if (!model) return;
      examples = model.examples;
      current = state.minibatch;
      size.max = String(examples);
      size.value = String(state.minibatch.size ?? examples);
      seed.value = String(state.minibatch.seed);
      status.textContent = `Each step's gradient: ${describeMinibatch(state, catalog)}.`;
      error.textContent = "";
    },
  };
}
