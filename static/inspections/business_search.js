// A search box above each business <select data-business-search>: it narrows the options as the inspector types,
// ignoring case and Vietnamese diacritics ("tap hoa" finds "Tạp hóa Minh Anh"), and matching the tax code and the
// commune too. Each option carries its folded text in data-search (folded on the server); only the query is folded
// here. The select keeps its name and value, so the form posts and autosaves exactly as without this script.
// Options that do not match are taken out of the select, not just hidden: phones (iOS) ignore hidden options.
(function () {
  "use strict";

  function fold(text) {
    return String(text || "")
      .replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function enhance(select) {
    if (select.multiple || select.hasAttribute("data-search-ready")) { return; }
    select.setAttribute("data-search-ready", "");
    var all = Array.prototype.slice.call(select.options);

    var box = document.createElement("div");
    box.className = "business-search mb-2";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control";
    input.autocomplete = "off";
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("enterkeyhint", "search");
    input.placeholder = select.getAttribute("data-search-placeholder") || "";
    input.setAttribute("aria-label", input.placeholder);
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("div");
    status.className = "form-text";
    status.setAttribute("aria-live", "polite");
    box.appendChild(input);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);

    function filter() {
      var words = fold(input.value).split(" ").filter(Boolean);
      var value = select.value;
      var shown = 0;
      var keep = all.filter(function (option) {
        if (!option.value) { return true; } // the empty "---------" choice
        var text = option.getAttribute("data-search") || fold(option.textContent);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        if (match) { shown += 1; }
        return match || option.value === value; // never drop the chosen business
      });
      var current = Array.prototype.slice.call(select.options);
      var same = current.length === keep.length && current.every(function (o, i) { return o === keep[i]; });
      if (!same) {
        while (select.firstChild) { select.removeChild(select.firstChild); }
        keep.forEach(function (option) { select.appendChild(option); });
        select.value = value;
      }
      if (!words.length) {
        status.textContent = "";
      } else if (!shown) {
        status.textContent = select.getAttribute("data-search-none") || "";
      } else {
        status.textContent = (select.getAttribute("data-search-count") || "") + " " + shown;
      }
    }

    // Typing in the box is not a change to the record: keep it away from the form's autosave listeners.
    input.addEventListener("input", function (event) { event.stopPropagation(); filter(); });
    input.addEventListener("change", function (event) { event.stopPropagation(); });
    input.addEventListener("search", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); } // Enter must not submit the record
    });
    filter();
  }

  document.querySelectorAll("select[data-business-search]").forEach(enhance);
})();
