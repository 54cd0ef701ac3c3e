// The page's side of the Python worker: starts it, keeps <html data-python> up to date,
// and offers call(method, args) -> Promise. Requests made before Python is ready wait in a
// queue; a failed start keeps them, and retry() sends them again.
//
// Nothing here gives up on the clock while bytes arrive: the worker reports its download
// (bytes of total) and start-up phases, and fails by itself when no byte has come for a
// while. The page only watches that the worker still talks:
// - while loading, a worker silent for SILENT_LOAD_MS has stopped (its heartbeat is 2 s);
// - once ready, every request is acknowledged when the worker picks it up; a request not
//   picked up within ACK_MS while nothing else runs means the worker is gone (terminated,
//   crashed): it is replaced and the unanswered requests are sent again;
// - a request that runs longer than RUN_LIMIT_MS is a runaway: the worker is replaced and
//   that request fails with a message (it is not sent again).
// A fatal Python error makes the worker reply "PythonStopped": it is replaced the same way,
// and the request is sent again unless it was the one that broke Python.
// A pooled client (one of worker/pool.js's extra workers, `pooled: true`) leaves the page's
// <html data-python>, marks and snapshot alone, and when its worker stops (or stalls: no
// progress for its runLimitMs) it is replaced but its requests are rejected with kind
// "WorkerStopped" instead of sent again: the pool re-runs the block on any free worker.

const WORKER_URL = workerUrl(new URL("./worker.mjs", import.meta.url));
const SILENT_LOAD_MS = 30000;
const ACK_MS = 4000;
const RUN_LIMIT_MS = 60000;
const WATCH_MS = 500;
const SNAPSHOT_QUIET_MS = 5000;   // Python asked nothing for this long: the snapshot's worker may start

// The worker's module URL: with the page's ?stall=S (whole seconds, 1 to 600: how long a download
// may bring no byte before it fails; a hook for tests and benches, runtime-download.mjs) when the
// page's address has one.
function workerUrl(url) {
  const asked = typeof location === "undefined" ? null : new URLSearchParams(location.search).get("stall");
  if (asked !== null && /^\d{1,3}$/.test(asked) && Number(asked) >= 1 && Number(asked) <= 600) url.searchParams.set("stall", asked);
  return url.href;
}

export class WorkerClient {
  constructor({workerUrl = WORKER_URL, ackMs = ACK_MS, runLimitMs = RUN_LIMIT_MS,
               silentLoadMs = SILENT_LOAD_MS, pooled = false} = {}) {
    this.workerUrl = workerUrl;
    this.pooled = pooled;
    this.ackMs = ackMs;
    this.runLimitMs = runLimitMs;
    this.silentLoadMs = silentLoadMs;
    this.status = "loading";     // loading | ready | failed
    this.message = "";           // the last progress detail or failure message
    this.phase = null;           // start | download | runtime | packages | api | ready
    this.download = null;        // {loaded, total} bytes while the runtime downloads
    this.restarts = 0;           // workers replaced after they stopped answering
    this.notice = "";            // the last replacement, in plain words (the page may show it)
    this.started = false;
    this.nextId = 1;
    this.queue = [];             // requests not yet sent: {id, method, args, resolve, reject}
    this.pending = new Map();    // id -> request sent and not yet answered
    this.cancelling = new Set(); // ids of jobs told to stop, until the worker confirms
    this.listeners = new Set();
    this.worker = null;
    this.lastHeard = 0;
    this.lastSent = 0;           // when the last request went to Python (the snapshot waits for quiet)
    this.watchdog = null;
    this.versions = null;
  }

  // listener({status, message, phase, download}) on every status or progress change.
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  snapshot() {
    return {status: this.status, message: this.message, phase: this.phase, download: this.download,
            notice: this.notice};
  }

  emit() {
    if (!this.pooled) document.documentElement.dataset.python = this.status;
    for (const listener of this.listeners) listener(this.snapshot());
  }

  // Starts the worker unless it already started.
  ensureStarted() {
    if (!this.started) this.start();
  }

  // A worker started from a blob: URL inherits the page's Content-Security-Policy; its only
  // line imports the real module by absolute URL. `name` tells the module what to do.
  newWorker(name) {
    const source = `import ${JSON.stringify(this.workerUrl)};\n`;
    const blobUrl = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
    try {
      return new Worker(blobUrl, {type: "module", name});
    } finally {
      setTimeout(() => URL.revokeObjectURL(blobUrl), 10000);
    }
  }

  // preloaded: files a failed worker handed over ([[url, Uint8Array], ...]), for a retry.
  start(preloaded = null) {
    this.started = true;
    this.download = null;
    this.setStatus("loading", "Loading Python…", "start");
    let worker;
    try {
      worker = this.newWorker(preloaded ? "python-retry" : this.pooled ? "python-pool" : "python");
      if (preloaded) worker.postMessage({type: "preloaded", files: preloaded}, preloaded.map(([, bytes]) => bytes.buffer));
    } catch (error) {
      this.fail(`the browser refused to start the Python worker (${error.message})`);
      return;
    }
    this.worker = worker;
    worker.addEventListener("message", (event) => {
      if (this.worker === worker) this.onMessage(event.data);
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      if (this.worker !== worker) return;
      const detail = event.message ? ` (${event.message})` : "";
      if (this.status === "ready") this.replace(`the Python worker stopped with an error${detail}`);
      // (offline before the worker's own module arrived: say so, not that the site lacks it)
      else if (navigator.onLine === false) this.fail("you are offline, and the Python worker is not stored on this device yet; connect to the internet");
      else this.fail(`the Python worker could not start${detail}; the site may be missing assets/app/worker.mjs`);
    });
    worker.addEventListener("messageerror", () => this.fail("the Python worker sent a message the page could not read"));
    this.lastHeard = performance.now();
    clearInterval(this.watchdog);
    this.watchdog = setInterval(() => this.watch(), WATCH_MS);
  }

  // The running request, if any, and the oldest request not yet picked up.
  watch() {
    const now = performance.now();
    if (this.status === "loading") {
      if (now - this.lastHeard > this.silentLoadMs) {
        this.fail(`Python stopped answering while it was starting (nothing for ${Math.round(this.silentLoadMs / 1000)} s)`);
      }
      return;
    }
    if (this.status !== "ready" || this.pending.size === 0) return;
    const sent = [...this.pending.values()];
    const running = sent.find((request) => request.startedAt !== undefined);
    if (running) {
      if (now - running.startedAt > this.runLimitMs) {
        if (this.pooled) {
          this.replace("a pooled worker stopped making progress");
          return;
        }
        this.pending.delete(running.id);
        running.reject(new RequestError("Timeout",
          `this took longer than ${Math.round(this.runLimitMs / 1000)} s, so Python was restarted; ask for fewer steps or starts`));
        this.replace("a computation ran too long");
      }
      return;
    }
    const oldest = sent.reduce((a, b) => (a.sentAt <= b.sentAt ? a : b));
    if (now - Math.max(oldest.sentAt, this.lastHeard) > this.ackMs) {
      this.replace("the Python worker stopped answering");
    }
  }

  // After a cold start, once Python has been asked nothing for SNAPSHOT_QUIET_MS (so it never
  // takes a core from the first clicks' runs, or from a visitor who only glanced at the page).
  snapshotWhenQuiet() {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      const quiet = !this.pending.size && !this.queue.length && performance.now() - this.lastSent >= SNAPSHOT_QUIET_MS;
      if (quiet) this.makeSnapshot();
      else this.snapshotWhenQuiet();
    }, SNAPSHOT_QUIET_MS);
  }

  // A short-lived second worker stores a snapshot of Python's heap, so the next page of this
  // site starts Python in about half the time. this.snapshotState: "making" | "saved" | "failed"
  // | undefined.
  makeSnapshot() {
    if (this.snapshotState || !window.isSecureContext || !("caches" in window)) return;
    this.snapshotState = "making";
    let worker;
    try {
      worker = this.newWorker("python-snapshot");
    } catch {
      this.snapshotState = "failed";
      return;
    }
    const done = (state) => {
      this.snapshotState = state;
      worker.terminate();
    };
    worker.addEventListener("message", (event) => done(event.data?.ok ? "saved" : "failed"));
    worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      done("failed");
    });
  }

  setStatus(status, message, phase) {
    this.status = status;
    this.message = message;
    this.phase = phase;
    this.emit();
  }

  onMessage(data) {
    if (!data || typeof data !== "object") return;
    this.lastHeard = performance.now();
    if (data.type === "heartbeat") return;
    if (data.type === "progress") {
      if (this.status !== "loading") return;
      if (data.phase === "download") this.download = {loaded: data.loaded, total: data.total};
      this.setStatus("loading", data.detail ?? `Loading (${data.phase})…`, data.phase);
    } else if (data.type === "ready") {
      this.versions = data.versions ?? null;
      this.warm = Boolean(data.warm);
      if (!this.pooled) performance.mark("op:python-ready");
      this.download = null;
      this.setStatus("ready", "Python is ready.", "ready");
      this.flush();
      if (!this.warm && !this.pooled) this.snapshotWhenQuiet();
    } else if (data.type === "failed") {
      this.fail(data.message || "Python could not be loaded", data.phase, data.files ?? null);
    } else if (data.type === "job-progress") {
      // A long job is alive and moving: its run limit counts from its last progress.
      const request = this.pending.get(data.id);
      if (!request) return;
      request.startedAt = this.lastHeard;
      request.onProgress?.(data.fraction);
    } else if (data.type === "started") {
      const request = this.pending.get(data.id);
      if (request) request.startedAt = this.lastHeard;
    } else if (data.type === "reply") {
      if (this.cancelling.delete(data.id)) return;
      const request = this.pending.get(data.id);
      if (!request) return;
      this.pending.delete(data.id);
      if (data.ok) {
        request.resolve(data.value);
      } else if (data.error?.kind === "Cancelled") {
        request.resolve(null);
      } else if (data.error?.kind === "PythonStopped") {
        // Python broke: a new worker, and the request again unless it broke Python itself.
        if (data.error.during) {
          request.reject(new RequestError("PythonStopped",
            "Python stopped on this request and was restarted; the rest of the page still works"));
        } else {
          this.queue.push(request);
        }
        this.replace("Python stopped after a fatal error");
      } else {
        request.reject(new RequestError(data.error?.kind ?? "Error", data.error?.message ?? "unknown error"));
      }
    }
  }

  // Start-up failed. After a failed download the worker handed over the files that did
  // arrive (`arrived`: [[url, Uint8Array], ...]); Retry gives them to the next worker, so only
  // what is missing is downloaded again.
  fail(message, phase = this.phase, arrived = null) {
    if (this.status === "failed") return;
    clearInterval(this.watchdog);
    // Requests already sent have no answer coming: put them back in the queue.
    this.requeuePending();
    if (this.pooled) this.rejectQueued(message);
    this.worker?.terminate();
    this.worker = null;
    this.arrived = arrived;
    this.download = null;
    this.setStatus("failed", message, phase);
  }

  // A worker that stopped answering, or broke, once ready: a new one, with the same queue.
  replace(reason) {
    this.restarts += 1;
    this.notice = `${reason}; it was restarted and your last request sent again`;
    this.requeuePending();
    if (this.pooled) this.rejectQueued(reason);
    this.worker?.terminate();
    this.worker = null;
    this.start();
  }

  requeuePending() {
    this.cancelling.clear();
    for (const request of this.pending.values()) {
      delete request.startedAt;
      this.queue.push(request);
    }
    this.pending.clear();
    this.queue.sort((a, b) => a.id - b.id);
  }

  // A pooled client's requests, when its worker stopped: the pool runs them elsewhere.
  rejectQueued(reason) {
    for (const request of this.queue.splice(0)) request.reject(new RequestError("WorkerStopped", reason));
  }

  // Gives the worker back (a pooled client left idle): it is terminated, and what it was
  // asked and has not answered is rejected ("WorkerStopped").
  close() {
    clearInterval(this.watchdog);
    this.requeuePending();
    this.rejectQueued("the worker was given back");
    this.worker?.terminate();
    this.worker = null;
    this.started = false;
    this.status = "closed";
  }

  // After a failed start, a fresh worker, with the files the failed one had downloaded.
  retry() {
    if (this.status !== "failed") return;
    const arrived = this.arrived;
    this.arrived = null;
    this.start(arrived);
  }

  // tag: anything the caller wants to find the request by in dropQueued.
  // onProgress(fraction): a long job's progress (pyodide_app.api.JOBS), from 0 to 1.
  // signal: an AbortSignal; aborting resolves the call with null and stops its work
  // (a queued request is dropped, a job stops at its next slice).
  call(method, args, {tag, onProgress, signal} = {}) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        resolve(null);
        return;
      }
      const request = {id: this.nextId++, method, args, tag, onProgress, resolve, reject};
      signal?.addEventListener("abort", () => this.cancel(request), {once: true});
      if (this.status === "ready") this.send(request);
      else this.queue.push(request);
    });
  }

  cancel(request) {
    if (this.queue.includes(request)) {
      this.queue = this.queue.filter((queued) => queued !== request);
    } else if (this.pending.has(request.id)) {
      this.pending.delete(request.id);
      this.cancelling.add(request.id);
      this.worker?.postMessage({type: "cancel", id: request.id});
    }
    request.resolve(null);
  }

  // Forgets queued requests that `keep(request)` rejects (say, runs for a start point
  // that a later click replaced); they resolve with null.
  dropQueued(keep) {
    this.queue = this.queue.filter((request) => {
      if (keep(request)) return true;
      request.resolve(null);
      return false;
    });
  }

  flush() {
    const queued = this.queue;
    this.queue = [];
    for (const request of queued) this.send(request);
  }

  send(request) {
    request.sentAt = this.lastSent = performance.now();
    this.pending.set(request.id, request);
    try {
      this.worker.postMessage({id: request.id, method: request.method, args: request.args});
    } catch (error) {
      // Arguments the browser cannot copy (a bug, not a user's input): say so, never hang.
      this.pending.delete(request.id);
      request.reject(new RequestError("DataCloneError", `the request could not be sent to Python (${error.message})`));
    }
  }
}

export class RequestError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

// One worker per page, however many playgrounds it holds; ensureStarted() starts it.
let shared = null;
export function sharedWorker() {
  if (!shared) shared = new WorkerClient();
  return shared;
}
