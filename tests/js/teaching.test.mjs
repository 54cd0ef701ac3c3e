// Unit tests of issue 16's "no scroll trap" and "for teaching" pieces: which wheel zooms and the
// hint's words, which changes are history entries, the formula as plain text for the PNG, the
// PNG's scale and words, the presentation's fitted plot width, and the Present key.
import test from "node:test";
import assert from "node:assert/strict";
import {historyMode} from "../../site_src/js/state/hash-sync.js";
import {isMac, wheelHintText, zoomsOnWheel} from "../../site_src/js/plot/wheel-hint.js";
import {formulaText} from "../../site_src/js/plot/formula-text.js";
import {figureText} from "../../site_src/js/runs/export.js";
import {isPresentKey, PNG_WIDTHS} from "../../site_src/js/controls/share-controls.js";
import {importStaged} from "./with-d3.mjs";
import {fakeCatalog} from "./fake-catalog.mjs";
import {initialState} from "../../site_src/js/state/state.js";

test("only Ctrl or ⌘ + wheel zooms (a trackpad's pinch arrives as Ctrl + wheel); the hint names the key", () => {
  assert.equal(zoomsOnWheel({ctrlKey: false, metaKey: false, deltaY: 100}), false);
  assert.equal(zoomsOnWheel({ctrlKey: true, metaKey: false}), true);
  assert.equal(zoomsOnWheel({ctrlKey: false, metaKey: true}), true);
  assert.equal(isMac({platform: "MacIntel"}), true);
  assert.equal(isMac({userAgentData: {platform: "macOS"}, platform: ""}), true);
  assert.equal(isMac({platform: "Linux x86_64"}), false);
  assert.equal(wheelHintText(true), "Use ⌘ + scroll to zoom");
  assert.equal(wheelHintText(false), "Use Ctrl + scroll to zoom");
});

test("a committed action pushes a history entry; playback alone and rewrites replace", () => {
  for (const field of ["starts", "fn", "params", "entries", "view", "noise", "vectors", "lossScale", "expression"]) {
    assert.equal(historyMode(new Set([field])), "push", field);
  }
  assert.equal(historyMode(new Set(["starts", "playback"])), "push");   // a click also restarts the playback
  assert.equal(historyMode(new Set(["playback"])), "replace");
  assert.equal(historyMode(new Set()), "replace");
  assert.equal(historyMode(null), "replace");                          // a restored or a link's own state
});

test("the catalog's LaTeX becomes one line of plain text", () => {
  assert.equal(formulaText("f(x, y) = x^2 + y^2 - a\\,e^{-\\frac{(x-1)^2 + y^2}{c}}"),
               "f(x, y) = x² + y² − a e^(−((x−1)² + y²)/c)");
  assert.equal(formulaText("f(x, y) = 2A + \\left(x^2 - A\\cos 2\\pi x\\right)"), "f(x, y) = 2A + (x² − A cos 2π x)");
  assert.equal(formulaText("\\tfrac{x^6}{6} + \\sqrt{x^2 + y^2} + \\sin^2 3\\pi y"), "x⁶/6 + √(x² + y²) + sin² 3π y");
  assert.equal(formulaText("x^{10} y_1 \\unknown"), "x¹⁰ y_1 unknown");
});

test("the PNG's words: the function, its formula, parameters, noise, and each run's settings", () => {
  const catalog = fakeCatalog();
  Object.assign(catalog.functionsById.get("two_wells"), {name: "Two wells", formula: "f(x, y) = x^2 + y^2 - a\\,e^{-x}"});
  const state = {...initialState(catalog, "two_wells"), noise: {sigma: 0.1, seed: 7}};
  const runs = new Map(state.entries.map((e) => [e.key, {points: new Float64Array(2), values: new Float64Array(1), n: 1, last_step: [0]}]));
  const text = figureText(state, runs, catalog);
  const fn = catalog.functionsById.get("two_wells");
  assert.equal(text.title, fn.name);
  assert.equal(text.formula, formulaText(fn.formula));
  assert.deepEqual(text.details, [`Parameters: ${Object.entries(fn.params).map(([k, v]) => `${k} = ${v}`).join(", ")}`,
                                  "Gradient noise: σ = 0.1, seed 7"]);
  const enabled = state.entries.filter((e) => e.enabled);
  assert.deepEqual(text.legend.map((item) => item.label), enabled.map((e) => e.label));
  assert.deepEqual(text.legend.map((item) => item.settings), ["sgd(lr=0.02), 500 steps", "adam(lr=0.01), 100 steps"]);
  assert.equal(text.formula, "f(x, y) = x² + y² − a e^(−x)");
  const custom = figureText({...state, fn: catalog.custom_function.id, expression: "x**2 + y"}, runs, catalog);
  assert.equal(custom.formula, "f(x, y) = x**2 + y");
  assert.deepEqual(custom.details, ["Gradient noise: σ = 0.1, seed 7"]);
});

test("the PNG is twice the plot, or a chosen width up to 3840 px", async () => {
  const {figureScale, MAX_WIDTH} = await importStaged("plot/png-figure.js");
  assert.equal(MAX_WIDTH, 3840);
  assert.equal(figureScale(600), 2);
  assert.equal(figureScale(600, 1920) * 600, 1920);
  assert.equal(figureScale(600, 9999) * 600, 3840);
  assert.equal(figureScale(2400) * 2400, 3840);
  assert.deepEqual(PNG_WIDTHS, [null, 1920, 2560, 3840]);
});

test("presentation: the widest plot whose height fits", async () => {
  const {fittedWidth} = await importStaged("pages/presentation.js");
  const {heightForWidth} = await importStaged("plot/scales.js");
  const margins = {top: 12, right: 14, bottom: 40, left: 52};
  const square = [[-2, 2], [-2, 2]];
  const width = fittedWidth(square, margins, 1800, 800);
  assert.ok(heightForWidth(square, width, margins) <= 800);
  assert.ok(heightForWidth(square, width + 1, margins) > 800);
  assert.equal(fittedWidth(square, margins, 500, 2000), 500);   // limited by the width
});

test("F asks for presentation mode outside text fields and without modifiers", () => {
  const key = (key, target = {tagName: "CANVAS"}, mods = {}) => ({key, target, ...mods});
  assert.equal(isPresentKey(key("f")), true);
  assert.equal(isPresentKey(key("F")), true);
  assert.equal(isPresentKey(key("f", {tagName: "INPUT", type: "text"})), false);
  assert.equal(isPresentKey(key("f", {tagName: "INPUT", type: "range"})), true);
  assert.equal(isPresentKey(key("f", {tagName: "SELECT"})), false);
  assert.equal(isPresentKey(key("f", undefined, {ctrlKey: true})), false);
  assert.equal(isPresentKey(key("k")), false);
});
