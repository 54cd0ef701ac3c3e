// The 3-D view's input besides the orbit controls' own (three.js OrbitControls: a drag or one
// finger turns it, the wheel or two fingers zoom, a right drag, Shift-drag or two fingers pan):
// a click or tap that does not move starts from the point of the surface under it, the pointer
// over the surface shows its x, y and f (the readout), and keys on the focused view: the arrow
// keys turn it, + and − zoom, Enter or Space starts from the middle of the view. As over the
// contour, a plain wheel is the page's (it scrolls past the view, with the short hint of
// plot/wheel-hint.js); only Ctrl or ⌘ + wheel (a trackpad's pinch) reaches the orbit controls.
import {WheelHint, zoomsOnWheel} from "../plot/wheel-hint.js";

const DRAG_PX = 5;          // a press that moves less is a click or a tap
const TAP_MS = 800;         // and one held longer is not
const TURN = Math.PI / 24;  // an arrow key turns the view by this (Shift: three times as far)
const ZOOM = 1.2;           // + and − zoom by this
const ZOOM_KEYS = {"+": 1, "=": 1, "-": -1, "−": -1, "_": -1};

// view: the SurfaceView (canvas, controls, pick(clientX, clientY) -> [x, y] | null, invalidate);
// onPoint(x, y, event, {home}), onHover([x, y] | null), centre() -> [x, y] of the view.
// Returns a function that removes the listeners.
export function listenTo3d(view, {onPoint, onHover, centre}) {
  const {canvas, controls} = view;
  const pointers = new Map();
  let press = null;       // the press that may be a click: {x, y, time, moved}
  let hover = null;       // the latest pointer position to read, once per frame
  const down = (event) => {
    pointers.set(event.pointerId, event);
    press = pointers.size === 1 ? {x: event.clientX, y: event.clientY, time: performance.now(), moved: false} : null;
  };
  const move = (event) => {
    if (press && Math.hypot(event.clientX - press.x, event.clientY - press.y) > DRAG_PX) press.moved = true;
    if (!pointers.size && event.pointerType === "mouse") {
      if (!hover) requestAnimationFrame(() => {
        const point = view.pick(hover.clientX, hover.clientY);
        hover = null;
        onHover(point);
      });
      hover = event;
    }
  };
  const up = (event) => {
    const tap = press && !press.moved && pointers.size === 1 && performance.now() - press.time < TAP_MS;
    pointers.delete(event.pointerId);
    if (!tap || event.button > 0) return;
    press = null;
    const point = view.pick(event.clientX, event.clientY);
    if (point) onPoint(point[0], point[1], event);
  };
  const cancel = (event) => {
    pointers.delete(event.pointerId);
    press = null;
  };
  const leave = () => onHover(null);
  const key = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const turn = event.shiftKey ? 3 * TURN : TURN;
    const turns = {ArrowLeft: () => controls.rotateLeft(turn), ArrowRight: () => controls.rotateLeft(-turn),
                   ArrowUp: () => controls.rotateUp(turn), ArrowDown: () => controls.rotateUp(-turn)};
    if (turns[event.key]) {
      turns[event.key]();
      view.moved = true;
    } else if (ZOOM_KEYS[event.key]) {
      view.moved = true;
      // (OrbitControls' dollyIn(s) multiplies the distance by s: s < 1 comes closer)
      if (ZOOM_KEYS[event.key] > 0) controls.dollyIn(1 / ZOOM); else controls.dollyOut(1 / ZOOM);
    } else if (event.key === "Enter" || event.key === " ") {
      const [x, y] = centre();
      onPoint(x, y, event, {home: true});
    } else {
      return;
    }
    event.preventDefault();
    view.invalidate();
  };
  // (caught on the way down, at the plot's box, so a plain wheel never reaches OrbitControls,
  // which would zoom and keep the page from scrolling)
  const box = canvas.parentElement;
  const hint = new WheelHint(box);
  const wheel = (event) => {
    if (zoomsOnWheel(event)) return;
    event.stopPropagation();
    hint.show();
  };
  box.addEventListener("wheel", wheel, {capture: true});
  const listeners = [["pointerdown", down], ["pointermove", move], ["pointerup", up], ["pointercancel", cancel],
                     ["pointerleave", leave], ["keydown", key]];
  for (const [name, handler] of listeners) canvas.addEventListener(name, handler);
  return () => {
    for (const [name, handler] of listeners) canvas.removeEventListener(name, handler);
    box.removeEventListener("wheel", wheel, {capture: true});
    hint.hide();
  };
}
