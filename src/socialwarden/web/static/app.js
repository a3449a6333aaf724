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
// The inbox's keyboard shortcuts: j/k move through the list, o or Enter opens, x ticks, / goes to the filters,
// Esc closes the detail pane. Ignored while typing in a field.
(function () {
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("table.inbox-list tr[data-row]")); }
  function current(list) {
    for (var i = 0; i < list.length; i++) { if (list[i].classList.contains("kbd")) { return i; } }
    for (var j = 0; j < list.length; j++) { if (list[j].classList.contains("current")) { return j; } }
    return -1;
  }
  function select(list, index) {
    list.forEach(function (r) { r.classList.remove("kbd"); });
    var row = list[index];
    if (!row) { return; }
    row.classList.add("kbd");
    var link = row.querySelector("a.row-link");
    if (link) { link.focus(); }
  }
  document.addEventListener("keydown", function (e) {
    var list = rows();
    if (!list.length && e.key !== "Escape") { return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) {
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var at = current(list);
    if (e.key === "j") { select(list, Math.min(at + 1, list.length - 1)); e.preventDefault(); }
    else if (e.key === "k") { select(list, Math.max(at - 1, 0)); e.preventDefault(); }
    else if (e.key === "o" && at >= 0) { list[at].querySelector("a.row-link").click(); e.preventDefault(); }
    else if (e.key === "x" && at >= 0) {
      var box = list[at].querySelector("input[type=checkbox]");
      if (box) { box.checked = !box.checked; }
      e.preventDefault();
    }
    else if (e.key === "/") { var f = document.getElementById("f-cat"); if (f) { f.focus(); e.preventDefault(); } }
    else if (e.key === "Escape") { var c = document.getElementById("close-detail"); if (c) { c.click(); } }
  });
})();
