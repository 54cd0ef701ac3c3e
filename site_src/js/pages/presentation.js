// Presentation mode, for a lecture: the plot, its optimizer circles and the playback bar full
// screen, in large type, with the function's name and formula over them. Loaded with import()
// on first use (share-controls.js's "Present", or the key F). The parts are moved, not copied,
// into a box inside the playground (so the playground's keys, K , . [ ], still reach it),
// and the box asks for full screen (the Fullscreen API); where that is refused it covers the
// viewport instead. Escape (or "Leave", or the browser leaving full screen) puts every part
// back where it was. `element.dataset.presenting` is "fullscreen", "overlay", or absent.
import {el} from "../controls/dom.js";
import {heightForWidth} from "../plot/scales.js";

let open = null;   // the one presentation on screen

// Opens presentation mode for the playground, or leaves it when it is open.
export function togglePresentation(page) {
  if (open) return open.close();
  open = new Presentation(page);
  return open.start();
}

// The widest plot (CSS px) whose height, for this view, fits in `height`, no wider than `width`.
export function fittedWidth(view, margins, width, height) {
  let low = 240, high = Math.max(240, Math.floor(width));
  if (heightForWidth(view, high, margins) <= height) return high;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (heightForWidth(view, middle, margins) <= height) low = middle;
    else high = middle;
  }
  return low;
}

class Presentation {
  constructor(page) {
    this.page = page;
    this.box = el("div", "pg-present");
    this.box.setAttribute("role", "dialog");
    this.box.setAttribute("aria-label", `Presentation: ${page.scene.functionName()}`);
    const head = el("div", "pg-present-head");
    const title = el("h2", "pg-present-title", page.scene.functionName());
    this.leave = el("button", "pg-button pg-present-leave", "Leave (Esc)");
    this.leave.type = "button";
    this.leave.addEventListener("click", () => this.close());
    head.append(title, this.leave);
    const fn = page.catalog.functionsById.get(page.state.fn);
    if (fn?.formula_mathml) {
      const formula = el("p", "pg-present-formula");
      formula.innerHTML = fn.formula_mathml;   // the build's MathML (KaTeX), not the visitor's text
      head.append(formula);                    // a row of its own, under the name and Leave
    }
    this.box.append(head);
    // the parts shown, each with a marker where it goes back to
    const {plot, toggles, playback} = page.ui;
    this.parts = [plot, toggles, playback].map((node) => {
      const marker = document.createComment("presented");
      node.before(marker);
      this.box.append(node);
      return {node, marker};
    });
    this.onKey = (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      this.close();
    };
    this.onFullscreen = () => {
      if (document.fullscreenElement !== this.box && this.page.element.dataset.presenting === "fullscreen") this.close();
    };
    this.resizer = new ResizeObserver(() => this.fit());
  }

  async start() {
    const {element} = this.page;
    element.append(this.box);
    this.box.addEventListener("keydown", this.onKey);
    document.addEventListener("fullscreenchange", this.onFullscreen);
    let mode = "overlay";
    try {
      if (!this.box.requestFullscreen) throw new Error("no Fullscreen API");
      await this.box.requestFullscreen({navigationUI: "hide"});
      mode = "fullscreen";
    } catch {
      this.box.dataset.fallback = "true";   // refused (no user gesture, an iframe, a phone): cover the viewport
    }
    if (open !== this) return;             // left while full screen was being asked for
    element.dataset.presenting = mode;
    this.resizer.observe(this.box);
    this.fit();
    this.page.renderer.overlay.focus({preventScroll: true});
  }

  // The plot as large as the box allows under the heading and over the circles and the bar.
  fit() {
    const {renderer, scene, ui} = this.page;
    const style = getComputedStyle(this.box);
    const gap = parseFloat(style.rowGap) || 0;
    const others = [...this.box.children].filter((node) => node !== ui.plot && !node.hidden);
    const taken = others.reduce((sum, node) => sum + node.getBoundingClientRect().height + gap, 0);
    const width = this.box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = this.box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - taken - 2;
    const fitted = fittedWidth(scene.currentView(), renderer.margins, width, Math.max(240, height));
    ui.plot.style.width = `${fitted}px`;
  }

  async close() {
    if (open !== this) return;
    open = null;
    this.resizer.disconnect();
    this.box.removeEventListener("keydown", this.onKey);
    document.removeEventListener("fullscreenchange", this.onFullscreen);
    if (document.fullscreenElement === this.box) await document.exitFullscreen().catch(() => {});
    for (const {node, marker} of this.parts) marker.replaceWith(node);
    this.page.ui.plot.style.width = "";
    this.box.remove();
    delete this.page.element.dataset.presenting;
    this.page.element.querySelector(".pg-present-button")?.focus({preventScroll: true});
  }
}
