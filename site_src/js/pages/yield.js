// Start-up work in short tasks: yieldToMain() gives the main thread back to the browser (a paint,
// the visitor's input) between two steps, and resumes ahead of other queued work where the browser
// can (scheduler.yield); elsewhere after a task of its own (a message to itself, which the browser
// does not slow down as it may a timer).
export function yieldToMain() {
  if (typeof globalThis.scheduler?.yield === "function") return globalThis.scheduler.yield();
  if (typeof MessageChannel !== "function") return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

// After the browser's next rendering update (a frame's callback, then a task): the style and layout of
// what start-up added are done in that frame's own task, not inside the next step that reads them.
export function afterNextFrame() {
  if (typeof requestAnimationFrame !== "function" || document.visibilityState === "hidden") return yieldToMain();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
