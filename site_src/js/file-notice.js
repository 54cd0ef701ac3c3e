// The classic script that starts the page's module (module scripts do not run from file://):
// - opened straight from the disk, it says how to serve the page instead;
// - otherwise it loads the entry module (data-entry) after the first paint, with the chunks the
//   entry imports statically (data-preload, written by the build: fetched beside it, not after it)
//   and the data it asks for first (data-fetch). The page's first picture is in the HTML
//   (site_build/opening.py), so nothing the first paint shows waits on JavaScript; loading it
//   after that paint keeps its bytes and its work from delaying the paint on a slow connection.
(function () {
  var script = document.currentScript;
  if (location.protocol === "file:") {
    whenParsed(function () {
      var notice = document.getElementById("file-notice");
      if (notice) notice.hidden = false;
      document.documentElement.setAttribute("data-python", "failed");
    });
    return;
  }
  var entry = script && script.getAttribute("data-entry");
  if (!entry) return;
  var started = false;

  function link(rel, href, as) {
    var node = document.createElement("link");
    node.rel = rel;
    node.href = href;
    if (as) {
      node.as = as;
      node.crossOrigin = "anonymous";
    }
    document.head.appendChild(node);
  }

  function start() {
    if (started) return;
    started = true;
    var base = new URL(entry, document.baseURI);
    (script.getAttribute("data-preload") || "").split(" ").forEach(function (chunk) {
      if (chunk) link("modulepreload", new URL(chunk, base).href);
    });
    (script.getAttribute("data-fetch") || "").split(" ").forEach(function (file) {
      if (file) link("preload", new URL(file, document.baseURI).href, "fetch");
    });
    var module = document.createElement("script");
    module.type = "module";
    module.src = base.href;
    document.head.appendChild(module);
  }

  // After the first paint: a frame's callback runs just before that frame is painted, and a task
  // queued from it runs after. A hidden page paints no frames: it starts at once (and in any case
  // within a second).
  whenParsed(function () {
    if (document.visibilityState === "hidden" || typeof requestAnimationFrame !== "function") {
      start();
      return;
    }
    requestAnimationFrame(function () {
      setTimeout(start, 0);
    });
    setTimeout(start, 1000);
  });

  function whenParsed(callback) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
    else callback();
  }
})();
