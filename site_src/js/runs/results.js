// The results table after a run: one row per optimizer entry and start point, grouped by
// start (a heading row per start, with a Remove button, when there are several). Every
// numeric cell carries its exact value in data-value (JS's shortest round-trip string), so
// tests and readers can compare full precision; its text is at the precision the view
// resolves (number-format.js). The last column says how the run ended.
//
// The table keeps the suspense: a row is in the table (holding its space, with its data) from
// the moment its run is asked for, but shown only once the playback has played its path to
// its last step (revealRows). A run still being computed holds a blank row of the same height.
import {cueSwatch, el} from "../controls/dom.js";
import {OUTCOMES, outcomeMeanings, outcomeText} from "./outcomes.js";
import {formatTo, pointText} from "./number-format.js";

export {format} from "./number-format.js";

const COLUMNS = [
  {id: "optimizer", label: "Optimizer"},
  {id: "status", label: "how it ended"},   // first after the name: the page's question, answered
  {id: "start-x", label: "start x", numeric: true},
  {id: "start-y", label: "start y", numeric: true},
  {id: "end-x", label: "end x", numeric: true},
  {id: "end-y", label: "end y", numeric: true},
  {id: "f-end", label: "f at the end", numeric: true},
  {id: "steps", label: "steps", numeric: true},
];


// The table's rows for the enabled entries that have a run (`runs`: key -> the worker's run
// value, {error}, or null while it is computed), one per start point and entry, grouped by
// start. A row ends at its start's last finite point (last_step); `outcome` is Python's (the
// run's outcomes[row]: how it ended in the state's view). `complete`: no run is still awaited.
// A run still awaited gives rows {key, label, ..., start, startIndex, pending: true}.
export function resultRows(entries, runs, starts) {
  const rows = [];
  let complete = true;
  const asked = [];
  for (const entry of entries) {
    if (!entry.enabled || !runs.has(entry.key)) continue;
    const run = runs.get(entry.key);
    asked.push([entry, run]);
    if (!run) complete = false;
  }
  starts.forEach((start, row) => {
    for (const [{key, label, color, dash, marker}, run] of asked) {
      if (!run) {
        rows.push({key, label, color, dash, marker, start, startIndex: row, pending: true});
        continue;
      }
      if (run.error) {
        rows.push({key, label, color, dash, marker, start, startIndex: row, error: run.error});
        continue;
      }
      const last = run.last_step[row];
      const i = last * run.n + row;
      const end = [run.points[2 * i], run.points[2 * i + 1]];
      const status = run.status[row];
      rows.push({
        key, label, color, dash, marker, start, startIndex: row, end, value: run.values[i], steps: last, status,
        outcome: run.outcomes?.[row] ?? null,
      });
    }
  });
  return {rows, complete};
}

// rows: [{key, label, color, dash, marker, start: [x, y], startIndex, end: [x, y], value, steps,
// status, outcome, error?, pending?}]. onRemoveStart(index): a start's Remove button (shown with
// several starts). coinciding: Map "<key> <start index>" -> {others: [keys]} (renderer.coinciding()):
// runs drawn on the same route as others, which the optimizer cell says.
// tolerance: the catalog's end_point_tolerance (the note under the table words the rule).
// precision: {x, y, f} decimals the view resolves (number-format.js precisionOf).
// reached: the furthest step the playback has shown (rows up to it are shown at once).
export function renderResults(container, rows, {caption, starts = 1, onRemoveStart, coinciding = new Map(), tolerance,
                                                precision = {x: 3, y: 3, f: 3}, reached = Infinity} = {}) {
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
    th.dataset.col = column.id;
    th.textContent = column.label;
    if (column.numeric) th.className = "num";
    head.append(th);
  }
  let body = null;
  let group = -1;
  for (const row of rows) {
    if (row.startIndex !== group) {
      group = row.startIndex;
      body = table.createTBody();
      body.dataset.start = String(group);
      if (starts > 1) startHeading(body, row, onRemoveStart, precision);
    }
    const tr = body.insertRow();
    if (row.pending) {
      // its run is being computed: a blank row of a row's height, shown as nothing
      tr.className = "pg-row-pending";
      tr.dataset.pending = row.key;
      tr.dataset.shown = "false";
      for (const column of COLUMNS) {
        const td = tr.insertCell();
        td.dataset.blank = column.id;   // (the column, for the layout: a hidden column's blank is hidden too)
        td.textContent = "\u00a0";
      }
      continue;
    }
    tr.dataset.key = row.key;
    tr.dataset.start = String(row.startIndex);
    tr.dataset.lastStep = String(row.error ? 0 : row.steps);
    tr.dataset.shown = String(!row.error && row.steps > reached ? false : true);
    const name = document.createElement("th");
    name.scope = "row";
    name.dataset.col = "optimizer";
    name.append(cueSwatch(row), document.createTextNode(row.label));
    const same = coinciding.get(`${row.key} ${row.startIndex}`);
    if (same) {
      const labels = same.others.map((key) => rows.find((r) => r.key === key)?.label ?? key);
      const note = el("span", "pg-same-path", `same path as ${listText(labels)}`);
      note.dataset.sameAs = same.others.join(" ");
      name.append(note);
    }
    tr.append(name);
    const {x, y, f} = precision;
    if (row.error) {
      textCell(tr, "status", "error");
      numberCell(tr, "start-x", row.start[0], x);
      numberCell(tr, "start-y", row.start[1], y);
      const td = tr.insertCell();
      td.colSpan = 4;
      td.dataset.col = "error";
      td.className = "pg-error-cell";
      td.textContent = row.error;
      continue;
    }
    const td = tr.insertCell();
    td.dataset.col = "status";
    td.dataset.value = row.status;           // Python's status: ok, diverged or escaped
    const kind = row.outcome?.kind ?? "pending";
    td.dataset.outcome = kind;                // Python's outcome
    if (row.outcome?.minimum !== null && row.outcome?.minimum !== undefined) td.dataset.minimum = String(row.outcome.minimum);
    td.className = `pg-outcome pg-outcome-${kind}`;
    td.textContent = outcomeText(row.outcome, precision);
    numberCell(tr, "start-x", row.start[0], x);
    numberCell(tr, "start-y", row.start[1], y);
    numberCell(tr, "end-x", row.end[0], x);
    numberCell(tr, "end-y", row.end[1], y);
    numberCell(tr, "f-end", row.value, f);
    numberCell(tr, "steps", row.steps, 0);
  }
  table.append(cap);
  container.append(table, endingsNote(tolerance));
  return table;
}

// Shows the rows whose path the playback has played to its end (`reached`: the furthest step
// shown); the others keep their space, unseen (and unread). Returns how many rows are shown
// and how many there are ({shown, total}; blank rows of runs still computed count as unshown).
export function revealRows(table, reached) {
  let shown = 0, total = 0;
  for (const tr of table?.querySelectorAll("tr[data-key], tr[data-pending]") ?? []) {
    total++;
    const show = tr.dataset.key !== undefined && Number(tr.dataset.lastStep) <= reached;
    if (show) shown++;
    if (tr.dataset.shown !== String(show)) tr.dataset.shown = String(show);
  }
  return {shown, total};
}

// "How it ended": what each ending means, one sentence for each (all four always, so the
// note neither gives an ending away before its row is shown nor changes height).
// (Folded under "What the endings mean", so the page stays short on a phone.)
function endingsNote(tolerance) {
  const note = el("details", "pg-endings-note");
  const meanings = tolerance ? outcomeMeanings(tolerance) : {};
  note.append(el("summary", "", "What the endings mean"),
              el("p", "", `How it ended: ${Object.keys(OUTCOMES).map((key) => `${OUTCOMES[key]}: ${meanings[key] ?? ""}`).join("; ")}.`));
  note.hidden = !tolerance;
  return note;
}

// "A", "A and B", "A, B and C"
export function listText(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// A number at `decimals` (its exact value in data-value and in the title).
function numberCell(tr, col, value, decimals) {
  const td = tr.insertCell();
  td.className = "num";
  td.dataset.col = col;
  td.dataset.value = String(value);
  td.textContent = formatTo(value, decimals);
  td.title = String(value);
}

// The heading row of one start's group: "Start 2 at (x, y)" and its Remove button.
function startHeading(body, row, onRemoveStart, precision) {
  const tr = body.insertRow();
  tr.className = "pg-start-row";
  const th = el("th", "", `Start ${row.startIndex + 1} at ${pointText(row.start, precision)}`);
  th.scope = "rowgroup";
  th.colSpan = COLUMNS.length;
  if (onRemoveStart) {
    const remove = el("button", "pg-button pg-remove-start", "Remove");
    remove.type = "button";
    remove.setAttribute("aria-label", `Remove start ${row.startIndex + 1}`);
    remove.addEventListener("click", () => onRemoveStart(row.startIndex));
    th.append(" ", remove);
  }
  tr.append(th);
}

function textCell(tr, col, text) {
  const td = tr.insertCell();
  td.dataset.col = col;
  td.textContent = text;
  if (text !== "ok") td.className = "pg-status-" + text;
}
