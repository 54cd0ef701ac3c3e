// Animates paths on one shared clock: the clock counts steps, every path shows its
// points up to the clock's step, and each stops at its own step count.
// play / pause / seek make a later scrubber a matter of wiring.

export class Player {
  // onFrame(step) draws; onEnd() is called once the clock passes the longest path.
  constructor({onFrame, onEnd, speed = 150} = {}) {
    this.onFrame = onFrame;
    this.onEnd = onEnd;
    this.speed = speed;          // steps per second
    this.length = 0;             // the longest path's step count
    this.step = 0;
    this.playing = false;
    this.frame = null;
    this.lastTime = null;
    this.tick = this.tick.bind(this);
  }

  // Starts a new animation from step 0 for paths up to `length` steps; draws the
  // first frame at once (synchronously).
  start(length) {
    this.length = length;
    this.step = 0;
    this.onFrame(0);
    this.play();
  }

  // A path that arrives while the clock runs joins at the current step.
  extend(length) {
    this.length = Math.max(this.length, length);
    if (!this.playing && this.step < this.length) this.play();
    else this.onFrame(this.step);
  }

  play() {
    if (this.playing) return;
    if (reducedMotion()) {
      // No animation for those who asked for less motion: the whole paths at once.
      this.step = this.length;
      this.onFrame(this.step);
      this.onEnd?.();
      return;
    }
    if (this.step >= this.length) this.step = 0;
    this.playing = true;
    this.lastTime = null;
    this.frame = requestAnimationFrame(this.tick);
  }

  pause() {
    this.playing = false;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
  }

  seek(step) {
    this.step = Math.max(0, Math.min(this.length, step));
    this.onFrame(this.step);
  }

  stop() {
    this.pause();
    this.length = 0;
    this.step = 0;
  }

  tick(time) {
    if (!this.playing) return;
    if (this.lastTime !== null) {
      // At most a tenth of a second per frame, so a hidden tab does not jump ahead.
      const dt = Math.min(0.1, (time - this.lastTime) / 1000);
      this.step = Math.min(this.length, this.step + dt * this.speed);
    }
    this.lastTime = time;
    this.onFrame(this.step);
    if (this.step >= this.length) {
      this.playing = false;
      this.frame = null;
      this.onEnd?.();
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  }
}

function reducedMotion() {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}
