// Playback: the shared clock (player.js) that draws every path up to a step, the playback bar
// and its keys. The state's playback is {step, speed}: a step is where it is paused (a link
// reopens there), null plays to the end. Changes go through the page's update, and apply()
// brings the clock to the state; while it plays, the clock moves on its own each frame (an
// animation of the state, not a change of it).
import {Player} from "./player.js";
import {renderPlaybackControls, keyAction, nextSpeed} from "../controls/playback-controls.js";

export class Playback {
  constructor(page) {
    this.page = page;
    this.awaitingFirstFrame = false;   // a click waits for its first drawn frame (op:first-frame)
    this.player = new Player({
      speed: page.state.playback.speed,
      onFrame: (step) => this.onFrame(step),
      onEnd: () => this.showBar(),
    });
    this.controls = renderPlaybackControls(page.ui.playback, {
      onToggle: () => this.toggle(),
      onStep: (delta) => this.seek(Math.floor(this.player.step) + delta),
      onSeek: (step) => this.seek(step),
      onSpeed: (speed) => this.propose({speed}),
    });
    page.element.addEventListener("keydown", (event) => this.onKey(event));
  }

  propose(patch) {
    this.page.update({playback: {...this.page.state.playback, ...patch}});
  }

  // The state's playback, applied to the clock.
  apply({step, speed}) {
    this.player.speed = speed;
    if (step !== null) {
      this.player.pause();
      if (this.player.length) this.player.seek(step);
    } else if (!this.player.playing && this.player.length && this.player.step < this.player.length) {
      this.player.play();
    }
    this.showBar();
  }

  // The paths there are now reach `length` steps (0: none).
  setLength(length) {
    const player = this.player;
    const {step} = this.page.state.playback;
    if (!length) {
      player.stop();
      this.page.renderer.drawFrame(0);
    } else if (step !== null) {
      // paused at a step (the visitor's, or the link's): stay there as paths arrive
      player.length = Math.max(player.length, length);
      player.seek(step);
    } else if (player.length === 0) {
      player.start(length, this.page.opening?.firstStep(length) ?? 0);   // the opening run: where its picture is
    } else {
      player.extend(length, this.page.opening?.clockStep() ?? 0);
    }
    this.showBar();
  }

  stop() {
    this.player.stop();
  }

  onFrame(step) {
    this.page.renderer.drawFrame(step);
    this.page.lossChart.setStep(step);
    this.page.runView?.onFrame(step);   // results rows appear as their paths end
    this.showBar();
    if (this.awaitingFirstFrame && this.page.renderer.paths.length) {
      this.awaitingFirstFrame = false;
      performance.mark("op:first-frame");
    }
  }

  onKey(event) {
    const action = keyAction(event);
    if (!action || this.player.length === 0) return;
    event.preventDefault();
    if (action === "toggle") this.toggle();
    else if (action === "back" || action === "forward") this.seek(Math.floor(this.player.step) + (action === "back" ? -1 : 1));
    else this.propose({speed: nextSpeed(this.page.state.playback.speed, action === "slower" ? -1 : 1)});
  }

  toggle() {
    if (this.player.playing) {
      this.propose({step: Math.floor(this.player.step)});
    } else if (this.page.state.playback.step === null) {
      this.player.play();   // played to the end: again from the start (the state still says "to the end")
      this.showBar();
    } else {
      this.propose({step: null});
    }
  }

  // Pauses at `step` (clamped to the paths' length).
  seek(step) {
    const clamped = Math.floor(Math.max(0, Math.min(this.player.length, step)));
    if (clamped === this.page.state.playback.step) {
      this.player.pause();
      this.player.seek(clamped);
      this.showBar();
    } else {
      this.propose({step: clamped});
    }
  }

  showBar() {
    this.controls.update({step: this.player.step, length: this.player.length,
                          playing: this.player.playing, speed: this.page.state.playback.speed});
  }
}
