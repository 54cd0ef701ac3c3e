// Which paths take the same route (path-overlap.js), on real runs: the four default presets on
// Rastrigin from (-1.8432, -2.1504), the issue's /rastrigin/#s=-1.8432,-2.1504, computed by
// CPython (tests/core/test_js_fixtures.py writes and checks the fixture). Momentum's first steps
// run over the short routes of the other three, then it ends two wells away: it shares no path.
import test from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {coincidingGroups, covers, groupPlaces, rowPolyline, samePath} from "../../site_src/js/plot/path-overlap.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/rastrigin-paths.json", import.meta.url), "utf8"));

// The paths as the renderer passes them: canvas pixels, here of a square plot area `side` CSS
// pixels wide (Rastrigin's domain is square; only pixels per unit matter, not the margins).
function pixelPaths(side) {
  const [[x0, x1], [y0, y1]] = fixture.domain;
  const px = ([x, y]) => [((x - x0) / (x1 - x0)) * side, side - ((y - y0) / (y1 - y0)) * side];
  return fixture.paths.map(({key, points}) => ({key, n: 1, lastStep: [points.length - 1],
                                                points: Float64Array.from(points.flatMap(px))}));
}

test("the fixture is the issue's case: Momentum ends elsewhere, the other three in the same well", () => {
  const ends = Object.fromEntries(fixture.paths.map(({key, points}) => [key, points.at(-1)]));
  assert.deepEqual(Object.keys(ends), ["sgd", "momentum", "rmsprop", "adam"]);
  for (const key of ["sgd", "rmsprop", "adam"]) assert.ok(Math.hypot(ends[key][0] + 1.99, ends[key][1] + 1.99) < 0.01, key);
  assert.ok(Math.hypot(ends.momentum[0] - ends.sgd[0], ends.momentum[1] - ends.sgd[1]) > 1.5);
});

for (const side of [294, 574, 834]) {   // plots of pages 360, 640 and 900 px wide
  test(`on a plot ${side} px wide Momentum covers the short routes but shares no path; SGD, RMSProp and Adam do`, () => {
    const paths = pixelPaths(side);
    const lines = Object.fromEntries(paths.map((p) => [p.key, rowPolyline(p, 0, 0.5)]));
    // what made every row say "same path as …": Momentum's route passes over each short one
    for (const key of ["sgd", "rmsprop", "adam"]) assert.ok(covers(lines.momentum, lines[key], 2), key);
    for (const key of ["sgd", "rmsprop", "adam"]) assert.ok(!samePath(lines.momentum, lines[key], 2), key);
    const groups = coincidingGroups(paths, 2);
    assert.deepEqual(groups, [{row: 0, keys: ["sgd", "rmsprop", "adam"]}]);
    const places = groupPlaces(groups);
    assert.equal(places.get("momentum 0"), undefined);
    assert.deepEqual(places.get("sgd 0").others, ["rmsprop", "adam"]);
  });
}
