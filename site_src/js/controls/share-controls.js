// Share, export and present: copy the link (the whole state is in it), download the figure
// (PNG at twice the plot's size or a chosen width, with the formula, the settings and a legend)
// or the runs (CSV, JSON), and "Present" (the plot full screen, key F). It reads the page
// through the callbacks it is given and changes no state.
import {el} from "./dom.js";

export const PRESENT_KEY = "f";
// The PNG's widths offered: null is twice the plot's size on screen (png-figure.js caps all at 3840).
export const PNG_WIDTHS = [null, 1920, 2560, 3840];

// Whether a key press asks for presentation mode (F, outside a text field, no modifier).
export function isPresentKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.key?.toLowerCase() !== PRESENT_KEY) return false;
  const tag = event.target?.tagName;
  return !(tag === "INPUT" && event.target.type !== "range" || tag === "SELECT" || tag === "TEXTAREA" ||
           event.target?.isContentEditable);
}

function button(text, className) {
  const node = el("button", `pg-button ${className}`, text);
  node.type = "button";
  return node;
}

// link() -> the URL to share; figure({width}) -> Promise<Blob>; csv() / json() -> text;
// name(extension) -> a file name; present() opens presentation mode. Returns {update({hasRuns})}.
export function renderShareControls(box, {link, figure, csv, json, name, present}) {
  box.replaceChildren();
  const copy = button("Copy link", "pg-copy-link");
  const presentButton = button("Present", "pg-present-button");
  presentButton.title = "Present: the plot full screen, in large type (key F; Escape leaves)";
  presentButton.setAttribute("aria-keyshortcuts", "F");
  const png = button("Download PNG", "pg-download-png");
  const sizeLabel = el("label", "pg-png-size");
  const size = el("select");
  size.append(...PNG_WIDTHS.map((width) => {
    const option = el("option", "", width ? `${width} px wide` : "2× the plot");
    option.value = width ? String(width) : "";
    return option;
  }));
  sizeLabel.append(el("span", "", "PNG size"), size);
  const csvButton = button("Download CSV", "pg-download-csv");
  const jsonButton = button("Download JSON", "pg-download-json");
  const said = el("span", "pg-share-status");
  said.setAttribute("role", "status");
  const fallback = el("input", "pg-share-link");
  fallback.readOnly = true;
  fallback.hidden = true;
  fallback.setAttribute("aria-label", "Link to this state");
  box.append(copy, presentButton, png, sizeLabel, csvButton, jsonButton, said, fallback);
  presentButton.addEventListener("click", () => present());

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
      download(await figure({width: size.value ? Number(size.value) : null}), name("png"));
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
