// The progress of a job: <div data-job="status URL"> with [data-job-progress], [data-job-ready] and
// [data-job-failed] inside. Asks for the job's state every 2 s until it is done or failed.
(function () {
  var box = document.querySelector("[data-job]");
  if (!box) { return; }
  var bar = box.querySelector("[data-job-progress]");
  function show(selector) {
    var text = box.querySelector("[data-job-text]");
    if (text) { text.hidden = true; }
    if (bar) { bar.hidden = true; }
    box.querySelector(selector).hidden = false;
  }
  function poll() {
    fetch(box.getAttribute("data-job"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (bar) { bar.value = job.progress; bar.textContent = job.progress + "%"; }
        if (job.state === "done") { show("[data-job-ready]"); }
        else if (job.state === "failed") { show("[data-job-failed]"); }
        else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (bar) { window.setTimeout(poll, 1000); }
})();
