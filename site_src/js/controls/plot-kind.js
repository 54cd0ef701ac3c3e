// The plot's kind (the state's plotKind; g=3d in a link): the contour, or the surface in 3-D.
// A switch "3-D" (aria-pressed) by the view's buttons; the 3-D view (plot3d/, with three.js) is
// imported the first time it is opened, so the first paint never loads it. Where the browser
// gives no WebGL the switch says so (aria-disabled, and a line beside it) and the contour stays.
// While 3-D is on: "Reset camera", and the 3-D view's keys in place of the contour's.
import {el} from "./dom.js";

export const KEYS_3D = "Keys on the 3-D view: the arrow keys turn it (Shift: further), + and − zoom, Enter or " +
  "Space starts from the middle of the view. Drag to turn it, use the wheel or two fingers to zoom, right-drag or " +
  "Shift-drag to pan; a click or tap starts from the point under it.";
export const IN_3D = "The surface wears the contour's colours (a basin map too, when one is shown); the vectors " +
  "are drawn on the contour only.";
export const NO_WEBGL = "The 3-D view needs WebGL, which this browser does not offer here; the contour stays.";

let webgl = null;   // {available, software}: whether this browser gives a WebGL 2 context (three.js needs
                   // one) and whether it draws in software (SwiftShader, llvmpipe), asked once

export function webglInfo() {
  if (webgl === null) {
    webgl = {available: false, software: false};
    try {
      const gl = document.createElement("canvas").getContext("webgl2");
      if (gl) {
        const info = gl.getExtension("WEBGL_debug_renderer_info");
        const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
        webgl = {available: true, software: /swiftshader|llvmpipe|software/i.test(name)};
        gl.getExtension("WEBGL_lose_context")?.loseContext();
      }
    } catch {
      webgl = {available: false, software: false};
    }
  }
  return webgl;
}

export function webglAvailable() {
  return webglInfo().available;
}

// page: the playground (state, update, ui, and page.plot3d, set here once the view is made).
export function mountPlotKind(box, page) {
  box.replaceChildren();
  const toggle = el("button", "pg-button pg-3d-switch", "3-D");
  toggle.type = "button";
  toggle.setAttribute("aria-pressed", "false");
  toggle.title = "3-D: show the surface in three dimensions";
  const reset = el("button", "pg-button pg-3d-reset", "Reset camera");
  reset.type = "button";
  const note = el("p", "pg-3d-note");
  note.setAttribute("role", "status");
  const keys = el("p", "pg-keys pg-keys-3d", KEYS_3D);
  keys.id = `${page.ui.keys.id}-3d`;
  reset.hidden = note.hidden = keys.hidden = true;
  box.append(toggle, reset, note);
  page.ui.keys.after(keys);
  let view = null, module = null;

  const say = (text) => {
    note.textContent = text;
    note.hidden = !text;
  };
  const unavailable = () => {
    toggle.setAttribute("aria-disabled", "true");
    toggle.title = NO_WEBGL;
    say(NO_WEBGL);
    return false;
  };
  // asked when the visitor first points at or focuses the switch (not at load: a context costs time)
  const probe = () => webglAvailable() || unavailable();
  toggle.addEventListener("pointerenter", probe, {once: true});
  toggle.addEventListener("focus", probe, {once: true});
  toggle.addEventListener("click", () => {
    if (probe()) page.update({plotKind: page.state.plotKind === "3d" ? "contour" : "3d"});
  });
  reset.addEventListener("click", () => view?.resetCamera());

  const open = async () => {
    module ??= import("../plot3d/view.js");
    const {SurfaceView} = await module;
    if (page.state.plotKind !== "3d") return;
    // multisampling costs a software rasteriser about four times the frame; a dense screen needs it less
    const antialias = !webglInfo().software && (window.devicePixelRatio || 1) < 2;
    view ??= new SurfaceView(page, {keysId: keys.id, antialias});
    page.plot3d = view;
    view.open();
  };
  const back = (text) => {
    say(text);
    queueMicrotask(() => page.update({plotKind: "contour"}));
  };
  return {
    show(state) {
      const on = state.plotKind === "3d";
      toggle.setAttribute("aria-pressed", String(on));
      reset.hidden = keys.hidden = !on;
      page.ui.keys.hidden = on;
      say(on ? IN_3D : note.textContent === IN_3D ? "" : note.textContent);
      if (!on) {
        view?.close();
      } else if (!probe()) {
        back(NO_WEBGL);
      } else {
        open().catch((error) => back(`The 3-D view could not be opened (${error.message}); the contour stays.`));
      }
    },
  };
}
