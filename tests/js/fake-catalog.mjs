// A small catalog for the page's unit tests (not a test file: node --test runs *.test.mjs).
// The smallest catalog state.js needs: two functions, two presets.
export function fakeCatalog() {
  const functions = [
    {id: "two_wells", params: {a: 2, b: 3, c: 0.2, d: 0.2}, domain: [[-2, 2], [-2, 2]]},
    {id: "booth", params: {}, domain: [[-10, 10], [-10, 10]]},
  ];
  const presets = [
    {id: "sgd", label: "SGD", optimizer: "sgd", hyperparams: {lr: 0.02}, steps: 500, by_function: {}, color: "#ff3b3b"},
    {id: "adam", label: "Adam", optimizer: "adam", hyperparams: {lr: 0.01}, steps: 100,
     by_function: {booth: {hyperparams: {lr: 0.1}, steps: 50}}, color: "#4cc9f0"},
  ];
  const custom = {id: "custom", name: "Your own f(x, y)", domain: [[-2, 2], [-2, 2]], contour_scale: "linear"};
  return {
    custom_function: custom,
    limits: {runs: 64, steps: 10000, state_work: 8000000},
    end_point_tolerance: {view_share: 0.01, gap_share: 0.25},
    functions, presets, default_presets: ["sgd", "adam"], palette: ["#ff3b3b", "#4cc9f0", "#ff9f1c"],
    recordable: [{name: "grad", label: "Downhill (−gradient)"}, {name: "moment", label: "−Momentum or first moment"},
                 {name: "step", label: "Step taken"}],
    functionsById: new Map([...functions.map((f) => [f.id, f]), [custom.id, {params: {}, minima: [], ...custom}]]),
    optimizersById: new Map([["sgd", {}], ["adam", {}]]),
    presetsById: new Map(presets.map((p) => [p.id, p])),
  };
}
