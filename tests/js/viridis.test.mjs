// plot/viridis.js's table is d3-scale-chromatic's interpolateViridis (the build's pictures use d3's own):
// the same colour everywhere in [0, 1], at the ends and outside.
import test from "node:test";
import assert from "node:assert/strict";
import {interpolateViridis} from "../../site_src/js/plot/viridis.js";
import {importStaged} from "./with-d3.mjs";

const d3 = await importStaged("../vendor/d3.mjs");

test("viridis.js gives d3's viridis colour for every t", () => {
  for (let k = -10; k <= 2010; k++) {
    const t = k / 2000;
    assert.equal(interpolateViridis(t), d3.interpolateViridis(t), String(t));
  }
  assert.equal(interpolateViridis(0), "#440154");
  assert.equal(interpolateViridis(1), "#fde725");
});
