// The box in the playground's toolbar that says where Python stands: a progress bar while
// it loads, the versions once it is ready, the reason and a Retry button if it failed.
import {el} from "../controls/dom.js";

// status: loading | ready | failed; message: the worker client's progress detail or failure.
// download: {loaded, total} bytes while the runtime downloads (the bar then shows them).
export function renderPythonStatus(box, {status, message, download}, {versions, onRetry}) {
  if (status === "loading" && box.dataset.status === "loading" && box.firstChild) {
    updateLoading(box, message, download);   // progress ticks: no new elements for the reader
    return;
  }
  box.replaceChildren();
  box.dataset.status = status;
  if (status === "loading") {
    const bar = el("progress", "pg-progress");
    bar.setAttribute("aria-label", "Loading Python");
    box.append(bar, el("span", "pg-python-text"));
    updateLoading(box, message, download);
  } else if (status === "ready") {
    const detail = versions ? ` (Python ${versions.python}, numpy ${versions.numpy})` : "";
    box.append(el("span", "pg-python-text", `Python is ready${detail}.`));
  } else {
    const text = el("span", "pg-python-text pg-failed",
      `${asSentence(message)} The contour still works, but paths need Python. ` +
      "Press Retry to try again.");
    const retry = el("button", "pg-retry", "Retry");
    retry.type = "button";
    retry.addEventListener("click", onRetry);
    box.append(text, retry);
  }
}

function updateLoading(box, message, download) {
  const bar = box.querySelector("progress");
  if (download && download.total > 0) {
    bar.max = download.total;
    bar.value = download.loaded;
  } else if (bar.hasAttribute("value") && !download) {
    bar.removeAttribute("value");   // indeterminate again: Python is starting
  }
  // Byte counts tick ten times a second: the bar carries them for screen readers, the
  // text is for the eye only then, so a live region is not read out at every tick.
  const text = box.querySelector(".pg-python-text");
  text.textContent = message || "Loading Python…";
  text.toggleAttribute("aria-hidden", Boolean(download));
}

// The worker's messages start in lower case and end without a full stop
// ("the site refused pyodide.asm.wasm (HTTP 404)…"); the page's own are sentences.
function asSentence(text) {
  const trimmed = (text || "Python could not be loaded").trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : capital + ".";
}
