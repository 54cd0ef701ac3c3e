// The playground's controls, declared: each names the layout slot it mounts in (layout.js's
// ui), the state fields it shows (state/fields.js: their URL keys, codecs, defaults and what a
// change invalidates), and how to mount it. mount(box, page) returns {show(state), ...} and
// proposes changes only through page.update; the page shows a control again whenever one of
// its fields changed. A new URL-backed control is its module, one FIELDS entry and one entry
// here. A control the first paint and a click do not need has `load(page)`: its modules by import()
// (a chunk of its own), handed to mount as its third argument; until then the page holds a
// stand-in (pages/lazy-parts.js) that keeps the latest calls and loads on first use.
import {renderFunctionPicker} from "./function-picker.js";
import {renderParamControls} from "./param-controls.js";
import {renderNoiseControls} from "./noise-controls.js";
import {renderMinibatchControls} from "./minibatch-controls.js";
import {renderModelInfo} from "./model-info.js";
import {renderPlaneButton} from "./plane-button.js";
import {switchedView} from "../state/model-views.js";
import {renderVectorControls} from "./vector-controls.js";
import {renderStartControls} from "./start-controls.js";
import {renderViewControls} from "./view-controls.js";
import {renderToggles} from "./toggles.js";
import {mountPlotKind} from "./plot-kind.js";
import {addCopy, copyOf, labelledPatch, removeCopy} from "../state/entries.js";
import {zoomedView} from "../plot/plot-input.js";
import {presetSettings, toHash} from "../state/state.js";
import {loadPart} from "../pages/lazy-parts.js";

const PLAYGROUND_PAGE = new URL("../../", import.meta.url);   // the site's root page (assets/app/ is two down)

export const CONTROLS = [
  {name: "picker", slot: "picker", fields: ["fn", "expression"], mount: (box, page) => {
    const control = renderFunctionPicker(box, page.catalog.functions, {
      custom: page.catalog.custom_function ?? null,
      groups: page.catalog.function_groups ?? [],
      selected: page.state.fn,
      onChange: (fn) => page.update({fn}),
      onExpression: (expression) => page.scene.proposeExpression(expression),
    });
    return {...control, show: (state) => control.set(state.fn, state.expression)};
  }},
  {name: "params", slot: "params", fields: ["fn", "params"], mount: (box, page) => {
    const control = renderParamControls(box, {
      onPreview: (params) => page.scene.preview(params),   // the documented preview: a slider's drag
      onChange: (params) => page.update({params, ...switchedView(page.state, params, page.catalog)}),
    });
    return {show: (state) => control.update(page.catalog.functionsById.get(state.fn), state.params)};
  }},
  {name: "noise", slot: "noise", fields: ["noise"], mount: (box, page) => {
    const control = renderNoiseControls(box, {onChange: (noise) => page.update({noise})});
    return {show: (state) => control.update(state.noise)};
  }},
  {name: "minibatch", slot: "minibatch", fields: ["fn", "minibatch"], mount: (box, page) => {
    const control = renderMinibatchControls(box, {onChange: (minibatch) => page.update({minibatch})});
    return {show: (state) => control.update(state, page.catalog)};
  }},
  {name: "modelInfo", slot: "modelInfo", fields: ["fn"], mount: (box, page) => {
    const control = renderModelInfo(box);
    return {show: (state) => control.update(page.catalog.functionsById.get(state.fn))};
  }},
  {name: "plane", slot: "plane", fields: ["fn"], mount: (box, page) => {
    const control = renderPlaneButton(box, page);
    return {...control, show: (state) => control.update(page.catalog.functionsById.get(state.fn))};
  }},
  {name: "vectors", slot: "vectors", fields: ["vectors", "entries"], mount: (box, page) => {
    const control = renderVectorControls(box, {kinds: page.catalog.recordable ?? [], onChange: (vectors) => page.update({vectors})});
    return {show: (state) => control.update(state.vectors, state.entries)};
  }},
  {name: "startControls", slot: "startControls", fields: ["starts", "startMode"], mount: (box, page) => {
    const control = renderStartControls(box, {
      onAddMode: (on) => page.update({startMode: on ? "add" : "replace"}),
      onClear: () => page.update({starts: []}),
    });
    return {show: (state) => control.update({count: state.starts.length, adding: state.startMode === "add"})};
  }},
  {name: "viewControls", slot: "viewControls", fields: ["view"], mount: (box, page) => {
    const control = renderViewControls(box, {
      onZoom: (direction) => page.update({view: zoomedView(page.scene.currentView(), direction)}),
      onReset: () => page.update({view: null}),
    });
    return {show: (state) => control.update({zoomed: state.view !== null})};
  }},
  {name: "plotKind", slot: "plotKind", fields: ["plotKind"], mount: (box, page) => mountPlotKind(box, page)},
  {name: "toggles", slot: "toggles", fields: ["entries"], mount: (box, page) => {
    const control = renderToggles(box, {
      defaultKeys: page.catalog.default_presets ?? [],
      groups: page.catalog.preset_groups ?? [],
      groupOf: (key) => page.catalog.presetsById.get(key)?.group,
      onToggle: (key, enabled) => page.update({entry: {key, enabled}}),
    });
    return {show: (state) => control.update(state.entries)};
  }},
  {name: "settingsPanel", slot: "settings", fields: ["entries"], load: () => import("./settings-panel.js"),
   mount: (box, page, {renderSettingsPanel}) => {
    const control = renderSettingsPanel(box, {
      catalog: page.catalog,
      onChange: (key, patch) => page.update({entry: labelledPatch(page.state.entries, key, patch, page.catalog, page.state.fn)}),
      rates: (lr, steps) => page.client.call("rates", {lr, steps}, {tag: "rates"}).then((reply) => reply.rates),
      onReset: (key) => {
        const preset = presetSettings(page.catalog, copyOf(key)?.original ?? key, page.state.fn);
        const patch = {hyperparams: preset?.hyperparams, steps: preset?.steps};
        if (preset) page.update({entry: labelledPatch(page.state.entries, key, patch, page.catalog, page.state.fn)});
      },
      onCopy: (key) => page.update({entries: addCopy(page.state.entries, key, page.catalog, page.state.fn)}),
      onRemove: (key) => page.update({entries: removeCopy(page.state.entries, key)}),
    });
    // the run errors (Python's messages) beside each entry's fields are the run view's to give
    return {...control, show: (state) => control.update(state.entries, page.runView?.errors() ?? new Map())};
  }},
  {name: "lossChart", slot: "loss", fields: ["lossScale", "lossRange"], load: () => import("../runs/loss-chart.js"),
   mount: (box, page, {renderLossChart}) => {
    const chart = renderLossChart(box, {
      onSeek: (step) => page.playback.seek(step),
      onScale: (lossScale) => page.update({lossScale}),
      onRange: (lossRange) => page.update({lossRange}),
    });
    return {...chart, show: () => page.runView?.showLoss()};
  }},
  {name: "basinPanel", slot: "basins", fields: ["basinResolution", "basinShown"],
   // the panel and the session behind it (page.basins, a part of its own) load together
   load: (page) => Promise.all([import("./basin-controls.js"), loadPart(page.basins)]).then(([panel]) => panel),
   mount: (box, page, {renderBasinControls}) => {
    const panel = renderBasinControls(box, {
      onStart: () => page.basins.start(),
      onCancel: () => page.basins.cancel("Cancelled; press Basin map to start again."),
      onShow: (basinShown) => page.update({basinShown}),
      onResolution: (basinResolution) => page.update({basinResolution}),
    });
    return {...panel, show: () => page.basins?.show()};
  }},
  {name: "sweepPanel", slot: "sweep", fields: ["sweep", "entries", "starts"], load: () => import("../runs/sweep-panel.js"),
   mount: (box, page, {renderSweepPanel}) => {
    page.element.querySelector(".pg-tools")?.append(box);   // a figure's: folded under "More tools"
    const panel = renderSweepPanel(box, {
      catalog: page.catalog,
      onStart: (sweep) => (JSON.stringify(sweep) === JSON.stringify(page.state.sweep)
        ? page.sweeps.sync({force: true}) : page.update({sweep})),
      onCancel: () => page.sweeps.cancel(),
      onPick: (index) => page.sweeps.pick(index),
      onMeasure: (measure) => page.state.sweep && page.update({sweep: {...page.state.sweep, measure}}),
    });
    return {...panel, show: (state) => panel.show(state)};
  }},
  {name: "shareControls", slot: "share", fields: [],
   // the PNG and presentation mode are loaded with import() on first use
   load: () => Promise.all([import("./share-controls.js"), import("../runs/export.js")]).then(([a, b]) => ({...a, ...b})),
   mount: (box, page, {renderShareControls, isPresentKey, fileName, figureText, runsCsv, runsJson}) => {
    const present = () => import("../pages/presentation.js").then(({togglePresentation}) => togglePresentation(page));
    const control = renderShareControls(box, {
      link: () => shareLink(page),
      // the plot as shown: the contour (png-figure.js, loaded on first use), or the 3-D view while it
      // is open (plot3d/figure.js), with the same title and legend
      figure: async ({width}) => {
        const text = figureText(page.state, page.runs, page.catalog);
        if (page.plot3d?.active) return page.plot3d.figure({title: text.title, legend: text.legend});
        return (await import("../plot/png-figure.js")).plotFigure(page.renderer, text, {width});
      },
      csv: () => runsCsv(page.state, page.runs, page.catalog),
      json: () => runsJson(page.state, page.runs, page.catalog),
      name: (extension) => fileName(page.state, extension),
      present,
    });
    page.element.addEventListener("keydown", (event) => {
      if (!isPresentKey(event)) return;
      event.preventDefault();
      present();
    });
    return {...control, show: () => {}};
  }},
];

// This state as a link: this page's own URL when its hash holds the state, else the
// playground page's (whose function is the catalog's first) with the state's hash.
function shareLink(page) {
  if (page.urlState) return location.href;
  return new URL(toHash(page.state, page.catalog, page.catalog.functions[0].id), PLAYGROUND_PAGE).href;
}
