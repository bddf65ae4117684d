// The organiser's stream panel: copy buttons for the server and keys, and the encoder report redrawn every few
// seconds from the server's fragment (no inline script: the CSP forbids it).

function copyButton(button) {
  button.addEventListener("click", () => {
    const source = document.getElementById(button.dataset.copy);
    if (!source) { return; }
    const label = button.textContent;
    const done = () => {
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, () => { source.select(); });
    } else {
      source.select();  // plain http: the browser's own copy (Ctrl+C) takes the selection
      done();
    }
  });
}

function refreshReport(region) {
  const refresh = () => {
    fetch(region.dataset.url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => { if (html !== null) { region.innerHTML = html; } })
      .catch(() => { /* offline for a moment: the next round tries again */ })
      .then(() => { setTimeout(refresh, 3000); });
  };
  setTimeout(refresh, 3000);
}

document.querySelectorAll("button.copy[data-copy]").forEach(copyButton);
document.querySelectorAll(".stream-report[data-url]").forEach(refreshReport);
