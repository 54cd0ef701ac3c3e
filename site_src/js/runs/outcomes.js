// How a run ended, in words: converged (and by what test), still moving when its steps ran
// out, diverged, or left the view. Python's status says whether a run diverged (a value
// overflowed) or escaped (it went far outside the function's view and was stopped); the rest
// is read from its last points and the view on screen.

// A run has converged when its last update moved it less than this share of the view's
// larger side (1e-6: below a thousandth of a pixel on any screen).
export const CONVERGED_SHARE = 1e-6;

export const OUTCOMES = {
  "converged": "converged",
  "still-moving": "still moving",
  "diverged": "diverged",
  "left-view": "left the view",
};

// What each ending means, said under the table (not in a tooltip: touch screens have no hover).
export const OUTCOME_MEANINGS = {
  "converged": "its last step was shorter than a millionth of the view",
  "still-moving": "its last step was longer than that when its steps ran out",
  "diverged": "its values overflowed (became infinite or not a number)",
  "left-view": "it ended outside the view, or went so far outside that it was stopped",
};

// status: "ok" | "diverged" | "escaped"; end, previous: its last two points ([x, y], previous
// null when it made no step); view: [[x0, x1], [y0, y1]]; steps: how many it made.
// Returns {key (of OUTCOMES), text (short, for the table), detail (the test, in words)}.
export function outcome({status, end, previous, view, steps}) {
  const said = (key, detail) => ({key, text: OUTCOMES[key], detail});
  if (status === "diverged") return said("diverged", "its values overflowed (became infinite or not a number)");
  if (status === "escaped") return said("left-view", "it went far outside the view and was stopped there");
  const [[x0, x1], [y0, y1]] = view;
  if (end[0] < x0 || end[0] > x1 || end[1] < y0 || end[1] > y1) return said("left-view", "it ended outside the view");
  const tolerance = CONVERGED_SHARE * Math.max(x1 - x0, y1 - y0);
  if (previous && Math.hypot(end[0] - previous[0], end[1] - previous[1]) <= tolerance) {
    return said("converged", "its last step was shorter than a millionth of the view");
  }
  return said("still-moving", `its last step was longer than a millionth of the view when its ${steps.toLocaleString("en")} steps ran out`);
}
