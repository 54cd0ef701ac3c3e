// The results table after a run: one row per optimizer entry and start point. Every
// numeric cell carries its exact value in data-value (JS's shortest round-trip
// string), so tests and readers can compare full precision.
import {colorDot} from "./dom.js";

const COLUMNS = [
  {id: "optimizer", label: "Optimizer"},
  {id: "start-x", label: "start x", numeric: true},
  {id: "start-y", label: "start y", numeric: true},
  {id: "end-x", label: "end x", numeric: true},
  {id: "end-y", label: "end y", numeric: true},
  {id: "f-end", label: "f at the end", numeric: true},
  {id: "steps", label: "steps", numeric: true},
  {id: "status", label: "status"},
];

export function format(value) {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return value.toExponential(3);
  return value.toPrecision(5).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

// The table's rows for the enabled entries that have a run (`runs`: key -> the worker's run
// value, {error}, or null while it is computed), one per entry and start point. A row ends
// at its start's last finite point (last_step). `complete`: no run is still awaited.
export function resultRows(entries, runs, starts) {
  const rows = [];
  let complete = true;
  for (const entry of entries) {
    if (!entry.enabled || !runs.has(entry.key)) continue;
    const run = runs.get(entry.key);
    if (!run) { complete = false; continue; }
    const {key, label, color} = entry;
    starts.forEach((start, row) => {
      if (run.error) {
        rows.push({key, label, color, start, error: run.error});
        return;
      }
      const last = run.last_step[row];
      const i = last * run.n + row;
      rows.push({
        key, label, color, start,
        end: [run.points[2 * i], run.points[2 * i + 1]], value: run.values[i],
        steps: last, status: run.status[row],
      });
    });
  }
  return {rows, complete};
}

// rows: [{key, label, color, start: [x, y], end: [x, y], value, steps, status, error?}]
export function renderResults(container, rows, {caption} = {}) {
  container.replaceChildren();
  if (!rows.length) return;
  const table = document.createElement("table");
  table.className = "pg-results-table";
  const cap = document.createElement("caption");
  cap.textContent = caption ?? "Where each optimizer ended";
  const head = table.createTHead().insertRow();
  for (const column of COLUMNS) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column.label;
    if (column.numeric) th.className = "num";
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.key = row.key;
    const name = document.createElement("th");
    name.scope = "row";
    name.dataset.col = "optimizer";
    name.append(colorDot(row.color), document.createTextNode(row.label));
    tr.append(name);
    if (row.error) {
      numberCell(tr, "start-x", row.start[0]);
      numberCell(tr, "start-y", row.start[1]);
      const td = tr.insertCell();
      td.colSpan = 4;
      td.dataset.col = "error";
      td.className = "pg-error-cell";
      td.textContent = row.error;
      textCell(tr, "status", "error");
      continue;
    }
    numberCell(tr, "start-x", row.start[0]);
    numberCell(tr, "start-y", row.start[1]);
    numberCell(tr, "end-x", row.end[0]);
    numberCell(tr, "end-y", row.end[1]);
    numberCell(tr, "f-end", row.value);
    numberCell(tr, "steps", row.steps);
    textCell(tr, "status", row.status);
  }
  table.append(cap);
  container.append(table);
  return table;
}

function numberCell(tr, col, value) {
  const td = tr.insertCell();
  td.className = "num";
  td.dataset.col = col;
  td.dataset.value = String(value);
  td.textContent = format(value);
  td.title = String(value);
}

function textCell(tr, col, text) {
  const td = tr.insertCell();
  td.dataset.col = col;
  td.textContent = text;
  if (text !== "ok") td.className = "pg-status-" + text;
}
