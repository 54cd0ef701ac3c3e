// Unit tests of how the results table prints numbers (number-format.js): at the precision the
// view resolves (one pixel of the plot), tiny values as 0, the true minus sign.
import test from "node:test";
import assert from "node:assert/strict";
import {MINUS, decimalsFor, formatTo, grouped, pointText, precisionOf} from "../../site_src/js/runs/number-format.js";

test("decimals resolve the step asked for", () => {
  assert.equal(decimalsFor(4 / 480), 3);      // a 4-unit view over 480 px: 0.0083 per pixel
  assert.equal(decimalsFor(0.25), 1);
  assert.equal(decimalsFor(0.1), 1);           // exactly a tenth needs one decimal, not two
  assert.equal(decimalsFor(1), 0);
  assert.equal(decimalsFor(40), 0);
  assert.equal(decimalsFor(1e-20), 12);        // at most 12
  assert.equal(decimalsFor(0), 3);             // no size known: thousandths
  assert.equal(decimalsFor(NaN), 3);
});

test("values print to those decimals, tiny ones as 0, negative ones with U+2212", () => {
  assert.equal(MINUS, "\u2212");
  assert.equal(formatTo(1.437e-110, 3), "0");
  assert.equal(formatTo(-1.437e-110, 3), "0");          // never "−0"
  assert.equal(formatTo(-0.0004, 3), "0");
  assert.equal(formatTo(-0.93552, 3), "\u22120.936");
  assert.equal(formatTo(0.5, 3), "0.5");                // trailing zeros dropped
  assert.equal(formatTo(2, 3), "2");
  assert.equal(formatTo(-2.8613, 2), "\u22122.86");
  assert.equal(formatTo(1234.56, 0), "1235");
  assert.equal(formatTo(1234567, 2), "1.235e+6");
  assert.equal(formatTo(-1234567, 2), "\u22121.235e+6");
  assert.equal(formatTo(Infinity, 2), "Infinity");
  assert.equal(formatTo(-Infinity, 2), "\u2212Infinity");
  assert.equal(formatTo(NaN, 2), "NaN");
  assert.ok(!formatTo(-3.5e-9, 12).includes("e"));
});

test("a view's precision: x and y from one pixel, f from a ten-thousandth of its range", () => {
  assert.deepEqual(precisionOf([[-2, 2], [-2, 2]], {width: 480, height: 480}, [-3, 8]), {x: 3, y: 3, f: 3});
  assert.deepEqual(precisionOf([[-2, 2], [-1, 3]], {width: 400, height: 400}, [0, 2500]), {x: 2, y: 2, f: 1});
  // zoomed in a thousandfold: three more decimals
  assert.deepEqual(precisionOf([[0, 0.004], [0, 0.004]], {width: 480, height: 480}, [0, 1e-5]), {x: 6, y: 6, f: 9});
  // a wide view on a narrow plot: fewer decimals; no range of f known: those of x and y
  assert.deepEqual(precisionOf([[-500, 500], [-5, 5]], {width: 300, height: 300}, null), {x: 0, y: 2, f: 2});
  assert.equal(pointText([-0.93552, 1e-300], {x: 3, y: 3}), "(\u22120.936, 0)");
});

test("grouped writes whole numbers as toLocaleString('en') does, and leaves the rest to it", () => {
  for (const value of [0, 5, 150, 999, 1000, 1500, 12345, 999999, 1234567, -1500, -12, 2 ** 40, 1.5, 1234.5678, -0.25]) {
    assert.equal(grouped(value), value.toLocaleString("en"), String(value));
  }
});
