// Task form: show only the lead fields that the chosen kind of lead uses. Without JS every field stays visible.
(function () {
  "use strict";
  var kind = document.getElementById("id_lead_kind");
  if (!kind) { return; }
  var uses = {
    agency: ["lead_agency"],
    committee: ["lead_committee"],
    position: ["lead_committee", "lead_role"],
    members: ["lead_committee"]
  };
  function wrapper(name) {
    return document.getElementById("div_id_" + name);
  }
  function update() {
    var shown = uses[kind.value] || [];
    ["lead_agency", "lead_committee", "lead_role"].forEach(function (name) {
      var box = wrapper(name);
      if (box) { box.hidden = shown.indexOf(name) < 0; }
    });
  }
  kind.addEventListener("change", update);
  update();
})();
