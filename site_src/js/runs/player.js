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

  // Starts a new animation from step `from` (0: the beginning) for paths up to `length` steps;
  // draws the first frame at once (synchronously).
  start(length, from = 0) {
    this.length = length;
    this.step = Math.min(from, length);
    this.onFrame(this.step);
    if (this.step < length) this.play();
    else this.onEnd?.();
  }

  // A path that arrives while the clock runs joins at the current step (or at `from`, when that
  // is further: the opening run's picture's clock, pages/opening.js).
  extend(length, from = 0) {
    this.length = Math.max(this.length, length);
    this.step = Math.max(this.step, Math.min(from, this.length));
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
