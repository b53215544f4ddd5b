// Portal-wide behaviour, loaded on every page. No inline scripts anywhere (Content-Security-Policy).
(function () {
  "use strict";
  // <form data-confirm="..."> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Disable submit buttons once, so a double click does not post twice.
    if (!event.defaultPrevented && !form.hasAttribute("data-allow-resubmit")) {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });
  // <select data-autosubmit> submits its form on change.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-autosubmit]")) {
      event.target.form.submit();
    }
  });
})();

// A link to a collapsed panel ("…#lineage-TT02" from a district's report form) opens it and scrolls to it.
document.addEventListener("DOMContentLoaded", function () {
  if (!location.hash || location.hash.length < 2) return;
  var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target || !target.classList.contains("collapse")) return;
  target.classList.add("show");
  document.querySelectorAll('[data-bs-target="#' + target.id + '"]').forEach(function (toggle) {
    toggle.setAttribute("aria-expanded", "true");
  });
  var row = target.previousElementSibling || target;
  window.addEventListener("load", function () {
    window.setTimeout(function () { row.scrollIntoView({ block: "start" }); }, 0);
  });
});
