// The view's buttons: zoom in, zoom out (about the centre) and back to the function's own view.
// It proposes views; the view itself is the playground's `view` field.
import {el} from "./dom.js";

function button(text, label, className) {
  const node = el("button", `pg-button ${className}`, text);
  node.type = "button";
  node.setAttribute("aria-label", label);
  node.title = label;
  return node;
}

// onZoom(direction: +1 in, -1 out), onReset(). Returns {update({zoomed})}.
export function renderViewControls(box, {onZoom, onReset}) {
  box.replaceChildren();
  const zoomIn = button("+", "Zoom in", "pg-zoom-in");
  const zoomOut = button("−", "Zoom out", "pg-zoom-out");
  const reset = button("Reset view", "Reset view", "pg-view-reset");
  box.append(zoomOut, zoomIn, reset);
  zoomIn.addEventListener("click", () => onZoom(1));
  zoomOut.addEventListener("click", () => onZoom(-1));
  reset.addEventListener("click", () => onReset());
  return {
    update({zoomed}) {
      reset.disabled = !zoomed;
    },
  };
}
