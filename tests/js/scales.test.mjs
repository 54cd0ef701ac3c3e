// scales.js's linear scale against d3-scale's scaleLinear (the build's npm d3, with-d3.mjs): the same
// positions, inverses, ticks and tick labels, over views from tiny to huge, both axes' directions.
import test from "node:test";
import assert from "node:assert/strict";
import {importStaged} from "./with-d3.mjs";

const {scaleLinear} = await importStaged("plot/scales.js");
const d3 = await importStaged("../vendor/d3.mjs");   // the staged re-export of npm's d3

// A small deterministic generator (no Math.random: a failure can be replayed).
function* views() {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const fixed = [[-2, 2], [-5.12, 5.12], [-4.5, 4.5], [0, 1], [-1e-6, 1e-6], [1000, 40000], [-3e5, 2e5], [0.1, 0.1000004]];
  for (const domain of fixed) yield domain;
  for (let i = 0; i < 400; i++) {
    const width = 10 ** (next() * 12 - 6);
    const centre = (next() - 0.5) * 10 ** (next() * 6 - 2);
    yield [centre - width * next(), centre + width * next() + 1e-12];
  }
}

test("the page's linear scale equals d3's scaleLinear: positions, inverses, ticks, labels", async () => {
  const reference = d3.scaleLinear;
  for (const domain of views()) {
    for (const range of [[52, 600], [560, 12]]) {
      const ours = scaleLinear(domain, range);
      const theirs = reference().domain(domain).range(range);
      for (const x of [domain[0], domain[1], (domain[0] + domain[1]) / 2, domain[0] - 1, domain[1] * 3]) {
        assert.equal(ours(x), theirs(x), `x ${x} on ${domain}`);
      }
      for (const y of [range[0], range[1], 100.5, 333.25]) assert.equal(ours.invert(y), theirs.invert(y));
      for (const count of [3, 4, 5, 7, 10]) {
        assert.deepEqual(ours.ticks(count), theirs.ticks(count), `ticks(${count}) on ${domain}`);
        const a = ours.tickFormat(count), b = theirs.tickFormat(count);
        for (const t of [...theirs.ticks(count), -0, 0, -1e-9, 1234567.891, -98765.4321]) {
          assert.equal(a(t), b(t), `tickFormat(${count})(${t}) on ${domain}`);
        }
      }
    }
  }
});
