// How a run ended, in words. The ending itself is decided by Python (optimizers/outcomes.py,
// returned with every run and by the `outcomes` method): {kind: "converged" | "still-moving" |
// "diverged" | "left-view", minimum, global, at, step}. This module only words it, and the one
// rule behind it from the catalog's end_point_tolerance.
import {format} from "./number-format.js";

export const OUTCOMES = {
  "converged": "converged",
  "still-moving": "still moving",
  "diverged": "diverged",
  "left-view": "left the view",
};

// The table's short text: "converged to the global minimum at (−0.936, 0)".
export function outcomeText(ended) {
  if (!ended) return "";
  if (ended.kind === "converged" && ended.at) {
    const which = ended.global ? "the global minimum" : "a local minimum";
    return `converged to ${which} at (${format(ended.at[0])}, ${format(ended.at[1])})`;
  }
  return OUTCOMES[ended.kind] ?? ended.kind;
}

// What each ending means (said under the table, not in a tooltip), from the catalog's
// end_point_tolerance {view_share, gap_share}: the one rule Python applies.
export function outcomeMeanings(tolerance) {
  const share = `${format(100 * tolerance.view_share)} % of the view's larger side`;
  const gap = `${format(tolerance.gap_share)} of the smallest gap between two known minima`;
  return {
    "converged": `its end is within the end-point tolerance (${share}, or ${gap} if that is less) of a known minimum, the nearest one`,
    "still-moving": "its steps ran out before it came that close to a minimum",
    "diverged": "its values overflowed (became infinite or not a number)",
    "left-view": "it ended outside the view and not at a minimum, or went so far outside that it was stopped",
  };
}
