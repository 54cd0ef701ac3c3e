// The line under the plot: a hint of what a click does (from the state's starts and
// startMode), or, while the pointer or the keyboard cross is over the plot, its x, y and
// f(x, y). f comes from Python, one request at a time (the latest point wins), and is said only
// for the point it belongs to; the keyboard cross is announced once it rests. The pointer and
// the cross are gestures: shown here at once, never state.
import {crossLine} from "../runs/announcements.js";
import {format} from "../runs/number-format.js";
import {functionSpec} from "../state/state.js";

const TOUCH = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
export const HINT = TOUCH ? "Tap the plot to start every enabled optimizer from that point (\"Add starts\" adds more)."
  : "Click the plot to start every enabled optimizer from that point (shift-click adds a start).";
const HINT_AFTER_RUN = TOUCH ? "Tap elsewhere for a new start; \"Add starts\" adds more." : "Click elsewhere for a new start; shift-click adds one.";
const HINT_ADDING = "Each click or tap on the plot adds a start.";
const CROSS_PAUSE_MS = 300;   // the keyboard cross is announced once it rests this long

export class Readout {
  constructor(page) {
    this.page = page;
    this.hovered = null;      // the point under the pointer or the cross, or null
    this.hoverValue = null;   // {point, f} Python said last
    this.crossDue = null;
    this.asking = false;
  }

  hint(state) {
    if (state.startMode === "add") return HINT_ADDING;
    return state.starts.length ? HINT_AFTER_RUN : HINT;
  }

  // The hint again (the state's starts or start mode changed), unless a point is shown.
  showHint() {
    if (!this.hovered) this.page.ui.readout.textContent = this.hint(this.page.state);
  }

  onHover(point) {
    this.hovered = point;
    const {ui, client} = this.page;
    if (!point) {
      ui.readout.textContent = this.hint(this.page.state);
      return;
    }
    const where = `x = ${point[0].toFixed(3)}, y = ${point[1].toFixed(3)}`;
    ui.readout.textContent = client.status === "ready" ? `${where}, f = …` : where;
    if (client.status === "ready") this.askValue();
  }

  // The keyboard cross moved: the readout follows at once; once it rests, it is announced
  // with f when Python has said it (askValue calls again when the value comes).
  onCross(point) {
    this.onHover(point);
    clearTimeout(this.crossTimer);
    this.crossTimer = setTimeout(() => {
      this.crossDue = point;
      this.sayCross();
    }, CROSS_PAUSE_MS);
  }

  sayCross() {
    const point = this.crossDue;
    if (!point) return;
    const known = this.hoverValue?.point === point;
    if (!known && this.page.client.status === "ready" && this.hovered === point) return;   // f is on its way
    this.crossDue = null;
    this.page.notices.say([crossLine(point, known ? this.hoverValue.f : null)]);
  }

  async askValue() {
    if (this.asking) return;
    this.asking = true;
    let asked = null;
    while (this.hovered && this.hovered !== asked) {
      asked = this.hovered;
      const {client, state, catalog, ui} = this.page;
      const reply = await client.call("values", {function: functionSpec(state, catalog), points: [asked]}, {tag: "values"})
        .catch(() => null);
      this.hoverValue = {point: asked, f: reply ? reply.values[0] : null};
      if (reply && this.hovered === asked) {
        ui.readout.textContent = `x = ${asked[0].toFixed(3)}, y = ${asked[1].toFixed(3)}, f = ${format(reply.values[0])}`;
      }
      this.sayCross();
    }
    this.asking = false;
  }
}
