// Progressive basin maps, the pure part: which sub-lattices are computed first (the coarse map,
// and before it a first look), and the assembly of Python's parts (pyodide_app.api.basins_part
// replies: labels at some lattice points, each the whole map's label there) into maps and shares.
//
// The coarse map is every `step`-th point of every `step`-th row of the final lattice, so its
// cells are exact; it comes in two passes: a first look at every 2·step-th point (at least 25 per
// side: a quarter of the coarse map's work, so it is on the screen sooner), then the coarse map's
// other points. Until the map is complete the other cells show their nearest computed coarse
// point's label, and the shares count only the starts computed so far (`counted` of `total`). Once
// complete, every share is count / total, the same division Python's `basins` makes.

export const COARSE_SIDE = 50;   // the coarse map has at least this many points per side ...
export const MAX_COARSE_STEP = 8; // ... and takes every 2nd, 4th or 8th point (400 × 400: 50 × 50)

// The coarse map's step for a lattice of `resolution` points per side (1: no coarse map).
export function coarseStep(resolution) {
  let step = 1;
  while (step * 2 <= MAX_COARSE_STEP && resolution / (step * 2) >= COARSE_SIDE) step *= 2;
  return step;
}

// Points per side of the coarse map: the multiples of `step` below `resolution`.
export function coarseSide(resolution, step) {
  return Math.ceil(resolution / step);
}

// The passes of a map: [{step, skip, points, coarse}]: the first look (every 2·s-th point), the
// rest of the coarse map (every s-th point but those), then the rest of the lattice. With noise,
// one pass: every part draws the whole lattice's normals at every step, so a coarse pass would
// cost as much drawing as the whole map.
export function mapPasses(resolution, {noise = false} = {}) {
  const step = noise ? 1 : coarseStep(resolution);
  const total = resolution * resolution;
  if (step === 1) return [{step: 1, skip: 0, points: total, coarse: false}];
  const first = coarseSide(resolution, 2 * step) ** 2, coarse = coarseSide(resolution, step) ** 2;
  return [{step: 2 * step, skip: 0, points: first, coarse: true}, {step, skip: 2 * step, points: coarse - first, coarse: true},
          {step: 1, skip: step, points: total - coarse, coarse: false}];
}

// How many of a pass's points lie in lattice rows [first, end) (optimizers.basin_map.lattice_indices).
export function passPoints(resolution, {step, skip}, [first, end]) {
  let points = 0;
  for (let j = first; j < end; j++) {
    if (j % step) continue;
    const row = Math.ceil(resolution / step);
    points += skip && j % skip === 0 ? row - Math.ceil(resolution / skip) : row;
  }
  return points;
}

export const PARTS_PER_WORKER = 6;   // a pass is cut into about this many parts per worker ...
export const COARSE_PARTS_PER_WORKER = 2; // (the coarse pass: few, so its fixed costs stay small)

// A pass cut into parts for the pool: [{map, rows: [first, end], weight}], one map each. A part
// of one map costs as much per step of fixed numpy calls as a part of every map, so splitting by
// map is free and lets every worker share even the small coarse pass. Each map's rows are cut
// into blocks of about the same work (points × steps), at least `minStarts` starts each (the
// coarse pass excepted); parts are in row order across the maps, so every map is refined from
// the bottom up together. With noise, one part per map, whole (each part of a noisy map draws
// the whole lattice's normals at every step).
export function passParts(resolution, runs, pass, workers, {minStarts = 5000, noise = false} = {}) {
  const work = runs.map((run) => pass.points * Math.max(1, run.steps));
  if (noise) return runs.map((_, map) => ({map, rows: [0, resolution], weight: work[map]}));
  const total = work.reduce((a, b) => a + b, 0);
  const target = total / (Math.max(1, workers) * (pass.coarse ? COARSE_PARTS_PER_WORKER : PARTS_PER_WORKER));
  const parts = [];
  runs.forEach((run, map) => {
    const byWork = Math.max(1, Math.round(work[map] / target));
    const count = pass.coarse ? byWork : Math.max(1, Math.min(byWork, Math.floor(pass.points / minStarts)));
    for (let k = 0; k < count; k++) {
      const rows = [Math.floor((k * resolution) / count), Math.floor(((k + 1) * resolution) / count)];
      const points = passPoints(resolution, pass, rows);
      if (points) parts.push({map, rows, weight: points * Math.max(1, run.steps), at: (k + 0.5) / count});
    }
  });
  return parts.sort((a, b) => a.at - b.at || a.map - b.map).map(({at, ...part}) => part);
}

export class BasinAssembly {
  // mapCount: how many maps (the request's runs); step: the coarse map's (1: none).
  constructor(resolution, mapCount, step = coarseStep(resolution)) {
    this.resolution = resolution;
    this.step = step;
    this.side = coarseSide(resolution, step);
    this.total = resolution * resolution;
    this.meta = null;      // {domain, minima, global_minima} from the first reply
    // per map: {key, optimizer, labels, coarse, counts: Map, counted} | {key, optimizer, error}
    this.maps = new Array(mapCount).fill(null);
  }

  // Merges one part; `coarse`: it belongs to the coarse map (its labels are kept apart too);
  // `first`: the index of its first map (a part may hold some of the maps only).
  add(reply, coarse = false, first = 0) {
    this.meta ??= {domain: reply.domain, minima: reply.minima, global_minima: reply.global_minima};
    const {indices} = reply;
    const n = this.resolution, step = this.step, side = this.side;
    reply.maps.forEach((part, m) => {
      const map = (this.maps[first + m] ??= part.error ? {key: part.key, optimizer: part.optimizer, error: part.error}
        : {key: part.key, optimizer: part.optimizer, labels: new Float64Array(this.total).fill(NaN),
           known: new Uint8Array(this.total), coarse: new Float64Array(this.side * this.side).fill(NaN),
           counts: new Map(), counted: 0});
      if (part.error || map.error) return;
      map.counted += indices.length;
      const {labels, known, counts} = map;
      for (let k = 0; k < indices.length; k++) {
        const label = part.labels[k];
        labels[indices[k]] = label;
        known[indices[k]] = 1;
        counts.set(label, (counts.get(label) ?? 0) + 1);
        if (coarse) {
          const index = indices[k], j = Math.floor(index / n), i = index - j * n;
          map.coarse[(j / step) * side + i / step] = label;
        }
      }
    });
  }

  // Starts counted so far: the fewest of any map (every map has as many once complete).
  get counted() {
    const counts = this.maps.filter((m) => m && !m.error).map((m) => m.counted);
    if (this.maps.some((m) => m === null)) counts.push(0);
    return counts.length ? Math.min(...counts) : this.total;
  }

  // Once every point at multiples of `step` is in (the first look's, or the coarse map's): every
  // cell not computed yet shows the label of its nearest such point.
  fillFrom(step) {
    const n = this.resolution, last = Math.floor((n - 1) / step) * step;
    const nearest = (k) => Math.min(last, Math.round(k / step) * step);
    for (const map of this.maps) {
      if (!map || map.error) continue;
      const {labels, known} = map;
      for (let j = 0; j < n; j++) {
        const row = nearest(j) * n;
        for (let i = 0; i < n; i++) if (!known[j * n + i]) labels[j * n + i] = labels[row + nearest(i)];
      }
    }
  }

  // fillFrom the coarse map's step.
  fillFromCoarse() {
    this.fillFrom(this.step);
  }

  get complete() {
    return this.counted === this.total;
  }

  // The maps as the panel and the plot take them (the shape of Python's `basins` reply, with
  // `counted`, `total` and `complete`); each share is over the starts counted so far.
  result() {
    const {counted, total} = this;
    const globals = this.meta?.global_minima ?? [];
    const share = (count) => (counted ? count / counted : 0);
    const maps = this.maps.filter(Boolean).map((map) => {
      if (map.error) return {key: map.key, optimizer: map.optimizer, error: map.error};
      const count = (label) => map.counts.get(label) ?? 0;
      return {key: map.key, optimizer: map.optimizer, labels: map.labels, counts: map.counts,
              fractions: (this.meta.minima ?? []).map((_, k) => share(count(k))),
              global_fraction: share(globals.reduce((sum, g) => sum + count(g), 0)),
              fraction_still_moving: share(count(-1)), fraction_left_view: share(count(-3)),
              fraction_diverged: share(count(-2))};
    });
    return {resolution: this.resolution, ...this.meta, maps, counted, total, complete: this.complete};
  }
}
