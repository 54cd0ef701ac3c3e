// Entry point: starts Python first (nothing waits on it, and it waits on nothing), then
// mounts a playground in every [data-playground] element; with a single playground on the
// page, its state lives in the URL hash. Offline support starts once Python is ready (or at
// once on pages without a playground).
import {mountPlayground} from "./playground.js";
import {sharedWorker} from "./worker-client.js";
import {startOfflineSupport} from "./offline.js";

performance.mark("op:start");
const elements = [...document.querySelectorAll("[data-playground]")];
const client = elements.length ? sharedWorker() : null;
client?.ensureStarted();
const urlState = elements.length === 1;
for (const element of elements) {
  mountPlayground(element, {urlState}).catch((error) => {
    console.error("The playground could not start:", error);
  });
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
