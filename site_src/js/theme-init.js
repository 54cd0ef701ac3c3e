// A classic script loaded (blocking) in <head>, before the first paint: applies the colour
// scheme the visitor chose with the header's switch (theme.js), so a dark page never flashes
// light. "auto" (or nothing saved) leaves the choice to the system's prefers-color-scheme.
// Kept in step with theme.js's STORAGE_KEY and THEMES (tests/js/theme.test.mjs checks it).
(function () {
  var choice = null;
  try {
    choice = window.localStorage.getItem("optimizer-paths:theme");
  } catch (error) {
    // storage refused (privacy settings, file://): the system's choice
  }
  if (choice === "light" || choice === "dark") document.documentElement.setAttribute("data-theme", choice);
})();
