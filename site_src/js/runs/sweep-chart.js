// A sweep's chart (loaded with import() when the first sweep arrives): the final loss, or the
// distance to the nearest minimum (log scale), against the swept value (log x for a log-spaced
// setting), one point per run (uPlot). Runs that stopped (diverged, or went so far out that they
// were stopped) have no final value worth plotting: each is a × at the top edge, and the line
// under the chart says so in words. Clicking the chart picks the nearest value's run (onPick);
// the picked one is ringed.
import uPlot from "../../vendor/uplot.mjs";
import {el} from "../controls/dom.js";
import {cssColors} from "../plot/theme.js";
import {format} from "./number-format.js";
import {decadeTicks, tickText} from "./loss-data.js";

// Ticks at whole powers of ten on a log axis (as the loss curves' log scale has them).
const decades = {splits: (u, axis, low, high) => decadeTicks(low, high), filter: (u, splits) => splits};
const tickTexts = (u, splits) => splits.map((v) => (v === null || v === undefined ? "" : tickText(v)));

const HEIGHT = 200;
const THEME_COLORS = {text: "--plot-text", grid: "--plot-grid", marker: "--plot-marker"};

// -> {show(job, {measure, label, settingName}), clear(), columns()}
export function renderSweepChart(box, {onPick}) {
  const target = el("div", "pg-sweep-plot");
  target.setAttribute("role", "img");
  const legend = el("p", "pg-sweep-legend");
  box.replaceChildren(target, legend);
  let chart = null;
  let shown = {data: [[], []], stopped: [], picked: null};

  const width = () => Math.max(240, Math.floor(box.clientWidth || 400));

  const build = (job, {measure, label, settingName}) => {
    chart?.destroy();
    chart = null;
    const result = job.result;
    const values = Array.from(result.values);
    const measured = Array.from(measure === "distance" ? result.distance : result.final_loss);
    const stopped = result.status.map((s, i) => (s !== "ok" ? i : -1)).filter((i) => i >= 0);
    const logY = measure === "distance";
    const ys = measured.map((y, i) => (result.status[i] !== "ok" || !Number.isFinite(y) || (logY && !(y > 0)) ? null : y));
    shown = {data: [values, ys], stopped, picked: job.picked};
    const colors = cssColors(box, THEME_COLORS);
    const axis = {stroke: colors.text, grid: {stroke: colors.grid, width: 1}, ticks: {stroke: colors.grid, width: 1}};
    target.setAttribute("aria-label", `${label} against ${settingName} for ${values.length} runs of ${job.entry.label}` +
      (stopped.length ? `; ${stopped.length} stopped (diverged or left far behind)` : ""));
    chart = new uPlot({
      width: width(),
      height: HEIGHT,
      legend: {show: false},
      cursor: {drag: {x: false, y: false}, points: {show: false}},
      select: {show: false},
      scales: {x: {time: false, ...(result.scale === "log" ? {distr: 3, log: 10} : {})},
               y: logY ? {distr: 3, log: 10} : {}},
      axes: [{...axis, label: settingName, size: 36, labelSize: 18, values: tickTexts,
              ...(result.scale === "log" ? decades : {})},
             {...axis, label, size: 64, labelSize: 18, values: tickTexts, ...(logY ? decades : {})}],
      series: [{}, {stroke: job.entry.color, width: 1.5, spanGaps: false,
                    points: {show: true, size: 7, fill: job.entry.color, stroke: job.entry.color}}],
      hooks: {draw: [(u) => drawMarks(u, shown, colors.marker)]},
    }, shown.data, target);
    chart.over.addEventListener("click", () => {
      const index = chart.cursor.idx;
      if (index !== null && index !== undefined) onPick(index);
    });
    const words = stopped.map((i) => format(values[i]));
    legend.textContent = `● one run per ${settingName}; ` + (stopped.length
      ? `× at the top: ${stopped.length} ${stopped.length === 1 ? "run" : "runs"} stopped (diverged, or left far behind) at ${words.join(", ")}; `
      : "no run diverged; ") +
      (job.picked !== null ? `ringed: the run at ${format(values[job.picked])}, whose path is on the plot.` : "click a point to draw its path on the plot.");
  };

  new ResizeObserver(() => chart && chart.width !== width() && chart.setSize({width: width(), height: HEIGHT})).observe(box);

  return {
    show: (job, options) => build(job, options),
    clear() {
      chart?.destroy();
      chart = null;
      legend.textContent = "";
    },
    // What is drawn, for tests: the x and y columns, the stopped runs' indices and the picked one.
    columns: () => shown,
  };
}

// × at the top edge for each stopped run; a ring around the picked run's point.
function drawMarks(u, shown, color) {
  const {ctx, bbox} = u;
  const dpr = devicePixelRatio;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2 * dpr;
  const size = 5 * dpr;
  for (const i of shown.stopped) {
    const x = u.valToPos(shown.data[0][i], "x", true);
    const y = bbox.top + size + 2 * dpr;
    ctx.beginPath();
    ctx.moveTo(x - size, y - size);
    ctx.lineTo(x + size, y + size);
    ctx.moveTo(x - size, y + size);
    ctx.lineTo(x + size, y - size);
    ctx.stroke();
  }
  const picked = shown.picked;
  if (picked !== null && picked !== undefined) {
    const x = u.valToPos(shown.data[0][picked], "x", true);
    const value = shown.data[1][picked];
    const y = value === null ? bbox.top + size + 2 * dpr : u.valToPos(value, "y", true);
    ctx.beginPath();
    ctx.arc(x, y, 9 * dpr, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.restore();
}
