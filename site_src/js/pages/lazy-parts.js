// Parts of a playground that the first paint and a click do not need (the loss chart and uPlot,
// the settings panel, basin maps, share and export): each is loaded on first use with import(),
// which esbuild turns into a file of its own under assets/app/chunks/, so the entry bundle stays
// small. Until its module is here a part is a stand-in that remembers the latest call of each
// method (show(state), update(...), setRuns(...)) and makes them, in that order, once it is; a
// call's return value is then undefined. A part loads when its box comes into view (a panel
// opened), when asked (loadPart), or when the browser is idle after Python is ready or after the
// visitor's first touch of the playground (prefetchWhenIdle), so a click never waits on the
// network. A module loaded so must not use import.meta.url: in a chunk it is the chunk's URL.

const loaders = new WeakMap();   // stand-in -> () => Promise of the part

// A stand-in for the part `create()` (async) makes; `onError(error)` when it cannot be loaded (it is
// tried again on the next use).
export function lazyPart(create, {onError = (error) => console.error("A part of the page could not load:", error)} = {}) {
  let real = null;
  let loading = null;
  const calls = new Map();   // method -> its latest arguments, in the order of the latest calls
  const load = () => {
    loading ??= create().then((made) => {
      real = made;
      for (const [name, args] of calls) if (typeof made[name] === "function") made[name](...args);
      calls.clear();
      return made;
    }, (error) => {
      loading = null;
      onError(error);
      throw error;
    });
    return loading;
  };
  const standIn = new Proxy({}, {
    get(_, name) {
      if (real) {
        const value = real[name];
        return typeof value === "function" ? value.bind(real) : value;
      }
      if (typeof name === "symbol" || name === "then") return undefined;   // not a promise
      return (...args) => {
        calls.delete(name);
        calls.set(name, args);
      };
    },
  });
  loaders.set(standIn, load);
  return standIn;
}

// The part itself, once loaded (a part that is no stand-in is returned as it is).
export function loadPart(part) {
  const load = loaders.get(part);
  return load ? load() : Promise.resolve(part);
}

// A registered control (controls/registry.js) in its box: at once, or, for one with `load`
// (its modules, by import()), a stand-in mounted on first use: its box in view, or loadPart.
export function mountControl(control, box, page) {
  if (!control.load) return control.mount(box, page);
  const part = lazyPart(async () => control.mount(box, page, await control.load(page)), {
    onError: (error) => {
      console.error(`The ${control.name} part could not load:`, error);
      box.dataset.loadFailed = "true";
    },
  });
  loadWhenShown(box, part);
  return part;
}

// Loads `part` once `box` is on screen (a panel opened; a hidden box is never on screen).
export function loadWhenShown(box, part) {
  if (typeof IntersectionObserver !== "function") return;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    loadPart(part).catch(() => loadWhenShown(box, part));
  });
  observer.observe(box);
}

// Loads every part, one after another, when the browser is next idle after `after` settles.
export async function prefetchWhenIdle(parts, after) {
  await after.catch(() => {});
  await idle();
  for (const part of parts) {
    await loadPart(part).catch(() => {});
    await idle();
  }
}

function idle() {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), {timeout: 2000});
    else setTimeout(resolve, 50);
  });
}
