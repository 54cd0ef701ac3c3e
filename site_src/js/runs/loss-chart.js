// The loss curves under the plot: f against step for every run (uPlot), on a linear or a
// log scale, with the playback's current step marked by a vertical line. Pressing or
// dragging on the chart proposes that step (onSeek); the scale is the state's lossScale (URL l=).
import uPlot from "../../vendor/uplot.mjs";
import {el} from "../controls/dom.js";
import {SCALES, decadeTicks, lossColumns, tickText} from "./loss-data.js";
import {cssColors} from "../plot/theme.js";
import {drawEpochMarks, epochSteps} from "./epoch-marks.js";

const HEIGHT = 190;
// Axis, grid and marker colours follow the light or dark theme (site.css), read when the chart is built.
const THEME_COLORS = {text: "--plot-text", grid: "--plot-grid", marker: "--plot-marker"};

// onSeek(step), onScale(scale): the visitor picked a scale (the state's lossScale field, URL
// l=). Returns {setRuns(paths, minimum, scale), setStep(step), setEpochs(n), restyle(), columns()} (restyle:
// the theme changed); `minimum` is the function's lowest known value, or null (then only the
// linear scale is offered and drawn, whatever the state's scale).
export function renderLossChart(box, {onSeek, onScale}) {
  box.replaceChildren();
  const head = el("div", "pg-loss-head");
  const title = el("span", "pg-loss-title", "Loss at each step");
  const scaleWrap = el("label", "pg-loss-scale");
  const scale = el("select");
  for (const [value, text] of Object.entries(SCALES)) {
    const option = el("option", "", text);
    option.value = value;
    scale.append(option);
  }
  scaleWrap.append(el("span", "", "Scale "), scale);
  head.append(title, scaleWrap);
  const target = el("div", "pg-loss-chart");
  target.setAttribute("role", "img");
  box.append(head, target);

  let chart = null;
  let paths = [];
  let minimum = null;
  let step = 0;
  let perEpoch = null;   // a minibatch run's updates per epoch (epoch-marks.js), or null
  let columns = {data: [[]], series: []};

  const width = () => Math.max(240, Math.floor(box.clientWidth || 600));

  const build = () => {
    chart?.destroy();
    chart = null;
    const log = scale.value === "log";
    columns = lossColumns(paths, {scale: scale.value, minimum});
    target.dataset.scale = scale.value;
    target.setAttribute("aria-label", `Loss curves of ${columns.series.length} runs, ${SCALES[scale.value]} against step`);
    if (!columns.series.length) return;
    const colors = cssColors(box, THEME_COLORS);
    const axis = {stroke: colors.text, grid: {stroke: colors.grid, width: 1}, ticks: {stroke: colors.grid, width: 1}};
    chart = new uPlot({
      width: width(),
      height: HEIGHT,
      legend: {show: false},
      cursor: {drag: {x: false, y: false}, points: {show: false}},
      select: {show: false},
      scales: {x: {time: false}, y: log ? {distr: 3, log: 10} : {}},
      axes: [{...axis, label: "step", size: 36, labelSize: 18},
             {...axis, label: SCALES[scale.value], size: 60, labelSize: 18, values: (u, splits) => splits.map(tickText),
              ...(log ? {splits: (u, axis, low, high) => decadeTicks(low, high), filter: (u, splits) => splits} : {})}],
      series: [{}, ...columns.series.map(({color}) => ({stroke: color, width: 1.6, points: {show: false}}))],
      hooks: {draw: [(u) => drawMarker(u, step, colors.marker),
                     (u) => drawEpochMarks(u, epochSteps(perEpoch, columns.data[0].length - 1), colors.text)]},
    }, columns.data, target);
    listen(chart);
  };

  const listen = (u) => {
    const seek = (event) => {
      const value = u.posToVal(event.offsetX, "x");
      if (Number.isFinite(value)) onSeek(Math.max(0, Math.round(value)));
    };
    u.over.addEventListener("pointerdown", (event) => {
      u.over.setPointerCapture?.(event.pointerId);
      seek(event);
    });
    u.over.addEventListener("pointermove", (event) => {
      if (event.buttons & 1) seek(event);
    });
  };

  scale.addEventListener("change", () => onScale(scale.value));
  new ResizeObserver(() => chart && chart.width !== width() && chart.setSize({width: width(), height: HEIGHT}))
    .observe(box);

  return {
    setRuns(nextPaths, nextMinimum, nextScale = "linear") {
      paths = nextPaths;
      minimum = nextMinimum;
      const logOption = scale.querySelector('option[value="log"]');
      logOption.disabled = minimum === null;
      scale.value = minimum === null ? "linear" : nextScale;
      build();
    },
    // Marks the epochs of minibatch runs (batchesPerEpoch updates each; null: none).
    setEpochs(batchesPerEpoch) {
      if (batchesPerEpoch === perEpoch) return;
      perEpoch = batchesPerEpoch;
      target.dataset.epoch = perEpoch === null ? "" : String(perEpoch);
      chart?.redraw(false, false);
    },
    epochSteps: () => epochSteps(perEpoch, columns.data[0].length - 1),
    setStep(next) {
      step = Math.floor(next);
      target.dataset.step = String(step);
      chart?.redraw(false, false);
    },
    restyle: () => build(),
    // What is drawn, for tests: {data, series} as lossColumns made them, and the marker's
    // x in CSS pixels within the plotting area.
    columns: () => columns,
    markerX: () => (chart ? chart.valToPos(step, "x") : null),
  };
}

function drawMarker(u, step, color) {
  const x = Math.round(u.valToPos(step, "x", true));
  const {ctx, bbox} = u;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(x, bbox.top);
  ctx.lineTo(x, bbox.top + bbox.height);
  ctx.stroke();
  ctx.restore();
}
