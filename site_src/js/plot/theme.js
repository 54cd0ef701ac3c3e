// Light and dark colours: the header's switch (Auto / Light / Dark), the choice remembered in
// localStorage (not in the URL: it is the visitor's, not the picture's), and an event when the
// colours change (the switch, or the system's setting while on Auto) so canvases redraw.
// theme-init.js applies a saved choice before the first paint; this module takes over after.
// The colours themselves are CSS custom properties (site.css); canvases read them at draw time.

export const STORAGE_KEY = "optimizer-paths:theme";
export const THEMES = ["auto", "light", "dark"];
export const THEME_EVENT = "op:themechange";
const DARK_QUERY = "(prefers-color-scheme: dark)";

// The saved choice, "auto" when none (or storage refuses).
export function readChoice(storage) {
  let saved = null;
  try {
    saved = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    saved = null;
  }
  return THEMES.includes(saved) ? saved : "auto";
}

export function saveChoice(storage, choice) {
  try {
    if (choice === "auto") storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, choice);
  } catch {
    // storage refused: the choice lasts for this page only
  }
}

// <html data-theme="light|dark"> for an explicit choice, no attribute for "auto".
export function applyChoice(root, choice) {
  if (choice === "light" || choice === "dark") root.setAttribute("data-theme", choice);
  else root.removeAttribute("data-theme");
}

// The colours in effect: "light" or "dark".
export function effectiveTheme(choice, systemDark) {
  if (choice === "light" || choice === "dark") return choice;
  return systemDark ? "dark" : "light";
}

// Calls callback() whenever the page's colours change; returns a function that stops it.
export function onThemeChange(callback, target = globalThis.document) {
  target.addEventListener(THEME_EVENT, callback);
  return () => target.removeEventListener(THEME_EVENT, callback);
}

// The colour each CSS custom property in `names` ({key: "--name"}) gives under `element`, read
// now as "rgb(…)". site.css writes a colour once as light-dark(light, dark), which a custom
// property keeps as text and a canvas refuses: a hidden probe's `color` resolves it.
export function cssColors(element, names) {
  const probe = element.ownerDocument.createElement("span");
  probe.hidden = true;
  element.append(probe);
  const colors = {};
  try {
    for (const [key, name] of Object.entries(names)) {
      probe.style.color = `var(${name})`;
      colors[key] = getComputedStyle(probe).color;
    }
  } finally {
    probe.remove();
  }
  return colors;
}

// Wires the switch in the header (a fieldset of radios named "site-theme", hidden until this
// runs, since it does nothing without JavaScript) and follows the system's setting.
export function mountThemeSwitch(doc = globalThis.document, {storage = safeStorage(), media = systemMedia()} = {}) {
  const root = doc.documentElement;
  let choice = readChoice(storage);
  const announce = () => {
    root.dataset.themeEffective = effectiveTheme(choice, media?.matches ?? false);
    doc.dispatchEvent(new Event(THEME_EVENT));
  };
  applyChoice(root, choice);
  root.dataset.themeEffective = effectiveTheme(choice, media?.matches ?? false);
  const box = doc.querySelector("[data-theme-switch]");
  if (box) {
    for (const radio of box.querySelectorAll('input[name="site-theme"]')) {
      radio.checked = radio.value === choice;
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        choice = radio.value;
        saveChoice(storage, choice);
        applyChoice(root, choice);
        announce();
      });
    }
    box.hidden = false;
  }
  media?.addEventListener?.("change", () => {
    if (choice === "auto") announce();
  });
  return {choice: () => choice};
}

function safeStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function systemMedia() {
  return typeof globalThis.matchMedia === "function" ? globalThis.matchMedia(DARK_QUERY) : null;
}
