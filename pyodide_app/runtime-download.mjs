// The Python runtime's files for the worker (worker.mjs): downloaded here, counted, checked
// against pyodide/runtime.json's sizes and sha256 sums, and kept in memory; Pyodide's own
// fetches of them are then answered from memory (installFetchHook). A file that is refused,
// arrives damaged, or stops arriving for STALL_SECONDS fails with a StartError naming it
// (retryInPlace: the page starts a fresh worker and hands it the files that did arrive).

export const STALL_SECONDS = 20;

// The stall limit a worker was started with: ?stall=S on its module's URL (whole seconds, 1 to
// 600; the page passes its own address's ?stall=, a hook for tests and benches), else STALL_SECONDS.
export function stallSeconds(moduleUrl) {
  const text = new URL(moduleUrl).searchParams.get("stall") ?? "";
  const asked = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  return asked >= 1 && asked <= 600 ? asked : STALL_SECONDS;
}
const MIME = { ".wasm": "application/wasm", ".json": "application/json", ".js": "text/javascript" };

export const downloaded = new Map();   // absolute URL -> Uint8Array, checked against runtime.json
const verified = new Map();            // absolute URL -> its sha256 as checked on arrival (hex)
const arriving = new Map();            // absolute URL -> {chunks, readers, finished}: files still downloading
const runtimeUrls = new Set();         // the files of runtime.json, once known
let downloadFailed = false;            // a file failed: the Pyodide started meanwhile is abandoned
const networkFetch = self.fetch.bind(self);   // the browser's fetch; self.fetch answers Pyodide (below)

export function megabytes(bytes) {
  return (bytes / 1e6).toFixed(1);
}

export function firstLine(error) {
  const text = String(error && error.message ? error.message : error);
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  // A Python traceback ends with its one-line summary.
  return lines.length ? lines[lines.length - 1] : "unknown error";
}

export class StartError extends Error {
  constructor(message, { retryInPlace = false } = {}) {
    super(message);
    this.retryInPlace = retryInPlace;
  }
}

function offlineMessage(name) {
  return `you are offline, and ${name} is not stored on this device yet; connect to the internet`;
}

// A network error in plain words: offline is called offline.
export function networkFailure(name, error) {
  if (self.navigator && self.navigator.onLine === false) return new StartError(offlineMessage(name), { retryInPlace: true });
  return new StartError(`the connection broke while loading ${name} (${firstLine(error)})`, { retryInPlace: true });
}

export async function fetchManifest(pyodideUrl) {
  let response;
  try {
    response = await networkFetch(new URL("runtime.json", pyodideUrl), { cache: "no-cache" });
  } catch (error) {
    throw networkFailure("the list of Python's files", error);
  }
  if (!response.ok) {
    throw new StartError(`the site refused pyodide/runtime.json (HTTP ${response.status}); it may be incomplete`, { retryInPlace: true });
  }
  return response.json();
}

async function sha256Hex(bytes) {
  if (!self.crypto || !self.crypto.subtle) return null;   // plain http on another host: the lock's check remains
  const digest = await self.crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// Every file of runtime.json not yet in `downloaded`, in parallel, counting bytes; report(detail,
// loaded, total) at most every 100 ms. Rejects with a StartError naming the file that was
// refused, damaged, or stopped arriving.
export async function downloadRuntime(manifest, pyodideUrl, report, stallLimit = STALL_SECONDS) {
  const files = manifest.files.map((file) => ({ ...file, url: new URL(file.name, pyodideUrl).href }));
  for (const file of files) runtimeUrls.add(file.url);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const arrived = new Map(files.map((file) => [file.url, downloaded.has(file.url) ? file.size : 0]));
  const loaded = () => [...arrived.values()].reduce((a, b) => a + b, 0);
  let lastByte = performance.now();
  let lastPost = 0;
  const progress = (force = false) => {
    const now = performance.now();
    if (!force && now - lastPost < 100) return;
    lastPost = now;
    const bytes = loaded();
    report(`Downloading Python: ${megabytes(bytes)} of ${megabytes(total)} MB (${Math.floor((100 * bytes) / total)} %)`,
      bytes, total);
  };
  progress(true);
  const controller = new AbortController();
  let stalled = null;
  let lastTick = performance.now();
  const watch = setInterval(() => {
    // Time this thread was too busy to read (Python starting meanwhile, on a loaded machine) is not
    // the network's: a late tick moves the last byte's time on by its lateness.
    const now = performance.now();
    if (now - lastTick > 2000) lastByte += now - lastTick - 1000;
    lastTick = now;
    if (now - lastByte > stallLimit * 1000) {
      const waitingFor = files.filter((file) => !downloaded.has(file.url)).map((file) => file.name);
      stalled = new StartError(
        `no data arrived for ${stallLimit} s while loading ${waitingFor.join(", ")} ` +
          `(${megabytes(loaded())} of ${megabytes(total)} MB arrived); the connection may be down. ` +
          "What already arrived is kept", { retryInPlace: true });
      controller.abort();
    }
  }, 1000);

  async function one(file) {
    if (downloaded.has(file.url)) return;
    if (file.name === "pyodide.asm.js") {
      // Pyodide loads it with import(), which no fetch hook sees: import it now, in parallel
      // with the rest, so Pyodide's own import finds it in the module map.
      try {
        await import(file.url);
      } catch (error) {
        throw networkFailure(file.name, error);
      }
      arrived.set(file.url, file.size);
      lastByte = performance.now();
      progress();
      downloaded.set(file.url, null);
      return;
    }
    const stream = { chunks: [], readers: new Set(), finished: false };
    arriving.set(file.url, stream);
    try {
      await receive(file, stream);
    } catch (error) {
      // The Pyodide started meanwhile waits for good (its streams stay open) rather than
      // failing noisily on a half file; Retry starts a fresh worker.
      downloadFailed = true;
      throw error;
    } finally {
      arriving.delete(file.url);
    }
  }

  async function receive(file, stream) {
    let response;
    try {
      response = await networkFetch(file.url, { signal: controller.signal });
    } catch (error) {
      throw stalled || networkFailure(file.name, error);
    }
    if (!response.ok) {
      throw new StartError(`the site refused ${file.name} (HTTP ${response.status}); the site may be incomplete`,
        { retryInPlace: true });
    }
    const bytes = new Uint8Array(file.size);
    let offset = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (offset + value.length > file.size) throw new StartError(`the file ${file.name} is larger than this build made it`, { retryInPlace: true });
        bytes.set(value, offset);
        offset += value.length;
        stream.chunks.push(value);
        for (const reader of stream.readers) reader.enqueue(value);
        lastByte = performance.now();
        arrived.set(file.url, offset);
        progress();
      }
    } catch (error) {
      arrived.set(file.url, 0);
      if (error instanceof StartError) throw error;
      throw stalled || networkFailure(file.name, error);
    }
    if (offset !== file.size) {
      arrived.set(file.url, 0);
      throw new StartError(`the file ${file.name} arrived incomplete (${offset} of ${file.size} bytes)`, { retryInPlace: true });
    }
    const hash = await sha256Hex(bytes);
    if (hash !== null && hash !== file.sha256) {
      arrived.set(file.url, 0);
      throw new StartError(`the file ${file.name} arrived damaged (its sha256 does not match this build's)`,
        { retryInPlace: true });
    }
    if (hash !== null) verified.set(file.url, hash);
    downloaded.set(file.url, bytes);
    for (const reader of stream.readers) reader.close();
  }

  try {
    const results = await Promise.allSettled(files.map(one));
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw stalled || failed.reason;
  } finally {
    clearInterval(watch);
  }
  progress(true);
}

// Pyodide fetches its files itself; answer from memory what was downloaded and checked,
// honouring a Subresource Integrity hash as the browser would (loadPackage's checkIntegrity
// passes the lock's sha256 that way).
export function installFetchHook() {
  self.fetch = answerFromMemory;
}

async function answerFromMemory(input, init) {
  const url = (typeof input === "string" ? new URL(input, self.location.href).href : input.url || String(input)).split("#")[0];
  const extension = url.slice(url.lastIndexOf("."));
  const headers = { "Content-Type": MIME[extension] || "application/octet-stream" };
  const integrity = init && init.integrity;
  const stream = arriving.get(url);
  if (stream && !integrity) {
    // Still arriving: hand Pyodide a stream of what came and what comes (the wasm then
    // compiles while it downloads, as it would from the network).
    return new Response(new ReadableStream({
      start(controller) {
        for (const chunk of stream.chunks) controller.enqueue(chunk);
        stream.readers.add(controller);
      },
    }), { headers });
  }
  const bytes = downloaded.get(url);
  if (!bytes && downloadFailed && runtimeUrls.has(url)) return new Promise(() => {});
  if (!bytes) return networkFetch(input, init);
  if (integrity && integrity.startsWith("sha256-") && self.crypto && self.crypto.subtle) {
    // These bytes were hashed as they arrived: compare that digest, rather than hash them again.
    const digest = verified.has(url) ? hexToBytes(verified.get(url))
      : new Uint8Array(await self.crypto.subtle.digest("SHA-256", bytes));
    if (btoa(String.fromCharCode(...digest)) !== integrity.slice(7)) {
      throw new TypeError(`Failed to fetch ${url}: its sha256 does not match the integrity ${integrity}`);
    }
  }
  return new Response(bytes, { headers });
}

function hexToBytes(hex) {
  return Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16));
}

// The files that did arrive (copies: the Python started meanwhile may still hold the originals),
// as [url, Uint8Array] pairs, for the page to hand to the next worker.
export function arrivedFiles() {
  return [...downloaded].filter(([, bytes]) => bytes).map(([url, bytes]) => [url, bytes.slice()]);
}
