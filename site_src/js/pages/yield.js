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
