// The lecture page while its replay is being made: shows the worker's progress and, once the replay is published,
// reloads the page so that the player appears. Polls gently (every 3 s, slower after errors).
const box = document.querySelector("[data-replay-progress]");
if (box) {
  const url = box.getAttribute("data-url");
  const percentFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "percent" });
  const poll = async () => {
    let delay = 3000;
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const data = await response.json();
        if (data.state === "available") {
          window.location.reload();
          return;
        }
        const bar = box.querySelector("[data-bar]");
        const percent = box.querySelector("[data-percent]");
        if (bar && data.progress !== null) {
          bar.hidden = false;
          bar.value = data.progress;
        }
        if (percent && data.progress !== null) {
          percent.textContent = percentFormat.format(Math.round(data.progress) / 100);
        }
      } else {
        delay = 15000;
      }
    } catch (error) {
      delay = 15000;
    }
    setTimeout(poll, delay);
  };
  setTimeout(poll, 3000);
}
