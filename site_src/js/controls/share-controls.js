// Share and export: copy the link (the whole state is in it), and download the figure (PNG,
// the plot with a legend) or the runs (CSV, JSON). It reads the page through the callbacks
// it is given and changes no state.
import {el} from "./dom.js";

function button(text, className) {
  const node = el("button", `pg-button ${className}`, text);
  node.type = "button";
  return node;
}

// link() -> the URL to share; figure() -> Promise<Blob>; csv() / json() -> text;
// name(extension) -> a file name. Returns {update({hasRuns})}.
export function renderShareControls(box, {link, figure, csv, json, name}) {
  box.replaceChildren();
  const copy = button("Copy link", "pg-copy-link");
  const png = button("Download PNG", "pg-download-png");
  const csvButton = button("Download CSV", "pg-download-csv");
  const jsonButton = button("Download JSON", "pg-download-json");
  const said = el("span", "pg-share-status");
  said.setAttribute("role", "status");
  const fallback = el("input", "pg-share-link");
  fallback.readOnly = true;
  fallback.hidden = true;
  fallback.setAttribute("aria-label", "Link to this state");
  box.append(copy, png, csvButton, jsonButton, said, fallback);

  copy.addEventListener("click", async () => {
    const url = link();
    try {
      await navigator.clipboard.writeText(url);
      fallback.hidden = true;
      said.textContent = "Link copied.";
    } catch {
      // No clipboard (an insecure origin, or permission refused): the link, selected, to copy by hand.
      fallback.value = url;
      fallback.hidden = false;
      fallback.select();
      said.textContent = "Copy the selected link:";
    }
  });
  png.addEventListener("click", async () => {
    said.textContent = "";
    try {
      download(await figure(), name("png"));
    } catch (error) {
      said.textContent = `The picture could not be made: ${error.message}`;
    }
  });
  csvButton.addEventListener("click", () => download(new Blob([csv()], {type: "text/csv"}), name("csv")));
  jsonButton.addEventListener("click", () =>
    download(new Blob([JSON.stringify(json(), null, 1)], {type: "application/json"}), name("json")));

  return {
    update({hasRuns}) {
      csvButton.disabled = !hasRuns;
      jsonButton.disabled = !hasRuns;
    },
  };
}

function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const anchor = el("a");
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
