// Unit tests of the colour switch (theme.js) and the script that applies a saved choice before
// the first paint (theme-init.js, a classic script: run here in a vm context).
import test from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import vm from "node:vm";
import {STORAGE_KEY, THEMES, THEME_EVENT, applyChoice, effectiveTheme, mountThemeSwitch, onThemeChange, readChoice,
        saveChoice} from "../../site_src/js/plot/theme.js";

const INIT_SOURCE = readFileSync(new URL("../../site_src/js/theme-init.js", import.meta.url), "utf8");

function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => data.set(key, String(value)),
    removeItem: (key) => data.delete(key),
    data,
  };
}

const refusing = {
  getItem() { throw new Error("SecurityError"); },
  setItem() { throw new Error("SecurityError"); },
  removeItem() { throw new Error("SecurityError"); },
};

function fakeRoot() {
  const attributes = new Map();
  return {
    dataset: {},
    setAttribute: (name, value) => attributes.set(name, String(value)),
    removeAttribute: (name) => attributes.delete(name),
    getAttribute: (name) => (attributes.has(name) ? attributes.get(name) : null),
  };
}

// A document with the header's switch: three radios that fire "change" when checked.
function fakeDocument() {
  const root = fakeRoot();
  const target = new EventTarget();
  const radios = THEMES.map((value) => {
    const radio = new EventTarget();
    Object.assign(radio, {value, checked: false});
    radio.pick = () => {
      for (const other of radios) other.checked = other === radio;
      radio.dispatchEvent(new Event("change"));
    };
    return radio;
  });
  const box = {hidden: true, querySelectorAll: () => radios};
  return {
    documentElement: root,
    radios,
    box,
    querySelector: (selector) => (selector === "[data-theme-switch]" ? box : null),
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
  };
}

function fakeMedia(matches) {
  const media = new EventTarget();
  media.matches = matches;
  media.flip = (next) => {
    media.matches = next;
    media.dispatchEvent(new Event("change"));
  };
  return media;
}

function runInit(storage) {
  const root = fakeRoot();
  vm.runInNewContext(INIT_SOURCE, {window: {localStorage: storage}, document: {documentElement: root}});
  return root.getAttribute("data-theme");
}

test("a saved choice is read back; anything else means auto", () => {
  const storage = memoryStorage();
  assert.equal(readChoice(storage), "auto");
  saveChoice(storage, "dark");
  assert.equal(storage.getItem(STORAGE_KEY), "dark");
  assert.equal(readChoice(storage), "dark");
  saveChoice(storage, "auto");
  assert.equal(storage.data.has(STORAGE_KEY), false, "auto is stored as no choice");
  assert.equal(readChoice(memoryStorage({[STORAGE_KEY]: "purple"})), "auto");
  assert.equal(readChoice(refusing), "auto");
  assert.equal(readChoice(null), "auto");
  assert.doesNotThrow(() => saveChoice(refusing, "dark"));
});

test("the effective theme: an explicit choice wins, auto follows the system", () => {
  assert.equal(effectiveTheme("auto", true), "dark");
  assert.equal(effectiveTheme("auto", false), "light");
  assert.equal(effectiveTheme("light", true), "light");
  assert.equal(effectiveTheme("dark", false), "dark");
  const root = fakeRoot();
  applyChoice(root, "dark");
  assert.equal(root.getAttribute("data-theme"), "dark");
  applyChoice(root, "auto");
  assert.equal(root.getAttribute("data-theme"), null);
});

test("theme-init.js applies the same saved choices as theme.js, and survives refused storage", () => {
  for (const saved of ["light", "dark", "auto", "purple", null]) {
    const storage = memoryStorage(saved === null ? {} : {[STORAGE_KEY]: saved});
    const expected = readChoice(storage);
    assert.equal(runInit(storage), expected === "auto" ? null : expected, `saved ${saved}`);
  }
  assert.equal(runInit(refusing), null);
});

test("the switch shows, checks the saved choice, saves a new one and announces it", () => {
  const doc = fakeDocument();
  const storage = memoryStorage({[STORAGE_KEY]: "light"});
  const media = fakeMedia(true);
  mountThemeSwitch(doc, {storage, media});
  assert.equal(doc.box.hidden, false);
  assert.deepEqual(doc.radios.map((r) => r.checked), [false, true, false]);
  assert.equal(doc.documentElement.getAttribute("data-theme"), "light");
  assert.equal(doc.documentElement.dataset.themeEffective, "light");
  let events = 0;
  const stop = onThemeChange(() => events++, doc);
  doc.radios[2].pick();
  assert.equal(storage.getItem(STORAGE_KEY), "dark");
  assert.equal(doc.documentElement.getAttribute("data-theme"), "dark");
  assert.equal(events, 1);
  media.flip(false);   // the system's setting does not matter while Dark is chosen
  assert.equal(events, 1);
  doc.radios[0].pick();
  assert.equal(storage.data.has(STORAGE_KEY), false);
  assert.equal(doc.documentElement.getAttribute("data-theme"), null);
  assert.equal(doc.documentElement.dataset.themeEffective, "light");
  assert.equal(events, 2);
  media.flip(true);    // on Auto it does
  assert.equal(doc.documentElement.dataset.themeEffective, "dark");
  assert.equal(events, 3);
  stop();
  media.flip(false);
  assert.equal(events, 3, "stopped listening");
  assert.equal(THEME_EVENT, "op:themechange");
});
