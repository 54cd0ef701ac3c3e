// The playback bar under the plot: play / pause, one step back and forward, the scrubber
// (an <input type="range"> named "Step", which is also the step counter), and the speed.
// It owns the playground's `playback` field ({step, speed}: step null = play to the end)
// and proposes changes through its callbacks; the player (player.js) moves the clock.
// Keyboard, anywhere in the playground outside a text field: K play / pause, "," and "."
// one step back / forward, "[" and "]" slower / faster.
import {el} from "./dom.js";
import {grouped} from "../runs/number-format.js";

export const SPEEDS = [5, 15, 50, 150, 500, 1500];   // steps per second offered
export const KEYS = {k: "toggle", ",": "back", ".": "forward", "[": "slower", "]": "faster"};

// The offered speed one notch slower (direction -1) or faster (+1) than `speed`.
export function nextSpeed(speed, direction) {
  if (direction > 0) return SPEEDS.find((s) => s > speed) ?? SPEEDS[SPEEDS.length - 1];
  return [...SPEEDS].reverse().find((s) => s < speed) ?? SPEEDS[0];
}

// The speed list for a select: the offered ones, plus a link's own speed where it is another.
export function speedChoices(speed) {
  return [...new Set([...SPEEDS, speed])].sort((a, b) => a - b);
}

// The action a key press asks for, or null (modifiers, or typing in a field).
export function keyAction(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const tag = event.target?.tagName;
  if (tag === "INPUT" && event.target.type !== "range" || tag === "SELECT" || tag === "TEXTAREA") return null;
  return KEYS[event.key] ?? null;
}

function button(className, text, label) {
  const node = el("button", `pg-button pg-play-button ${className}`, text);
  node.type = "button";
  node.setAttribute("aria-label", label);
  node.title = label;
  return node;
}

// onToggle(), onStep(delta), onSeek(step), onSpeed(speed). Returns {update(view)} where view =
// {step, length, playing, speed}.
export function renderPlaybackControls(box, {onToggle, onStep, onSeek, onSpeed}) {
  box.replaceChildren();
  const play = button("pg-play", "▶", "Play");
  const back = button("pg-back", "−1", "−1: one step back");   // the name holds the visible text
  const forward = button("pg-forward", "+1", "+1: one step forward");
  const scrubber = el("input", "pg-scrubber");
  scrubber.type = "range";
  scrubber.min = "0";
  scrubber.step = "1";
  scrubber.setAttribute("aria-label", "Step");
  const counter = el("output", "pg-step-count");
  counter.setAttribute("aria-hidden", "true");   // the scrubber's value says the same to screen readers
  const speedLabel = el("label", "pg-speed");
  const speed = el("select");
  speedLabel.append(el("span", "", "Speed "), speed);

  play.addEventListener("click", () => onToggle());
  back.addEventListener("click", () => onStep(-1));
  forward.addEventListener("click", () => onStep(1));
  scrubber.addEventListener("input", () => onSeek(Number(scrubber.value)));
  speed.addEventListener("change", () => onSpeed(Number(speed.value)));
  box.append(play, back, scrubber, forward, counter, speedLabel);

  let shownSpeed = null;
  return {
    update({step, length, playing, speed: stepsPerSecond}) {
      const whole = Math.floor(step);
      play.textContent = playing ? "❚❚" : "▶";
      play.setAttribute("aria-label", playing ? "Pause" : "Play");
      play.title = playing ? "Pause (K)" : "Play (K)";
      scrubber.max = String(length);
      scrubber.value = String(whole);
      scrubber.setAttribute("aria-valuetext", `step ${whole} of ${length}`);
      counter.textContent = `${whole} / ${length}`;
      back.disabled = whole <= 0;
      forward.disabled = whole >= length;
      if (stepsPerSecond !== shownSpeed) {
        shownSpeed = stepsPerSecond;
        speed.replaceChildren(...speedChoices(stepsPerSecond).map((s) => {
          const option = el("option", "", `${grouped(s)} steps/s`);
          option.value = String(s);
          return option;
        }));
        speed.value = String(stepsPerSecond);
      }
    },
  };
}
