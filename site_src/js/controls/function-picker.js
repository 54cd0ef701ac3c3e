// The function: a <select> of every function in the catalog and, last, "Your own f(x, y)",
// which shows a text field named "f(x, y)" for a formula (formula-field.js, loaded with import() when
// first needed: Python parses and checks the formula, it is never run as code). The field's error,
// when Python refuses the formula, is in the role="alert" element beside it. It owns the `fn` and
// `expression` fields: a formula is proposed with onExpression(text) and becomes the state's only
// once Python accepted it.
import {el} from "./dom.js";

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
  editor.hidden = true;
  // The formula, typeset at build time (KaTeX's MathML in the catalog: the build's own text,
  // never a visitor's); a visitor's formula is shown in the field.
  const formula = el("div", "pg-formula");
  formula.setAttribute("role", "group");   // an aria-label needs a role on a div
  formula.setAttribute("aria-label", "Formula");
  container.replaceChildren(label, select, editor, formula);
  const byId = new Map(functions.map((fn) => [fn.id, fn]));
  const customId = custom?.id ?? null;    // the catalog's id of the visitor's formula

  // The formula field, once loaded; until then the latest expression and error wait for it.
  let field = null;
  let loading = null;
  const waiting = {expression: "", error: ""};
  const formulaField = () => {
    loading ??= import("./formula-field.js").then(({renderFormulaField}) => {
      field = renderFormulaField(editor, {fieldId: `${id}-expression`, example: custom?.example, onExpression});
      field.set(waiting.expression);
      field.showError(waiting.error);
      return field;
    }, (error) => {
      loading = null;
      throw error;
    });
    return loading;
  };

  select.addEventListener("change", () => {
    if (select.value === customId) {
      editor.hidden = false;
      formulaField().then((shown) => {
        shown.field.focus();
        if (shown.field.value.trim()) shown.propose();
      });
    } else {
      editor.hidden = true;
      onChange(select.value);
    }
  });

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
      if (fn !== customId) return;
      waiting.expression = expression;
      if (field) field.set(expression);
      else formulaField();
    },
    showError(message) {
      waiting.error = message;
      field?.showError(message);
    },
  };
  view.set(selected);
  return view;
}
