// Ratsuche: progressive enhancement only; the page works without JavaScript.
// Empty form fields and default values are left out of the URL, so shared links stay short.
(function () {
  "use strict";
  var DEFAULTS = { mode: "hybrid", sort: "relevance" };
  function enableAll(form) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.dataset.skipped) { el.disabled = false; delete el.dataset.skipped; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("suchformular");
    if (!form) { return; }
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.disabled) { return; }
        var empty = el.value === "" || DEFAULTS[el.name] === el.value;
        if (el.type === "radio" && !el.checked) { return; }
        if (empty) { el.dataset.skipped = "1"; el.disabled = true; }
      });
    });
    // On a narrow screen the filters start folded unless one is in use (the results come first).
    var filters = document.getElementById("filter");
    if (filters && !filters.dataset.active && window.matchMedia("(max-width: 56rem)").matches) {
      filters.open = false;
    }
    // Coming back with the back button: every field usable again, and the form shows the
    // search of this page's URL (not what was typed or chosen before leaving it).
    window.addEventListener("pageshow", function (event) {
      enableAll(form);
      var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
      if (event.persisted || (nav && nav.type === "back_forward")) { form.reset(); }
    });
  });
})();
