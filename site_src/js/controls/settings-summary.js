// An optimizer entry's settings in one line of text, as a call: "adam(lr=0.01, betas=(0.7,
// 0.999)), 100 steps". Shown under the entry's name in the settings panel, so the whole setting
// is on screen without hovering over anything (touch screens have no hover). Pure.
export function settingsSummary({optimizer, hyperparams = {}, steps}) {
  const settings = Object.entries(hyperparams).map(([name, value]) => `${name}=${valueText(value)}`).join(", ");
  return `${optimizer}(${settings}), ${steps} ${steps === 1 ? "step" : "steps"}`;
}

function valueText(value) {
  if (Array.isArray(value)) return `(${value.map(valueText).join(", ")})`;
  if (value && typeof value === "object") return JSON.stringify(value);
  return String(value);
}
