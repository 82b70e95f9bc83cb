(function () {
  "use strict";
  var body = document.body;
  var failedBox = document.getElementById("f-failed");
  var feedbackSel = document.getElementById("f-feedback");
  var textBox = document.getElementById("f-text");
  var status = document.getElementById("filter-status");
  if (!failedBox) { body.setAttribute("data-js", "ready"); return; }
  var tests = Array.prototype.slice.call(document.querySelectorAll("[data-test]"));
  // rows filtered like tests: the tests and the earlier attempts of rerun tests (not counted)
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-test],[data-attempt]"));
  var suites = Array.prototype.slice.call(document.querySelectorAll("[data-suite]")).reverse();
  var keysOf = new Map();
  rows.forEach(function (t) {
    var keys = [];
    try { keys = JSON.parse(t.getAttribute("data-feedback") || "[]"); } catch (e) { keys = []; }
    keysOf.set(t, keys);
  });

  function readLocation() {
    var params = [];
    if (location.search.length > 1) { params = params.concat(location.search.slice(1).split("&")); }
    if (location.hash.length > 1) { params = params.concat(location.hash.slice(1).split("&")); }
    var target = null;
    params.forEach(function (p) {
      var eq = p.indexOf("=");
      var k = decodeURIComponent(eq < 0 ? p : p.slice(0, eq));
      var v = eq < 0 ? "" : decodeURIComponent(p.slice(eq + 1).replace(/\+/g, " "));
      if (k === "failed" || (k === "filter" && v === "failed")) { failedBox.checked = v !== "0" && v !== "false"; }
      else if (k === "feedback") { feedbackSel.value = v; }
      else if (k === "q") { textBox.value = v; }
      else if (k.indexOf("run-") === 0) { target = document.getElementById(k); }
    });
    return target;
  }

  function writeLocation() {
    var parts = [];
    if (failedBox.checked) { parts.push("failed"); }
    if (feedbackSel.value) { parts.push("feedback=" + encodeURIComponent(feedbackSel.value)); }
    if (textBox.value.trim()) { parts.push("q=" + encodeURIComponent(textBox.value.trim())); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash && history.replaceState) {
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
  }

  function apply() {
    var onlyFailed = failedBox.checked;
    var key = feedbackSel.value;
    var q = textBox.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (t) {
      var ok = true;
      if (onlyFailed && t.getAttribute("data-outcome") !== "failed") { ok = false; }
      if (key && keysOf.get(t).indexOf(key) < 0) { ok = false; }
      if (q && (t.getAttribute("data-name") || "").indexOf(q) < 0) { ok = false; }
      t.hidden = !ok;
      if (ok && t.hasAttribute("data-test")) { shown++; }
    });
    var filtering = onlyFailed || !!key || !!q;
    suites.forEach(function (s) {
      var all = s.querySelectorAll("[data-test]").length;
      var visible = s.querySelectorAll("[data-test]:not([hidden])").length;
      s.hidden = filtering && (all === 0 || visible === 0);
    });
    var what = [];
    if (onlyFailed) { what.push("failed only"); }
    if (key) { what.push("feedback \u201C" + key + "\u201D"); }
    if (q) { what.push("name contains \u201C" + q + "\u201D"); }
    status.textContent = "Showing " + shown + " of " + tests.length + " tests" + (what.length ? " (" + what.join(", ") + ")" : "");
    body.setAttribute("data-shown", String(shown));
  }

  function openTo(el) {
    for (var n = el; n; n = n.parentElement) {
      if (n.tagName === "DETAILS") { n.open = true; }
      if (n.hidden) { n.hidden = false; }
    }
    el.scrollIntoView({ block: "start" });
  }

  failedBox.addEventListener("change", function () { apply(); writeLocation(); });
  feedbackSel.addEventListener("change", function () { apply(); writeLocation(); });
  textBox.addEventListener("input", function () { apply(); writeLocation(); });
  document.getElementById("expand-all").addEventListener("click", function () {
    document.querySelectorAll("details.run").forEach(function (d) { if (!d.closest("[hidden]")) { d.open = true; } });
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    document.querySelectorAll("details.run").forEach(function (d) { d.open = false; });
  });
  window.addEventListener("hashchange", function () {
    var target = readLocation();
    apply();
    if (target) { openTo(target); }
  });

  var initialTarget = readLocation();
  apply();
  if (initialTarget) { openTo(initialTarget); }
  body.setAttribute("data-js", "ready");
})();
