// The optimizers: one <button aria-pressed> per optimizer entry, named by the entry's label,
// with a swatch of how its path is drawn (colour, dash pattern, marker: dom.js cueSwatch). No
// tooltip (touch screens have no hover): an enabled entry's settings are on screen in the
// settings panel. The entries of the default presets (and any entry switched on) come first;
// the others sit under "More optimizers", by preset group (the catalog's: the 2018 post's,
// tuned per function, newer optimizers, torch's defaults).
import {el, cueSwatch} from "./dom.js";

// Returns {update(entries)}: the buttons show the entries' state; they are rebuilt only when
// the list itself (keys, labels, colours and cues) changes, so a focused button keeps the focus.
// groups: [{id, label}]; groupOf(key) -> a group id (or undefined: "Other entries").
export function renderToggles(container, {defaultKeys = [], groups = [], groupOf = () => undefined, onToggle}) {
  let shown = null;
  const open = {more: false};    // "More optimizers" stays open across rebuilds
  return {
    update(entries) {
      const list = JSON.stringify(entries.map(({key, label, color, dash, marker}) => [key, label, color, dash, marker]));
      if (list !== shown) {
        shown = list;
        build(container, entries, {defaultKeys, groups, groupOf, onToggle, open});
      }
      for (const entry of entries) {
        container.querySelector(`button[data-key="${CSS.escape(entry.key)}"]`)
          ?.setAttribute("aria-pressed", String(entry.enabled));
      }
    },
  };
}

function build(container, entries, {defaultKeys, groups, groupOf, onToggle, open}) {
  container.replaceChildren();
  const main = toggleRow("Optimizers");
  const more = el("details", "pg-more");
  more.open = open.more;
  more.addEventListener("toggle", () => { open.more = more.open; });
  more.append(el("summary", null, "More optimizers"));
  const rows = new Map(groups.map(({id, label}) => [id, toggleRow(label)]));
  const other = toggleRow("Other entries");
  for (const entry of entries) {
    const button = el("button", "pg-toggle");
    button.type = "button";
    button.dataset.key = entry.key;
    button.setAttribute("aria-pressed", String(entry.enabled));
    button.append(cueSwatch(entry), el("span", null, entry.label));
    button.addEventListener("click", () => onToggle(entry.key, button.getAttribute("aria-pressed") !== "true"));
    const inMain = defaultKeys.length === 0 || defaultKeys.includes(entry.key) || entry.enabled;
    (inMain ? main : rows.get(groupOf(entry.key)) ?? other).append(button);
  }
  container.append(main);
  for (const [id, row] of [...rows, ["other", other]]) {
    if (!row.children.length) continue;
    const label = groups.find((g) => g.id === id)?.label ?? "Other entries";
    const section = el("div", "pg-more-group");
    section.append(el("p", "pg-more-title", label), row);
    more.append(section);
  }
  if (more.children.length > 1) container.append(more);
}

function toggleRow(name) {
  const row = el("div", "pg-toggle-row");
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", name);
  return row;
}
