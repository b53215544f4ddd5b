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
