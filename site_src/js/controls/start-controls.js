// Start points: "Add starts" (a mode for touch screens, where there is no shift-click: while it
// is on, every tap on the plot adds a start) and "Clear starts". The starts themselves are
// the playground's `starts` field; this control proposes changes, the add mode is its own.
import {el} from "./dom.js";

// onAddMode(on), onClear(). Returns {update({count, adding})}.
export function renderStartControls(box, {onAddMode, onClear}) {
  box.replaceChildren();
  const add = el("button", "pg-button pg-add-starts", "Add starts");
  add.type = "button";
  const clear = el("button", "pg-button pg-clear-starts", "Clear starts");
  clear.type = "button";
  box.append(add, clear);
  let adding = false;
  add.addEventListener("click", () => onAddMode(!adding));
  clear.addEventListener("click", () => onClear());
  return {
    update({count, adding: on}) {
      adding = on;
      add.setAttribute("aria-pressed", String(on));
      clear.disabled = count === 0;
    },
  };
}
