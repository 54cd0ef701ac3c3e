// The wheel over the plot: which wheel zooms (Ctrl or ⌘ held, which is also how a trackpad's
// pinch arrives), and the short hint shown over the plot when a plain wheel scrolls the page
// past it instead. The hint is for pointer users only (aria-hidden: the keyboard help says how
// the keys zoom) and fades by itself.

const SHOWN_MS = 1600;   // how long the hint stays after the last plain wheel

// True on Apple's systems, where the key to hold is ⌘ (event.metaKey), not Ctrl.
export function isMac(nav = typeof navigator === "undefined" ? null : navigator) {
  const platform = nav?.userAgentData?.platform || nav?.platform || "";
  return /mac|iphone|ipad|ipod/i.test(platform);
}

// The hint's words for this system.
export function wheelHintText(mac = isMac()) {
  return mac ? "Use ⌘ + scroll to zoom" : "Use Ctrl + scroll to zoom";
}

// Whether a wheel event zooms the plot (else it is the page's, and scrolls it).
export function zoomsOnWheel(event) {
  return Boolean(event.ctrlKey || event.metaKey);
}

export class WheelHint {
  // container: the plot's box (position: relative); the hint is laid over it.
  constructor(container) {
    this.container = container;
    this.node = null;
    this.timer = null;
  }

  show() {
    if (!this.node) {
      this.node = document.createElement("p");
      this.node.className = "pg-wheel-hint";
      this.node.setAttribute("aria-hidden", "true");
      this.node.textContent = wheelHintText();
      this.container.append(this.node);
    }
    this.node.dataset.shown = "true";
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), SHOWN_MS);
  }

  hide() {
    clearTimeout(this.timer);
    if (this.node) this.node.dataset.shown = "false";
  }
}
