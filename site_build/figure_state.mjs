// The figures' page states and URL hashes, for the build (site_build/figures.py): the page's own
// codec (js/state/state.js: initialState, toHash, fromHash) run by node over the staged
// site_src/js, so a figure's link is written exactly as the playground writes and reads it.
//
// Input (the first argument, a JSON file): {catalog, playground: <the playground page's function
// id>, width: <picture width>, specs: [{id, function, starts, presets, settings?, steps?, params?,
// view?, minibatch?}]}.
// Output: for each spec {hash: <the hash on a page of its own function, no "#">, link: <on the
// playground page>, state: {fn, params, starts, view, minibatch, runs: [{key, optimizer, hyperparams, steps}]} (the
// enabled entries in the page's order), size: [width, height] (scales.js heightForWidth)}, or
// {error} when the page would read a hash back as another state.
import {readFileSync} from "node:fs";
import {isDeepStrictEqual} from "node:util";
import {fromHash, initialState, toHash} from "./js/state/state.js";
import {heightForWidth} from "./js/plot/scales.js";
import {indexCatalog} from "./js/state/catalog.js";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const catalog = indexCatalog(input.catalog);   // the maps by id the page adds (js/state/catalog.js)
const margins = catalog.plot.margins;

// The page's state for a spec: the function's opening state, then the spec's changes.
function specState(spec) {
  const state = initialState(catalog, spec.function);
  const own = state.params;
  state.starts = spec.starts.map(([x, y]) => [Number(x), Number(y)]);
  state.params = {...own, ...Object.fromEntries(Object.entries(spec.params ?? {}).filter(([k]) => k in own).map(([k, v]) => [k, Number(v)]))};
  state.entries = state.entries.map((entry) => ({
    ...entry,
    enabled: spec.presets.includes(entry.key),
    hyperparams: {...entry.hyperparams, ...(spec.settings?.[entry.key] ?? {})},
    steps: spec.steps?.[entry.key] ?? entry.steps,
  }));
  if (spec.view) state.view = spec.view.map(([a, b]) => [Number(a), Number(b)]);
  if (spec.minibatch) state.minibatch = {size: spec.minibatch.size ?? null, seed: spec.minibatch.seed ?? 0};
  return state;
}

// What a figure shows of a state: its function, parameters, starts and enabled runs.
const shown = (state) => ({
  fn: state.fn, params: state.params, starts: state.starts, view: state.view, minibatch: state.minibatch,
  runs: state.entries.filter((e) => e.enabled).map(({key, optimizer, hyperparams, steps}) => ({key, optimizer, hyperparams, steps})),
});

function figure(spec) {
  const state = specState(spec);
  const hash = toHash(state, catalog, spec.function);
  const link = toHash(state, catalog, input.playground);
  for (const [text, page] of [[hash, spec.function], [link, input.playground]]) {
    const problems = [];
    const read = fromHash(text, catalog, page, problems);
    if (!read || problems.length || !isDeepStrictEqual(shown(read), shown(state))) {
      return {error: `figure ${spec.id}: the page reads ${JSON.stringify(text)} back as another state (${problems.join("; ")})`};
    }
  }
  const domain = state.view ?? catalog.functionsById.get(spec.function).domain;
  return {hash: hash.replace(/^#/, ""), link: link.replace(/^#/, ""), state: shown(state),
          size: [input.width, heightForWidth(domain, input.width, margins)]};
}

process.stdout.write(JSON.stringify(input.specs.map(figure)));
