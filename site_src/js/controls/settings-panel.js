// Every enabled optimizer's settings on screen: its learning rate (a log slider and a number
// field named "<label> learning rate"), its steps, and under "More settings" every other
// setting the catalog's schema lists (numbers, whole numbers, switches, tuples, choices, an
// inner optimizer's settings) and the learning-rate schedule; "Reset" goes back to the preset.
// A value outside the schema's range is said beside the field and not used; a value the core
// refuses comes back as that optimizer's run error, shown in the same place (the others run).
// It owns the entries' hyperparams and steps, and proposes changes with onChange(key, patch).
import {el, cueSwatch} from "./dom.js";
import {copyOf} from "../state/entries.js";
import {markInvalid} from "./field-errors.js";
import {showSummary} from "./settings-summary.js";
import {baseRate, makeSchedule, readSetting, sliderPosition, sliderValue, valueAt, withValue,
        SLIDER_STEPS} from "./settings-fields.js";

const STEPS = {name: "steps", kind: "integer", min: 0, min_inclusive: true, max: 10000, max_inclusive: true,
               scale: "linear", slider: [0, 10000], step: 1};

// catalog: optimizers (with settings), schedules. onChange(key, {hyperparams} | {steps}),
// onReset(key), onCopy(key) ("Add a copy": the same optimizer as a second entry, with settings of
// its own), onRemove(key) (a copy's "Remove"); rates(lr, steps): a promise of Python's learning
// rate at every step (a schedule's preview). Returns {update(entries, errors: Map key -> message)}.
export function renderSettingsPanel(box, {catalog, onChange, onReset, onCopy = () => {}, onRemove = () => {},
                                          rates = null}) {
  box.replaceChildren();
  const title = el("h2", "pg-settings-title", "Settings");
  const list = el("div", "pg-settings-list");
  box.append(title, list);
  let signature = null;
  let sections = [];
  const opened = new Set();      // keys whose "More settings" are open: kept when a section is rebuilt

  return {
    update(entries, errors) {
      const enabled = entries.filter((e) => e.enabled);
      const next = JSON.stringify(enabled.map((e) => [e.key, e.label, e.optimizer, shapeOf(e, catalog)]));
      box.hidden = enabled.length === 0;
      if (next !== signature) {
        signature = next;
        // the focused field keeps the focus when its section is rebuilt (a copy's label follows its settings)
        const focused = focusedField(list);
        sections = enabled.map((entry) => new EntrySettings(entry, catalog, {onChange, onReset, onCopy, onRemove, opened, rates}));
        list.replaceChildren(...sections.map((s) => s.element));
        refocus(list, focused);
      }
      sections.forEach((section, i) => section.show(enabled[i], errors.get(enabled[i].key) ?? ""));
    },
  };
}

// What decides which fields an entry shows: its learning rate's schedule kind and its inner optimizer.
function shapeOf(entry, catalog) {
  const optimizer = catalog.optimizersById.get(entry.optimizer);
  const rate = optimizer?.learning_rate;
  const inner = optimizer?.settings.find((s) => s.kind === "choice" && s.name === "inner");
  return [rate ? valueAt(entry.hyperparams, [rate], null)?.kind ?? "constant" : null,
          inner ? valueAt(entry.hyperparams, ["inner"], inner.default) : null];
}

class EntrySettings {
  constructor(entry, catalog, {onChange, onReset, onCopy, onRemove, opened, rates}) {
    this.catalog = catalog;
    this.rates = rates;
    this.entry = entry;
    this.onChange = onChange;
    this.fields = [];          // {path, setting, input, slider?, fallback}
    const optimizer = catalog.optimizersById.get(entry.optimizer);
    this.settings = optimizer?.settings ?? [];
    this.element = el("section", "pg-settings-entry");
    this.element.dataset.key = entry.key;
    const head = el("div", "pg-settings-head");
    const name = el("span", "pg-settings-name");
    name.append(cueSwatch(entry), entry.label);
    const reset = el("button", "pg-button pg-settings-reset", "Reset");
    reset.type = "button";
    reset.setAttribute("aria-label", `Reset ${entry.label} to its preset`);
    reset.addEventListener("click", () => onReset(entry.key));
    const copy = el("button", "pg-button pg-settings-copy", "Add a copy");
    copy.type = "button";
    copy.setAttribute("aria-label", `Add a copy of ${entry.label}`);
    copy.addEventListener("click", () => onCopy(entry.key));
    const actions = el("span", "pg-settings-actions");
    actions.append(reset, copy);
    if (copyOf(entry.key)) {
      const remove = el("button", "pg-button pg-settings-remove", "Remove");
      remove.type = "button";
      remove.setAttribute("aria-label", `Remove ${entry.label}`);
      remove.addEventListener("click", () => onRemove(entry.key));
      actions.append(remove);
    }
    head.append(name, actions);
    this.summary = el("p", "pg-settings-summary");   // the whole setting in one line (no tooltip)
    this.alert = el("p", "pg-settings-error");
    this.alert.setAttribute("role", "alert");
    const main = el("div", "pg-settings-main");
    this.element.append(head, this.summary, main, this.alert);

    this.ratePath = this.learningRatePath(entry);
    if (this.ratePath) {
      const rateSetting = this.settingAt(this.ratePath);
      // (YellowFin's learning rate is its lr_factor: the name says so, beside its own "lr")
      const shown = rateSetting.name === "lr" ? "learning rate" : `learning rate (${rateSetting.name})`;
      main.append(this.numberRow(this.ratePath, {...rateSetting, name: shown}, `${entry.label} learning rate`,
                                 {rate: true}));
    }
    main.append(this.numberRow(["steps"], STEPS, `${entry.label} steps`, {steps: true}));

    const more = el("details", "pg-settings-more");
    more.open = opened.has(entry.key);
    more.addEventListener("toggle", () => (more.open ? opened.add(entry.key) : opened.delete(entry.key)));
    more.append(el("summary", "", "More settings"));
    const rows = el("div", "pg-settings-rows");
    more.append(rows);
    this.element.append(more);
    if (this.ratePath && this.settingAt(this.ratePath)?.schedule) rows.append(this.scheduleRows());
    for (const setting of this.settings) this.appendSetting(rows, [setting.name], setting, entry.label);
    more.append(settingsHelp(this.settings));
  }

  // The learning rate's place: the optimizer's own, or its inner optimizer's (Lookahead).
  learningRatePath(entry) {
    const optimizer = this.catalog.optimizersById.get(entry.optimizer);
    if (optimizer?.learning_rate) return [optimizer.learning_rate];
    const nested = this.settings.find((s) => s.kind === "optimizer_settings");
    if (!nested) return null;
    const inner = this.catalog.optimizersById.get(this.innerId(entry, nested));
    return inner?.learning_rate ? [nested.name, inner.learning_rate] : null;
  }

  innerId(entry, nested) {
    const choice = this.settings.find((s) => s.name === nested.settings_of);
    return valueAt(entry.hyperparams, [nested.settings_of], choice?.default);
  }

  settingAt(path) {
    if (path.length === 1) return this.settings.find((s) => s.name === path[0]);
    const nested = this.settings.find((s) => s.name === path[0]);
    const inner = this.catalog.optimizersById.get(this.innerId(this.entry, nested));
    return inner?.settings.find((s) => s.name === path[1]);
  }

  // The value a field shows where the entry sets none: the schema's default (a tuple's item
  // from the tuple's default; an inner optimizer's settings from its own defaults).
  fallbackAt(path) {
    if (path[0] === "steps") return this.entry.steps;
    const top = this.settings.find((s) => s.name === path[0]);
    if (!top || path.length === 1) return top?.default;
    if (top.kind === "tuple") return top.default?.[path[1]];
    if (top.kind !== "optimizer_settings") return undefined;      // a schedule's field: set in the schedule
    const inner = this.catalog.optimizersById.get(this.innerId(this.entry, top));
    const setting = inner?.settings.find((s) => s.name === path[1]);
    return path.length === 2 ? setting?.default : setting?.default?.[path[2]];
  }

  appendSetting(rows, path, setting, label) {
    if (this.ratePath && path.join("/") === this.ratePath.join("/")) return;   // shown above
    const name = `${label} ${setting.name}`;
    if (setting.kind === "number" || setting.kind === "integer") rows.append(this.numberRow(path, setting, name));
    else if (setting.kind === "boolean") rows.append(this.checkboxRow(path, setting, name));
    else if (setting.kind === "tuple") setting.items.forEach((item, i) => rows.append(this.numberRow([...path, i], item, `${label} ${item.name}`)));
    else if (setting.kind === "choice") rows.append(this.choiceRow(path, setting, name));
    else if (setting.kind === "optimizer_settings") {
      const inner = this.catalog.optimizersById.get(this.innerId(this.entry, setting));
      const group = el("div", "pg-settings-inner");
      group.append(el("p", "pg-settings-inner-title", `Inner optimizer (${inner?.id ?? "?"}) settings`));
      for (const innerSetting of inner?.settings ?? []) {
        if (["number", "integer", "boolean", "tuple"].includes(innerSetting.kind)) {
          this.appendSetting(group, [...path, innerSetting.name], innerSetting, `${label} inner`);
        }
      }
      rows.append(group);
    }
  }

  numberRow(path, setting, name, {rate = false, steps = false} = {}) {
    const row = el("label", "pg-setting");
    row.append(el("span", "pg-setting-name", steps ? "steps" : setting.name));
    const input = el("input", "pg-setting-number");
    Object.assign(input, {type: "text", inputMode: "decimal", autocomplete: "off"});
    input.setAttribute("aria-label", name);
    let slider = null;
    // whole numbers (steps, k, a schedule's steps) get a field only; a slider there would be coarse,
    // and its name would compete with the playback's "Step" slider
    if (setting.slider && setting.kind === "number") {
      slider = el("input", "pg-setting-slider");
      Object.assign(slider, {type: "range", min: "0", max: String(SLIDER_STEPS), step: "1"});
      slider.setAttribute("aria-label", `${name} (slider)`);
      slider.addEventListener("input", () => {
        input.value = String(sliderValue(setting, Number(slider.value)));
        slider.setAttribute("aria-valuetext", input.value);
      });
      slider.addEventListener("change", () => this.commit(path, setting, input.value, {rate, steps, input}));
      row.append(slider);
    }
    row.append(input);
    const commit = () => this.commit(path, setting, input.value, {rate, steps, input});
    input.addEventListener("change", commit);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") commit();
    });
    this.fields.push({path, setting, input, slider, rate, steps});
    return row;
  }

  checkboxRow(path, setting, name) {
    const row = el("label", "pg-setting pg-setting-switch");
    const input = el("input");
    input.type = "checkbox";
    input.setAttribute("aria-label", name);
    input.addEventListener("change", () => this.propose(path, input.checked));
    row.append(input, el("span", "pg-setting-name", setting.name));
    this.fields.push({path, setting, input, checkbox: true});
    return row;
  }

  choiceRow(path, setting, name) {
    const row = el("label", "pg-setting");
    row.append(el("span", "pg-setting-name", setting.name));
    const select = el("select");
    select.setAttribute("aria-label", name);
    for (const choice of setting.choices) {
      const option = el("option", "", choice);
      option.value = choice;
      select.append(option);
    }
    // another inner optimizer starts from its own defaults
    select.addEventListener("change", () => {
      let hyperparams = withValue(this.entry.hyperparams, path, select.value);
      const nested = this.settings.find((s) => s.kind === "optimizer_settings" && s.settings_of === path[0]);
      if (nested) hyperparams = {...hyperparams, [nested.name]: null};
      this.onChange(this.entry.key, {hyperparams});
    });
    row.append(select);
    this.fields.push({path, setting, input: select, choice: true});
    return row;
  }

  // The learning rate's schedule: a select of the kinds Python offers and their fields.
  scheduleRows() {
    const group = el("div", "pg-settings-schedule");
    const label = this.entry.label;
    const value = valueAt(this.entry.hyperparams, this.ratePath, this.fallbackAt(this.ratePath));
    const current = typeof value === "number" ? "constant" : value?.kind;
    const row = el("label", "pg-setting");
    row.append(el("span", "pg-setting-name", "schedule"));
    const select = el("select");
    select.setAttribute("aria-label", `${label} learning-rate schedule`);
    for (const kind of this.catalog.schedules ?? []) {
      const option = el("option", "", kind.kind.replace("_", " "));
      option.value = kind.kind;
      select.append(option);
    }
    select.value = current;
    select.addEventListener("change", () => {
      const kind = this.catalog.schedules.find((k) => k.kind === select.value);
      const rate = baseRate(valueAt(this.entry.hyperparams, this.ratePath, this.fallbackAt(this.ratePath)), this.catalog.schedules);
      this.propose(this.ratePath, makeSchedule(kind, rate));
    });
    row.append(select);
    group.append(row);
    const kind = this.catalog.schedules?.find((k) => k.kind === current);
    for (const param of kind && current !== "constant" ? kind.params : []) {
      if (param.is_learning_rate || param.kind === "schedule") continue;
      group.append(this.numberRow([...this.ratePath, param.name], param, `${label} schedule ${param.name}`));
    }
    return group;
  }

  commit(path, setting, text, {rate = false, steps = false, input = null} = {}) {
    const read = readSetting(setting, text);
    for (const field of this.fields) if (field.input !== input) markInvalid(field.input, this.alert, false);
    markInvalid(input, this.alert, Boolean(read.error));   // aria-invalid, described by the alert
    if (read.error) {
      this.alert.textContent = `${steps ? "steps" : setting.name} ${read.error}.`;
      this.localError = true;
      return;
    }
    this.localError = false;
    if (steps) {
      if (read.value !== this.entry.steps) this.onChange(this.entry.key, {steps: read.value});
      return;
    }
    if (rate) {
      // the rate of a schedule is its learning-rate field
      const value = valueAt(this.entry.hyperparams, path, this.fallbackAt(path));
      if (value && typeof value === "object") {
        const kind = this.catalog.schedules.find((k) => k.kind === value.kind);
        return this.propose([...path, kind.learning_rate], read.value);
      }
    }
    this.propose(path, read.value);
  }

  propose(path, value) {
    const defaults = this.defaultsFor(path);
    if (JSON.stringify(valueAt(this.entry.hyperparams, path, this.fallbackAt(path))) === JSON.stringify(value)) return;
    this.onChange(this.entry.key, {hyperparams: withValue(this.entry.hyperparams, path, value, defaults)});
  }

  // What unset tuples and inner-settings objects on the way to `path` start from: the values shown.
  defaultsFor(path) {
    const defaults = {};
    let node = defaults;
    path.slice(0, -1).forEach((key, i) => {
      const fallback = this.fallbackAt(path.slice(0, i + 1));
      node[key] = Array.isArray(fallback) ? [...fallback] : {};
      node = node[key];
    });
    return defaults;
  }

  // Shows the entry's values (not in the field being typed in) and its error, if any.
  show(entry, error) {
    this.entry = entry;
    showSummary(this.summary, entry, this.ratePath, this.rates);   // a schedule in words, with its preview
    for (const field of this.fields) {
      let value = field.steps ? entry.steps : valueAt(entry.hyperparams, field.path, this.fallbackAt(field.path));
      if (field.rate) value = baseRate(value, this.catalog.schedules ?? []);
      // the field being typed in keeps its text; its slider follows the value in use
      if (field.slider && document.activeElement !== field.slider) {
        field.slider.value = String(sliderPosition(field.setting, value));
        field.slider.setAttribute("aria-valuetext", String(value));
      }
      if (document.activeElement === field.input) continue;
      if (field.checkbox) field.input.checked = Boolean(value);
      else if (field.choice) field.input.value = String(value);
      else field.input.value = value === null || value === undefined ? "" : String(value);
    }
    if (!this.localError || error) this.alert.textContent = error ? `${entry.label} could not run: ${error}` : "";
  }
}

// What each setting means, as visible text under "More settings" (a tooltip would be out of reach
// on touch screens): Python's description of every setting of the optimizer, in the catalog's order.
function settingsHelp(settings) {
  const list = el("dl", "pg-settings-help");
  for (const setting of settings) {
    if (!setting.description) continue;
    list.append(el("dt", "", setting.name), el("dd", "", setting.description));
  }
  return list;
}

// Which field has the focus, as {key, index} (its section's entry and its place there), or null.
function focusedField(list) {
  const active = document.activeElement;
  const section = active?.closest?.(".pg-settings-entry");
  if (!section || !list.contains(section)) return null;
  return {key: section.dataset.key, index: [...section.querySelectorAll("input, select, button")].indexOf(active)};
}

function refocus(list, focused) {
  if (!focused) return;
  const section = [...list.children].find((node) => node.dataset.key === focused.key);
  section?.querySelectorAll("input, select, button")[focused.index]?.focus();
}
