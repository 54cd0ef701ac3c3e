// The loss curves under the plot: f against step for every run (uPlot), on a linear or a log
// scale (the state's lossScale, URL l=), over all runs to the longest or each run to its own end
// (lossRange, URL x=), with the playback's current step marked. Each series is drawn in its
// optimizer's colour and dash over a casing that meets 3:1 against the chart's background
// (loss-data.js seriesStyle), and named in a legend. A readout gives the step and value of every
// series under the pointer, or, with the chart focused, where the arrow keys put it (said
// politely). Pressing or dragging on the chart proposes that step to the playback (onSeek).
import uPlot from "../../vendor/uplot.mjs";
import {el} from "../controls/dom.js";
import {RANGES, SCALES, X_LABELS, decadeTicks, lossColumns, readoutAt, seriesStyle, stepAt, tickText}
  from "./loss-data.js";
import {MINUS, format} from "./number-format.js";
import {dashArray} from "../plot/path-style.js";
import {cssColors} from "../plot/theme.js";
import {drawEpochMarks, epochSteps} from "./epoch-marks.js";
import {legendSwatch, readoutText} from "./loss-legend.js";

const HEIGHT = 190;
const LINE = 1.8;      // a series' width in CSS px
const CASING = 2.5;    // its casing is this much wider
// Axis, grid, marker and background colours follow the light or dark theme (site.css), read when built.
const THEME_COLORS = {text: "--plot-text", grid: "--plot-grid", marker: "--plot-marker", background: "--plot-background"};

function select(label, className, options) {
  const wrap = el("label", className);
  const input = el("select");
  for (const [value, text] of Object.entries(options)) {
    const option = el("option", "", text);
    option.value = value;
    input.append(option);
  }
  wrap.append(el("span", "", `${label} `), input);
  return [wrap, input];
}

// onSeek(step), onScale(scale), onRange(range): the visitor's choices (the state's fields).
// Returns {setRuns(paths, minimum, scale, range), setStep(step), setEpochs(n), restyle(), columns(), markerX(),
// readout(), styles()} (restyle: the theme changed); `minimum` is the function's lowest known
// value, or null (then only the linear scale is offered and drawn, whatever the state's scale).
export function renderLossChart(box, {onSeek, onScale, onRange = () => {}}) {
  box.replaceChildren();
  const head = el("div", "pg-loss-head");
  const title = el("span", "pg-loss-title", "Loss at each step");
  const [scaleWrap, scale] = select("Scale", "pg-loss-scale", SCALES);
  const [rangeWrap, range] = select("Steps shown", "pg-loss-range", RANGES);
  head.append(title, scaleWrap, rangeWrap);
  const target = el("div", "pg-loss-chart");
  target.tabIndex = 0;
  target.setAttribute("role", "application");
  target.setAttribute("aria-roledescription", "chart");
  const keys = el("p", "pg-loss-keys", "On the chart: the pointer, or the arrow keys (Shift: ten times further; Home, End), " +
    "read every curve's value at a step; a press moves the playback there.");
  keys.id = `pg-loss-keys-${++charts}`;
  target.setAttribute("aria-describedby", keys.id);
  const legend = el("ul", "pg-loss-legend");
  legend.setAttribute("aria-label", "Loss curves");
  const readoutLine = el("p", "pg-loss-readout");
  readoutLine.setAttribute("aria-live", "polite");
  box.append(head, target, legend, readoutLine, keys);

  let chart = null;
  let paths = [];
  let minimum = null;
  let step = 0;
  let perEpoch = null;   // a minibatch run's updates per epoch (epoch-marks.js), or null
  let readX = null;          // the readout's x (a step, or a share in % on the "own" range)
  let columns = {data: [[]], series: [], range: "all"};
  let styles = [];

  const width = () => Math.max(240, Math.floor(box.clientWidth || 600));
  const own = () => range.value === "own";

  const build = () => {
    chart?.destroy();
    chart = null;
    const log = scale.value === "log";
    columns = lossColumns(paths, {scale: scale.value, minimum, range: range.value});
    target.dataset.scale = scale.value;
    target.dataset.range = range.value;
    // (its name leaves out the word "scale": the Scale select is found by it)
    target.setAttribute("aria-label", `Loss curves of ${columns.series.length} runs, ${log ? "f − min f, logarithmic," : "f(x, y)"} ` +
                        `against ${X_LABELS[range.value]}`);
    const colors = cssColors(box, THEME_COLORS);
    styles = columns.series.map(({color}) => seriesStyle(color, colors.background, colors.marker));
    showLegend(colors);
    if (!columns.series.length) return showReadout();
    const axis = {stroke: colors.text, grid: {stroke: colors.grid, width: 1}, ticks: {stroke: colors.grid, width: 1}};
    const dpr = devicePixelRatio || 1;
    // each series twice: its casing (wider, under it), then its colour in its dash
    const series = columns.series.flatMap(({dash}, i) => [
      {stroke: styles[i].casing, width: LINE + CASING, cap: "round", points: {show: false}, spanGaps: own()},
      {stroke: styles[i].stroke, width: LINE, cap: "round", dash: dashArray(dash, LINE).map((d) => d * dpr),
       points: {show: false}, spanGaps: own()},
    ]);
    const data = [columns.data[0], ...columns.data.slice(1).flatMap((column) => [column, column])];
    chart = new uPlot({
      width: width(),
      height: HEIGHT,
      legend: {show: false},
      cursor: {x: false, y: false, drag: {x: false, y: false}, points: {show: false}},
      select: {show: false},
      scales: {x: {time: false}, y: log ? {distr: 3, log: 10} : {}},
      axes: [{...axis, label: X_LABELS[range.value], size: 36, labelSize: 18},
             {...axis, label: SCALES[scale.value], size: 60, labelSize: 18, values: (u, splits) => splits.map(tickText),
              ...(log ? {splits: (u, axis, low, high) => decadeTicks(low, high), filter: (u, splits) => splits} : {})}],
      series: [{}, ...series],
      hooks: {draw: [(u) => drawMarks(u, colors),
                     (u) => drawEpochMarks(u, range.value === "all" ? epochSteps(perEpoch, data[0].length - 1) : [], colors.text)]},
    }, data, target);
    listen(chart);
    showReadout();
  };

  // The playback's step (a dashed line; on the "own" range a dot on each curve at that step)
  // and the readout's x (a thin solid line).
  const drawMarks = (u, colors) => {
    const {ctx, bbox} = u;
    const line = (x, dash) => {
      ctx.save();
      ctx.strokeStyle = colors.marker;
      ctx.lineWidth = (dash ? 1.5 : 1) * devicePixelRatio;
      ctx.setLineDash(dash ? [4 * devicePixelRatio, 3 * devicePixelRatio] : []);
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      ctx.restore();
    };
    if (!own()) line(Math.round(u.valToPos(step, "x", true)), true);
    else {
      columns.series.forEach(({last}, i) => {
        const t = Math.min(step, last);
        const y = columns.data[i + 1][columns.data[0].indexOf(last > 0 ? (100 * t) / last : 0)];
        if (y === null || y === undefined) return;
        ctx.save();
        ctx.fillStyle = styles[i].stroke;
        ctx.strokeStyle = styles[i].casing === colors.background ? colors.marker : styles[i].casing;
        ctx.lineWidth = devicePixelRatio;
        ctx.beginPath();
        ctx.arc(u.valToPos(last > 0 ? (100 * t) / last : 0, "x", true), u.valToPos(y, "y", true), 3.5 * devicePixelRatio, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
        ctx.restore();
      });
    }
    if (readX !== null) line(Math.round(u.valToPos(readX, "x", true)), false);
  };

  const showLegend = (colors) => {
    const byKey = new Map();
    columns.series.forEach((s, i) => {
      if (!byKey.has(s.key)) byKey.set(s.key, {...s, style: styles[i], starts: 0});
      byKey.get(s.key).starts++;
    });
    legend.replaceChildren(...[...byKey.values()].map((item) => {
      const li = el("li", "pg-loss-legend-item");
      li.dataset.key = item.key;
      li.append(legendSwatch(item.style, item.dash, LINE, CASING, colors.background),
                item.starts > 1 ? `${item.label} (${item.starts} starts, a line each)` : item.label);
      return li;
    }));
    legend.hidden = byKey.size === 0;
  };

  const xEnd = () => (own() ? 100 : columns.data[0][columns.data[0].length - 1] ?? 0);

  const showReadout = () => {
    if (readX === null || !columns.series.length) {
      readoutLine.textContent = columns.series.length ? "Point at the chart, or focus it and use the arrow keys, to read its values." : "";
      delete target.dataset.readX;
      return;
    }
    readoutLine.textContent = readoutText(readoutAt(paths, readX, range.value), readX, range.value,
                                          (value) => format(value).replaceAll("-", MINUS));
    target.dataset.readX = String(readX);
  };

  const readAt = (x) => {
    readX = Math.max(0, Math.min(xEnd(), Math.round(x)));
    showReadout();
    chart?.redraw(false, false);
  };

  const listen = (u) => {
    const seek = (event) => {
      const value = u.posToVal(event.offsetX, "x");
      if (!Number.isFinite(value)) return;
      const longest = Math.max(0, ...columns.series.map((s) => s.last));
      onSeek(own() ? stepAt(value, longest, "own") : Math.max(0, Math.round(value)));
    };
    u.over.addEventListener("pointerdown", (event) => {
      u.over.setPointerCapture?.(event.pointerId);
      seek(event);
    });
    u.over.addEventListener("pointermove", (event) => {
      if (event.buttons & 1) seek(event);
      const value = u.posToVal(event.offsetX, "x");
      if (Number.isFinite(value)) readAt(value);
    });
  };

  target.addEventListener("keydown", (event) => {
    if (!columns.series.length) return;
    const by = event.shiftKey ? 10 : 1;
    const from = readX ?? (own() ? 0 : step);
    const moves = {ArrowRight: from + by, ArrowUp: from + by, ArrowLeft: from - by, ArrowDown: from - by,
                   Home: 0, End: xEnd()};
    if (!(event.key in moves)) return;
    event.preventDefault();
    event.stopPropagation();   // not the playground's own keys
    readAt(moves[event.key]);
  });
  target.addEventListener("focus", () => {
    if (readX === null && columns.series.length) readAt(own() ? 0 : step);
  });

  scale.addEventListener("change", () => onScale(scale.value));
  range.addEventListener("change", () => onRange(range.value));
  new ResizeObserver(() => chart && chart.width !== width() && chart.setSize({width: width(), height: HEIGHT}))
    .observe(box);

  return {
    setRuns(nextPaths, nextMinimum, nextScale = "linear", nextRange = "all") {
      if (nextRange !== range.value || nextPaths !== paths) readX = null;
      paths = nextPaths;
      minimum = nextMinimum;
      const logOption = scale.querySelector('option[value="log"]');
      logOption.disabled = minimum === null;
      scale.value = minimum === null ? "linear" : nextScale;
      range.value = nextRange in RANGES ? nextRange : "all";
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
    // What is drawn, for tests: {data, series, range} as lossColumns made them, the marker's x
    // in CSS pixels within the plotting area ("all" range), the readout's rows ({key, row, label,
    // step, value}: the runs' own f) and each series' {stroke, casing, contrast}.
    columns: () => columns,
    markerX: () => (chart && !own() ? chart.valToPos(step, "x") : null),
    readout: () => (readX === null ? [] : readoutAt(paths, readX, range.value)),
    styles: () => styles,
    // How a curve of `color` is drawn in the current theme: loss-data.js seriesStyle against the
    // chart's background, with that background and ink ({stroke, casing, contrast, cased, background, ink}).
    styleOf: (color) => {
      const colors = cssColors(box, THEME_COLORS);
      return {...seriesStyle(color, colors.background, colors.marker), background: colors.background, ink: colors.marker};
    },
    xScale: () => (chart ? {min: chart.scales.x.min, max: chart.scales.x.max} : null),
  };
}

let charts = 0;
