// Keeps the marks layer under the draft textarea scrolled with it, and counts post texts' characters as you type.
// Everything else is plain HTML + htmx.
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
// Live character counts for post texts: "120 / 280 characters (x)", marked when over the platform's limit.
// Characters are code points (Array.from), as the server counts them (posts/limits.py).
(function () {
  function limitOf(area) {
    var from = area.getAttribute("data-limit-from");
    if (from) {
      var select = document.getElementById(from);
      var option = select && select.options[select.selectedIndex];
      if (!option) { return [null, null]; }
      return [option.getAttribute("data-limit"), option.getAttribute("data-platform")];
    }
    return [area.getAttribute("data-limit"), area.getAttribute("data-platform")];
  }
  function count(area) {
    var out = document.getElementById(area.getAttribute("data-counter"));
    if (!out) { return; }
    var found = limitOf(area);
    var limit = found[0] ? parseInt(found[0], 10) : 0;
    var used = Array.from(area.value).length;
    var text = used + (limit ? " / " + limit : "") + " characters" + (found[1] ? " (" + found[1] + ")" : "");
    if (limit && used > limit) { text += ": " + (used - limit) + " too many"; }
    out.textContent = text;
    out.classList.toggle("over", Boolean(limit && used > limit));
  }
  function all() {
    var areas = document.querySelectorAll("textarea[data-counter]");
    for (var i = 0; i < areas.length; i++) { count(areas[i]); }
  }
  document.addEventListener("input", function (e) {
    if (e.target && e.target.matches && e.target.matches("textarea[data-counter]")) { count(e.target); }
  });
  document.addEventListener("change", function (e) {
    if (e.target && e.target.tagName === "SELECT") { all(); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
