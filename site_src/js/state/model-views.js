// A model's switch that moves its surface (linear regression's "standardize": the valley of
// flipper lengths in metres, or the round bowl of standardised ones) moves the view with it:
// the catalog's model.switch_views gives each switch value's own view (Python's domain_of).

// {view} for the change from state.params to `params` when a switch with views flipped (null:
// the function's own view, when the new value's view is the catalog's domain), else {}.
export function switchedView(state, params, catalog) {
  const fn = catalog.functionsById.get(state.fn);
  const views = fn?.model?.switch_views ?? {};
  for (const [name, byValue] of Object.entries(views)) {
    if (params[name] === state.params[name]) continue;
    const view = byValue[String(params[name])];
    if (!view) continue;
    return {view: JSON.stringify(view) === JSON.stringify(fn.domain) ? null : view};
  }
  return {};
}
