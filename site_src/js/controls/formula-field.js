// The text field for a visitor's own formula, "f(x, y)", with its Draw button and the role="alert"
// line for Python's message when it refuses the formula (Python parses and checks it: it is never
// run as code). function-picker.js loads this module with import() when "Your own f(x, y)" is first
// chosen (or a link opens on a formula), so the first paint does without it.
import {el} from "./dom.js";
import {markInvalid} from "./field-errors.js";

// editor: the picker's (hidden) box for it; fieldId: the field's id; example: the catalog's example
// formula (the placeholder); onExpression(text) proposes a formula. Returns {field, set(expression),
// showError(message | ""), propose()}.
export function renderFormulaField(editor, {fieldId, example, onExpression}) {
  const field = el("input", "pg-expression-field");
  Object.assign(field, {type: "text", spellcheck: false, autocomplete: "off", maxLength: 1000});
  field.id = fieldId;
  field.placeholder = example ?? "";
  field.setAttribute("aria-label", "f(x, y)");
  const fieldLabel = el("label", "pg-expression-label", "f(x, y) =");
  fieldLabel.htmlFor = field.id;
  fieldLabel.setAttribute("aria-hidden", "true");   // the field's own name is exactly "f(x, y)"
  const draw = el("button", "pg-button pg-expression-draw", "Draw");
  draw.type = "button";
  const error = el("p", "pg-expression-error");
  error.setAttribute("role", "alert");
  editor.replaceChildren(fieldLabel, field, draw, error);

  const view = {
    field,
    propose() {
      if (field.value.trim()) onExpression(field.value);
      else view.showError("Type a formula first, for example " + (example ?? "x**2 + y**2") + ".");
    },
    set(expression) {
      if (document.activeElement !== field) field.value = expression;
    },
    showError(message) {
      error.textContent = message;
      markInvalid(field, error, Boolean(message));
    },
  };
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter") view.propose();
  });
  field.addEventListener("change", () => view.propose());
  draw.addEventListener("click", () => view.propose());
  return view;
}
