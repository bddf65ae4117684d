// Live transcoding progress on the organisers' media page: polls the status while a job is queued or running.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-transcode]");
    if (!box) { return; }
    var status = box.getAttribute("data-status");
    if (status !== "queued" && status !== "running") { return; }
    var bar = box.querySelector("[data-transcode-progress]");
    var text = box.querySelector("[data-transcode-text]");
    var label = box.querySelector("[data-transcode-label]");
    function poll() {
      fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var job = data.job;
          if (!job) { return; }
          if (bar) { bar.value = job.progress; bar.textContent = job.progress + "%"; }
          if (text) { text.textContent = job.text; }
          if (label) { label.textContent = job.label; }
          if (job.status === "queued" || job.status === "running") {
            setTimeout(poll, 2000);
          } else {
            window.location.reload();
          }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 2000);
  });
})();
