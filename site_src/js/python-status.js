// The box in the playground's toolbar that says where Python stands: a progress bar while
// it loads, the versions once it is ready, the reason and a Retry button if it failed.
import {el} from "./dom.js";

// status: loading | ready | failed; message: the worker client's progress detail or failure.
export function renderPythonStatus(box, {status, message}, {versions, onRetry}) {
  box.replaceChildren();
  box.dataset.status = status;
  if (status === "loading") {
    const bar = el("progress", "pg-progress");
    bar.setAttribute("aria-label", "Loading Python");
    box.append(bar, el("span", "pg-python-text", message || "Loading Python…"));
  } else if (status === "ready") {
    const detail = versions ? ` (Python ${versions.python}, numpy ${versions.numpy})` : "";
    box.append(el("span", "pg-python-text", `Python is ready${detail}.`));
  } else {
    const text = el("span", "pg-python-text pg-failed",
      `${asSentence(message)} The contour still works, but paths need Python. ` +
      "Check your connection to this site and try again.");
    const retry = el("button", "pg-retry", "Retry");
    retry.type = "button";
    retry.addEventListener("click", onRetry);
    box.append(text, retry);
  }
}

// The worker's messages start in lower case and end without a full stop
// ("the site is missing part of the Python runtime: …"); the page's own are sentences.
function asSentence(text) {
  const trimmed = (text || "Python could not be loaded").trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : capital + ".";
}
