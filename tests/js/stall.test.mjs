// The download's stall limit: 20 s for a visitor, set by a page's ?stall=S for tests and benches
// (worker-client.js hands it to the worker in its module's URL; runtime-download.mjs reads it).
import test from "node:test";
import assert from "node:assert/strict";

globalThis.self ??= globalThis;   // the module is a worker's: its fetch is self.fetch
const {STALL_SECONDS, stallSeconds} = await import("../../pyodide_app/runtime-download.mjs");

test("the worker's stall limit is 20 s unless its URL asks for 1 to 600 whole seconds", () => {
  const base = "https://example.org/assets/app/worker.mjs";
  assert.equal(STALL_SECONDS, 20);
  assert.equal(stallSeconds(base), 20);
  assert.equal(stallSeconds(`${base}?stall=3`), 3);
  assert.equal(stallSeconds(`${base}?stall=600`), 600);
  for (const bad of ["0", "601", "2.5", "-3", "x", "", "1e2"]) assert.equal(stallSeconds(`${base}?stall=${bad}`), 20, bad);
});
