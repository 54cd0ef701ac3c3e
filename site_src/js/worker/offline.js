// Offline use: registers the site's service worker (sw.js at the site's root, written by
// the build) once Python is ready, so its download does not compete with the page's own,
// and offers a new build when one is deployed: "A new version is ready" with a Reload
// button; the page never reloads by itself. <html data-offline="ready"> once every file of
// this build is stored on the device.
import {el} from "../controls/dom.js";

const SW_URL = new URL("../../sw.js", import.meta.url);
const SCOPE = new URL("../../", import.meta.url);
const UPDATE_EVERY_MS = 10 * 60 * 1000;

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
  navigator.serviceWorker.ready.then(() => { document.documentElement.dataset.offline = "ready"; });
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
