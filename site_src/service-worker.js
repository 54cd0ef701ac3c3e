// The site's service worker: every file of one build, precached and served from the cache,
// so the site works offline after one visit and a page never mixes files of two builds.
//
// The build writes this file to the site's root as sw.js, replacing BUILD and FILES by the
// build's id and its list of [path, sha256] (paths relative to this file), so any change
// to any file gives a new sw.js, which the browser installs beside the running one.
// - install: fetch every file (revalidating the HTTP cache), check its sha256, and put it in
//   this build's cache; a file that does not match fails the install (the old build keeps
//   serving, and the browser tries again later).
// - the new build waits until a page asks for it ({type: "skip-waiting"}, when the visitor
//   presses "Reload" on "A new version is ready"); then old caches of this site are deleted.
// - fetch: files of the build from the cache, cache-first; a folder's URL is its index.html
//   (and a folder's URL without its slash is redirected to it, as the host does);
//   anything else from the network.
// Cache names carry the scope: all project sites of one GitHub user share an origin, so
// this worker touches only caches that start with its own prefix.

const BUILD = "__BUILD__";
const FILES = __FILES__;
const SCOPE_PATH = new URL(self.registration.scope).pathname;
const PREFIX = `optimizer-paths|${SCOPE_PATH}|`;
const FILES_CACHE = `${PREFIX}${BUILD}|files`;
const PARALLEL = 4;

const expected = new Map(FILES.map(([path, sha256]) => [new URL(path, self.registration.scope).href, sha256]));

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// One file, checked: from the HTTP cache if it still matches, else from the server.
async function fetchChecked(url, sha256) {
  for (const mode of ["no-cache", "reload"]) {
    const response = await fetch(url, { cache: mode });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.clone().arrayBuffer();
    if ((await sha256Hex(body)) === sha256) return response;
  }
  throw new Error(`${url} does not match this build (the site is being deployed?)`);
}

async function precache() {
  const cache = await caches.open(FILES_CACHE);
  const todo = [...expected];
  const present = new Set((await cache.keys()).map((request) => request.url));
  async function lane() {
    while (todo.length) {
      const [url, sha256] = todo.shift();
      if (present.has(url)) continue;
      await cache.put(url, await fetchChecked(url, sha256));
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, lane));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      // Other builds' files; the worker's Python snapshot has its own key check and stays.
      if (name.startsWith(PREFIX) && name.endsWith("|files") && name !== FILES_CACHE) await caches.delete(name);
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

function cacheKey(request) {
  const url = new URL(request.url);
  url.hash = "";
  url.search = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  return url.href;
}

// A folder's URL without its trailing slash ("/rastrigin"): the host answers it with a redirect
// to "/rastrigin/" (GitHub Pages and scripts/serve.py both do), so offline we give the same
// redirect when that folder's index.html is stored. The page must sit at the slash URL: its
// links and assets are relative.
function folderRedirect(request) {
  if (request.mode !== "navigate") return null;
  const url = new URL(request.url);
  if (url.pathname.endsWith("/") || /\.[^/]*$/.test(url.pathname)) return null;
  const folder = new URL(url);
  folder.pathname += "/";
  return expected.has(cacheKey(new Request(folder.href))) ? folder.href : null;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const key = cacheKey(request);
  if (!expected.has(key)) {
    const folder = folderRedirect(request);
    if (folder) event.respondWith(Response.redirect(folder, 301));
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(FILES_CACHE);
    const cached = await cache.match(key);
    return cached || fetch(request);
  })());
});
