// The plot's input: a click, or Enter / Space on the keyboard cross, gives a start point
// in domain units; the mouse or the cross moving reports where it is. Arrows move the
// cross by 2% of the view (Shift: 10%), starting from the centre; Enter before any arrow
// starts from the centre too (crossHome), and + / − zoom about the centre. To assistive
// technology the plot is an interactive element (role application, "plot") whose
// description is the visible keyboard help (layout.js's PLOT_KEYS).
// The view, without trapping the page's scrolling: a plain wheel over the plot scrolls the
// page (a short hint says how to zoom: wheel-hint.js); Ctrl or ⌘ + wheel, which is also what a
// trackpad's pinch sends, zooms about the pointer. A mouse drag pans. On a touch screen one
// finger scrolls the page (site.css: touch-action: pan-y) and a tap starts; two fingers pinch
// and pan (their touchmove is kept from the browser). A click or tap that does not move
// still starts; the buttons zoom about the centre (view-controls.js). Each gesture previews
// at once (onView(view, false)) and commits at its end (onView(view, true)), when Python
// draws the contour for the new view.
import {panView, zoomView, centre, ZOOM_STEP} from "../state/view-math.js";
import {WheelHint, zoomsOnWheel} from "./wheel-hint.js";

const MOVES = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};
const ZOOM_KEYS = {"+": 1, "=": 1, "-": -1, "−": -1, "_": -1};   // = and _ share the keys of + and -
const DRAG_PX = 4;            // a press that moves less is a click
const WHEEL_COMMIT_MS = 300;  // the wheel's zoom is committed once it has rested this long

// The keyboard cross's first position in a view (its centre): where the first arrow moves
// it from, and where Enter starts before any arrow.
export function crossHome(view) {
  return centre(view);
}

// onPoint(x, y, event, {home}) (home: Enter before the cross moved); onHover([x, y] | null);
// onCross([x, y]): the keyboard moved the cross (default: onHover); onView(view, commit).
// describedBy: the id of the keyboard help. Returns {name(text)}: the plot's accessible name.
export function listenToPlot(renderer, {onPoint, onHover, onCross = onHover, onView = () => {}, describedBy = null}) {
  const canvas = renderer.overlay;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", "plot");
  canvas.setAttribute("aria-label", "Contour plot");
  if (describedBy) canvas.setAttribute("aria-describedby", describedBy);
  canvas.tabIndex = 0;

  // The pointer's position in the canvas's CSS pixels; clientLeft/Top: its border,
  // so a bordered canvas maps exactly too.
  const canvasPoint = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left - canvas.clientLeft, event.clientY - rect.top - canvas.clientTop];
  };

  canvas.addEventListener("click", (event) => {
    const scales = renderer.scales;
    if (!scales || gesture.suppressClick) {
      gesture.suppressClick = false;
      return;
    }
    const [cx, cy] = canvasPoint(event);
    if (!scales.inside(cx, cy)) return;
    const [x, y] = scales.toDomain(cx, cy);
    onPoint(x, y, event);
  });
  canvas.addEventListener("mousemove", (event) => {
    const scales = renderer.scales;
    if (!scales) return;
    const [cx, cy] = canvasPoint(event);
    onHover(scales.inside(cx, cy) ? scales.toDomain(cx, cy) : null);
  });
  canvas.addEventListener("mouseleave", () => onHover(null));

  canvas.addEventListener("keydown", (event) => {
    if (!renderer.scene) return;
    const cursor = renderer.cursor;
    if (event.key in MOVES) {
      event.preventDefault();
      const [[x0, x1], [y0, y1]] = renderer.scene.view;
      const fraction = event.shiftKey ? 0.1 : 0.02;
      const [dx, dy] = MOVES[event.key];
      const [cx, cy] = cursor ?? crossHome(renderer.scene.view);
      const next = [Math.min(x1, Math.max(x0, cx + dx * fraction * (x1 - x0))),
                    Math.min(y1, Math.max(y0, cy + dy * fraction * (y1 - y0)))];
      renderer.setCursor(next);
      onCross(next);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const point = cursor ?? crossHome(renderer.scene.view);
      if (!cursor) renderer.setCursor(point);
      onPoint(point[0], point[1], event, {home: !cursor});
    } else if (ZOOM_KEYS[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      onView(zoomedView(renderer.scene.view, ZOOM_KEYS[event.key]), true);
    }
  });
  // The cross shows only while the plot has the focus.
  canvas.addEventListener("blur", () => renderer.drawOverlay());

  // --- zoom and pan ---------------------------------------------------------------------
  const gesture = {pointers: new Map(), start: null, moved: false, suppressClick: false, wheelTimer: null};
  const view = () => renderer.scene?.view;
  const unitsPerPixel = () => {
    const {x, y} = renderer.scales;
    return [(x.domain()[1] - x.domain()[0]) / (x.range()[1] - x.range()[0]),
            (y.domain()[1] - y.domain()[0]) / (y.range()[0] - y.range()[1])];
  };

  const hint = new WheelHint(renderer.container);
  canvas.addEventListener("wheel", (event) => {
    if (!renderer.scales || !view()) return;
    const [cx, cy] = canvasPoint(event);
    if (!renderer.scales.inside(cx, cy)) return;
    if (!zoomsOnWheel(event)) {
      hint.show();   // the page scrolls on; the view stays
      return;
    }
    event.preventDefault();
    hint.hide();
    const factor = Math.exp(Math.max(-1, Math.min(1, event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015))));
    onView(zoomView(view(), renderer.scales.toDomain(cx, cy), factor), false);
    clearTimeout(gesture.wheelTimer);
    gesture.wheelTimer = setTimeout(() => onView(view(), true), WHEEL_COMMIT_MS);
  }, {passive: false});
  // Two fingers are the plot's (pinch and pan); one finger is the page's (it scrolls).
  canvas.addEventListener("touchmove", (event) => {
    if (event.touches.length > 1 && event.cancelable) event.preventDefault();
  }, {passive: false});

  canvas.addEventListener("pointerdown", (event) => {
    gesture.suppressClick = false;   // a touch drag ends without a click: the next tap is a tap
    if (!renderer.scales || !view() || (event.pointerType === "mouse" && event.button !== 0)) return;
    gesture.pointers.set(event.pointerId, canvasPoint(event));
    gesture.start = {view: view(), points: new Map(gesture.pointers), units: unitsPerPixel()};
    gesture.moved = false;
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!gesture.pointers.has(event.pointerId) || !gesture.start) return;
    gesture.pointers.set(event.pointerId, canvasPoint(event));
    const {start} = gesture;
    if (gesture.pointers.size === 1) {
      if (event.pointerType === "touch") return;   // one finger: the page's scroll, or a tap
      const [[px, py]] = start.points.values();
      const [qx, qy] = canvasPoint(event);
      if (!gesture.moved && Math.hypot(qx - px, qy - py) < DRAG_PX) return;
      gesture.moved = true;
      canvas.setPointerCapture?.(event.pointerId);
      onView(panView(start.view, -(qx - px) * start.units[0], (qy - py) * start.units[1]), false);
    } else if (gesture.pointers.size === 2 && start.points.size === 2) {
      // two fingers: zoom by the change of their distance, pan by their midpoint's move
      const [a0, b0] = [...start.points.values()];
      const [a1, b1] = [...gesture.pointers.values()];
      const d0 = Math.hypot(b0[0] - a0[0], b0[1] - a0[1]), d1 = Math.hypot(b1[0] - a1[0], b1[1] - a1[1]);
      if (!(d0 > 0 && d1 > 0)) return;
      gesture.moved = true;
      const mid0 = [(a0[0] + b0[0]) / 2, (a0[1] + b0[1]) / 2], mid1 = [(a1[0] + b1[0]) / 2, (a1[1] + b1[1]) / 2];
      const [ux, uy] = start.units;
      const anchor = [start.view[0][0] + (mid0[0] - renderer.scales.plot.left) * ux,
                      start.view[1][1] - (mid0[1] - renderer.scales.plot.top) * uy];
      const zoomed = zoomView(start.view, anchor, d0 / d1);
      onView(panView(zoomed, -(mid1[0] - mid0[0]) * ux * (d0 / d1), (mid1[1] - mid0[1]) * uy * (d0 / d1)), false);
    }
  });
  const end = (event) => {
    if (!gesture.pointers.delete(event.pointerId)) return;
    // a second finger joining or leaving restarts the gesture from where the view is now
    gesture.start = gesture.pointers.size ? {view: view(), points: new Map(gesture.pointers), units: unitsPerPixel()} : null;
    if (gesture.moved && gesture.pointers.size === 0) {
      gesture.suppressClick = event.type === "pointerup";
      gesture.moved = false;
      onView(view(), true);
    }
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  return {
    name(text) {
      canvas.setAttribute("aria-label", text);
    },
  };
}

// A view zoomed in or out about its centre by the buttons' step (direction +1: in).
export function zoomedView(view, direction) {
  return zoomView(view, centre(view), direction > 0 ? 1 / ZOOM_STEP : ZOOM_STEP);
}
