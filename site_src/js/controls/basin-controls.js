// The basin-map panel: the "Basin map" button, the lattice's resolution, progress with a
// Cancel button while Python works, then which optimizer's map is drawn, its legend, and
// the table of where every enabled optimizer's runs end. It shows the state's basinResolution
// (URL r=) and basinShown, and proposes changes to them through its callbacks.
import {el, cueSwatch} from "./dom.js";
import {FRACTION_COLUMNS, fractionRows, legendItems} from "../runs/basin-map.js";
import {BASIN_RESOLUTIONS} from "../state/fields.js";


export function percent(fraction) {
  if (fraction === 0) return "0 %";
  if (fraction < 0.001) return "< 0.1 %";
  return `${(100 * fraction).toFixed(1)} %`;
}

function select(label, className) {
  const wrap = el("label", className);
  const node = el("select");
  wrap.append(el("span", "", label), node);
  return [wrap, node];
}

function options(node, items, value) {
  node.replaceChildren(...items.map(([v, text]) => {
    const option = el("option", "", text);
    option.value = String(v);
    return option;
  }));
  node.value = String(value);
}

// onStart(), onCancel(), onShow(key), onResolution(n). Returns {update(view)} with view =
// {resolution, shown, entries: [{key, label, color}], status: "idle" | "running" | "done" |
//  "failed", fraction, result (Python's reply), message}.
export function renderBasinControls(box, {onStart, onCancel, onShow, onResolution}) {
  box.replaceChildren();
  const bar = el("div", "pg-basins-bar");
  const start = el("button", "pg-button pg-basins-start", "Basin map");
  start.type = "button";
  const [resolutionWrap, resolution] = select("Lattice ", "pg-basins-resolution");
  options(resolution, BASIN_RESOLUTIONS.map((n) => [n, `${n} × ${n}`]), BASIN_RESOLUTIONS[0]);
  const progressWrap = el("div", "pg-basins-progress");
  const progress = el("progress");
  progress.max = 1;
  progress.setAttribute("aria-label", "Basin maps computed");
  const progressText = el("span", "pg-basins-progress-text");
  const cancel = el("button", "pg-button pg-basins-cancel", "Cancel");
  cancel.type = "button";
  progressWrap.append(progress, progressText, cancel);
  const [shownWrap, shown] = select("Map of ", "pg-basins-shown");
  bar.append(start, resolutionWrap, progressWrap, shownWrap);
  const status = el("p", "pg-basins-status");
  status.setAttribute("role", "status");
  const legend = el("ul", "pg-basins-legend");
  const table = el("div", "pg-basins-table");
  const about = el("p", "pg-basins-about",
    "A basin map runs every enabled optimizer from every point of a lattice over the view, and colours each point by where its run ends.");
  box.append(about, bar, status, legend, table);

  start.addEventListener("click", () => onStart());
  cancel.addEventListener("click", () => onCancel());
  resolution.addEventListener("change", () => onResolution(Number(resolution.value)));
  shown.addEventListener("change", () => onShow(shown.value));

  let shownResult = null;
  let shownOptions = null;
  let shownLegend = null;
  const setText = (node, text) => {
    if (node.textContent !== text) node.textContent = text;   // (an unchanged text costs no layout)
  };
  const showProgress = (running, fraction) => {
    progress.value = fraction;
    setText(progressText, running ? `Computing basin maps: ${Math.floor(100 * fraction)} %` : "");
  };
  return {
    // Only the progress bar and its words (many times a second while the pool works).
    progress(fraction) {
      showProgress(true, fraction ?? 0);
    },
    update(view) {
      const running = view.status === "running";
      resolution.value = String(view.resolution);
      start.disabled = running;
      progressWrap.hidden = !running;
      showProgress(running, view.fraction ?? 0);
      setText(status, view.message ?? "");
      // While the map is refined (running, with a result) the table counts the starts so far.
      const maps = view.result && view.status !== "failed" ? view.result.maps : [];
      const drawable = maps.filter((m) => !m.error);
      shownWrap.hidden = drawable.length === 0;
      const byKey = new Map(view.entries.map((e) => [e.key, e]));
      if (drawable.length) {
        const choices = drawable.map((m) => [m.key, byKey.get(m.key)?.label ?? m.key]);
        const key = JSON.stringify(choices);
        if (key !== shownOptions) {
          shownOptions = key;
          options(shown, choices, view.shown);
        }
        shown.value = String(view.shown);
      }
      const map = drawable.find((m) => m.key === view.shown);
      const items = map ? legendItems(map.counts ?? map.labels, view.result.minima, view.result.global_minima, percent) : [];
      const legendKey = JSON.stringify(items.map((item) => [item.text, item.share, item.color]));
      if (legendKey !== shownLegend) {
        shownLegend = legendKey;
        legend.replaceChildren(...items.map((item) => {
          const li = el("li");
          const swatch = el("span", "pg-swatch");
          swatch.setAttribute("aria-hidden", "true");
          swatch.style.backgroundColor = `rgb(${item.color.join(",")})`;
          li.append(swatch, el("span", "", `${item.text}: ${item.share}`));
          return li;
        }));
      }
      if (view.result !== shownResult) {
        shownResult = view.result;
        table.replaceChildren(...(maps.length ? [fractionsTable(view.result, byKey)] : []));
      }
    },
  };
}

function fractionsTable(result, byKey) {
  const table = el("table", "pg-results-table pg-basins-fractions");
  const n = result.resolution;
  const complete = result.complete !== false;
  table.dataset.counted = String(result.counted ?? n * n);
  table.dataset.complete = String(complete);
  table.append(el("caption", "", complete
    ? `Where the runs from ${(n * n).toLocaleString("en")} starts end (${n} × ${n} over the view, corners included), per optimizer`
    : `So far: where the runs from ${result.counted.toLocaleString("en")} of ${(n * n).toLocaleString("en")} starts end ` +
      `(${n} × ${n} over the view, being refined); the shares count these ${result.counted.toLocaleString("en")} starts`));
  const head = el("tr");
  head.append(el("th", "", "Optimizer"), ...FRACTION_COLUMNS.map(([, heading]) => el("th", "num", heading)));
  head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
  const body = el("tbody");
  for (const row of fractionRows(result.maps)) {
    const tr = el("tr");
    tr.dataset.key = row.key;
    const entry = byKey.get(row.key);
    const name = el("th");
    name.setAttribute("scope", "row");
    if (entry) name.append(cueSwatch(entry));
    name.append(entry?.label ?? row.key);
    tr.append(name);
    if (row.error) {
      const cell = el("td", "pg-basins-error", `Could not run: ${row.error}`);
      cell.colSpan = FRACTION_COLUMNS.length;
      tr.append(cell);
    } else {
      for (const {col, value} of row.cells) {
        const cell = el("td", "num", percent(value));
        cell.dataset.col = col;
        cell.dataset.value = String(value);
        tr.append(cell);
      }
    }
    body.append(tr);
  }
  const thead = el("thead");
  thead.append(head);
  table.append(thead, body);
  return table;
}
