// The organisers' certificates page: while a bulk issue runs, polls its JSON (data-url) every data-poll-seconds
// and updates the progress bar and the counts; stops once the batch is finished. No inline script (CSP).

function start(box) {
  const url = box.dataset.url;
  const every = Math.max(1, +box.dataset.pollSeconds || 2) * 1000;
  const bar = box.querySelector("[data-batch-progress]");
  const percent = box.querySelector("[data-batch-percent]");
  const label = box.querySelector("[data-batch-label]");
  const text = box.querySelector("[data-batch-text]");
  const refresh = () => {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        const batch = answer && answer.batch;
        if (!batch) { return true; }
        bar.value = batch.percent;
        bar.textContent = `${Math.round(batch.percent)} %`;
        percent.textContent = `${Math.round(batch.percent)} %`;
        label.textContent = batch.label;
        text.textContent = batch.text;
        box.dataset.finished = batch.finished ? "true" : "false";
        return !batch.finished;
      })
      .catch(() => true) // offline for a moment: the next poll tries again
      .then((again) => { if (again) { setTimeout(refresh, every); } });
  };
  if (box.dataset.finished !== "true") { setTimeout(refresh, every); }
}

document.querySelectorAll(".certificate-batch[data-url]").forEach(start);
