// One player: reads the div's data attributes, builds its parts (tracks, thumbnails, controls, reporting),
// attaches the stream with hls.js or the browser's own HLS, and handles playback errors (refused replay URLs are
// replaced by fresh ones first: source.js, switchSource). The parts talk to the player through its methods and
// its events (player.on), never to each other's internals.
//
// Events, dispatched on the div as "lh-player:<name>" CustomEvents (bubbling; detail {player, position, …}):
//   play, pause, seeked, ended      the video element's, with the position
//   audiochange, subtitlechange, qualitychange   a track or rendition switched (detail: audio, subtitle, level)
//   pagehide, hidden                the page is going away, or hidden (tab switched, phone locked)
//   error                           playback failed for good (detail: message)
//   sourcechange                    playback went on from fresh URLs of the replay (detail: version, quick), its own
//                                   having been refused (source.js); a "pause" and a "play" frame the switch
//   destroy                         player.destroy() was called
//   ready                           tracks and levels are known (detail: the player itself, as it always was)

import { Controls, KEY_SHORTCUTS } from "./controls.js";
import { el } from "./dom.js";
import { Heartbeats } from "./heartbeats.js";
import { LiveBar } from "./live.js";
import { Reporting } from "./reporting.js";
import { SourceRefresh } from "./source.js";
import { Thumbnails } from "./thumbnails.js";
import { Tracks } from "./tracks.js";

export const DEFAULT_LABELS = {
  player: "Video player",
  play: "Play",
  pause: "Pause",
  mute: "Mute",
  unmute: "Unmute",
  fullscreen: "Full screen",
  exit_fullscreen: "Exit full screen",
  seek: "Seek",
  quality: "Quality",
  auto: "Auto",
  audio_only: "Audio only",
  audio: "Audio",
  subtitles: "Subtitles",
  off: "Off",
  speed: "Speed",
  download: "Download",
  resumed_at: "Resumed at {time}",
  start_over: "Start from the beginning",
  error: "This video could not be played.",
  unsupported: "This browser cannot play this video."
};

// data-mode: a recorded lecture ("replay", the default) or a stream still going on ("live": a live badge, "go to
// live" and the delay on demand (live.js), no resume position; the other parts read player.streamMode to differ).
export const STREAM_MODES = ["replay", "live"];

// hls.js (1.7) gives each subtitle <track> it creates the placeholder src "data:,WEBVTT", which the app's CSP
// (media-src 'self' blob:) refuses, logging a violation. Hand such tracks the same empty WebVTT file as a blob:
// URL instead, which the CSP allows. Only that exact placeholder value is touched.
const HLS_TRACK_PLACEHOLDER = "data:,WEBVTT";
let placeholderPatched = false;
function patchTrackPlaceholder() {
  if (placeholderPatched || !window.HTMLTrackElement || !window.Blob || !URL.createObjectURL) { return; }
  placeholderPatched = true;
  const proto = HTMLTrackElement.prototype;
  const src = Object.getOwnPropertyDescriptor(proto, "src");
  if (!src || !src.set || !src.configurable) { return; }
  let emptyTrack = null;
  Object.defineProperty(proto, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      if (value === HLS_TRACK_PLACEHOLDER) {
        emptyTrack = emptyTrack || URL.createObjectURL(new Blob(["WEBVTT\n"], { type: "text/vtt" }));
        value = emptyTrack;
      }
      src.set.call(this, value);
    }
  });
}

let counter = 0;

export class Player {
  constructor(root) {
    this.root = root;
    this.video = root.querySelector("video");
    this.hls = null;
    this.mode = "none"; // how the stream is played: "hls" (hls.js), "native" (the browser's own HLS) or "none"
    this.id = "lh-player-" + (++counter);
    const data = root.dataset;
    this.streamMode = STREAM_MODES.indexOf(data.mode) !== -1 ? data.mode : "replay";
    this.src = data.src || this.video.getAttribute("src") || "";
    this.labels = Object.assign({}, DEFAULT_LABELS);
    if (data.labels) {
      try { Object.assign(this.labels, JSON.parse(data.labels)); } catch (e) { console.warn("lh-player: data-labels is not JSON", e); }
    }
    this.retries = { network: 0, media: 0 };
    this.statusFrom = undefined;
    this.pendingStart = undefined;
    this.startAt = null; // a promise of where hls.js starts loading once the playlist is in (null: the stream's start)
    this.switching = false; // between switchSource and playback going on: the player's own seeks are not the viewer's
    this.ready = new Promise((resolve) => { this.resolveReady = resolve; });

    this.build(data);
    this.tracks = new Tracks(this, data);
    this.thumbnails = new Thumbnails(this, data.thumbnails);
    this.controls = new Controls(this, data);
    this.reporting = new Reporting(this, data);
    this.heartbeats = new Heartbeats(this, data);
    this.source = new SourceRefresh(this, data);
    root.appendChild(this.status);
    if (this.isLive) {
      this.liveBar = new LiveBar(this);
      root.appendChild(this.liveBar.element);
    }
    root.appendChild(this.controls.element);
    this.bind();
    this.attach();
  }

  label(key) { return this.labels[key] || DEFAULT_LABELS[key] || key; }

  get isLive() { return this.streamMode === "live"; }

  // ---------------------------------------------------------------- events

  emit(name, detail) {
    const payload = Object.assign({ player: this, position: this.video.currentTime }, detail);
    this.root.dispatchEvent(new CustomEvent("lh-player:" + name, { detail: payload, bubbles: true }));
  }

  // Calls handler(detail) on each "lh-player:<name>" of this player; returns a function that unsubscribes.
  on(name, handler) {
    const listener = (event) => { if (event.target === this.root) { handler(event.detail); } };
    this.root.addEventListener("lh-player:" + name, listener);
    return () => { this.root.removeEventListener("lh-player:" + name, listener); };
  }

  // ---------------------------------------------------------------- the element and its status line

  build(data) {
    const root = this.root, video = this.video;
    root.classList.add("lh-player--enhanced");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", this.label("player"));
    root.setAttribute("tabindex", "0");
    root.setAttribute("aria-keyshortcuts", KEY_SHORTCUTS);
    video.controls = false;
    video.removeAttribute("controls");
    video.playsInline = true;
    video.setAttribute("playsinline", "");
    if (!video.getAttribute("preload")) { video.preload = "metadata"; }
    if (data.poster) { video.poster = data.poster; }
    video.setAttribute("tabindex", "-1");

    this.status = el("div", { "class": "lh-status", role: "status", "aria-live": "polite" });
    this.statusText = el("span");
    this.startOverButton = el("button", { type: "button", "class": "lh-start-over", hidden: true, text: this.label("start_over") });
    this.status.appendChild(this.statusText);
    this.status.appendChild(this.startOverButton);
  }

  // from: a position; the message goes once playback is more than 10 s away from it (see statusMovedOn).
  setStatus(text, offerStartOver, from) {
    if (from !== undefined) { this.statusFrom = from; }
    this.statusText.textContent = text;
    this.startOverButton.hidden = !offerStartOver;
    this.status.classList.toggle("lh-status--visible", !!text);
  }

  statusMovedOn(now) {
    if (this.statusFrom !== undefined && Math.abs(now - this.statusFrom) > 10) {
      this.statusFrom = undefined;
      this.setStatus("");
    }
  }

  bind() {
    const video = this.video, root = this.root;
    this.startOverButton.addEventListener("click", () => {
      video.currentTime = 0;
      this.statusFrom = undefined;
      this.setStatus("");
      root.focus({ preventScroll: true });
    });
    ["play", "pause", "seeked", "ended"].forEach((name) => { video.addEventListener(name, () => { this.emit(name); }); });
    window.addEventListener("pagehide", () => { this.emit("pagehide"); });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") { this.emit("hidden"); }
    });
  }

  // ---------------------------------------------------------------- loading

  attach() {
    const video = this.video;
    const start = this.startAt = this.reporting.startPosition();
    if (!this.src) {
      this.fail(this.label("error"));
      return;
    }
    if (window.Hls && window.Hls.isSupported()) {
      this.mode = "hls";
      patchTrackPlaceholder();
      const Hls = window.Hls;
      const config = this.tracks.hlsPreferences({
        autoStartLoad: false,
        renderTextTracksNatively: true,
        capLevelToPlayerSize: true,
        enableWorker: true
      });
      const hls = this.hls = new Hls(config);
      this.tracks.attachHls(hls, Hls);
      // Also when switchSource loads the playlist again: it sets startAt to where playback was.
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        const startAt = this.startAt;
        startAt.then((position) => {
          if (!this.hls || startAt !== this.startAt) { return; }
          this.pendingStart = position;
          hls.startLoad(position === null ? -1 : position);
        });
      });
      hls.on(Hls.Events.ERROR, (event, data) => { this.onHlsError(data); });
      hls.loadSource(new URL(this.src, document.baseURI).href);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      this.mode = "native";
      this.tracks.attachNative(video);
      // Whether it was playing when the element failed: a failing element pauses itself just before its error
      // (Chromium), so a pause less than a second before the error counts as playing.
      this.nativePlaying = false;
      this.nativePausedAt = null;
      this.nativeResume = false;
      video.addEventListener("play", () => { this.nativePlaying = true; this.nativePausedAt = null; });
      video.addEventListener("pause", () => { this.nativePlaying = false; this.nativePausedAt = performance.now(); });
      video.addEventListener("ended", () => { this.nativePlaying = false; this.nativePausedAt = null; });
      video.addEventListener("error", () => {
        this.nativeResume = this.nativePlaying ||
          (this.nativePausedAt !== null && performance.now() - this.nativePausedAt < 1000);
        if (!this.source.handleNative()) { this.fail(this.label("error")); }
      });
      start.then((position) => { this.pendingStart = position; video.src = this.src; });
    } else {
      this.fail(this.label("unsupported"));
      return;
    }
    video.addEventListener("loadedmetadata", () => {
      this.reporting.applyStart(this.pendingStart);
      this.tracks.refreshAudio();
      this.tracks.refreshSubtitles();
      this.resolveReady(this);
      this.root.dispatchEvent(new CustomEvent("lh-player:ready", { detail: this, bubbles: true }));
    }, { once: true });
  }

  onHlsError(data) {
    if (this.source.handle(data)) { return; }
    if (data && data.fatal) { this.onHlsFatal(data); }
  }

  onHlsFatal(data) {
    const Hls = window.Hls;
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR && this.retries.network++ < 3) {
      this.hls.startLoad();
      return;
    }
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && this.retries.media++ < 2) {
      this.hls.recoverMediaError();
      return;
    }
    console.warn("lh-player: fatal playback error", data.type, data.details);
    this.fail(this.label("error"));
  }

  // Goes on from fresh URLs of the same replay ({src, poster, thumbnails, version}; source.js, when the old ones
  // were refused) on the same hls.js instance: at the same position, playing or paused as before, at the same speed,
  // with the viewer's audio language, subtitles and quality wherever the new playlist still has them. Playing is
  // paused for the switch and resumed after it, so heartbeats and the resume position see a pause and a play: the
  // new playlist is loaded once the "pause" event is out (loading it resets the element, which drops queued events).
  switchSource(source) {
    const video = this.video, hls = this.hls;
    const position = video.currentTime, playing = !video.paused && !video.ended, rate = video.playbackRate;
    // Refused before the first frame: hls.js starts again where it was to start (the resume position).
    const started = video.readyState > 0;
    this.adoptSource(source);
    this.tracks.keepChoices();
    const startAt = this.startAt = started ? Promise.resolve(position) : this.startAt.then((at) => at);
    const resume = () => { this.resumeAfterSwitch(source, rate, playing); };
    video.addEventListener("loadedmetadata", () => {
      if (startAt !== this.startAt) { return; }
      // Back at the position before playing again: a seek while playing would be a "seek" beat (heartbeats.js).
      if (started && Math.abs(video.currentTime - position) > 0.5) {
        video.addEventListener("seeked", resume, { once: true });
        video.currentTime = position;
      } else {
        resume();
      }
    }, { once: true });
    const load = () => { if (this.hls === hls) { hls.loadSource(new URL(source.src, document.baseURI).href); } };
    if (playing) {
      video.addEventListener("pause", load, { once: true });
      video.pause();
    } else {
      load();
    }
  }

  // As switchSource, for the browser's own HLS: the element is given the new playlist and put back where it was,
  // playing again if it was playing when it failed (without a pause event of its own, one is sent for heartbeats and
  // the resume position).
  switchNativeSource(source) {
    const video = this.video;
    const position = video.currentTime || 0, rate = video.playbackRate, playing = this.nativeResume;
    this.adoptSource(source);
    if (this.nativePlaying) { this.emit("pause"); }
    video.addEventListener("loadedmetadata", () => {
      if (position) { video.currentTime = position; }
      this.resumeAfterSwitch(source, rate, playing);
    }, { once: true });
    video.src = source.src;
  }

  // The new source's URLs, for the stream, the poster (also the audio-only panel's) and the thumbnails; seeks are
  // the player's own until playback goes on (resumeAfterSwitch).
  adoptSource(source) {
    const video = this.video;
    this.src = source.src;
    if (source.poster) { video.poster = source.poster; } else { video.removeAttribute("poster"); }
    this.tracks.setPoster(source.poster || "");
    this.thumbnails.setUrl(source.thumbnails || "");
    this.switching = true;
  }

  resumeAfterSwitch(source, rate, playing) {
    const video = this.video;
    if (video.playbackRate !== rate) { video.playbackRate = rate; }
    if (playing) {
      // the stream may still nudge the position to the new playlist's first fragment as playback starts
      video.addEventListener("playing", () => { this.switching = false; }, { once: true });
      this.play();
    } else {
      this.switching = false;
    }
    this.emit("sourcechange", { version: source.version, quick: !!source.quick });
  }

  fail(message) {
    this.root.classList.add("lh-player--failed");
    if (this.hls) { this.hls.destroy(); this.hls = null; }
    this.setStatus(message);
    this.resolveReady(this);
    this.emit("error", { message: message });
  }

  destroy() {
    if (this.liveBar) { clearInterval(this.liveBar.timer); }
    this.emit("destroy");
    if (this.hls) { this.hls.destroy(); this.hls = null; }
  }

  // ---------------------------------------------------------------- playback

  duration() {
    const video = this.video, d = video.duration;
    if (isFinite(d)) { return d; }
    if (video.seekable && video.seekable.length) { return video.seekable.end(video.seekable.length - 1); }
    return 0;
  }

  play() {
    const promise = this.video.play();
    if (promise && promise.catch) { promise.catch(() => { /* blocked autoplay: the button stays "Play" */ }); }
    return promise;
  }

  pause() { this.video.pause(); }

  togglePlay() {
    if (this.video.paused || this.video.ended) { this.play(); } else { this.pause(); }
  }

  seekBy(seconds) {
    const video = this.video, duration = this.duration();
    let target = Math.max(0, video.currentTime + seconds);
    if (duration) { target = Math.min(duration, target); }
    video.currentTime = target;
  }

  toggleMute() { this.video.muted = !this.video.muted; }

  // The choices, as the page's own code and the tests have always called them.
  setQuality(index) { return this.tracks.setQuality(index); }
  setAudioOnly(on, keepLevel) { return this.tracks.setAudioOnly(on, keepLevel); }
  setAudio(lang) { return this.tracks.setAudio(lang); }
  setSubtitle(lang) { return this.tracks.setSubtitle(lang); }
  toggleSubtitles() { this.tracks.toggleSubtitles(); }
  setSpeed(rate) { return this.controls.setSpeed(rate); }
  toggleFullscreen() { this.controls.toggleFullscreen(); }
}
