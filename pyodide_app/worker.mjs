// The module Web Worker that runs Python: Pyodide, numpy, and our package.
//
// Start-up, in named phases:
//   download  every runtime file listed in pyodide/runtime.json (written by the build, with
//             sizes and sha256 sums) is fetched with byte counts, checked, and kept in
//             memory (runtime-download.mjs, next to this file); Pyodide's own fetches of them are answered from memory. Posts
//             {type: "progress", phase: "download", loaded, total, detail}. A file that is
//             refused, arrives damaged, or stops arriving for STALL_SECONDS fails the start
//             with a message naming it, and hands the page the files that did arrive, which
//             it gives to the fresh worker it starts on Retry ({type: "preloaded"}).
//   runtime   loadPyodide (from a stored heap snapshot when there is one: see "warm start"),
//             then packages (numpy and ours), then api (pyodide_app.bridge).
//   Then {type: "ready", versions, warm, seconds} or {type: "failed", phase, message, retryInPlace, files}.
// A heartbeat ({type: "heartbeat"}) every 2 s while starting tells the page it is alive.
// Then it serves {id, method, args}: {type: "started", id} when it picks a request up, then
// {type: "reply", id, ok: true, value} or {type: "reply", id, ok: false, error: {kind, message}},
// transferring the Float64Arrays' buffers. A long method (pyodide_app.api.JOBS: run, basins) runs
// in slices, posting {type: "job-progress", id, fraction} after each and stopping on
// {type: "cancel", id} (reply error kind "Cancelled"). Only names in pyodide_app.api.METHODS are called
// (never runPython on text from the page). See ARCHITECTURE.md, "Worker protocol".
// The page starts it from a blob: URL that only imports this file, so the page's CSP applies.

import { arrivedFiles, downloadRuntime, downloaded, fetchManifest, firstLine, installFetchHook, StartError, stallSeconds }
  from "./runtime-download.mjs";

installFetchHook();   // Pyodide's own fetches of the runtime's files are answered from memory

const SITE_URL = new URL("../../", import.meta.url).href;
const PYODIDE_URL = new URL("pyodide/", SITE_URL).href;
const OUR_PACKAGE = "optimizer-paths";
const START_SECONDS = 90;          // loadPyodide and imports once every byte is here (CPU only)
const HEARTBEAT_MS = 2000;
const FATAL_MESSAGE = "Python stopped after a fatal error";

let bridge = null;        // the pyodide_app.bridge module, once ready
let fatal = false;        // Pyodide has failed fatally: every later call fails
let starting = null;      // the running start(), if any
let startFailure = null;  // the failed message, once start-up has failed for good
const waiting = [];       // requests that arrived before Python was ready

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

let currentPhase = "download";   // the phase of the last progress message: where a failure happened

function progress(phase, detail, extra = {}) {
  currentPhase = phase;
  post({ type: "progress", phase, detail, ...extra });
}

function withTimeout(promise, seconds, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StartError(message)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// --- the warm start: a snapshot of Python's heap -------------------------------------------
// Pyodide 0.27.7 can snapshot its heap right after loadPyodide (not once numpy is loaded: its
// shared libraries live outside the heap) and start from that snapshot later, skipping most
// of Python's start-up. The snapshot is kept in Cache Storage under this site's path, keyed
// by runtime.json's `snapshot` id (a hash of pyodide.asm.js, pyodide.asm.wasm,
// python_stdlib.zip and this file, which holds the options and PRE_IMPORTS), so another
// build never restores it. Numbers do not depend on it: the same code runs on the same
// runtime either way (tests compare both paths with CPython).
const SNAPSHOT_CACHE = `optimizer-paths|${new URL(SITE_URL).pathname}|python-snapshot`;
// Pure-Python standard modules our package pulls in, imported before the snapshot so a warm
// start does not import them again.
const PRE_IMPORTS = ["ast", "base64", "bisect", "contextvars", "copy", "dataclasses", "email.message",
  "functools", "hashlib", "importlib.metadata", "importlib.resources", "inspect", "json", "pathlib", "platform",
  "random", "shutil", "tarfile", "tempfile", "textwrap", "tokenize", "typing", "zipfile"];

function snapshotUrl(id) {
  return new URL(`__python-snapshot__/${id}`, PYODIDE_URL).href;
}

// A truncated or foreign file makes loadPyodide hang: check Pyodide's header first.
function looksLikeSnapshot(buffer) {
  if (!buffer || buffer.byteLength < 1 << 20) return false;
  const [magic, head] = new Uint32Array(buffer, 0, 2);
  return magic === 1886286592 && head % 16 === 0 && (buffer.byteLength - head) % 65536 === 0;
}

async function readSnapshot(id) {
  if (!id || !self.caches) return null;   // Cache Storage exists in secure contexts only
  try {
    if (!(await caches.has(SNAPSHOT_CACHE))) return null;
    const cache = await caches.open(SNAPSHOT_CACHE);
    const response = await cache.match(snapshotUrl(id));
    const buffer = response ? await response.arrayBuffer() : null;
    if (buffer && !looksLikeSnapshot(buffer)) {
      await cache.delete(snapshotUrl(id));
      return null;
    }
    return buffer;
  } catch {
    return null;
  }
}

async function saveSnapshot(id, bytes) {
  const cache = await caches.open(SNAPSHOT_CACHE);
  for (const key of await cache.keys()) await cache.delete(key);
  await cache.put(snapshotUrl(id), new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
}

async function loadRuntime(loadPyodide, snapshotId) {
  const options = { indexURL: PYODIDE_URL, stdout: () => {}, stderr: () => {} };
  const snapshot = await readSnapshot(snapshotId);
  if (snapshot) {
    try {
      const pyodide = await withTimeout(loadPyodide({ ...options, _loadSnapshot: snapshot }), START_SECONDS,
        "Python did not start from its stored snapshot");
      pyodide.runPython("import random; random.seed()");   // every restore would start from one state
      return { pyodide, warm: true };
    } catch {
      if (self.caches) await caches.delete(SNAPSHOT_CACHE).catch(() => {});   // start cold instead
    }
  }
  return { pyodide: await loadPyodide(options), warm: false };
}

// The snapshot is made by a second worker (name "python-snapshot") that the page starts
// once Python is ready after a cold start, so making it never delays a start: it starts
// Python, imports PRE_IMPORTS, snapshots, stores, says {type: "snapshot", ok}, and ends.
async function makeSnapshot() {
  let ok = false;
  try {
    const manifest = await fetchManifest(PYODIDE_URL);
    if (manifest.snapshot && self.caches && !(await readSnapshot(manifest.snapshot))) {
      const { loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE_URL).href);
      const pyodide = await loadPyodide({ indexURL: PYODIDE_URL, stdout: () => {}, stderr: () => {}, _makeSnapshot: true });
      pyodide.runPython(`import importlib\nfor _name in ${JSON.stringify(PRE_IMPORTS)}:\n    try:\n` +
        "        importlib.import_module(_name)\n    except Exception:\n        pass\ndel _name");
      await saveSnapshot(manifest.snapshot, pyodide.makeMemorySnapshot());   // before any loadPackage
    }
    ok = true;
  } catch {
    // No snapshot this time; the next start is cold again.
  }
  post({ type: "snapshot", ok });
  self.close();
}

// Starts Python while its files still arrive; `download` settles once they all have. `pyodideModule`:
// the import of pyodide.mjs, begun with the manifest's fetch.
async function startPython(manifest, download, pyodideModule) {
  const { loadPyodide } = await pyodideModule;
  const runtime = loadRuntime(loadPyodide, manifest.snapshot);
  runtime.catch(() => {});   // a failed download is what gets reported
  await download;
  progress("runtime", "Starting Python…");
  let pyodide, warm;
  try {
    ({ pyodide, warm } = await withTimeout(
      runtime,
      START_SECONDS,
      `Python did not start within ${START_SECONDS} s of its files arriving; the page's Content-Security-Policy ` +
        "may lack 'wasm-unsafe-eval'",
    ));
  } catch (error) {
    if (error instanceof StartError) throw error;
    throw new StartError(`Python's runtime files arrived but Python could not start (${firstLine(error)}); ` +
      "python_stdlib.zip or pyodide.asm.wasm may be damaged on the site");
  }
  self.pyodide = pyodide;   // for tests and the console, inside this worker only

  progress("packages", "Loading numpy and the optimizers…");
  const problems = [];
  await pyodide.loadPackage(OUR_PACKAGE, {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(String(message)),
    checkIntegrity: true,
  });
  if (problems.length) {
    const details = problems.filter((line) => !line.trim().endsWith(":")).join("; ");
    throw new StartError("could not load Python packages (a file is missing, or does not match its sha256 in " +
      `pyodide-lock.json): ${details || problems.join("; ")}`);
  }

  progress("api", "Starting the optimizers' API…");
  bridge = pyodide.pyimport("pyodide_app.bridge");
  const versionsProxy = bridge.versions();
  const versions = versionsProxy.toJs({ dict_converter: Object.fromEntries });
  versionsProxy.destroy();
  return { versions, build: manifest.build, warm };
}

async function start() {
  const began = performance.now();
  currentPhase = "download";
  const heartbeat = setInterval(() => post({ type: "heartbeat" }), HEARTBEAT_MS);
  try {
    const pyodideModule = import(new URL("pyodide.mjs", PYODIDE_URL).href);   // with the manifest, not after it
    pyodideModule.catch(() => {});   // a failed import is reported by startPython
    const manifest = await fetchManifest(PYODIDE_URL);
    const download = downloadRuntime(manifest, PYODIDE_URL,
      (detail, loaded, total) => progress("download", detail, { loaded, total }), stallSeconds(import.meta.url));
    const python = startPython(manifest, download, pyodideModule);
    python.catch(() => {});   // if the download fails, that is the failure to report
    await download;
    const { versions, build, warm } = await python;
    downloaded.clear();   // Python has what it needs; free the copies
    post({ type: "ready", versions, build, warm, seconds: (performance.now() - began) / 1000 });
  } catch (error) {
    const retryInPlace = Boolean(error && error.retryInPlace);
    const message = error instanceof StartError ? error.message : firstLine(error);
    // After a failed download, the files that did arrive go to the page (copies: the Python
    // started meanwhile may still hold the originals), which gives them to the next worker.
    const files = retryInPlace ? arrivedFiles() : [];
    post({ type: "failed", phase: currentPhase, message, retryInPlace, files }, files.map(([, bytes]) => bytes.buffer));
    // Requests that waited go to the next worker; otherwise they are answered (PythonUnavailable).
    if (retryInPlace) return;
    startFailure = { phase: currentPhase, message };
  } finally {
    clearInterval(heartbeat);
    starting = null;
  }
  for (const request of waiting.splice(0)) serve(request);
}

function transferables(value, found = []) {
  if (ArrayBuffer.isView(value)) {
    if (!found.includes(value.buffer)) found.push(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) transferables(item, found);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return found;
}

// After a fatal error Pyodide turns its public API into getters that throw; a PyProxy made
// before (the bridge) may still answer, from a broken interpreter. Ask the API.
function pythonDead() {
  try {
    void self.pyodide.globals;
    return false;
  } catch {
    return true;
  }
}

function isFatal(error) {
  const text = String(error && error.message ? error.message : error);
  return /fatal error|fatally failed|can no longer be used/i.test(text);
}

function replyError(id, kind, message, extra = {}) {
  post({ type: "reply", id, ok: false, error: { kind, message, ...extra } });
}

// Calls into Python; a thrown error becomes a reply (fatal: "PythonStopped", else "InternalError").
function callPython(id, action) {
  try {
    return action();
  } catch (error) {
    if (isFatal(error) || pythonDead()) {
      fatal = true;
      // "already fatally failed": Python broke before this request, which may be sent again.
      const during = !/already fatally failed/i.test(String(error && error.message));
      replyError(id, "PythonStopped", FATAL_MESSAGE, { during });
    } else {
      replyError(id, "InternalError", firstLine(error));
    }
    return null;
  }
}

function reply(id, result) {
  const message = result.ok
    ? { type: "reply", id, ok: true, value: result.value }
    : { type: "reply", id, ok: false, error: result.error };
  post(message, transferables(message));
}

function serve(request) {
  const { id, method, args } = request;
  post({ type: "started", id });
  if (startFailure) {
    replyError(id, "PythonUnavailable", `Python did not start: ${startFailure.message}`);
    return;
  }
  if (fatal || pythonDead()) {
    fatal = true;
    replyError(id, "PythonStopped", FATAL_MESSAGE, { during: false });
    return;
  }
  if (bridge.is_job(method)) {
    runJob(id, method, args);
    return;
  }
  const result = callPython(id, () => bridge.call(method, args ?? null));
  if (result) reply(id, result);
}

// A long method (pyodide_app.api.JOBS) runs in slices: after each, its progress goes to the
// page ({type: "job-progress", id, fraction}) and the worker yields to its message queue,
// so other requests are answered in between and {type: "cancel", id} is heard.
const cancelled = new Set();

// A macrotask boundary without setTimeout's 4 ms clamp on nested timers: a message to
// ourselves queues behind the page's messages that already arrived.
const pauses = new MessageChannel();
const resumes = [];
pauses.port1.onmessage = () => resumes.shift()?.();

function pause() {
  return new Promise((resolve) => {
    resumes.push(resolve);
    pauses.port2.postMessage(null);
  });
}

async function runJob(id, method, args) {
  const started = callPython(id, () => bridge.start_job(method, args ?? null));
  if (!started) return;
  if (!started.ok) {
    reply(id, started);
    return;
  }
  const job = started.value.job;
  for (;;) {
    await pause();
    if (cancelled.has(id) || fatal) {
      cancelled.delete(id);
      callPython(id, () => bridge.cancel(job));
      if (!fatal) replyError(id, "Cancelled", "cancelled");
      return;
    }
    const result = callPython(id, () => bridge.advance(job));
    if (!result) return;
    if (!result.ok || result.value.done) {
      cancelled.delete(id);
      reply(id, result.ok ? { ok: true, value: result.value.value } : result);
      return;
    }
    post({ type: "job-progress", id, fraction: result.value.fraction });
  }
}

self.addEventListener("message", (event) => {
  const request = event.data;
  if (request && request.type === "preloaded") {
    for (const [url, bytes] of request.files || []) downloaded.set(url, bytes);
    if (!starting && bridge === null) starting = start();
    return;
  }
  if (request && request.type === "cancel") {
    cancelled.add(request.id);
    return;
  }
  if (!request || typeof request !== "object" || typeof request.method !== "string") {
    replyError(request && request.id, "ValueError", "a request needs an id, a method and args");
    return;
  }
  if (bridge === null && startFailure === null) {
    waiting.push(request);
  } else {
    serve(request);
  }
});

// A start abandoned after a failed download (Pyodide was already reading a file that then
// failed) may still throw later; that must not reach the page as the worker's death, which
// would throw away what already arrived. The failure itself was reported as "failed".
self.addEventListener("unhandledrejection", (event) => event.preventDefault());
self.addEventListener("error", (event) => {
  if (bridge === null) event.preventDefault();
});

// "python": start at once; "python-retry": wait for the files a failed worker handed over
// ({type: "preloaded"}); "python-snapshot": make and store the heap snapshot, then end.
if (self.name === "python-snapshot") makeSnapshot();
else if (self.name !== "python-retry") starting = start();
