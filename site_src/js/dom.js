// Element builders shared by the playground's parts.

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The small circle in an optimizer entry's colour (toggles, results table); decorative.
export function colorDot(color) {
  const dot = el("span", "pg-dot");
  dot.setAttribute("aria-hidden", "true");
  dot.style.backgroundColor = color;
  dot.style.borderColor = color;
  return dot;
}

// A visible cue for a table wider than its box: `hint` (a line above it) shows whenever
// `scroller` overflows sideways, so no column is hidden without the reader knowing.
export function watchOverflow(scroller, hint) {
  const check = () => {
    hint.hidden = !(scroller.scrollWidth > scroller.clientWidth + 1);
  };
  new ResizeObserver(check).observe(scroller);
  new MutationObserver(check).observe(scroller, {childList: true, subtree: true});
  check();
}
