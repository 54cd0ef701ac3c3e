// The page's modules that import "../../vendor/d3.mjs" (contours.js, scales.js), for node tests:
// site_src/js copied into a temporary folder beside a vendor/d3.mjs that re-exports the build's
// npm packages, as site_build/figures.py stages them for the figure script. The packages are the
// build's ($OPTIMIZER_PATHS_NODE_MODULES, else <$OPTIMIZER_PATHS_CACHE or
// ~/.cache/optimizer-paths>/npm/node_modules); `python build.py` installs them once.
import {cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync} from "node:fs";
import {homedir, tmpdir} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";

const PACKAGES = ["d3-contour", "d3-scale", "d3-scale-chromatic", "d3-array"];

function nodeModules() {
  if (process.env.OPTIMIZER_PATHS_NODE_MODULES) return process.env.OPTIMIZER_PATHS_NODE_MODULES;
  const cache = process.env.OPTIMIZER_PATHS_CACHE || join(homedir(), ".cache", "optimizer-paths");
  return join(cache, "npm", "node_modules");
}

let staged = null;

// import(<site_src/js/...>) of the staged copy: importStaged("plot/contours.js").
export async function importStaged(path) {
  if (!staged) {
    const modules = nodeModules();
    const missing = PACKAGES.filter((p) => !existsSync(join(modules, p, "package.json")));
    if (missing.length) throw new Error(`${missing.join(", ")} not installed in ${modules}: run python build.py once (it fetches the npm packages)`);
    staged = mkdtempSync(join(tmpdir(), "op-js-"));
    cpSync(new URL("../../site_src/js", import.meta.url), join(staged, "js"), {recursive: true});
    mkdirSync(join(staged, "vendor"));
    writeFileSync(join(staged, "vendor", "d3.mjs"), PACKAGES.map((p) => {
      const entry = JSON.parse(readFileSync(join(modules, p, "package.json"), "utf8")).module;
      return `export * from ${JSON.stringify(pathToFileURL(join(modules, p, entry)).href)};\n`;
    }).join(""));
    writeFileSync(join(staged, "package.json"), '{"type": "module"}\n');
  }
  return import(pathToFileURL(join(staged, "js", path)).href);
}
