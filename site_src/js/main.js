// Entry point: starts Python first (nothing waits on it, and it waits on nothing), then
// mounts a playground in every [data-playground] element; with a single playground on the
// page (not a figure), its state lives in the URL hash. Offline support starts once Python is ready (or at
// once on pages without a playground).
import {mountPlayground} from "./pages/playground.js";
import {sharedWorker} from "./worker/worker-client.js";
import {startOfflineSupport} from "./worker/offline.js";
import {isFigure, mountWhenNear} from "./pages/figure.js";
import {mountThemeSwitch} from "./plot/theme.js";

performance.mark("op:start");
mountThemeSwitch();
const elements = [...document.querySelectorAll("[data-playground]")];
const client = elements.length ? sharedWorker() : null;
client?.ensureStarted();
// A figure (data-state: the article's, figure.js) never holds the URL's state, and mounts when it
// comes near the viewport (its static picture stands until then); every other playground at once.
const urlState = elements.length === 1 && !isFigure(elements[0]);
mountWhenNear(elements, (element) => {
  mountPlayground(element, {urlState}).catch((error) => {
    console.error("The playground could not start:", error);
  });
});
startOfflineSupport(client ? pythonReady(client) : Promise.resolve());

function pythonReady(workerClient) {
  return new Promise((resolve) => {
    const stop = workerClient.subscribe(({status}) => {
      if (status === "ready") {
        resolve();
        queueMicrotask(() => stop());
      }
    });
  });
}
