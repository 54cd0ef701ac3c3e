// "Train a network": the button that opens the network's trajectory plane (Li et al. 2018's
// plot). The panel itself (runs/plane-view.js: the request, the picture) is loaded with
// import() on first use, so it adds nothing to the first paint (it imports nothing itself: this
// module hands it the page's helpers). Shown with a model on real data.
import {el} from "./dom.js";
import {computeContours} from "../plot/contours.js";
import {bandPaths} from "../plot/base-layer.js";
import {enabledEntries} from "../state/state.js";
import {usesMinibatches} from "../state/minibatch.js";

// The `plane` request for this state: the first enabled entry's optimizer and settings, the
// catalog's steps, the page's minibatch seed (also the network's initial weights) and size
// (with its label and colour, for the picture).
export function planeArgs(state, catalog) {
  const entry = enabledEntries(state)[0];
  if (!entry) return null;
  const plane = catalog.network_plane;
  const size = usesMinibatches(state, catalog) ? Math.min(state.minibatch.size, plane.examples) : null;
  return {optimizer: entry.optimizer, hyperparams: entry.hyperparams, steps: plane.steps,
          seed: state.minibatch.seed, batch_size: size, label: entry.label, color: entry.color};
}

// Returns {update(fn), view(): the loaded panel or null}.
export function renderPlaneButton(box, page) {
  box.replaceChildren();
  const section = el("section", "pg-plane-panel");
  const button = el("button", "pg-button pg-plane-train", "Train a network");
  button.type = "button";
  const intro = el("p", "pg-plane-intro",
    "Trains a small network on the penguins with the first optimizer switched on, then shows its path on the " +
    "plane of the path's two main directions, over the true loss there.");
  const output = el("div", "pg-plane-output");
  section.append(el("h3", "", "A network's plane"), intro, button, output);
  box.append(section);
  let view = null;
  button.addEventListener("click", async () => {
    if (!view) {
      const {PlaneView} = await import("../runs/plane-view.js");
      view = new PlaneView(output, page, {el, computeContours, bandPaths, planeArgs});
    }
    view.start();
  });
  return {
    update(fn) {
      box.hidden = !fn?.model;
    },
    view: () => view,
  };
}
