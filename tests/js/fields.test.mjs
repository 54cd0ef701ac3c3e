// Unit tests of the state's registry (state/fields.js), the keys a link may not bring in, the
// views a link may ask for, and the work budget (state/budget.js).
import test from "node:test";
import assert from "node:assert/strict";
import {FIELDS, LINKED_FIELDS, invalidated} from "../../site_src/js/state/fields.js";
import {fromHash, initialState, toHash} from "../../site_src/js/state/state.js";
import {applyChange} from "../../site_src/js/state/store.js";
import {fitWork} from "../../site_src/js/state/budget.js";
import {fakeCatalog} from "./fake-catalog.mjs";

test("every field has a default and what it invalidates; URL keys are unique", () => {
  const keys = LINKED_FIELDS.map((field) => field.key);
  assert.equal(new Set(keys).size, keys.length);
  const state = initialState(fakeCatalog(), "two_wells");
  assert.deepEqual(Object.keys(state), FIELDS.map((field) => field.name));
  assert.equal(state.lossScale, "linear");
  assert.equal(state.basinResolution, 200);
  assert.equal(state.startMode, "replace");
  assert.deepEqual([...invalidated(new Set(["view"]))].sort(), ["basins", "contour", "outcomes"]);
  assert.deepEqual([...invalidated(new Set(["lossScale"]))], ["loss"]);
});

test("the loss scale and the basin lattice go through the link (l=, r=); start mode and shown map do not", () => {
  const catalog = fakeCatalog();
  const state = {...initialState(catalog, "two_wells"), lossScale: "log", basinResolution: 100,
                 startMode: "add", basinShown: "adam"};
  const hash = toHash(state, catalog, "two_wells");
  assert.equal(hash, "#l=log&r=100");
  const back = fromHash(hash, catalog, "two_wells");
  assert.equal(back.lossScale, "log");
  assert.equal(back.basinResolution, 100);
  assert.equal(back.startMode, "replace");
  assert.equal(back.basinShown, null);
  const problems = [];
  const bad = fromHash("#l=cubic&r=7", catalog, "two_wells", problems);
  assert.equal(bad.lossScale, "linear");
  assert.equal(bad.basinResolution, 200);
  assert.match(problems.join("; "), /a loss scale is linear, log, not "cubic"/);
  assert.match(problems.join("; "), /a basin lattice's side is 50, 100, 200, 300, 400, not "7"/);
});

test("keys inherited from Object.prototype are unknown keys: left out with a notice", () => {
  const catalog = fakeCatalog();
  for (const key of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
    const problems = [];
    const state = fromHash(`#p=${key}:1&s=0.5,0.5`, catalog, "two_wells", problems);
    assert.deepEqual(Object.keys(state.params), ["a", "b", "c", "d"], key);
    assert.equal(Object.hasOwn(state.params, key), false, key);
    assert.match(problems.join("; "), new RegExp(`no parameter "${key}"; it was left out`), key);
    assert.equal(toHash(state, catalog, "two_wells").includes(key), false, key);
  }
  const catalogWithSchema = fakeCatalog();
  catalogWithSchema.optimizersById.set("sgd", {settings: [{name: "lr"}, {name: "momentum"}]});
  const problems = [];
  const state = fromHash('#o=sgd~{"__proto__":{"x":1},"lr":0.5}', catalogWithSchema, "two_wells", problems);
  const sgd = state.entries.find((e) => e.key === "sgd");
  assert.deepEqual(Object.keys(sgd.hyperparams), ["lr"]);
  assert.equal(sgd.hyperparams.lr, 0.5);
  assert.equal(Object.getPrototypeOf(sgd.hyperparams), Object.prototype);
  assert.match(problems.join("; "), /no setting of "sgd" called "__proto__"/);
  const unknown = [];
  fromHash("#s=0.5,0.5&constructor=1&zz=2", catalog, "two_wells", unknown);
  assert.match(unknown.join("; "), /"constructor", "zz" are not part of this page; left out/);
});

test("views are bounded and finite on both axes, from a link or a gesture", () => {
  const catalog = fakeCatalog();
  const problems = [];
  const infinite = fromHash("#v=-1e308,1e308,-1e308,1e308", catalog, "two_wells", problems);
  assert.equal(infinite.view, null);
  assert.match(problems.join("; "), /a view's sides must be finite/);
  const wide = [];
  const state = fromHash("#v=-1e300,1e300,-1,1", catalog, "two_wells", wide);
  assert.match(wide.join("; "), /far wider, narrower or further out/);
  const {state: settled} = applyChange(initialState(catalog, "two_wells"), {state}, catalog);
  const [[x0, x1], [y0, y1]] = settled.view;
  assert.ok(x1 - x0 <= 4000 * 1.001 && x1 - x0 > 0, settled.view);
  assert.deepEqual([y0, y1], [-1, 1]);
  const far = applyChange(initialState(catalog, "two_wells"), {view: [[1e200, 1e200 + 1e190], [0, 1]]}, catalog).state.view;
  assert.ok(far.flat().every(Number.isFinite) && Math.abs(far[0][0]) <= 4001, far);
  const tall = applyChange(initialState(catalog, "two_wells"), {view: [[-1, 1], [-1e300, 1e300]]}, catalog).state.view;
  assert.ok(tall[1][1] - tall[1][0] <= 4000 * 1.001, tall);
});

test("a state asking more than the catalog's state_work is cut to fit, and says how", () => {
  const catalog = fakeCatalog();
  const state = initialState(catalog, "two_wells");
  const entries = Array.from({length: 64}, (_, i) => ({...state.entries[0], key: `k${i}`, steps: 10000, enabled: true}));
  const starts = Array.from({length: 100}, (_, i) => [i / 100, 0]);
  const big = {...state, entries, starts};
  const {state: fitted, cut} = fitWork(big, catalog);
  const work = (s) => s.starts.length * s.entries.filter((e) => e.enabled).reduce((sum, e) => sum + e.steps + 1, 0);
  assert.ok(work(fitted) <= catalog.limits.state_work);
  assert.equal(fitted.starts.length, Math.floor(8000000 / (64 * 10001)));
  assert.match(cut, /64,006,400 point-steps, more than the page computes for one picture \(8,000,000\), so it keeps the first 12 of its 100 starts/);
  assert.deepEqual(fitWork(state, catalog), {state, cut: null});
  // one start still too much: every entry's steps shrink in proportion
  const tight = {...catalog, limits: {state_work: 1000}};
  const one = fitWork({...big, starts: [[0, 0]]}, tight);
  assert.ok(work(one.state) <= 1000, work(one.state));
  assert.match(one.cut, /fewer steps/);
  // through the store: the change is cut and `cut` says so
  const change = applyChange(state, {starts}, {...catalog, limits: {state_work: 600 * 20}});
  assert.ok(change.state.starts.length < 100 && change.cut);
});

test("reading a huge hash stays quick (the page reads links on the main thread)", () => {
  const catalog = fakeCatalog();
  const starts = Array.from({length: 20000}, (_, i) => `${(i % 997) / 1000},${(i % 991) / 1000}`).join(";");
  const hash = `#s=${starts}&o=${"sgd,".repeat(20000)}adam`;
  fromHash(hash, catalog, "two_wells", []);   // warm up
  const began = performance.now();
  const problems = [];
  const state = fromHash(hash, catalog, "two_wells", problems);
  const took = performance.now() - began;
  assert.equal(state.starts.length, 100);
  assert.ok(took < 50, `${took} ms`);
});

test("the theme is a field of the state, not of the link: a change of it restyles and writes no URL", () => {
  const theme = FIELDS.find((field) => field.name === "theme");
  assert.equal(theme.key, null);
  assert.ok(!LINKED_FIELDS.includes(theme));
  assert.deepEqual([...invalidated(new Set(["theme"]))], ["style"]);
  const catalog = fakeCatalog();
  const state = initialState(catalog, "two_wells");
  assert.equal(state.theme, "light");   // no document here: the light colours
  const {state: dark, changed} = applyChange(state, {theme: "dark"}, catalog);
  assert.deepEqual([...changed], ["theme"]);
  assert.equal(dark.theme, "dark");
  assert.equal(toHash(dark, catalog, "two_wells"), toHash(state, catalog, "two_wells"));
});
