// The sweep panel: which optimizer entry, which of its settings (the learning rate first; any
// number setting the catalog's schema lists), the range (its scale is the schema's), how many
// values, what the chart shows and from which start; the button ("Learning-rate sweep", or
// "Sweep <setting>"); progress with Cancel while Python works; then the chart (sweep-chart.js,
// loaded with import() on first use, so uPlot's sweep chart is not in the first paint) and the
// table: one row per value, tr[data-sweep-value] with [data-col=final-loss][data-value],
// [data-col=distance][data-value] and [data-col=outcome]; each row's button (and a click on the
// chart) picks that run, whose path is then drawn on the plot.
import {el, cueSwatch} from "../controls/dom.js";
import {format} from "./number-format.js";
import {outcomeText} from "./outcomes.js";
import {readRange, settingAt, sweepableSettings, sweepButtonName} from "./sweep-settings.js";

// A labelled field; its accessible name is `name` (a select's label would also say its option).
function field(label, className, name, attributes = {}) {
  const wrap = el("label", className);
  const input = el(attributes.tag ?? "input");
  input.setAttribute("aria-label", name);
  if (!attributes.tag) Object.assign(input, {type: "text", inputMode: "decimal", autocomplete: "off"});
  wrap.append(el("span", "", label), input);
  return [wrap, input];
}

function options(node, items, value) {
  node.replaceChildren(...items.map(([v, text]) => {
    const option = el("option", "", text);
    option.value = String(v);
    return option;
  }));
  if (value !== undefined && items.some(([v]) => String(v) === String(value))) node.value = String(value);
}

// onStart({key, setting, low, high, count, measure, start}), onCancel(), onPick(index),
// onMeasure(measure). Returns {show(state), showJob(job)}.
export function renderSweepPanel(box, {catalog, onStart, onCancel, onPick, onMeasure}) {
  box.replaceChildren();
  box.classList.add("pg-sweep");
  const about = el("p", "pg-sweep-about", "A sweep runs one optimizer from one start at many values of one setting " +
    "(the learning rate, by default) and plots how each run ended against the value.");
  const form = el("div", "pg-sweep-form");
  const [entryWrap, entrySelect] = field("Optimizer ", "pg-sweep-entry", "Sweep optimizer", {tag: "select"});
  const [settingWrap, settingSelect] = field("Setting ", "pg-sweep-setting", "Swept setting", {tag: "select"});
  const [lowWrap, low] = field("From ", "pg-sweep-low", "Sweep from");
  const [highWrap, high] = field("To ", "pg-sweep-high", "Sweep to");
  const [countWrap, count] = field("Values ", "pg-sweep-count", "Sweep values");
  const [measureWrap, measure] = field("Show ", "pg-sweep-measure", "Sweep shows", {tag: "select"});
  const [startWrap, startSelect] = field("Start ", "pg-sweep-start", "Sweep start", {tag: "select"});
  const spacing = el("span", "pg-sweep-spacing");
  const button = el("button", "pg-button pg-sweep-run", "Learning-rate sweep");
  button.type = "button";
  form.append(entryWrap, settingWrap, lowWrap, highWrap, countWrap, spacing, measureWrap, startWrap, button);
  const alert = el("p", "pg-sweep-error");
  alert.setAttribute("role", "alert");
  const progressWrap = el("div", "pg-sweep-progress");
  const progress = el("progress");
  progress.max = 1;
  progress.setAttribute("aria-label", "Sweep runs computed");
  const progressText = el("span", "", "");
  const cancel = el("button", "pg-button pg-sweep-cancel", "Cancel");
  cancel.type = "button";
  progressWrap.append(progress, progressText, cancel);
  progressWrap.hidden = true;
  const status = el("p", "pg-sweep-status");
  status.setAttribute("role", "status");
  const chartBox = el("div", "pg-sweep-chart");
  const table = el("div", "pg-sweep-table");
  box.append(el("h2", "pg-sweep-title", "Sweep"), about, form, alert, progressWrap, status, chartBox, table);
  options(measure, (catalog.sweep?.measures ?? []).map((m) => [m.name, m.label]), catalog.sweep?.measures?.[0]?.name);
  count.value = String(catalog.sweep?.count ?? 25);

  let entries = [];
  let shownSweep;            // the state's sweep the form last showed (the form is not overwritten while typing)
  let chart = null;          // sweep-chart.js, once loaded
  let lastJob = null;

  const entry = () => entries.find((e) => e.key === entrySelect.value);
  const setting = () => settingAt(entry(), catalog, JSON.parse(settingSelect.value || "null"));
  const fillSettings = (path) => {
    const items = sweepableSettings(entry(), catalog);
    options(settingSelect, items.map((s) => [JSON.stringify(s.path), s.name]), JSON.stringify(path ?? items[0]?.path));
  };
  const fillRange = () => {
    const chosen = setting();
    if (chosen) [low.value, high.value] = chosen.range.map(String);
    labelButton();
  };
  const labelButton = () => {
    const chosen = setting();
    button.textContent = sweepButtonName(chosen);
    spacing.textContent = chosen ? (chosen.scale === "log" ? "log-spaced" : "evenly spaced") : "";
    button.disabled = !chosen;
  };
  entrySelect.addEventListener("change", () => { fillSettings(); fillRange(); });
  settingSelect.addEventListener("change", fillRange);
  measure.addEventListener("change", () => {
    onMeasure(measure.value);
    if (lastJob) draw(lastJob);
  });
  cancel.addEventListener("click", () => onCancel());
  button.addEventListener("click", () => {
    const chosen = setting();
    if (!chosen) return;
    const read = readRange({low: low.value, high: high.value, count: count.value}, chosen.scale, catalog.sweep?.max_count ?? 100);
    alert.textContent = read.error ? `${read.error}.` : "";
    if (read.error) return;
    onStart({key: entry().key, setting: chosen.path, ...read.value, measure: measure.value,
             start: Number(startSelect.value || 0)});
  });

  const draw = async (job) => {
    showTable(table, job, {settingName: settingAt(job.entry, catalog, job.result?.setting)?.name, onPick});
    if (!job.result) {
      chart?.clear();
      chartBox.hidden = true;
      return;
    }
    chartBox.hidden = false;
    chart ??= (await import("./sweep-chart.js")).renderSweepChart(chartBox, {onPick});
    chart.show(job, {measure: measure.value, label: catalog.sweep?.measures?.find((m) => m.name === measure.value)?.label,
                     settingName: settingAt(job.entry, catalog, job.result.setting)?.name ?? job.result.setting.join(" ")});
  };

  return {
    // the enabled entries to choose from and the starts; the state's sweep when it changed
    show(state) {
      entries = state.entries.filter((e) => e.enabled || e.key === state.sweep?.key);
      const wanted = state.sweep?.key ?? entrySelect.value;
      options(entrySelect, entries.map((e) => [e.key, e.label]), wanted);
      options(startSelect, state.starts.map((p, i) => [i, `${i + 1}: (${format(p[0])}, ${format(p[1])})`]),
              state.sweep?.start ?? startSelect.value ?? 0);
      startWrap.hidden = state.starts.length < 2;
      const changed = JSON.stringify(state.sweep) !== JSON.stringify(shownSweep);
      if (changed && state.sweep) {
        fillSettings(state.sweep.setting);
        low.value = String(state.sweep.low);
        high.value = String(state.sweep.high);
        count.value = String(state.sweep.count);
        measure.value = state.sweep.measure;
        labelButton();
      } else if (!settingSelect.value || !setting()) {
        fillSettings();
        fillRange();
      }
      shownSweep = state.sweep;
      box.hidden = entries.length === 0;
    },
    // job: the session's {status, fraction, result, message, entry, picked}
    showJob(job) {
      const running = job.status === "running";
      progressWrap.hidden = !running;
      progress.value = job.fraction;
      progressText.textContent = running ? `Sweeping: ${Math.round(100 * job.fraction)} %` : "";
      status.textContent = job.message;
      if (job.measure && job.measure !== measure.value) measure.value = job.measure;
      if (lastJob && lastJob.result === job.result && lastJob.picked === job.picked && lastJob.measure === job.measure) return;
      lastJob = job;
      draw(job);
    },
  };
}

// The table of a finished sweep: one row per value, its button picks that run.
function showTable(box, job, {settingName, onPick}) {
  const result = job.result;
  if (!result) {
    box.replaceChildren();
    return;
  }
  const tableNode = el("table", "pg-sweep-results");
  const caption = el("caption");
  caption.append(cueSwatch(job.entry), ` ${job.entry.label}: how the run ended at each ${settingName}`);
  const head = el("tr");
  for (const text of [settingName, "final loss", "distance to the nearest minimum", "how it ended"]) {
    const th = el("th", "", text);
    th.scope = "col";
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  result.values.forEach((value, i) => {
    const row = el("tr");
    row.dataset.sweepValue = String(value);
    if (job.picked === i) row.classList.add("pg-sweep-picked");
    const th = el("th");
    th.scope = "row";
    const pick = el("button", "pg-sweep-pick", format(value));
    pick.type = "button";
    pick.setAttribute("aria-pressed", String(job.picked === i));
    pick.setAttribute("aria-label", `Show the path at ${settingName} = ${value}`);
    pick.addEventListener("click", () => onPick(job.picked === i ? null : i));
    th.append(pick);
    row.append(th, cell("final-loss", result.final_loss[i]), cell("distance", result.distance[i]));
    const ended = result.outcomes[i];
    const outcome = el("td", "", outcomeText(ended));
    outcome.dataset.col = "outcome";
    outcome.dataset.value = ended.kind;
    // a run that stopped (diverged, or went so far out it was stopped) is marked by a sign, not colour alone
    if (result.status[i] !== "ok") outcome.prepend(el("span", "pg-sweep-stopped-mark", "× "));
    row.append(outcome);
    body.append(row);
  });
  tableNode.append(caption, thead, body);
  box.replaceChildren(tableNode);
}

function cell(column, value) {
  const td = el("td", "", Number.isFinite(value) ? format(value) : "–");
  td.dataset.col = column;
  td.dataset.value = String(value);
  return td;
}
