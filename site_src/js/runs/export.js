// The runs as data to take away: CSV (one line per start, optimizer and step, with the settings
// that produced it) and JSON (the same, nested). Pure: from the state, the catalog and the
// worker's runs; numbers are JS's shortest round-trip strings, so they read back as the same
// float64 values. figureText gives the words the PNG carries (png-figure.js draws them).
import {settingsSummary} from "../controls/settings-summary.js";
import {formulaText} from "../plot/formula-text.js";

export const CSV_COLUMNS = ["function", "formula", "function_params", "noise_sigma", "noise_seed", "optimizer_key",
  "optimizer_label", "optimizer", "hyperparams", "steps", "start", "start_x", "start_y", "step", "x", "y", "f",
  "status", "outcome", "outcome_minimum_x", "outcome_minimum_y"];

// A CSV field: numbers as their shortest round-trip text, objects as JSON, quoted when needed.
function csvField(value) {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// [{entry, run}] for the enabled entries whose run arrived (no error), in the state's order.
export function finishedRuns(state, runs) {
  return state.entries.filter((e) => e.enabled && runs.get(e.key) && !runs.get(e.key).error)
    .map((entry) => ({entry, run: runs.get(entry.key)}));
}

// The PNG's legend: [{label, color, dash, marker, settings}] for the runs drawn (png-figure.js
// draws each as its swatch: colour, dash pattern and marker, as on the plot), with the settings
// each ran with in one line (settings-summary.js, the settings panel's own words).
export function legendItems(state, runs) {
  return finishedRuns(state, runs).map(({entry}) => ({
    label: entry.label, color: entry.color, dash: entry.dash, marker: entry.marker, settings: settingsSummary(entry),
  }));
}

// What the PNG says besides the plot: {title, formula, details: [line], legend}. The formula
// is the catalog's (its LaTeX as plain text), or the visitor's own; the details give the
// function's parameters and the gradient noise.
export function figureText(state, runs, catalog) {
  const custom = state.fn === catalog.custom_function?.id;
  const fn = catalog.functionsById.get(state.fn);
  const details = [];
  const params = Object.entries(state.params ?? {});
  if (!custom && params.length) details.push(`Parameters: ${params.map(([name, value]) => `${name} = ${value}`).join(", ")}`);
  if (state.noise?.sigma > 0) details.push(`Gradient noise: σ = ${state.noise.sigma}, seed ${state.noise.seed}`);
  return {
    title: custom ? (catalog.custom_function.name ?? "Your own f(x, y)") : (fn?.name ?? state.fn),
    formula: custom ? `f(x, y) = ${state.expression}` : (fn?.formula ? formulaText(fn.formula) : ""),
    details,
    legend: legendItems(state, runs),
  };
}

// Every step of every run from every start, up to the step it stopped at.
// outcome: how the row ended (Python's outcome: kind, and the minimum it reached, if any).
export function runsCsv(state, runs, catalog) {
  const lines = [CSV_COLUMNS.join(",")];
  for (const {entry, run} of finishedRuns(state, runs)) {
    const formula = state.fn === catalog.custom_function?.id ? state.expression : "";
    const fixed = [state.fn, formula, state.params, state.noise.sigma, state.noise.seed, entry.key, entry.label,
                   entry.optimizer, entry.hyperparams, entry.steps].map(csvField);
    state.starts.forEach(([sx, sy], row) => {
      for (let t = 0; t <= run.last_step[row]; t++) {
        const i = t * run.n + row;
        const ended = run.outcomes?.[row];
        const step = [row + 1, sx, sy, t, run.points[2 * i], run.points[2 * i + 1], run.values[i], run.status[row],
                      ended?.kind ?? "", ended?.at?.[0] ?? "", ended?.at?.[1] ?? ""];
        lines.push([...fixed, ...step.map(csvField)].join(","));
      }
    });
  }
  return lines.join("\n") + "\n";
}

// {function, view, noise, runs: [{key, label, optimizer, hyperparams, steps, starts: [{start,
// status, outcome (Python's: {kind, minimum, global, at, step}), last_step, points: [[x, y], ...],
// values: [...]}]}]}
export function runsJson(state, runs, catalog) {
  const fn = catalog.functionsById.get(state.fn);
  return {
    site: "Optimizer Paths",
    function: {id: state.fn, name: fn?.name ?? state.fn, params: state.params,
               ...(state.fn === catalog.custom_function?.id ? {formula: state.expression} : {})},
    view: state.view ?? fn?.domain ?? null,
    noise: state.noise,
    runs: finishedRuns(state, runs).map(({entry, run}) => ({
      key: entry.key, label: entry.label, optimizer: entry.optimizer, hyperparams: entry.hyperparams,
      steps: entry.steps,
      starts: state.starts.map((start, row) => {
        const points = [], values = [];
        for (let t = 0; t <= run.last_step[row]; t++) {
          const i = t * run.n + row;
          points.push([run.points[2 * i], run.points[2 * i + 1]]);
          values.push(run.values[i]);
        }
        return {start, status: run.status[row], outcome: run.outcomes?.[row] ?? null, last_step: run.last_step[row],
                points, values};
      }),
    })),
  };
}

// A file name for the current function: "optimizer-paths-two_wells.csv".
export function fileName(state, extension) {
  return `optimizer-paths-${state.fn.replace(/[^a-z0-9_-]/gi, "_")}.${extension}`;
}
