// Unit tests of zoom and pan (view-math.js).
import test from "node:test";
import assert from "node:assert/strict";
import {allowedView, centre, panView, settleView, zoomView} from "../../site_src/js/state/view-math.js";

const domain = [[-2, 2], [-2, 2]];

test("zooming keeps the point under the pointer in place", () => {
  const zoomed = zoomView(domain, [1, 0], 0.5);
  assert.deepEqual(zoomed, [[-0.5, 1.5], [-1, 1]]);
  // (1, 0) sits at the same fraction of the view before and after
  assert.equal((1 - zoomed[0][0]) / (zoomed[0][1] - zoomed[0][0]), (1 - -2) / 4);
  assert.deepEqual(zoomView(zoomed, [1, 0], 2), domain);
});

test("panning moves the view, centre and all", () => {
  assert.deepEqual(panView(domain, 0.5, -1), [[-1.5, 2.5], [-3, 1]]);
  assert.deepEqual(centre(panView(domain, 0.5, -1)), [0.5, -1]);
});

test("a settled view is rounded for links, bounded, and null when it is the function's own", () => {
  assert.equal(settleView([[-2, 2], [-2, 2.0000000000001]], domain), null);
  assert.deepEqual(settleView([[-0.1234567891, 0.8765432109], [0, 1]], domain), [[-0.123457, 0.876543], [0, 1]]);
  const tiny = settleView([[1, 1 + 1e-9], [0, 1e-9]], domain);
  assert.ok(Math.abs(tiny[0][1] - tiny[0][0] - 4e-6) < 1e-12);       // at least a millionth of the function's width
  const huge = settleView([[-1e6, 1e6], [-1e6, 1e6]], domain);
  assert.deepEqual(huge, [[-2000, 2000], [-2000, 2000]]);
});

test("a gesture's view past a limit, or broken, is not allowed; a broken one settles to none", () => {
  assert.equal(allowedView(domain, domain), true);
  assert.equal(allowedView([[0, 1e-7], [0, 1e-7]], domain), false);
  assert.equal(allowedView([[-1e4, 1e4], [-1e4, 1e4]], domain), false);
  assert.equal(allowedView([[NaN, 1], [0, 1]], domain), false);
  assert.equal(allowedView([[1, 0], [0, 1]], domain), false);
  assert.equal(settleView([[NaN, NaN], [NaN, NaN]], domain), null);
});
