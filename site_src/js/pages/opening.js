// A playground page's opening run (issue 16): the build pre-drew the page's opening state into
// the plot (site_build/opening.py: the contour and the default optimizers' paths from the start in
// data-opening, animating at once); the live page runs the same start once Python is ready and
// takes over without a jump: when the live paths are first drawn, the live clock starts where the
// picture's animation is (the picture's SMIL clock, in the playback's steps per second) and the
// picture goes. The opening run is a page default, never written to the URL hash: a link
// with its own starts (s=) or another function shows those, and the picture goes once the live
// contour is drawn; any change the visitor makes drops it at once, and the first click (shifted or
// not) replaces the opening run.
const PICTURE = ".pg-opening";

// "x,y" -> [x, y], or null.
export function parseStart(text) {
  if (typeof text !== "string") return null;
  const parts = text.split(",").map(Number);
  return parts.length === 2 && parts.every(Number.isFinite) ? parts : null;
}

export class Opening {
  // page: the playground (element, ui, urlState, state); picture: the pre-drawn element or null.
  constructor(page) {
    this.page = page;
    this.picture = page.element.querySelector(PICTURE);
    if (this.picture) page.element.dataset.picture = "shown";
    this.start = parseStart(page.element.dataset.opening);
    this.starts = null;      // the state's starts array while they are the opening run's
    this.synced = false;
  }

  // The state to open at: the opening run's start when the page has one, the link asks for no
  // starts of its own, and it is the page's own function with its own parameters.
  apply(state, defaultFunction) {
    const linked = this.page.urlState ? new URLSearchParams(location.hash.slice(1, 2000)) : new URLSearchParams();
    const own = state.fn === defaultFunction && !linked.has("s") && !linked.has("p") && !linked.has("e");
    if (!this.start || !own || state.starts.length) return state;
    this.starts = [this.start];
    return {...state, starts: this.starts};
  }

  // Are `state`'s starts still the opening run's (no click, no link)?
  isOpening(state) {
    return this.starts !== null && state.starts === this.starts;
  }

  // The state as the URL hash says it: without the opening run.
  forHash(state) {
    return this.isOpening(state) ? {...state, starts: []} : state;
  }

  // The live clock's first step for the opening run: where the picture's animation is now (its
  // SMIL clock); the live paths take over from the picture here.
  firstStep(length) {
    if (this.synced || !this.isOpening(this.page.state) || !this.picture) return 0;
    this.synced = true;
    const clock = this.picture.querySelector(".pg-opening-plot");
    const seconds = typeof clock?.getCurrentTime === "function" ? clock.getCurrentTime() : Infinity;
    this.origin = performance.now() / 1000 - seconds;   // when the picture's clock was at 0
    this.drop();
    return Math.min(length, this.clockStep());
  }

  // While the opening run is shown, the step the picture's clock would be at now (0 otherwise):
  // a path that arrives after the first joins there, not where the live clock stopped.
  clockStep() {
    if (this.origin === undefined || !this.isOpening(this.page.state)) return 0;
    const seconds = performance.now() / 1000 - this.origin;
    return Number.isFinite(seconds) ? Math.max(0, seconds * this.page.state.playback.speed) : Infinity;
  }

  // The visitor changed something: the picture no longer shows the state.
  changed() {
    this.drop();
  }

  // The live contour is drawn: a state other than the opening run's (or one paused at a step,
  // which the picture does not show) needs the picture no more.
  contourDrawn(state) {
    if (!this.isOpening(state) || state.playback.step !== null) this.drop();
  }

  drop() {
    if (!this.picture) return;
    this.picture.remove();
    this.picture = null;
    this.page.element.dataset.picture = "replaced";
  }
}
