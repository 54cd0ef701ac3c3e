// Entry point: starts Python first (nothing waits on it, and it waits on nothing), then
// mounts a playground in every [data-playground] element; with a single playground on the
// page (not a figure), its state lives in the URL hash. Offline support starts once Python is ready (or at
// once on pages without a playground). This file and what it imports statically are the entry bundle
// (assets/app/main.js): what the first paint and a click need. The article's figures (figure.js) are
// loaded with import() on pages that have them; the playground's heavier parts on first use
// (pages/lazy-parts.js).
import {mountPlayground} from "./pages/playground.js";
import {sharedWorker} from "./worker/worker-client.js";
import {startOfflineSupport} from "./worker/offline.js";
import {mountThemeSwitch} from "./plot/theme.js";

performance.mark("op:start");
mountThemeSwitch();
const elements = [...document.querySelectorAll("[data-playground]")];
const client = elements.length ? sharedWorker() : null;
client?.ensureStarted();
// A figure (data-state: the article's, figure.js) never holds the URL's state, and mounts when it
// comes near the viewport (its static picture stands until then); every other playground at once.
const figures = elements.filter((element) => "state" in element.dataset);
const urlState = elements.length === 1 && !figures.length;
const mount = (element, figure = null) => {
  mountPlayground(element, {urlState, figure}).catch((error) => {
    console.error("The playground could not start:", error);
  });
};
elements.filter((element) => !figures.includes(element)).forEach((element) => mount(element));
if (figures.length) {
  import("./pages/figure.js").then((figure) => figure.mountWhenNear(figures, (element) => mount(element, figure)))
    .catch((error) => console.error("The figures could not start:", error));
}
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
