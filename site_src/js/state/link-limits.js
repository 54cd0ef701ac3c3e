// What a link may ask of the page, and how the page quotes what it could not use. These are
// the page's own limits (a table row per start and optimizer, a path to draw); Python's caps
// (entries per request, steps) and the work budget (starts x entries x steps, state/budget.js)
// are the catalog's limits, read where they apply.
export const LINK_LIMITS = {
  starts: 100,            // start points
  fieldChars: 20000,      // characters of one field other than the starts
  hashChars: 1000000,     // characters of the whole hash read at all (a longer one is cut first)
  speed: [1, 10000],      // playback, steps per second
};

// A short, quotable excerpt of text a link carried: never the whole of a huge field.
export function excerpt(text, length = 32) {
  const flat = String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return flat.length <= length ? `"${flat}"` : `"${flat.slice(0, length)}…" (${flat.length.toLocaleString("en")} characters)`;
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
