// The scene under the paths: the function's contour (the build's precomputed grid at once,
// Python's for other parameters, another view or a formula), its minima, and the view. It
// reads the page's state and draws through the renderer; the one thing it shows that is not
// in the state is a preview (a parameter slider or a gesture still moving), committed through
// the page's update on release.
import {loadGrid} from "../state/catalog.js";
import {computeContours, computeContoursInSlices} from "../plot/contours.js";
import {afterNextFrame, yieldToMain} from "./yield.js";
import {allowedView} from "../state/view-math.js";
import {isFormula} from "../state/state.js";
import {knownMinimum} from "../runs/loss-data.js";

export class Scene {
  // page: the playground (state, catalog, client, renderer, ui, element, pickerControl, notices)
  constructor(page) {
    this.page = page;
    this.drawToken = 0;          // bumps whenever another contour is asked for
    this.pythonGrid = null;      // {params, grid}: Python's grid for parameters not the catalog's
    this.lastExpressionGrid = null;
    this.previewing = null;      // a slider's params while they are previewed (paths hidden)
  }

  get state() {
    return this.page.state;
  }

  functionOf(state = this.state) {
    return this.page.catalog.functionsById.get(state.fn);
  }

  // The rectangle shown: a gesture's preview, else the state's view, else the function's own.
  currentView() {
    return this.page.renderer.scene?.view ?? this.committedView();
  }

  committedView(state = this.state) {
    return state.view ?? this.functionOf(state).domain;
  }

  functionName(state = this.state) {
    return isFormula(state, this.page.catalog) ? `f(x, y) = ${state.expression}` : this.functionOf(state).name;
  }

  // A gesture in progress (the one preview besides a slider's): drawn with the contours there are.
  previewView(view) {
    if (allowedView(view, this.functionOf().domain)) this.page.renderer.setView(view);
  }

  // params: the state's, or a slider's while it moves (a preview: nothing else changes).
  async draw(params = this.state.params) {
    if (isFormula(this.state, this.page.catalog)) return this.drawExpression();
    this.page.pickerControl.showError("");
    const fn = this.functionOf();
    const token = ++this.drawToken;
    const ownView = this.state.view;
    this.page.element.dataset.function = fn.id;
    const grid = await loadGrid(fn);
    const customParams = Object.entries(params).some(([k, v]) => fn.params[k] !== v);
    if (token !== this.drawToken) return;
    const view = ownView ?? fn.domain;
    const minimaFrom = customParams ? null : fn;
    // (the build's grid: its contours a level per task, so the page answers input meanwhile)
    const contours = await computeContoursInSlices(grid, contourOptions(fn, minimaFrom), yieldToMain);
    // (the first time, the page's new boxes are styled and laid out in a frame first: drawing reads the
    // theme's colours, which would otherwise style them all inside the drawing's task)
    if (!this.drawnOnce) await afterNextFrame();
    this.drawnOnce = true;
    if (token !== this.drawToken) return;
    this.setScene(fn, grid, view, minimaFrom, contours);
    markOnce("op:contour-drawn");
    if (customParams || ownView) {
      // Other parameters or another view need a grid from Python; the precomputed one
      // stands in until it arrives, without minima (they may have moved). Python's reply
      // has the minima for these parameters.
      const value = await this.page.client.call("grid", {
        function: {id: fn.id, params}, nx: this.page.catalog.grid.nx, ny: this.page.catalog.grid.ny, domain: view,
      }, {tag: "grid"}).catch((error) => {
        this.page.notices.message(`Could not compute the contour for these parameters: ${error.message}`, true);
        return null;
      });
      if (!value || token !== this.drawToken) return;
      this.setScene(fn, value, view, value);
      this.pythonGrid = {params, grid: value};
    }
  }

  // A parameter slider moving: the contour follows, one grid request at a time (the latest
  // position wins); the paths are hidden, and the runs and the URL wait for the release.
  async preview(params) {
    const first = this.previewing === null;
    this.previewing = params;
    this.page.runView.hidePaths(true);
    if (!first) return;
    let drawn = null;
    while (this.previewing !== null && this.previewing !== drawn) {
      drawn = this.previewing;
      await this.draw(drawn);
    }
  }

  // The slider let go: the preview ends (the update that follows draws the committed state).
  endPreview() {
    if (this.previewing === null) return false;
    this.previewing = null;
    this.page.runView.hidePaths(false);
    return true;
  }

  // The visitor's formula: its grid, minima and any error come from Python (the formula is
  // parsed and checked there, never run as code).
  async drawExpression() {
    const fn = this.functionOf();
    const token = ++this.drawToken;
    const view = this.committedView();
    this.page.element.dataset.function = fn.id;
    if (!this.state.expression.trim()) {
      this.page.pickerControl.showError("Type a formula for f(x, y) and press Enter.");
      this.setEmptyScene(view);
      return;
    }
    const grid = await this.expressionGrid(this.state.expression, view);
    if (token !== this.drawToken) return;
    if (grid.error) {
      this.page.pickerControl.showError(grid.error);
      this.setEmptyScene(view);
      return;
    }
    this.page.pickerControl.showError("");
    this.setScene(fn, grid, view, grid);
    markOnce("op:contour-drawn");
  }

  // A formula typed in the field: Python checks it (drawing its contour); only a formula it
  // accepts becomes the state's, so a typo loses nothing.
  async proposeExpression(expression) {
    const custom = this.page.catalog.custom_function;
    const view = isFormula(this.state, this.page.catalog) ? this.committedView() : custom.domain;
    const grid = await this.expressionGrid(expression, view);
    if (grid.error) {
      this.page.pickerControl.showError(grid.error);
      return;
    }
    this.page.pickerControl.showError("");
    this.page.update({fn: custom.id, expression});
  }

  // Python's grid of a formula over `view` (the last one asked for is kept), or {error}.
  async expressionGrid(expression, view) {
    const key = JSON.stringify([expression, view]);
    if (this.lastExpressionGrid?.key === key) return this.lastExpressionGrid.grid;
    // the function's domain is the view here, so its minima are found over what is shown
    const {nx, ny} = this.page.catalog.grid;       // as fine as the build's own grids
    const value = await this.page.client.call("grid", {function: {expression, domain: view}, nx, ny, domain: view},
                                              {tag: "grid"})
      .catch((error) => ({error: error.kind === "ValueError" ? `${error.message}.` : `Python could not draw it: ${error.message}`}));
    if (value === null) return {error: "The request was dropped; press Draw again."};
    const grid = value.error ? value : {nx: value.nx, ny: value.ny, domain: value.domain, values: value.values,
                                        min: value.min, max: value.max, minima: value.minima ?? [],
                                        global_minima: value.global_minima ?? [], minima_values: value.minima_values ?? [],
                                        non_finite: value.non_finite ?? null};
    if (!grid.error) this.lastExpressionGrid = {key, grid};
    return grid;
  }

  setEmptyScene(view) {
    this.page.renderer.setScene({view, contours: {bands: [], levels: [], min: 0, max: 0}, minima: [], globalMinima: [],
                                 nonFinite: false});
    this.page.notices.nonFinite(null);
  }

  // minimaFrom: the function whose known minima to mark, or null for none; contours: the grid's,
  // when already computed.
  setScene(fn, grid, view, minimaFrom, contours = computeContours(grid, contourOptions(fn, minimaFrom))) {
    this.page.renderer.setScene({
      view, contours, grid, scale: fn.contour_scale,
      minima: minimaFrom ? minimaFrom.minima : [],
      minimaValues: minimaFrom ? minimaFrom.minima_values ?? [] : [],
      globalMinima: minimaFrom ? minimaFrom.global_minima : [],
      nonFinite: Boolean(grid.non_finite) || grid.min === null,   // some of the plot has no finite f
    });
    // Python's words for where f is not finite; a reply with no finite value at all (min null) says so
    const nowhere = grid.min === null ? "f is not finite anywhere in this view" : null;
    this.page.notices.nonFinite(grid.non_finite?.text ?? nowhere);
    this.page.plotInput?.name(`Contour plot of ${this.functionName()}`);
    this.page.element.dataset.contour = fn.id;
  }

  // The function's lowest known value (for the loss curves' log scale): the catalog's for
  // its own parameters, Python's (with the grid) for others and for a formula.
  knownMinimum() {
    if (isFormula(this.state, this.page.catalog)) return this.lastExpressionGrid ? knownMinimum(this.lastExpressionGrid.grid) : null;
    const fn = this.functionOf();
    const own = Object.entries(this.state.params).every(([k, v]) => fn.params[k] === v);
    if (own) return knownMinimum(fn);
    const fromPython = this.pythonGrid && JSON.stringify(this.pythonGrid.params) === JSON.stringify(this.state.params);
    return fromPython ? knownMinimum(this.pythonGrid.grid) : null;
  }
}

// computeContours's options for `fn`'s grid, minimaFrom as for setScene.
function contourOptions(fn, minimaFrom) {
  const minima = minimaFrom ? {points: minimaFrom.minima, values: minimaFrom.minima_values ?? []} : null;
  return {scale: fn.contour_scale, minima};
}

export function markOnce(name) {
  if (!performance.getEntriesByName(name, "mark").length) performance.mark(name);
}
