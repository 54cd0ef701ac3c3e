// A sweep split across the pool of Python workers (worker/pool.js): its values cut into
// contiguous parts (Python's `sweep` with `part: [first, end]` runs only those values), and the
// parts' replies joined into the reply of the whole sweep. Each value's run is independent of
// the others, so the joined reply equals one worker's, bit for bit.

export const PARTS_PER_WORKER = 2;

// `count` values cut into at most `workers` × PARTS_PER_WORKER contiguous parts [first, end).
export function sweepParts(count, workers) {
  const parts = Math.max(1, Math.min(count, Math.floor(workers) * PARTS_PER_WORKER));
  const cuts = [];
  for (let k = 0; k < parts; k++) cuts.push([Math.floor((k * count) / parts), Math.floor(((k + 1) * count) / parts)]);
  return cuts.filter(([first, end]) => end > first);
}

const ARRAYS = ["values", "final_loss", "distance", "points", "losses"];   // Float64Arrays, joined
const LISTS = ["last_step", "status", "outcomes"];                       // plain lists, joined

function joinArrays(arrays) {
  const joined = new Float64Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const array of arrays) {
    joined.set(array, at);
    at += array.length;
  }
  return joined;
}

// The replies of the parts, in the parts' order, as one reply (without `part`); `seconds` is
// the sum of the parts' (Python's time at work, over every worker).
export function joinSweepParts(replies) {
  const {part, ...head} = replies[0];
  const joined = {...head, seconds: replies.reduce((sum, r) => sum + r.seconds, 0)};
  for (const name of ARRAYS) joined[name] = joinArrays(replies.map((r) => r[name]));
  for (const name of LISTS) joined[name] = replies.flatMap((r) => r[name]);
  return joined;
}
