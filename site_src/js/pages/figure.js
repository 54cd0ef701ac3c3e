// The article's figures (site_build/figures.py writes them): a [data-playground] element with
// data-state, the playground URL hash of the state the figure states, holding the figure's static
// picture. The playground opens at that state and runs its starts once Python is ready; the
// picture stays over the plot until the live plot has paths, so a slow load never shows an empty
// box. A figure never writes the page's URL, and its heavier panels are folded away (layout.js).
import {fromHash} from "../state/state.js";

const PICTURE = ".op-figure-picture";

export function isFigure(element) {
  return typeof element?.dataset?.state === "string";
}

// The state `text` (data-state, without "#") describes, read as a link's hash is (state.js), or
// null when it holds none of the state's keys; what could not be read is pushed onto `problems`.
export function figureState(text, catalog, functionId, problems = []) {
  if (typeof text !== "string" || !text) return null;
  return fromHash("#" + text.replace(/^#/, ""), catalog, functionId, problems);
}

// The figures first in reading order, each mounted when it comes near the viewport (all at once
// where IntersectionObserver is missing); other playgrounds at once. mount(element) is called
// once per element.
export function mountWhenNear(elements, mount, {margin = "600px"} = {}) {
  const later = elements.filter(isFigure);
  for (const element of elements) if (!later.includes(element)) mount(element);
  if (!later.length) return;
  if (typeof IntersectionObserver !== "function") {
    later.forEach(mount);
    return;
  }
  const observer = new IntersectionObserver((seen) => {
    for (const entry of seen) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      mount(entry.target);
    }
  }, {rootMargin: `${margin} 0px`});
  later.forEach((element) => observer.observe(element));
}

// The static picture, taken out of the element before the layout replaces its children.
export function takePicture(element) {
  const picture = element.querySelector(PICTURE);
  picture?.remove();
  return picture ?? null;
}

// The picture over the plot area until the live plot has paths (data-picture="shown").
export function showPicture(element, plot, picture) {
  if (!picture) return null;
  plot.prepend(picture);
  element.dataset.picture = "shown";
  return picture;
}

// The live plot replaces the picture (data-picture="replaced").
export function dropPicture(element, picture) {
  if (!picture) return null;
  picture.remove();
  element.dataset.picture = "replaced";
  return null;
}
