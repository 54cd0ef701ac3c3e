// Numbers as the page shows them. `format`: whole numbers as they are, others to five
// significant digits (exponent form when very small or large). The results table instead
// prints to the precision the view resolves (`precisionOf`, `formatTo`): as many decimals as
// one pixel of the plot is wide in domain units, so a value smaller than that prints as 0 and
// never as 1.437e-110; its minus is the true minus sign (U+2212). The exact value always goes
// in data-value and the exports. Pure.

export const MINUS = "\u2212";

export function format(value) {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return value.toExponential(3);
  return value.toPrecision(5).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

// A whole number with thousands separated by commas, as toLocaleString("en") writes it ("1,500"),
// without waking the browser's locale data (the first toLocaleString of a page costs tens of ms):
// other numbers go to toLocaleString("en").
export function grouped(value) {
  if (!Number.isSafeInteger(value)) return value.toLocaleString("en");
  return (value < 0 ? "-" : "") + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

// The decimals that resolve `resolution` (the size of the smallest step that shows: one pixel
// of the plot in domain units, say): 0.0083 -> 3, 0.25 -> 1, 40 -> 0; at most 12.
export function decimalsFor(resolution) {
  if (!(resolution > 0) || !Number.isFinite(resolution)) return 3;
  return Math.min(12, Math.max(0, Math.ceil(-Math.log10(resolution) - 1e-9)));
}

// `value` rounded to `decimals`, trailing zeros dropped, "−" for minus; 0 for anything that
// rounds to zero (never "−0"); a non-finite value in words as JS writes it ("Infinity", "NaN").
// Values of a million or more keep four significant digits in exponent form ("1.235e+6").
export function formatTo(value, decimals) {
  if (!Number.isFinite(value)) return value === -Infinity ? `${MINUS}Infinity` : String(value);
  const abs = Math.abs(value);
  let text = abs >= 1e6 ? abs.toExponential(3) : abs.toFixed(decimals);
  if (text.includes(".") && !text.includes("e")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  if (/^0(\.0*)?$/.test(text)) return "0";
  return value < 0 ? MINUS + text : text;
}

// The precision a view resolves: {x, y, f} decimals from its sides and the plot's size in CSS
// pixels (one pixel), and f's from the range of f over the view (a ten-thousandth of it).
// view: [[x0, x1], [y0, y1]]; plot: {width, height} of the plotting area; fRange: [min, max] or null.
export function precisionOf(view, plot, fRange = null) {
  const [[x0, x1], [y0, y1]] = view;
  const x = decimalsFor((x1 - x0) / Math.max(1, plot.width));
  const y = decimalsFor((y1 - y0) / Math.max(1, plot.height));
  const span = fRange && Number.isFinite(fRange[1] - fRange[0]) ? fRange[1] - fRange[0] : NaN;
  const f = span > 0 ? decimalsFor(span / 1e4) : Math.max(x, y);
  return {x, y, f};
}

// A point at a precision: "(−0.936, 0)".
export function pointText([x, y], precision) {
  return `(${formatTo(x, precision.x)}, ${formatTo(y, precision.y)})`;
}
