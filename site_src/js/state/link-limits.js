// What a link may ask of the page, and how the page quotes what it could not use. More than
// these would freeze the tab (every start is a row per optimizer in the table, and a path to
// draw) long before Python's own caps matter; the work budget (starts x entries x steps) is
// the catalog's limits.state_work (state/budget.js).
export const LINK_LIMITS = {
  starts: 100,            // start points
  entries: 64,            // optimizer entries (Python's cap on runs per request)
  fieldChars: 20000,      // characters of one field other than the starts
  hashChars: 1000000,     // characters of the whole hash read at all (a longer one is cut first)
  speed: [1, 10000],      // playback, steps per second
  step: 10000,            // playback position (Python's cap on steps)
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
