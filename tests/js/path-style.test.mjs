// Unit tests of the paths' second cue (path-style.js), of which paths coincide
// (path-overlap.js), of the settings' one-line summary, and of the cues in entries and legend.
import test from "node:test";
import assert from "node:assert/strict";
import {CASING, DASHES, MARKERS, LINE_WIDTH, MARKER_RADIUS, dashArray, describeCue, markerPath, spreadMarkers, stripe,
  swatchGeometry}
  from "../../site_src/js/plot/path-style.js";
import {coincidingGroups, covers, groupPlaces, rowPolyline, segmentDistance} from "../../site_src/js/plot/path-overlap.js";
import {settingsSummary} from "../../site_src/js/controls/settings-summary.js";
import {legendItems} from "../../site_src/js/runs/export.js";
import {listText} from "../../site_src/js/runs/results.js";
import {fromHash, initialState} from "../../site_src/js/state/state.js";
import {fakeCatalog} from "./fake-catalog.mjs";

// The vertices of an SVG path made of M/L commands (markerPath's polygons).
function vertices(d) {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function area(points) {
  let a = 0;
  points.forEach(([x0, y0], i) => {
    const [x1, y1] = points[(i + 1) % points.length];
    a += x0 * y1 - x1 * y0;
  });
  return Math.abs(a) / 2;
}

test("dash arrays scale with the line width, solid is empty, every pattern differs", () => {
  assert.deepEqual(dashArray("solid", 2), []);
  assert.deepEqual(dashArray("dashed", 2), [6, 6]);
  assert.deepEqual(dashArray("dashed", 5), [15, 15]);
  assert.deepEqual(dashArray("no such pattern"), []);
  assert.equal(dashArray("dotted").length, 2);
  assert.equal(dashArray("dash-dot").length, 4);
  const patterns = Object.keys(DASHES).map((name) => JSON.stringify(dashArray(name)));
  assert.equal(new Set(patterns).size, Object.keys(DASHES).length);
  for (const name of Object.keys(DASHES)) assert.ok(dashArray(name).every((d) => d > 0), name);
});

test("markers: each a closed outline centred on its point, of similar size, all different", () => {
  const shapes = new Set();
  for (const name of MARKERS) {
    const d = markerPath(name, 10, 20, 4);
    assert.match(d, /^M.* Z$/, name);
    shapes.add(d);
    if (name === "circle") {
      assert.match(d, /A4 4 0 1 0 14 20/);     // two arcs through (6, 20) and (14, 20)
      continue;
    }
    const points = vertices(d);
    const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    // symmetric about the centre's vertical line, and inside a box about 2r across
    assert.ok(Math.abs((Math.min(...xs) + Math.max(...xs)) / 2 - 10) < 1e-9, name);
    assert.ok(Math.max(...xs) - Math.min(...xs) <= 2 * 4 * 1.3 && Math.max(...ys) - Math.min(...ys) <= 2 * 4 * 1.3, name);
    // of a weight comparable to the circle's (π r² ≈ 50): none a speck, none a blob
    assert.ok(area(points) > 20 && area(points) < 60, `${name}: ${area(points)}`);
    assert.ok(Math.abs(cx - 10) < 1e-9 || name.startsWith("triangle"), name);
  }
  assert.equal(shapes.size, MARKERS.length);
  // the triangles point up and down: their apex is above and below the centre
  const up = vertices(markerPath("triangle", 0, 0, 4)), down = vertices(markerPath("triangle-down", 0, 0, 4));
  assert.ok(up[0][1] < 0 && down[0][1] > 0);
  // an unknown name is a circle
  assert.equal(markerPath("blob", 1, 2, 3), markerPath("circle", 1, 2, 3));
});

test("stripes: of coinciding paths the first drawn is widest, the last the plain width", () => {
  assert.deepEqual(stripe(), stripe(0, 1));
  assert.deepEqual(stripe(0, 1), {width: LINE_WIDTH, radius: MARKER_RADIUS});
  const three = [0, 1, 2].map((rank) => stripe(rank, 3));
  assert.ok(three[0].width > three[1].width && three[1].width > three[2].width);
  assert.equal(three[2].width, LINE_WIDTH);
  // each stripe shows at least 1.5 px on each side of the next one's casing
  for (const [under, over] of [[three[0], three[1]], [three[1], three[2]]]) {
    assert.ok((under.width - (over.width + CASING)) / 2 >= 1.5);
  }
});

test("spreadMarkers: markers that would cover each other sit side by side, the others stay", () => {
  const markers = [{x: 100, y: 50, hollow: false}, {x: 101, y: 51, hollow: false}, {x: 200, y: 50, hollow: false},
                   {x: 100, y: 50, hollow: true}, {x: 98, y: 49, hollow: false}];
  const out = spreadMarkers(markers, 14);
  // the three filled ones near (100, 50): a row centred on their mean x, in drawing order
  const mean = (100 + 101 + 98) / 3;
  assert.deepEqual([out[0].x, out[1].x, out[4].x], [mean - 14, mean, mean + 14]);
  assert.deepEqual([out[0].y, out[1].y, out[4].y], [50, 51, 49]);
  assert.equal(out[1].shift, mean - 101);
  // a marker far away, and a hollow one (a start marker), are left where they are
  assert.deepEqual([out[2].x, out[2].shift, out[3].x, out[3].shift], [200, 0, 100, 0]);
  // the input is not changed
  assert.equal(markers[0].x, 100);
  // no two markers of a kind end closer than the spacing
  const filled = out.filter((m) => !m.hollow);
  for (let i = 0; i < filled.length; i++) for (let j = i + 1; j < filled.length; j++) {
    assert.ok(Math.hypot(filled[i].x - filled[j].x, filled[i].y - filled[j].y) >= 14 - 1e-9);
  }
});

test("swatch geometry: a line in the dash pattern ending in the marker, inside its box", () => {
  const g = swatchGeometry({dash: "dotted", marker: "square"}, {width: 36, height: 14});
  assert.deepEqual(g.dash, dashArray("dotted", LINE_WIDTH));
  const [x1, y1, x2, y2] = g.line;
  assert.ok(x1 >= 0 && x2 < 36 && y1 === 7 && y2 === 7);
  for (const [x, y] of vertices(g.marker)) assert.ok(x > x1 && x <= 36 && y >= 0 && y <= 14, `${x} ${y}`);
  assert.equal(describeCue({dash: "dash-dot", marker: "triangle-down"}), "dash-dot line, triangle down marker");
});

// A path as the worker lays it out: (steps + 1) x n x 2, step-major.
function path(key, rows, lastStep = rows.map((r) => r.length - 1)) {
  const n = rows.length, steps = Math.max(...lastStep);
  const points = new Float64Array((steps + 1) * n * 2).fill(NaN);
  rows.forEach((row, r) => row.forEach(([x, y], t) => {
    points[2 * (t * n + r)] = x;
    points[2 * (t * n + r) + 1] = y;
  }));
  return {key, points, n, lastStep};
}

const line = (x0, y0, x1, y1, steps) =>
  Array.from({length: steps + 1}, (_, t) => [x0 + ((x1 - x0) * t) / steps, y0 + ((y1 - y0) * t) / steps]);

test("rowPolyline: a row's points to its last step, close ones dropped (the last kept)", () => {
  const p = path("a", [[[0, 0], [0.1, 0], [5, 0], [5.1, 0]], [[1, 1], [2, 2], [NaN, NaN], [NaN, NaN]]], [3, 1]);
  assert.deepEqual(rowPolyline(p, 0), [0, 0, 0.1, 0, 5, 0, 5.1, 0]);
  assert.deepEqual(rowPolyline(p, 0, 1), [0, 0, 5, 0, 5.1, 0]);
  assert.deepEqual(rowPolyline(p, 1), [1, 1, 2, 2]);
  assert.equal(segmentDistance(0, 3, -1, 0, 1, 0), 3);
  assert.equal(segmentDistance(4, 0, -1, 0, 1, 0), 3);
});

test("covers: every point along a near b (segments sampled, not only vertices)", () => {
  const straight = [0, 0, 100, 0];
  assert.ok(covers(straight, [0, 1, 50, -1, 100, 1.5], 2));
  assert.ok(!covers(straight, [0, 0, 50, 5, 100, 0], 2));
  // a longer path covers a shorter one along it, not the other way round
  assert.ok(covers([0, 0, 200, 0], straight, 2));
  assert.ok(!covers(straight, [0, 0, 200, 0], 2));
  // a dogleg whose vertices are all on the line but whose middle is not: (0,0)->(50,0)->(50,10)->(50,0)
  assert.ok(!covers(straight, [0, 0, 50, 0, 50, 10, 50, 0], 2));
});

test("coincidingGroups: the same route from a start groups, per start, in drawing order", () => {
  const a = path("sgd", [line(0, 0, 100, 0, 50), line(0, 50, 0, 100, 10)]);
  const b = path("momentum", [line(0, 0, 100, 0.5, 7), line(0, 50, 60, 50, 10)]);
  // overshoots along the line and comes back to where sgd ends
  const c = path("adam", [[...line(0, 0, 130, 0, 20), [115, 0], [100, 0.5]], line(0, 50, 0, 100, 3)]);
  const d = path("rmsprop", [line(0, 0, 0, 100, 20), line(0, 50, 100, 100, 3)]);
  const groups = coincidingGroups([a, b, c, d], 2);
  assert.deepEqual(groups, [{row: 0, keys: ["sgd", "momentum", "adam"]}, {row: 1, keys: ["sgd", "adam"]}]);
  const places = groupPlaces(groups);
  assert.deepEqual(places.get("momentum 0"), {rank: 1, size: 3, others: ["sgd", "adam"]});
  assert.deepEqual(places.get("adam 1"), {rank: 1, size: 2, others: ["sgd"]});
  assert.equal(places.get("rmsprop 0"), undefined);
  // one that runs on along the same line and ends elsewhere covers a but is not its path
  const g = path("g", [line(0, 0, 130, 0, 20)]), h = path("h", [line(0, 0, 100, 0, 20)]);
  assert.ok(covers(rowPolyline(g, 0), rowPolyline(h, 0), 2));
  assert.deepEqual(coincidingGroups([g, h], 2), []);
  // farther apart than the tolerance: no group
  const e = path("e", [line(0, 3, 100, 3, 10)]), f = path("f", [line(0, 0, 100, 0, 10)]);
  assert.deepEqual(coincidingGroups([e, f], 2), []);
  assert.deepEqual(coincidingGroups([e, f], 3.5), [{row: 0, keys: ["e", "f"]}]);
  // no paths (before any run arrived): no groups
  assert.deepEqual(coincidingGroups([], 2), []);
  assert.deepEqual(coincidingGroups([e], 2), []);
});

test("settingsSummary: the whole setting in one line, as a call", () => {
  assert.equal(settingsSummary({optimizer: "adam", hyperparams: {lr: 0.01, betas: [0.7, 0.999], bias_correction: false},
                                steps: 100}),
               "adam(lr=0.01, betas=(0.7, 0.999), bias_correction=false), 100 steps");
  assert.equal(settingsSummary({optimizer: "lookahead", hyperparams: {inner: "sgd", inner_hyperparams: {lr: 0.02}},
                                steps: 1}),
               "lookahead(inner=sgd, inner_hyperparams={lr=0.02}), 1 step");
});

test("entries carry their preset's cue, other entries the catalog's lists' at their position; the legend too", () => {
  const catalog = fakeCatalog();
  catalog.presets[0].dash = "solid";
  catalog.presets[0].marker = "circle";
  catalog.presets[1].dash = "dashed";
  catalog.presets[1].marker = "square";
  catalog.dashes = ["solid", "dashed", "dotted"];
  catalog.markers = ["circle", "square", "triangle"];
  const state = initialState(catalog, "two_wells");
  assert.deepEqual(state.entries.map((e) => [e.key, e.color, e.dash, e.marker]),
                   [["sgd", "#ff3b3b", "solid", "circle"], ["adam", "#4cc9f0", "dashed", "square"]]);
  // an entry that is no preset, third in the list: the third of each list
  const other = fromHash('o=adam,sgd,mine~{"optimizer":"adam","hyperparams":{"lr":0.3},"steps":500,"label":"Mine"}',
                         catalog, "two_wells");
  assert.deepEqual(other.entries.map((e) => [e.key, e.color, e.dash, e.marker])[2], ["mine", "#ff9f1c", "dotted", "triangle"]);
  const runs = new Map([["sgd", {points: new Float64Array(2), values: new Float64Array(1), n: 1, last_step: [0]}],
                        ["adam", {error: "no"}]]);
  assert.deepEqual(legendItems(state, runs), [{label: "SGD", color: "#ff3b3b", dash: "solid", marker: "circle",
                                               settings: "sgd(lr=0.02), 500 steps"}]);
});

test("the table's note lists the other runs in words", () => {
  assert.equal(listText(["Momentum"]), "Momentum");
  assert.equal(listText(["SGD", "Adam"]), "SGD and Adam");
  assert.equal(listText(["SGD", "RMSProp", "Adam"]), "SGD, RMSProp and Adam");
});
