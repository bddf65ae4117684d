// Where to start: the resume position (data-resume-url), read once at start. Without heartbeats (heartbeats.js:
// sequence numbers, a beacon on pagehide, a queue retried with back-off, from which the server keeps the resume
// position) the position is also saved here while the viewer watches. Everything runs off the player's events.
//
// The resume protocol: GET data-resume-url -> {"position": seconds}; PUT (or data-resume-method POST)
// {"position": seconds} to it, with data-csrf as the X-CSRFToken header.

import { formatTime } from "./dom.js";

const SAVE_EVERY_MS = 10000;
const RESUME_TIMEOUT_MS = 3000;
const RESUME_MIN = 3; // a saved position before this many seconds starts from the beginning…
function resumeEndZone(duration) { return Math.min(10, duration * 0.1); } // …and so does one this close to the end

export class Reporting {
  constructor(player, data) {
    this.player = player;
    this.resumeUrl = data.resumeUrl || "";
    this.resumeMethod = (data.resumeMethod || "PUT").toUpperCase();
    this.csrf = data.csrf || "";
    this.start = data.start !== undefined && data.start !== "" && isFinite(+data.start) ? Math.max(0, +data.start) : null;
    this.resumedFrom = null;
    this.hasPlayed = false;
    this.lastSaved = null;
    this.saveTimer = null;
    // With heartbeats (heartbeats.js) the server keeps the resume position from them: only read it here.
    this.fedByBeats = !!(data.beatUrl && data.beatToken);
    if (this.resumeUrl && !this.fedByBeats) { this.subscribe(); }
  }

  // Remember the position: every ~10 s while playing, on pause and at the end, and when the page goes away.
  subscribe() {
    const player = this.player, video = player.video;
    player.on("play", () => { this.hasPlayed = true; });
    player.on("pause", () => { this.savePosition(); });
    player.on("ended", () => { this.savePosition(); });
    player.on("pagehide", () => { this.savePosition(true); });
    player.on("hidden", () => { this.savePosition(true); });
    player.on("destroy", () => { if (this.saveTimer) { clearInterval(this.saveTimer); this.saveTimer = null; } });
    this.saveTimer = setInterval(() => { if (!video.paused && !video.seeking) { this.savePosition(); } }, SAVE_EVERY_MS);
  }

  // The start position: data-start if given, else the saved position (unless it is too near the beginning).
  // Resolves to seconds, or null to start wherever the stream starts.
  startPosition() {
    if (this.start !== null) { return Promise.resolve(this.start); }
    if (!this.resumeUrl || !window.fetch) { return Promise.resolve(null); }
    const controller = window.AbortController ? new AbortController() : null;
    const timer = setTimeout(() => { if (controller) { controller.abort(); } }, RESUME_TIMEOUT_MS);
    return fetch(this.resumeUrl, {
      credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined
    }).then((response) => (response.ok ? response.json() : null)).then((body) => {
      const position = body && +body.position;
      if (!position || !isFinite(position) || position < RESUME_MIN) { return null; }
      this.resumedFrom = position;
      return position;
    }).catch(() => null).then((position) => {
      clearTimeout(timer);
      return position;
    });
  }

  // Once the duration is known: go to the start position, or to the beginning if the saved one is at the end.
  applyStart(position) {
    const player = this.player, video = player.video, duration = player.duration();
    if (position === null || position === undefined) { return; }
    if (this.resumedFrom && duration && position > duration - resumeEndZone(duration)) {
      // Watched to the end last time: start again from the beginning.
      this.resumedFrom = null;
      video.currentTime = 0;
      return;
    }
    if (Math.abs(video.currentTime - position) > 0.5) { video.currentTime = position; }
    if (this.resumedFrom) {
      // The message goes once playback has moved on from there.
      player.setStatus(player.label("resumed_at").replace("{time}", formatTime(position)), true, position);
    }
  }

  // leaving: the page is going away, so the position is sent even if it is the one sent last.
  savePosition(leaving) {
    if (!this.resumeUrl || !this.hasPlayed || !window.fetch) { return; }
    const position = Math.floor(this.player.video.currentTime || 0);
    if (!isFinite(position) || (position === this.lastSaved && !leaving)) { return; }
    this.lastSaved = position;
    const headers = { "Content-Type": "application/json" };
    if (this.csrf) { headers["X-CSRFToken"] = this.csrf; }
    fetch(this.resumeUrl, {
      method: this.resumeMethod === "POST" ? "POST" : "PUT",
      credentials: "same-origin",
      keepalive: true,
      headers: headers,
      body: JSON.stringify({ position: position })
    }).catch(() => { /* offline: the next save will try again */ });
  }
}
