// The function: a <select> of every function in the catalog and, last, "Your own f(x, y)",
// which shows a text field named "f(x, y)" for a formula (Python parses and checks it: it is
// never run as code). The field's error, when Python refuses the formula, is in the
// role="alert" element beside it. It owns the `fn` and `expression` fields: a formula is
// proposed with onExpression(text) and becomes the state's only once Python accepted it.
import {el} from "./dom.js";
import {markInvalid} from "./field-errors.js";

let counter = 0;

// custom: the catalog's custom_function (or null: no custom option); groups: the catalog's
// function_groups ({id, label}; each function names its `group`). onChange(id) for a
// catalog function; onExpression(text) for a formula. Returns {set(fn, expression),
// showError(message | "")}.
export function renderFunctionPicker(container, functions, {custom = null, groups = [], selected, onChange, onExpression}) {
  const id = `pg-function-${++counter}`;
  const label = el("label", "", "Function");
  label.htmlFor = id;
  const select = el("select", "pg-function-select");
  select.id = id;
  // the catalog's groups (test functions, real models) as <optgroup>s; the visitor's formula last
  const option = (fn) => {
    const item = el("option", "", fn.name);
    item.value = fn.id;
    return item;
  };
  const grouped = groups.filter((group) => functions.some((fn) => fn.group === group.id));
  if (grouped.length > 1) {
    for (const group of grouped) {
      const box = el("optgroup");
      box.label = group.label;
      box.append(...functions.filter((fn) => fn.group === group.id).map(option));
      select.append(box);
    }
    select.append(...functions.filter((fn) => !grouped.some((group) => group.id === fn.group)).map(option));
  } else {
    select.append(...functions.map(option));
  }
  if (custom) select.append(option(custom));
  const editor = el("div", "pg-expression");
  const field = el("input", "pg-expression-field");
  Object.assign(field, {type: "text", spellcheck: false, autocomplete: "off", maxLength: 1000});
  field.id = `${id}-expression`;
  field.placeholder = custom?.example ?? "";
  field.setAttribute("aria-label", "f(x, y)");
  const fieldLabel = el("label", "pg-expression-label", "f(x, y) =");
  fieldLabel.htmlFor = field.id;
  fieldLabel.setAttribute("aria-hidden", "true");   // the field's own name is exactly "f(x, y)"
  const draw = el("button", "pg-button pg-expression-draw", "Draw");
  draw.type = "button";
  const error = el("p", "pg-expression-error");
  error.setAttribute("role", "alert");
  editor.append(fieldLabel, field, draw, error);
  editor.hidden = true;
  // The formula, typeset at build time (KaTeX's MathML in the catalog: the build's own text,
  // never a visitor's); a visitor's formula is shown in the field.
  const formula = el("div", "pg-formula");
  formula.setAttribute("role", "group");   // an aria-label needs a role on a div
  formula.setAttribute("aria-label", "Formula");
  container.replaceChildren(label, select, editor, formula);
  const byId = new Map(functions.map((fn) => [fn.id, fn]));
  const customId = custom?.id ?? null;    // the catalog's id of the visitor's formula

  const propose = () => {
    if (field.value.trim()) onExpression(field.value);
    else view.showError("Type a formula first, for example " + (custom?.example ?? "x**2 + y**2") + ".");
  };
  select.addEventListener("change", () => {
    if (select.value === customId) {
      editor.hidden = false;
      field.focus();
      if (field.value.trim()) propose();
    } else {
      editor.hidden = true;
      onChange(select.value);
    }
  });
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter") propose();
  });
  field.addEventListener("change", propose);
  draw.addEventListener("click", propose);

  const view = {
    set(fn, expression = "") {
      select.value = fn;
      editor.hidden = fn !== customId;
      const mathml = byId.get(fn)?.formula_mathml;
      formula.hidden = !mathml;
      if (mathml && formula.dataset.function !== fn) {
        formula.innerHTML = mathml;
        formula.dataset.function = fn;
      }
      if (fn === customId && document.activeElement !== field) field.value = expression;
    },
    showError(message) {
      error.textContent = message;
      markInvalid(field, error, Boolean(message));
    },
  };
  view.set(selected);
  return view;
}
