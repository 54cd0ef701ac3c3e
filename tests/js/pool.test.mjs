// The pool of workers (worker/pool.js) with fake clients, and the progressive basin map's
// assembly (runs/basin-blocks.js): blocks, re-runs after a worker stops, cancel, and the
// shares of a map assembled from parts.
import test from "node:test";
import assert from "node:assert/strict";
import {extraWorkers, splitRows, WorkerPool, MAX_EXTRA} from "../../site_src/js/worker/pool.js";
import {BasinAssembly, coarseSide, coarseStep, mapPasses, passParts, passPoints} from "../../site_src/js/runs/basin-blocks.js";
import {joinSweepParts, sweepParts} from "../../site_src/js/runs/sweep-parts.js";
import {RequestError} from "../../site_src/js/worker/worker-client.js";

test("extra workers: cores minus one, at least one, at most MAX_EXTRA; ?pool=N overrides", () => {
  assert.equal(extraWorkers(2), 1);
  assert.equal(extraWorkers(1), 1);
  assert.equal(extraWorkers(4), 3);
  assert.equal(extraWorkers(64), MAX_EXTRA);
  assert.equal(extraWorkers(undefined), 1);
  assert.equal(extraWorkers(2, 0), 0);
  assert.equal(extraWorkers(2, 3), 3);
  assert.equal(extraWorkers(2, 9), MAX_EXTRA);
});

test("rows split into contiguous, even blocks covering every row once", () => {
  assert.deepEqual(splitRows(10, 3), [[0, 3], [3, 6], [6, 10]]);
  assert.deepEqual(splitRows(2, 5), [[0, 1], [1, 2]]);
  assert.deepEqual(splitRows(0, 4), []);
  for (const [rows, count] of [[200, 4], [400, 6], [7, 7], [13, 2]]) {
    const blocks = splitRows(rows, count);
    assert.equal(blocks[0][0], 0);
    assert.equal(blocks.at(-1)[1], rows);
    blocks.slice(1).forEach(([first], k) => assert.equal(first, blocks[k][1]));
  }
});

// A client that answers each call when told to (answer/fail), like a WorkerClient.
class FakeClient {
  constructor(status = "ready") {
    this.status = status;
    this.calls = [];
    this.cancelled = [];
    this.listeners = new Set();
    this.worker = {terminate: () => (this.terminated = true)};
  }
  subscribe(listener) {
    this.listeners.add(listener);
    listener({status: this.status});
  }
  ensureStarted() {}
  becomeReady() {
    this.status = "ready";
    for (const listener of this.listeners) listener({status: "ready"});
  }
  close() {
    this.status = "closed";
  }
  call(method, args, {onProgress, signal}) {
    return new Promise((resolve, reject) => {
      const call = {method, args, onProgress, resolve, reject};
      this.calls.push(call);
      signal?.addEventListener("abort", () => {
        this.cancelled.push(call);
        resolve(null);
      });
    });
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("blocks go to every ready worker, the rest as workers free up; values come back in block order", async () => {
  const main = new FakeClient();
  const extra = new FakeClient("loading");
  const pool = new WorkerPool(main, {extras: 1, idleMs: 5, makeClient: () => extra});   // (no 60 s timer left to wait for)
  const progress = [];
  const arrived = [];
  const job = pool.runBlocks("basins_part", {a: 1}, 10, {blocks: 4, onProgress: (f) => progress.push(f),
                                                          onBlock: (value, range) => arrived.push(range)});
  assert.equal(main.calls.length, 1);
  assert.deepEqual(main.calls[0].args, {a: 1, rows: [0, 2]});
  extra.becomeReady();
  assert.deepEqual(extra.calls[0].args.rows, [2, 5]);
  extra.calls[0].onProgress(0.5);
  extra.calls[0].resolve("b");
  await tick();
  assert.deepEqual(extra.calls[1].args.rows, [5, 7]);
  main.calls[0].resolve("a");
  await tick();
  assert.deepEqual(main.calls[1].args.rows, [7, 10]);
  main.calls[1].resolve("d");
  extra.calls[1].resolve("c");
  assert.deepEqual(await job, ["a", "b", "c", "d"]);
  assert.deepEqual(arrived, [[2, 5], [0, 2], [7, 10], [5, 7]]);
  assert.equal(progress[0], 1.5 / 10);
  assert.equal(progress.at(-1), 1);
});

test("a block whose worker stopped is re-run by the next free worker; other failures reject the job", async () => {
  const main = new FakeClient();
  const extra = new FakeClient();
  const pool = new WorkerPool(main, {extras: 1, idleMs: 5, makeClient: () => extra});   // (no 60 s timer left to wait for)
  const job = pool.runBlocks("m", {}, 2, {blocks: 2});
  extra.status = "loading";   // its client replaces the worker, then rejects the block
  extra.calls[0].reject(new RequestError("WorkerStopped", "gone"));
  await tick();
  main.calls[0].resolve("a");
  await tick();
  assert.deepEqual(main.calls[1].args.rows, [1, 2]);
  main.calls[1].resolve("b");
  assert.deepEqual(await job, ["a", "b"]);
  assert.equal(pool.replaced, 1);
  extra.becomeReady();

  const failing = pool.runBlocks("m", {}, 2, {blocks: 2});
  main.calls[2].reject(new RequestError("ValueError", "bad"));
  await assert.rejects(failing, /bad/);
  assert.equal(extra.cancelled.length, 1);   // the other block was cancelled
});

test("aborting cancels every running block and drops the queued ones; extras are given back when idle", async () => {
  const main = new FakeClient();
  const extra = new FakeClient();
  const pool = new WorkerPool(main, {extras: 1, idleMs: 5, makeClient: () => extra});
  const controller = new AbortController();
  const job = pool.runBlocks("m", {}, 8, {blocks: 4, signal: controller.signal});
  controller.abort();
  assert.equal(await job, null);
  assert.equal(main.cancelled.length, 1);
  assert.equal(extra.cancelled.length, 1);
  await tick();
  assert.equal(main.calls.length + extra.calls.length, 2);   // nothing else was sent
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(extra.status, "closed");
  assert.deepEqual(pool.workers().map((w) => w.main), [true]);
});

test("the coarse map is every 2nd, 4th or 8th point, with at least 50 points per side, a first look before it", () => {
  assert.deepEqual([50, 100, 200, 300, 400].map(coarseStep), [1, 2, 4, 4, 8]);
  assert.equal(coarseSide(200, 4), 50);
  assert.equal(coarseSide(300, 4), 75);
  // a first look at every 8th point (25 × 25), the coarse map's other points, the rest
  assert.deepEqual(mapPasses(200).map((p) => [p.step, p.skip, p.points, p.coarse]),
                   [[8, 0, 625, true], [4, 8, 1875, true], [1, 4, 37500, false]]);
  assert.deepEqual(mapPasses(400).map((p) => p.points), [625, 1875, 157500]);
  assert.deepEqual(mapPasses(50).map((p) => p.points), [2500]);
  for (const n of [100, 200, 300, 400]) {
    const passes = mapPasses(n);
    assert.equal(passes.reduce((sum, p) => sum + p.points, 0), n * n);
    passes.forEach((pass) => assert.equal(passPoints(n, pass, [0, n]), pass.points));
  }
});

// Lattice points like optimizers.basin_map.lattice_indices.
function indices(n, [first, end], step, skip) {
  const out = [];
  for (let j = first; j < end; j++) {
    if (j % step) continue;
    for (let i = 0; i < n; i += step) if (!(skip && j % skip === 0 && i % skip === 0)) out.push(j * n + i);
  }
  return Float64Array.from(out);
}

test("a map assembled from a coarse pass and row blocks: exact cells, nearest coarse fill, shares so far", () => {
  const n = 8, step = 4;
  const truth = Float64Array.from({length: n * n}, (_, k) => [0, 1, -1, -2, -3][(k * 7) % 5]);
  const reply = (idx) => ({domain: [[0, 1], [0, 1]], minima: [[0, 0], [1, 1]], global_minima: [1], indices: idx,
                           maps: [{key: "a", labels: idx.map((k) => truth[k])}, {key: "b", error: "no"}]});
  const assembly = new BasinAssembly(n, 2, step);
  assembly.add(reply(indices(n, [0, n], step, 0)), true);
  assert.equal(assembly.counted, 4);
  assert.equal(assembly.complete, false);
  assembly.fillFromCoarse();
  const [a] = assembly.maps;
  assert.deepEqual([...a.coarse], [truth[0], truth[4], truth[32], truth[36]]);
  assert.equal(a.labels[1], truth[0]);        // (1, 0): nearest coarse point (0, 0)
  assert.equal(a.labels[2 * n + 3], truth[36]); // (3, 2): rounds to (4, 4)
  let partial = assembly.result();
  assert.equal(partial.complete, false);
  assert.equal(partial.maps[0].global_fraction, [0, 4, 32, 36].filter((k) => truth[k] === 1).length / 4);
  assert.deepEqual(partial.maps[1], {key: "b", optimizer: undefined, error: "no"});
  assembly.add(reply(indices(n, [0, 3], 1, step)));
  assembly.add(reply(indices(n, [3, n], 1, step)));
  const done = assembly.result();
  assert.equal(done.complete, true);
  assert.deepEqual([...done.maps[0].labels], [...truth]);
  const count = (label) => truth.filter((l) => l === label).length;
  assert.equal(done.maps[0].global_fraction, count(1) / 64);
  assert.deepEqual(done.maps[0].fractions, [count(0) / 64, count(1) / 64]);
  assert.equal(done.maps[0].fraction_still_moving, count(-1) / 64);
  assert.equal(done.maps[0].fraction_diverged, count(-2) / 64);
  assert.equal(done.maps[0].fraction_left_view, count(-3) / 64);
});

test("a cell computed before the coarse map is in keeps its own label when the coarse map fills the rest", () => {
  const n = 8, step = 4;
  const reply = (idx, labels) => ({domain: [[0, 1], [0, 1]], minima: [[0, 0]], global_minima: [0], indices: Float64Array.from(idx),
                                   maps: [{key: "a", labels: Float64Array.from(labels)}]});
  const assembly = new BasinAssembly(n, 1, step);
  assembly.add(reply([5], [-1]));                       // a part of the last pass, early
  assembly.add(reply([0, 4, 32, 36], [0, -2, -3, 0]), true);
  assembly.fillFromCoarse();
  const [a] = assembly.maps;
  assert.equal(a.labels[5], -1);
  assert.equal(a.labels[6], -2);                        // (6, 0): nearest coarse point (4, 0)
  assert.equal(assembly.counted, 5);
});

test("with noise a map is one pass, split by maps: each part holds whole maps", () => {
  assert.deepEqual(mapPasses(200, {noise: true}), [{step: 1, skip: 0, points: 40000, coarse: false}]);
  const n = 4;
  const all = indices(n, [0, n], 1, 0);
  const part = (key, label) => ({domain: [[0, 1], [0, 1]], minima: [[0, 0]], global_minima: [0], indices: all,
                                 maps: [{key, labels: all.map(() => label)}]});
  const assembly = new BasinAssembly(n, 2, 1);
  assembly.add(part("b", -1), false, 1);
  assert.equal(assembly.counted, 0);
  assert.equal(assembly.complete, false);
  assembly.add(part("a", 0), false, 0);
  const done = assembly.result();
  assert.equal(done.complete, true);
  assert.deepEqual(done.maps.map((m) => [m.key, m.global_fraction, m.fraction_still_moving]), [["a", 1, 0], ["b", 0, 1]]);
});

test("a block's arguments may split something other than rows (blockArgs)", async () => {
  const main = new FakeClient();
  const pool = new WorkerPool(main, {extras: 0, idleMs: 5});
  const job = pool.runBlocks("m", {runs: ["a", "b", "c"]}, 3, {blocks: 3, blockArgs: ([first, end]) => ({runs: ["a", "b", "c"].slice(first, end)})});
  for (const expected of [["a"], ["b"], ["c"]]) {
    const call = main.calls.at(-1);
    assert.deepEqual(call.args, {runs: expected});
    call.resolve(expected[0]);
    await tick();
  }
  assert.deepEqual(await job, ["a", "b", "c"]);
});

test("a pass is cut into parts of one map each, of about equal work, covering every point once", () => {
  const runs = [{steps: 500}, {steps: 200}, {steps: 300}, {steps: 100}];
  for (const pass of mapPasses(200)) {
    const parts = passParts(200, runs, pass, 2, {minStarts: 5000});
    runs.forEach((_, map) => {
      const mine = parts.filter((p) => p.map === map).map((p) => p.rows).sort((a, b) => a[0] - b[0]);
      assert.equal(mine[0][0], 0);
      mine.slice(1).forEach(([first], k) => assert.equal(first, mine[k][1]));
      assert.equal(mine.reduce((sum, rows) => sum + passPoints(200, pass, rows), 0), pass.points);
    });
    if (pass.coarse) continue;
    const works = parts.map((p) => p.weight);
    assert.ok(Math.max(...works) <= 1.1 * Math.min(...works), `${works}`);
    assert.ok(parts.every((p) => p.weight / runs[p.map].steps >= 5000));
  }
  // the coarse pass too is shared: more parts than one worker's
  assert.ok(passParts(200, runs, mapPasses(200)[0], 2).length >= 4);
  // with noise, each map whole
  assert.deepEqual(passParts(200, runs, mapPasses(200, {noise: true})[0], 2, {noise: true}).map((p) => [p.map, p.rows]),
                   [[0, [0, 200]], [1, [0, 200]], [2, [0, 200]], [3, [0, 200]]]);
});

test("parts of a job (runParts): weighted progress; a second part in flight only while enough are queued", async () => {
  const main = new FakeClient();
  const extra = new FakeClient();
  const pool = new WorkerPool(main, {extras: 1, idleMs: 5, makeClient: () => extra});
  const progress = [];
  const parts = ["a", "b", "c", "d", "e"].map((name, k) => ({args: {name}, weight: k + 1}));
  const job = pool.runParts("m", parts, {inFlight: 2, onProgress: (f) => progress.push(f)});
  // 5 queued, 2 workers: each takes one, then a second each (3 queued > 2 workers, then 2 is not)
  assert.deepEqual(main.calls.map((c) => c.args.name), ["a", "c"]);
  assert.deepEqual(extra.calls.map((c) => c.args.name), ["b"]);
  extra.calls[0].onProgress(0.5);
  assert.equal(progress.at(-1), 1 / 15);
  for (const call of [...main.calls, ...extra.calls]) call.resolve(call.args.name);
  await tick();
  assert.deepEqual([...main.calls, ...extra.calls].map((c) => c.args.name).sort(), ["a", "b", "c", "d", "e"]);
  for (const call of [...main.calls, ...extra.calls]) call.resolve(call.args.name);   // (again: no-op for a, b, c)
  assert.deepEqual(await job, ["a", "b", "c", "d", "e"]);
  assert.equal(progress.at(-1), 1);
});

test("a short job uses the extras that are up and starts none (startExtras: false)", async () => {
  const main = new FakeClient();
  let made = 0;
  const pool = new WorkerPool(main, {extras: 2, idleMs: 5, makeClient: () => (made += 1, new FakeClient())});
  assert.equal(pool.ready(), 1);
  const job = pool.runParts("m", [{args: {}, weight: 1}, {args: {}, weight: 1}], {startExtras: false});
  assert.equal(made, 0);
  main.calls[0].resolve(1);
  await tick();
  main.calls[1].resolve(2);
  assert.deepEqual(await job, [1, 2]);
});

test("a sweep's values cut into parts for the workers, and the parts' replies joined as one", () => {
  assert.deepEqual(sweepParts(25, 2), [[0, 6], [6, 12], [12, 18], [18, 25]]);
  assert.deepEqual(sweepParts(3, 4), [[0, 1], [1, 2], [2, 3]]);
  const reply = ([first, end]) => {
    const n = end - first, steps = 2;
    const range = (k) => Array.from({length: k}, (_, i) => first * 10 + i);
    return {key: "adam", steps, part: [first, end], seconds: 0.5, values: Float64Array.from(range(n)),
            final_loss: Float64Array.from(range(n)), distance: Float64Array.from(range(n)),
            points: Float64Array.from(range(n * (steps + 1) * 2)), losses: Float64Array.from(range(n * (steps + 1))),
            last_step: range(n), status: range(n).map(String), outcomes: range(n).map((i) => ({step: i}))};
  };
  const joined = joinSweepParts([[0, 2], [2, 5]].map(reply));
  assert.equal(joined.part, undefined);
  assert.equal(joined.seconds, 1);
  assert.deepEqual([...joined.values], [0, 1, 20, 21, 22]);
  assert.equal(joined.points.length, 5 * 3 * 2);
  assert.deepEqual(joined.status, ["0", "1", "20", "21", "22"]);
  assert.deepEqual(joined.outcomes.map((o) => o.step), [0, 1, 20, 21, 22]);
});

test("a second part joins a worker only beside a part of its own group", async () => {
  const main = new FakeClient();
  const pool = new WorkerPool(main, {extras: 0, idleMs: 5});
  const parts = [0, 0, 1, 1, 1].map((group, k) => ({args: {k}, weight: 1, group}));
  const job = pool.runParts("m", parts, {inFlight: 2});
  const sent = () => main.calls.map((c) => c.args.k);
  assert.deepEqual(sent(), [0, 1]);          // the first group's two parts, side by side
  main.calls[0].resolve(0);
  await tick();
  assert.deepEqual(sent(), [0, 1]);          // part 2 (group 1) waits until part 1 (group 0) is done
  main.calls[1].resolve(1);
  await tick();
  assert.deepEqual(sent(), [0, 1, 2, 3]);
  for (const call of main.calls) call.resolve(call.args.k);
  await tick();
  main.calls[4].resolve(4);
  assert.deepEqual(await job, [0, 1, 2, 3, 4]);
});

test("backups: an idle worker runs a straggling part again; the first value wins, the other run is cancelled", async () => {
  const main = new FakeClient();
  const extra = new FakeClient();
  const pool = new WorkerPool(main, {extras: 1, idleMs: 5, makeClient: () => extra});
  const arrived = [];
  const parts = [0, 0, 1].map((group, k) => ({args: {k}, weight: 1, group}));
  const job = pool.runParts("m", parts, {backups: true, onBlock: (value) => arrived.push(value)});
  assert.deepEqual([main.calls.map((c) => c.args.k), extra.calls.map((c) => c.args.k)], [[0], [1]]);
  extra.calls[0].resolve("b");
  await tick();
  // part 0 (group 0) holds up the next queued part's group (1): the extra backs it up before part 2
  assert.deepEqual(extra.calls.map((c) => c.args.k), [1, 0]);
  extra.calls[1].resolve("a (backup)");
  await tick();
  assert.equal(main.cancelled.length, 1);              // the straggler's run was cancelled
  assert.equal(pool.finishedFirst, 1);
  assert.deepEqual(main.calls.map((c) => c.args.k), [0, 2]);
  main.calls[1].resolve("c");
  assert.deepEqual(await job, ["a (backup)", "b", "c"]);
  assert.deepEqual(arrived, ["b", "a (backup)", "c"]);
  assert.deepEqual(pool.workers().map((w) => w.busy), [false, false]);
});

test("backups: a backup's worker that stops leaves the first run going; no backup at a job's tail or without backups", async () => {
  const main = new FakeClient();
  const extra = new FakeClient();
  const pool = new WorkerPool(main, {extras: 1, idleMs: 5, makeClient: () => extra});
  const job = pool.runParts("m", [0, 0, 1].map((group, k) => ({args: {k}, weight: 1, group})), {backups: true});
  extra.calls[0].resolve("b");
  await tick();
  assert.deepEqual(extra.calls.map((c) => c.args.k), [1, 0]);   // part 0 holds up group 1: backed up
  extra.status = "loading";                                       // its client replaces the worker, then rejects
  extra.calls[1].reject(new RequestError("WorkerStopped", "gone"));
  await tick();
  assert.equal(pool.replaced, 1);                                 // the lost run is counted ...
  assert.equal(main.calls.length, 1);                             // ... and not queued again: the first run goes on
  main.calls[0].resolve("a");
  await tick();
  extra.becomeReady();
  assert.deepEqual(main.calls.map((c) => c.args.k), [0, 2]);
  await tick();
  assert.equal(extra.calls.length, 2);                            // the tail (part 2) is not backed up
  main.calls[1].resolve("c");
  assert.deepEqual(await job, ["a", "b", "c"]);

  const plain = pool.runParts("m", [0, 0, 1].map((group, k) => ({args: {k: k + 3}, weight: 1, group})));
  const later = () => [...main.calls, ...extra.calls].filter((c) => c.args.k >= 3);
  later().find((c) => c.args.k === 4).resolve("e");
  await tick();
  assert.deepEqual(later().map((c) => c.args.k).sort(), [3, 4, 5]);   // part 5 next, part 3 not run twice
  for (const call of later()) call.resolve(call.args.k);
  assert.deepEqual(await plain, [3, "e", 5]);
});
