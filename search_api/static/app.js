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

// The search field as a combobox: completions from /suggest while typing (ARIA 1.2 pattern:
// arrow keys move through the list, Enter takes the highlighted one, Escape closes it).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("q");
    if (!input || !window.fetch) { return; }
    var list = document.createElement("ul");
    list.id = "q-vorschlaege";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Vorschläge");
    list.className = "suggestions";
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1, pending = null, timer = null;
    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      Array.prototype.forEach.call(all, function (el, i) {
        el.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
    }
    function choose(text) {
      input.value = text; close();
      input.form.requestSubmit ? input.form.requestSubmit() : input.form.submit();
    }
    function show(items) {
      list.textContent = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = "q-vorschlag-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = item.text;
        var kind = document.createElement("span");
        kind.className = "hint";
        kind.textContent = " " + item.kind;
        li.appendChild(kind);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item.text); });
        list.appendChild(li);
      });
      if (items.length) {
        list.hidden = false; active = -1;
        input.setAttribute("aria-expanded", "true");
      } else { close(); }
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value;
      if (text.trim().length < 2) { close(); return; }
      timer = setTimeout(function () {
        pending = text;
        fetch("/suggest?" + new URLSearchParams({ q: text })).then(function (r) {
          return r.ok ? r.json() : [];
        }).then(function (items) { if (pending === input.value) { show(items); } })
          .catch(function () { close(); });
      }, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault(); choose(options()[active].firstChild.textContent);
      }
    });
    input.addEventListener("blur", close);
  });
})();
