// Typesets LaTeX formulas as MathML with KaTeX, for the build: the first argument is a JSON
// file holding a list of formulas, each a LaTeX string (inline) or {latex, display} (display:
// true for a block, as the pages' $$...$$); prints a JSON list of MathML, one per formula.
// site_build/assets.py typesets the test functions' formulas with it, site_build/math_hook.py
// every formula of the pages and docstrings (one call per build).
// MathML output needs no KaTeX stylesheet or fonts (the browser lays it out), and no inline
// style the page's Content-Security-Policy would block.
// A formula KaTeX refuses (throwOnError, strict) fails the call: exit status 1, and stderr has
// one line per refused formula, "formula <index>: <KaTeX's message>".
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";

const require = createRequire(`${process.cwd()}/`);
const katex = require("katex");
const formulas = JSON.parse(readFileSync(process.argv[2], "utf8"));
const errors = [];
const mathml = formulas.map((item, index) => {
  const {latex, display} = typeof item === "string" ? {latex: item, display: false} : item;
  try {
    return katex.renderToString(latex, {output: "mathml", displayMode: Boolean(display), throwOnError: true,
                                        strict: "error"});
  } catch (error) {
    errors.push(`formula ${index}: ${String(error.message).split("\n")[0]}`);
    return null;
  }
});
if (errors.length) {
  process.stderr.write(errors.join("\n") + "\n");
  process.exit(1);
}
process.stdout.write(JSON.stringify(mathml));
