// A <select> of every function in the catalog.

let counter = 0;

export function renderFunctionPicker(container, functions, {selected, onChange}) {
  const id = `pg-function-${++counter}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = "Function";
  const select = document.createElement("select");
  select.id = id;
  select.className = "pg-function-select";
  for (const fn of functions) {
    const option = document.createElement("option");
    option.value = fn.id;
    option.textContent = fn.name;
    select.append(option);
  }
  select.value = selected;
  select.addEventListener("change", () => onChange(select.value));
  container.replaceChildren(label, select);
  return {set: (value) => { select.value = value; }};
}
