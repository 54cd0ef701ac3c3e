// A function's formula (the catalog's LaTeX, as written in optimizers.functions) as one line of
// plain text for a picture, where no MathML can be drawn: "f(x, y) = x² + y² − a e^(−((x−1)² +
// y²)/c) − …". Only the handful of commands the catalog's formulas use are known; any other
// command is written as its name. Pure.

const SUPERSCRIPT = {"0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
                     "9": "⁹", "+": "⁺", "−": "⁻", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ"};
const SYMBOLS = {pi: "π", cdot: "·", times: "×", alpha: "α", beta: "β", gamma: "γ", sigma: "σ", lambda: "λ",
                 theta: "θ", mu: "μ", infty: "∞", le: "≤", ge: "≥", ",": " ", ";": " ", ":": " ", "!": "",
                 " ": " ", quad: " ", left: "", right: "", "{": "{", "}": "}"};
const WORDS = new Set(["sin", "cos", "tan", "exp", "log", "ln", "sqrt", "max", "min", "abs", "tanh", "sinh", "cosh"]);

// The formula's text, one line.
export function formulaText(latex) {
  const reader = {text: String(latex), at: 0};
  return tidy(readUntil(reader, null));
}

function tidy(text) {
  return text.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").trim();
}

// Reads until the closing brace `end` (or the end of the text), as text.
function readUntil(reader, end) {
  let out = "";
  while (reader.at < reader.text.length) {
    const c = reader.text[reader.at];
    if (c === end) {
      reader.at++;
      return out;
    }
    out = append(out, readItem(reader));
  }
  return out;
}

// A command that is a word (cos, exp) keeps a space from a letter or digit before it.
function append(out, piece) {
  if (piece.word && /[\p{L}\p{N})]$/u.test(out)) return `${out} ${piece.text}`;
  return out + piece.text;
}

// One item: a group, a command (with its arguments), a superscript or subscript, or a character.
function readItem(reader) {
  const c = reader.text[reader.at++];
  if (c === "{") return {text: readUntil(reader, "}")};
  if (c === "^") return {text: superscript(readArgument(reader))};
  if (c === "_") return {text: `_${bracketed(readArgument(reader))}`};
  if (c === "-") return {text: "−"};
  if (c !== "\\") return {text: c};
  const name = readName(reader);
  if (name === "frac" || name === "tfrac" || name === "dfrac") {
    const top = readArgument(reader), bottom = readArgument(reader);
    return {text: `${bracketed(top)}/${bracketed(bottom)}`};
  }
  if (name === "sqrt") return {text: `√${bracketed(readArgument(reader))}`};
  if (WORDS.has(name)) return {text: name, word: true};
  return {text: SYMBOLS[name] ?? name};
}

// A command's name: letters, or one other character (\, \; \{).
function readName(reader) {
  const match = /^[A-Za-z]+/.exec(reader.text.slice(reader.at));
  const name = match ? match[0] : reader.text[reader.at] ?? "";
  reader.at += name.length;
  return name;
}

// The argument of ^, _, \frac, \sqrt: a group, a command, or one character (spaces skipped).
function readArgument(reader) {
  while (reader.text[reader.at] === " ") reader.at++;
  if (reader.at >= reader.text.length) return "";
  return readItem(reader).text;
}

// Parenthesised when it is more than one number, letter or bracketed whole.
function bracketed(text) {
  const plain = tidy(text);
  if (/^[\p{L}\p{N}.]+$/u.test(plain) || /^\([^()]*\)$/.test(plain)) return plain;
  return `(${plain})`;
}

function superscript(text) {
  const plain = tidy(text);
  if (plain && [...plain].every((c) => c in SUPERSCRIPT)) return [...plain].map((c) => SUPERSCRIPT[c]).join("");
  return `^${bracketed(plain)}`;
}
