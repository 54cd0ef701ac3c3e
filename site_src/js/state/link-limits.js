// What a link may ask of the page, and how the page quotes what it could not use. These are
// the page's own limits (a table row per start and optimizer, a path to draw); Python's caps
// (entries per request, steps) and the work budget (starts x entries x steps, state/budget.js)
// are the catalog's limits, read where they apply.
import {grouped} from "../runs/number-format.js";

export const LINK_LIMITS = {
  starts: 100,            // start points
  fieldChars: 20000,      // characters of one field other than the starts
  hashChars: 1000000,     // characters of the whole hash read at all (a longer one is cut first)
  speed: [1, 10000],      // playback, steps per second
};

// A short, quotable excerpt of text a link carried: never the whole of a huge field.
export function excerpt(text, length = 32) {
  const flat = String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return flat.length <= length ? `"${flat}"` : `"${flat.slice(0, length)}…" (${grouped(flat.length)} characters)`;
}

// Numbers travel as JS's shortest round-trip strings, so a URL gives back the very same float64s.
export const num = {
  encode: (value) => String(value),
  decode: (text) => {
    const value = Number(text);
    if (text === undefined || text.trim() === "" || !Number.isFinite(value)) throw new Error(`not a number: ${excerpt(text ?? "")}`);
    return value;
  },
};

// An object made only of the own keys `allowed` accepts (never __proto__, toString or another
// key inherited from Object.prototype, unless `allowed` names it as its own); the others are
// reported as `what` in plain words onto problems.
export function ownKeys(object, allowed, what, problems) {
  const kept = [];
  for (const [key, value] of Object.entries(object)) {
    if (allowed(key)) kept.push([key, value]);
    else problems.push(`there is no ${what} ${excerpt(key)}; it was left out`);
  }
  return Object.fromEntries(kept);
}

// A link's parameters (URLSearchParams syntax), read without decoding more of a huge hash than
// the page keeps: a value longer than LINK_LIMITS.fieldChars is not decoded (its length is kept
// in `long`, by key), except the start list, which is cut one point past what the page keeps
// (`points`: how many the link had). A 200 kB list of starts is so read in about a millisecond.
export function linkParams(text) {
  const long = new Map();
  let points = null;
  const parts = text.split("&").map((part) => {
    const equals = part.indexOf("=");
    if (equals < 0 || part.length - equals - 1 <= LINK_LIMITS.fieldChars) return part;
    const key = decodedKey(part.slice(0, equals));
    const raw = part.slice(equals + 1);
    if (key !== "s") {
      if (!long.has(key)) long.set(key, raw.length);
      return part.slice(0, equals + 1);
    }
    const ends = separatorEnds(raw);
    if (points === null) points = ends.length + 1;
    const cut = ends.length > LINK_LIMITS.starts ? ends[LINK_LIMITS.starts] : raw.length;
    return part.slice(0, equals + 1) + raw.slice(0, cut);
  });
  return {search: new URLSearchParams(parts.join("&")), long, points};
}

// Where each ";" (or its escape, %3B) in a raw start list ends, in order.
function separatorEnds(raw) {
  const ends = [];
  for (const [separator, length] of [[";", 1], ["%3B", 3], ["%3b", 3]]) {
    for (let at = raw.indexOf(separator); at >= 0; at = raw.indexOf(separator, at + length)) ends.push(at + length);
  }
  return ends.sort((a, b) => a - b);
}

function decodedKey(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
