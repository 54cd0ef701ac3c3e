// The module Web Worker that runs Python: Pyodide, numpy, and our package.
//
// Start-up runs in named phases (runtime, packages, api) and posts
//   {type: "progress", phase, detail}, then {type: "ready", versions, seconds}
//   or {type: "failed", phase, message} in plain words.
// Then it serves {id, method, args} by calling pyodide_app.bridge.call (only the names in
// pyodide_app.api.METHODS; never runPython on text from the page) and answers
//   {type: "reply", id, ok: true, value} or {type: "reply", id, ok: false, error: {kind, message}},
// transferring the Float64Arrays' buffers. See ARCHITECTURE.md, "Worker protocol".
// The page starts it from a blob: URL that only imports this file, so the page's CSP applies.

const PYODIDE_URL = new URL("../../pyodide/", import.meta.url).href;
const OUR_PACKAGE = "optimizer-paths";
const START_TIMEOUT_SECONDS = 120;
const RUNTIME_FILES = ["pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
const FATAL_MESSAGE = "Python stopped after a fatal error; reload the page to start it again.";

let bridge = null;        // the pyodide_app.bridge module, once ready
let fatal = false;        // Pyodide has failed fatally: every later call fails
const waiting = [];       // requests that arrived before Python was ready
let startFailure = null;  // the failed message, once start-up has failed

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

function progress(phase, detail) {
  post({ type: "progress", phase, detail });
}

function withTimeout(promise, seconds, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(error) {
  const text = String(error && error.message ? error.message : error);
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  // A Python traceback ends with its one-line summary.
  return lines.length ? lines[lines.length - 1] : "unknown error";
}

// loadPyodide hangs, rather than failing, when some runtime files are missing: ask for them
// first (HEAD requests, a few milliseconds) so a broken site says so at once.
async function checkRuntimeFiles() {
  const answers = await Promise.all(RUNTIME_FILES.map(async (name) => {
    try {
      const response = await fetch(new URL(name, PYODIDE_URL), { method: "HEAD" });
      return response.ok ? null : `${name} (HTTP ${response.status})`;
    } catch (error) {
      return `${name} (${firstLine(error)})`;
    }
  }));
  const missing = answers.filter(Boolean);
  if (missing.length) {
    throw new Error(`the site is missing part of the Python runtime: ${missing.join(", ")}`);
  }
}

async function start() {
  const began = performance.now();
  let phase = "runtime";
  try {
    progress("runtime", "Loading Python runtime…");
    await checkRuntimeFiles();
    const { loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE_URL).href);
    const pyodide = await withTimeout(
      loadPyodide({ indexURL: PYODIDE_URL, stdout: () => {}, stderr: () => {} }),
      START_TIMEOUT_SECONDS,
      `Python did not start within ${START_TIMEOUT_SECONDS} seconds; the page's Content-Security-Policy ` +
        "may lack 'wasm-unsafe-eval', or the connection is too slow.",
    );

    phase = "packages";
    progress("packages", "Loading numpy and the optimizers…");
    const problems = [];
    await pyodide.loadPackage(OUR_PACKAGE, {
      messageCallback: () => {},
      errorCallback: (message) => problems.push(String(message)),
      checkIntegrity: true,
    });
    if (problems.length) {
      const details = problems.filter((line) => !line.trim().endsWith(":")).join("; ");
      throw new Error(
        "could not load Python packages (a file is missing, or does not match its sha256 in " +
          `pyodide-lock.json): ${details || problems.join("; ")}`,
      );
    }

    phase = "api";
    progress("api", "Starting the optimizers' API…");
    bridge = pyodide.pyimport("pyodide_app.bridge");
    const versionsProxy = bridge.versions();
    const versions = versionsProxy.toJs({ dict_converter: Object.fromEntries });
    versionsProxy.destroy();
    post({ type: "ready", versions, seconds: (performance.now() - began) / 1000 });
  } catch (error) {
    startFailure = { type: "failed", phase, message: firstLine(error) };
    post(startFailure);
  }
  // Ready or failed, the requests that waited are answered now.
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

function isFatal(error) {
  const text = String(error && error.message ? error.message : error);
  return /fatal error|fatally failed|can no longer be used/i.test(text);
}

function replyError(id, kind, message) {
  post({ type: "reply", id, ok: false, error: { kind, message } });
}

function serve(request) {
  const { id, method, args } = request;
  if (startFailure) {
    replyError(id, "PythonUnavailable", `Python did not start: ${startFailure.message}`);
    return;
  }
  if (fatal) {
    replyError(id, "PythonStopped", FATAL_MESSAGE);
    return;
  }
  let result;
  try {
    result = bridge.call(method, args ?? null);
  } catch (error) {
    if (isFatal(error)) {
      fatal = true;
      replyError(id, "PythonStopped", FATAL_MESSAGE);
    } else {
      replyError(id, "InternalError", firstLine(error));
    }
    return;
  }
  const message = result.ok
    ? { type: "reply", id, ok: true, value: result.value }
    : { type: "reply", id, ok: false, error: result.error };
  post(message, transferables(message));
}

self.addEventListener("message", (event) => {
  const request = event.data;
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

start();
