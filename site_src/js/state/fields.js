// The registry of the playground's state: one entry per field, read by state.js (defaults, the
// URL hash), store.js (which fields a change may set) and the playground's render (what a
// change invalidates). A control that owns a field is registered in controls/registry.js.
//
//   name        the state's field
//   key         its URL key (null: not kept in a link)
//   codec       its URL codec (codecs.js)
//   default     (ctx = {catalog, functionId}) -> its value when nothing says otherwise
//   invalidates what a change of it makes stale: "contour" (the function's grid and scene),
//               "runs" (every path), "entry-runs" (the changed entries' paths), "outcomes"
//               (how the runs ended, re-classified by Python), "basins" (a basin map made),
//               "basin-map" (which map is drawn), "playback", "vectors", "loss", "hint",
//               "style" (the colours every canvas reads: the light or dark theme),
//               "plot-kind" (contour or 3-D: the switch shows it, controls/plot-kind.js)
import {codecs, DEFAULT_SPEED} from "./codecs.js";
import {defaultEntries} from "./entries.js";

export const LOSS_SCALES = ["linear", "log"];
export const LOSS_RANGES = ["all", "own"];   // the loss chart's x: all runs to the longest, each run to its own end
export const BASIN_RESOLUTIONS = [50, 100, 200, 300, 400];   // lattice points per side offered
export const START_MODES = ["replace", "add"];
export const PLOT_KINDS = ["contour", "3d"];               // the contour, or the surface in 3-D (plot3d/)

export const FIELDS = [
  {name: "fn", key: "f", codec: codecs.string, default: (ctx) => ctx.functionId,
   invalidates: ["contour", "runs", "basins"]},
  {name: "expression", key: "e", codec: codecs.string, default: () => "",
   invalidates: ["contour", "runs", "basins"]},
  {name: "params", key: "p", codec: codecs.numbers,
   default: (ctx) => ({...ctx.catalog.functionsById.get(ctx.functionId).params}),
   invalidates: ["contour", "runs", "basins"]},
  {name: "starts", key: "s", codec: codecs.points, default: () => [], invalidates: ["runs", "hint"]},
  {name: "entries", key: "o", codec: codecs.entries, default: (ctx) => defaultEntries(ctx.catalog, ctx.functionId),
   invalidates: ["entry-runs", "basins"]},
  {name: "view", key: "v", codec: codecs.rect, default: () => null, invalidates: ["contour", "outcomes", "basins"]},
  {name: "noise", key: "n", codec: codecs.noise, default: () => ({sigma: 0, seed: 0}), invalidates: ["runs", "basins"]},
  // a model's minibatches: size null = the full batch (exact gradients); used only on a model
  {name: "minibatch", key: "b", codec: codecs.minibatch, default: () => ({size: null, seed: 0}),
   invalidates: ["runs", "basins"]},
  {name: "playback", key: "t", codec: codecs.playback, default: () => ({step: null, speed: DEFAULT_SPEED}),
   invalidates: ["playback"]},
  {name: "vectors", key: "w", codec: codecs.vectors, default: () => [], invalidates: ["vectors"]},
  {name: "lossScale", key: "l", codec: codecs.choice(LOSS_SCALES, "a loss scale"), default: () => "linear",
   invalidates: ["loss"]},
  {name: "lossRange", key: "x", codec: codecs.choice(LOSS_RANGES, "a loss chart x-range"), default: () => "all",
   invalidates: ["loss"]},
  {name: "basinResolution", key: "r", codec: codecs.choice(BASIN_RESOLUTIONS, "a basin lattice's side"),
   default: () => 200, invalidates: ["basin-panel"]},
  // a learning-rate (or other setting's) sweep: {key, setting, low, high, count, measure, start} or none
  {name: "sweep", key: "q", codec: codecs.sweep, default: () => null, invalidates: ["sweep"]},
  {name: "plotKind", key: "g", codec: codecs.choice(PLOT_KINDS, "a plot kind"), default: () => "contour",
   invalidates: ["plot-kind"]},
  // not in a link: which basin map is drawn (a map is computed only on request) and whether a
  // click adds a start ("Add starts") or replaces them
  {name: "basinShown", key: null, default: () => null, invalidates: ["basin-map"]},
  {name: "startMode", key: null, codec: null, default: () => "replace", invalidates: ["hint"]},
  // not in a link either: the colours in effect ("light" or "dark"; plot/theme.js sets
  // <html data-theme-effective> before any playground mounts and reports changes)
  {name: "theme", key: null, codec: null, default: () => currentTheme(), invalidates: ["style"]},
];

function currentTheme() {
  return globalThis.document?.documentElement?.dataset.themeEffective === "dark" ? "dark" : "light";
}

export const FIELD_NAMES = FIELDS.map((field) => field.name);
export const LINKED_FIELDS = FIELDS.filter((field) => field.key !== null);

// What the changed fields make stale: a Set of the names above.
export function invalidated(changed) {
  const stale = new Set();
  for (const field of FIELDS) if (changed.has(field.name)) field.invalidates.forEach((what) => stale.add(what));
  return stale;
}
