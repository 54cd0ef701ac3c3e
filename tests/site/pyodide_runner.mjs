// Runs Python inside Pyodide 0.27.7 under Node, loading the built site's pyodide/ folder.
//
//   node pyodide_runner.mjs <site dir> <script.py> <input.json> <output.json>
//
// Loads our package through the site's pyodide-lock.json (numpy comes as its dependency),
// runs <script.py> with the global INPUT set to the text of <input.json>; the script's last
// expression (a string) is written to <output.json>. It also checks pyodide_app.bridge from
// the JavaScript side and prints one JSON line: {seconds, versions, bridge: {...}}.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, scriptPath, inputPath, outputPath] = process.argv.slice(2);
const pyodideDir = path.resolve(siteDir, "pyodide") + path.sep;
const began = performance.now();
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir, stdout: (line) => console.error(line) });
const problems = [];
await pyodide.loadPackage("optimizer-paths", {
  messageCallback: () => {},
  errorCallback: (message) => problems.push(String(message)),
});
if (problems.length) {
  console.error(`loading optimizer-paths failed: ${problems.join("; ")}`);
  process.exit(2);
}
const loadSeconds = (performance.now() - began) / 1000;

// The bridge, called as the worker calls it.
const bridge = pyodide.pyimport("pyodide_app.bridge");
const run = bridge.call("run", {
  function: { id: "two_wells" },
  starts: [[-1.5, 1.0], [0.5, -0.5]],
  runs: [
    { key: "adam", optimizer: "adam", hyperparams: { lr: 0.01, betas: [0.7, 0.999] }, steps: 20 },
    { key: "bad", optimizer: "no_such_optimizer", steps: 5 },
  ],
});
const grid = bridge.call("grid", { function: { id: "two_wells" }, nx: 4, ny: 3 });
const wrong = bridge.call("run", { function: { id: "nope" }, starts: [[0, 0]], runs: [] });
const unknown = bridge.call("exec", { code: "1" });
const deep = bridge.call("run", JSON.parse("[".repeat(200) + "]".repeat(200)));
const versionsProxy = bridge.versions();
const versions = versionsProxy.toJs({ dict_converter: Object.fromEntries });
versionsProxy.destroy();
const first = run.value && run.value.runs[0];
const report = {
  seconds: loadSeconds,
  versions,
  bridge: {
    run_ok: run.ok,
    run_is_plain_object: Object.getPrototypeOf(run.value) === Object.prototype,
    points_is_float64array: first && first.points instanceof Float64Array,
    points_length: first && first.points.length,
    values_length: first && first.values.length,
    status: first && first.status,
    bad_entry_error: run.value && run.value.runs[1].error,
    grid_values_is_float64array: grid.ok && grid.value.values instanceof Float64Array,
    grid_length: grid.ok && grid.value.values.length,
    wrong_function: wrong.ok ? null : wrong.error,
    unknown_method: unknown.ok ? null : unknown.error,
    deep_args: deep.ok ? null : deep.error,
  },
};

if (scriptPath) {
  pyodide.globals.set("INPUT", await readFile(inputPath, "utf8"));
  const output = await pyodide.runPythonAsync(await readFile(scriptPath, "utf8"));
  await writeFile(outputPath, String(output));
}
console.log(JSON.stringify(report));
