// The plot's input: a click, or Enter / Space on the keyboard cross, gives a start point
// in domain units; the mouse or the cross moving reports where it is. Arrows move the
// cross by 2% of the view (Shift: 10%), starting from the centre.
const MOVES = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};

// onPoint(x, y, event); onHover([x, y] | null).
export function listenToPlot(renderer, {onPoint, onHover}) {
  const canvas = renderer.overlay;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label",
    "Contour plot. Click to start the optimizers from that point, or move a cross with the arrow keys and press Enter.");
  canvas.tabIndex = 0;

  // The pointer's position in the canvas's CSS pixels; clientLeft/Top: its border,
  // so a bordered canvas maps exactly too.
  const canvasPoint = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left - canvas.clientLeft, event.clientY - rect.top - canvas.clientTop];
  };

  canvas.addEventListener("click", (event) => {
    const scales = renderer.scales;
    if (!scales) return;
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
      const [cx, cy] = cursor ?? [(x0 + x1) / 2, (y0 + y1) / 2];
      const next = [Math.min(x1, Math.max(x0, cx + dx * fraction * (x1 - x0))),
                    Math.min(y1, Math.max(y0, cy + dy * fraction * (y1 - y0)))];
      renderer.setCursor(next);
      onHover(next);
    } else if ((event.key === "Enter" || event.key === " ") && cursor) {
      event.preventDefault();
      onPoint(cursor[0], cursor[1], event);
    }
  });
  // The cross shows only while the plot has the focus.
  canvas.addEventListener("blur", () => renderer.drawOverlay());
}
