// Export jobs: polls every [data-export-job] that is not finished and moves its progress bar until the file is
// ready (download link) or the job failed (reason + retry). No inline script anywhere (Content-Security-Policy).
(function () {
  "use strict";

  function update(box, job) {
    box.setAttribute("data-status", job.status);
    var bar = box.querySelector("[data-job-progress]");
    var inner = bar ? bar.querySelector(".progress-bar") : null;
    if (bar && inner) {
      bar.setAttribute("aria-valuenow", String(job.progress));
      inner.style.width = job.progress + "%";
      inner.textContent = job.progress + "%";
      inner.classList.toggle("bg-success", job.status === "done");
      inner.classList.toggle("bg-danger", job.status === "failed");
      inner.classList.toggle("progress-bar-striped", !job.finished);
      inner.classList.toggle("progress-bar-animated", !job.finished);
    }
    var label = box.querySelector("[data-job-status-label]");
    if (label) { label.textContent = job.status_label; }
    var stage = box.querySelector("[data-job-stage]");
    if (stage) { stage.textContent = job.stage || ""; }
    var done = box.querySelector("[data-job-done]");
    if (done) {
      done.hidden = job.status !== "done";
      if (job.status === "done") {
        var link = done.querySelector("[data-job-download]");
        if (link) { link.href = job.download_url; }
        var name = done.querySelector("[data-job-filename]");
        if (name) { name.textContent = job.filename; }
        var code = done.querySelector("[data-job-code]");
        if (code) { code.textContent = job.verification_code; }
      }
    }
    var failed = box.querySelector("[data-job-failed]");
    if (failed) {
      failed.hidden = job.status !== "failed";
      var error = failed.querySelector("[data-job-error]");
      if (error) { error.textContent = job.error || ""; }
    }
  }

  function poll(box) {
    var url = box.getAttribute("data-status-url");
    var started = Date.now();
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (job) {
          update(box, job);
          if (!job.finished) { schedule(); }
        })
        .catch(function () { schedule(5000); });
    }
    function schedule(delay) {
      // Quick at first so a short job visibly moves, then gentler on the server.
      var wait = delay || (Date.now() - started < 30000 ? 500 : 2000);
      window.setTimeout(tick, wait);
    }
    tick();
  }

  document.querySelectorAll("[data-export-job]").forEach(function (box) {
    var status = box.getAttribute("data-status");
    if (status !== "done" && status !== "failed") { poll(box); }
  });
})();
