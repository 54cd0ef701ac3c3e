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
