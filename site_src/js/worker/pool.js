// A pool of Python workers for heavy jobs (issue 17). The page's own worker (worker-client.js)
// plus extra workers, each a pooled WorkerClient running the same worker.mjs (so each starts
// from the stored heap snapshot when there is one). A job is split into blocks of rows; each
// worker that is ready takes the next block, so the page's worker starts at once and the
// extras join as they finish starting. Results come back per block, in block order, and are
// exactly one worker's: a block is the same Python call whichever worker runs it.
//
//   pool.runParts(method, parts, {onProgress, onBlock, signal, inFlight, startExtras, backups})
//     -> Promise<[value of part 0, ...]>: the general form, one call per part ({args, weight,
//     range?, group?}); see runParts below (a second part per worker, backups of the coarse map's).
//   pool.runBlocks(method, args, rows, {onProgress, onBlock, signal, blocks, minRows, blockArgs})
//     -> Promise<[value of block 0, value of block 1, ...]>, or null once `signal` aborted.
//   Each block is the job method `method` (a name in pyodide_app.api.JOBS) called with
//   {...args, rows: [first, end]} (or blockArgs([first, end]), for another split); the rows
//   0..rows-1 are cut into `blocks` contiguous blocks (default BLOCKS_PER_WORKER per worker, but none under `minRows` rows: a block's
//   fixed cost per step, a few microseconds of numpy calls, must stay small beside its work). onBlock(value, [first, end], index) as each
//   block arrives (merge there: one block per task keeps the main thread's tasks short);
//   onProgress(fraction) with the share of rows done. Aborting cancels every running block
//   (each worker stops at its next slice) and drops the queued ones. A worker that stops or
//   stalls (no progress for STALL_MS) is replaced and its block re-run by the next free
//   worker (at most MAX_ATTEMPTS times); any other failure rejects the whole job.
//
// Size: hardwareConcurrency − 1 extra workers (at least 1, at most MAX_EXTRA), beside the
// page's own worker, which serves the page's requests between the slices of its blocks.
// `?pool=N` in the page's URL (0..MAX_EXTRA; a test and bench hook) sets the number of extras.
// Extras start when a job first asks for them and are given back (terminated) after IDLE_MS
// without a job. window.__opPool is the shared pool (test hook: terminateOne(), workers()).
// (No import of worker-client.js: this module is a chunk loaded on first use, and the client
// must stay in the entry bundle, where its worker URL is resolved; extras are made with the
// page's client's own class and worker URL.)

export const MAX_EXTRA = 7;             // so at most 8 workers compute, the page's included
export const IDLE_MS = 60000;           // extras are given back after this long without a job
export const STALL_MS = 5000;           // a block without progress this long: its worker is replaced
export const BLOCKS_PER_WORKER = 2;
export const START_SILENT_MS = 120000;  // an extra silent this long while it starts has failed
export const MAX_ATTEMPTS = 3;

// How many extra workers for `hardwareConcurrency` cores, or the `override` (?pool=N).
export function extraWorkers(hardwareConcurrency, override = null) {
  const wanted = Number.isInteger(override) ? override : (hardwareConcurrency || 2) - 1;
  return Math.max(Number.isInteger(override) ? 0 : 1, Math.min(MAX_EXTRA, wanted));
}

// `rows` rows cut into at most `count` contiguous blocks [first, end), as even as can be.
export function splitRows(rows, count) {
  const blocks = Math.max(1, Math.min(rows, Math.floor(count)));
  const cuts = [];
  for (let k = 0; k < blocks; k++) cuts.push([Math.floor((k * rows) / blocks), Math.floor(((k + 1) * rows) / blocks)]);
  return cuts.filter(([first, end]) => end > first);
}

export class WorkerPool {
  // main: the page's WorkerClient. makeClient(): a new pooled client (tests pass their own).
  constructor(main, {extras = 1, idleMs = IDLE_MS, stallMs = STALL_MS,
                     makeClient = () => new main.constructor({pooled: true, workerUrl: main.workerUrl,
                                                              runLimitMs: stallMs, silentLoadMs: START_SILENT_MS})} = {}) {
    this.extras = extras;
    this.idleMs = idleMs;
    this.makeClient = makeClient;
    this.members = [];
    this.jobs = [];
    this.idleTimer = null;
    this.replaced = 0;       // runs lost when their worker stopped (each re-run, or finished by its backup)
    this.finishedFirst = 0;  // parts finished by one of two runs (a backup, or the run it backed up)
    this.members.push(this.member(main, true));
  }

  member(client, main = false) {
    const member = {client, main, runs: [], done: 0};
    client.subscribe?.((status) => {
      if (status.status === "ready") this.dispatch();
    });
    return member;
  }

  // Workers computing when every extra is up: the page's and the extras.
  get size() {
    return 1 + this.extras;
  }

  // How many workers are ready to compute now (the page's included).
  ready() {
    return this.members.filter((m) => m.client.status === "ready").length;
  }

  // The extras, started (again) if missing, stopped or failed.
  startExtras() {
    this.members = this.members.filter((m) => m.main || !["failed", "closed"].includes(m.client.status));
    while (this.members.length < this.size) {
      const client = this.makeClient();
      client.ensureStarted();
      this.members.push(this.member(client));
    }
  }

  runBlocks(method, args, rows, {blocks, minRows = 1, blockArgs = (range) => ({...args, rows: range}), ...rest} = {}) {
    const cuts = splitRows(rows, Math.max(1, Math.min(blocks ?? this.size * BLOCKS_PER_WORKER,
                                                      Math.floor(rows / Math.max(1, minRows)))));
    return this.runParts(method, cuts.map((range) => ({args: blockArgs(range), weight: range[1] - range[0], range})), rest);
  }

  // The general form: `parts` = [{args, weight, range?, group?}], each one call of `method`, sent in this
  // order; progress is weighted by `weight`; onBlock(value, part.range ?? part, index) as each
  // arrives; resolves with the values in the parts' order (null once `signal` aborted).
  // inFlight: how many parts a worker may hold at once (2: the next one waits in the worker's
  // queue, so the worker never idles while the page is slow to hand out work; a second part is
  // given only while more parts are queued than there are workers, so none is left idle at the end,
  // and only beside a part of the same `group`: a worker runs the slices of its parts in turn, so a
  // part wanted soon, such as the coarse map's, would finish later beside a part of the rest).
  // startExtras: false for a short job, which uses the extras that are up but starts none.
  // backups: a worker with nothing to do runs again a part another worker is still running when the
  // part holds up an earlier group than the next queued one (the coarse map, whose parts are small):
  // the first run to finish gives the value (the same bits) and the other is cancelled, so a worker
  // that the system leaves without a core for a while does not hold up the coarse map. (Not at a
  // job's tail: there a backup of a large part costs a core as much as the rest of the job.)
  runParts(method, parts, {onProgress, onBlock, signal, inFlight = 1, startExtras = true, backups = false} = {}) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        resolve(null);
        return;
      }
      clearTimeout(this.idleTimer);
      if (this.extras > 0 && startExtras) this.startExtras();
      const weight = parts.reduce((sum, part) => sum + part.weight, 0) || 1;
      const job = {method, weight, onProgress, onBlock, resolve, reject, inFlight, backups, values: new Array(parts.length),
                   remaining: parts.length, ended: false,
                   queue: parts.map((part, index) => ({part, index, fraction: 0, attempts: 0, running: 0, done: false}))};
      job.blocks = [...job.queue];
      if (!parts.length) {
        resolve([]);
        return;
      }
      signal?.addEventListener("abort", () => this.end(job, null), {once: true});
      this.jobs.push(job);
      this.dispatch();
    });
  }

  // Every ready worker with room takes the next queued block (oldest job first): first one each,
  // then (jobs with inFlight 2) a second each while enough blocks are queued; a worker left with
  // nothing may back up a running block (jobs with backups).
  dispatch() {
    for (const depth of [1, 2]) {
      for (const member of this.members) {
        if (member.runs.length >= depth || member.client.status !== "ready") continue;
        if (depth === 1) {
          const backup = this.backupFor(member);
          if (backup) {
            this.runOn(member, backup.job, backup.block);
            continue;
          }
        }
        const job = this.jobs.find((j) => j.queue.length && (depth === 1 || (j.inFlight >= depth &&
          j.queue.length > this.members.length && member.runs.every((r) => r.block.part.group === j.queue[0].part.group))));
        if (!job) continue;
        this.runOn(member, job, job.queue.shift());
      }
    }
  }

  // A block for an idle `member` to run again: of a job with backups, running on one other worker
  // only, whose group comes before the next queued block's (the least done first).
  backupFor(member) {
    const job = this.jobs.find((j) => j.queue.length);
    const next = job?.queue[0];
    if (!job?.backups || next.part.group === undefined) return null;
    const running = this.members.filter((m) => m !== member).flatMap((m) => m.runs.map((r) => r.block))
      .filter((b) => job.blocks.includes(b) && !b.done && b.running === 1 && b.part.group < next.part.group);
    return running.length ? {job, block: running.reduce((a, b) => (b.fraction < a.fraction ? b : a))} : null;
  }

  runOn(member, job, block) {
    const run = {block, controller: new AbortController()};
    member.runs.push(run);
    block.running += 1;
    if (block.running === 1) block.attempts += 1;
    const free = () => {
      member.runs = member.runs.filter((r) => r !== run);
    };
    member.client.call(job.method, block.part.args, {
      tag: "pool", signal: run.controller.signal,
      onProgress: (fraction) => {
        block.fraction = Math.max(block.fraction, fraction);
        this.progress(job);
      },
    }).then((value) => {
      free();
      block.running -= 1;
      const won = !job.ended && value !== null && !block.done;   // (a backup's loser comes back null, or late)
      if (won) {
        block.done = true;
        if (block.running > 0) this.finishedFirst += 1;
        this.cancelRuns((r) => r.block === block);   // its backup (or the run it backed up)
        block.fraction = 1;
        member.done += 1;
        job.values[block.index] = value;
        job.remaining -= 1;
      }
      // The next block goes out before this one is merged, so no worker waits on the page.
      this.dispatch();
      if (won && !job.ended) {
        job.onBlock?.(value, block.part.range ?? block.part, block.index);
        this.progress(job);
        if (job.remaining === 0) this.end(job, job.values);
      }
    }, (error) => {
      free();
      block.running -= 1;
      const stopped = error?.kind === "WorkerStopped";
      if (stopped && !job.ended && !block.done) this.replaced += 1;
      if (!job.ended && !block.done && block.running === 0) {   // (else its other run goes on)
        if (stopped && block.attempts < MAX_ATTEMPTS) {
          block.fraction = 0;
          job.queue.unshift(block);
        } else {
          this.end(job, error, true);
        }
      }
      this.dispatch();
    });
  }

  // Cancels (and forgets) every run that `which(run)` picks, on every worker.
  cancelRuns(which) {
    for (const member of this.members) {
      for (const run of member.runs.filter(which)) run.controller.abort();
      member.runs = member.runs.filter((r) => !which(r));
    }
  }

  progress(job) {
    const done = job.blocks.reduce((sum, b) => sum + b.part.weight * b.fraction, 0);
    job.onProgress?.(done / job.weight);
  }

  // A job ends (done, aborted: null, or failed): its running blocks are cancelled.
  end(job, outcome, failed = false) {
    if (job.ended) return;
    job.ended = true;
    job.queue = [];
    this.cancelRuns((r) => job.blocks.includes(r.block));
    this.jobs = this.jobs.filter((j) => j !== job);
    if (failed) job.reject(outcome);
    else job.resolve(outcome);
    if (!this.jobs.length) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.giveBack(), this.idleMs);
    }
    this.dispatch();
  }

  // The extras are terminated (the page's worker stays); while one is still starting, later.
  giveBack() {
    if (this.jobs.length) return;
    if (this.members.some((m) => m.client.status === "loading")) {
      this.idleTimer = setTimeout(() => this.giveBack(), this.idleMs);
      return;
    }
    for (const member of this.members) if (!member.main) member.client.close();
    this.members = this.members.filter((m) => m.main);
  }

  // Test hook: terminates one extra worker that is running a block (else any extra) without
  // telling its client, as if it had crashed; the pool must notice and re-run the block.
  terminateOne() {
    const extras = this.members.filter((m) => !m.main && m.client.worker);
    const victim = extras.find((m) => m.runs.length) ?? extras[0];
    if (!victim) return false;
    victim.client.worker.terminate();
    return true;
  }

  // For tests and the bench: each worker's status, whether it runs a block, blocks done.
  workers() {
    return this.members.map((m) => ({main: m.main, status: m.client.status, busy: m.runs.length > 0,
                                     blocks: m.done, cancelling: m.client.cancelling?.size ?? 0,
                                     warm: Boolean(m.client.warm)}));
  }
}

let shared = null;

// The page's one pool, around its shared worker; ?pool=N sets the number of extras.
export function sharedPool(main) {
  if (!shared) {
    const asked = new URLSearchParams(globalThis.location?.search ?? "").get("pool");
    const override = asked !== null && /^[0-9]$/.test(asked) ? Number(asked) : null;
    shared = new WorkerPool(main, {extras: extraWorkers(globalThis.navigator?.hardwareConcurrency, override)});
    globalThis.__opPool = shared;
  }
  return shared;
}
