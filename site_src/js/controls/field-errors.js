// A field the page refused: aria-invalid="true" on it and, through aria-describedby, the
// element that says why (its role="alert" line), so a screen reader names both; cleared once
// the field's value is accepted. Every control that checks a typed value uses it.

let errorIds = 0;

// invalid: whether `input`'s value was refused; `message`: the element saying why.
export function markInvalid(input, message, invalid) {
  if (!input || !message) return;
  if (!message.id) message.id = `pg-field-error-${++errorIds}`;
  const ids = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== message.id);
  if (invalid) {
    input.setAttribute("aria-invalid", "true");
    ids.push(message.id);
  } else {
    input.removeAttribute("aria-invalid");
  }
  if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
  else input.removeAttribute("aria-describedby");
}
