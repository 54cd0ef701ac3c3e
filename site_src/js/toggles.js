// The bar under the plot: one <button aria-pressed> per optimizer entry, named by the
// entry's label, with a circle in the entry's colour. The entries of the default
// presets come first; the others sit in a "more" group.

export function renderToggles(container, entries, {defaultKeys = [], onToggle}) {
  container.replaceChildren();
  const main = document.createElement("div");
  main.className = "pg-toggle-row";
  main.setAttribute("role", "group");
  main.setAttribute("aria-label", "Optimizers");
  const more = document.createElement("details");
  more.className = "pg-more";
  const summary = document.createElement("summary");
  summary.textContent = "More optimizers";
  const moreRow = document.createElement("div");
  moreRow.className = "pg-toggle-row";
  moreRow.setAttribute("role", "group");
  moreRow.setAttribute("aria-label", "More optimizers");
  more.append(summary, moreRow);
  for (const entry of entries) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pg-toggle";
    button.dataset.key = entry.key;
    button.setAttribute("aria-pressed", String(entry.enabled));
    button.title = describe(entry);
    const dot = document.createElement("span");
    dot.className = "pg-dot";
    dot.setAttribute("aria-hidden", "true");
    dot.style.backgroundColor = entry.color;
    dot.style.borderColor = entry.color;
    const label = document.createElement("span");
    label.textContent = entry.label;
    button.append(dot, label);
    button.addEventListener("click", () => {
      const enabled = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(enabled));
      onToggle(entry.key, enabled);
    });
    const inMain = defaultKeys.length === 0 || defaultKeys.includes(entry.key) || entry.enabled;
    (inMain ? main : moreRow).append(button);
  }
  container.append(main);
  if (moreRow.children.length) container.append(more);
}

function describe(entry) {
  const settings = Object.entries(entry.hyperparams)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.join(", ")})` : typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(", ");
  return `${entry.optimizer}(${settings}), ${entry.steps} steps`;
}
