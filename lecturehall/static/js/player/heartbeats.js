// Heartbeats: what the player tells the presence endpoint about what is being watched (data-beat-url, the signed
// viewing token data-beat-token, data-beat-interval seconds). Runs off the player's events only.
//
// A token lives PRESENCE_TOKEN_MAX_AGE (12 h): beats refused because theirs expired (a page left open overnight, or
// beats a closed page left unsent) get a renewed token of the same viewing session from data-beat-renew-url (with
// the CSRF token data-beat-csrf; the server renews it for the token's own viewer only) and are sent again under it.
// Each token is renewed at most once; beats whose token cannot be renewed are dropped like any refused beat.
//
// While playing, a beat every data-beat-interval seconds; and one at once on play, pause, seek, end, a language
// switch and when the page is hidden or closed (navigator.sendBeacon then, which outlives the page). Each beat has
// the session's next sequence number. Live beats say how long the viewer was present since the last beat, with the
// quality (or audio only) and the audio language; replay beats give the range of the recording played since the
// last beat and the speed.
//
// Beats the server has not acknowledged stay in a queue kept in localStorage (at most MAX_KEPT beats, oldest dropped
// first) and are sent again with back-off; a later page sends what an earlier one left (each with its own token).
// The server stores a beat once however often it comes, and answers 4xx (except 429) only for beats it will never
// take, which are dropped.

const STORE_KEY = "lh-player-beats";
const MAX_KEPT = 200;
const MAX_PER_REQUEST = 50;
const BACKOFF_START_MS = 2000;
const BACKOFF_MAX_MS = 60000;

function readStore() {
  try { return JSON.parse(window.localStorage.getItem(STORE_KEY) || "[]"); } catch (e) { return []; }
}

function writeStore(batches) {
  try {
    let total = 0;
    const kept = [];
    for (let i = batches.length - 1; i >= 0; i--) {  // newest batches first: the oldest beats go when full
      const batch = batches[i], room = MAX_KEPT - total;
      if (room <= 0 || !batch.beats.length) { continue; }
      const beats = batch.beats.slice(-room);
      total += beats.length;
      kept.unshift({ url: batch.url, token: batch.token, beats: beats });
    }
    window.localStorage.setItem(STORE_KEY, JSON.stringify(kept));
  } catch (e) { /* storage full or refused (private mode): beats then live only in memory */ }
}

function body(token, beats) { return JSON.stringify({ token: token, sent: Date.now(), beats: beats }); }

export class Heartbeats {
  constructor(player, data) {
    this.player = player;
    this.url = data.beatUrl || "";
    this.token = data.beatToken || "";
    this.renewUrl = data.beatRenewUrl || "";
    this.csrf = data.beatCsrf || "";
    this.renewed = new Set();   // tokens already renewed (or tried): never twice
    this.every = Math.max(5, +data.beatInterval || 15) * 1000;
    this.live = player.streamMode === "live";
    this.seq = 0;
    this.queue = [];            // this page's unacknowledged beats
    this.others = [];           // what earlier pages left: [{url, token, beats}]
    this.sending = false;
    this.backoff = 0;
    this.retryTimer = null;
    this.timer = null;
    this.playingSince = null;   // live: when the current stretch of playing started (performance.now())
    this.rangeStart = null;     // replay: where the current stretch of playing started in the recording
    this.lastTime = 0;          // replay: the latest position seen while not seeking
    this.acked = 0;             // for tests: beats the server acknowledged
    if (this.url && this.token && window.fetch) { this.start(); }
  }

  start() {
    const player = this.player, video = player.video;
    this.others = readStore().filter((batch) => batch.token !== this.token);
    video.addEventListener("timeupdate", () => { if (!video.seeking) { this.lastTime = video.currentTime; } });
    // The range played before a seek ends where playback was, not where it jumped to.
    // (Not the player's own seeks while it switches to fresh URLs of the replay: player.switchSource.)
    video.addEventListener("seeking", () => { if (this.isPlaying() && !player.switching) { this.beat("seek"); } });
    player.on("play", () => { this.beat("play"); this.schedule(); });
    player.on("pause", () => { this.beat("pause"); this.stopTimer(); });
    player.on("ended", () => { this.beat("end"); this.stopTimer(); });
    player.on("seeked", () => { this.rangeStart = video.currentTime; this.lastTime = video.currentTime; });
    player.on("audiochange", () => { if (this.isPlaying()) { this.beat("lang"); } });
    player.on("qualitychange", () => { this.lastQuality = null; });
    player.on("hidden", () => { this.leave(); });
    player.on("pagehide", () => { this.leave(); });
    player.on("destroy", () => { this.stopTimer(); });
    window.addEventListener("online", () => { this.flush(); });
    if (this.others.length) { this.flush(); }
  }

  isPlaying() { const video = this.player.video; return !video.paused && !video.ended; }

  schedule() {
    this.stopTimer();
    this.timer = setInterval(() => { if (this.isPlaying()) { this.beat("beat"); } }, this.every);
  }

  stopTimer() { if (this.timer) { clearInterval(this.timer); this.timer = null; } }

  // One beat: what was played since the previous one.
  beat(event) {
    const player = this.player, video = player.video;
    const beat = { seq: ++this.seq, t: Date.now(), ev: event };
    const starting = event === "play";
    if (this.live) {
      const now = performance.now();
      beat.d = starting || this.playingSince === null ? 0 : Math.round((now - this.playingSince) / 100) / 10;
      this.playingSince = event === "pause" || event === "end" || event === "hide" && !this.isPlaying() ? null : now;
      const tracks = player.tracks;
      beat.ao = !!tracks.audioOnly;
      beat.q = tracks.audioOnly ? "audio" : this.qualityName();
      const audio = tracks.audioTracks()[tracks.currentAudio()];
      const lang = audio && (audio.lang || audio.language);
      if (lang && /^[a-z]{2,3}(-[A-Za-z0-9]{1,4})?$/.test(lang)) { beat.lang = lang; }
    } else {
      const at = event === "seek" ? this.lastTime : video.currentTime;
      const from = starting || this.rangeStart === null ? at : Math.min(this.rangeStart, at);
      beat.from = Math.round(from * 1000) / 1000;
      beat.to = Math.round(at * 1000) / 1000;
      beat.speed = video.playbackRate || 1;
      this.rangeStart = at;
    }
    this.queue.push(beat);
    if (this.queue.length > MAX_KEPT) { this.queue.splice(0, this.queue.length - MAX_KEPT); }
    this.persist();
    this.flush();
  }

  qualityName() {
    const hls = this.player.hls, level = hls && hls.levels[hls.currentLevel];
    return level && level.height ? level.height + "p" : "auto";
  }

  persist() {
    writeStore(this.others.concat(this.queue.length ? [{ url: this.url, token: this.token, beats: this.queue }] : []));
  }

  // The page is going: a last beat (if playing), and everything unsent by beacon, which the browser delivers after
  // the page is gone. The beats stay in storage until a later page hears they were stored (a repeat is harmless).
  leave() {
    if (this.isPlaying()) {
      this.beat("hide");
    }
    if (!navigator.sendBeacon) { return; }
    this.batches().forEach((batch) => {
      for (let i = 0; i < batch.beats.length; i += MAX_PER_REQUEST) {
        const blob = new Blob([body(batch.token, batch.beats.slice(i, i + MAX_PER_REQUEST))], { type: "application/json" });
        navigator.sendBeacon(batch.url, blob);
      }
    });
  }

  batches() {
    return this.others.concat(this.queue.length ? [{ url: this.url, token: this.token, beats: this.queue.slice() }] : []);
  }

  // Sends the oldest unsent batch; on success the next, on failure again after a growing delay.
  flush() {
    if (this.sending || this.retryTimer) { return; }
    const batch = this.batches()[0];
    if (!batch) { return; }
    const beats = batch.beats.slice(0, MAX_PER_REQUEST);
    this.sending = true;
    fetch(batch.url, {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", Accept: "application/json" }, body: body(batch.token, beats)
    }).then((response) => {
      if (response.ok) { return response.json().then((answer) => this.settled(batch, answer.stored || [])); }
      if (response.status === 429 || response.status >= 500) { throw new Error("retry"); }
      if (response.status === 401 && this.renewUrl && !this.renewed.has(batch.token)) {
        return response.json().catch(() => ({})).then((answer) => {
          if (answer.error === "token_expired") { return this.renew(batch.token); }
          this.refused(batch, beats, response.status);
          return null;
        });
      }
      this.refused(batch, beats, response.status);
      return null;
    }).then(() => {
      this.sending = false;
      this.backoff = 0;
      this.flush();
    }).catch(() => {
      this.sending = false;
      this.backoff = Math.min(BACKOFF_MAX_MS, this.backoff ? this.backoff * 2 : BACKOFF_START_MS);
      this.retryTimer = setTimeout(() => { this.retryTimer = null; this.flush(); }, this.backoff * (0.75 + Math.random() / 2));
    });
  }

  // Refused for good (a bad token, an expired one that cannot be renewed, a beat out of bounds): never taken.
  refused(batch, beats, status) {
    console.warn("lh-player: heartbeats refused", status);
    this.settled(batch, beats.map((beat) => beat.seq));
  }

  // A renewed token for the beats of an expired one; they are then sent again under it. Refused (too old, another
  // viewer, the lecture no longer watchable): the token is marked, and its beats are dropped when next refused.
  renew(old) {
    return fetch(this.renewUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify({ token: old })
    }).then((response) => {
      if (response.status === 429 || response.status >= 500) { throw new Error("retry"); }
      this.renewed.add(old);
      if (!response.ok) {
        console.warn("lh-player: the viewing token was not renewed", response.status);
        return null;
      }
      return response.json().then((answer) => {
        if (!answer || typeof answer.token !== "string" || !answer.token) { return; }
        if (this.token === old) { this.token = answer.token; }
        this.others = this.others.map((other) => other.token === old
          ? { url: other.url, token: answer.token, beats: other.beats } : other);
        this.persist();
      });
    });
  }

  settled(batch, seqs) {
    const done = new Set(seqs);
    const keep = (beat) => !done.has(beat.seq);
    if (batch.token === this.token) {
      const before = this.queue.length;
      this.queue = this.queue.filter(keep);
      this.acked += before - this.queue.length;
    } else {
      this.others = this.others.map((other) => other.token === batch.token
        ? { url: other.url, token: other.token, beats: other.beats.filter(keep) } : other)
        .filter((other) => other.beats.length);
    }
    this.persist();
  }
}
