// An optimizer entry's settings in one line of text, as a call: "adam(lr=0.01, betas=(0.7,
// 0.999)), 100 steps". Shown under the entry's name in the settings panel, so the whole setting
// is on screen without hovering over anything (touch screens have no hover). A learning-rate
// schedule is said in words ("step decay from 0.1: ×0.5 every 100 steps"), with a small
// preview of the rate over the run's steps (scheduleSparkline), whose values Python computes
// (the worker's `rates`: optimizers.schedules), so no schedule's formula is restated here.

export function settingsSummary({optimizer, hyperparams = {}, steps}) {
  const settings = Object.entries(hyperparams).map(([name, value]) => `${name}=${valueText(value)}`).join(", ");
  return `${optimizer}(${settings}), ${steps} ${steps === 1 ? "step" : "steps"}`;
}

function valueText(value) {
  if (Array.isArray(value)) return `(${value.map(valueText).join(", ")})`;
  if (isSchedule(value)) return scheduleWords(value);
  if (value && typeof value === "object") {
    return `{${Object.entries(value).map(([name, item]) => `${name}=${valueText(item)}`).join(", ")}}`;
  }
  return String(value);
}

export function isSchedule(value) {
  return Boolean(value && typeof value === "object" && !Array.isArray(value) && typeof value.kind === "string");
}

const plural = (count, word) => `${count} ${word}${count === 1 ? "" : "s"}`;

// A schedule (schedules.to_dict's plain data) in words; a kind this page does not know is
// said by its fields.
export function scheduleWords(schedule) {
  if (!isSchedule(schedule)) return `constant ${schedule}`;
  const s = schedule;
  switch (s.kind) {
    case "constant": return `constant ${s.value}`;
    case "step": return `step decay from ${s.init}: ×${s.gamma ?? 0.1} every ${plural(s.step_size, "step")}`;
    case "exponential": return `exponential decay from ${s.init}: ×${s.gamma} every step`;
    case "cosine": return `cosine decay from ${s.init} to ${s.final ?? 0} over ${plural(s.decay_steps, "step")}`;
    case "linear_warmup": {
      const after = s.after === null || s.after === undefined ? `then ${s.peak}` : `then ${scheduleWords(s.after)}`;
      return `linear warm-up from ${s.start ?? 0} to ${s.peak} over ${plural(s.warmup_steps, "step")}, ${after}`;
    }
    default: {
      const fields = Object.entries(s).filter(([name]) => name !== "kind").map(([name, value]) => `${name} ${valueText(value)}`);
      return `${s.kind.replace(/_/g, " ")} (${fields.join(", ")})`;
    }
  }
}

// The points of a sparkline of `rates` (a rate per step) in a box of width x height px, from
// 0 (the lowest rate shown at the bottom, never below 0) to the highest rate at the top: an
// SVG path's "d" ("M x y L x y ..."), at most one point per pixel column.
export function sparklinePath(rates, width, height, pad = 1.5) {
  const n = rates.length;
  if (!n) return "";
  let top = 0;
  for (const r of rates) if (Number.isFinite(r)) top = Math.max(top, r);
  const y = (r) => (top > 0 ? pad + (height - 2 * pad) * (1 - r / top) : height - pad);
  const columns = Math.max(1, Math.min(n, Math.floor(width)));
  const parts = [];
  for (let c = 0; c < columns; c++) {
    const i = columns === 1 ? 0 : Math.round((c * (n - 1)) / (columns - 1));
    const x = columns === 1 ? pad : pad + ((width - 2 * pad) * c) / (columns - 1);
    parts.push(`${c ? "L" : "M"} ${x.toFixed(1)} ${y(Number.isFinite(rates[i]) ? rates[i] : 0).toFixed(1)}`);
  }
  return parts.join(" ");
}

const SPARK = {width: 96, height: 22};

// A small picture of the rate over the run's steps, drawn once `rates` (a promise of the rate
// at every step, Python's) arrives; its accessible name says what it shows.
export function scheduleSparkline(rates, steps) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  for (const [name, value] of Object.entries({class: "pg-schedule-spark", width: SPARK.width, height: SPARK.height,
                                              viewBox: `0 0 ${SPARK.width} ${SPARK.height}`, role: "img"})) {
    svg.setAttribute(name, String(value));
  }
  svg.setAttribute("aria-label", `The learning rate over the ${plural(steps, "step")}`);
  rates.then((values) => {
    const list = Array.from(values ?? []);
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", sparklinePath(list, SPARK.width, SPARK.height));
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "1.5");
    svg.append(path);
    svg.dataset.rates = String(list.length);
    const top = Math.max(0, ...list.filter(Number.isFinite));
    const last = list[list.length - 1];
    svg.setAttribute("aria-label", `The learning rate over the ${plural(steps, "step")}: from ${list[0]} (highest ${top}) to ${last}`);
  }).catch(() => svg.remove());
  return svg;
}

// Shows an entry's summary in `node`: the line of text, and, when its learning rate (at
// `ratePath` in its hyperparams) is a schedule, its preview, asked of `rates(lr, steps)` (a
// promise of Python's rate at every step) only when the schedule or the steps changed.
export function showSummary(node, entry, ratePath, rates) {
  const lr = ratePath ? ratePath.reduce((value, key) => value?.[key], entry.hyperparams ?? {}) : undefined;
  const key = isSchedule(lr) && rates ? JSON.stringify([lr, entry.steps]) : "";
  if (node.dataset.summaryOf === `${settingsSummary(entry)}|${key}`) return;
  node.dataset.summaryOf = `${settingsSummary(entry)}|${key}`;
  node.replaceChildren(settingsSummary(entry));
  if (key && entry.steps > 0) node.append(" ", scheduleSparkline(rates(lr, entry.steps), entry.steps));
}
