// The organisers' live panel: polls the panel's JSON (data-url) every data-poll-seconds and redraws the counts.
// Counts only, no names. No inline script (the CSP forbids it): this module finds its element by class.

function rows(body, items) {
  body.textContent = "";
  items.forEach((item) => {
    const row = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = item.name;
    const count = document.createElement("td");
    count.className = "number";
    count.textContent = item.viewers.toLocaleString(document.documentElement.lang || undefined);
    row.appendChild(name);
    row.appendChild(count);
    body.appendChild(row);
  });
}

function start(panel) {
  const url = panel.dataset.url;
  const every = Math.max(2, +panel.dataset.pollSeconds || 5) * 1000;
  const total = panel.querySelector("[data-viewers]");
  const refresh = () => {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((figures) => {
        if (!figures) { return; }
        total.textContent = figures.viewers.toLocaleString(document.documentElement.lang || undefined);
        panel.querySelectorAll("[data-rows]").forEach((body) => { rows(body, figures[body.dataset.rows] || []); });
        panel.dataset.updatedAt = figures.updated_at;
      })
      .catch(() => { /* offline for a moment: the next poll tries again */ })
      .then(() => { setTimeout(refresh, every); });
  };
  setTimeout(refresh, every);
}

document.querySelectorAll(".live-panel[data-url]").forEach(start);
