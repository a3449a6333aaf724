// Keeps the marks layer under the draft textarea scrolled with it. Everything else is plain HTML + htmx.
(function () {
  function sync() {
    var area = document.getElementById("draft");
    var marks = document.getElementById("draft-marks");
    if (!area || !marks) { return; }
    marks.scrollTop = area.scrollTop;
    marks.scrollLeft = area.scrollLeft;
  }
  document.addEventListener("scroll", function (e) { if (e.target && e.target.id === "draft") { sync(); } }, true);
  document.addEventListener("htmx:afterSwap", sync);
  document.addEventListener("htmx:oobAfterSwap", sync);
})();
