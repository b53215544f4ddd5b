// The report filing form: "Use" copies a pre-filled suggestion into its field; Submit asks for confirmation.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".use-prefill") : null;
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-target"));
    if (field) {
      field.value = button.getAttribute("data-value").replace(".", ",");
      field.dispatchEvent(new Event("change", { bubbles: true }));
      field.focus();
    }
  });
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var lastClicked = null;
  form.addEventListener("click", function (event) {
    if (event.target.closest) { lastClicked = event.target.closest("button[type=submit]"); }
  });
  form.addEventListener("submit", function (event) {
    var question = lastClicked && lastClicked.getAttribute("data-confirm-submit");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Post the clicked action even though the buttons get disabled against double submits.
    if (lastClicked && lastClicked.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = lastClicked.name;
      hidden.value = lastClicked.value;
      form.appendChild(hidden);
    }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
