// "Train a network": the button that opens the network's trajectory plane (Li et al. 2018's
// plot). The panel itself (runs/plane-view.js: the request, the picture) is loaded with
// import() on first use, so it adds nothing to the first paint. Shown with a model on real data.
import {el} from "./dom.js";

// Returns {update(fn), view(): the loaded panel or null}.
export function renderPlaneButton(box, page) {
  box.replaceChildren();
  const section = el("section", "pg-plane-panel");
  section.setAttribute("aria-label", "A network's plane");
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
      view = new PlaneView(output, page);
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
