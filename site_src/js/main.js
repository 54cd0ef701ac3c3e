// Entry point: mounts a playground in every [data-playground] element. With a single
// playground on the page, its state lives in the URL hash.
import {mountPlayground} from "./playground.js";

const elements = [...document.querySelectorAll("[data-playground]")];
const urlState = elements.length === 1;
for (const element of elements) {
  mountPlayground(element, {urlState}).catch((error) => {
    console.error("The playground could not start:", error);
  });
}
