// What a sweep may vary, from the catalog's settings schema only: every number setting of an
// entry's optimizer (a tuple's items one by one, an inner optimizer's settings), the learning rate
// first; each with its scale (log or linear, the schema's) and its default range (the learning
// rate's the catalog's sweep.learning_rate, any other the schema's slider). Pure; no DOM.

// -> [{path: ["lr"] | ["betas", 1] | ["inner_hyperparams", "lr"], name, scale, range: [low, high], rate}]
export function sweepableSettings(entry, catalog) {
  const optimizer = catalog.optimizersById.get(entry?.optimizer);
  if (!optimizer?.settings) return [];
  const found = [];
  const visit = (settings, prefix, words, rateName) => {
    for (const setting of settings) {
      const path = [...prefix, setting.name];
      if (setting.kind === "number" && setting.slider) {
        found.push(item(path, [...words, setting.name].join(" "), setting, setting.name === rateName, catalog));
      } else if (setting.kind === "tuple") {
        setting.items.forEach((part, i) => part.kind === "number" && part.slider &&
          found.push(item([...path, i], [...words, part.name].join(" "), part, false, catalog)));
      } else if (setting.kind === "optimizer_settings" && prefix.length === 0) {
        const choice = settings.find((s) => s.name === setting.settings_of);
        const innerId = entry.hyperparams?.[setting.settings_of] ?? choice?.default;
        const inner = catalog.optimizersById.get(innerId);
        if (inner) visit(inner.settings, path, ["inner"], inner.learning_rate);
      }
    }
  };
  visit(optimizer.settings, [], [], optimizer.learning_rate);
  const rates = found.filter((s) => s.rate);
  return [...rates, ...found.filter((s) => !s.rate)];
}

function item(path, name, setting, rate, catalog) {
  const range = rate && catalog.sweep?.learning_rate ? catalog.sweep.learning_rate : setting.slider;
  return {path, name: rate ? "learning rate" : name, scale: setting.scale ?? "linear", range: [...range], rate};
}

// The setting a sweep's path names, among an entry's (or undefined).
export function settingAt(entry, catalog, path) {
  const key = JSON.stringify(path);
  return sweepableSettings(entry, catalog).find((s) => JSON.stringify(s.path) === key);
}

// The button's name: "Learning-rate sweep" for the learning rate, "Sweep <setting>" otherwise.
export function sweepButtonName(setting) {
  return !setting || setting.rate ? "Learning-rate sweep" : `Sweep ${setting.name}`;
}

// A typed sweep checked: {value: {low, high, count}} or {error} in plain words.
export function readRange({low, high, count}, scale, mostValues) {
  const [a, b, n] = [Number(low), Number(high), Number(count)];
  if (!Number.isFinite(a) || !Number.isFinite(b) || String(low).trim() === "" || String(high).trim() === "") {
    return {error: "From and To must be numbers"};
  }
  if (!(a < b)) return {error: "From must be less than To"};
  if (scale === "log" && !(a > 0)) return {error: "this setting is swept on a log scale, so From must be more than 0"};
  if (!Number.isInteger(n) || n < 2 || n > mostValues) return {error: `Values must be a whole number from 2 to ${mostValues}`};
  return {value: {low: a, high: b, count: n}};
}
