// The phone inspection form: findings formset add/remove, autosave to this phone and to the server, restore.
// No inline scripts (Content-Security-Policy): everything the script needs is in data- attributes.
(function () {
  "use strict";
  var PREFIX = "inspection-draft:";
  var SKIP_SERVER = "inspection-skip-server-draft:";

  function entries() {
    var out = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) {
          try { out.push({ key: key, state: JSON.parse(localStorage.getItem(key)) }); } catch (e) { /* skip */ }
        }
      }
    } catch (e) { /* storage disabled */ }
    return out;
  }

  function forget(uuid) {
    entries().forEach(function (entry) {
      if (entry.state && entry.state.uuid === uuid) {
        try { localStorage.removeItem(entry.key); } catch (e) { /* ignore */ }
      }
    });
  }

  // A page answering a successful save: the server has what this phone kept, so drop the local copies.
  var savedMarker = document.querySelector("[data-just-saved]");
  if (savedMarker && savedMarker.getAttribute("data-just-saved")) {
    forget(savedMarker.getAttribute("data-just-saved"));
  }

  var form = document.getElementById("inspection-form");
  if (!form) { return; }

  var uuidInput = form.querySelector("input[name=client_uuid]");
  var total = form.querySelector("input[name=findings-TOTAL_FORMS]");
  var container = form.querySelector("[data-formset=findings]");
  var template = document.getElementById("findings-empty");
  var statusBox = document.getElementById("autosave-status");
  var notice = document.getElementById("draft-notice");
  var search = window.location.search.replace(/([?&])draft=[^&]*&?/, "$1").replace(/[?&]$/, "");
  var key = PREFIX + window.location.pathname + search;

  function rows() { return container.querySelectorAll("[data-formset-row]"); }

  function renumber() {
    var n = 0;
    rows().forEach(function (row) {
      var del = row.querySelector("input[name$='-DELETE']");
      var removed = del && del.checked;
      row.classList.toggle("removed", !!removed);
      if (!removed) {
        n += 1;
        var label = row.querySelector("[data-row-number]");
        if (label) { label.textContent = String(n); }
      }
    });
  }

  function addRow() {
    var index = Number(total.value);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    renumber();
    return container.lastElementChild;
  }

  function skipped(el) {
    return !el.name || el.type === "file" || el.type === "submit" || el.type === "button" ||
      el.name === "csrfmiddlewaretoken";
  }

  function capture() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (skipped(el)) { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) {
          (fields[el.name] = fields[el.name] || []).push(o.value);
        });
        return;
      }
      (fields[el.name] = fields[el.name] || []).push(el.value);
    });
    return { uuid: uuidInput.value, savedAt: Date.now(), fields: fields };
  }

  function restore(state) {
    var fields = state.fields || {};
    var wanted = Number((fields["findings-TOTAL_FORMS"] || ["0"])[0]) || 0;
    while (Number(total.value) < wanted) { addRow(); }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (skipped(el) || el.name === "findings-TOTAL_FORMS" || el.name === "findings-INITIAL_FORMS") { return; }
      var values = fields[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = !!values && values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = !!values && values.indexOf(o.value) !== -1; });
      } else if (values && values.length) {
        el.value = values[0];
      }
    });
    renumber();
  }

  function say(text) { if (statusBox) { statusBox.textContent = text; } }

  function storeLocally() {
    try { localStorage.setItem(key, JSON.stringify(capture())); } catch (e) { /* full or disabled */ }
  }

  // Restore: a copy on this phone first (it is the newest this phone knows), else the server's autosaved copy.
  if (!form.hasAttribute("data-has-errors") && !(savedMarker && savedMarker.getAttribute("data-just-saved"))) {
    var local = null;
    try { local = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { local = null; }
    if (!local && form.hasAttribute("data-record")) {
      entries().forEach(function (entry) { if (entry.state && entry.state.uuid === uuidInput.value) { local = entry.state; } });
    }
    var serverNode = document.getElementById("server-draft");
    var server = serverNode ? JSON.parse(serverNode.textContent) : null;
    var skipServer = false;
    try { skipServer = sessionStorage.getItem(SKIP_SERVER + uuidInput.value) === "1"; } catch (e) { /* ignore */ }
    if (local && local.fields) {
      restore(local);
      notice.classList.remove("d-none");
    } else if (server && server.fields && !skipServer) {
      restore(server);
      notice.querySelector("[data-notice-text]").textContent = form.getAttribute("data-restored-server-text");
      notice.classList.remove("d-none");
    }
  }
  renumber();

  notice.querySelector("[data-discard-draft]").addEventListener("click", function () {
    try {
      localStorage.removeItem(key);
      forget(uuidInput.value);
      sessionStorage.setItem(SKIP_SERVER + uuidInput.value, "1");
    } catch (e) { /* ignore */ }
    window.location.replace(window.location.pathname + search);
  });

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-formset-add]");
    if (add) {
      var row = addRow();
      var first = row.querySelector("select, input:not([type=hidden]), textarea");
      if (first) { first.focus(); }
      changed();
      return;
    }
    var remove = event.target.closest("[data-formset-remove]");
    if (remove) {
      var target = remove.closest("[data-formset-row]");
      var del = target.querySelector("input[name$='-DELETE']");
      if (del) { del.checked = true; }
      renumber();
      changed();
      return;
    }
    var submit = event.target.closest("[data-confirm-submit]");
    if (submit && !window.confirm(submit.getAttribute("data-confirm-submit"))) {
      event.preventDefault();
    }
  });

  var dirty = false;
  var sending = false;

  function changed() {
    dirty = true;
    storeLocally();
    say(form.getAttribute("data-local-text"));
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", storeLocally);

  function sendDraft() {
    if (!dirty || sending || !navigator.onLine) { return; }
    var data = new FormData(form);
    data.delete("photos");
    data.delete("action");
    sending = true;
    dirty = false;
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.body.saved) {
        say(form.getAttribute("data-saved-text") + " " + result.body.saved_at);
      } else if (result.body.submitted) {
        forget(uuidInput.value);
        say(form.getAttribute("data-submitted-text"));
      } else {
        dirty = true;
        say(result.body.error || form.getAttribute("data-local-text"));
      }
    }).catch(function () {
      dirty = true;
      say(form.getAttribute("data-local-text"));
    }).then(function () { sending = false; });
  }

  window.setInterval(sendDraft, 10000);
  window.addEventListener("online", sendDraft);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { sendDraft(); }
  });
})();
