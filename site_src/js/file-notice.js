// A classic script (module scripts do not run from file://): when the page was opened
// straight from the disk, say how to serve it instead.
(function () {
  if (location.protocol !== "file:") return;
  function show() {
    var notice = document.getElementById("file-notice");
    if (notice) notice.hidden = false;
    document.documentElement.setAttribute("data-python", "failed");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
