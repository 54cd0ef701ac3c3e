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

// catalog.json as the page uses it: with maps by id (pure; the build's node scripts use it too).
export function indexCatalog(catalog) {
  catalog.functionsById = new Map(catalog.functions.map((f) => [f.id, f]));
  // The visitor's own formula: a function without parameters, grid or known minima.
  if (catalog.custom_function) {
    catalog.functionsById.set(catalog.custom_function.id,
      {params: {}, minima: [], global_minima: [], minima_values: [], grid: null, ...catalog.custom_function});
  }
  catalog.optimizersById = new Map(catalog.optimizers.map((o) => [o.id, o]));
  catalog.presetsById = new Map(catalog.presets.map((p) => [p.id, p]));
  return catalog;
}

// One fetch per page however many playgrounds it holds.
export function loadCatalog() {
  if (!catalogPromise) {
    catalogPromise = fetchOk(CATALOG).then((r) => r.json()).then(indexCatalog);
    catalogPromise.catch(() => { catalogPromise = null; });
  }
  return catalogPromise;
}

// The bytes of a grid file ("grids/two_wells.f32"), fetched once per page.
function gridBytes(file) {
  if (!gridPromises.has(file)) {
    const promise = fetchOk(new URL(file, CATALOG)).then((r) => r.arrayBuffer());
    promise.catch(() => gridPromises.delete(file));
    gridPromises.set(file, promise);
  }
  return gridPromises.get(file);
}

// Starts fetching a function's grid before the catalog has arrived, by the file name the
// build gives it (grids/<id>.f32), so the two requests go out together.
export function prefetchGrid(functionId) {
  if (typeof functionId === "string" && /^[a-z0-9_]{1,40}$/.test(functionId)) {
    gridBytes(`grids/${functionId}.f32`).catch(() => {});
  }
}

// The grid of a function at its default parameters:
// {nx, ny, domain, values: Float32Array(nx*ny), min, max}.
export async function loadGrid(fn) {
  const buffer = await gridBytes(fn.grid.file);
  const {nx, ny} = fn.grid;
  if (buffer.byteLength !== nx * ny * 4) {
    throw new Error(`grid of ${fn.id} has ${buffer.byteLength} bytes, expected ${nx * ny * 4}`);
  }
  // Float32Array reads the platform's byte order; the file is little-endian,
  // as is every platform a browser runs on today. Check anyway.
  const values = littleEndian() ? new Float32Array(buffer) : swapFloat32(buffer);
  return {nx, ny, domain: fn.domain, values, min: fn.grid.min, max: fn.grid.max};
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
