// The function's parameters (two wells' a, b, c, d; Rastrigin's A; …): a slider and a number
// field each, from the catalog's `param_ranges` (Python's bounds, and a slider range). The
// contour redraws live while a slider moves (onPreview); a released slider or a committed
// field proposes the change (onChange), which reruns the paths. It owns the `params` field.
import {el} from "./dom.js";
import {markInvalid} from "./field-errors.js";

const SLIDER_STEPS = 200;

// A value for a parameter from a field's text, or {error}: Python's bounds, said in words.
export function readParam(text, range) {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) return {error: "a number"};
  if (range.switch && value !== 0 && value !== 1) return {error: "0 or 1 (a switch: off or on)"};
  const {min = null, max = null, open = false} = range;
  const below = min !== null && (open ? value <= min : value < min);
  const above = max !== null && (open ? value >= max : value > max);
  if (below || above) {
    const bound = (b) => (b === null ? "" : String(b));
    if (min !== null && max !== null) return {error: `a number ${open ? "strictly " : ""}between ${bound(min)} and ${bound(max)}`};
    if (min !== null) return {error: `a number ${open ? "above" : "at least"} ${bound(min)}`};
    return {error: `a number ${open ? "below" : "at most"} ${bound(max)}`};
  }
  return {value};
}

// onPreview(params) while a slider moves; onChange(params) when a value is committed.
// Returns {update(fn, params)}.
export function renderParamControls(box, {onPreview, onChange}) {
  box.replaceChildren();
  let shownFor = null;
  let fields = new Map();    // name -> {slider, number, error, range}
  let current = {};

  const build = (fn) => {
    box.replaceChildren();
    fields = new Map();
    const names = Object.keys(fn.params ?? {});
    box.hidden = names.length === 0;
    if (!names.length) return;
    const group = el("fieldset", "pg-params");
    group.append(el("legend", "", `${fn.name}: parameters`));
    for (const name of names) {
      const range = fn.param_ranges?.[name] ?? {slider: [fn.params[name] / 4, fn.params[name] * 4]};
      const [lo, hi] = range.slider;
      const row = el("div", "pg-param");
      const slider = el("input", "pg-param-slider");
      Object.assign(slider, {type: "range", min: String(lo), max: String(hi),
                             step: range.switch ? "1" : String((hi - lo) / SLIDER_STEPS)});
      slider.setAttribute("aria-label", `Parameter ${name} (slider)`);
      const number = el("input", "pg-param-number");
      Object.assign(number, {type: "number", step: "any"});
      number.setAttribute("aria-label", `Parameter ${name}`);
      const error = el("span", "pg-param-error");
      error.setAttribute("role", "alert");
      row.append(el("span", "pg-param-name", name), slider, number, error);
      group.append(row);
      fields.set(name, {slider, number, error, range});
      const propose = (value, commit) => {
        const next = {...current, [name]: value};
        if (commit) onChange(next);
        else onPreview(next);
      };
      slider.addEventListener("input", () => {
        number.value = slider.value;
        error.textContent = "";
        markInvalid(number, error, false);
        propose(Number(slider.value), false);
      });
      slider.addEventListener("change", () => propose(Number(slider.value), true));
      const commitField = () => {
        const read = readParam(number.value, range);
        error.textContent = read.error ? `${name} must be ${read.error}.` : "";
        markInvalid(number, error, Boolean(read.error));
        if (!read.error && read.value !== current[name]) propose(read.value, true);
      };
      number.addEventListener("change", commitField);
      number.addEventListener("keydown", (event) => {
        if (event.key === "Enter") commitField();
      });
    }
    const reset = el("button", "pg-button pg-params-reset", "Reset parameters");
    reset.type = "button";
    reset.addEventListener("click", () => onChange({...fn.params}));
    group.append(reset);
    box.append(group);
  };

  return {
    update(fn, params) {
      if (shownFor !== fn.id) {
        shownFor = fn.id;
        build(fn);
      }
      current = {...params};
      for (const [name, {slider, number, error}] of fields) {
        if (document.activeElement !== number) number.value = String(params[name]);
        if (document.activeElement !== slider) slider.value = String(params[name]);
        if (document.activeElement !== number) {
          error.textContent = "";
          markInvalid(number, error, false);
        }
      }
    },
  };
}
