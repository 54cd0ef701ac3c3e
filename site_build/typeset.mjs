// Typesets LaTeX formulas as MathML with KaTeX, for the build (site_build/assets.py): the
// first argument is a JSON file holding a list of LaTeX strings; prints a JSON list of MathML.
// MathML output needs no KaTeX stylesheet or fonts (the browser lays it out), and no inline
// style the page's Content-Security-Policy would block.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";

const require = createRequire(`${process.cwd()}/`);
const katex = require("katex");
const formulas = JSON.parse(readFileSync(process.argv[2], "utf8"));
const mathml = formulas.map((latex) => katex.renderToString(latex, {output: "mathml", throwOnError: true, strict: "error"}));
process.stdout.write(JSON.stringify(mathml));
