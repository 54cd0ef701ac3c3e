// The page's side of the Python worker: starts it, keeps <html data-python> up to
// date, and offers call(method, args) -> Promise. Requests made before Python is ready
// wait in a queue; a failed start keeps them, and retry() sends them again.

const WORKER_URL = new URL("./worker.mjs", import.meta.url).href;
const LOAD_TIMEOUT_MS = 30000;

export class WorkerClient {
  constructor({workerUrl = WORKER_URL, timeoutMs = LOAD_TIMEOUT_MS} = {}) {
    this.workerUrl = workerUrl;
    this.timeoutMs = timeoutMs;
    this.status = "loading";     // loading | ready | failed
    this.message = "";           // the last progress detail or failure message
    this.phase = null;           // start | runtime | packages | api | ready: where start-up is
    this.started = false;
    this.retried = false;        // a retry gets the whole timeout again
    this.nextId = 1;
    this.queue = [];             // requests not yet sent: {id, method, args, resolve, reject}
    this.pending = new Map();    // id -> request sent and not yet answered
    this.listeners = new Set();
    this.worker = null;
    this.timer = null;
    this.versions = null;
  }

  // listener({status, message, phase}) on every status or progress change.
  subscribe(listener) {
    this.listeners.add(listener);
    listener({status: this.status, message: this.message, phase: this.phase});
    return () => this.listeners.delete(listener);
  }

  emit() {
    document.documentElement.dataset.python = this.status;
    for (const listener of this.listeners) {
      listener({status: this.status, message: this.message, phase: this.phase});
    }
  }

  // Starts the worker unless it already started.
  ensureStarted() {
    if (!this.started) this.start();
  }

  start() {
    this.started = true;
    this.setStatus("loading", "Starting Python…", "start");
    // A worker started from a blob: URL inherits the page's Content-Security-Policy;
    // its only line imports the real module by absolute URL.
    const source = `import ${JSON.stringify(this.workerUrl)};\n`;
    const blobUrl = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
    try {
      this.worker = new Worker(blobUrl, {type: "module", name: "python"});
    } catch (error) {
      this.fail(`The browser refused to start the Python worker (${error.message}).`);
      return;
    } finally {
      setTimeout(() => URL.revokeObjectURL(blobUrl), 10000);
    }
    this.worker.addEventListener("message", (event) => this.onMessage(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      const detail = event.message ? ` (${event.message})` : "";
      this.fail(`The Python worker stopped with an error${detail}.`);
    });
    this.worker.addEventListener("messageerror", () => this.fail("The Python worker sent a message the page could not read."));
    // The first start counts from the page's load (the contour came first); a retry
    // gets the whole time again.
    const budget = this.retried ? this.timeoutMs : Math.max(1000, this.timeoutMs - performance.now());
    this.timer = setTimeout(() => {
      if (this.status === "loading") {
        this.fail(`Python did not finish loading within ${Math.round(this.timeoutMs / 1000)} seconds.`);
      }
    }, budget);
  }

  setStatus(status, message, phase) {
    this.status = status;
    this.message = message;
    this.phase = phase;
    this.emit();
  }

  onMessage(data) {
    if (!data || typeof data !== "object") return;
    if (data.type === "progress") {
      if (this.status === "loading") this.setStatus("loading", data.detail ?? `Loading (${data.phase})…`, data.phase);
    } else if (data.type === "ready") {
      clearTimeout(this.timer);
      this.versions = data.versions ?? null;
      performance.mark("op:python-ready");
      this.setStatus("ready", "Python is ready.", "ready");
      this.flush();
    } else if (data.type === "failed") {
      this.fail(data.message || "Python could not be loaded.", data.phase);
    } else if (data.type === "reply") {
      const request = this.pending.get(data.id);
      if (!request) return;
      this.pending.delete(data.id);
      if (data.ok) request.resolve(data.value);
      else request.reject(new RequestError(data.error?.kind ?? "Error", data.error?.message ?? "unknown error"));
    }
  }

  fail(message, phase = this.phase) {
    if (this.status === "failed") return;
    clearTimeout(this.timer);
    // Requests already sent have no answer coming: put them back in the queue.
    this.queue = [...this.pending.values(), ...this.queue].sort((a, b) => a.id - b.id);
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
    this.setStatus("failed", message, phase);
  }

  // Starts a fresh worker; queued requests run once it is ready.
  retry() {
    if (this.status !== "failed") return;
    this.retried = true;
    this.start();
  }

  // tag: anything the caller wants to find the request by in dropQueued.
  call(method, args, {tag} = {}) {
    return new Promise((resolve, reject) => {
      const request = {id: this.nextId++, method, args, tag, resolve, reject};
      if (this.status === "ready") this.send(request);
      else this.queue.push(request);
    });
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
    this.pending.set(request.id, request);
    this.worker.postMessage({id: request.id, method: request.method, args: request.args});
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
  if (!shared) {
    shared = new WorkerClient();
  }
  return shared;
}
