// How a run ended, in words. The ending itself is decided by Python (optimizers/outcomes.py,
// returned with every run and by the `outcomes` method): {kind: "converged" | "still-moving" |
// "diverged" | "left-view", minimum, global, at, step}. This module only words it, and the one
// rule behind it from the catalog's end_point_tolerance.
import {format, pointText} from "./number-format.js";

export const OUTCOMES = {
  "converged": "converged",
  "still-moving": "still moving",
  "diverged": "diverged",
  "left-view": "left the view",
};

// The table's short text, at the view's precision (number-format.js precisionOf; the
// default: thousandths): "global minimum at (−0.936, 0)", "local minimum at (0.911, 0)",
// "still moving", "diverged at step 12", "left the view".
export function outcomeText(ended, precision = {x: 3, y: 3}) {
  if (!ended) return "";
  if (ended.kind === "converged" && ended.at) {
    return `${ended.global ? "global" : "local"} minimum at ${pointText(ended.at, precision)}`;
  }
  if (ended.kind === "diverged" && Number.isInteger(ended.step)) return `diverged at step ${ended.step.toLocaleString("en")}`;
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
