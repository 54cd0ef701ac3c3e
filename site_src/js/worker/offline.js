// Offline use: registers the site's service worker (sw.js at the site's root, written by
// the build) once Python is ready, so its download does not compete with the page's own,
// and offers a new build when one is deployed: "A new version is ready" with a Reload
// button; the page never reloads by itself. <html data-offline="ready"> once every file of
// this build is stored on the device; the first time that happens on a device, the page says
// "Ready to work offline" (once: later visits and other pages stay quiet).
import {el} from "../controls/dom.js";

const SW_URL = new URL("../../sw.js", import.meta.url);
const SCOPE = new URL("../../", import.meta.url);
const UPDATE_EVERY_MS = 10 * 60 * 1000;
const SAID_KEY = "optimizer-paths:offline-said";   // localStorage: "Ready to work offline" was said here
const NOTICE_MS = 8000;                            // how long that notice stays

export async function startOfflineSupport(after) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  await after;
  let registration;
  try {
    registration = await navigator.serviceWorker.register(SW_URL, {scope: SCOPE.pathname});
  } catch (error) {
    console.warn("Offline use is not available:", error.message);
    return;
  }
  navigator.serviceWorker.ready.then(() => {
    document.documentElement.dataset.offline = "ready";
    sayReadyOnce();
  });
  watchForUpdates(registration);
}

function watchForUpdates(registration) {
  // A waiting worker is a new build only when this page already runs under an older one.
  const offer = (worker) => {
    if (navigator.serviceWorker.controller && worker) showUpdateNotice(worker);
  };
  offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offer(worker);
    });
  });
  const check = () => registration.update().catch(() => {});
  setInterval(check, UPDATE_EVERY_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") check();
  });
}

// The first time this site's files are stored on this device, and never again.
function sayReadyOnce() {
  let said = true;
  try {
    said = localStorage.getItem(SAID_KEY + SCOPE.pathname) !== null;
    localStorage.setItem(SAID_KEY + SCOPE.pathname, "1");
  } catch {
    return;   // storage refused (private mode): better say nothing than say it on every visit
  }
  if (said) return;
  // A passing notice that clicks go through (pointer-events: none in site.css), placed where it
  // covers no control, plot or link on screen (on a phone, not the playback bar), and placed
  // again when the page scrolls or the window changes size.
  const ready = el("div", "offline-notice",
    "Ready to work offline: this site now works without a connection.");
  ready.setAttribute("role", "status");
  document.body.append(ready);
  let frame = null;
  const place = () => {
    frame = null;
    placeNotice(ready);
  };
  const again = () => {
    frame ??= requestAnimationFrame(place);
  };
  place();
  addEventListener("scroll", again, {passive: true});
  addEventListener("resize", again);
  setTimeout(() => {
    ready.remove();
    removeEventListener("scroll", again);
    removeEventListener("resize", again);
  }, NOTICE_MS);
}

// What a visitor may need to reach, and to see: a notice never lies over these if it can help
// it, and over a control (or the playback bar) least of all.
const CONTROLS = "button, input, select, textarea, a[href], summary, [role=slider], [tabindex]:not([tabindex='-1']):not(canvas):not([role=application]), .pg-playback";
const SEEN = "canvas, [role=application], .pg-results, .pg-loss";
const CONTROL_WEIGHT = 20;   // a px² of a control counts as this many of a picture or a table
// Where the notice may sit in the window, in order of preference.
const PLACES = [
  {bottom: "1rem", left: "50%", transform: "translateX(-50%)"},
  {top: "1rem", left: "50%", transform: "translateX(-50%)"},
  {bottom: "1rem", left: "1rem", transform: "none"},
  {bottom: "1rem", right: "1rem", left: "auto", transform: "none"},
  {top: "1rem", right: "1rem", left: "auto", transform: "none"},
  {top: "1rem", left: "1rem", transform: "none"},
  {top: "40%", left: "50%", transform: "translateX(-50%)"},
];

// Puts `notice` at the first place where it covers nothing needed on screen, else where it
// covers the least of it (controls weighing most). Returns that (weighted CSS px²; 0: a free place).
export function placeNotice(notice) {
  const onScreen = (selector, weight) => [...document.querySelectorAll(selector)]
    .filter((node) => !notice.contains(node))
    .map((node) => ({r: node.getBoundingClientRect(), weight}))
    .filter(({r}) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth);
  const needed = [...onScreen(CONTROLS, CONTROL_WEIGHT), ...onScreen(SEEN, 1)];
  let best = null;
  for (const place of PLACES) {
    Object.assign(notice.style, {top: "auto", bottom: "auto", left: "auto", right: "auto"}, place);
    const box = notice.getBoundingClientRect();
    let area = 0;
    for (const {r, weight} of needed) {
      area += weight * Math.max(0, Math.min(box.right, r.right) - Math.max(box.left, r.left)) *
              Math.max(0, Math.min(box.bottom, r.bottom) - Math.max(box.top, r.top));
    }
    if (area === 0) return 0;
    if (!best || area < best.area) best = {place, area};
  }
  Object.assign(notice.style, {top: "auto", bottom: "auto", left: "auto", right: "auto"}, best.place);
  return best.area;
}

let notice = null;
function showUpdateNotice(worker) {
  notice?.remove();
  notice = el("div", "update-notice");
  notice.setAttribute("role", "status");
  const reload = el("button", "update-reload", "Reload");
  reload.type = "button";
  reload.addEventListener("click", () => {
    reload.disabled = true;
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), {once: true});
    worker.postMessage({type: "skip-waiting"});
  });
  notice.append(el("span", "", "A new version of this site is ready. "), reload);
  document.body.append(notice);
}
