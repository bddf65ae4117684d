// The lecture page's live section (live/_live.html): polls the live state (data-state-url) and switches by itself,
// without a reload: waiting room -> player when the stream begins -> "the stream will resume shortly" while the
// publisher is gone -> "the replay will be available shortly" after the end -> the replay's player. Also the
// waiting room's test of the viewer's player and connection. No inline script (the CSP forbids it).

const POLL_MS = { waiting: 2000, live: 2000, interrupted: 2000, ending: 2000 };
const CAN_PLAY = 'video/mp4; codecs="avc1.4d401f,mp4a.40.2"';

function showState(section, state) {
  section.dataset.state = state;
  section.querySelectorAll("[data-when]").forEach((node) => {
    node.hidden = node.dataset.when.split(" ").indexOf(state) === -1;
  });
}

function autoplay(player) {
  const video = player.video;
  const attempt = video.play();
  if (attempt && attempt.catch) {
    // Browsers refuse sound without a click first: start muted, the viewer turns the sound on.
    attempt.catch(() => { video.muted = true; video.play().catch(() => {}); });
  }
}

function startPlayer(div) {
  const api = window.LectureHallPlayer;
  if (!api) { return; }
  const player = div.lectureHallPlayer || api.enhance(div);
  if (player) { player.ready.then(() => { autoplay(player); }); }
}

function livePlayer(section) {
  return section.querySelector(".live__player .lh-player");
}

function createLivePlayer(section, src) {
  const holder = section.querySelector(".live__player");
  if (!src || livePlayer(section)) { return; }
  const div = document.createElement("div");
  div.className = "lh-player";
  div.dataset.mode = "live";
  div.dataset.src = src;
  Object.keys(section.dataset).forEach((key) => {
    // data-player-labels -> data-labels, data-player-beat-url -> data-beat-url, …
    if (key.indexOf("player") === 0 && key.length > 6) {
      const name = key.charAt(6).toLowerCase() + key.slice(7);
      div.dataset[name] = section.dataset[key];
    }
  });
  const video = document.createElement("video");
  video.setAttribute("playsinline", "");
  video.preload = "none";
  div.appendChild(video);
  holder.appendChild(div);
  startPlayer(div);
}

function removeLivePlayer(section) {
  const div = livePlayer(section);
  if (!div) { return; }
  if (div.lectureHallPlayer) { div.lectureHallPlayer.destroy(); }
  div.remove();
}

function showReplay(section, html) {
  const holder = section.querySelector(".live__replay");
  if (!html || holder.querySelector(".lh-player")) { return; }
  removeLivePlayer(section);
  holder.innerHTML = html;
  const div = holder.querySelector(".lh-player");
  if (div && window.LectureHallPlayer) { window.LectureHallPlayer.enhance(div); }
}

function apply(section, payload) {
  const state = payload.state;
  if (state === "live" || state === "interrupted") {
    createLivePlayer(section, payload.src);
  } else if (state === "ending") {
    removeLivePlayer(section);
  } else if (state === "replay") {
    showReplay(section, payload.replay_html);
  }
  showState(section, state);
}

function poll(section) {
  const state = section.dataset.state;
  if (state === "replay" || state === "over") { return; }
  setTimeout(() => {
    fetch(section.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((payload) => { if (payload) { apply(section, payload); } })
      .catch(() => { /* offline for a moment: the next round tries again */ })
      .then(() => { poll(section); });
  }, POLL_MS[state] || 3000);
}

function connectionTest(button) {
  const result = button.parentNode.querySelector(".live__test-result");
  button.addEventListener("click", () => {
    const canPlay = (window.MediaSource && window.MediaSource.isTypeSupported(CAN_PLAY)) ||
      document.createElement("video").canPlayType("application/vnd.apple.mpegurl");
    if (!canPlay) { result.textContent = result.dataset.unsupported; return; }
    const url = new URL(button.dataset.testUrl, document.baseURI).href + "?test=" + Date.now();
    const started = performance.now();
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then((response) => response.arrayBuffer())
      .then((body) => {
        const seconds = Math.max(0.001, (performance.now() - started) / 1000);
        const entry = performance.getEntriesByName(url).pop();
        const bytes = (entry && entry.transferSize) || body.byteLength;
        const kbps = Math.round(bytes * 8 / 1000 / seconds);
        const text = kbps >= 1500 ? result.dataset.ok : result.dataset.slow;
        result.textContent = text.replace("{kbps}", kbps.toLocaleString(document.documentElement.lang || undefined));
      })
      .catch(() => { result.textContent = result.dataset.failed; });
  });
}

document.querySelectorAll("section.live[data-state-url]").forEach((section) => {
  const div = livePlayer(section);
  if (div) { startPlayer(div); }
  section.querySelectorAll(".live__test-button").forEach(connectionTest);
  showState(section, section.dataset.state);
  poll(section);
});
