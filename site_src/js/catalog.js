// The build's precomputed data: catalog.json (functions, optimizers, presets) and
// each function's contour grid (float32, ny rows of nx values, row 0 at y_min).

const CATALOG = new URL("../data/catalog.json", import.meta.url);

let catalogPromise = null;
const gridPromises = new Map();

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url.pathname} (HTTP ${response.status})`);
  return response;
}

// One fetch per page however many playgrounds it holds.
export function loadCatalog() {
  if (!catalogPromise) {
    catalogPromise = fetchOk(CATALOG).then((r) => r.json()).then((catalog) => {
      catalog.functionsById = new Map(catalog.functions.map((f) => [f.id, f]));
      catalog.optimizersById = new Map(catalog.optimizers.map((o) => [o.id, o]));
      catalog.presetsById = new Map(catalog.presets.map((p) => [p.id, p]));
      return catalog;
    });
    catalogPromise.catch(() => { catalogPromise = null; });
  }
  return catalogPromise;
}

// The grid of a function at its default parameters:
// {nx, ny, domain, values: Float32Array(nx*ny), min, max}.
export function loadGrid(fn) {
  if (!gridPromises.has(fn.id)) {
    const promise = fetchOk(new URL(fn.grid.file, CATALOG)).then((r) => r.arrayBuffer()).then((buffer) => {
      const {nx, ny} = fn.grid;
      if (buffer.byteLength !== nx * ny * 4) {
        throw new Error(`grid of ${fn.id} has ${buffer.byteLength} bytes, expected ${nx * ny * 4}`);
      }
      // Float32Array reads the platform's byte order; the file is little-endian,
      // as is every platform a browser runs on today. Check anyway.
      const values = littleEndian() ? new Float32Array(buffer) : swapFloat32(buffer);
      return {nx, ny, domain: fn.domain, values, min: fn.grid.min, max: fn.grid.max};
    });
    promise.catch(() => gridPromises.delete(fn.id));
    gridPromises.set(fn.id, promise);
  }
  return gridPromises.get(fn.id);
}

function littleEndian() {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

function swapFloat32(buffer) {
  const view = new DataView(buffer);
  const values = new Float32Array(buffer.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
